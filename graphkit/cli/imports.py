"""``graphkit import SOURCE FILE… --out DIR``: a source's downloaded file as a dataset folder."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.boundary import CONTEXT, GraphkitGroup

_FILE = click.Path(dir_okay=False, path_type=Path)
#: The options every importer takes: where the folder goes and what the dataset is called.
_OUT = click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="The dataset folder to write."
)
_NAME = click.option("--name", default=None, metavar="NAME", help="The dataset's name [default: the folder's].")


def _report(
    count: int, left_out: list[dict], what: str, columns: list[str], written_rows: str, out: Path, files
) -> None:
    """The importer's warning (``count`` things left out, their table) on stderr, then the line of what it wrote."""
    from graphkit import output

    if count:
        click.echo(f"Warning: {count} {what}:", err=True)
        click.echo(output.render(columns, left_out, "table", max_width=None), err=True)
    click.echo(f"{written_rows} written to {out} ({', '.join(p.name for p in files)})")


def _parse_codes(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    codes: dict[str, str] = {}
    for value in values:
        code, sep, state = value.partition("=")
        if not sep or not code.strip() or not state.strip():
            raise click.BadParameter(f"{value!r}: write CODE=ID, e.g. YU=SRB", ctx, param)
        codes[code.strip()] = state.strip()
    return codes


@click.group("import", cls=GraphkitGroup, context_settings=CONTEXT)
def import_group() -> None:
    """Convert a source's own downloaded file into a dataset folder, for `validate` and `load`.

    graphkit never downloads: save the file from its publisher, then convert
    it. Every row gets `source` (the file's URL, or --source-url) and `as_of`
    (the source's date, or --as-of).

    \b
    Sources:
      unvotes   UNGA roll-call votes, unvotes / TidyTuesday layout (Voeten's data)
        Example: graphkit import unvotes unvotes.csv roll_calls.csv --resolution A/RES/73/27 --out unga-votes
      paris-call  Paris Call supporters, the _supporters/ files of the site's repository (ambanum/pariscall.international)
        Example: graphkit import paris-call _supporters --commit 916433b… --as-of 2025-12-25 --out paris-call
      cow-igo   memberships from the Correlates of War IGO data v3 (state-year file and COW's state list)
        Example: graphkit import cow-igo state_year_format3.csv states2016.csv --igo itu=itu \\
                   --source-url https://correlatesofwar.org/data-sets/IGOs/ --out cow
    """


@import_group.command("unvotes", context_settings=CONTEXT)
@click.argument("votes_csv", metavar="VOTES_CSV", type=_FILE)
@click.argument("roll_calls_csv", metavar="ROLL_CALLS_CSV", type=_FILE)
@click.argument("issues_csv", metavar="[ISSUES_CSV]", type=_FILE, required=False)
@_OUT
@click.option(
    "--resolution", "resolutions", multiple=True, metavar="A/RES/S/N", help="Keep this resolution (repeatable)."
)
@click.option("--match", default=None, metavar="TEXT", help="Keep roll calls whose short or descr text contains TEXT.")
@click.option("--since", default=None, metavar="DATE", help="Keep roll calls on or after DATE (YYYY[-MM[-DD]]).")
@click.option(
    "--source-url", default=None, metavar="URL", help="The votes file's URL [default: TidyTuesday 2021-03-23]."
)
@click.option("--roll-calls-url", default=None, metavar="URL", help="The roll-calls file's URL [default: likewise].")
@click.option("--as-of", default=None, metavar="DATE", help="The as_of of every row [default: each roll call's date].")
@click.option(
    "--beside-bundled", is_flag=True, help="Leave out the resolutions the bundled dataset defines (load beside it)."
)
@click.option(
    "--code", "codes", multiple=True, metavar="CODE=ID", callback=_parse_codes,
    help="Map a code yourself, e.g. YU=SRB (Serbia is listed as Yugoslavia after 2006; pair with --since). Repeatable.",
)  # fmt: skip
@_NAME
def unvotes_cmd(
    votes_csv: Path,
    roll_calls_csv: Path,
    issues_csv: Path | None,
    out: Path,
    resolutions: tuple[str, ...],
    match: str | None,
    since: str | None,
    source_url: str | None,
    roll_calls_url: str | None,
    as_of: str | None,
    beside_bundled: bool,
    codes: dict[str, str],
    name: str | None,
) -> None:
    """UNGA recorded votes: resolutions as instruments, one VOTED row per state and roll call.

    VOTES_CSV has rcid,country,country_code,vote; ROLL_CALLS_CSV
    rcid,session,importantvote,date,unres,amend,para,short,descr; the optional
    ISSUES_CSV rcid,short_name,issue. Filters combine (all must hold). Votes of
    historical or unknown country codes are left out and listed, never guessed.

    \b
    Examples:
      graphkit import unvotes unvotes.csv roll_calls.csv --resolution A/RES/73/27 --resolution A/RES/73/266 --out unga
      graphkit import unvotes unvotes.csv roll_calls.csv issues.csv --match cyberspace --since 2015 --out unga
    """
    from graphkit.importers import unvotes

    elsewhere = unvotes.bundled_instruments() if beside_bundled else set()
    result = unvotes.convert(
        votes_csv, roll_calls_csv, issues_csv,
        resolutions=resolutions, match=match, since=since,
        source_url=source_url or unvotes.TIDYTUESDAY_VOTES_URL, roll_calls_url=roll_calls_url,
        as_of=as_of, codes=codes, defined_elsewhere=elsewhere,
    )  # fmt: skip
    written = unvotes.write_folder(result, out, name)
    resolutions_written = len({v["to_id"] for v in result.votes})
    summary = (
        f"{len(result.votes)} votes on {resolutions_written} resolution(s), {len(result.instruments)} instrument(s)"
    )
    columns = ["country", "code", "reason", "roll calls"]
    _report(
        len(result.skipped), result.skipped_rows(), "vote(s) or roll call(s) left out", columns, summary, out, written
    )


@import_group.command("paris-call", context_settings=CONTEXT)
@click.argument("supporters_dir", metavar="SUPPORTERS_DIR", type=click.Path(file_okay=False, path_type=Path))
@_OUT
@click.option("--commit", default=None, metavar="SHA", help="The repository commit the files were read at.")
@click.option(
    "--source-base", default=None, metavar="URL",
    help="The URL of the _supporters/ folder, each row's source + /FILE [default: from --commit].",
)  # fmt: skip
@click.option("--as-of", required=True, metavar="DATE", help="The date of the repository snapshot (every row's as_of).")
@click.option(
    "--code", "codes", multiple=True, metavar="CODE=ID", callback=_parse_codes,
    help="Map a nationality code yourself, e.g. ROM=ROU (the site's code for Romania). Repeatable.",
)  # fmt: skip
@_NAME
def paris_call_cmd(
    supporters_dir: Path,
    out: Path,
    commit: str | None,
    source_base: str | None,
    as_of: str,
    codes: dict[str, str],
    name: str | None,
) -> None:
    """Paris Call supporters: states' ENDORSED rows, and every other supporter a Stakeholder.

    SUPPORTERS_DIR is the _supporters/ folder of github.com/ambanum/pariscall.international
    (one Markdown file per supporter: name, category, nature, nationality).
    A supporter named like a bundled organisation (European Union, INTERPOL)
    endorses as that organisation. A stakeholder's nationality gives its
    BASED_IN state; a code that is not ISO 3166-1 (nor mapped with --code) is
    listed, never guessed. Rows are ENDORSED (to paris-call), stakeholders and
    BASED_IN, each with source = the supporter's file at the commit.

    \b
    Example:
      git clone https://github.com/ambanum/pariscall.international && cd pariscall.international
      graphkit import paris-call _supporters --commit "$(git rev-parse HEAD)" --as-of 2025-12-25 \\
        --code ROM=ROU --code MTG=MNE --code SCG=SRB --out ../paris-call
    """
    from graphkit.importers import paris_call

    if (commit is None) == (source_base is None):
        raise click.UsageError("give --commit or --source-base (one of them)")
    base = source_base if source_base is not None else paris_call.source_base(str(commit))
    result = paris_call.convert(supporters_dir, source_base=base, as_of=as_of, codes=codes)
    written = paris_call.write_folder(result, out, name)
    summary = (
        f"{len(result.stakeholders)} stakeholder(s), {len(result.endorsed)} ENDORSED and {len(result.based_in)} "
        "BASED_IN row(s)"
    )
    columns = ["file", "name", "nationality", "reason"]
    what = "supporter(s) without a state of graphkit"
    _report(len(result.unplaced), result.unplaced_rows(), what, columns, summary, out, written)


def _parse_igos(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    igos: dict[str, str] = {}
    for value in values:
        column, sep, org = value.partition("=")
        if not sep or not column.strip() or not org.strip():
            raise click.BadParameter(f"{value!r}: write COLUMN=ORGANISATION, e.g. itu=itu", ctx, param)
        igos[column.strip().lower()] = org.strip()
    if not igos:
        raise click.BadParameter("give at least one COLUMN=ORGANISATION, e.g. itu=itu", ctx, param)
    return igos


@import_group.command("cow-igo", context_settings=CONTEXT)
@click.argument("state_year_csv", metavar="STATE_YEAR_CSV", type=_FILE)
@click.argument("states_csv", metavar="STATES_CSV", type=_FILE)
@_OUT
@click.option(
    "--igo", "igos", multiple=True, metavar="COLUMN=ORG", callback=_parse_igos,
    help="A COW organisation column and the organisation id its rows point to, e.g. itu=itu. Repeatable.",
)  # fmt: skip
@click.option("--source-url", required=True, metavar="URL", help="The URL of the state-year file (every row's source).")
@click.option("--as-of", default=None, metavar="DATE", help="The as_of of every row [default: the file's last year].")
@click.option(
    "--code", "codes", multiple=True, metavar="CCODE=ID", callback=_parse_codes,
    help="Map a COW state code yourself, e.g. 260=DEU (the German Federal Republic). Repeatable.",
)  # fmt: skip
@_NAME
def cow_igo_cmd(
    state_year_csv: Path,
    states_csv: Path,
    out: Path,
    igos: dict[str, str],
    source_url: str,
    as_of: str | None,
    codes: dict[str, str],
    name: str | None,
) -> None:
    """COW IGO v3 memberships: one MEMBER_OF row per state, organisation and spell of one status.

    STATE_YEAR_CSV has ccode,year and one column per organisation (1 full
    member, 2 associate, 3 observer); STATES_CSV is COW's state list
    (stateabb,ccode,statenme,styear,…,endyear). A spell's since is its first
    year, until the first year out of it (empty if it lasts to the file's
    end). States COW no longer lists in the file's last year, and names that
    give no state of graphkit, are left out and listed, never guessed.

    \b
    Example:
      graphkit import cow-igo state_year_format3.csv states2016.csv --igo itu=itu --igo nam=nam \\
        --code 260=DEU --source-url https://correlatesofwar.org/data-sets/IGOs/ --out cow
    """
    from graphkit.importers import cow_igo

    result = cow_igo.convert(state_year_csv, states_csv, igos, source_url=source_url, as_of=as_of, codes=codes)
    written = cow_igo.write_folder(result, out, name)
    summary = f"{len(result.memberships)} MEMBER_OF row(s)"
    columns = ["ccode", "name", "reason"]
    _report(len(result.skipped), result.skipped_rows(), "COW state(s) left out", columns, summary, out, written)
