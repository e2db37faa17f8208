"""Fill the empty ``source_kind`` of every bundled row from the host rules in ``source_rules.csv``.

A rule is a host (it also matches its sub-domains; ``www.`` is ignored) or a
host and path prefix; the longest matching rule wins. A row whose
``source_kind`` is already set (re-sourced by hand, or written by an importer)
keeps it. Every row must match a rule: a source on a host no rule knows is an
error, so a new host is classified once, on purpose.

Run:  .venv/bin/python datasets/scripts/classify_sources.py          (rewrite the files)
      .venv/bin/python datasets/scripts/classify_sources.py --check  (exit 1 if a row would change)
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graphkit import schema

DATASETS = Path(__file__).resolve().parents[1]
RULES = Path(__file__).with_name("source_rules.csv")


def rules() -> list[tuple[str, str]]:
    """``(pattern, source_kind)``, longest pattern first."""
    with RULES.open(encoding="utf-8", newline="") as handle:
        found = [
            (row["pattern"].strip().lower().removeprefix("www."), row["source_kind"]) for row in csv.DictReader(handle)
        ]
    return sorted(found, key=lambda rule: -len(rule[0]))


def kind_of(url: str, known: list[tuple[str, str]]) -> str | None:
    """The tier of the longest rule matching ``url``, or ``None``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
    where = host + parts.path + (f"?{parts.query}" if parts.query else "")
    for pattern, kind in known:
        pattern_host = pattern.split("/", 1)[0]
        host_matches = host == pattern_host or host.endswith("." + pattern_host)
        if host_matches and ("/" not in pattern or where.startswith(host + pattern[len(pattern_host) :])):
            return kind
    return None


def classified(path: Path, known: list[tuple[str, str]], unknown: set[str]) -> str:
    """The text of ``path`` with every empty ``source_kind`` filled, the column placed after ``source``."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    if "source_kind" not in header:
        header.insert(header.index("source") + 1, "source_kind")
    for row in rows:
        if not row.get("source_kind"):
            row["source_kind"] = kind_of(row["source"], known) or ""
            if not row["source_kind"]:
                unknown.add(urlsplit(row["source"]).hostname or row["source"])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    known, unknown = rules(), set()
    texts = {DATASETS / spec.file: "" for spec in schema.RESOURCES.values()}
    texts = {path: classified(path, known, unknown) for path in texts if path.exists()}
    if unknown:
        print(f"no rule in {RULES.name} for: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 1
    changed = [path for path, text in texts.items() if path.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for path in changed:
            print(f"{path.name}: rows without source_kind: run `make data`", file=sys.stderr)
        return 1 if changed else 0
    for path in changed:
        path.write_text(texts[path], encoding="utf-8")
        print(f"classified {path.relative_to(DATASETS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
