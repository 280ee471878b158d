"""octet.quantize, octet.compare and octet.inspect from Python on the model octet makes itself
(`octet example`): the same bytes, reports and messages as the command line, calibration from
arrays equal to calibration from the folder, and the proof failing, op named, on a model with a
float-only op."""

import struct

import numpy as np
import pytest

import octet
from conftest import cli, cli_error


def float_only_op_model(color_net_bytes):
    """color_net with its RELU turned into EXP (no integer form in octet): the OperatorCode's
    deprecated_builtin_code byte and builtin_code int both go from 19 (RELU) to 47 (EXP)."""
    b = bytearray(color_net_bytes)
    u32 = lambda p: struct.unpack_from("<I", b, p)[0]

    def field(table, i):  # position of field i of a flatbuffers table, or None when absent
        vtable = table - struct.unpack_from("<i", b, table)[0]
        if 4 + 2 * i >= struct.unpack_from("<H", b, vtable)[0]:
            return None
        offset = struct.unpack_from("<H", b, vtable + 4 + 2 * i)[0]
        return table + offset if offset else None

    model = u32(0)
    codes = field(model, 1) + u32(field(model, 1))  # Model.operator_codes
    patched = 0
    for k in range(u32(codes)):
        element = codes + 4 + 4 * k
        code = element + u32(element)
        deprecated, builtin = field(code, 0), field(code, 3)
        if builtin is not None and struct.unpack_from("<i", b, builtin)[0] == 19:
            struct.pack_into("<i", b, builtin, 47)
            struct.pack_into("<b", b, deprecated, 47)
            patched += 1
    assert patched == 1
    return bytes(b)


@pytest.fixture(scope="module")
def quantized(example):
    return octet.quantize(example / "color_net.tflite", example / "calib", progress=False)


def calib_arrays(example):
    return [np.load(f) for f in sorted((example / "calib").glob("*.npy"))]


def test_quantize_gives_the_bytes_the_command_line_writes(example, quantized, tmp_path):
    code, _, err = cli("quantize", example / "color_net.tflite", "-o", tmp_path / "q.tflite",
                       "--calib", example / "calib", "-q")
    assert code == 0, err
    assert (tmp_path / "q.tflite").read_bytes() == quantized
    report = octet.inspect(quantized)
    assert report["integer_only"] is True
    assert report["float_ops"] == 0
    assert octet.Model(quantized).inputs[0].dtype == np.int8


def test_calibration_from_arrays_equals_calibration_from_the_folder(example, quantized):
    arrays = calib_arrays(example)
    name = octet.Model(example / "color_net.tflite").inputs[0].name
    model = example / "color_net.tflite"
    assert octet.quantize(model, arrays, progress=False) == quantized  # a list of samples
    assert octet.quantize(model, (a for a in arrays), progress=False) == quantized  # generator
    assert octet.quantize(model, [{name: a} for a in arrays], progress=False) == quantized
    assert octet.quantize(model, np.stack(arrays), progress=False) == quantized  # one batch
    # samples= takes the first N, as --calib-samples does.
    assert octet.quantize(model, arrays[:5], progress=False) == \
        octet.quantize(model, arrays, samples=5, progress=False)
    assert octet.quantize(model, arrays[:5], progress=False) != quantized


def test_quantize_options(example):
    model = example / "color_net.tflite"
    q = octet.quantize(model, example / "calib", io="float", per_tensor=True, progress=False)
    m = octet.Model(q)
    assert m.inputs[0].dtype == np.float32 and m.outputs[0].dtype == np.float32
    report = octet.inspect(q)
    assert report["integer_only"] is True and report["boundary_ops"] == 2
    with pytest.warns(UserWarning, match="random data"):
        octet.quantize(model, "random", samples=4, progress=False)


def test_proof_fails_naming_the_float_only_op(example, tmp_path):
    patched = float_only_op_model((example / "color_net.tflite").read_bytes())
    assert [op["op"] for op in octet.inspect(patched)["ops"]].count("EXP") == 1
    with pytest.raises(octet.NotIntegerError) as e:
        octet.quantize(patched, example / "calib", progress=False)
    assert len(e.value.ops) == 1
    assert "EXP" in e.value.ops[0]["label"]
    assert e.value.ops[0]["reason"].startswith("octet has no integer form of EXP")
    assert isinstance(e.value, octet.Error)
    # The command line's message, word for word.
    (tmp_path / "exp.tflite").write_bytes(patched)
    assert str(e.value) == cli_error("quantize", tmp_path / "exp.tflite", "-o",
                                     tmp_path / "out.tflite", "--calib", example / "calib", "-q")
    # Allowed to stay float, it does, between a DEQUANTIZE and a QUANTIZE; all else is integer.
    q = octet.quantize(patched, example / "calib", allow_float=("EXP",), progress=False)
    report = octet.inspect(q)
    assert report["integer_only"] is False
    float_ops = [op["op"] for op in report["ops"] if op["arithmetic"] == "float"]
    assert sorted(float_ops) == ["DEQUANTIZE", "EXP", "QUANTIZE"]
    assert {op["op"] for op in report["ops"] if op["arithmetic"] == "integer"} >= {
        "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "SOFTMAX"}


def test_compare_rows_text_table_and_plot(example, quantized, tmp_path):
    (tmp_path / "q.tflite").write_bytes(quantized)
    report = octet.compare(example / "color_net.tflite", quantized, example / "test",
                           progress=False)
    # The same report as the command line prints.
    code, out, err = cli("compare", example / "color_net.tflite", tmp_path / "q.tflite", "--data",
                         example / "test", "-q")
    assert code == 0, err
    assert str(report) == out
    assert report.samples == 16
    layers = report.layers
    assert [r["index"] for r in layers] == sorted(r["index"] for r in layers)  # graph order
    assert {r["op"] for r in layers} >= {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"}
    for r in layers:
        assert 20 < r["sqnr_db"] < 80 and r["max_abs_error"] > 0 and r["elements"] > 0
        assert r["top1_agreement"] is None
    (out_row,) = report.outputs
    assert out_row["tensor"] == "probabilities" and out_row["elements"] == 3
    assert report.top1_agreement == out_row["top1_agreement"] >= 0.9
    assert report.worst(2) == sorted(layers, key=lambda r: r["sqnr_db"])[:2]

    df = report.to_pandas()
    assert list(df.columns) == ["index", "op", "tensor", "kind", "sqnr_db", "max_abs_error",
                                "elements", "top1_agreement"]
    assert len(df) == len(report) == len(layers) + 1
    assert df.sort_values("sqnr_db").iloc[0]["tensor"] == report.worst(1)[0]["tensor"]

    fig = report.plot(tmp_path / "py.png")
    assert fig.axes[0].get_ylabel() == "SQNR (dB)"
    assert (tmp_path / "py.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # `octet compare --plot` draws through the same code from the same data: the same picture.
    code, out, err = cli("compare", example / "color_net.tflite", tmp_path / "q.tflite", "--data",
                         example / "test", "-q", "--plot", tmp_path / "cli.png")
    assert code == 0, err
    assert (tmp_path / "cli.png").read_bytes() == (tmp_path / "py.png").read_bytes()


def test_plot_without_the_python_module_is_a_one_line_error(example, quantized, tmp_path):
    (tmp_path / "q.tflite").write_bytes(quantized)
    code, _, err = cli("compare", example / "color_net.tflite", tmp_path / "q.tflite", "--data",
                       example / "test", "-q", "--plot", tmp_path / "no" / "such" / "dir.png")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("octet: error: --plot "), err


def test_inspect_is_the_command_lines_json(shared):
    import json
    path = shared / "models" / "tiny_kws_ref_model.tflite"
    code, out, err = cli("inspect", "--json", path)
    assert code == 0, err
    assert octet.inspect(str(path)) == json.loads(out)
    assert octet.inspect(octet.Model(path))["totals"] == json.loads(out)["totals"]


def test_progress_bars_only_on_a_terminal(example, capsys, monkeypatch):
    octet.quantize(example / "color_net.tflite", example / "calib")
    assert capsys.readouterr().err == ""  # not a terminal: nothing
    pytest.importorskip("tqdm")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    octet.quantize(example / "color_net.tflite", example / "calib")
    err = capsys.readouterr().err
    assert "reading calibration data" in err and "calibrating" in err


def test_quantize_takes_the_float_lstm_to_integer(shared):
    """The float LSTM of ../shared/models, calibrated on the golden inputs as arrays: an
    integer-only model (TFLM's integer LSTM), whose sequence starts over on reset_variables()."""
    folder = shared / "golden" / "tflm_trained_lstm"
    xs = [np.fromfile(folder / c / "input_0.bin", dtype=np.float32).reshape(1, 28, 28)
          for c in ("case0", "case1")]
    q = octet.quantize(shared / "models" / "tflm_trained_lstm.tflite", xs, progress=False)
    report = octet.inspect(q)
    assert report["integer_only"] is True
    assert report["float_ops"] == 0
    model = octet.Model(q)
    assert model.inputs[0].dtype == np.int8
    first = model.run(xs[0])[0]
    model.run(xs[1])
    model.reset_variables()
    assert np.array_equal(model.run(xs[0])[0], first)
    want = octet.Model(shared / "models" / "tflm_trained_lstm.tflite").run(xs[0])[0]
    assert int(np.argmax(first)) == int(np.argmax(want))
