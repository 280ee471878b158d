"""Progress bars for long library calls (reading data, calibrating, comparing): tqdm from Debian's
python3-tqdm when it is installed and the output is a terminal or a notebook; nothing otherwise."""

import sys


def _in_notebook():
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class _Bars:
    """Called as progress(task, unit, done, total) by the library; one bar per task."""

    def __init__(self, tqdm):
        self._tqdm = tqdm
        self._bar = None
        self._task = None

    def __call__(self, task, unit, done, total):
        if task != self._task:
            self.close()
            self._bar = self._tqdm(total=total or None, desc=task, unit=" " + unit, leave=False)
            self._task = task
        self._bar.update(done - self._bar.n)
        if total and done >= total:
            self.close()

    def close(self):
        if self._bar is not None:
            self._bar.close()
        self._bar = None
        self._task = None


def progress_bars(enabled):
    """A progress callable, or None (no bars: disabled, tqdm absent, or no terminal/notebook)."""
    if not enabled:
        return None
    notebook = _in_notebook()
    if not notebook and not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        return None
    try:
        if notebook:
            from tqdm.auto import tqdm
        else:
            from tqdm import tqdm
    except ImportError:
        return None
    return _Bars(tqdm)
