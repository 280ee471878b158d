"""`import octet as tf` then `tf.lite.Interpreter(...)`, as `import tflite_runtime.interpreter as
tflite` then `tflite.Interpreter(...)` works with `import octet as tflite`: scripts written against
TFLite run with only their import line changed."""

from ._interpreter import Interpreter

__all__ = ["Interpreter"]
