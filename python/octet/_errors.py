"""octet's exceptions. Each carries the one-line message the octet command line prints after
"octet: error:" for the same mistake; the classes also derive from the builtin exception
tf.lite.Interpreter raises in the same situation (ValueError, RuntimeError), so scripts written
against TFLite keep catching them."""


class Error(Exception):
    """Base class of every error octet raises."""


class ModelError(Error, ValueError):
    """A model that cannot be read or compiled: missing or malformed file, unsupported op."""


class InputError(Error, ValueError):
    """Arrays or arguments that do not fit: dtype, shape, count or names of inputs, options."""


class DataError(Error, ValueError):
    """Calibration or comparison data that cannot be read or does not fit the model."""


class StateError(Error, RuntimeError):
    """A call in the wrong state: invoke() before allocate_tensors(), reading an output before
    any invoke, reading an intermediate tensor whose memory octet reuses."""


class InvokeError(Error, RuntimeError):
    """An inference that failed on its data (an out-of-range gather index, say), naming the op."""


class QuantizeError(Error):
    """Quantization failed (besides NotIntegerError): e.g. the model is already integer-only."""


class NotIntegerError(QuantizeError):
    """Some ops cannot run in integer arithmetic and were not allowed to stay float.

    `ops` lists every one of them as a dict: {"node": index in the prepared float graph,
    "label": "#12 EXP (outputs 'exp')", "reason": "octet has no integer form of EXP"}.
    """

    def __init__(self, message, ops=()):
        super().__init__(message)
        self.ops = list(ops)
