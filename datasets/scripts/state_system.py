"""When COW's state list counts each state as a state, and the note a membership older than that gets.

A membership can legitimately start before the state it belongs to was
independent: the Ukrainian and Byelorussian SSRs and British India were
founding members of the UN, mandates and colonies joined the ITU, and COW's
system lists microstates (Liechtenstein, San Marino, Monaco) only from the
1990s. Such a row is not an error, but it must say so: :func:`marked` appends
:data:`MARK` and the year COW's list (``datasets/raw/cow-igo/states2016.csv``)
starts counting the state to the note of every ``member_of`` row whose
``since`` falls outside the state's periods in that list. The build scripts
rewrite ``member_of.csv`` through :func:`member_of_text`, which applies it;
``mark_early_memberships.py`` applies it alone.
"""

from __future__ import annotations

import csv
import functools
import logging
from collections.abc import Callable
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[1]
RAW = DATASETS / "raw" / "cow-igo" / "states2016.csv"
MEMBER_OF = DATASETS / "member_of.csv"
#: COW codes of predecessors whose periods count for today's state (not mapped by name).
PREDECESSORS = {"260": "DEU", "678": "YEM", "680": "YEM"}
#: The last year COW's state list covers; a period reaching it is open.
LIST_END = 2016
MARK = "older than the state in COW's state list"


@functools.cache
def periods() -> dict[str, list[tuple[int, int | None]]]:
    """State id → the periods ``(first, last)`` COW's list counts it as a state (``last`` None: to date)."""
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    converter = coco.CountryConverter()
    with RAW.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    iso = dict(PREDECESSORS)
    for row in rows:
        if int(row["endyear"]) >= LIST_END and row["ccode"] not in iso:
            state = converter.convert(row["statenme"], to="ISO3", not_found=None)
            if isinstance(state, str):
                iso[row["ccode"]] = state
    out: dict[str, list[tuple[int, int | None]]] = {}
    for row in rows:
        if row["ccode"] in iso:
            end = int(row["endyear"])
            out.setdefault(iso[row["ccode"]], []).append((int(row["styear"]), None if end >= LIST_END else end))
    return out


def outside(state: str, year: int) -> int | None:
    """The first year after ``year`` COW's list counts ``state``, if ``year`` is outside its periods; else None."""
    spans = periods().get(state)
    if not spans or any(a <= year and (b is None or year <= b) for a, b in spans):
        return None
    later = [a for a, _ in spans if a > year]
    return min(later) if later else None


def marked(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """``member_of`` rows with :data:`MARK` added to each whose ``since`` is older than its state."""
    out = []
    for row in rows:
        since = row.get("since") or ""
        first = outside(row["from_id"], int(since[:4])) if since[:4].isdigit() else None
        if first is not None and MARK not in row.get("note", ""):
            note = f"{MARK} (counted from {first}): a legitimate oddity, not an error"
            row = {**row, "note": f"{row['note']}; {note}" if row.get("note") else note}
        out.append(row)
    return out


def member_of_text(rebuild: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> dict[Path, str]:
    """The text ``member_of.csv`` must have: its rows through ``rebuild``, then :func:`marked`."""
    from graphkit import output, schema

    with MEMBER_OF.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    columns = [c.name for c in schema.REL_BY_TYPE["MEMBER_OF"].columns]
    return {MEMBER_OF: output.to_csv(columns, marked(rebuild(rows)))}
