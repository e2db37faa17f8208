"""Hardening (issue 13): malformed folders and descriptors are rejected as file:line: column: message, nothing more.

A ``datapackage.json`` may not lead outside its folder nor crash the reader;
control characters and misspelt columns are errors; a rejected node file or
row is reported once, not again for every relationship that refers to it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphkit.data.read import read_datasets
from tests.helpers import BASE, SRC, cli, make_folder

SECRET = "secret-first-line,do-not-print\n"


def validate(folder: Path):
    return cli("validate", str(folder))


def descriptor(*resources: object) -> str:
    return json.dumps({"name": "mine", "resources": list(resources)}, indent=2)


def _errors(folder: Path, result) -> list[str]:
    """The problem lines, without the folder prefix."""
    return [ln.removeprefix(f"{folder}/") for ln in result.stdout.splitlines()]


# -- 1. resource paths stay inside the dataset folder ----------------------------------------
OUTSIDE = {
    "absolute path": ("/etc/passwd", "path '/etc/passwd' is absolute; give it relative to the dataset folder"),
    "parent folder": ("../secret.csv", "path '../secret.csv' leads outside the dataset folder; it was not read"),
    "URL": (
        "https://example.org/states.csv",
        "path 'https://example.org/states.csv' is a URL; only files inside the dataset folder are read",
    ),
    "link to outside": ("link.json", "path 'link.json' leads outside the dataset folder; it was not read"),
}


@pytest.mark.parametrize("case", sorted(OUTSIDE))
def test_resource_path_outside_the_folder_is_refused(tmp_path, case):
    path, message = OUTSIDE[case]
    (tmp_path / "secret.csv").write_text(SECRET)
    folder = make_folder(tmp_path, datapackage_json=descriptor({"name": "states", "path": path}))
    (folder / "link.json").symlink_to(tmp_path / "secret.csv")  # not a .csv: only the descriptor names it
    result = validate(folder)
    assert result.exit_code == 1, result.output
    assert _errors(folder, result) == [f"datapackage.json:6: resources: resource 'states': {message}"]
    assert "secret" not in result.stdout.replace("secret.csv", "") and "root:" not in result.stdout


def test_csv_file_linked_to_outside_is_not_read(tmp_path):
    (tmp_path / "secret.csv").write_text(SECRET)
    folder = make_folder(tmp_path, states_csv=None)
    (folder / "states.csv").symlink_to(tmp_path / "secret.csv")
    result = validate(folder)
    assert result.exit_code == 1
    assert "states.csv:0: -: the file is a link to outside the dataset folder; not read" in _errors(folder, result)
    assert "do-not-print" not in result.stdout


def test_descriptor_linked_to_outside_is_not_read(tmp_path):
    (tmp_path / "outside.json").write_text(descriptor({"name": "states", "path": "/etc/passwd"}))
    folder = make_folder(tmp_path)
    (folder / "datapackage.json").symlink_to(tmp_path / "outside.json")
    result = validate(folder)
    assert _errors(folder, result) == [
        "datapackage.json:0: -: the file is a link to outside the dataset folder; not read"
    ]


def test_path_inside_the_folder_by_a_detour_is_read(tmp_path):
    folder = make_folder(tmp_path, datapackage_json=descriptor({"name": "states", "path": "sub/../states.csv"}))
    (folder / "sub").mkdir()
    result = validate(folder)
    assert result.exit_code == 0, result.output


# -- 2. a malformed descriptor is an error at its line, never a crash -----------------------
MALFORMED = {
    "a list": ("[]", "datapackage.json:1: -: the descriptor is a list; it must be an object"),
    "resources a number": (
        '{\n  "name": "mine",\n  "resources": 5\n}',
        'datapackage.json:3: resources: "resources" is a number; it must be a list of objects',
    ),
    "resource a string": (
        '{"resources": [\n  {"name": "states", "path": "states.csv"},\n  "signed"\n]}',
        "datapackage.json:3: resources: resource 2 is a string, not an object",
    ),
    "no path": (
        '{"resources": [\n  {"name": "states"}\n]}',
        "datapackage.json:2: resources: resource 'states' has no \"path\"",
    ),
    "path a list": (
        '{"resources": [\n  {"name": "states",\n   "path": ["a.csv", "b.csv"]}\n]}',
        "datapackage.json:2: resources: resource 'states': \"path\" is a list; it must be one file name (a string)",
    ),
    "name a number": (
        '{"resources": [{"name": 5, "path": "states.csv"}]}',
        'datapackage.json:1: resources: resource 1: "name" is a number; it must be a string',
    ),
    "invalid JSON": (
        '{"resources": [\n  {"name": "states" "path": "states.csv"}\n]}',
        "datapackage.json:2: column 21: invalid JSON: Expecting ',' delimiter",
    ),
    "nested too deeply": ("[" * 100_000, "datapackage.json:1: -: invalid JSON: nested too deeply"),
    "not UTF-8": (
        b'{"name": "mine",\n "title": "Donn\xe9es"}',
        "datapackage.json:2: byte 16: the file is not UTF-8 (byte 0xe9); save it as UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_descriptor_is_an_error_at_its_line(tmp_path, case):
    text, expected = MALFORMED[case]
    folder = make_folder(tmp_path, datapackage_json=text)
    result = validate(folder)
    assert result.exit_code == 1, result.output
    assert _errors(folder, result) == [expected]


def test_malformed_descriptor_does_not_stop_the_csv_files_being_checked(tmp_path):
    folder = make_folder(tmp_path, datapackage_json="[]", states_csv=BASE["states.csv"].replace("EST,", "ESX,"))
    lines = _errors(folder, validate(folder))
    assert lines[0].startswith("datapackage.json:1:") and "states.csv:4: id: 'ESX'" in lines[1]


# -- 3. control characters in a field ------------------------------------------------------
CONTROL = {"NUL": "\x00", "escape": "\x1b", "DEL": "\x7f", "start of heading": "\x01", "unit separator": "\x1f"}


@pytest.mark.parametrize("case", sorted(CONTROL))
def test_control_character_in_a_field_is_an_error_at_its_position(tmp_path, case):
    char = CONTROL[case]
    folder = make_folder(
        tmp_path, organisations_csv=BASE["organisations.csv"].replace("European Union", f"Euro{char}pean Union")
    )
    result = validate(folder)
    assert result.exit_code == 1
    code = f"U+{ord(char):04X}"
    assert _errors(folder, result) == [
        f"organisations.csv:3: name: control character {code} at character 5 of the value"
    ]


def test_control_character_in_a_quoted_field_after_a_line_break(tmp_path):
    text = BASE["organisations.csv"].replace("European Union,", '"European\nUnion\x00",')
    folder = make_folder(tmp_path, organisations_csv=text)
    assert _errors(folder, validate(folder)) == [
        "organisations.csv:3: name: control character U+0000 at character 15 of the value"
    ]


def test_tab_and_line_breaks_in_quoted_fields_are_accepted(tmp_path):
    text = BASE["organisations.csv"].replace("European Union,", '"European\tUnion\r\n(EU)",')
    folder = make_folder(tmp_path, organisations_csv=text)
    dataset = read_datasets([folder])
    assert dataset.errors == []
    assert dataset.nodes["Organisation"]["eu"].values["name"] == "European\tUnion\r\n(EU)"


def test_control_character_in_a_column_name(tmp_path):
    folder = make_folder(tmp_path, hosted_csv=BASE["hosted.csv"].replace("note", "no\x1b[2Jte", 1))
    assert _errors(folder, validate(folder)) == ["hosted.csv:1: field 5: control character U+001B in the column name"]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=40))
def test_any_quoted_name_round_trips_or_its_control_character_is_reported(tmp_path_factory, name):
    folder = make_folder(tmp_path_factory.mktemp("prop"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([["id", "name", "kind", "founded", "source", "as_of", "note"], ["nato", name, "alliance"]])
    (folder / "organisations.csv").write_text(buffer.getvalue().replace("alliance", f"alliance,1949,{SRC},2025,"))
    dataset = read_datasets([folder])
    errors = [(p.column, p.message) for p in dataset.errors if p.path.endswith("organisations.csv")]
    control = re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", name)
    if control:
        message = f"control character U+{ord(control.group()):04X} at character {control.start() + 1} of the value"
        assert errors == [("name", message)]
    elif name.strip():
        assert dataset.nodes["Organisation"]["nato"].values["name"] == name.strip()
    else:
        assert errors == [("name", "required value is empty")]


# -- 4. a misspelt column is an error, an unrelated one a warning ---------------------------
@pytest.mark.parametrize(("written", "meant"), [("untill", "until"), ("Until", "until"), ("sinse", "since")])
def test_misspelt_column_is_an_error_naming_the_known_one(tmp_path, written, meant):
    folder = make_folder(tmp_path, member_of_csv=BASE["member_of.csv"].replace(meant, written, 1))
    result = validate(folder)
    assert result.exit_code == 1
    number = BASE["member_of.csv"].split("\n")[0].split(",").index(meant) + 1
    expected = f"member_of.csv:1: {written}: unknown column (header field {number}); did you mean {meant!r}?"
    assert _errors(folder, result) == [expected]


def test_misspelt_required_column_is_one_error(tmp_path):
    folder = make_folder(tmp_path, hosted_csv=BASE["hosted.csv"].replace("source", "sources", 1))
    assert _errors(folder, validate(folder)) == [
        "hosted.csv:1: sources: unknown column (header field 3); did you mean 'source'?"
    ]


def test_unrelated_unknown_column_stays_a_warning(tmp_path):
    folder = make_folder(
        tmp_path, hosted_csv=BASE["hosted.csv"].replace("note\n", "note,colour\n").replace(",\n", ",,\n")
    )
    result = validate(folder)
    assert result.exit_code == 0, result.output
    assert _errors(folder, result) == [
        "hosted.csv:1: colour: warning: unknown column, ignored (known: from_id, to_id, source, source_kind, as_of, note)"
    ]


# -- 5. what depends on a rejected file or row is reported once -----------------------------
def _forums(count: int, header: str = "id,name,kind,founded,source,as_of,note") -> dict[str, str]:
    """An organisations.csv of ``count`` forums the bundled dataset lacks, and a membership in each."""
    orgs = "".join(f"forum-{i},Forum {i},forum,2000,{SRC},2025,\n" for i in range(count))
    members = "".join(f"FRA,forum-{i},member,2001,,{SRC},2025,\n" for i in range(count))
    return {
        "organisations_csv": f"{header}\n{orgs}",
        "member_of_csv": "from_id,to_id,role,since,until,source,as_of,note\n" + members,
    }


def test_rejected_node_file_is_not_repeated_for_each_relationship(tmp_path):
    folder = make_folder(tmp_path, **_forums(3355, header="id,title,kind,founded,source,as_of,note"))
    result = validate(folder)
    assert result.exit_code == 1
    assert _errors(folder, result) == [
        "organisations.csv:1: title: warning: unknown column, ignored (known: id, name, short_name, kind, founded, source, source_kind, as_of, note)",
        "organisations.csv:1: name: required column is missing from the header",
        f"member_of.csv:2: to_id: 3,355 rows refer to Organisation ids of the rejected file {folder}/organisations.csv"
        " (not checked further)",
    ]


def test_rejected_states_file_is_one_line_per_relationship_file(tmp_path):
    folder = make_folder(tmp_path, states_csv=BASE["states.csv"].replace("iso2", "iso_2", 1))
    dataset = read_datasets([folder])  # no lookup elsewhere: every state id depends on the rejected file
    lines = [str(p).removeprefix(f"{folder}/") for p in dataset.errors]
    assert lines[0] == "states.csv:1: iso_2: unknown column (header field 3); did you mean 'iso2'?"
    assert len(lines) == 1 + 5  # member_of, signed, ratified, attended, hosted
    assert all("rows refer to State ids of the rejected file" in ln or "1 row refers" in ln for ln in lines[1:])
    assert f"member_of.csv:2: from_id: 7 rows refer to State ids of the rejected file {folder}/states.csv" in lines[1]


def test_rows_after_malformed_csv_count_as_rejected(tmp_path):
    files = _forums(5)
    files["organisations_csv"] = files["organisations_csv"].replace("Forum 2,", '"Forum 2,')
    folder = make_folder(tmp_path, **files)
    assert _errors(folder, validate(folder))[1:] == [
        f"member_of.csv:4: to_id: 3 rows refer to Organisation ids of the rejected file {folder}/organisations.csv"
        " (not checked further)"
    ]


def test_rejected_row_is_reported_once_and_unknown_ids_still_per_row(tmp_path):
    files = _forums(3)
    files["organisations_csv"] = files["organisations_csv"].replace("forum-1,Forum 1,forum", "forum-1,Forum 1,club")
    files["member_of_csv"] += "".join(f"{s},forum-1,member,2001,,{SRC},2025,\n" for s in ("DEU", "EST"))
    files["member_of_csv"] += f"FRA,forum-9,member,2001,,{SRC},2025,\n"
    folder = make_folder(tmp_path, **files)
    lines = _errors(folder, validate(folder))
    assert lines[1:] == [
        f"member_of.csv:3: to_id: 3 rows refer to 'forum-1', whose row {folder}/organisations.csv:3 was rejected"
        " (not checked further)",
        "member_of.csv:7: to_id: unknown id 'forum-9': no node file defines it nor the bundled dataset",
    ]


def test_rejected_signed_file_does_not_fail_every_bilateral(tmp_path):
    folder = make_folder(tmp_path, signed_csv=BASE["signed.csv"].replace("date", "dates", 1))
    assert _errors(folder, validate(folder)) == [
        "signed.csv:1: dates: unknown column (header field 3); did you mean 'date'?"
    ]
