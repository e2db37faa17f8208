"""Print the tables of datasets/README.md: coverage per file (rows, as-of range, main sites) and rows per source tier.

Run:  .venv/bin/python datasets/scripts/coverage.py [--write]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graphkit import schema
from graphkit.data.read import read_datasets

README = Path(__file__).resolve().parents[1] / "README.md"


def main(argv: list[str]) -> int:
    """Print both tables; with ``--write``, put them in datasets/README.md between their markers."""
    dataset = read_datasets([Path(__file__).resolve().parents[1]])
    tables = [(n.file, list(dataset.nodes.get(n.label, {}).values())) for n in schema.NODE_TYPES]
    tables += [(r.file, dataset.rels.get(r.type, [])) for r in schema.REL_TYPES]
    texts = {"coverage": coverage(tables), "tiers": tiers(tables)}
    if "--write" not in argv:
        print(texts["coverage"], texts["tiers"], sep="\n\n")
        return 0
    text = README.read_text(encoding="utf-8")
    for name, table in texts.items():
        begin = f"<!-- {name}: begin (datasets/scripts/coverage.py --write) -->\n"
        start, end = text.index(begin) + len(begin), text.index(f"\n<!-- {name}: end -->")
        text = text[:start] + table + text[end:]
    README.write_text(text, encoding="utf-8")
    return 0


def coverage(tables) -> str:
    """Rows, the range of ``as_of`` and the sites most cited, per file (a Markdown table)."""
    lines = ["| file | rows | as_of range | main source sites (rows) |", "|---|---:|---|---|"]
    for file, records in tables:
        if not records:
            lines.append(f"| {file} | 0 | | |")
            continue
        dates = sorted(str(r.values["as_of"]) for r in records)
        sites = Counter(urlsplit(r.values["source"]).hostname.removeprefix("www.") for r in records)
        top = ", ".join(f"{host} ({n})" for host, n in sites.most_common(4))
        lines.append(f"| {file} | {len(records)} | {dates[0]} – {dates[-1]} | {top} |")
    return "\n".join(lines)


def tiers(tables) -> str:
    """Rows per source tier (``source_kind``), and how many cite a host on the weak list (Markdown)."""
    from graphkit.data.sources import weak_source

    records = [r for _, rows in tables for r in rows]
    kinds = Counter(r.values.get("source_kind") or "(none)" for r in records)
    lines = ["| source tier | rows | share |", "|---|---:|---:|"]
    for kind in (*schema.SOURCE_KINDS, "(none)"):
        if kinds[kind]:
            lines.append(f"| {kind} | {kinds[kind]} | {100 * kinds[kind] / len(records):.1f} % |")
    weak = sum(1 for r in records if weak_source(r.values["source"]))
    lines.append(f"| all | {len(records)} | 100 % |")
    lines.append(f"\nRows citing a host on graphkit's weak list (mirrors, proxies, content farms): {weak}")
    rest = [r for r in records if not _paris_call_register(r.values)]
    rest_weak = sum(1 for r in rest if weak_source(r.values["source"]))
    secondary = sum(1 for r in rest if r.values.get("source_kind") == "secondary")
    lines.append(
        f"\nWithout the {len(records) - len(rest):,} rows generated from the Paris Call's register: "
        f"{rest_weak:,} of {len(rest):,} rows ({100 * rest_weak / len(rest):.1f} %) on the weak list, "
        f"{secondary:,} ({100 * secondary / len(rest):.1f} %) on secondary sources."
    )
    return "\n".join(lines)


def _paris_call_register(values) -> bool:
    """A row ``build_stakeholders.py`` generates: a stakeholder, its BASED_IN, or an endorsement of the Paris Call."""
    source = str(values.get("source") or "")
    return "github.com/ambanum/pariscall.international" in source


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
