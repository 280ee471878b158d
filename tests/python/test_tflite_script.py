"""A script written against tf.lite.Interpreter (tflite_label_image.py, in the TFLite guides'
style) runs with only its import line changed, classifying photos of ../shared/images with
tiny_vww_96_int8 (MLPerf Tiny visual wake words: is there a person?)."""

import pathlib
import subprocess
import sys

import pytest

import octet

SCRIPT = pathlib.Path(__file__).with_name("tflite_label_image.py")
TFLITE_IMPORT = "import tflite_runtime.interpreter as tflite"


def run_script(tmp_path, model, image):
    text = SCRIPT.read_text()
    assert text.count(TFLITE_IMPORT) == 1
    changed = text.replace(TFLITE_IMPORT, "import octet as tflite")
    # Exactly one line differs.
    assert sum(a != b for a, b in zip(text.splitlines(), changed.splitlines())) == 1
    script = tmp_path / "label_image.py"
    script.write_text(changed)
    labels = tmp_path / "labels.txt"
    labels.write_text("no person\nperson\n")
    r = subprocess.run([sys.executable, str(script), "--model_file", str(model), "--image",
                        str(image), "--label_file", str(labels)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[-1].startswith("time: ")
    scores = {}
    for line in lines[:-1]:
        score, label = line.split(": ", 1)
        scores[label] = float(score)
    return scores


@pytest.mark.parametrize("image,label", [("grace_hopper.bmp", "person"), ("cat.bmp", "no person"),
                                         ("parrot.jpg", "no person")])
def test_label_image_script_runs_with_only_the_import_changed(shared, tmp_path, image, label):
    scores = run_script(tmp_path, shared / "models" / "tiny_vww_96_int8.tflite",
                        shared / "images" / image)
    assert set(scores) == {"person", "no person"}
    # The two softmax outputs are probabilities: they sum to 1 (within the output's step).
    assert abs(sum(scores.values()) - 1.0) <= 1 / 256 + 1e-6
    assert max(scores, key=scores.get) == label, scores
    assert scores[label] > 0.75


def test_tf_lite_spelling_is_the_same_interpreter():
    # `import tensorflow as tf` -> `import octet as tf` keeps tf.lite.Interpreter working too.
    assert octet.lite.Interpreter is octet.Interpreter
