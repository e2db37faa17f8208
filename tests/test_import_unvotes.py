"""``graphkit import unvotes``: real excerpts of the unvotes files → folder → validate → load."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphkit.data.read import bundled_datasets_dir
from graphkit.errors import InvalidData
from graphkit.importers import unvotes
from tests.helpers import cli

FIXTURES = Path(__file__).parent / "fixtures" / "unvotes"
VOTES, ROLL_CALLS, ISSUES = (FIXTURES / f"{name}.csv" for name in ("unvotes", "roll_calls", "issues"))
ICT = ("--resolution", "A/RES/73/27", "--resolution", "A/RES/73/266")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _import(tmp_path: Path, *args: str, name: str = "unga") -> tuple[Path, object]:
    out = tmp_path / name
    result = cli("import", "unvotes", VOTES, ROLL_CALLS, ISSUES, *args, "--out", out)
    return out, result


def _bundled_votes(resolutions: set[str]) -> set[tuple[str, ...]]:
    return {tuple(r.values()) for r in _rows(bundled_datasets_dir() / "voted.csv") if r["to_id"] in resolutions}


# -- the folder ---------------------------------------------------------------------------
def test_round_trip_writes_a_folder_that_validates(tmp_path):
    out, result = _import(tmp_path, *ICT)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["datapackage.json", "instruments.csv", "voted.csv"]
    instruments = {r["id"]: r for r in _rows(out / "instruments.csv")}
    assert set(instruments) == {"unga-res-73-27", "unga-res-73-266"}
    res = instruments["unga-res-73-27"]
    assert res["kind"] == "resolution" and res["adopted"] == "2018-12-05" == res["as_of"]
    assert res["name"] == (
        "UN General Assembly resolution 73/27: Developments in the field of information and "
        "telecommunications in the context of international security"
    )
    assert "roll call 6073" in res["note"] and "119 yes, 46 no, 14 abstain" in res["note"]
    votes = _rows(out / "voted.csv")
    fra = {(v["to_id"], v["vote"], v["date"]) for v in votes if v["from_id"] == "FRA"}
    assert fra == {("unga-res-73-27", "no", "2018-12-05"), ("unga-res-73-266", "yes", "2018-12-22")}
    assert {v["source"] for v in votes} == {unvotes.TIDYTUESDAY_VOTES_URL}
    assert ("NAM", "unga-res-73-27", "yes") in {(v["from_id"], v["to_id"], v["vote"]) for v in votes}
    assert "Yugoslavia" in result.stderr and "YU" in result.stderr  # Serbia's rows, reported
    assert json.loads((out / "datapackage.json").read_text())["name"] == "unga"
    check = cli("validate", out)
    assert check.exit_code == 0, check.output
    assert "0 error(s), 0 warning(s) in 2 file(s): 2 nodes, 343 relationships" in check.stderr


def test_excerpt_regenerates_the_bundled_rows_exactly(tmp_path):
    out, result = _import(tmp_path, *ICT, "--code", "YU=SRB")
    assert result.exit_code == 0, result.output
    regenerated = {tuple(r.values()) for r in _rows(out / "voted.csv")}
    assert regenerated == _bundled_votes({"unga-res-73-27", "unga-res-73-266"})


@pytest.mark.skipif(not os.environ.get("GRAPHKIT_UNVOTES_DIR"), reason="GRAPHKIT_UNVOTES_DIR: the full unvotes CSVs")
def test_full_files_regenerate_the_bundled_rows(tmp_path):
    full = Path(os.environ["GRAPHKIT_UNVOTES_DIR"])
    ids = {"unga-res-73-27", "unga-res-73-266", "unga-res-73-187"}
    symbols = [f"A/RES/{unvotes.short_symbol(i)}" for i in sorted(ids)]
    result = unvotes.convert(full / "unvotes.csv", full / "roll_calls.csv", resolutions=symbols, codes={"YU": "SRB"})
    assert {tuple(v.values()) for v in result.votes} == _bundled_votes(ids)


# -- filters ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--match", "CYBERSPACE"), {"unga-res-73-266"}),
        (("--match", "information and communications technologies"), {"unga-res-74-247"}),
        (("--since", "2018-12-10"), {"unga-res-73-266", "unga-res-74-247"}),
        (("--since", "2019"), {"unga-res-74-247"}),
        (("--resolution", "R/40/11"), {"unga-res-40-11"}),
        (("--match", "security", "--since", "2018-12-10"), {"unga-res-73-266"}),
        ((), {"unga-res-40-11", "unga-res-73-27", "unga-res-73-266", "unga-res-74-247"}),
    ],
)
def test_filters(tmp_path, args, expected):
    out, result = _import(tmp_path, *args)
    assert result.exit_code == 0, result.output
    assert {r["id"] for r in _rows(out / "instruments.csv")} == expected
    assert {r["to_id"] for r in _rows(out / "voted.csv")} == expected


def test_historical_and_missing_codes_are_reported_not_guessed():
    result = unvotes.convert(VOTES, ROLL_CALLS, ISSUES, resolutions=["A/RES/40/11"])
    skipped = {(s.country, s.code): s.reason for s in result.skipped}
    assert set(skipped) == {
        ("German Democratic Republic", "DD"),
        ("Czechoslovakia", "CS"),
        ("Yugoslavia", "YU"),
        ("Yemen People's Republic", "YD"),
        ("Federal Republic of Germany", ""),
        ("Yemen Arab Republic", ""),
    }
    assert "historical" in skipped["Czechoslovakia", "CS"]
    assert skipped["Federal Republic of Germany", ""] == "no country code in the file"
    states = {v["from_id"] for v in result.votes}
    assert not states & {"DEU", "CZE", "SVK", "SRB", "YEM", "NAM"}  # nothing guessed; Namibia not yet a member
    assert "Human rights" in result.instruments[0]["note"]


def test_source_url_and_as_of_are_the_callers(tmp_path):
    url = "https://example.org/unvotes.csv"
    out, result = _import(tmp_path, "--resolution", "A/RES/74/247", "--source-url", url, "--as-of", "2021-03-23")
    assert result.exit_code == 0, result.output
    rows = _rows(out / "voted.csv") + _rows(out / "instruments.csv")
    assert {(r["source"], r["as_of"]) for r in rows} == {(url, "2021-03-23")}
    assert {r["date"] for r in _rows(out / "voted.csv")} == {"2019-12-27"}


# -- clean errors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((ROLL_CALLS, VOTES), "not an unvotes roll calls file: expected the columns rcid,session"),
        ((VOTES, ISSUES), "not an unvotes roll calls file"),
        ((VOTES, ROLL_CALLS, VOTES), "not an unvotes issues file: expected the columns rcid,short_name,issue"),
    ],
)
def test_a_wrong_file_is_a_one_line_error(tmp_path, args, message):
    result = cli("import", "unvotes", *args, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--resolution", "73/27"), "--resolution: '73/27' is not a resolution symbol"),
        (("--resolution", "A/RES/75/240"), "--resolution: no roll call records A/RES/75/240"),
        (("--since", "next year"), "--since: 'next year' is not a date"),
        (("--source-url", "unvotes.csv"), "--source-url: 'unvotes.csv' is not an http(s) URL"),
        (("--code", "YU=SCG"), "--code"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path, args, message):
    _out, result = _import(tmp_path, *args)
    assert result.exit_code in (1, 2), result.output
    assert message in result.stderr, result.stderr


def test_a_folder_with_other_csv_files_is_refused(tmp_path):
    (tmp_path / "unga").mkdir()
    (tmp_path / "unga" / "states.csv").write_text("id\n")
    _out, result = _import(tmp_path, *ICT)
    assert result.exit_code == 1 and "--out:" in result.stderr and "states.csv" in result.stderr


def test_an_unknown_vote_value_names_the_line(tmp_path):
    bad = tmp_path / "votes.csv"
    bad.write_text("rcid,country,country_code,vote\n6073,France,FR,maybe\n", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"votes\.csv:2: vote 'maybe' is not yes, no or abstain"):
        unvotes.convert(bad, ROLL_CALLS, resolutions=["A/RES/73/27"])


# -- the symbol parser --------------------------------------------------------------------
@given(
    st.integers(1, 999),
    st.integers(1, 9999),
    st.sampled_from(["", "A", "B", "c"]),
    st.sampled_from(["A/RES/", "R/", "a/res/"]),
)
def test_resolution_symbols_round_trip(session, number, part, prefix):
    rid = unvotes.resolution_id(f"{prefix}{session}/{number}{part}")
    assert rid == f"unga-res-{session}-{number}{part.lower()}"
    assert unvotes.resolution_id(f"A/RES/{unvotes.short_symbol(rid)}") == rid


@given(st.text(max_size=30))
def test_resolution_id_never_fails(text):
    rid = unvotes.resolution_id(text)
    assert rid is None or rid.startswith("unga-res-")


# -- into Neo4j ---------------------------------------------------------------------------
def _states_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "states-only"
    folder.mkdir()
    shutil.copy(bundled_datasets_dir() / "states.csv", folder / "states.csv")
    return folder


@pytest.mark.neo4j
def test_load_gives_the_votes_in_neo4j(empty_db, tmp_path):
    assert cli("load", _states_folder(tmp_path), "--quiet").exit_code == 0
    out, result = _import(tmp_path, *ICT)
    assert result.exit_code == 0, result.output
    loaded = cli("load", out, "--quiet")
    assert loaded.exit_code == 0, loaded.output
    rows = empty_db.read(
        "MATCH (s:State {id: 'FRA'})-[v:VOTED]->(r:Instrument) "
        "RETURN r.id AS id, r.kind AS kind, v.vote AS vote, v.date_text AS date, v.dataset AS dataset ORDER BY id"
    )
    assert [dict(r) for r in rows] == [
        {"id": "unga-res-73-266", "kind": "resolution", "vote": "yes", "date": "2018-12-22", "dataset": "unga"},
        {"id": "unga-res-73-27", "kind": "resolution", "vote": "no", "date": "2018-12-05", "dataset": "unga"},
    ]
    counts = empty_db.read("MATCH (:State)-[v:VOTED]->(r:Instrument) RETURN r.id AS id, count(v) AS n ORDER BY id")
    assert {r["id"]: r["n"] for r in counts} == {"unga-res-73-266": 165, "unga-res-73-27": 178}


@pytest.mark.neo4j
def test_beside_the_bundled_dataset(empty_db, tmp_path):
    assert cli("load", bundled_datasets_dir(), "--quiet").exit_code == 0
    out, result = _import(tmp_path, "--match", "criminal purposes", "--beside-bundled", name="unga-2019")
    assert result.exit_code == 0, result.output
    assert _rows(out / "instruments.csv") == []  # unga-res-74-247 is the bundled node
    loaded = cli("load", out, "--quiet")
    assert loaded.exit_code == 0, loaded.output
    rows = empty_db.read(
        "MATCH (:State {id: 'NAM'})-[v:VOTED {dataset: 'unga-2019'}]->(r:Instrument) RETURN r.id AS id, v.vote AS vote"
    )
    assert [dict(r) for r in rows] == [{"id": "unga-res-74-247", "vote": "yes"}]
