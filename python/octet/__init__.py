"""octet: a compiler and runtime for integer-only neural-network inference, from Python.

    import octet
    model = octet.Model("model.tflite")              # read and compile once
    probs, = model.run(image)                        # numpy in, numpy out
    interpreter = octet.Interpreter(model_path=...)  # tf.lite.Interpreter's interface
    int8 = octet.quantize("float.tflite", "calib/")  # full-integer .tflite bytes, proven
    report = octet.compare("float.tflite", int8, "test/")   # SQNR per layer
    octet.inspect("model.tflite")                    # `octet inspect --json` as a dict

The same library as the `octet` command line: same kernels (bit-exact with TFLite's reference
kernels), same messages (raised as octet.Error subclasses). See docs/PYTHON.md.
"""

import json as _json
import os as _os

from ._errors import (DataError, Error, InputError, InvokeError, ModelError, NotIntegerError,
                      QuantizeError, StateError)
from . import _octet
from ._model import Model, TensorSpec
from ._interpreter import Interpreter
from ._quantize import quantize
from ._compare import CompareReport, compare
from . import lite

__all__ = [
    "Model", "TensorSpec", "Interpreter", "quantize", "compare", "CompareReport", "inspect",
    "example", "lite", "Error", "ModelError", "InputError", "DataError", "StateError",
    "InvokeError", "QuantizeError", "NotIntegerError",
]


def inspect(model):
    """The model report of `octet inspect --json` as a dict: inputs, outputs, one entry per op
    (op, attributes, MACs, integer/boundary/float arithmetic and why, tensors), totals (ops,
    parameters, MACs, arena bytes) and integer-only counts. `model`: a path, bytes or an
    octet.Model. Models with ops octet cannot run are reported too (those ops as they are named
    in the file)."""
    return _json.loads(_octet._Graph(model, allow_unsupported_ops=True).inspect_json())


def example(directory, calibration_samples=32, test_samples=16):
    """Writes the float model octet makes itself (`octet example`): color_net.tflite (which color
    dominates a 32x32 image), calib/ and test/ .npy samples and test_labels.txt. Returns the path
    of the model."""
    directory = _os.fspath(directory)
    _octet._example(directory, int(calibration_samples), int(test_samples))
    return _os.path.join(directory, "color_net.tflite")
