"""Loads that keep the graph true: each dataset owns its facts; a reload applies corrections and removals."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from graphkit.data.read import read_datasets
from tests.helpers import BASE, SRC, cli, fingerprint, make_folder

pytestmark = pytest.mark.neo4j

#: An analyst's folder: its own forum, memberships of the base states in it, and one of a base forum.
ANALYST = {
    "states_csv": None,
    "instruments_csv": None,
    "summits_csv": None,
    "signed_csv": None,
    "ratified_csv": None,
    "attended_csv": None,
    "hosted_csv": None,
    "organisations_csv": (
        f"id,name,kind,founded,source,as_of,note\nnb8,Nordic-Baltic Eight,forum,1992,{SRC},2025-01-01,\n"
    ),
    "member_of_csv": (
        "from_id,to_id,role,since,until,source,as_of,note\n"
        f"EST,nb8,member,1992,,{SRC},2025-01-01,\n"
        f"DEU,nb8,observer,2000,,{SRC},2025-01-01,\n"
        f"USA,eu,partner,2010,,{SRC},2025-01-01,\n"
    ),
}


def load(*folders, name=None, extra=()):
    args = ["load", *map(str, folders), "--json", *(("--name", name) if name else ()), *extra]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def graph_of(store, *folders) -> tuple:
    """What the graph must hold after loading ``folders`` into an empty database."""
    from tests.conftest import wipe

    saved = fingerprint(store)
    wipe(store)
    load(*folders)
    expected = fingerprint(store)
    wipe(store)
    return saved, expected


def memberships(store, state: str, org: str) -> list[str]:
    rows = store.read(
        "MATCH (:State {id: $s})-[m:MEMBER_OF]->(:Organisation {id: $o}) RETURN m.since_text AS since ORDER BY since",
        {"s": state, "o": org},
    )
    return [r["since"] for r in rows]


def test_a_corrected_key_replaces_the_old_fact(empty_db, tmp_path):
    base = make_folder(tmp_path, "base")
    load(base)
    corrected = BASE["member_of.csv"].replace("EST,nato,member,2004-03-29", "EST,nato,member,2004-03-30")
    make_folder(tmp_path, "base", member_of_csv=corrected)
    report = load(base)
    assert report["relationships"]["MEMBER_OF"] == {"created": 1, "updated": 0, "unchanged": 6, "deleted": 1}
    assert memberships(empty_db, "EST", "nato") == ["2004-03-30"]
    now, clean = graph_of(empty_db, base)
    assert now == clean


def test_removed_and_renamed_rows_leave_the_graph(empty_db, tmp_path):
    base = make_folder(tmp_path, "base")
    load(base)
    signed = "\n".join(line for line in BASE["signed.csv"].splitlines() if not line.startswith("FRA,")) + "\n"
    orgs = BASE["organisations.csv"].replace("eu,European Union", "european-union,European Union")
    members = BASE["member_of.csv"].replace(",eu,", ",european-union,")
    make_folder(tmp_path, "base", signed_csv=signed, organisations_csv=orgs, member_of_csv=members)
    report = load(base)
    assert report["relationships"]["SIGNED"]["deleted"] == 1
    assert report["nodes"]["Organisation"] == {"created": 1, "updated": 0, "unchanged": 1, "deleted": 1}
    assert empty_db.read("MATCH (o:Organisation {id: 'eu'}) RETURN o") == []
    now, clean = graph_of(empty_db, base)
    assert now == clean


def test_an_analyst_folder_stands_alone_and_survives_reloads(empty_db, tmp_path):
    base, mine = make_folder(tmp_path, "base"), make_folder(tmp_path, "mine", **ANALYST)
    load(base)
    before = fingerprint(empty_db)
    report = load(mine)
    assert report["datasets"] == ["mine"]
    assert report["relationships"]["MEMBER_OF"]["created"] == 3
    load(base)  # the bundled data reloaded: the analyst's facts stay
    assert memberships(empty_db, "EST", "nb8") == ["1992"]
    stats = json.loads(cli("stats", "--json").stdout)["datasets"]
    assert stats["base"]["nodes"] == 9 and stats["mine"] == {**stats["mine"], "nodes": 1, "relationships": 3}
    unloaded = cli("unload", "mine", "--json")
    assert unloaded.exit_code == 0, unloaded.output
    assert json.loads(unloaded.stdout)["totals"]["deleted"] == 4
    assert fingerprint(empty_db) == before


def test_unload_dry_run_changes_nothing_and_unknown_names_are_listed(empty_db, tmp_path):
    load(make_folder(tmp_path, "base"))
    before = fingerprint(empty_db)
    dry = cli("unload", "base", "--dry-run", "--json")
    assert dry.exit_code == 0 and json.loads(dry.stdout)["totals"]["deleted"] == 24
    assert fingerprint(empty_db) == before
    unknown = cli("unload", "nope")
    assert unknown.exit_code == 2
    assert unknown.stderr == "Error: no dataset named 'nope' is loaded. Loaded: base.\n"


def test_a_node_another_dataset_uses_is_kept(empty_db, tmp_path):
    base, mine = make_folder(tmp_path, "base"), make_folder(tmp_path, "mine", **ANALYST)
    load(base)
    load(mine)  # uses base's eu (USA partner) and base's states
    orgs = "\n".join(line for line in BASE["organisations.csv"].splitlines() if not line.startswith("eu,")) + "\n"
    members = "\n".join(line for line in BASE["member_of.csv"].splitlines() if ",eu," not in line) + "\n"
    make_folder(tmp_path, "base", organisations_csv=orgs, member_of_csv=members)
    report = load(base)
    assert report["nodes"]["Organisation"]["deleted"] == 0  # released, but mine's partnership still uses it
    assert empty_db.read("MATCH (o:Organisation {id: 'eu'}) RETURN o.datasets AS d") == [{"d": []}]
    assert memberships(empty_db, "USA", "eu") == ["2010"]


def test_a_node_two_datasets_define_differently_is_refused(empty_db, tmp_path):
    load(make_folder(tmp_path, "base"))
    before = fingerprint(empty_db)
    other = make_folder(tmp_path, "other", **{**ANALYST, "states_csv": BASE["states.csv"].replace("Estonia", "Eesti")})
    result = cli("load", str(other))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: State 'EST' of dataset 'other' differs from the one dataset base defines; nothing was written. "
        "Make the two files agree, or unload base first.\n"
    )
    assert fingerprint(empty_db) == before


def test_an_identical_node_is_owned_by_both(empty_db, tmp_path):
    load(make_folder(tmp_path, "base"))
    load(make_folder(tmp_path, "other", **{**ANALYST, "states_csv": BASE["states.csv"]}))
    assert empty_db.read("MATCH (s:State {id: 'FRA'}) RETURN s.datasets AS d") == [{"d": ["base", "other"]}]
    assert cli("unload", "other").exit_code == 0
    assert empty_db.read("MATCH (s:State {id: 'FRA'}) RETURN s.datasets AS d") == [{"d": ["base"]}]


def test_unresolved_ids_are_named_by_load_and_validate(empty_db, tmp_path):
    mine = make_folder(tmp_path, "mine", **ANALYST)
    result = cli("load", str(mine))  # the base states are not in the database
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {mine / 'member_of.csv'}:2: from_id: unknown id 'EST': no node file defines it nor the database"
    )
    # without a database, validate looks them up in the bundled dataset (it has EST, DEU, USA and eu)
    validated = cli("validate", str(mine))
    assert validated.exit_code == 0, validated.output
    typo = make_folder(
        tmp_path, "typo", **{**ANALYST, "member_of_csv": ANALYST["member_of_csv"].replace("EST,", "ESX,")}
    )
    bad = cli("validate", str(typo))
    assert bad.exit_code == 1
    assert "unknown id 'ESX': no node file defines it nor the bundled dataset" in bad.stdout


def test_a_dry_run_reports_deletions_and_keeps_them(empty_db, tmp_path):
    base = make_folder(tmp_path, "base")
    load(base)
    before = fingerprint(empty_db)
    make_folder(tmp_path, "base", hosted_csv="from_id,to_id,source,as_of,note\n")
    report = load(base, extra=("--dry-run",))
    assert report["dry_run"] and report["relationships"]["HOSTED"]["deleted"] == 1
    assert fingerprint(empty_db) == before


def test_facts_from_before_datasets_are_adopted_not_duplicated(empty_db, tmp_path):
    base = make_folder(tmp_path, "base")
    load(base)
    clean = fingerprint(empty_db)
    empty_db.write("MATCH ()-[r]->() REMOVE r.dataset, r.hash")
    empty_db.write("MATCH (n) REMOVE n.datasets, n.hash")
    empty_db.write("MATCH (n) WHERE n:Dataset OR n:LoadLock DELETE n")
    report = load(base)
    assert report["totals"]["created"] == 0 and report["totals"]["deleted"] == 0
    assert fingerprint(empty_db) == clean


def test_two_loads_at_once_both_end_correctly(empty_db, tmp_path):
    standalone = {
        **ANALYST,
        "states_csv": BASE["states.csv"],
        "member_of_csv": ANALYST["member_of_csv"].split("USA,eu")[0],
    }
    base, mine = make_folder(tmp_path, "base"), make_folder(tmp_path, "mine", **standalone)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "graphkit", "load", "-q", str(folder)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (base, mine)
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert [code for code, _ in results] == [0, 0], results  # the second waits for the first's lock
    now, clean = graph_of(empty_db, base, mine)
    assert now == clean


def test_the_bundled_dataset_is_named_by_its_descriptor():
    from graphkit.data.read import bundled_datasets_dir

    assert read_datasets([bundled_datasets_dir()]).names == ["graphkit-cyber-diplomacy"]


def test_a_load_too_big_for_the_heap_fails_cleanly(tmp_path):
    from graphkit.data.ingest import load as load_dataset
    from graphkit.data.synthetic import write_synthetic
    from graphkit.db.server import LocalServer, free_port
    from graphkit.db.store import Store
    from graphkit.errors import EnvironmentProblem

    folder = tmp_path / "big"
    write_synthetic(folder, actors=20_000, forums=500, summits=5_000, relationships=400_000)
    dataset = read_datasets([folder])
    server = LocalServer(tmp_path / "small-heap")
    server.start(port=free_port(), heap="256m", pagecache="64m", timeout=240)
    try:
        with Store(server.connection()) as store:
            with pytest.raises(EnvironmentProblem) as caught:
                load_dataset(store, dataset)
            assert caught.value.one_line() == (
                "the transaction does not fit in the memory Neo4j gives transactions; nothing was written. "
                "Give the server more heap (for the local server: `graphkit neo4j stop`, then "
                "`graphkit neo4j start --heap 4g`)."
            )
            assert store.read("MATCH (n) WHERE NOT n:LoadLock RETURN count(n) AS n") == [{"n": 0}]
    finally:
        server.stop()
