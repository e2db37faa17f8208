"""Rebuild the UN admissions that no official or press page was read for from country_converter's ``UNmember`` column.

country_converter (coco) is a maintained open dataset on PyPI (pinned in
``constraints.txt``); its ``country_data.tsv`` gives, for each of the 193
member states, the year it joined the United Nations. In
``datasets/member_of.csv`` this script rewrites every ``(State)-[:MEMBER_OF
{role: member}]->(un)`` row whose source is weak (a host or folder on
``graphkit/data/weak_hosts.csv``) or is this package: ``since`` becomes the
year coco gives, the source the package's page at its version, the tier
``reference``. A row read from the UN's own pages or the press keeps its own
source and its day. Every other row of the file is left as it is, in place.

Before writing, each rewritten row's old year is compared with coco's and a
difference is printed (none in the data today: all 193 years agree).

Run:  .venv/bin/python datasets/scripts/build_un_members.py          (rewrite the file)
      .venv/bin/python datasets/scripts/build_un_members.py --check  (exit 1 if it differs)
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import country_converter as coco
from generated import write_or_check  # datasets/scripts/generated.py
from state_system import member_of_text  # datasets/scripts/state_system.py

from graphkit.data.sources import weak_source

VERSION = version("country_converter")
SOURCE = f"https://pypi.org/project/country-converter/{VERSION}/"
#: The month country_converter 1.3.2 was released (conda-forge's file list:
#: "country_converter-1.3.2 … Oct 22, 2025"), the date its data speaks for.
AS_OF = {"1.3.2": "2025-10"}
NOTE = (
    "year of UN admission from country_converter {v} (column UNmember, a maintained open dataset); "
    "no official UN list with the day was readable (datasets/README.md, Gaps)"
)


def un_years() -> dict[str, str]:
    """ISO 3166-1 alpha-3 → the year country_converter gives for joining the UN."""
    data = coco.CountryConverter().data
    rows = data[data["UNmember"].notna()]
    return {iso3: str(int(float(year))) for iso3, year in zip(rows["ISO3"], rows["UNmember"], strict=True)}


def _generated(row: dict[str, str]) -> bool:
    """Whether ``row`` is a UN admission this script owns: on a weak source or on the package's page."""
    if (row["to_id"], row["role"]) != ("un", "member"):
        return False
    return row["source"].startswith("https://pypi.org/project/country-converter/") or bool(weak_source(row["source"]))


def rebuilt(rows: list[dict[str, str]], years: dict[str, str], report: bool) -> list[dict[str, str]]:
    """``rows`` with each generated UN admission rewritten from ``years``."""
    out = []
    for row in rows:
        if _generated(row) and row["from_id"] in years:
            year = years[row["from_id"]]
            if report and row["since"][:4] != year:
                print(f"{row['from_id']}: since {row['since']} becomes {year}", file=sys.stderr)
            row = {**row, "since": year, "until": "", "source": SOURCE, "source_kind": "reference",
                   "as_of": AS_OF.get(VERSION, ""), "note": NOTE.format(v=VERSION)}  # fmt: skip
        out.append(row)
    return out


def texts(report: bool = True) -> dict[Path, str]:
    """The text ``member_of.csv`` must have."""
    years = un_years()
    return member_of_text(lambda rows: rebuilt(rows, years, report))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    return write_or_check(texts(report=not check), check, f"country_converter {VERSION}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
