"""The golden cases of ../shared/golden (TFLite Micro's reference outputs; the legacy uint8 models
from TFLite's reference kernels) through octet.Model.run and through octet.Interpreter: every
output byte for byte (float models within 1e-5), and with experimental_preserve_all_tensors every
intermediate tensor the golden folder holds."""

import json

import numpy as np
import pytest

import octet
from conftest import shared_dir, tensor_difference

DTYPES = {"INT8": np.int8, "UINT8": np.uint8, "INT16": np.int16, "INT32": np.int32,
          "FLOAT32": np.float32, "INT64": np.int64, "BOOL": np.bool_}


def golden_models():
    d = shared_dir()
    if d is None or not (d / "golden").is_dir():
        return ["shared_folder_absent"]
    return sorted(p.name for p in (d / "golden").iterdir() if (p / "meta.json").is_file())


def load_case(shared, name):
    folder = shared / "golden" / name
    meta = json.loads((folder / "meta.json").read_text())
    model_path = shared / "models" / meta["model"]
    cases = []
    for case in meta["cases"]:
        inputs = [np.fromfile(folder / case / "input_{}.bin".format(i),
                              dtype=DTYPES[t["dtype"]]).reshape(t["shape"])
                  for i, t in enumerate(meta["inputs"])]
        outputs = [(folder / case / "output_{}.bin".format(j)).read_bytes()
                   for j in range(len(meta["outputs"]))]
        cases.append((case, inputs, outputs, folder / case / "tensors"))
    return model_path, meta, cases


@pytest.fixture(params=golden_models())
def golden(request, shared):
    return load_case(shared, request.param)


def test_model_run_reproduces_golden_outputs(golden):
    model_path, meta, cases = golden
    model = octet.Model(model_path)
    for case, inputs, outputs, _ in cases:
        model.reset_variables()  # each case is a sequence of its own (the LSTM models)
        got = model.run(*inputs)
        assert len(got) == len(outputs)
        for j, (g, want) in enumerate(zip(got, outputs)):
            assert g.shape == tuple(meta["outputs"][j]["shape"])
            diff = tensor_difference(g, want, DTYPES[meta["outputs"][j]["dtype"]])
            assert not diff, "{} output {}: {}".format(case, j, diff)


def test_interpreter_reproduces_golden_outputs_and_intermediates(golden):
    model_path, meta, cases = golden
    interpreter = octet.Interpreter(model_content=model_path.read_bytes(),
                                    experimental_preserve_all_tensors=True)
    interpreter.allocate_tensors()
    inputs_details = interpreter.get_input_details()
    output_details = interpreter.get_output_details()
    details = {d["index"]: d for d in interpreter.get_tensor_details()}
    checked = 0
    for case, inputs, outputs, tensors in cases:
        for d, x in zip(inputs_details, inputs):
            interpreter.set_tensor(d["index"], x)
        interpreter.reset_all_variables()
        interpreter.invoke()
        for j, (d, want) in enumerate(zip(output_details, outputs)):
            diff = tensor_difference(interpreter.get_tensor(d["index"]), want, d["dtype"])
            assert not diff, "{} output {}: {}".format(case, j, diff)
        if not tensors.is_dir():
            continue
        for f in sorted(tensors.iterdir()):
            index = int(f.stem.split("_")[1])
            try:
                got = interpreter.get_tensor(index)
            except octet.StateError as e:
                # A PAD the runtime folded into its convolution produces nothing.
                assert "folded" in str(e), str(e)
                continue
            diff = tensor_difference(got, f.read_bytes(), details[index]["dtype"])
            assert not diff, "{} tensor {} '{}': {}".format(case, index, details[index]["name"],
                                                             diff)
            checked += 1
    if any(t.is_dir() for _, _, _, t in cases):
        assert checked > 0
