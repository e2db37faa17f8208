"""``short_name``: the ≤ 40-character label of every forum (Organisation, Summit, Instrument) that views draw."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from graphkit import schema
from graphkit.analysis import projection
from graphkit.data.facts import node_rows
from graphkit.data.read import bundled_datasets_dir, read_datasets
from graphkit.errors import ExitCode
from graphkit.importers import unvotes
from tests.helpers import BASE, cli, make_folder

FORUMS = ("Organisation", "Summit", "Instrument")
LIMIT = schema.SHORT_NAME_MAX


def _with_short_names(file: str, names: dict[str, str]) -> str:
    """A BASE file with a ``short_name`` column right after ``name``, filled from ``names`` (row id → value)."""
    header, *rows = BASE[file].splitlines()
    out = [header.replace("id,name,", "id,name,short_name,", 1)]
    for row in rows:
        node_id, name, rest = row.split(",", 2)
        out.append(f"{node_id},{name},{names.get(node_id, '')},{rest}")
    return "\n".join(out) + "\n"


def test_the_forums_have_an_optional_short_name_after_name():
    for label in FORUMS:
        columns = [c.name for c in schema.NODE_BY_LABEL[label].columns]
        assert columns[:3] == ["id", "name", "short_name"], label
        column = schema.NODE_BY_LABEL[label].columns[2]
        assert column.max_length == LIMIT == 40 and not column.required
    for label in ("State", "CyberOffice", "Stakeholder"):
        assert "short_name" not in [c.name for c in schema.NODE_BY_LABEL[label].columns]


def test_too_long_short_name_is_an_error_with_file_line_column(tmp_path):
    too_long = "N" * (LIMIT + 1)
    folder = make_folder(
        tmp_path,
        organisations_csv=_with_short_names("organisations.csv", {"nato": "NATO", "eu": too_long}),
        summits_csv=_with_short_names("summits.csv", {"igf-2019": "S" * (LIMIT + 2)}),
    )
    result = cli("validate", str(folder))
    assert result.exit_code == int(ExitCode.INVALID_DATA), result.output
    lines = result.stdout.splitlines()
    assert f"{folder}/organisations.csv:3: short_name: {too_long!r} has 41 characters; the limit is 40" in lines
    assert f"{folder}/summits.csv:2: short_name: {'S' * 42!r} has 42 characters; the limit is 40" in lines
    assert not any("organisations.csv:2:" in ln for ln in lines)  # NATO's row is fine


def test_short_name_of_exactly_40_characters_or_empty_is_valid(tmp_path):
    folder = make_folder(
        tmp_path,
        instruments_csv=_with_short_names("instruments.csv", {"budapest-convention": "B" * LIMIT}),
    )
    result = cli("validate", str(folder))
    assert result.exit_code == 0, result.output
    instruments = read_datasets([folder]).nodes["Instrument"]
    assert instruments["budapest-convention"].values["short_name"] == "B" * LIMIT
    assert instruments["bilateral-est-usa-2020"].values["short_name"] is None  # empty: optional


def test_a_folder_without_the_column_stays_valid(tmp_path):
    assert cli("validate", str(make_folder(tmp_path))).exit_code == 0


def test_short_name_is_a_node_property(tmp_path):
    folder = make_folder(tmp_path, organisations_csv=_with_short_names("organisations.csv", {"nato": "NATO"}))
    dataset = read_datasets([folder])
    props = node_rows(dataset, dataset.names[0])["Organisation"]
    assert props["nato"]["short_name"] == "NATO"
    assert props["eu"]["short_name"] is None


def test_the_descriptor_carries_max_length_40():
    for package in (schema.datapackage(), json.loads((bundled_datasets_dir() / "datapackage.json").read_text())):
        fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in package["resources"]}
        for label in FORUMS:
            field = fields[schema.NODE_BY_LABEL[label].resource]["short_name"]
            assert field["type"] == "string"
            assert field["constraints"] == {"maxLength": 40}
            assert "the full name stays in `name`" in field["description"]
        assert "short_name" not in fields["states"]


@pytest.fixture(scope="module")
def bundled():
    return read_datasets([bundled_datasets_dir()])


@pytest.mark.parametrize("label", FORUMS)
def test_every_bundled_forum_has_a_short_name_of_at_most_40_characters(bundled, label):
    records = bundled.nodes[label]
    assert records
    for node_id, record in records.items():
        short = record.values["short_name"]
        assert short and len(short) <= LIMIT, (node_id, short)
        assert short == short.strip(), (node_id, short)
    repeated = [n for n, k in Counter(r.values["short_name"] for r in records.values()).items() if k > 1]
    assert repeated == [], repeated


def test_resolutions_are_named_by_their_symbol(bundled):
    resolutions = {i: r for i, r in bundled.nodes["Instrument"].items() if r.values["kind"] == "resolution"}
    assert len(resolutions) >= 11
    for node_id, record in resolutions.items():
        assert record.values["short_name"] == f"UNGA {unvotes.short_symbol(node_id)}"
    assert bundled.nodes["Instrument"]["budapest-convention"].values["short_name"] == "Budapest Convention"


def test_the_projection_carries_short_name_to_forum_nodes():
    assert "short_name" in projection.FORUM_FIELDS
    assert "f.short_name" in projection.forum_query()
    B = projection.bipartite_from_rows(
        [{"id": "FRA", "attrs": {"name": "France"}}],
        [
            {
                "id": "budapest-convention",
                "label": "Instrument",
                "attrs": {"name": "Convention on Cybercrime (ETS No. 185)", "short_name": "Budapest Convention"},
            }
        ],
        [{"a": "FRA", "b": "budapest-convention", "rel": "RATIFIED", "attrs": {}}],
    )
    assert B.nodes["budapest-convention"]["short_name"] == "Budapest Convention"


def test_the_bundled_short_names_are_in_the_files_right_after_name():
    folder = Path(bundled_datasets_dir())
    for label in FORUMS:
        header = (folder / schema.NODE_BY_LABEL[label].file).read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("id,name,short_name,"), header
