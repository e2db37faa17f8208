"""``graphkit import paris-call``: real supporter files → folder → validate → load."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from graphkit.data.read import bundled_datasets_dir
from graphkit.errors import InvalidData
from graphkit.importers import paris_call
from tests.helpers import SRC, cli, make_folder

FIXTURES = Path(__file__).parent / "fixtures" / "paris_call" / "_supporters"
COMMIT = "916433b20a70ce587db86de70b108ce21a25c551"
BASE = f"https://github.com/ambanum/pariscall.international/blob/{COMMIT}/_supporters"
CODES = ("--code", "ROM=ROU", "--code", "MTG=MNE")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _import(tmp_path: Path, *args: object, supporters: Path = FIXTURES, name: str = "paris-call"):
    out = tmp_path / name
    result = cli("import", "paris-call", supporters, "--commit", COMMIT, "--as-of", "2025-12-25", *args, "--out", out)
    return out, result


# -- the folder ---------------------------------------------------------------------------
def test_round_trip_writes_a_folder_that_validates(tmp_path):
    out, result = _import(tmp_path, *CODES)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "based_in.csv", "datapackage.json", "endorsed.csv", "stakeholders.csv",
    ]  # fmt: skip
    stakeholders = {r["id"]: r for r in _rows(out / "stakeholders.csv")}
    assert len(stakeholders) == 9  # 13 files: 2 states, 2 bundled organisations
    zoho = stakeholders["zoho"]
    assert (zoho["name"], zoho["kind"], zoho["source_kind"], zoho["as_of"]) == (
        "Zoho", "company", "depositary", "2025-12-25",
    )  # fmt: skip
    assert zoho["source"] == f"{BASE}/zoho-private-sector-USA.md"
    assert zoho["note"] == "Paris Call supporter listed as private-sector, nature: Entreprise"
    endorsed = {r["from_id"]: r for r in _rows(out / "endorsed.csv")}
    assert set(endorsed) == set(stakeholders) | {"FRA", "MNE", "eu", "interpol"}
    assert {r["to_id"] for r in endorsed.values()} == {"paris-call"}
    assert endorsed["creopoint"]["date"] == "2021-03-16" and endorsed["FRA"]["date"] == ""
    assert "nationality given as MTG" in endorsed["MNE"]["note"]
    based = {r["from_id"]: r["to_id"] for r in _rows(out / "based_in.csv")}
    assert based["eutelsat"] == "FRA"  # alpha-2 FR
    assert based["bod-commune"] == "ROU" and based["zoho"] == "USA"
    assert "number-resource-organization-nro" not in based  # empty nationality: reported
    assert "number_resource_organization_nro-civil-society-.md" in result.stderr
    assert json.loads((out / "datapackage.json").read_text())["name"] == "paris-call"
    check = cli("validate", out)
    assert check.exit_code == 0, check.output
    assert "0 error(s)" in check.stderr


def test_kinds_follow_category_and_nature():
    result = paris_call.convert(FIXTURES, source_base=BASE, as_of="2025-12-25")
    kinds = {r["id"]: r["kind"] for r in result.stakeholders}
    assert kinds == {
        "zoho": "company",
        "creopoint": "company",
        "eutelsat": "company",
        "aapti-institute": "academia",
        "ashoka-university": "academia",
        "access-now": "civil-society",
        "number-resource-organization-nro": "technical-community",
        "bod-commune": "public-authority",
        "caps": "other",
    }


def test_site_codes_are_reported_not_guessed():
    result = paris_call.convert(FIXTURES, source_base=BASE, as_of="2025-12-25")
    unplaced = {u.file: u.reason for u in result.unplaced}
    assert (
        unplaced["montenegro-state-MTG.md"]
        == "MTG is not a current ISO 3166-1 code; not mapped (a state: no row written)"
    )
    assert unplaced["bod_commune-public-authority-ROM.md"] == "ROM is not a current ISO 3166-1 code; not mapped"
    assert "european_union-public-authority-EU.md" not in unplaced  # the organisation eu: no BASED_IN to give
    assert "MNE" not in {r["from_id"] for r in result.endorsed}


def test_identical_names_are_one_stakeholder(tmp_path):
    folder = tmp_path / "_supporters"
    folder.mkdir()
    for file in ("zoho-private-sector-USA.md", "access_now-civil-society-USA.md"):
        shutil.copy(FIXTURES / file, folder / file)
    (folder / "zoho-private-sector-IND.md").write_text(
        '---\nname: "ZOHO "\ncategory: private-sector\nnature: "Entreprise"\nnationality: IND\n---\n', encoding="utf-8"
    )
    result = paris_call.convert(folder, source_base=BASE, as_of="2025-12-25", taken={"access-now"})
    assert [r["id"] for r in result.stakeholders] == ["access-now-usa", "zoho"]  # an id taken elsewhere
    assert result.merged == [("zoho-private-sector-USA.md", "zoho")]
    assert [r["from_id"] for r in result.endorsed] == ["access-now-usa", "zoho"]


# -- clean errors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name: "X"\n', "x.md:1: not a supporter file: it must open with a --- front matter line"),
        ('---\nname: "X\n---\n', 'x.md:2: not a `key: "value"` line of front matter'),
        ('---\nname: "X"\ncategory: state\n', "x.md:3: the front matter is not closed by a --- line"),
        ('---\nname: "X"\nname: "Y"\n---\n', "x.md:3: name is given twice"),
        ('---\nname: "X"\ncategory: company\n---\n', "x.md: category 'company' is not one of state, private-sector"),
        ('---\nname: ""\ncategory: state\n---\n', "x.md: the front matter gives no name"),
    ],
)
def test_a_bad_file_is_a_one_line_error(tmp_path, text, message):
    folder = tmp_path / "_supporters"
    folder.mkdir()
    (folder / "x.md").write_text(text, encoding="utf-8")
    _out, result = _import(tmp_path, supporters=folder)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr
    assert not (tmp_path / "paris-call").exists()


def test_bad_options_are_errors(tmp_path):
    _out, result = _import(tmp_path, "--source-base", BASE)
    assert result.exit_code == 2 and "--commit or --source-base" in result.stderr
    result = cli("import", "paris-call", FIXTURES, "--commit", "main", "--as-of", "2025", "--out", tmp_path / "o")
    assert result.exit_code == 1 and "'main' is not a commit id" in result.stderr
    _out, result = _import(tmp_path, "--code", "MTG=SCG")
    assert result.exit_code == 1 and "SCG is not a state of graphkit" in result.stderr
    with pytest.raises(InvalidData, match="no such folder"):
        paris_call.convert(tmp_path / "nowhere", source_base=BASE, as_of="2025")


# -- the schema's bad inputs --------------------------------------------------------------
STAKEHOLDERS = f"id,name,kind,source,source_kind,as_of,note\nzoho,Zoho,company,{SRC},depositary,2025-12-25,\n"


def test_a_based_in_to_a_non_state_is_rejected(tmp_path):
    folder = make_folder(
        tmp_path,
        stakeholders_csv=STAKEHOLDERS,
        based_in_csv=f"from_id,to_id,source,as_of,note\nzoho,nato,{SRC},2025,\n",
    )
    result = cli("validate", folder)
    assert result.exit_code == 1
    assert "based_in.csv:2" in result.output and "nato" in result.output, result.output


def test_an_unknown_kind_is_rejected(tmp_path):
    folder = make_folder(tmp_path, stakeholders_csv=STAKEHOLDERS.replace(",company,", ",think-tank,"))
    result = cli("validate", folder)
    assert result.exit_code == 1
    assert "stakeholders.csv:2" in result.output and "think-tank" in result.output, result.output


# -- into Neo4j ---------------------------------------------------------------------------
def _base_folder(tmp_path: Path) -> Path:
    """The nodes the supporters point at: the bundled states, the Paris Call, the EU and INTERPOL."""
    folder = tmp_path / "base"
    folder.mkdir()
    shutil.copy(bundled_datasets_dir() / "states.csv", folder / "states.csv")
    for file, ids in (("instruments.csv", {"paris-call"}), ("organisations.csv", {"eu", "interpol"})):
        with open(bundled_datasets_dir() / file, encoding="utf-8", newline="") as handle:
            lines = handle.read().splitlines(keepends=True)
        (folder / file).write_text(
            "".join(lines[:1] + [line for line in lines[1:] if line.split(",", 1)[0] in ids]), encoding="utf-8"
        )
    return folder


@pytest.mark.neo4j
def test_load_gives_the_stakeholders_in_neo4j(empty_db, tmp_path):
    base = cli("load", _base_folder(tmp_path), "--quiet")
    assert base.exit_code == 0, base.output
    out, result = _import(tmp_path, *CODES)
    assert result.exit_code == 0, result.output
    loaded = cli("load", out, "--quiet")
    assert loaded.exit_code == 0, loaded.output
    kinds = empty_db.read("MATCH (s:Stakeholder) RETURN s.kind AS kind, count(*) AS n ORDER BY kind")
    assert {r["kind"]: r["n"] for r in kinds} == {
        "academia": 2, "civil-society": 1, "company": 3, "other": 1, "public-authority": 1, "technical-community": 1,
    }  # fmt: skip
    based = empty_db.read(
        "MATCH (s:Stakeholder)-[b:BASED_IN]->(st:State) RETURN s.id AS id, st.id AS state, b.dataset AS dataset"
    )
    assert {(r["id"], r["state"]) for r in based} >= {("eutelsat", "FRA"), ("bod-commune", "ROU")}
    assert len(based) == 8 and {r["dataset"] for r in based} == {"paris-call"}
    endorsed = empty_db.read(
        "MATCH (a)-[e:ENDORSED]->(:Instrument {id: 'paris-call'}) RETURN labels(a)[0] AS label, count(e) AS n"
    )
    assert {r["label"]: r["n"] for r in endorsed} == {"Stakeholder": 9, "State": 2, "Organisation": 2}
