"""octet.quantize: full-integer post-training quantization, as `octet quantize`."""

import warnings

from . import _octet
from ._data import load_data
from ._progress import progress_bars


def quantize(model, calibration, io="int8", observer="minmax", per_tensor=False,
             activations="int8", allow_float=(), progress=True, *, mean=None, std=None,
             input_range=None, samples=0, seed=0, require_integer=True):
    """Quantizes a float (or hybrid, or partially quantized) model to full integer and proves it;
    returns the .tflite bytes.

    model: a path, bytes or an octet.Model.
    calibration: as `--calib`: a folder of .npy files or images, an .npy/.npz/image file, or
        'random' (a smoke test only: warns); or arrays: one array (a sample or a batch along
        axis 0), a dict {input name: array}, or an iterable of those (tuples/lists of one array per
        input for multi-input models).
    io: model input/output type, "int8", "uint8" or "float".
    observer: "minmax", "percentile:P" or "mse".
    per_tensor: one weight scale per tensor instead of one per output channel.
    activations: "int8", or "int16" (TFLite's 16x8 mode).
    allow_float: op names allowed to stay float ("EXP", or "EXP,LOG").
    progress: progress bars (tqdm) in a terminal or notebook.
    mean, std / input_range: image normalization, as --mean/--std / --input-range.
    samples: use at most this many samples (0: all). seed: for 'random'.

    Raises octet.NotIntegerError, whose .ops lists every op that cannot be integer and why, when
    such ops are not allowed to stay float.
    """
    if isinstance(allow_float, str):
        allow_float = [name for name in allow_float.split(",") if name]
    graph = _octet._Graph(model)
    bars = progress_bars(progress)
    if isinstance(calibration, str) and calibration == "random":
        warnings.warn("calibrating on random data: the scales will not match real inputs; use "
                      "this only as a smoke test, never for a model you deploy", stacklevel=2)
    try:
        cal = load_data(graph, calibration, mean, std, input_range, samples, seed, bars,
                        "calibration")
        data = _octet._quantize(graph, cal, str(io), str(activations), str(observer),
                                   bool(per_tensor), [str(op) for op in allow_float],
                                   bool(require_integer), bars)
    finally:
        if bars is not None:
            bars.close()
    return data
