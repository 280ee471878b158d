"""Input data for quantize (calibration) and compare, with the meaning of the command line's
--calib/--data: a folder of .npy files or images, an .npy/.npz/image file, 'random', or, from
Python, arrays."""

import os
from collections.abc import Mapping

import numpy as np

from . import _octet
from ._errors import InputError


def _members(element, inputs):
    """One element of a calibration iterable as (name, array) pairs, named as .npz members are:
    a dict by input name; a tuple or list of one array per input (multi-input models); else one
    array (one sample or a batch) for a single-input model."""
    if isinstance(element, Mapping):
        return [(str(k), v) for k, v in element.items()]
    if isinstance(element, (tuple, list)) and inputs > 1:
        return [("arr_{}".format(i), a) for i, a in enumerate(element)]
    return [("arr_0", element)]


def load_data(graph, data, mean, std, input_range, samples, seed, progress, what):
    """A filled _octet._Calibration for `graph`'s inputs."""
    mean = [float(x) for x in np.atleast_1d(mean)] if mean is not None else []
    std = [float(x) for x in np.atleast_1d(std)] if std is not None else []
    if input_range is not None:
        lo, hi = input_range
        input_range = (float(lo), float(hi))
    if int(samples) < 0:
        raise InputError("samples must be 0 (all) or more, not {}".format(samples))
    cal = _octet._Calibration(graph, mean, std, input_range, int(samples), int(seed))
    if isinstance(data, (str, os.PathLike)):
        cal.load(os.fspath(data), progress)
        return cal
    inputs = len(cal.input_names)
    if isinstance(data, (np.ndarray, Mapping)):
        data = [data]  # one array (a sample or a batch) or one dict, as one .npy/.npz file
    try:
        iterator = iter(data)
    except TypeError:
        raise InputError("{}: a folder, a file, 'random', an array or an iterable of arrays or "
                         "dicts, not {}".format(what, type(data).__name__)) from None
    total = len(data) if hasattr(data, "__len__") else 0
    for k, element in enumerate(iterator):
        cal.add(_members(element, inputs), "{}[{}]".format(what, k))
        if progress is not None:
            progress("reading " + what, "samples", k + 1, total)
        if cal.full:
            break
    if progress is not None and hasattr(progress, "close"):
        progress.close()
    return cal
