"""Shared fixtures of the Python tests (ctest runs them with build/python on PYTHONPATH): the
../shared assets (tests that need them skip, saying so, when absent), the example model octet
makes itself, the octet command line, and a tensor comparison with the golden rules."""

import os
import pathlib
import subprocess

import numpy as np
import pytest

import octet

SOURCE_DIR = pathlib.Path(os.environ.get("OCTET_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[2]))
SHARED_ABSENT = ("../shared (models and golden data) not found next to the source tree; set "
                 "OCTET_SHARED_DIR to run model tests")


def shared_dir():
    """$OCTET_SHARED_DIR, else <source>/../shared; None when absent (as tests/test_util.h)."""
    env = os.environ.get("OCTET_SHARED_DIR")
    if env:
        return pathlib.Path(env) if os.path.isdir(env) else None
    p = SOURCE_DIR.parent / "shared"
    return p if (p / "models").is_dir() and (p / "golden").is_dir() else None


@pytest.fixture(scope="session")
def shared():
    d = shared_dir()
    if d is None:
        pytest.skip(SHARED_ABSENT)
    return d


@pytest.fixture(scope="session")
def example(tmp_path_factory):
    """The folder `octet example` writes: color_net.tflite, calib/, test/, test_labels.txt."""
    d = tmp_path_factory.mktemp("example")
    octet.example(d)
    return d


def cli(*args):
    """Runs the octet binary built with the tests; returns (exit status, stdout, stderr)."""
    binary = os.environ.get("OCTET_CLI") or str(SOURCE_DIR / "build" / "octet")
    r = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def cli_error(*args):
    """The one-line message of a failing octet command (without "octet: error: ")."""
    code, _, err = cli(*args)
    assert code == 1, err
    assert err.startswith("octet: error: "), err
    return err[len("octet: error: "):].rstrip("\n")


def tensor_difference(got, want_bytes, dtype):
    """Empty when `got` reproduces the reference bytes: integer tensors byte for byte, float32
    within 1e-5 (relative or absolute), as the C++ golden tests judge; else how they differ."""
    want = np.frombuffer(want_bytes, dtype=dtype)
    got = np.ascontiguousarray(got).reshape(-1)
    if got.dtype != want.dtype or got.size != want.size:
        return "got {} x{}, want {} x{}".format(got.dtype, got.size, want.dtype, want.size)
    if np.issubdtype(want.dtype, np.floating):
        diff = np.abs(got.astype(np.float64) - want)
        bad = (diff > 1e-5) & (diff > 1e-5 * np.abs(want))
    else:
        bad = got != want
    if not bad.any():
        return ""
    i = int(np.argmax(bad))
    return "{} of {} elements differ, first at {}: got {}, want {}".format(
        int(bad.sum()), want.size, i, got[i], want[i])
