"""octet.compare: per-layer quantization error, as `octet compare`, with a table (pandas) and a
plot (matplotlib). `octet compare --plot FILE.png` draws with CompareReport.plot too (octet.plot)."""

import json

from . import _octet
from ._data import load_data
from ._progress import progress_bars


def _sqnr(value):
    return float(value)  # "inf" / "-inf" for exact tensors (JSON has no infinity)


class CompareReport:
    """The result of octet.compare: one row per tensor the two models share, as dicts

        {"index": op index in the quantized model (graph order), "op": producing op,
         "tensor": name, "kind": "layer" or "output", "sqnr_db", "max_abs_error", "elements",
         "top1_agreement": fraction of samples whose argmax agrees (classifier outputs), or None}

    layers in graph order first, then the model outputs. str() is the `octet compare` report.
    """

    def __init__(self, result, text=""):
        self.samples = int(result["samples"])
        self.rows = []
        for kind in ("layers", "outputs"):
            for r in result[kind]:
                self.rows.append({
                    "index": int(r["node"]),
                    "op": r["op"],
                    "tensor": r["name"],
                    "kind": "layer" if kind == "layers" else "output",
                    "sqnr_db": _sqnr(r["sqnr_db"]),
                    "max_abs_error": float(r["max_abs_error"]),
                    "elements": int(r["elements"]),
                    "top1_agreement": r.get("top1_agreement"),
                })
        self._text = text

    @classmethod
    def from_json(cls, text):
        """From octet's compare JSON (quantize/compare.h: compare_json)."""
        return cls(json.loads(text))

    @property
    def layers(self):
        """The shared intermediate tensors, in graph order."""
        return [r for r in self.rows if r["kind"] == "layer"]

    @property
    def outputs(self):
        """The model outputs, in order."""
        return [r for r in self.rows if r["kind"] == "output"]

    @property
    def top1_agreement(self):
        """Top-1 agreement of the first classifier output, or None when no output is one."""
        for r in self.outputs:
            if r["top1_agreement"] is not None:
                return r["top1_agreement"]
        return None

    def worst(self, n=5):
        """The n layers with the lowest SQNR, worst first."""
        return sorted(self.layers, key=lambda r: r["sqnr_db"])[:n]

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, i):
        return self.rows[i]

    def __str__(self):
        return self._text or repr(self)

    def __repr__(self):
        return "<octet.CompareReport: {} layers, {} outputs, {} samples>".format(
            len(self.layers), len(self.outputs), self.samples)

    def to_pandas(self):
        """The rows as a pandas.DataFrame (needs pandas: Debian's python3-pandas)."""
        try:
            import pandas
        except ImportError as e:
            raise ImportError("CompareReport.to_pandas needs pandas (Debian: python3-pandas)") from e
        columns = ["index", "op", "tensor", "kind", "sqnr_db", "max_abs_error", "elements",
                   "top1_agreement"]
        return pandas.DataFrame(self.rows, columns=columns)

    def plot(self, path=None, worst=5, ax=None, title=None, dpi=100):
        """Draws SQNR per layer in graph order, the worst `worst` layers labeled, the outputs'
        SQNR as dashed lines; returns the matplotlib Figure (needs Debian's python3-matplotlib).
        path: also save it there (PNG, SVG, PDF... by extension; dpi for PNG). ax: draw into these
        axes.
        Exact tensors (infinite SQNR) are drawn at the top as triangles."""
        try:
            from matplotlib.figure import Figure
        except ImportError as e:
            raise ImportError("CompareReport.plot needs matplotlib (Debian: python3-matplotlib)") \
                from e
        if ax is None:
            fig = Figure(figsize=(7, 3.2))
            ax = fig.subplots()
        else:
            fig = ax.figure
        layers = self.layers
        finite = [r["sqnr_db"] for r in self.rows if abs(r["sqnr_db"]) != float("inf")]
        top = (max(finite) if finite else 0.0) + 10.0
        xs = [r["index"] for r in layers]
        ys = [min(r["sqnr_db"], top) for r in layers]
        ax.plot(xs, ys, marker="o", markersize=3, linewidth=1, color="tab:blue", label="layers")
        exact = [x for x, r in zip(xs, layers) if r["sqnr_db"] == float("inf")]
        if exact:
            ax.plot(exact, [top] * len(exact), linestyle="none", marker="^", color="tab:green",
                    label="exact")
        for k, out in enumerate(self.outputs):
            if abs(out["sqnr_db"]) != float("inf"):
                ax.axhline(out["sqnr_db"], linestyle="--", linewidth=1, color="C{}".format(k + 1),
                           label="output '{}': {:.1f} dB".format(out["tensor"], out["sqnr_db"]))
        # The worst layers: numbered on the curve, named in a list beside the axes.
        listed = []
        for rank, r in enumerate(self.worst(worst), 1):
            ax.plot([r["index"]], [r["sqnr_db"]], marker="o", markersize=7, markerfacecolor="none",
                    color="tab:red")
            ax.annotate(str(rank), (r["index"], r["sqnr_db"]), xytext=(0, -13),
                        textcoords="offset points", ha="center", fontsize=8, color="tab:red")
            listed.append("{}  {:.1f} dB  {} ({})".format(rank, r["sqnr_db"], _short(r["tensor"]),
                                                         r["op"]))
        if listed:
            ax.text(1.02, 1.0, "worst layers\n" + "\n".join(listed), transform=ax.transAxes,
                    va="top", fontsize=7, family="monospace")
        ax.set_xlabel("op index in the quantized model (graph order)")
        ax.set_ylabel("SQNR (dB)")
        if title is None:
            title = "Quantization error per layer ({} sample{})".format(
                self.samples, "" if self.samples == 1 else "s")
            if self.top1_agreement is not None:
                title += ", top-1 agreement {:.1f}%".format(100 * self.top1_agreement)
        ax.set_title(title, fontsize=10)
        ax.grid(True, linewidth=0.3)
        ax.legend(fontsize=7, loc="lower left")
        if path is not None:
            fig.savefig(path, dpi=dpi, bbox_inches="tight")
        return fig


def _short(name, width=32):
    # TFLite's converter names fused tensors "a;b;c", the first being the layer's own name.
    name = name.split(";")[0]
    return name if len(name) <= width else "..." + name[-(width - 3):]


def compare(float_model, int_model, data, *, mean=None, std=None, input_range=None, samples=0,
            seed=0, progress=True, layers=20):
    """Runs a float model and its quantized version on the same inputs and measures, for every
    tensor they share (by name), the SQNR of the dequantized integer tensor against the float one;
    returns a CompareReport (rows, to_pandas(), plot(); str() is `octet compare`'s report, showing
    at most `layers` layers).

    float_model, int_model: paths, bytes or octet.Model. data: as quantize's calibration (use
    held-out data, not the calibration set). mean/std/input_range/samples/seed: as in quantize.
    """
    float_graph = _octet._Graph(float_model)
    int_graph = _octet._Graph(int_model)
    bars = progress_bars(progress)
    try:
        cal = load_data(float_graph, data, mean, std, input_range, samples, seed, bars, "data")
        result, text = _octet._compare(float_graph, int_graph, cal, int(layers), bars)
    finally:
        if bars is not None:
            bars.close()
    report = CompareReport.from_json(result)
    report._text = text
    return report
