"""Reading and validating dataset folders: every bad input gets file:line: column: message."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphkit import schema
from graphkit.data.dates import parse_date
from graphkit.data.read import bundled_known, read_datasets
from tests.helpers import BASE, SRC, cli, make_folder


def validate(folder: Path, *more: Path):
    return cli("validate", str(folder), *map(str, more))


def test_valid_base_folder(tmp_path):
    folder = make_folder(tmp_path)
    result = validate(folder)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 error(s), 0 warning(s) in 9 file(s): 9 nodes, 15 relationships" in result.stderr


def _replace(file: str, old: str, new: str) -> str:
    assert old in BASE[file], old
    return BASE[file].replace(old, new, 1)


BAD_INPUTS = {
    "missing column": (
        {"states_csv": BASE["states.csv"].replace(",un_member", "").replace(",true,", ",")},
        "states.csv:1: un_member: required column is missing from the header",
    ),
    "empty id": (
        {"states_csv": _replace("states.csv", "EST,Estonia", ",Estonia")},
        "states.csv:4: id: required value is empty",
    ),
    "duplicate id": (
        {"organisations_csv": BASE["organisations.csv"] + f"nato,NATO again,alliance,1949,{SRC},2025,\n"},
        "organisations.csv:4: id: duplicate id 'nato': already defined at {d}/organisations.csv:2",
    ),
    "invalid ISO code": (
        {"states_csv": _replace("states.csv", "EST,Estonia,EE", "ESX,Estonia,EE")},
        "states.csv:4: id: 'ESX' is not an ISO 3166-1 alpha-3 code",
    ),
    "iso2 not matching": (
        {"states_csv": _replace("states.csv", "EST,Estonia,EE", "EST,Estonia,ES")},
        "states.csv:4: iso2: 'ES' does not match EST (ISO 3166-1 alpha-2 is EE)",
    ),
    "invalid date": (
        {"member_of_csv": _replace("member_of.csv", "2004-03-29", "2004-02-30")},
        "member_of.csv:4: since: '2004-02-30' is not a valid date (day is out of range for month)",
    ),
    "date in another format": (
        {"signed_csv": _replace("signed.csv", "2001-11-23", "23/11/2001")},
        "signed.csv:2: date: '23/11/2001' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY",
    ),
    "until before since": (
        {"member_of_csv": _replace("member_of.csv", "2004-05-01,,", "2004-05-01,2003,")},
        "member_of.csv:8: until: until 2003 is before since 2004-05-01",
    ),
    "closed before established": (
        {
            "cyber_offices_csv": "id,name,kind,established,closed,source,as_of,note\n"
            f"office-fra-digital,Ambassador for Digital Affairs,ambassador,2017-11-22,2016,{SRC},2025,\n"
        },
        "cyber_offices.csv:2: closed: closed 2016 is before established 2017-11-22",
    ),
    "unknown id": (
        {"member_of_csv": BASE["member_of.csv"] + f"GBX,nato,member,1949-08-24,,{SRC},2025,\n"},
        "member_of.csv:9: from_id: unknown id 'GBX': no node file defines it nor the bundled dataset",
    ),
    "wrong end label": (
        {"hosted_csv": BASE["hosted.csv"] + f"nato,igf-2019,{SRC},2019,\n"},
        "hosted.csv:3: from_id: 'nato' is a Organisation; HOSTED starts at State",
    ),
    "wrong enumeration value": (
        {"member_of_csv": _replace("member_of.csv", "FRA,nato,member", "FRA,nato,ally")},
        "member_of.csv:2: role: 'ally' is not one of: member, observer, partner",
    ),
    "source not a URL": (
        {"organisations_csv": _replace("organisations.csv", f"1949-08-24,{SRC}", "1949-08-24,javascript:alert(1)")},
        "organisations.csv:2: source: 'javascript:alert(1)' is not an http(s) URL",
    ),
    "membership before founding": (
        {"member_of_csv": _replace("member_of.csv", "USA,nato,member,1949-08-24", "USA,nato,member,1948")},
        "member_of.csv:5: since: since 1948 is before nato was founded (1949-08-24, {d}/organisations.csv:2)",
    ),
    "bilateral with one party": (
        {"signed_csv": BASE["signed.csv"].replace(f"USA,bilateral-est-usa-2020,2020-09-03,{SRC},2025-01-01,\n", "")},
        "instruments.csv:3: kind: bilateral instrument 'bilateral-est-usa-2020' has 1 SIGNED parties; it needs exactly 2",
    ),
    "non-UTF-8 bytes": (
        {
            "organisations_csv": _replace("organisations.csv", "European Union", "Europ\u00e4ische Union")
            .encode("utf-8")
            .replace("ä".encode(), b"\xe4")
        },
        "organisations.csv:3: byte 9: the file is not UTF-8 (byte 0xe4); save it as UTF-8",
    ),
    "10 MB field": (
        {"organisations_csv": _replace("organisations.csv", "European Union", "E" * 10_000_000)},
        "organisations.csv:3: name: the value has 10,000,000 characters; the limit is 100,000",
    ),
    "unterminated quote": (
        {"organisations_csv": _replace("organisations.csv", "European Union", '"European Union')},
        "organisations.csv:3: -: malformed CSV: a quoted field is never closed (unterminated quote); the rest of the file was not read",
    ),
    "row too short": (
        {"summits_csv": BASE["summits.csv"] + "igf-2020,IGF 2020,igf\n"},
        "summits.csv:3: -: the row has 3 fields but the header has 9",
    ),
    "duplicate relationship": (
        {"ratified_csv": BASE["ratified.csv"] + f"EST,budapest-convention,2003-05-12,{SRC},2025,\n"},
        "ratified.csv:4: to_id: duplicate RATIFIED relationship: same as {d}/ratified.csv:3",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_reported_with_file_line_column(tmp_path, case):
    overrides, expected = BAD_INPUTS[case]
    folder = make_folder(tmp_path, **overrides)
    result = validate(folder)
    assert result.exit_code == 1, result.output
    expected = expected.replace("{d}", str(folder))
    assert f"{folder}/{expected}" in result.stdout.splitlines(), result.stdout


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    folder = make_folder(
        tmp_path,
        states_csv=_replace("states.csv", "EST,Estonia,EE", "ESX,Estonia,EE"),
        member_of_csv=_replace("member_of.csv", "FRA,nato,member", "FRA,nato,ally"),
    )
    result = validate(folder)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any("'ESX' is not an ISO 3166-1 alpha-3 code" in ln for ln in lines)
    assert any("'ally' is not one of" in ln for ln in lines)
    # EST's row is rejected; relationships to EST are then checked against the bundled dataset, which has it
    assert not any("unknown id 'EST'" in ln for ln in lines)


def test_unknown_extra_column_is_a_warning(tmp_path):
    folder = make_folder(
        tmp_path,
        organisations_csv=BASE["organisations.csv"].replace("note\n", "note,colour\n", 1).replace(",\n", ",,\n"),
    )
    result = validate(folder)
    assert result.exit_code == 0, result.output
    assert f"{folder}/organisations.csv:1: colour: warning: unknown column, ignored" in result.stdout


def test_bom_and_crlf_are_accepted(tmp_path):
    text = "\ufeff" + BASE["states.csv"].replace("\n", "\r\n")
    folder = make_folder(tmp_path, states_csv=text.encode("utf-8"))
    dataset = read_datasets([folder])
    assert dataset.errors == []
    assert set(dataset.nodes["State"]) == {"FRA", "DEU", "EST", "USA"}
    assert dataset.nodes["State"]["FRA"].values["name"] == "France"


def test_missing_folder():
    result = validate(Path("/nonexistent/folder"))
    assert result.exit_code == 1
    assert result.output == (
        "Error: dataset folder not found: /nonexistent/folder. "
        "Check the path (a folder of CSV files such as datasets/).\n"
    )


def test_missing_file_named_in_datapackage(tmp_path):
    folder = make_folder(tmp_path)
    (folder / "datapackage.json").write_text(json.dumps(schema.datapackage(), indent=2))
    result = validate(folder)
    assert result.exit_code == 1
    assert any(
        ln.startswith(f"{folder}/datapackage.json:")
        and "resource 'cyber_offices': file 'cyber_offices.csv' not found" in ln
        for ln in result.stdout.splitlines()
    ), result.stdout


def test_two_folders_merge(tmp_path):
    base = make_folder(tmp_path, "base")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "organisations.csv").write_text(
        f"id,name,kind,founded,source,as_of,note\nmy-forum,My Forum,forum,2020,{SRC},2025,\n"
    )
    (mine / "member_of.csv").write_text(
        f"from_id,to_id,role,since,until,source,as_of,note\nFRA,my-forum,member,2021,,{SRC},2025,\n"
    )
    assert validate(mine).exit_code == 0  # alone, FRA is the bundled dataset's
    assert read_datasets([mine], known=bundled_known([mine])).external == {"FRA": "State"}
    assert read_datasets([mine]).errors[0].message == "unknown id 'FRA': no node file defines it"
    result = validate(base, mine)
    assert result.exit_code == 0, result.output
    dataset = read_datasets([base, mine])
    assert "my-forum" in dataset.nodes["Organisation"]
    assert len(dataset.rels["MEMBER_OF"]) == 8


def test_conflicting_node_in_two_folders(tmp_path):
    base = make_folder(tmp_path, "base")
    other = tmp_path / "other"
    other.mkdir()
    (other / "organisations.csv").write_text(
        f"id,name,kind,founded,source,as_of,note\nnato,NATO,forum,1949,{SRC},2025,\n"
    )
    result = validate(base, other)
    assert result.exit_code == 1
    assert (
        f"{other}/organisations.csv:2: id: duplicate id 'nato': already defined at {base}/organisations.csv:2"
        in result.stdout
    )


def test_bundled_datapackage_matches_schema():
    bundled = Path(__file__).resolve().parent.parent / "datasets" / "datapackage.json"
    assert json.loads(bundled.read_text()) == schema.datapackage()


# -- the date parser, property-based -------------------------------------------------------
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_parse_date_round_trips_full_dates(d):
    parsed = parse_date(d.isoformat())
    assert parsed.value == d and parsed.precision == "day" and str(parsed) == d.isoformat()


@given(st.integers(1000, 9999), st.integers(1, 12))
def test_parse_date_month_and_year(year, month):
    assert str(parse_date(f"{year}-{month:02d}")) == f"{year}-{month:02d}"
    assert parse_date(f"{year}").value == date(year, 1, 1)


@given(st.text(max_size=12))
def test_parse_date_rejects_or_accepts_cleanly(text):
    try:
        parsed = parse_date(text)
    except ValueError as error:
        assert repr(text) in str(error)
    else:
        assert str(parsed) == text


# control characters are rejected, with their position (tests/test_descriptors.py)
_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
_NAME_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r" + _CONTROLS)


@given(st.text(alphabet=_NAME_CHARS, max_size=40))
def test_any_text_in_a_quoted_name_round_trips(tmp_path_factory, name):
    import csv
    import io

    folder = make_folder(tmp_path_factory.mktemp("prop"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "name", "kind", "founded", "source", "as_of", "note"])
    writer.writerow(["nato", name, "alliance", "1949", SRC, "2025", ""])
    writer.writerow(["eu", "European Union", "regional", "1958", SRC, "2025", ""])
    (folder / "organisations.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    dataset = read_datasets([folder])
    if name.strip():
        assert dataset.nodes["Organisation"]["nato"].values["name"] == name.strip()
    else:
        assert any(p.column == "name" and "required value is empty" in p.message for p in dataset.errors)
