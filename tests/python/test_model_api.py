"""octet.Model and octet.Interpreter's interface: TFLite's detail dicts key for key and type for
type, the Model's specs, intermediates, profile and repr."""

import numpy as np
import pytest

import octet


@pytest.fixture(scope="module")
def vww(shared):
    return shared / "models" / "tiny_vww_96_int8.tflite"


def test_detail_dicts_have_tflites_keys_and_types(vww):
    interpreter = octet.Interpreter(model_path=str(vww))
    (d,) = interpreter.get_input_details()
    assert list(d) == ["name", "index", "shape", "shape_signature", "dtype", "quantization",
                       "quantization_parameters", "sparsity_parameters"]
    assert d["name"] == "input_1_int8" and d["index"] == 0
    assert d["shape"].dtype == np.int32 and d["shape"].tolist() == [1, 96, 96, 3]
    assert d["shape_signature"].dtype == np.int32
    assert d["dtype"] is np.int8  # a numpy type, as TFLite gives it
    scale, zero_point = d["quantization"]
    assert type(scale) is float and type(zero_point) is int
    assert scale == float(np.float32(1 / 255)) and zero_point == -128
    q = d["quantization_parameters"]
    assert list(q) == ["scales", "zero_points", "quantized_dimension"]
    assert q["scales"].dtype == np.float32 and q["zero_points"].dtype == np.int32
    assert q["scales"].tolist() == [scale] and q["zero_points"].tolist() == [-128]
    assert type(q["quantized_dimension"]) is int
    assert d["sparsity_parameters"] == {}

    (o,) = interpreter.get_output_details()
    assert o["dtype"] is np.int8 and o["shape"].tolist() == [1, 2]
    assert o["quantization"] == (1 / 256, -128)

    details = interpreter.get_tensor_details()
    assert [t["index"] for t in details] == list(range(len(details)))
    # A per-channel weight tensor: TFLite's deprecated 'quantization' is (0.0, 0) for it, the
    # per-channel parameters are in 'quantization_parameters'.
    per_channel = [t for t in details if len(t["quantization_parameters"]["scales"]) > 1]
    assert per_channel
    for t in per_channel:
        q = t["quantization_parameters"]
        assert t["quantization"] == (0.0, 0)
        assert len(q["scales"]) == t["shape"][q["quantized_dimension"]]
    # A float tensor: no quantization.
    f = octet.Interpreter(model_path=str(vww.parent / "tflm_hello_world_float.tflite"))
    d = f.get_input_details()[0]
    assert d["dtype"] is np.float32 and d["quantization"] == (0.0, 0)
    assert d["quantization_parameters"]["scales"].size == 0


def test_model_specs_match_the_interpreter(vww):
    model = octet.Model(vww)
    interpreter = octet.Interpreter(model_path=str(vww))
    for specs, details in [(model.inputs, interpreter.get_input_details()),
                           (model.outputs, interpreter.get_output_details())]:
        assert len(specs) == len(details)
        for s, d in zip(specs, details):
            assert (s.index, s.name, s.dtype.type, s.shape) == (
                d["index"], d["name"], d["dtype"], tuple(d["shape"]))
            assert (s.scale, s.zero_point) == d["quantization"]
    hello = octet.Model(vww.parent / "tflm_hello_world_float.tflite")
    assert hello.inputs[0].scale is None and hello.inputs[0].zero_point is None


def test_intermediates_profile_and_repr(vww):
    model = octet.Model(vww, preserve_intermediates=True)
    x = np.random.default_rng(1).integers(-128, 128, (1, 96, 96, 3), dtype=np.int8)
    (y,) = model.run(x)
    report = octet.inspect(model)
    first = report["ops"][0]["outputs"][0]
    a = model.tensor(first["name"])
    assert a.shape == tuple(first["shape"]) and a.dtype == np.int8
    assert np.array_equal(model.tensor(first["id"]), a)
    assert np.array_equal(model.tensor(model.outputs[0].name), y)
    assert np.array_equal(model.tensor(model.inputs[0].name), x)
    interpreter = octet.Interpreter(model_path=str(vww), experimental_preserve_all_tensors=True)
    interpreter.allocate_tensors()
    interpreter.set_tensor(0, x)
    interpreter.invoke()
    assert np.array_equal(interpreter.get_tensor(first["id"]), a)
    # Constants read back as the file holds them.
    weights = report["ops"][0]["inputs"][1]
    assert model.tensor(weights["id"]).shape == tuple(weights["shape"])

    # dequantize=True gives real values: scale * (q - zero_point).
    (real,) = model.run(x, dequantize=True)
    s = model.outputs[0]
    assert real.dtype == np.float32
    assert np.array_equal(real, ((y.astype(np.float32) - s.zero_point) * s.scale))

    rows = model.profile(runs=2)
    assert [r["op"] for r in rows] == [op["op"] for op in report["ops"]]
    assert [r["index"] for r in rows] == list(range(len(rows)))
    assert all(r["kernel"] and r["ms"] >= 0 for r in rows)
    assert sum(r["macs"] for r in rows) == report["totals"]["macs"]
    assert model.profile(x, runs=1)[0]["op"] == "CONV_2D"

    assert model.arena_bytes > 0
    text = repr(model)
    assert text.startswith("octet.Model('{}', isa='{}'".format(vww, model.isa))
    assert "integer-only: yes" in text and "MACs:         7,489,664" in text


def test_isa_threads_and_the_same_bytes_everywhere(vww):
    x = np.random.default_rng(2).integers(-128, 128, (1, 96, 96, 3), dtype=np.int8)
    want = octet.Model(vww, isa="reference").run(x)[0]
    for isa in ["avx2", "avx512vnni"]:
        try:
            m = octet.Model(vww, isa=isa, threads=2)
        except octet.InputError as e:
            assert "not supported by this CPU" in str(e)
            continue
        assert m.isa == isa and m.threads == 2
        assert np.array_equal(m.run(x)[0], want)
    assert octet.Model(vww, threads=0).threads >= 1
