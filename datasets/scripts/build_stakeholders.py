"""Rebuild the bundled Paris Call supporters from the raw copy of the site's repository, with graphkit's importer.

Writes ``datasets/stakeholders.csv`` and ``datasets/based_in.csv``, and in
``datasets/endorsed.csv`` replaces the rows that endorse the Paris Call
(``to_id`` = ``paris-call``) with the generated ones; every other row is kept
as it is. The input is ``datasets/raw/paris-call/_supporters/`` (see its
README: the 1,222 files at commit 916433b, unchanged).

The site's own codes ROM, MTG and SCG (Romania, Montenegro, Serbia) are mapped
to ROU, MNE and SRB; each row so placed says so. Before writing, the state
endorsements are compared with the ones ``endorsed.csv`` holds (states added
and removed, sources and dates that change) and the differences printed. A state's row that cites its supporter file at another
(earlier) commit of the repository is kept as it is: it is the same register,
read earlier, and its ``as_of`` (and date, if any) says since when.

Run:  .venv/bin/python datasets/scripts/build_stakeholders.py          (rewrite the files)
      .venv/bin/python datasets/scripts/build_stakeholders.py --check  (exit 1 if they differ)
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generated import write_or_check  # datasets/scripts/generated.py

from graphkit import output, schema
from graphkit.importers import paris_call

DATASETS = Path(__file__).resolve().parents[1]
RAW = DATASETS / "raw" / "paris-call" / "_supporters"
COMMIT = "916433b20a70ce587db86de70b108ce21a25c551"
AS_OF = "2025-12-25"
#: The site's own state codes (file names roumanie-state-ROM.md, montenegro-state-MTG.md, serbie-state-SCG.md).
CODES = {"ROM": "ROU", "MTG": "MNE", "SCG": "SRB"}


def imported() -> paris_call.Imported:
    """The stakeholders, endorsements and BASED_IN rows of the raw copy."""
    return paris_call.convert(RAW, source_base=paris_call.source_base(COMMIT), as_of=AS_OF, codes=CODES)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _columns(rel: str) -> list[str]:
    return [c.name for c in schema.REL_BY_TYPE[rel].columns]


def compare_states(old: list[dict[str, str]], new: list[dict[str, str]]) -> list[str]:
    """The differences between the state endorsements of the Paris Call in ``endorsed.csv`` and the generated ones."""
    before = {r["from_id"]: r for r in old if r["from_id"].isupper()}
    after = {r["from_id"]: r for r in new if r["from_id"].isupper()}
    lines = [f"state endorsements of {paris_call.INSTRUMENT}: {len(before)} in endorsed.csv, {len(after)} generated"]
    lines.append(f"  states added: {', '.join(sorted(after.keys() - before.keys())) or 'none'}")
    lines.append(f"  states removed: {', '.join(sorted(before.keys() - after.keys())) or 'none'}")
    kept = sorted(before.keys() & after.keys())
    same = [s for s in kept if before[s]["source"] == after[s]["source"] or _earlier_snapshot(before[s], after[s])]
    lines.append(
        f"  in both: {len(kept)}, of which kept as they are (the file, here or at another commit): {len(same)}"
    )
    lines.append("  sources replaced:")
    sources = Counter(before[s]["source"] for s in kept if s not in same)
    for source, n in sorted(sources.items(), key=lambda item: (-item[1], item[0])):
        states = ", ".join(s for s in kept if before[s]["source"] == source)
        lines.append(f"    {n} from {source}: {states}")
    dates = [
        f"{s} {before[s]['date'] or '-'} → {after[s]['date'] or '-'}"
        for s in kept
        if before[s]["date"] != after[s]["date"]
    ]
    lines.append(f"  dates changed ({len(dates)}): {'; '.join(dates) or 'none'}")
    return lines


def _earlier_snapshot(old: dict[str, str], new: dict[str, str]) -> bool:
    """Whether ``old`` cites the same supporter file of the repository as ``new``, at another commit.

    Such a row (an earlier snapshot of the register: an earlier ``as_of``, sometimes a date) is kept as it is.
    """
    prefix = f"{paris_call.REPOSITORY}/blob/"
    file = new["source"].rsplit("/", 1)[-1]
    return old["source"].startswith(prefix) and old["source"].endswith(f"/_supporters/{file}")


def endorsed_text(generated: list[dict[str, str]]) -> tuple[str, list[dict[str, str]]]:
    """``endorsed.csv``: every row not about the Paris Call as it is, then the generated ones; and the old ones.

    A state's old row that cites its file at another commit of the repository is kept instead of the generated one.
    """
    rows = _rows(DATASETS / "endorsed.csv")
    old = [r for r in rows if r["to_id"] == paris_call.INSTRUMENT]
    kept = [r for r in rows if r["to_id"] != paris_call.INSTRUMENT]
    before = {r["from_id"]: r for r in old}
    chosen = [
        before[r["from_id"]] if r["from_id"] in before and _earlier_snapshot(before[r["from_id"]], r) else r
        for r in generated
    ]
    return output.to_csv(_columns("ENDORSED"), kept + chosen), old


def texts(report: bool = True) -> dict[Path, str]:
    """The text each generated file must have (the differences and unplaced supporters printed if ``report``)."""
    result = imported()
    endorsed, old = endorsed_text(result.endorsed)
    if report:
        for line in compare_states(old, result.endorsed):
            print(line, file=sys.stderr)
        for row in result.unplaced_rows():
            print(f"no BASED_IN: {row['name']} ({row['file']}): {row['reason']}", file=sys.stderr)
        kinds = Counter(r["kind"] for r in result.stakeholders)
        print(f"stakeholders by kind: {dict(sorted(kinds.items()))}", file=sys.stderr)
    stakeholder = [c.name for c in schema.NODE_BY_LABEL["Stakeholder"].columns]
    return {
        DATASETS / "stakeholders.csv": output.to_csv(stakeholder, result.stakeholders),
        DATASETS / "based_in.csv": output.to_csv(_columns("BASED_IN"), result.based_in),
        DATASETS / "endorsed.csv": endorsed,
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    return write_or_check(texts(report=not check), check, "datasets/raw/paris-call/")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
