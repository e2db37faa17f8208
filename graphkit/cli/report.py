"""``graphkit report``: parse options, call graphkit.report."""

from __future__ import annotations

import time
from pathlib import Path

import click

from graphkit.cli.boundary import CONTEXT
from graphkit.cli.options import actors_option, as_of_option, connection_options, exclude_option, weight_options
from graphkit.vocabulary import DEFAULT_SEED


@click.command("report", context_settings=CONTEXT)
@as_of_option("Report on the network as it stood on DATE (YYYY-MM-DD) [default: latest = today].")
@click.option(
    "--from", "from_year", type=click.IntRange(1000, 9999), default=2000, show_default=True, metavar="YEAR",
    help="The first year of the year-by-year section (31 December of each year up to the as-of date).",
)  # fmt: skip
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("out") / "report.html",
    show_default=True, help="The HTML file to write.",
)  # fmt: skip
@exclude_option
@actors_option
@weight_options
@click.option(
    "--seed", type=int, default=DEFAULT_SEED, show_default=True,
    help="Seed of Louvain, the permutation tests and the charts' jitter (same seed, same report).",
)  # fmt: skip
@connection_options
def report(as_of, from_year, out, exclude, actors, multipliers, seed, connection) -> None:
    """Write one offline HTML report: offices and centrality, the network year by year, blocs, brokers.

    Do states with a cyber-diplomacy office sit more centrally than states
    without (Mann-Whitney U with effect sizes, a permutation test, within
    each UN region, before and after)? How did the network change each year?
    Which blocs exist, and who brokers between them? The page has no script
    and loads nothing; it prints the command that reproduces it. Prints the
    path of the file.

    \b
    Examples:
      graphkit report                                   # out/report.html
      graphkit report --as-of 2026-12-02 --from 2000 --seed 42
      graphkit report --exclude un,itu --out out/report-without-un.html
    """
    started = time.monotonic()
    from graphkit.db.store import Store
    from graphkit.report.build import ReportOptions, build_report, write_report

    def progress(line: str) -> None:
        click.echo(f"[{time.monotonic() - started:5.1f} s] {line}", err=True)

    options = ReportOptions(as_of, from_year, multipliers, exclude, actors, seed).check()
    with Store(connection) as store:
        built = build_report(store, options, progress)
    path = write_report(built, out)
    click.echo(f"Wrote {path} ({path.stat().st_size / 1e3:.0f} kB) in {time.monotonic() - started:.1f} s", err=True)
    click.echo(str(path))
