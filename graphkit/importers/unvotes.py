"""UN General Assembly roll-call votes in the ``unvotes`` / TidyTuesday layout → a dataset folder.

The layout is that of the R package ``unvotes`` (David Robinson), republished
as CSV by TidyTuesday on 2021-03-23; Erik Voeten's Dataverse release maps to
it. Three files:

* the votes, ``rcid,country,country_code,vote``: one row per member and roll
  call, ``country_code`` an ISO 3166-1 alpha-2 code, ``vote`` ``yes``, ``no``
  or ``abstain``. A code written as the bare ``NA`` is *missing* (Yemen Arab
  Republic, the Federal Republic of Germany, Zanzibar); Namibia's code is the
  quoted string ``"NA"``;
* the roll calls, ``rcid,session,importantvote,date,unres,amend,para,short,descr``,
  ``unres`` the resolution symbol in several spellings (``R/73/27``,
  ``A/RES/71/28``);
* optionally the issues, ``rcid,short_name,issue``, named in each instrument's note.

Each selected roll call becomes an ``:Instrument`` of kind ``resolution``
(id ``unga-res-73-27``, as in the bundled dataset) and each of its votes a
``VOTED`` row. Nothing is guessed: a country code that is historical
(``YU``, ``CS``, ``DD``, ``YD``), missing or not one of graphkit's states, and
a roll call whose symbol cannot be read, are returned as :class:`Skipped`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphkit import schema
from graphkit.data.dates import parse_date
from graphkit.errors import InvalidData
from graphkit.importers import folder

VOTES_COLUMNS = ("rcid", "country", "country_code", "vote")
ROLL_CALL_COLUMNS = ("rcid", "session", "importantvote", "date", "unres", "amend", "para", "short", "descr")
ISSUE_COLUMNS = ("rcid", "short_name", "issue")

_TIDYTUESDAY = "https://github.com/rfordatascience/tidytuesday/blob"
#: Where the bundled votes were read: the TidyTuesday 2021-03-23 files (commits of the repository's history).
TIDYTUESDAY_VOTES_URL = f"{_TIDYTUESDAY}/2c423bacc57e4632ff8550557e0bc823eefa31ab/data/2021/2021-03-23/unvotes.csv"
TIDYTUESDAY_ROLL_CALLS_URL = (
    f"{_TIDYTUESDAY}/29c91d7f672d75534a6ed7aea9a94151647a9021/data/2021/2021-03-23/roll_calls.csv"
)
TIDYTUESDAY_VIA = "the unvotes R package / TidyTuesday 2021-03-23"

_SYMBOL = re.compile(r"^\s*(?:A/RES|A/R|RES|R)/(\d{1,3})/(\d{1,4}[A-Z]?)\s*$", re.IGNORECASE)
_ADOPTED = re.compile(r"\s*:\s*resolution\s*/\s*adopted by the General Assembly\W*$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_MAX_TITLE = 200
#: The tier of these rows: a maintained open dataset (Voeten's data, republished).
SOURCE_KIND = "reference"


@dataclass(frozen=True)
class RollCall:
    """One row of the roll-calls file, with the graph id of its resolution (None if its symbol cannot be read)."""

    rcid: str
    session: str
    date: str
    unres: str
    amend: str
    para: str
    short: str
    descr: str
    resolution: str | None


@dataclass(frozen=True)
class Skipped:
    """Rows left out: the votes of one country in one roll call, or a whole roll call (``country`` empty)."""

    rcid: str
    country: str
    code: str
    reason: str


@dataclass
class Imported:
    """What an import produced: the rows of ``instruments.csv`` and ``voted.csv``, and what was left out."""

    instruments: list[dict[str, str]] = field(default_factory=list)
    votes: list[dict[str, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def skipped_rows(self) -> list[dict[str, object]]:
        """The skipped votes grouped by country, code and reason, with their number of roll calls.

        Examples
        --------
        >>> result = Imported(skipped=[Skipped("1", "Yugoslavia", "YU", "historical code")] * 2)
        >>> result.skipped_rows()
        [{'country': 'Yugoslavia', 'code': 'YU', 'reason': 'historical code', 'roll calls': 2}]
        """
        counts = Counter((s.country, s.code, s.reason) for s in self.skipped)
        return [
            {"country": country, "code": code, "reason": reason, "roll calls": n}
            for (country, code, reason), n in sorted(counts.items())
        ]


# -- symbols and titles -----------------------------------------------------------------------
def resolution_id(symbol: str) -> str | None:
    """The graph id of a General Assembly resolution symbol, or None if ``symbol`` is not one.

    Accepts ``A/RES/<session>/<number>`` and the spellings of the unvotes file
    (``R/73/27``), any case; a part letter is kept (``R/52/38B``).

    Examples
    --------
    >>> resolution_id("A/RES/73/27"), resolution_id("R/73/266"), resolution_id("r/52/38B")
    ('unga-res-73-27', 'unga-res-73-266', 'unga-res-52-38b')
    >>> resolution_id("ESS/10/14"), resolution_id("R/9/9/XII"), resolution_id("")
    (None, None, None)
    """
    match = _SYMBOL.match(symbol)
    if not match:
        return None
    session, number = match.groups()
    return f"unga-res-{int(session)}-{number.lstrip('0').lower() or '0'}"


def _symbol_session(symbol: str) -> str | None:
    match = _SYMBOL.match(symbol)
    return str(int(match.group(1))) if match else None


def short_symbol(resolution: str) -> str:
    """``73/27`` for ``unga-res-73-27``: how the bundled names cite a resolution.

    Examples
    --------
    >>> short_symbol("unga-res-73-27"), short_symbol("unga-res-52-38b")
    ('73/27', '52/38B')
    """
    session, number = resolution.removeprefix("unga-res-").split("-")
    return f"{session}/{number.upper()}"


def clean_text(text: str) -> str:
    """Text without control characters, runs of white space as one space.

    Examples
    --------
    >>> clean_text("  MEMBERS\\tPRESENT\\x08 AND  VOTING ")
    'MEMBERS PRESENT AND VOTING'
    """
    return " ".join(_CONTROL.sub(" ", text).split())


def title(short: str, descr: str) -> str:
    """The resolution's title from the ``short`` and ``descr`` texts of its roll call.

    The text that ends in ``: resolution / adopted by the General Assembly``
    (the library catalogue's form) gives the title; else ``short``, else ``descr``.

    Examples
    --------
    >>> title("INFORMATION, INTERNATIONAL SECURITY", "Developments in the field : resolution / adopted by the General Assembly")
    'Developments in the field'
    >>> title("Advancing responsible State behavior ", "NA")
    'Advancing responsible State behavior'
    """
    texts = [clean_text(t) for t in (short, descr) if t and t != "NA"]
    for text in texts:
        if _ADOPTED.search(text):
            return _ADOPTED.sub("", text)
    text = next((t for t in texts if t), "")
    return text if len(text) <= _MAX_TITLE else text[: _MAX_TITLE - 1].rstrip() + "…"


# -- reading ------------------------------------------------------------------------------
def _lines(path: Path, expected: tuple[str, ...], what: str) -> Iterator[tuple[int, str, dict[str, str]]]:
    """``(line number, raw line, row)`` of a CSV file whose header has the ``expected`` columns.

    Raises
    ------
    graphkit.errors.InvalidData
        If the file cannot be read, or its header lacks one of ``expected``.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            raw: list[str] = [""]

            def remember() -> Iterator[str]:
                for text in handle:
                    raw[0] = text
                    yield text

            reader = csv.reader(remember())
            header = [name.strip() for name in next(reader, [])]
            if not set(expected) <= set(header):
                found = ",".join(header)[:120] or "an empty file"
                raise InvalidData(
                    f"{path}: not an unvotes {what} file: expected the columns {','.join(expected)}, found {found}",
                    "give the file in the unvotes / TidyTuesday layout",
                )
            index = [header.index(name) for name in expected]
            for row in reader:
                if row:
                    values = row + [""] * (len(header) - len(row))
                    yield reader.line_num, raw[0], {name: values[i] for name, i in zip(expected, index)}
    except FileNotFoundError:
        raise InvalidData(f"no such file: {path}", "check the path") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise InvalidData(f"{path}: not a readable UTF-8 CSV file ({error})", "give the file as downloaded") from None
    except OSError as error:
        raise InvalidData(f"cannot read {path}: {error.strerror or error}", "check the path") from None


def read_roll_calls(path: Path | str) -> dict[str, RollCall]:
    """The roll calls of an unvotes ``roll_calls.csv``, by ``rcid``.

    A symbol whose session is not the roll call's (``R/677/46`` in session 67) is not read as a resolution.

    Raises
    ------
    graphkit.errors.InvalidData
        If the file is not in that layout, or a date is not ``YYYY-MM-DD``.
    """
    calls: dict[str, RollCall] = {}
    for line, _raw, row in _lines(Path(path), ROLL_CALL_COLUMNS, "roll calls"):
        try:
            if parse_date(row["date"]).precision != "day":
                raise ValueError(f"{row['date']!r} is not a full date")
        except ValueError as error:
            raise InvalidData(f"{path}:{line}: date: {error}", "give the file as downloaded") from None
        resolution = resolution_id(row["unres"]) if _symbol_session(row["unres"]) == row["session"] else None
        calls[row["rcid"]] = RollCall(
            row["rcid"], row["session"], row["date"], row["unres"], row["amend"], row["para"],
            row["short"], row["descr"], resolution,
        )  # fmt: skip
    return calls


def read_issues(path: Path | str | None) -> dict[str, list[str]]:
    """The issue labels of each roll call in an unvotes ``issues.csv`` (none without a file).

    Raises
    ------
    graphkit.errors.InvalidData
        If the file is not in that layout.
    """
    issues: dict[str, list[str]] = {}
    if path is not None:
        for _line, _raw, row in _lines(Path(path), ISSUE_COLUMNS, "issues"):
            issues.setdefault(row["rcid"], []).append(clean_text(row["issue"]))
    return issues


def _code(raw_line: str, code: str) -> str:
    """The country code of a votes row: the bare ``NA`` is missing (empty), the quoted ``"NA"`` is Namibia.

    Examples
    --------
    >>> _code('6073,Namibia,"NA",yes\\n', "NA"), _code("3,Zanzibar,NA,no\\n", "NA"), _code("3,France,FR,no", "FR")
    ('NA', '', 'FR')
    """
    if code != "NA":
        return code
    fields = raw_line.rstrip("\r\n").rsplit(",", 2)
    return "NA" if len(fields) == 3 and fields[1] == '"NA"' else ""


def bundled_instruments() -> set[str]:
    """The instrument ids the bundled dataset defines (an import to load beside it leaves them out).

    Examples
    --------
    >>> "unga-res-73-27" in bundled_instruments()
    True
    """
    return {row["id"] for row in folder.bundled_rows("instruments.csv")}


def state_id(code: str, states: Collection[str]) -> tuple[str | None, str]:
    """The state id of an ISO 3166-1 alpha-2 code, or None and why it has none.

    Examples
    --------
    >>> state_id("FR", {"FRA"}), state_id("NA", {"NAM"})
    (('FRA', ''), ('NAM', ''))
    >>> state_id("YU", {"SRB"})
    (None, 'YU is not a current ISO 3166-1 alpha-2 code (historical state); not mapped')
    >>> state_id("", {"FRA"}), state_id("FR", {"DEU"})
    ((None, 'no country code in the file'), (None, 'FRA is not a state of graphkit'))
    """
    import pycountry

    if not code:
        return None, "no country code in the file"
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return None, f"{code} is not a current ISO 3166-1 alpha-2 code (historical state); not mapped"
    if country.alpha_3 not in states:
        return None, f"{country.alpha_3} is not a state of graphkit"
    return country.alpha_3, ""


# -- selecting ----------------------------------------------------------------------------
def _wanted(resolutions: Iterable[str]) -> dict[str, str]:
    """``{graph id: symbol as given}`` of the resolutions asked for.

    Raises
    ------
    graphkit.errors.InvalidData
        For a symbol that is not ``A/RES/<session>/<number>``.
    """
    wanted: dict[str, str] = {}
    for symbol in resolutions:
        rid = resolution_id(symbol)
        if rid is None:
            raise InvalidData(
                f"{symbol!r} is not a resolution symbol", "write it as A/RES/<session>/<number>, e.g. A/RES/73/27",
                param="resolution",
            )  # fmt: skip
        wanted[rid] = symbol
    return wanted


def select(
    calls: Mapping[str, RollCall],
    resolutions: Iterable[str] = (),
    match: str | None = None,
    since: str | None = None,
) -> tuple[list[RollCall], list[Skipped]]:
    """The roll calls that pass every filter given, one per resolution, and the ones left out.

    Parameters
    ----------
    calls : mapping of str to RollCall
        The roll calls by ``rcid`` (:func:`read_roll_calls`).
    resolutions : iterable of str
        Keep only these resolutions (``A/RES/73/27``); each must have a roll call.
    match : str, optional
        Keep only roll calls whose ``short`` or ``descr`` contains this text (any case).
    since : str, optional
        Keep only roll calls on or after this date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``).

    Raises
    ------
    graphkit.errors.InvalidData
        For a bad symbol or date, or a resolution asked for that no roll call records.

    Examples
    --------
    >>> call = RollCall("6073", "73", "2018-12-05", "R/73/27", "NA", "NA", "ICT", "", "unga-res-73-27")
    >>> other = RollCall("1", "1", "1946-01-01", "GOAR/1/1288B", "0", "0", "RULES", "", None)
    >>> kept, left = select({"6073": call, "1": other}, since="2000")
    >>> [c.rcid for c in kept], left
    (['6073'], [])
    >>> [c.rcid for c in select({"6073": call, "1": other}, match="rules")[0]]
    []
    >>> select({"6073": call, "1": other}, match="rules")[1][0].reason
    "symbol 'GOAR/1/1288B' is not a resolution of session 1 (A/RES/1/<number>)"
    """
    wanted = _wanted(resolutions)
    start = _since(since)
    needle = match.casefold() if match else None
    kept: list[RollCall] = []
    skipped: list[Skipped] = []
    for call in calls.values():
        if start and call.date < start:
            continue
        if needle and needle not in call.short.casefold() and needle not in call.descr.casefold():
            continue
        if wanted and call.resolution not in wanted:
            continue
        if call.resolution is None:
            reason = (
                f"symbol {call.unres!r} is not a resolution of session {call.session} (A/RES/{call.session}/<number>)"
            )
            skipped.append(Skipped(call.rcid, "", "", reason))
            continue
        kept.append(call)
    missing = sorted(set(wanted) - {c.resolution for c in kept})
    if missing:
        raise InvalidData(
            f"no roll call records {', '.join(wanted[m] for m in missing)} (the last roll call is of "
            f"{max((c.date for c in calls.values()), default='-')})",
            "check the symbol and the filters given with it", param="resolution",
        )  # fmt: skip
    return _one_per_resolution(kept, skipped)


def _since(since: str | None) -> str | None:
    if not since:
        return None
    try:
        return parse_date(since).value.isoformat()
    except ValueError as error:
        raise InvalidData(str(error), "write a date as YYYY-MM-DD, YYYY-MM or YYYY", param="since") from None


def _one_per_resolution(kept: list[RollCall], skipped: list[Skipped]) -> tuple[list[RollCall], list[Skipped]]:
    """Where several roll calls record one resolution, the one on the whole text (amend and para 0), else none."""
    by_resolution: dict[str | None, list[RollCall]] = {}
    for call in kept:
        by_resolution.setdefault(call.resolution, []).append(call)
    chosen: list[RollCall] = []
    for calls in by_resolution.values():
        whole = [c for c in calls if c.amend == "0" and c.para == "0"]
        if len(calls) == 1 or len(whole) == 1:
            chosen.append(calls[0] if len(calls) == 1 else whole[0])
            continue
        rcids = ", ".join(c.rcid for c in calls)
        reason = f"roll calls {rcids} all record {calls[0].unres} (votes on parts or amendments); none taken"
        skipped.extend(Skipped(c.rcid, "", "", reason) for c in calls)
    return sorted(chosen, key=lambda c: (c.date, int(c.rcid) if c.rcid.isdigit() else 0)), skipped


# -- converting ---------------------------------------------------------------------------
def convert(
    votes_csv: Path | str,
    roll_calls_csv: Path | str,
    issues_csv: Path | str | None = None,
    *,
    resolutions: Iterable[str] = (),
    match: str | None = None,
    since: str | None = None,
    source_url: str = TIDYTUESDAY_VOTES_URL,
    roll_calls_url: str | None = None,
    as_of: str | None = None,
    states: Collection[str] | None = None,
    codes: Mapping[str, str] | None = None,
    defined_elsewhere: Collection[str] = (),
) -> Imported:
    """Convert unvotes files into the rows of ``instruments.csv`` and ``voted.csv``.

    Parameters
    ----------
    votes_csv, roll_calls_csv, issues_csv : path
        The three files of the layout (the issues are optional: their labels go into each instrument's note).
    resolutions, match, since
        The filters of :func:`select`; every one given must hold.
    source_url : str
        The URL the votes file came from: the ``source`` of every ``VOTED`` row.
    roll_calls_url : str, optional
        The URL of the roll-calls file, the ``source`` of the instruments [default: ``source_url``,
        or the TidyTuesday roll calls with the TidyTuesday votes].
    as_of : str, optional
        The ``as_of`` of every row [default: the date of each roll call].
    states : collection of str, optional
        The state ids votes may point to [default: the bundled dataset's states]; a mapping gives their names.
    codes : mapping of str to str, optional
        Codes the caller maps to a state id themselves (``{"YU": "SRB"}``: the file lists Serbia as
        Yugoslavia); each such row's note says so. Nothing else is mapped beyond ISO 3166-1.
    defined_elsewhere : collection of str
        Instrument ids another dataset already defines: their rows are left out, the votes kept.

    Raises
    ------
    graphkit.errors.InvalidData
        If a file is not in the layout, a value is not what it should be, or a filter is wrong.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "rc.csv").write_text(
    ...     "rcid,session,importantvote,date,unres,amend,para,short,descr\\n"
    ...     "6073,73,NA,2018-12-05,R/73/27,NA,NA,Developments : resolution / adopted by the General Assembly,x\\n")
    >>> _ = (folder / "v.csv").write_text(
    ...     'rcid,country,country_code,vote\\n6073,France,FR,no\\n6073,Namibia,"NA",yes\\n6073,Yugoslavia,YU,yes\\n')
    >>> result = convert(folder / "v.csv", folder / "rc.csv")
    >>> [(v["from_id"], v["to_id"], v["vote"], v["date"]) for v in result.votes]
    [('FRA', 'unga-res-73-27', 'no', '2018-12-05'), ('NAM', 'unga-res-73-27', 'yes', '2018-12-05')]
    >>> result.instruments[0]["name"], result.skipped[0].code
    ('UN General Assembly resolution 73/27: Developments', 'YU')
    """
    folder.check_provenance(as_of, source_url=source_url, roll_calls_url=roll_calls_url)
    calls, skipped = select(read_roll_calls(roll_calls_csv), resolutions, match, since)
    issues = read_issues(issues_csv)
    by_rcid = {c.rcid: c for c in calls}
    known = states if states is not None else folder.bundled_states()
    mapped = folder.mapped_codes(codes or {}, known)
    votes, tallies, left = _votes(Path(votes_csv), by_rcid, known, mapped)
    via = TIDYTUESDAY_VIA if source_url == TIDYTUESDAY_VOTES_URL else "an unvotes-layout file"
    if roll_calls_url is None:
        roll_calls_url = TIDYTUESDAY_ROLL_CALLS_URL if source_url == TIDYTUESDAY_VOTES_URL else source_url
    result = Imported(skipped=skipped + left)
    for call in calls:
        if call.resolution not in defined_elsewhere:
            result.instruments.append(_instrument(call, roll_calls_url, as_of, via, tallies[call.rcid], issues))
    for rcid, state, vote, listed in votes:
        call = by_rcid[rcid]
        note = f"Voeten UNGA voting data (roll call {rcid}), via {via}"
        if listed:
            name = known.get(state, state) if isinstance(known, Mapping) else state
            note += f"; listed as {listed} in the source: {name}"
        result.votes.append(
            {"from_id": state, "to_id": str(call.resolution), "vote": vote, "date": call.date,
             "source": source_url, "source_kind": SOURCE_KIND, "as_of": as_of or call.date, "note": note}
        )  # fmt: skip
    result.votes.sort(key=lambda v: (v["from_id"], v["date"], v["to_id"]))
    return result


def _votes(
    path: Path, calls: Mapping[str, RollCall], states: Collection[str], mapped: Mapping[str, str]
) -> tuple[list[tuple[str, str, str, str]], dict[str, Counter], list[Skipped]]:
    """``(rcid, state, vote, listed as)`` of the selected roll calls, the tally of each, and the votes left out.

    ``listed as`` is ``Country (CODE)`` for a row the caller's ``mapped`` codes placed, else empty.
    """
    votes: list[tuple[str, str, str, str]] = []
    tallies: dict[str, Counter] = {rcid: Counter() for rcid in calls}
    skipped: list[Skipped] = []
    seen: dict[tuple[str, str], int] = {}
    for line, raw, row in _lines(path, VOTES_COLUMNS, "votes"):
        rcid = row["rcid"]
        if rcid not in calls:
            continue
        vote = row["vote"]
        if vote not in schema.VOTES:
            raise InvalidData(f"{path}:{line}: vote {vote!r} is not yes, no or abstain", "give the file as downloaded")
        tallies[rcid][vote] += 1
        code = _code(raw, row["country_code"])
        state, reason = (mapped[code], "") if code in mapped else state_id(code, states)
        if state is None:
            skipped.append(Skipped(rcid, clean_text(row["country"]), code, reason))
            continue
        if (rcid, state) in seen:
            raise InvalidData(
                f"{path}:{line}: a second vote of {state} in roll call {rcid} (first at line {seen[rcid, state]})",
                "give the file as downloaded",
            )
        seen[rcid, state] = line
        listed = f"{clean_text(row['country'])} ({code})" if code in mapped else ""
        votes.append((rcid, state, vote, listed))
    return votes, tallies, skipped


def _instrument(
    call: RollCall, source: str, as_of: str | None, via: str, tally: Counter, issues: Mapping[str, list[str]]
) -> dict[str, str]:
    """The ``instruments.csv`` row of one roll call's resolution."""
    resolution = str(call.resolution)
    counted = f"{tally['yes']} yes, {tally['no']} no, {tally['abstain']} abstain"
    note = f"Voeten UNGA voting data (roll call {call.rcid}, {call.unres}), via {via}; recorded votes: {counted}"
    if issues.get(call.rcid):
        note += f"; unvotes issue: {', '.join(issues[call.rcid])}"
    name = f"UN General Assembly resolution {short_symbol(resolution)}"
    text = title(call.short, call.descr)
    return {
        "id": resolution, "name": f"{name}: {text}" if text else name, "short_name": f"UNGA {short_symbol(resolution)}",
        "kind": "resolution", "adopted": call.date,
        "source": source, "source_kind": SOURCE_KIND, "as_of": as_of or call.date, "note": note,
    }  # fmt: skip


# -- writing ------------------------------------------------------------------------------
def write_folder(result: Imported, out: Path | str, name: str | None = None) -> list[Path]:
    """Write ``instruments.csv``, ``voted.csv`` and ``datapackage.json`` into ``out``; return their paths.

    ``out`` may exist, but hold no other CSV file (it would become part of the
    dataset). The dataset is named ``name``, else after the folder.

    Raises
    ------
    graphkit.errors.InvalidData
        If ``out`` is a file or holds other CSV files.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "unga-votes"
    >>> [p.name for p in write_folder(Imported(), out)]
    ['instruments.csv', 'voted.csv', 'datapackage.json']
    >>> (out / "voted.csv").read_text()
    'from_id,to_id,vote,date,source,source_kind,as_of,note\\n'
    """
    tables: list[folder.Table] = [
        (schema.NODE_BY_LABEL["Instrument"], result.instruments),
        (schema.REL_BY_TYPE["VOTED"], result.votes),
    ]
    title = "UN General Assembly recorded votes (unvotes layout)"
    return folder.write_folder(out, name or Path(out).name, title, tables)
