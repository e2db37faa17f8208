"""``graphkit validate``, ``load``, ``stats`` and ``schema``: the dataset on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from graphkit.cli.boundary import CONTEXT
from graphkit.cli.options import connection_options, dataset_dirs_argument
from graphkit.errors import ExitCode


def _dirs(dirs: tuple[Path, ...]) -> list[Path]:
    from graphkit.data.read import bundled_datasets_dir

    return list(dirs) or [bundled_datasets_dir()]


def _names(dirs: list[Path], name: str | None) -> list[str | None]:
    if name is not None and len(dirs) != 1:
        raise click.BadParameter("names one dataset: give a single DIR with it", param_hint="'--name'")
    return [name] if name else []


name_option = click.option(
    "--name", default=None, metavar="NAME",
    help="The dataset's name for a single DIR [default: the name in its datapackage.json, else the folder's].",
)  # fmt: skip


@click.command("validate", context_settings=CONTEXT)
@dataset_dirs_argument
@name_option
@click.option("--quiet", "-q", is_flag=True, help="Print problems only, no summary.")
def validate(dirs: tuple[Path, ...], name: str | None, quiet: bool) -> None:
    """Check dataset folders without touching Neo4j; print every problem as file:line: column: message.

    Several folders are merged. An analyst's folder may point to nodes it does
    not define: they are looked up in the bundled dataset. With no DIR, the
    bundled dataset. Exit 1 if any error.

    \b
    Example:
      graphkit validate datasets my-ministry-data
    """
    from graphkit.data.read import bundled_known, read_datasets

    folders = _dirs(dirs)
    dataset = read_datasets(folders, _names(folders, name), bundled_known(folders), "the bundled dataset")
    for problem in dataset.problems:
        click.echo(str(problem))
    if not quiet:
        click.echo(dataset.summary(), err=True)
    if dataset.errors:
        sys.exit(int(ExitCode.INVALID_DATA))


class _ProgressBar:
    """A click progress bar on stderr, drawn as the load reports (name, done, total)."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.done = 0

    def __call__(self, name: str, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Loading", file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.label = f"Loading {name:<14}"
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("load", context_settings=CONTEXT)
@dataset_dirs_argument
@click.option("--dry-run", is_flag=True, help="Validate and run the load in a transaction that is rolled back.")
@click.option(
    "--batch-size", type=click.IntRange(1, 1_000_000), default=10_000, show_default=True, help="Rows per UNWIND batch."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@name_option
@connection_options
def load_cmd(dirs, dry_run: bool, batch_size: int, as_json: bool, quiet: bool, name: str | None, connection) -> None:
    """Validate dataset folders, then synchronise them with Neo4j in one transaction.

    Each folder is a dataset: afterwards its facts in the graph are exactly the
    rows of its files (new rows created, changed ones updated, removed ones
    deleted); other datasets are left alone. A folder may point to nodes of a
    dataset already loaded. Nothing is written if anything is invalid; loading
    the same data again changes nothing. With no DIR, the bundled dataset.

    \b
    Examples:
      graphkit load                                   # the bundled dataset
      graphkit load my-ministry-data --json           # an analyst's folder, beside it
      graphkit load datasets my-ministry-data --dry-run
    """
    from graphkit.data.descriptor import dataset_name
    from graphkit.data.ingest import known_in, load
    from graphkit.data.read import read_datasets
    from graphkit.db.store import Store

    folders = _dirs(dirs)
    names = _names(folders, name)
    bar = _ProgressBar() if not quiet and not as_json and sys.stderr.isatty() else None
    with Store(connection) as store:
        loading = [n for n in names if n] or [dataset_name(f) for f in folders]
        dataset = read_datasets(folders, names, known_in(store, loading), "the database")
        for problem in dataset.warnings:
            click.echo(str(problem), err=True)
        dataset.raise_if_invalid()
        try:
            report = load(store, dataset, batch_size=batch_size, dry_run=dry_run, progress=bar)
        finally:
            if bar:
                bar.close()
    _print_report(report, as_json)


def _print_report(report, as_json: bool) -> None:
    from graphkit import output

    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    click.echo(output.render(report.COLUMNS, report.rows(), "table", note=report.note()), nl=False)


@click.command("unload", context_settings=CONTEXT)
@click.argument("name")
@click.option("--dry-run", is_flag=True, help="Show what would be removed, and remove nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@connection_options
def unload_cmd(name: str, dry_run: bool, as_json: bool, connection) -> None:
    """Remove one dataset's facts in one transaction; nodes go only when no other dataset uses them.

    `graphkit stats` lists the datasets in the database.

    \b
    Example:
      graphkit unload my-ministry-data --dry-run
    """
    from graphkit.data.ingest import unload
    from graphkit.db.store import Store

    with Store(connection) as store:
        report = unload(store, name, dry_run=dry_run)
    _print_report(report, as_json)


@click.command("stats", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@connection_options
def stats_cmd(as_json: bool, connection) -> None:
    """Count nodes per label, relationships per type, and the facts of each loaded dataset.

    \b
    Example:
      graphkit stats --json
    """
    from graphkit import output
    from graphkit.data.stats import stats, stats_rows
    from graphkit.db.store import Store

    with Store(connection) as store:
        counts = stats(store)
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    rows, note = stats_rows(counts)
    click.echo(output.render(["kind", "name", "count"], rows, "table", note=note), nl=False)


@click.command("schema", context_settings=CONTEXT)
@click.option("--datapackage", is_flag=True, help="Print the Frictionless datapackage.json descriptor of the format.")
def schema_cmd(datapackage: bool) -> None:
    """Show the graph schema: labels, relationship types and their CSV files and columns.

    \b
    Example:
      graphkit schema --datapackage > my-data/datapackage.json
    """
    from graphkit import schema

    if datapackage:
        click.echo(json.dumps(schema.datapackage(), indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(schema.describe()))
