"""Loading into the real Neo4j: idempotent, batched, atomic; bad input leaves Neo4j unchanged."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from graphkit.data.ingest import load
from graphkit.data.read import read_datasets
from graphkit.data.stats import stats
from graphkit.data.synthetic import write_synthetic
from tests.conftest import wipe
from tests.helpers import BASE, SRC, cli, fingerprint, make_folder
from tests.test_datasets import BAD_INPUTS

pytestmark = pytest.mark.neo4j


def test_load_then_reload_changes_nothing(empty_db, tmp_path):
    folder = make_folder(tmp_path)
    first = cli("load", str(folder), "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["nodes"]["State"] == {"created": 4, "updated": 0, "unchanged": 0, "deleted": 0}
    assert report["relationships"]["MEMBER_OF"] == {"created": 7, "updated": 0, "unchanged": 0, "deleted": 0}
    assert report["totals"] == {"created": 24, "updated": 0, "unchanged": 0, "deleted": 0}
    before = fingerprint(empty_db)
    second = json.loads(cli("load", str(folder), "--json").stdout)
    assert second["totals"] == {"created": 0, "updated": 0, "unchanged": 24, "deleted": 0}
    assert fingerprint(empty_db) == before


def test_changed_row_counts_as_updated(empty_db, tmp_path):
    cli("load", str(make_folder(tmp_path, "a")), "--json")
    changed = make_folder(tmp_path, "b", states_csv=BASE["states.csv"].replace("Estonia", "Republic of Estonia"))
    report = json.loads(cli("load", str(changed), "--name", "a", "--json").stdout)  # the same dataset, corrected
    assert report["nodes"]["State"] == {"created": 0, "updated": 1, "unchanged": 3, "deleted": 0}
    assert empty_db.read("MATCH (s:State {id: 'EST'}) RETURN s.name AS name") == [{"name": "Republic of Estonia"}]


def test_dates_are_neo4j_dates_with_precision(empty_db, tmp_path):
    cli("load", str(make_folder(tmp_path)))
    rows = empty_db.read(
        "MATCH (:State {id: 'FRA'})-[m:MEMBER_OF]->(:Organisation {id: 'eu'}) "
        "RETURN m.since AS since, m.since_precision AS p, m.key AS key, m.since.year AS year"
    )
    assert rows == [{"since": _neo_date(1958, 1, 1), "p": "year", "key": "member|1958", "year": 1958}]
    # date arithmetic works in Cypher
    assert empty_db.read("MATCH (s:Summit) RETURN duration.inDays(s.start_date, s.end_date).days AS d") == [{"d": 4}]


def _neo_date(y, m, d):
    from neo4j.time import Date

    return Date(y, m, d)


def test_text_is_stored_verbatim(empty_db, tmp_path):
    nasty = '</script><img src=x onerror=alert(1)> \'}) DETACH DELETE n // "quoted"'
    text = BASE["organisations.csv"] + f'evil,"{nasty.replace(chr(34), chr(34) * 2)}",forum,2020,{SRC},2025,\n'
    cli("load", str(make_folder(tmp_path, organisations_csv=text)))
    assert empty_db.read("MATCH (o:Organisation {id: 'evil'}) RETURN o.name AS name") == [{"name": nasty}]
    assert empty_db.read("MATCH (n) WHERE NOT n:Dataset AND NOT n:LoadLock RETURN count(n) AS n") == [{"n": 10}]


@pytest.mark.parametrize(
    "case", ["unknown id", "invalid ISO code", "10 MB field", "unterminated quote", "non-UTF-8 bytes"]
)
def test_bad_input_writes_nothing(empty_db, tmp_path, case):
    cli("load", str(make_folder(tmp_path, "good")))
    before = fingerprint(empty_db)
    overrides, _expected = BAD_INPUTS[case]
    bad = make_folder(tmp_path, "bad", **overrides)
    result = cli("load", str(bad))
    assert result.exit_code == 1
    first_line = result.output.strip().splitlines()[-1]
    assert first_line.startswith(f"Error: {bad}/"), first_line
    assert "Run `graphkit validate` on the same folders to see every problem; nothing was written." in first_line
    assert fingerprint(empty_db) == before


def test_dry_run_writes_nothing(empty_db, tmp_path):
    result = cli("load", str(make_folder(tmp_path)), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["dry_run"] is True and report["totals"]["created"] == 24
    assert empty_db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_failure_mid_load_rolls_everything_back(empty_db, tmp_path):
    folder = tmp_path / "syn"
    write_synthetic(folder, actors=300, forums=20, summits=50, relationships=3000)
    dataset = read_datasets([folder])
    calls = []

    def explode(name, done, total):
        calls.append(done)
        if len(calls) == 3:
            raise RuntimeError("simulated crash after three batches")

    with pytest.raises(RuntimeError):
        load(empty_db, dataset, batch_size=500, progress=explode)
    assert len(calls) == 3
    assert empty_db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_killed_load_leaves_db_unchanged_and_rerun_equals_clean_load(empty_db, tmp_path, neo4j_server):
    folder = tmp_path / "syn"
    write_synthetic(folder, actors=4000, forums=200, summits=2000, relationships=120_000)
    script = (
        "import sys\n"
        "from graphkit.data.read import read_datasets\nfrom graphkit.data.ingest import load\nfrom graphkit.db.store import Store\n"
        "from graphkit.db.config import resolve_connection\n"
        "def progress(name, done, total):\n"
        "    print(name, done, total, flush=True)\n"
        "with Store(resolve_connection()) as store:\n"
        f"    load(store, read_datasets([{str(folder)!r}]), batch_size=2000, progress=progress)\n"
        "print('COMMITTED', flush=True)\n"
    )
    env = dict(os.environ, GRAPHKIT_DATA_DIR=str(neo4j_server.data_dir))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if line.startswith("ATTENDED"):  # nodes and memberships are written, in the open transaction
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert not any(line.startswith("COMMITTED") for line in seen)
    deadline = time.monotonic() + 30  # the server notices the dropped connection and rolls back
    while time.monotonic() < deadline and empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"]:
        time.sleep(0.5)
    assert empty_db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    assert cli("load", str(folder), "--quiet").exit_code == 0
    rerun = fingerprint(empty_db)
    wipe(empty_db)
    assert cli("load", str(folder), "--quiet").exit_code == 0
    assert fingerprint(empty_db) == rerun
    assert len(rerun[1]) == 120_000


def test_two_folders_load_together(empty_db, tmp_path):
    base = make_folder(tmp_path, "base")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "summits.csv").write_text(
        f"id,name,series,start_date,end_date,city,source,as_of,note\nmy-dialogue-2024,My dialogue,my,2024-03-01,,Tallinn,{SRC},2024,\n"
    )
    (mine / "attended.csv").write_text(
        f"from_id,to_id,role,source,as_of,note\nEST,my-dialogue-2024,chair,{SRC},2024,\n"
    )
    result = cli("load", str(base), str(mine), "--json")
    assert result.exit_code == 0, result.output
    rows = empty_db.read(
        "MATCH (s:State)-[a:ATTENDED]->(m:Summit {id: 'my-dialogue-2024'}) RETURN s.id AS s, a.role AS role"
    )
    assert rows == [{"s": "EST", "role": "chair"}]


def test_stats(empty_db, tmp_path):
    cli("load", str(make_folder(tmp_path)))
    result = cli("stats", "--json")
    assert result.exit_code == 0
    counts = json.loads(result.stdout)
    assert counts["nodes"] == {"Instrument": 2, "Organisation": 2, "State": 4, "Summit": 1}
    assert counts["relationships"]["MEMBER_OF"] == 7
    assert stats(empty_db) == counts
    table = cli("stats").stdout
    assert "nodes (9)" in table and "MEMBER_OF" in table


def test_constraints_exist_after_load(empty_db, tmp_path):
    cli("load", str(make_folder(tmp_path)))
    names = {r["name"] for r in empty_db.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"state_id", "organisation_id", "summit_id", "instrument_id", "cyber_office_id"} <= names


def test_load_against_server_down(tmp_path):
    from graphkit.db.server import free_port

    result = cli("load", str(make_folder(tmp_path)), "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert result.exit_code == 3
    assert result.output.strip().endswith("Check the URI or NEO4J_URI and that the server is up (--uri).")
