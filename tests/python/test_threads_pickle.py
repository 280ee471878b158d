"""Concurrency: run() releases the GIL, two models invoked from two threads give the bytes they
give one at a time, one model shared by threads is not corrupted, and a Model pickles by its bytes
into multiprocessing workers."""

import multiprocessing
import pickle
import sys
import threading

import numpy as np
import pytest

import octet


def random_inputs(model, count, seed):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        out.append([rng.integers(np.iinfo(s.dtype).min, np.iinfo(s.dtype).max + 1, s.shape,
                                 dtype=s.dtype) if s.dtype.kind in "iu" else
                    rng.uniform(-1, 1, s.shape).astype(s.dtype) for s in model.inputs])
    return out


def run_all(model, inputs):
    return [[o.tobytes() for o in model.run(*x)] for x in inputs]


@pytest.fixture(scope="module")
def two_models(shared):
    return (octet.Model(shared / "models" / "tiny_vww_96_int8.tflite"),
            octet.Model(shared / "models" / "tiny_kws_ref_model.tflite"))


def test_two_models_in_two_threads_give_the_bytes_of_one_at_a_time(two_models):
    inputs = [random_inputs(m, 12, seed) for seed, m in enumerate(two_models)]
    alone = [run_all(m, x) for m, x in zip(two_models, inputs)]
    together = [None, None]
    errors = []

    def work(k):
        try:
            together[k] = run_all(two_models[k], inputs[k])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert together == alone


def test_one_model_shared_by_threads_takes_turns(two_models):
    model = two_models[0]
    inputs = random_inputs(model, 8, 5)
    alone = run_all(model, inputs)
    results = [None] * 4

    def work(k):
        results[k] = run_all(model, inputs)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [alone] * 4


def test_run_releases_the_gil(shared):
    # With a switch interval of 100 s no thread is made to give up the GIL: the main thread can
    # run again before the worker's run() returns only if run() releases the GIL itself. The model
    # is a large one on the reference kernels (300M MACs, most of a second) so that the main
    # thread surely gets the GIL while it runs, even on a busy machine.
    model = octet.Model(shared / "models" / "tflm_mobilenet_v2_quantized_1x3x224x224.tflite",
                        isa="reference")
    x = random_inputs(model, 1, 9)[0]
    started, state = threading.Event(), {"done": False}

    def work():
        started.set()
        model.run(*x)
        state["done"] = True

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        t = threading.Thread(target=work)
        t.start()
        started.wait()
        done_when_main_ran = state["done"]
        t.join()
    finally:
        sys.setswitchinterval(old)
    assert state["done"]
    assert not done_when_main_ran


def run_in_worker(args):
    model, x = args
    return [o.tobytes() for o in model.run(*x)], model.isa, model.origin


def test_model_pickles_by_its_bytes_into_a_process_pool(two_models):
    model = octet.Model(two_models[0]._bytes(), threads=2)
    copy = pickle.loads(pickle.dumps(model))
    assert copy.threads == 2 and copy.isa == model.isa
    assert copy.inputs == model.inputs and copy.outputs == model.outputs
    inputs = random_inputs(model, 4, 11)
    expected = run_all(model, inputs)
    # spawn: the workers share nothing with this process but what is pickled.
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(run_in_worker, [(model, x) for x in inputs])
    assert [r[0] for r in results] == expected
    assert {r[1] for r in results} == {model.isa}
    assert {r[2] for r in results} == {"<bytes>"}
