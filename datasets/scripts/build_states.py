"""Write datasets/states.csv from a maintained package (country_converter), not a hand-typed table.

The 193 UN member states (country_converter's UNmember column), the two UN observer
states (Holy See, State of Palestine) and Taiwan (a party to facts in the dataset). ISO 3166-1 alpha-3 codes come from country_converter, alpha-2 codes from pycountry
(country_converter keeps regexes such as '^GB$|^UK$' there). `region` is the UN M49
region (country_converter's continent, with 'America' named 'Americas' as M49 does);
`subregion` is country_converter's UNregion: the M49 sub-region, or the intermediate
region where M49 has one (e.g. 'South America', 'Western Africa').

Run:  .venv/bin/pip install -e '.[data]' && .venv/bin/python datasets/scripts/build_states.py
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from importlib.metadata import version
from pathlib import Path

import country_converter as coco
import pycountry

OUT = Path(__file__).resolve().parent.parent / "states.csv"
OBSERVERS = {"VAT": "Holy See", "PSE": "State of Palestine"}
# Not UN members or observers, but parties to facts in the dataset (e.g. a DFI partner).
OTHERS = {"TWN": "Taiwan"}
SOURCE = f"https://pypi.org/project/country-converter/{version('country_converter')}/"


def main() -> int:
    data = coco.CountryConverter().data
    rows = []
    for rec in data.to_dict("records"):
        iso3 = rec["ISO3"]
        member = str(rec["UNmember"]) not in ("<NA>", "nan", "None", "")
        if not member and iso3 not in OBSERVERS and iso3 not in OTHERS:
            continue
        region = {"America": "Americas"}.get(rec["continent"], rec["continent"])
        rows.append(
            {
                "id": iso3,
                "name": OBSERVERS.get(iso3) or OTHERS.get(iso3) or rec["name_short"],
                "iso2": pycountry.countries.get(alpha_3=iso3).alpha_2,
                "region": region,
                "subregion": rec["UNregion"],
                "un_member": "true" if member else "false",
                "source": SOURCE,
                "as_of": date.today().isoformat(),
                "note": ""
                if member
                else "UN observer state"
                if iso3 in OBSERVERS
                else "not a UN member or observer state",
            }
        )
    rows.sort(key=lambda r: r["id"])
    members = sum(r["un_member"] == "true" for r in rows)
    if members != 193 or len(rows) != 195 + len(OTHERS):
        print(f"expected 193 members + 2 observers + {len(OTHERS)} others, got {len(rows)}", file=sys.stderr)
        return 1
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} states to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
