"""The report's figures: matplotlib (no GUI backend, no pyplot state) drawn to SVG text inlined in the page.

Every chart is a function of plain numbers that returns the text of one
``<svg>`` element, ready to be written into the HTML:

* deterministic: the SVG's ids are hashed with a fixed salt
  (``svg.hashsalt``) and no date, creator or other metadata is written, so the
  same numbers give the same bytes;
* text is drawn as paths (``svg.fonttype`` ``path``), so no string of the
  data appears as SVG text, and the comments matplotlib writes (the text
  again) are removed;
* fit for the page's Content-Security-Policy, which allows no inline
  ``style`` attribute and only the page's own stylesheet: matplotlib's
  ``style="fill: …"`` attributes become SVG presentation attributes
  (``fill="…"``) and its ``<style>`` element is replaced by the same two
  properties on the root element;
* self-contained: the XML prolog and the namespace declarations are dropped
  (the HTML parser puts an inline ``<svg>`` in the SVG namespace itself),
  ``xlink:href`` becomes ``href``, and every id is prefixed with the chart's
  name, so that several charts in one page never share an id.

matplotlib comes with graphkit's ``analysis`` extra; without it the first
chart raises :class:`~graphkit.errors.EnvironmentProblem` saying so.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from graphkit.extras import require

#: The salt of the SVG ids (any fixed text makes them reproducible).
SALT = "graphkit-report"
#: The colours of the two groups: states with an office, the others.
OFFICE, OTHER = "#b2182b", "#6b7280"
_RC = {
    "svg.hashsalt": SALT,
    "svg.fonttype": "path",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_STYLE = re.compile(r' style="([^"]*)"')
_ID = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')


def _attributes(match: re.Match) -> str:
    """``style="fill: #fff; stroke: none"`` → `` fill="#fff" stroke="none"``."""
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def clean_svg(text: str, name: str) -> str:
    """matplotlib's SVG document as one inline ``<svg>`` element fit for the page (see the module docstring).

    Parameters
    ----------
    text : str
        The SVG file matplotlib wrote.
    name : str
        The chart's name: the prefix of its ids and its ``id``.

    Returns
    -------
    str

    Examples
    --------
    >>> raw = ('<?xml version="1.0"?>\\n<!DOCTYPE svg PUBLIC "x"\\n  "y">\\n'
    ...        '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="1pt" xmlns="http://www.w3.org/2000/svg">'
    ...        '<defs><style type="text/css">*{stroke-linecap: butt}</style></defs><!-- France -->'
    ...        '<path id="m1" style="fill: #fff; stroke: none"/><use xlink:href="#m1" clip-path="url(#p2)"/></svg>')
    >>> print(clean_svg(raw, "c"))
    <svg id="c" role="img" stroke-linejoin="round" stroke-linecap="butt" width="1pt"><defs></defs><path id="c-m1" fill="#fff" stroke="none"/><use href="#c-m1" clip-path="url(#c-p2)"/></svg>
    """
    text = text[text.index("<svg") :]
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<style[^>]*>.*?</style>", "", text, flags=re.S)
    text = re.sub(r' xmlns(:\w+)?="[^"]*"', "", text)
    text = text.replace("xlink:href=", "href=")
    text = _STYLE.sub(_attributes, text)
    text = _ID.sub(lambda m: f"{m.group(1)}{name}-{m.group(2)}", text)
    head = f'<svg id="{name}" role="img" stroke-linejoin="round" stroke-linecap="butt"'
    return head + text[len("<svg") :].rstrip() + ("" if text.rstrip().endswith("</svg>") else "</svg>")


def _figure(width: float, height: float, **subplots: Any):
    """A new figure (no pyplot, no GUI backend) and its axes."""
    figure = require("matplotlib.figure", "the report's charts")
    fig = figure.Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots(**subplots)


def _svg(fig, name: str) -> str:
    """Draw ``fig`` to SVG without metadata and clean it (:func:`clean_svg`); call it inside the fixed settings."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata=_METADATA)
    return clean_svg(buffer.getvalue(), name)


def _drawn(name: str, width: float, height: float, draw, **subplots: Any) -> str:
    """Make a figure with the fixed settings, let ``draw(fig, axes)`` fill it, return its SVG."""
    matplotlib = require("matplotlib", "the report's charts")
    with matplotlib.rc_context(_RC):
        fig, axes = _figure(width, height, **subplots)
        draw(fig, axes)
        return _svg(fig, name)


def _strip(ax, position: float, values: Sequence[float], color: str, seed: int) -> None:
    """A box plot and the points themselves (seeded horizontal jitter) at ``position``."""
    points = np.asarray(values, dtype=float)
    ax.boxplot(
        [points], positions=[position], widths=0.5, showfliers=False, medianprops={"color": color, "linewidth": 2},
        boxprops={"color": color}, whiskerprops={"color": color}, capprops={"color": color},
    )  # fmt: skip
    jitter = np.random.default_rng(seed).uniform(-0.18, 0.18, len(points))
    ax.scatter(position + jitter, points, s=10, color=color, alpha=0.6, linewidths=0)


def group_chart(groups: Sequence[tuple[str, Sequence[float], Sequence[float]]], seed: int = 0) -> str:
    """Box-and-strip plots of each metric for the states with an office and without, one panel per metric.

    Parameters
    ----------
    groups : sequence of (label, with_office, without_office)
        The metric's label and the two groups' values.
    seed : int
        Seed of the points' jitter.

    Returns
    -------
    str
        One ``<svg>`` element.

    Examples
    --------
    >>> svg = group_chart([("PageRank", [0.3, 0.4, 0.5], [0.1, 0.2, 0.2, 0.3])])
    >>> svg.startswith('<svg id="chart-groups"'), "<text" in svg, "style=" in svg
    (True, False, False)
    """

    def draw(fig, axes):
        for ax, (label, with_office, without) in zip(np.atleast_1d(axes), groups):
            _strip(ax, 1, with_office, OFFICE, seed)
            _strip(ax, 2, without, OTHER, seed + 1)
            ax.set_xticks([1, 2], [f"with an office\n(n = {len(with_office)})", f"without\n(n = {len(without)})"])
            ax.set_title(label)
            ax.grid(axis="y", color="#e5e7eb", linewidth=0.6)

    return _drawn("chart-groups", 4.2 * len(groups), 3.6, draw, ncols=len(groups))


def region_chart(rows: Sequence[tuple[str, float, int, int, bool]]) -> str:
    """The rank-biserial r of PageRank (office vs none) overall and per region, with each group's n.

    Parameters
    ----------
    rows : sequence of (label, r, n_with, n_without, underpowered)
        One row per line of the chart, top first.

    Returns
    -------
    str

    Examples
    --------
    >>> region_chart([("All states", 0.5, 24, 172, False), ("Europe", 0.2, 14, 30, False)]).startswith("<svg")
    True
    """

    def draw(fig, ax):
        y = np.arange(len(rows))[::-1]
        for yi, (_, r, _, _, small) in zip(y, rows):
            ax.plot([0, r], [yi, yi], color=OFFICE if r > 0 else OTHER, linewidth=1.2)
            ax.scatter([r], [yi], s=36, color="white" if small else (OFFICE if r > 0 else OTHER),
                       edgecolors=OFFICE if r > 0 else OTHER, zorder=3)  # fmt: skip
        ax.set_yticks(y, [f"{label} ({a} vs {b})" for label, _, a, b, _ in rows])
        ax.axvline(0, color="#111827", linewidth=0.8)
        ax.set_xlim(-1, 1)
        ax.set_xlabel("rank-biserial r (> 0: states with an office have the higher PageRank); open: underpowered")
        ax.grid(axis="x", color="#e5e7eb", linewidth=0.6)

    return _drawn("chart-regions", 7.6, 0.4 * len(rows) + 1.1, draw)


def spread(values: Sequence[float], gap: float) -> list[float]:
    """Label positions near ``values`` at least ``gap`` apart (order kept), for labels that would overlap.

    Examples
    --------
    >>> spread([1.0, 1.2, 5.0], 1.0)
    [0.6, 1.6, 5.0]
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [float(values[i]) for i in order]
    for _ in range(50):
        moved = False
        for k in range(1, len(placed)):
            if placed[k] - placed[k - 1] < gap - 1e-9:
                middle = (placed[k] + placed[k - 1]) / 2
                placed[k - 1], placed[k] = middle - gap / 2, middle + gap / 2
                moved = True
        if not moved:
            break
    out = [0.0] * len(values)
    for k, i in enumerate(order):
        out[i] = round(placed[k], 9)
    return out


def slope_chart(pairs: Sequence[tuple[str, int, float, float]]) -> str:
    """Each state's mean PageRank rank before and after its office's year (rank 1 at the top).

    Parameters
    ----------
    pairs : sequence of (state, year, before, after)

    Returns
    -------
    str

    Examples
    --------
    >>> slope_chart([("FIN", 2014, 40.0, 30.0), ("EST", 2019, 20.0, 25.0)]).startswith('<svg id="chart-slopes"')
    True
    """

    def draw(fig, ax):
        worst = max([max(b, a) for _, _, b, a in pairs] + [10.0])
        labels = spread([a for *_, a in pairs], worst / 40)
        for (state, year, before, after), y in zip(pairs, labels):
            color = OFFICE if after < before else OTHER
            ax.plot([0, 1], [before, after], color=color, marker="o", markersize=3, linewidth=1)
            ax.annotate(f"{state} {year}", (1, after), xytext=(1.06, y), fontsize=7, va="center",
                        color=color, arrowprops={"arrowstyle": "-", "color": "#d1d5db", "linewidth": 0.5})  # fmt: skip
        ax.set_xticks([0, 1], ["years before", "years after"])
        ax.set_xlim(-0.15, 1.45)
        ax.set_ylim(worst * 1.05 + 1, 0)
        ax.set_ylabel("mean PageRank rank among states (1 = top)")

    return _drawn("chart-slopes", 6.0, 6.4, draw)


def trend_chart(dates: Sequence[_dt.date], series: Sequence[tuple[str, Sequence[float]]]) -> str:
    """One small line panel per series over the years (density, modularity, forums …).

    Parameters
    ----------
    dates : sequence of datetime.date
        The snapshot dates.
    series : sequence of (label, values)

    Returns
    -------
    str

    Examples
    --------
    >>> import datetime as dt
    >>> trend_chart([dt.date(2020, 12, 31), dt.date(2021, 6, 1)], [("density", [0.5, 0.6])]).startswith("<svg")
    True
    """

    def draw(fig, axes):
        x = [d.year for d in dates]  # each year's snapshot (31 December; the last on the as-of date)
        for ax, (label, values) in zip(np.atleast_1d(axes), series):
            ax.plot(x, list(values), color="#1f4e79", marker="o", markersize=2.5, linewidth=1.2)
            ax.set_title(label, loc="left")
            ax.grid(color="#e5e7eb", linewidth=0.6)
            ax.xaxis.get_major_locator().set_params(integer=True)

    return _drawn("chart-trends", 9.6, 1.5 * len(series) + 0.4, draw, nrows=len(series), sharex=True)
