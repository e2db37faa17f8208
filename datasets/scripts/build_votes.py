"""Rebuild the bundled UN General Assembly votes from the raw Voeten / unvotes excerpt, with graphkit's importer.

Writes ``datasets/voted.csv`` (one row per state and recorded vote) and the
rows of ``datasets/instruments.csv`` for the resolutions that no hand-sourced
row defines (a hand-sourced row, with its own source, is kept as it is).
The input is ``datasets/raw/unvotes/`` (see its README: the rows of these roll
calls, cut unchanged from the full files).

Serbia is coded as Yugoslavia (YU) in the data after 2006; its votes from the
61st session on are mapped to SRB (each such row's note says so). Before that
(A/RES/60/45, 2005) YU is Serbia and Montenegro, which is not a state of
``states.csv``: those votes are left out and listed.

Run:  .venv/bin/python datasets/scripts/build_votes.py          (rewrite the files)
      .venv/bin/python datasets/scripts/build_votes.py --check  (exit 1 if they differ)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generated import write_or_check  # datasets/scripts/generated.py

from graphkit import output, schema
from graphkit.importers import unvotes

DATASETS = Path(__file__).resolve().parents[1]
RAW = DATASETS / "raw" / "unvotes"
#: The recorded votes on the ICT and cybercrime resolutions the data holds (it ends on 2019-12-27).
BEFORE_SERBIA = ("A/RES/60/45",)
SINCE_SERBIA = (
    "A/RES/61/54",
    "A/RES/62/17",
    "A/RES/63/37",
    "A/RES/71/28",
    "A/RES/73/27",
    "A/RES/73/187",
    "A/RES/73/266",
    "A/RES/74/28",
    "A/RES/74/29",
    "A/RES/74/247",
)


def imported() -> unvotes.Imported:
    """The instruments and votes of every resolution above, and the votes left out."""
    files = (RAW / "unvotes.csv", RAW / "roll_calls.csv", RAW / "issues.csv")
    early = unvotes.convert(*files, resolutions=BEFORE_SERBIA)
    later = unvotes.convert(*files, resolutions=SINCE_SERBIA, codes={"YU": "SRB"})
    return unvotes.Imported(
        instruments=sorted(early.instruments + later.instruments, key=lambda row: (row["adopted"], row["id"])),
        votes=sorted(early.votes + later.votes, key=lambda row: (row["from_id"], row["date"], row["to_id"])),
        skipped=early.skipped + later.skipped,
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def short_name(resolution: str) -> str:
    """The label views draw for a resolution: ``UNGA 73/27`` for ``unga-res-73-27``.

    Examples
    --------
    >>> short_name("unga-res-73-27"), short_name("unga-res-52-38b")
    ('UNGA 73/27', 'UNGA 52/38B')
    """
    return f"UNGA {unvotes.short_symbol(resolution)}"


def instruments_text(generated: list[dict[str, str]]) -> str:
    """``instruments.csv``: the hand-sourced rows as they are, then the generated resolutions none of them defines.

    A generated resolution's ``short_name`` is its symbol (``UNGA 73/27``) unless the importer gave one.
    """
    roll_calls_url = unvotes.TIDYTUESDAY_ROLL_CALLS_URL
    kept = [row for row in _rows(DATASETS / "instruments.csv") if row["source"] != roll_calls_url]
    ids = {row["id"] for row in kept}
    columns = [c.name for c in schema.NODE_BY_LABEL["Instrument"].columns]
    added = [{**row, "short_name": row.get("short_name") or short_name(row["id"])} for row in generated]
    return output.to_csv(columns, kept + [row for row in added if row["id"] not in ids])


def texts() -> dict[Path, str]:
    """The text each generated file must have."""
    result = imported()
    voted = [c.name for c in schema.REL_BY_TYPE["VOTED"].columns]
    for row in result.skipped_rows():
        print(
            f"left out: {row['country']} ({row['code']}): {row['reason']}, {row['roll calls']} vote(s)", file=sys.stderr
        )
    return {
        DATASETS / "voted.csv": output.to_csv(voted, result.votes),
        DATASETS / "instruments.csv": instruments_text(result.instruments),
    }


def main(argv: list[str]) -> int:
    return write_or_check(texts(), "--check" in argv, "datasets/raw/unvotes/")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
