"""Charts: a dyad series drawn to a PNG or SVG file (matplotlib, loaded only when drawing)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tacitus.errors import OptionError


def plot_dyad(frame: pd.DataFrame, path: str | Path, title: str | None = None) -> Path:
    """Draw a :func:`dyad_series` frame (events per QuadClass, Goldstein mean) to a PNG or SVG file."""
    target = Path(path)
    if target.suffix.lower() not in (".png", ".svg"):
        raise OptionError("plot", f"{target}: use a .png or .svg file name")
    from tacitus.extras import require

    require("plot", "matplotlib", feature="--plot")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {
        "verbal_cooperation": "#74c476",
        "material_cooperation": "#238b45",
        "verbal_conflict": "#fb6a4a",
        "material_conflict": "#a50f15",
    }
    directions = list(dict.fromkeys(frame["direction"])) if not frame.empty else []
    gaps = pd.Series(sorted(set(frame["period"]))).diff().dt.days.dropna() if not frame.empty else pd.Series([])
    width = 0.8 * float(gaps.min()) if len(gaps) else 20.0
    figure, axes = plt.subplots(max(1, len(directions)), 1, figsize=(10, 3.2 * max(1, len(directions))), squeeze=False)
    for axis, direction in zip(axes[:, 0], directions or [None]):
        part = frame[frame["direction"] == direction] if direction else frame
        bottom = None
        for column, colour in colours.items():
            values = part[column].to_numpy() if not part.empty else []
            axis.bar(part["period"], values, bottom=bottom, color=colour, label=column.replace("_", " "), width=width)
            bottom = values if bottom is None else bottom + values
        axis.set_ylabel("events")
        axis.set_title(direction or "no events")
        if not part.empty:
            twin = axis.twinx()
            twin.plot(part["period"], part["goldstein_mean"], color="#333333", marker="o", label="Goldstein mean")
            twin.set_ylim(-10, 10)
            twin.set_ylabel("Goldstein mean")
        axis.legend(loc="upper left", fontsize="small")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target)
    plt.close(figure)
    return target
