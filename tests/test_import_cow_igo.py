"""``graphkit import cow-igo``: real excerpts of the COW IGO v3 files → folder → validate → load."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphkit.data.read import bundled_datasets_dir
from graphkit.errors import InvalidData
from graphkit.importers import cow_igo
from tests.helpers import cli

FIXTURES = Path(__file__).parent / "fixtures" / "cow_igo"
STATE_YEAR, STATES = FIXTURES / "state_year_format3.csv", FIXTURES / "states2016.csv"
URL = "https://correlatesofwar.org/data-sets/IGOs/"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _import(tmp_path: Path, *args: str, name: str = "cow"):
    out = tmp_path / name
    result = cli("import", "cow-igo", STATE_YEAR, STATES, "--igo", "itu=itu", "--source-url", URL, *args, "--out", out)
    return out, result


def _spells(rows, state):
    return sorted((r["to_id"], r["role"], r["since"], r["until"]) for r in rows if r["from_id"] == state)


def test_round_trip_writes_a_folder_that_validates(tmp_path):
    out, result = _import(tmp_path, "--igo", "nam=nam", "--code", "260=DEU")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["datapackage.json", "member_of.csv"]
    rows = _rows(out / "member_of.csv")
    assert _spells(rows, "USA") == [("itu", "member", "1908", "")]
    assert _spells(rows, "RUS") == [("itu", "member", "1865", "")]
    assert _spells(rows, "SSD") == [("itu", "member", "2011", "")]
    # Germany 1865-1945, then the Federal Republic from 1955 run on by Germany from 1990: one spell
    assert _spells(rows, "DEU") == [("itu", "member", "1865", "1946"), ("itu", "member", "1955", "")]
    assert "COW code 260 mapped to DEU" in next(r["note"] for r in rows if r["since"] == "1955")
    assert {r["source"] for r in rows} == {URL} and {r["as_of"] for r in rows} == {"2014"}
    assert {r["source_kind"] for r in rows} == {"reference"}
    assert "Yugoslavia" in result.stderr and "the name gives no state of graphkit" in result.stderr
    check = cli("validate", out)
    assert check.exit_code == 0, check.output


def test_a_historical_code_is_listed_not_guessed(tmp_path):
    out, result = _import(tmp_path)
    assert result.exit_code == 0, result.output
    assert "German Federal Republic" in result.stderr and "not a state in 2014 (historical)" in result.stderr
    assert _spells(_rows(out / "member_of.csv"), "DEU") == [
        ("itu", "member", "1865", "1946"),
        ("itu", "member", "1990", ""),
    ]


def test_as_of_is_the_callers(tmp_path):
    out, result = _import(tmp_path, "--as-of", "2020-05-01")
    assert result.exit_code == 0, result.output
    assert {r["as_of"] for r in _rows(out / "member_of.csv")} == {"2020-05-01"}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            (STATES, STATES),
            "states2016.csv:1: the header has no column year, itu; this is not a COW IGO state-year file",
        ),
        ((STATE_YEAR, STATE_YEAR), "state_year_format3.csv:1: the header has no column stateabb, statenme, styear"),
    ],
)
def test_a_wrong_file_is_a_one_line_error(tmp_path, files, message):
    result = cli("import", "cow-igo", *files, "--igo", "itu=itu", "--source-url", URL, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--source-url", URL), 2, "Invalid value for '--igo': give at least one COLUMN=ORGANISATION"),
        (("--igo", "itu", "--source-url", URL), 2, "Invalid value for '--igo': 'itu': write COLUMN=ORGANISATION"),
        (("--igo", "itu=itu", "--source-url", "cow.csv"), 1, "--source-url: 'cow.csv' is not an http(s) URL"),
        (("--igo", "itu=itu", "--source-url", URL, "--code", "260=GFR"), 1, "--code"),
        (("--igo", "itu=itu", "--source-url", URL, "--as-of", "soon"), 1, "--as-of: 'soon' is not a date"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path, args, code, message):
    result = cli("import", "cow-igo", STATE_YEAR, STATES, *args, "--out", tmp_path / "out")
    assert result.exit_code == code, result.output
    assert message in result.stderr, result.stderr


def test_an_unknown_status_names_the_line_and_column(tmp_path):
    bad = tmp_path / "sy.csv"
    bad.write_text("ccode,year,state,itu\n2,1908,usa,yes\n", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"sy\.csv:2: itu: 'yes' is not a COW status"):
        cow_igo.convert(bad, STATES, {"itu": "itu"}, source_url=URL)


def test_a_file_without_rows_is_a_one_line_error(tmp_path):
    empty = tmp_path / "sy.csv"
    empty.write_text("ccode,year,state,itu\n", encoding="utf-8")
    result = cli("import", "cow-igo", empty, STATES, "--igo", "itu=itu", "--source-url", URL, "--out", tmp_path / "o")
    assert result.exit_code == 1, result.output
    assert (
        result.stderr == f"Error: {empty}: the file has no state-year rows. Give the COW state-year file unchanged.\n"
    )
    assert not (tmp_path / "o").exists()


# -- the spells, property-based ---------------------------------------------------------------
@given(st.lists(st.sampled_from([0, 1, 2, 3, -9, -1]), min_size=1, max_size=40), st.integers(1800, 2000))
def test_spells_cover_exactly_the_years_with_a_status(statuses, first):
    observed = {first + i: s for i, s in enumerate(statuses)}
    last = max(observed)
    found = cow_igo.spells(observed, last)
    for year, status in observed.items():
        covering = [s for s in found if s.since <= year and (s.until is None or year < s.until)]
        if status in cow_igo.ROLES:
            assert len(covering) == 1
            role, _ = cow_igo.ROLES[status]
            assert covering[0].role == role and covering[0].associate == (status == 2)
        else:
            assert covering == []
    assert all(s.until is None or s.since < s.until for s in found)


# -- into Neo4j ---------------------------------------------------------------------------
@pytest.mark.neo4j
def test_load_gives_the_memberships_in_neo4j(empty_db, tmp_path):
    states = tmp_path / "base"
    states.mkdir()
    shutil.copy(bundled_datasets_dir() / "states.csv", states / "states.csv")
    shutil.copy(bundled_datasets_dir() / "organisations.csv", states / "organisations.csv")
    assert cli("load", states, "--quiet").exit_code == 0
    out, result = _import(tmp_path, "--code", "260=DEU")
    assert result.exit_code == 0, result.output
    loaded = cli("load", out, "--quiet")
    assert loaded.exit_code == 0, loaded.output
    rows = empty_db.read(
        "MATCH (:State {id: 'DEU'})-[m:MEMBER_OF]->(:Organisation {id: 'itu'}) "
        "RETURN m.since_text AS since, m.until_text AS until ORDER BY since"
    )
    assert [dict(r) for r in rows] == [{"since": "1865", "until": "1946"}, {"since": "1955", "until": None}]
