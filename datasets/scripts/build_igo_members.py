"""Re-source weak ITU, AU, OSCE and NAM memberships from the Correlates of War IGO data (v3), with graphkit's importer.

The input is ``datasets/raw/cow-igo/`` (see its README): COW's state-year
file cut to the four organisations' columns, and COW's state list.
``graphkit.importers.cow_igo`` turns them into spells (``since`` the first
year, ``until`` the first year out). In ``datasets/member_of.csv`` a state's
rows to one of these organisations are replaced by COW's spells when

* every one of those rows cites a weak source (``graphkit/data/weak_hosts.csv``)
  or this data, and
* COW agrees with each of them: a spell in the row's role, starting in the
  row's year if the row has one (NAM's rows do), ended if the row is ended and
  lasting to 2014, the data's last year, if it is not. Where they disagree the
  rows keep their source and the disagreement is printed (and counted in
  ``datasets/README.md``); neither is the body's own list.

Every other row is left as it is, in place. The German Federal Republic's
code (260) is mapped to Germany, whose state it is (said in each such row's
note); COW's other historical states are left out.

Run:  .venv/bin/python datasets/scripts/build_igo_members.py          (rewrite the file)
      .venv/bin/python datasets/scripts/build_igo_members.py --check  (exit 1 if it differs)
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generated import write_or_check  # datasets/scripts/generated.py
from state_system import member_of_text  # datasets/scripts/state_system.py

from graphkit.data.sources import weak_source
from graphkit.importers import cow_igo

DATASETS = Path(__file__).resolve().parents[1]
RAW = DATASETS / "raw" / "cow-igo"
COMMIT = "c9936cac3f0fc117520e89f9a232e62dde1ce3e9"
SOURCE = f"https://github.com/dieghernan/igoR/blob/{COMMIT}/data/state_year_format3.rda"
IGOS = {"itu": "itu", "au": "au", "osce": "osce", "nam": "nam"}
CODES = {"260": "DEU"}


def cow_rows() -> dict[tuple[str, str], list[dict[str, str]]]:
    """COW's rows by ``(state, organisation)``."""
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    result = cow_igo.convert(RAW / "state_year_format3.csv", RAW / "states2016.csv", IGOS, source_url=SOURCE,
                             codes=CODES)  # fmt: skip
    out: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in result.memberships:
        out.setdefault((row["from_id"], row["to_id"]), []).append(row)
    return out


def _agrees(row: dict[str, str], new: list[dict[str, str]]) -> bool:
    """Whether one of COW's spells says what ``row`` says: its role, its year if it has one, open or ended like it."""
    return any(
        spell["role"] == row["role"]
        and (not row["since"] or spell["since"] == row["since"][:4])
        and bool(spell["until"]) == bool(row["until"])
        for spell in new
    )


def _replaceable(old: list[dict[str, str]], new: list[dict[str, str]], report: bool) -> bool:
    """Whether a pair's rows give way to COW's: all weak or COW's own, and COW agrees with each of them."""
    if not new or not all(r["source"] == SOURCE or weak_source(r["source"]) for r in old):
        return False
    for row in old:
        if row["source"] != SOURCE and not _agrees(row, new):
            if report:
                spells = ", ".join(f"{s['role']} {s['since']}–{s['until']}" for s in new)
                print(f"{row['from_id']}–{row['to_id']}: the row has {row['role']} {row['since'] or '(undated)'}"
                      f"–{row['until']}, COW {spells}; kept", file=sys.stderr)  # fmt: skip
            return False
    return True


def rebuilt(rows: list[dict[str, str]], cow: dict[tuple[str, str], list[dict[str, str]]], report: bool) -> list[dict]:
    """``rows`` with each replaceable pair's rows swapped for COW's, at the place of its first row."""
    pairs: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        if row["to_id"] in IGOS.values():
            pairs.setdefault((row["from_id"], row["to_id"]), []).append(row)
    swap = {pair for pair, old in pairs.items() if _replaceable(old, cow.get(pair, []), report)}
    out: list[dict] = []
    done: set[tuple[str, str]] = set()
    for row in rows:
        pair = (row["from_id"], row["to_id"])
        if pair not in swap:
            out.append(row)
        elif pair not in done:
            out.extend(cow[pair])
            done.add(pair)
    return out


def texts(report: bool = True) -> dict[Path, str]:
    """The text ``member_of.csv`` must have."""
    cow = cow_rows()
    return member_of_text(lambda rows: rebuilt(rows, cow, report))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    return write_or_check(texts(report=not check), check, "datasets/raw/cow-igo/")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
