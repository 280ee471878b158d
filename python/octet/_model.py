"""octet.Model: a .tflite model read and compiled once, run on numpy arrays."""

from collections.abc import Mapping
from typing import NamedTuple, Optional, Tuple

import numpy as np

from . import _octet
from ._errors import InputError


class TensorSpec(NamedTuple):
    """A model input or output. scale and zero_point are None for tensors that are not quantized
    (and the first channel's for per-channel ones, which model inputs and outputs never are)."""
    index: int  # tensor index in the file (what tf.lite.Interpreter calls 'index')
    name: str
    dtype: np.dtype
    shape: Tuple[int, ...]
    scale: Optional[float]
    zero_point: Optional[int]


def _spec(t):
    scale = zero_point = None
    if t["scales"]:
        scale = float(t["scales"][0])
        zero_point = int(t["zero_points"][0]) if t["zero_points"] else 0
    return TensorSpec(t["index"], t["name"], np.dtype(t["dtype"]), tuple(t["shape"]), scale,
                      zero_point)


class Model(_octet._Model):
    """A .tflite model read and compiled once (kernels chosen for this CPU, weights packed, memory
    planned), then run any number of times.

    model: a path, the file's bytes, or another octet.Model.
    isa: None (the OCTET_ISA environment variable, else the best this CPU has), "reference",
        "avx2" or "avx512vnni".
    threads: threads for conv, depthwise and dense ops (0: one per core).
    preserve_intermediates: keep every tensor after run() so that tensor(name) can read it
        (costs arena memory).

    run() releases the GIL while the model runs: separate models run in parallel from separate
    threads; calls on one model from several threads take turns. A Model pickles as its file
    bytes and options, so multiprocessing pools can take it.
    """

    def __init__(self, model, isa=None, threads=1, preserve_intermediates=False):
        super().__init__(model, isa, int(threads), bool(preserve_intermediates))
        tensors = self._tensors()
        self._names = {}
        for t in tensors:
            self._names.setdefault(t["name"], t["index"])
        self.inputs = [_spec(tensors[i]) for i in self._input_indices()]
        """The model inputs, in order, as TensorSpec (name, dtype, shape, scale, zero point)."""
        self.outputs = [_spec(tensors[i]) for i in self._output_indices()]
        """The model outputs, in order, as TensorSpec."""
        self._repr = None

    def _arrays(self, inputs, what):
        if len(inputs) == 1 and isinstance(inputs[0], Mapping):
            given = dict(inputs[0])
            names = [spec.name for spec in self.inputs]
            unknown = [k for k in given if k not in names]
            if unknown:
                raise InputError("{}: {!r} is not an input name (inputs: {})".format(
                    what, unknown[0], ", ".join(repr(n) for n in names)))
            missing = [(i, n) for i, n in enumerate(names) if n not in given]
            if missing:
                raise InputError("{}: no array for input {} {!r}".format(what, *missing[0]))
            return [given[n] for n in names]
        return list(inputs)

    def run(self, *inputs, dequantize=False):
        """Runs the model once and returns its outputs as a list of numpy arrays.

        inputs: one array per model input, in order, or one dict {input name: array}. The dtype
        must be the input's, except that float data for a quantized input is quantized with its
        scale and zero point (as `octet run` does with a float .npy); float64 counts as float32.
        The shape must be the input's, leading 1s aside. Lists, non-contiguous, read-only and
        byte-swapped arrays are fine (copied as needed).
        dequantize: return quantized outputs as float32 real values.
        """
        return self._run(self._arrays(inputs, "run()"), bool(dequantize))

    def reset_variables(self):
        """Starts a new sequence: the variable (state) tensors of LSTM and SVDF ops back to zero
        (an int8 one to its zero point), as they are after loading. run() carries the state over
        from one call to the next, as TFLite does."""
        self._reset_variables()

    def __call__(self, *inputs, dequantize=False):
        return self.run(*inputs, dequantize=dequantize)

    def tensor(self, name):
        """A copy of a tensor by name (or file index): a constant, an input of the last run, an
        output, or, for a model made with preserve_intermediates=True, any intermediate tensor of
        the last run."""
        if isinstance(name, (int, np.integer)):
            return self._get_tensor(int(name))
        if name not in self._names:
            raise InputError("no tensor named {!r}".format(name))
        return self._get_tensor(self._names[name])

    def profile(self, *inputs, runs=10):
        """Per-op wall time averaged over `runs` runs, in run order: a list of dicts
        {index, op, name (output tensor), kernel, ms, macs}, as `octet bench --profile`. Runs on
        the given inputs (as run() takes them), else on deterministic random data."""
        arrays = self._arrays(inputs, "profile()") if inputs else None
        if arrays is not None:
            if len(arrays) != len(self.inputs):
                raise InputError("the model has {} inputs, {} given".format(
                    len(self.inputs), len(arrays)))
            for i, a in enumerate(arrays):
                self._set_input(i, a, False)
        return self._profile(int(runs), arrays is None)

    @property
    def origin(self):
        """The path the model was read from, or '<bytes>'."""
        return self._origin

    def __repr__(self):
        if self._repr is None:
            self._repr = "octet.Model({!r}, isa={!r}, threads={}, arena_bytes={})\n{}".format(
                self._origin, self.isa, self.threads, self.arena_bytes, self._summary())
        return self._repr

    def __reduce__(self):
        # By value: the file's bytes and the options; the receiving process compiles again.
        return (Model, (self._bytes(), self._requested_isa, self._requested_threads,
                        self.preserve_intermediates))
