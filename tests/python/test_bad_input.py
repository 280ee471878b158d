"""Bad input, as for the command line: every mistake is an octet.Error subclass (also the builtin
class tf.lite.Interpreter raises) with a one-line message naming what and where, never a crash;
arrays that are only awkward (lists, non-contiguous, read-only, byte-swapped) give the right
answer."""

import numpy as np
import pytest

import octet
from conftest import cli_error


@pytest.fixture(scope="module")
def int8_model(shared):
    return octet.Model(shared / "models" / "tiny_vww_96_int8.tflite")


@pytest.fixture(scope="module")
def float_model(shared):
    return octet.Model(shared / "models" / "tflm_hello_world_float.tflite")


def first_op_output(model):
    """The file index of the first op's output: an intermediate tensor."""
    return octet.inspect(model)["ops"][0]["outputs"][0]["id"]


def x_int8(seed=0):
    return np.random.default_rng(seed).integers(-128, 128, (1, 96, 96, 3), dtype=np.int8)


# (name, call, exception class, builtin base class, words the message must hold)
MODEL_CASES = [
    ("missing file", lambda s, m: octet.Model(s / "models" / "no_such.tflite"),
     octet.ModelError, ValueError, "cannot open"),
    ("not a model", lambda s, m: octet.Model(b"definitely not a flatbuffer"),
     octet.ModelError, ValueError, "<bytes>"),
    ("truncated model", lambda s, m: octet.Model(m._bytes()[:5000]),
     octet.ModelError, ValueError, "<bytes>"),
    ("empty bytes", lambda s, m: octet.Model(b""), octet.ModelError, ValueError, "<bytes>"),
    ("model of a wrong type", lambda s, m: octet.Model(42), octet.InputError, ValueError,
     "a model is a path, bytes or an octet.Model, not int"),
    ("unknown isa", lambda s, m: octet.Model(m, isa="sse9"), octet.InputError, ValueError,
     "isa 'sse9': not one of reference, avx2, avx512vnni"),
    ("negative threads", lambda s, m: octet.Model(m, threads=-2), octet.InputError, ValueError,
     "threads must be 1 or more"),
    ("garbage for inspect", lambda s, m: octet.inspect(b"\x00" * 64), octet.ModelError,
     ValueError, "<bytes>"),
]

RUN_CASES = [
    ("no inputs", lambda m: m.run(), octet.InputError, "the model has 1 input, 0 given"),
    ("two inputs", lambda m: m.run(x_int8(), x_int8()), octet.InputError,
     "the model has 1 input, 2 given"),
    ("wrong dtype", lambda m: m.run(x_int8().astype(np.int16)), octet.InputError,
     "run() input 0: the array holds int16, but input 0 'input_1_int8' is int8"),
    ("wrong shape", lambda m: m.run(x_int8()[:, :95]), octet.InputError,
     "run() input 0: array shape [1,95,96,3] does not match input 0 'input_1_int8' shape "
     "[1,96,96,3]"),
    ("batch of two", lambda m: m.run(np.concatenate([x_int8(), x_int8()])), octet.InputError,
     "array shape [2,96,96,3] does not match"),
    ("NaN to quantize", lambda m: m.run(np.full((1, 96, 96, 3), np.nan, np.float32)),
     octet.InputError, "run() input 0: element 0 is nan"),
    ("object array", lambda m: m.run(np.array([object()] * 3)), octet.InputError,
     "run() input 0: object arrays are not tensor data"),
    ("strings", lambda m: m.run(np.array(["a", "b"])), octet.InputError,
     "are not tensor data"),
    ("complex", lambda m: m.run(np.zeros((1, 96, 96, 3), np.complex64)), octet.InputError,
     "complex64 arrays are not tensor data"),
    ("uint16", lambda m: m.run(np.zeros((1, 96, 96, 3), np.uint16)), octet.InputError,
     "uint16 arrays are not tensor data"),
    ("ragged list", lambda m: m.run([[1, 2], [3]]), octet.InputError, "run() input 0: not an array"),
    ("unknown input name", lambda m: m.run({"images": x_int8()}), octet.InputError,
     "run(): 'images' is not an input name (inputs: 'input_1_int8')"),
    ("missing input name", lambda m: m.run({}), octet.InputError,
     "run(): no array for input 0 'input_1_int8'"),
    ("unknown tensor", lambda m: m.tensor("nope"), octet.InputError, "no tensor named 'nope'"),
    ("tensor index", lambda m: m.tensor(10 ** 6), octet.InputError,
     "tensor index 1000000 out of range"),
    ("intermediate not kept", lambda m: m.tensor(first_op_output(m)), octet.StateError,
     "preserve_intermediates=True"),
    ("profile runs", lambda m: m.profile(runs=0), octet.InputError, "runs must be 1 or more"),
]


@pytest.mark.parametrize("name,call,cls,base,words", MODEL_CASES, ids=[c[0] for c in MODEL_CASES])
def test_bad_models_and_options(shared, int8_model, name, call, cls, base, words):
    with pytest.raises(cls) as e:
        call(shared, int8_model)
    assert isinstance(e.value, octet.Error) and isinstance(e.value, base)
    assert words in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("name,call,cls,words", RUN_CASES, ids=[c[0] for c in RUN_CASES])
def test_bad_run_arguments(int8_model, name, call, cls, words):
    with pytest.raises(cls) as e:
        call(int8_model)
    assert isinstance(e.value, octet.Error)
    assert words in str(e.value) and "\n" not in str(e.value), str(e.value)
    # The model still works afterwards.
    assert int8_model.run(x_int8())[0].shape == (1, 2)


def test_malformed_model_message_is_the_command_lines(shared, tmp_path):
    bad = tmp_path / "bad.tflite"
    bad.write_bytes((shared / "models" / "tiny_vww_96_int8.tflite").read_bytes()[:3000])
    with pytest.raises(octet.ModelError) as e:
        octet.Model(str(bad))
    assert str(e.value) == cli_error("run", bad)


def interpreter(shared, **kwargs):
    return octet.Interpreter(model_path=str(shared / "models" / "tiny_vww_96_int8.tflite"),
                             **kwargs)


INTERPRETER_CASES = [
    ("invoke before allocate_tensors", lambda i: i.invoke(), False, octet.StateError, RuntimeError,
     "invoke() before allocate_tensors()"),
    ("set_tensor before allocate_tensors", lambda i: i.set_tensor(0, x_int8()), False,
     octet.StateError, RuntimeError, "set_tensor(0) before allocate_tensors()"),
    ("get_tensor before allocate_tensors", lambda i: i.get_tensor(0), False, octet.StateError,
     RuntimeError, "get_tensor(0) before allocate_tensors()"),
    ("output before invoke", lambda i: i.get_tensor(i.get_output_details()[0]["index"]), True,
     octet.StateError, RuntimeError, "no invoke() has run yet"),
    ("float for an int8 input", lambda i: i.set_tensor(0, x_int8().astype(np.float32)), True,
     octet.InputError, ValueError,
     "set_tensor(0): the array holds float32, but input 0 'input_1_int8' is int8"),
    ("uint8 for an int8 input", lambda i: i.set_tensor(0, x_int8().view(np.uint8)), True,
     octet.InputError, ValueError, "the array holds uint8, but input 0 'input_1_int8' is int8"),
    ("wrong shape", lambda i: i.set_tensor(0, x_int8()[0, :48]), True, octet.InputError,
     ValueError, "array shape [48,96,3] does not match"),
    ("not an input", lambda i: i.set_tensor(5, x_int8()), True, octet.InputError, ValueError,
     "set_tensor(5): tensor 5 is not a model input (inputs: 0)"),
    ("tensor out of range", lambda i: i.get_tensor(-1), True, octet.InputError, ValueError,
     "tensor index -1 out of range"),
    ("intermediate not kept", lambda i: i.get_tensor(first_op_output(i._model)), True,
     octet.StateError, RuntimeError, "experimental_preserve_all_tensors=True"),
    ("other subgraph", lambda i: i.get_tensor(0, subgraph_index=1), True, octet.InputError,
     ValueError, "octet runs subgraph 0 only"),
    ("resize", lambda i: i.resize_tensor_input(0, [4, 96, 96, 3]), True, octet.InputError,
     ValueError, "cannot change it to [4,96,96,3]"),
]


@pytest.mark.parametrize("name,call,allocate,cls,base,words", INTERPRETER_CASES,
                         ids=[c[0] for c in INTERPRETER_CASES])
def test_bad_interpreter_calls(shared, name, call, allocate, cls, base, words):
    i = interpreter(shared)
    if allocate:
        i.allocate_tensors()
    with pytest.raises(cls) as e:
        call(i)
    assert isinstance(e.value, octet.Error) and isinstance(e.value, base)
    assert words in str(e.value) and "\n" not in str(e.value), str(e.value)


def test_bad_interpreter_construction(shared):
    path = str(shared / "models" / "tiny_vww_96_int8.tflite")
    for kwargs, words in [({"model_path": path, "model_content": b"x"}, "Can't both provide"),
                          ({}, "must be specified"),
                          ({"model_path": path, "experimental_delegates": [object()]},
                           "does not load TFLite delegates"),
                          ({"model_path": path, "num_threads": 0}, "num_threads must be"),
                          ({"model_content": b"garbage"}, "<bytes>")]:
        with pytest.raises(ValueError) as e:
            octet.Interpreter(**kwargs)
        assert isinstance(e.value, octet.Error) and words in str(e.value), (kwargs, str(e.value))


def test_same_shape_resize_is_accepted(shared):
    i = interpreter(shared)
    i.resize_tensor_input(0, [1, 96, 96, 3])
    i.allocate_tensors()
    i.set_tensor(0, x_int8())
    i.invoke()
    assert i.get_tensor(i.get_output_details()[0]["index"]).shape == (1, 2)


def test_awkward_arrays_give_the_right_answer(int8_model, float_model):
    x = x_int8(3)
    want = int8_model.run(x)[0]
    bigger = np.zeros((1, 96, 192, 3), np.int8)
    bigger[:, :, ::2] = x
    strided = bigger[:, :, ::2]  # a view with strides, not contiguous
    assert not strided.flags.c_contiguous
    fortran = np.asfortranarray(x)
    readonly = x.copy()
    readonly.setflags(write=False)
    for a in [strided, fortran, readonly, x[0]]:
        assert np.array_equal(int8_model.run(a)[0], want)
    # Float data for the quantized input is quantized as `octet run` quantizes a float .npy;
    # float64 (a list of Python floats too) is taken as float32.
    real = (x.astype(np.float32) + 128) / 255
    for a in [real, real.astype(np.float64), real.tolist()]:
        assert np.array_equal(int8_model.run(a)[0], want)

    f = np.array([[0.75]], np.float32)
    want_f = float_model.run(f)[0]
    assert np.array_equal(float_model.run(f.astype(">f4"))[0], want_f)  # big-endian
    assert np.array_equal(float_model.run(0.75)[0], want_f)  # a Python float, leading 1s aside
    # The Interpreter takes awkward arrays too, with TFLite's exact dtype rule.
    i = octet.Interpreter(model_content=int8_model._bytes())
    i.allocate_tensors()
    i.set_tensor(0, strided)
    i.invoke()
    assert np.array_equal(i.get_tensor(i.get_output_details()[0]["index"]), want)
    assert np.array_equal(i.get_tensor(0), x)  # an input reads back as set
