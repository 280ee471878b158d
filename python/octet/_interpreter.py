"""octet.Interpreter: the part of tf.lite.Interpreter that scripts use, with the same method
names, arguments and detail dicts, running on octet's kernels (bit-exact with TFLite's reference
kernels). What differs, and why, is in docs/PYTHON.md."""

import numpy as np

from ._errors import InputError, StateError
from ._model import Model


class Interpreter:
    """tf.lite.Interpreter(model_path=..., model_content=..., num_threads=...).

    The model is read and compiled here (a malformed file raises octet.ModelError, a ValueError
    as in TFLite); allocate_tensors() must still be called before set_tensor, invoke and
    get_tensor, as with TFLite. experimental_preserve_all_tensors=True keeps every intermediate
    tensor readable with get_tensor. Delegates are refused; the op resolver type is ignored
    (octet has one set of kernels per ISA).
    """

    def __init__(self, model_path=None, model_content=None, experimental_delegates=None,
                 num_threads=None, experimental_op_resolver_type=None,
                 experimental_preserve_all_tensors=False,
                 experimental_disable_delegate_clustering=False,
                 experimental_default_delegate_latest_features=False):
        if model_path is not None and model_content is not None:
            raise InputError("Can't both provide `model_path` and `model_content`")
        if model_path is None and model_content is None:
            raise InputError("`model_path` or `model_content` must be specified.")
        if experimental_delegates:
            raise InputError("octet does not load TFLite delegates (its own kernels are chosen for "
                             "this CPU: isa in octet.Model)")
        if num_threads is None or num_threads == -1:
            num_threads = 1
        if not isinstance(num_threads, int) or num_threads < 1:
            raise InputError("num_threads must be an int of 1 or more (or -1: default), not "
                             "{!r}".format(num_threads))
        self._model = Model(model_path if model_path is not None else model_content,
                            threads=num_threads,
                            preserve_intermediates=bool(experimental_preserve_all_tensors))
        self._tensors = self._model._tensors()
        self._inputs = self._model._input_indices()
        self._outputs = self._model._output_indices()
        self._allocated = False

    def allocate_tensors(self):
        """Marks the interpreter ready (octet planned its memory when it compiled the model)."""
        self._allocated = True

    def _details(self, index):
        t = self._tensors[index]
        scales = np.array(t["scales"], dtype=np.float32)
        zero_points = np.array(t["zero_points"], dtype=np.int32)
        # TFLite's deprecated 'quantization' holds per-tensor parameters only: (0.0, 0) otherwise.
        if len(scales) == 1 and len(zero_points) == 1:
            quantization = (float(scales[0]), int(zero_points[0]))
        else:
            quantization = (0.0, 0)
        shape = np.array(t["shape"], dtype=np.int32)
        return {
            "name": t["name"],
            "index": index,
            "shape": shape,
            "shape_signature": shape.copy(),
            "dtype": np.dtype(t["dtype"]).type,
            "quantization": quantization,
            "quantization_parameters": {
                "scales": scales,
                "zero_points": zero_points,
                "quantized_dimension": int(t["quantized_dimension"]),
            },
            "sparsity_parameters": {},
        }

    def get_input_details(self):
        """One dict per model input: name, index, shape, shape_signature, dtype (a numpy type),
        quantization ((scale, zero_point)), quantization_parameters (scales, zero_points,
        quantized_dimension), sparsity_parameters."""
        return [self._details(i) for i in self._inputs]

    def get_output_details(self):
        """One dict per model output, as get_input_details."""
        return [self._details(i) for i in self._outputs]

    def get_tensor_details(self):
        """One dict per tensor of the model, as get_input_details."""
        return [self._details(i) for i in range(len(self._tensors))]

    def _check_allocated(self, what):
        if not self._allocated:
            raise StateError("{} before allocate_tensors(): call allocate_tensors() first".format(
                what))

    def _input_position(self, tensor_index, what):
        try:
            return self._inputs.index(int(tensor_index))
        except ValueError:
            raise InputError("{}: tensor {} is not a model input (inputs: {})".format(
                what, tensor_index, ", ".join(str(i) for i in self._inputs))) from None

    def set_tensor(self, tensor_index, value):
        """Copies `value` into input `tensor_index` (its 'index' in get_input_details). The dtype
        must be the input's, the shape too (leading 1s aside)."""
        what = "set_tensor({})".format(tensor_index)
        self._check_allocated(what)
        self._model._set_input(self._input_position(tensor_index, what), value, True)

    def invoke(self):
        """Runs the model on the inputs set, with the GIL released."""
        self._check_allocated("invoke()")
        self._model._invoke()

    def reset_all_variables(self):
        """Resets the variable (state) tensors to zero (an int8 one to its zero point)."""
        self._model._reset_variables()

    def get_tensor(self, tensor_index, subgraph_index=0):
        """A copy of tensor `tensor_index`: an output after invoke(), an input as set, a
        constant, or, with experimental_preserve_all_tensors=True, any intermediate tensor."""
        if subgraph_index != 0:
            raise InputError("subgraph {}: octet runs subgraph 0 only".format(subgraph_index))
        self._check_allocated("get_tensor({})".format(tensor_index))
        return self._model._get_tensor(int(tensor_index))

    def resize_tensor_input(self, input_index, tensor_size, strict=False):
        """Accepts the shape the input already has. octet compiles a model for the shapes in its
        file (memory plan, packed weights), so any other shape is an InputError."""
        what = "resize_tensor_input({})".format(input_index)
        position = self._input_position(input_index, what)
        current = list(self._tensors[self._inputs[position]]["shape"])
        wanted = [int(d) for d in np.asarray(tensor_size).reshape(-1)]
        if wanted != current:
            raise InputError(
                "{}: input {} {!r} has shape {}; octet compiles a model for the shapes in its "
                "file and cannot change it to {}".format(
                    what, position, self._tensors[self._inputs[position]]["name"],
                    _shape_text(current), _shape_text(wanted)))


def _shape_text(dims):
    return "[" + ",".join(str(d) for d in dims) + "]"
