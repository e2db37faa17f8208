"""Correlates of War IGO data (version 3), state-year layout → ``MEMBER_OF`` rows of a dataset folder.

The COW Intergovernmental Organizations dataset (Pevehouse, Nordstrom,
McManus and Jamison 2020) records, for each state and year from 1815 to 2014,
its status in each of about 530 organisations. Two files:

* the state-year file, ``ccode,year,state,<ioname>…``: one row per state and
  year, one column per
  organisation named by its lower-case abbreviation (``itu``, ``nam``,
  ``au``, ``osce``); a value is ``1`` full membership, ``2`` associate
  membership, ``3`` observer, ``0`` none, ``-9`` missing, ``-1`` not a state
  that year;
* COW's state list, ``stateabb,ccode,statenme,styear,…,endyear,…``, which
  names each ``ccode``.

Each spell of one status becomes a row: ``since`` its first year, ``until``
the first year out of it (none if it lasts to the file's last year); a year in
which the state is not in the file ends a spell. Version 3 has a row for every
year (Pevehouse et al. 2020: "the inclusion of annual membership data for the
1815–1964 time period"). The spells of two codes of one state that touch are
merged. Codes are mapped to graphkit's states by the state's
name (country_converter) for the states COW still lists in the file's last
year; a state that left COW's system before then (the German Federal
Republic, the Yemen Arab Republic …) is left out and listed unless the caller
maps its code (``codes={"260": "DEU"}``), as are names that give no state.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphkit import schema
from graphkit.errors import InvalidData
from graphkit.importers import folder

STATE_YEAR_COLUMNS = ("ccode", "year")
STATES_COLUMNS = ("stateabb", "ccode", "statenme", "styear", "endyear")
#: COW's status codes → graphkit's role (and a note for associates).
ROLES = {1: ("member", ""), 2: ("member", "associate membership"), 3: ("observer", "")}
#: The tier of these rows: a maintained open dataset.
SOURCE_KIND = "reference"


@dataclass(frozen=True)
class Spell:
    """One period of one status: from ``since`` (a year) until ``until`` (excluded; None: to the data's end)."""

    role: str
    since: int
    until: int | None
    associate: bool = False


@dataclass(frozen=True)
class Skipped:
    """A COW state left out, and why."""

    ccode: str
    name: str
    reason: str


@dataclass
class Imported:
    """The ``member_of.csv`` rows an import produced, and the states left out."""

    memberships: list[dict[str, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def skipped_rows(self) -> list[dict[str, str]]:
        """The left-out states as rows for a table."""
        return [{"ccode": s.ccode, "name": s.name, "reason": s.reason} for s in self.skipped]


# -- reading ----------------------------------------------------------------------------------
def _table(path: Path, required: tuple[str, ...], what: str) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, row)`` of a CSV file whose header has ``required``; a file:line error otherwise."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidData(
                f"{path}:1: the header has no column {', '.join(missing)}; this is not {what}",
                f"give {what} (its header starts {','.join(required)})",
            )
        for row in reader:
            yield reader.line_num, row


def read_states(path: Path | str) -> dict[str, tuple[str, int]]:
    """COW's state list: ``{ccode: (name, the last year it is a state)}``.

    Raises
    ------
    graphkit.errors.InvalidData
        If the header lacks a column of :data:`STATES_COLUMNS` or a year is not a number.
    """
    out: dict[str, tuple[str, int]] = {}
    for line, row in _table(Path(path), STATES_COLUMNS, "COW's state list (states2016.csv)"):
        try:
            end = int(row["endyear"])
        except ValueError:
            raise InvalidData(
                f"{path}:{line}: endyear: {row['endyear']!r} is not a year", "give COW's state list unchanged"
            ) from None
        code = row["ccode"].strip()
        out[code] = (row["statenme"].strip(), max(end, out.get(code, ("", end))[1]))
    return out


def _status(raw: str, path: Path, line: int, column: str) -> int:
    try:
        return int(float(raw))
    except ValueError:
        raise InvalidData(
            f"{path}:{line}: {column}: {raw!r} is not a COW status (1, 2, 3, 0, -9 or -1)",
            "give the COW state-year file unchanged",
        ) from None


def read_state_years(path: Path | str, igos: list[str]) -> dict[str, dict[str, dict[int, int]]]:
    """``{ccode: {ioname: {year: status}}}`` of the state-year file, for the organisations ``igos``.

    Raises
    ------
    graphkit.errors.InvalidData
        If the header lacks ``ccode``, ``year`` or an organisation's column, or a value is not a number.
    """
    path = Path(path)
    out: dict[str, dict[str, dict[int, int]]] = {}
    for line, row in _table(path, (*STATE_YEAR_COLUMNS, *igos), "a COW IGO state-year file"):
        code = str(_status(row["ccode"], path, line, "ccode"))
        year = _status(row["year"], path, line, "year")
        for igo in igos:
            out.setdefault(code, {}).setdefault(igo, {})[year] = _status(row[igo], path, line, igo)
    return out


# -- spells and states ------------------------------------------------------------------------
def spells(observed: Mapping[int, int], last_year: int) -> list[Spell]:
    """The periods of membership, associate membership or observer status in one state's yearly statuses.

    A year missing from the state's rows (it was not a state then) ends a spell.

    Examples
    --------
    >>> spells({1960: 0, 1961: 1, 1962: 1, 1963: 0, 1964: 3}, 1964)
    [Spell(role='member', since=1961, until=1963, associate=False), Spell(role='observer', since=1964, until=None, associate=False)]
    >>> [(s.since, s.until) for s in spells({1900: 1, 1901: 1, 1990: 1}, 1990)]
    [(1900, 1902), (1990, None)]
    """
    out: list[Spell] = []
    current: tuple[int, int] | None = None  # status, since
    previous: int | None = None
    for year in sorted(observed):
        status = observed[year]
        if current and previous is not None and year - previous > 1:
            out.append(_spell(current, previous + 1))
            current = None
        if current and status != current[0]:
            out.append(_spell(current, year))
            current = None
        if current is None and status in ROLES:
            current = (status, year)
        previous = year
    if current:
        end = max(observed)
        out.append(_spell(current, None if end >= last_year else end + 1))
    return out


def _spell(current: tuple[int, int], until: int | None) -> Spell:
    status, since = current
    return Spell(ROLES[status][0], since, until, status == 2)


def state_ids(
    states: Mapping[str, tuple[str, int]], last_year: int, codes: Mapping[str, str], known: Mapping[str, str]
) -> tuple[dict[str, str], list[Skipped]]:
    """``{ccode: state id}`` for COW's states in ``last_year`` (by name) and the caller's ``codes``; the others skipped.

    Raises
    ------
    graphkit.errors.EnvironmentProblem
        If country_converter (graphkit's ``data`` extra) is not installed.
    """
    from graphkit.extras import require

    coco = require("country_converter", "reading COW state names")
    converter = coco.CountryConverter()
    ids: dict[str, str] = dict(codes)
    skipped = []
    for code, (name, end) in sorted(states.items(), key=lambda kv: int(kv[0])):
        if code in ids:
            continue
        if end < last_year:
            skipped.append(Skipped(code, name, f"not a state in {last_year} (historical); not mapped"))
            continue
        state = converter.convert(name, to="ISO3", not_found=None)
        if isinstance(state, str) and state in known:
            ids[code] = state
        else:
            skipped.append(Skipped(code, name, "the name gives no state of graphkit"))
    return ids, skipped


# -- converting -------------------------------------------------------------------------------
def convert(
    state_year_csv: Path | str,
    states_csv: Path | str,
    igos: Mapping[str, str],
    *,
    source_url: str,
    as_of: str | None = None,
    codes: Mapping[str, str] | None = None,
) -> Imported:
    """The ``MEMBER_OF`` rows of the organisations ``igos`` (``{COW column: organisation id}``).

    Parameters
    ----------
    state_year_csv, states_csv : path
        COW's state-year file and state list.
    igos : mapping
        COW column → graphkit organisation id, e.g. ``{"itu": "itu"}``.
    source_url : str
        The URL of the data every row cites.
    as_of : str, optional
        Every row's ``as_of`` [default: the file's last year].
    codes : mapping, optional
        ``{ccode: state id}`` the caller maps, e.g. ``{"260": "DEU"}`` (said in each row's note).

    Raises
    ------
    graphkit.errors.InvalidData
        If a file is not in the COW layout or a mapped code's target is not a state of graphkit.
    """
    folder.check_provenance(as_of, source_url=source_url)
    known = folder.bundled_states()
    mapped = folder.mapped_codes(codes or {}, set(known))
    data = read_state_years(state_year_csv, list(igos))
    if not data:
        raise InvalidData(
            f"{state_year_csv}: the file has no state-year rows", "give the COW state-year file unchanged"
        )
    last_year = max(year for by_igo in data.values() for years in by_igo.values() for year in years)
    ids, skipped = state_ids(read_states(states_csv), last_year, mapped, known)
    found: dict[tuple[str, str], list[tuple[Spell, str]]] = {}
    for code in sorted(data, key=int):
        for igo, org in igos.items():
            for spell in spells(data[code][igo], last_year) if code in ids else ():
                found.setdefault((ids[code], org), []).append((spell, code))
    rows = [
        _row(state, org, spell, source_url, as_of or str(last_year), [c for c in codes_of if c in mapped])
        for (state, org), pairs in sorted(found.items())
        for spell, codes_of in merged(pairs)
    ]  # fmt: skip
    return Imported(rows, skipped)


def merged(pairs: list[tuple[Spell, str]]) -> list[tuple[Spell, list[str]]]:
    """One state's spells in one organisation, those of the same status that touch merged (two COW codes, one state).

    Examples
    --------
    >>> fed, now = Spell("member", 1952, 1991), Spell("member", 1990, None)
    >>> merged([(fed, "260"), (now, "255")])
    [(Spell(role='member', since=1952, until=None, associate=False), ['260', '255'])]
    """
    out: list[tuple[Spell, list[str]]] = []
    for spell, code in sorted(pairs, key=lambda p: p[0].since):
        last = out[-1][0] if out else None
        if (
            last
            and (last.role, last.associate) == (spell.role, spell.associate)
            and last.until is not None
            and spell.since <= last.until
        ):
            until = None if spell.until is None else max(spell.until, last.until)
            out[-1] = (Spell(last.role, last.since, until, last.associate), out[-1][1] + [code])
        else:
            out.append((spell, [code]))
    return out


def _row(state: str, org: str, spell: Spell, source: str, as_of: str, mapped_codes: list[str]) -> dict[str, str]:
    notes = [f"COW IGO v3: {'associate member' if spell.associate else spell.role} from {spell.since}"]
    if spell.until is None:
        notes.append(f"still in {as_of[:4]}, the data's last year")
    if mapped_codes:
        notes.append(f"COW code {', '.join(mapped_codes)} mapped to {state} by the importer's caller")
    return {"from_id": state, "to_id": org, "role": spell.role, "since": str(spell.since),
            "until": "" if spell.until is None else str(spell.until), "source": source,
            "source_kind": SOURCE_KIND, "as_of": as_of, "note": "; ".join(notes)}  # fmt: skip


def write_folder(result: Imported, out: Path | str, name: str | None = None) -> list[Path]:
    """Write ``member_of.csv`` and ``datapackage.json`` into ``out``; return their paths.

    Raises
    ------
    graphkit.errors.InvalidData
        If ``out`` is a file or holds other CSV files.
    """
    tables: list[folder.Table] = [(schema.REL_BY_TYPE["MEMBER_OF"], result.memberships)]
    return folder.write_folder(out, name or Path(out).name, "COW IGO memberships (state-year layout)", tables)
