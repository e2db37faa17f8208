"""Invariants of the bundled dataset (no database needed)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graphkit import schema
from graphkit.data.dates import parse_date, partial_le
from graphkit.data.read import bundled_datasets_dir, read_datasets


@pytest.fixture(scope="module")
def bundled_dataset():
    return read_datasets([bundled_datasets_dir()])


def test_bundled_dataset_is_valid(bundled_dataset):
    assert bundled_dataset.errors == [], "\n".join(map(str, bundled_dataset.errors[:20]))


def test_scope_minimums(bundled_dataset):
    states = bundled_dataset.nodes["State"]
    assert sum(r.values["un_member"] for r in states.values()) == 193
    assert {"VAT", "PSE"} <= set(states)
    assert len(bundled_dataset.nodes["Instrument"]) >= 20
    assert sum(1 for r in bundled_dataset.nodes["Instrument"].values() if r.values["kind"] == "bilateral") >= 15


def _members(bundled_dataset, org: str, on: str) -> set[str]:
    day = parse_date(on)
    out = set()
    for rec in bundled_dataset.rels["MEMBER_OF"]:
        v = rec.values
        if v["to_id"] != org or v["role"] != "member":
            continue
        if v["since"] and not partial_le(v["since"], day):
            continue
        if v["until"] and partial_le(v["until"], day):
            continue
        out.add(v["from_id"])
    return out


def test_nato_has_32_member_states_in_2024(bundled_dataset):
    members = _members(bundled_dataset, "nato", "2024-12-31")
    assert len(members) == 32
    assert {"FIN", "SWE", "USA", "TUR"} <= members
    assert "SWE" not in _members(bundled_dataset, "nato", "2023-12-31")  # Sweden joined in March 2024


def test_uk_left_the_eu(bundled_dataset):
    assert "GBR" in _members(bundled_dataset, "eu", "2019-12-31")
    assert "GBR" not in _members(bundled_dataset, "eu", "2020-02-01")
    assert len(_members(bundled_dataset, "eu", "2024-01-01")) == 27


def test_un_has_193_members(bundled_dataset):
    assert len(_members(bundled_dataset, "un", "2024-01-01")) == 193


def test_each_bilateral_instrument_has_exactly_two_parties(bundled_dataset):
    signed = Counter(r.values["to_id"] for r in bundled_dataset.rels["SIGNED"])
    for node_id, rec in bundled_dataset.nodes["Instrument"].items():
        if rec.values["kind"] == "bilateral":
            assert signed[node_id] == 2, node_id


def test_no_membership_before_its_organisation_was_founded(bundled_dataset):
    orgs = bundled_dataset.nodes["Organisation"]
    for rec in bundled_dataset.rels["MEMBER_OF"]:
        founded = orgs[rec.values["to_id"]].values["founded"]
        if founded and rec.values["since"]:
            assert partial_le(founded, rec.values["since"]), rec.where()


def test_no_meeting_rests_only_on_a_page_written_before_it(bundled_dataset):
    # A summit, and every attendance, host or convener row of one, must cite a page that speaks for the day the
    # meeting began or later (an announcement is not evidence that it happened). Partial dates compare at the
    # coarser precision: an as_of of 2023-09 counts as 2023-09-30, of 2023 as 2023-12-31.
    summits = bundled_dataset.nodes["Summit"]
    early = [rec.where() for rec in summits.values() if not partial_le(rec.values["start_date"], rec.values["as_of"])]
    for rel in ("ATTENDED", "HOSTED", "CONVENED"):
        for rec in bundled_dataset.rels[rel]:
            start = summits[rec.values["to_id"]].values["start_date"]
            if not partial_le(start, rec.values["as_of"]):
                early.append(rec.where())
    assert early == [], "\n".join(early)


def test_every_row_has_a_source_and_an_as_of_date(bundled_dataset):
    records = [r for table in bundled_dataset.nodes.values() for r in table.values()]
    records += [r for rows in bundled_dataset.rels.values() for r in rows]
    assert records
    for rec in records:
        assert rec.values["source"].startswith(("http://", "https://")), rec.where()
        assert rec.values["as_of"] is not None, rec.where()
        assert rec.values.get("source_kind") in schema.SOURCE_KINDS, rec.where()


def test_the_only_warnings_are_weak_sources_and_they_are_counted_in_the_readme(bundled_dataset):
    import re

    warnings = bundled_dataset.warnings
    assert all(w.column == "source" and "cite the original page" in w.message for w in warnings), warnings[:3]
    text = (bundled_datasets_dir() / "README.md").read_text()
    found = re.search(r"Rows citing a host on graphkit's weak list[^:]*: ([\d,]+)", text)
    assert found and int(found[1].replace(",", "")) == len(warnings)


def test_at_most_five_percent_of_the_rows_outside_the_paris_call_register_are_on_weak_sources(bundled_dataset):
    import re

    from graphkit.data.sources import weak_source

    rows = [r.values for table in (*bundled_dataset.nodes.values(),) for r in table.values()]
    rows += [r.values for table in bundled_dataset.rels.values() for r in table]
    rest = [r for r in rows if "github.com/ambanum/pariscall.international" not in str(r["source"])]
    weak = sum(1 for r in rest if weak_source(r["source"]))
    assert weak / len(rest) <= 0.05, (weak, len(rest))
    text = " ".join((bundled_datasets_dir() / "README.md").read_text().split())
    found = re.search(r"register: ([\d,]+) of ([\d,]+) rows", text)
    assert found and (int(found[1].replace(",", "")), int(found[2].replace(",", ""))) == (weak, len(rest))


def test_no_unmarked_membership_before_its_state_existed(bundled_dataset):
    """A membership older than its state in COW's state list is kept only with a note saying so."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "datasets" / "scripts"))
    from state_system import MARK, outside

    early = [
        (r.values["from_id"], r.values["to_id"], str(r.values["since"]))
        for r in bundled_dataset.rels["MEMBER_OF"]
        if r.values["since"] and outside(r.values["from_id"], r.values["since"].value.year) is not None
        and MARK not in (r.values["note"] or "")
    ]  # fmt: skip
    assert early == []
    assert outside("UKR", 1945) == 1991 and outside("UKR", 1992) is None and outside("DEU", 1960) is None


def test_make_data_regenerates_exactly_the_committed_cow_memberships():
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "datasets" / "scripts" / "build_igo_members.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_every_source_host_is_classified():
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "datasets" / "scripts" / "classify_sources.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_evidence_exists_for_cited_sources():
    evidence = "".join(p.read_text() for p in (bundled_datasets_dir() / "evidence").glob("*-evidence.md"))
    assert evidence.count("http") > 100


def test_scope_minimums_of_the_issue(bundled_dataset):
    rels = sum(len(rows) for rows in bundled_dataset.rels.values())
    assert len(bundled_dataset.nodes["State"]) >= 195 and len(bundled_dataset.nodes["Organisation"]) >= 40
    assert len(bundled_dataset.nodes["Summit"]) >= 60 and len(bundled_dataset.nodes["Instrument"]) >= 20
    assert rels >= 3000


@pytest.mark.parametrize(
    "resolution, tally",
    [
        ("unga-res-73-27", (119, 46, 14)),  # regnum.ru, dig.watch
        ("unga-res-73-187", (94, 59, 33)),  # Russian MFA
    ],
)
def test_recorded_votes_match_the_published_tallies(bundled_dataset, resolution, tally):
    votes = Counter(r.values["vote"] for r in bundled_dataset.rels["VOTED"] if r.values["to_id"] == resolution)
    assert (votes["yes"], votes["no"], votes["abstain"]) == tally


def test_recorded_votes_are_one_per_state_and_resolution(bundled_dataset):
    pairs = Counter((r.values["from_id"], r.values["to_id"]) for r in bundled_dataset.rels["VOTED"])
    assert pairs and max(pairs.values()) == 1
    votes = {(r.values["from_id"], r.values["to_id"]): r.values["vote"] for r in bundled_dataset.rels["VOTED"]}
    # the sponsors' camps: Russia for its OEWG text, the United States against it, and the reverse on 73/266
    assert votes["RUS", "unga-res-73-27"] == "yes" and votes["USA", "unga-res-73-27"] == "no"
    assert votes["USA", "unga-res-73-266"] == "yes" and votes["RUS", "unga-res-73-266"] == "no"


def test_blocs_have_the_sizes_their_sources_state(bundled_dataset):
    assert len(_members(bundled_dataset, "g77", "2024-01-01")) == 134
    assert len(_members(bundled_dataset, "nam", "2025-01-01")) == 121
    assert "CYP" in _members(bundled_dataset, "nam", "2000-01-01") and "CYP" not in _members(
        bundled_dataset, "nam", "2005-01-01"
    )


def test_itu_is_complete(bundled_dataset):
    members = _members(bundled_dataset, "itu", "2025-01-01")
    assert len(members) == 194 and "VAT" in members and "TWN" not in members
    assert "PLW" not in _members(bundled_dataset, "itu", "2024-01-01")  # the 194th, 19 September 2024


def test_readme_states_the_dataset_size(bundled_dataset):
    import re
    from pathlib import Path

    text = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    nodes = sum(len(table) for table in bundled_dataset.nodes.values())
    rels = sum(len(rows) for rows in bundled_dataset.rels.values())
    found = re.search(r"`datasets/`: ([\d,]+) nodes .*? and ([\d,]+) relationships", text)
    assert found, "README.md no longer states the size of the bundled dataset"
    assert (int(found[1].replace(",", "")), int(found[2].replace(",", ""))) == (nodes, rels)


def test_make_data_regenerates_exactly_the_committed_vote_rows():
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "datasets" / "scripts" / "build_votes.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_make_data_regenerates_exactly_the_committed_stakeholder_rows():
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "datasets" / "scripts" / "build_stakeholders.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_make_data_regenerates_exactly_the_committed_un_admissions():
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "datasets" / "scripts" / "build_un_members.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_every_un_member_state_has_one_admission_and_none_on_a_weak_source(bundled_dataset):
    from graphkit.data.sources import weak_source

    un = [r.values for r in bundled_dataset.rels["MEMBER_OF"] if r.values["to_id"] == "un"]
    members = [r for r in un if r["role"] == "member"]
    states = {s for s, r in bundled_dataset.nodes["State"].items() if r.values.get("un_member")}
    assert sorted(r["from_id"] for r in members) == sorted(states) and len(states) == 193
    assert [r["from_id"] for r in members if weak_source(r["source"])] == []
    assert {str(r["since"]) for r in members if r["from_id"] == "SSD"} == {"2011-07-14"}


def test_paris_call_supporters_are_bundled_with_their_sources(bundled_dataset):
    stakeholders = bundled_dataset.nodes["Stakeholder"]
    kinds = Counter(r.values["kind"] for r in stakeholders.values())
    assert len(stakeholders) >= 1000 and len([k for k, n in kinds.items() if n]) >= 4
    based = {r.values["from_id"] for r in bundled_dataset.rels["BASED_IN"]}
    assert len(based) >= 800 and based <= set(stakeholders)
    paris = {
        r.values["from_id"]: r.values for r in bundled_dataset.rels["ENDORSED"] if r.values["to_id"] == "paris-call"
    }
    assert set(stakeholders) <= set(paris) and {"FRA", "MNE", "SRB", "ROU", "eu", "interpol"} <= set(paris)
    assert {paris[s]["source_kind"] for s in stakeholders} == {"depositary"}
