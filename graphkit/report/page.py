"""The report's HTML page: one file, no script, nothing loaded from the network.

* The page is rendered by Jinja (``page.html`` beside this module) with
  autoescaping on: every string from the data (names, community names) is
  escaped; only graphkit's own stylesheet and the charts' SVG
  (:mod:`graphkit.report.charts`, whose text is drawn as paths) are inserted
  as markup.
* A Content-Security-Policy ``<meta>`` allows nothing but the page's one
  stylesheet (by its hash) and ``data:`` images: no script, no request to any
  host, no form, no base URL.
* Every figure and table says what it was computed on (the date, the weighting,
  the forums left out, the actors, the seed, the graphkit version), and the
  page prints the one command that builds it again.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader

from graphkit.data.dates import as_of_text
from graphkit.errors import InvalidData
from graphkit.report import offices
from graphkit.report.brokers import broker_sentence
from graphkit.report.yearly import trend_sentences

if TYPE_CHECKING:
    from graphkit.report.build import Report

HERE = Path(__file__).resolve().parent
_UNSAFE = re.compile(r"<script|<foreignObject|<iframe|\son\w+\s*=|javascript:", re.IGNORECASE)


def style_hash(css: str) -> str:
    """The CSP source expression that allows an inline stylesheet with exactly this text.

    Examples
    --------
    >>> style_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'"


def csp(css: str) -> str:
    """The page's Content-Security-Policy: its own stylesheet and ``data:`` images, nothing else.

    Examples
    --------
    >>> csp("")[:40]
    "default-src 'none'; style-src 'sha256-47"
    """
    return "; ".join(
        ["default-src 'none'", f"style-src {style_hash(css)}", "img-src data:", "base-uri 'none'", "form-action 'none'"]
    )


def checked_svg(svg: str | None, name: str) -> str | None:
    """``svg`` if it holds nothing that could run or load (a chart is graphkit's own markup).

    Raises
    ------
    graphkit.errors.InvalidData
        If it holds a script, an event handler, a foreign object or a ``javascript:`` link (a graphkit bug).

    Examples
    --------
    >>> checked_svg('<svg id="c"><path d="M 0 0"/></svg>', "c")
    '<svg id="c"><path d="M 0 0"/></svg>'
    >>> checked_svg('<svg onload="x()"></svg>', "c")
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidData: chart c holds markup that could run
    """
    if svg is not None and (_UNSAFE.search(svg) or "style=" in svg):
        raise InvalidData(f"chart {name} holds markup that could run", "report this as a graphkit bug")
    return svg


def data_line(report: Report, day: _dt.date | None = None) -> str:
    """What a figure or table was computed on: date, sources, weighting, exclusions, actors, seed, version."""
    from graphkit.views.build import weighting_text

    opts = report.options
    parts = [f"as of {as_of_text(day or report.day)}"]
    if report.data_as_of:
        parts.append(f"sources dated up to {report.data_as_of}")
    parts.append(weighting_text(opts.multipliers).replace("Newman collaboration weights over shared forums; ", ""))
    parts.append("excluding " + ", ".join(opts.exclude) if opts.exclude else "no forum excluded")
    parts += [f"actors: {opts.actors}", f"seed {opts.seed}", f"graphkit {report.version}"]
    return "Data: " + "; ".join(parts) + "."


def _record(report: Report) -> list[tuple[str, Any]]:
    """The computation's record (:func:`graphkit.analysis.runs.run_record`) as (key, text) pairs."""
    shown = {k: v for k, v in report.record.items() if k not in ("id", "computed_at")}
    shown.setdefault("betweenness_pivots", "none: exact")
    shown["from_year"] = report.options.from_year
    shown["command"] = report.command
    return [(k, as_of_text(v) if isinstance(v, _dt.date) else ", ".join(v) if isinstance(v, list) else v)
            for k, v in shown.items()]  # fmt: skip


def _methods(report: Report) -> str:
    """Which Mann–Whitney p-values were exact and which asymptotic."""
    found = {c.test.method for c in (report.findings.pagerank, report.findings.betweenness) if c is not None}
    found |= {r.comparison.test.method for r in report.findings.regions}
    words = {"exact": "exact distribution", "asymptotic": "normal approximation with tie correction"}
    return " and ".join(words[m] for m in sorted(found)) or "no test"


def context(report: Report, generated: _dt.datetime | None = None) -> dict[str, Any]:
    """The template's variables for ``report``."""
    from graphkit.views.build import weighting_text

    css = (HERE / "page.css").read_text(encoding="utf-8")
    years = report.history.years
    pivots = report.record.get("betweenness_pivots")
    return {
        "r": report, "f": report.findings, "css": css, "csp": csp(css), "day": report.day.isoformat(),
        "first_day": years[0].date.isoformat(), "data": data_line(report),
        "years_data": data_line(report).replace(f"as of {report.day}", f"{years[0].date} to {report.day}, yearly"),
        "trend": trend_sentences(report.history), "blocs_now": years[-1].blocs,
        "broker_sentence": broker_sentence(report.brokers, report.day.isoformat()),
        "betweenness": f"sampled with {pivots} seeded pivots" if pivots else "exact",
        "weighting": weighting_text(report.options.multipliers), "record": _record(report), "methods": _methods(report),
        "office_states": len(report.findings.holders), "permutations": offices.PERMUTATIONS,
        "min_group": offices.MIN_GROUP, "small_group": offices.SMALL_GROUP, "window": offices.WINDOW,
        "min_pairs": offices.MIN_PAIRS,
        "generated": (generated or _dt.datetime.now(_dt.timezone.utc)).replace(microsecond=0).isoformat(),
    }  # fmt: skip


def environment(report: Report) -> Environment:
    """The Jinja environment of the page: autoescaping on, the ``pvalue`` filter, ``data_on(date)``."""
    env = Environment(loader=FileSystemLoader(str(HERE)), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["pvalue"] = lambda p: offices.p_text(p)[2:].replace("= ", "")
    env.globals["data_on"] = lambda day: data_line(report, day)
    return env


def report_html(report: Report, generated: _dt.datetime | None = None) -> str:
    """The complete HTML page of ``report``.

    Parameters
    ----------
    report : graphkit.report.build.Report
        :func:`graphkit.report.build.build_report`'s result.
    generated : datetime.datetime, optional
        When it was generated (now by default).

    Returns
    -------
    str

    Raises
    ------
    graphkit.errors.InvalidData
        If a chart holds markup that could run (a graphkit bug).

    Examples
    --------
    >>> import datetime as dt
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> from graphkit.report.build import ReportOptions, assemble
    >>> H = bipartite_from_rows([{"id": s, "attrs": {"name": s + " <b>"}} for s in ("EST", "FIN", "FRA")],
    ...     [{"id": "eu", "label": "Organisation", "attrs": {}}],
    ...     [{"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {}} for s in ("EST", "FIN", "FRA")])
    >>> page = report_html(assemble(H, [], ReportOptions(as_of="2020-06-30", from_year=2019)))
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, "EST &lt;b&gt;" in page, 'id="method"' in page
    (True, False, True, True)
    """
    for name, svg in report.charts.items():
        checked_svg(svg, name)
    return environment(report).get_template("page.html").render(context(report, generated))
