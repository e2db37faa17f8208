"""Print the coverage table of datasets/README.md: rows, as-of range and main source sites per file.

Run:  .venv/bin/python datasets/scripts/coverage.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graphkit import schema
from graphkit.data.read import read_datasets


def main() -> int:
    dataset = read_datasets([Path(__file__).resolve().parents[1]])
    print("| file | rows | as_of range | main source sites (rows) |")
    print("|---|---:|---|---|")
    tables = [(n.file, list(dataset.nodes.get(n.label, {}).values())) for n in schema.NODE_TYPES]
    tables += [(r.file, dataset.rels.get(r.type, [])) for r in schema.REL_TYPES]
    for file, records in tables:
        if not records:
            print(f"| {file} | 0 | | |")
            continue
        dates = sorted(str(r.values["as_of"]) for r in records)
        sites = Counter(urlsplit(r.values["source"]).hostname.removeprefix("www.") for r in records)
        top = ", ".join(f"{host} ({n})" for host, n in sites.most_common(4))
        print(f"| {file} | {len(records)} | {dates[0]} – {dates[-1]} | {top} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
