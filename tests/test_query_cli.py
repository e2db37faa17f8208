"""``graphkit query``: exact one-line errors and exit codes, read-only by default, output formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from graphkit.queries.library import library_dir
from tests.conftest import wipe
from tests.helpers import cli, make_folder

UNREACHABLE = ["--uri", "bolt://127.0.0.1:9", "--password", "x"]  # nothing listens on port 9


# -- errors before anything runs (no database: an unreachable URI proves nothing was sent) ----
@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["forum-members"],
            "Error: missing parameter 'forum' (string) of query 'forum-members'. Add forum=nato (--param).\n",
        ),
        (
            ["top-brokers", "-p", "limit=ten"],
            "Error: parameter 'limit' of query 'top-brokers': expected a whole number such as 2024, got 'ten'. "
            "Give it as limit=10 (--param).\n",
        ),
        (
            ["forum-members", "-p", "forum=nato", "-p", "as_of=2024-13-01"],
            "Error: parameter 'as_of' of query 'forum-members': '2024-13-01' is not a valid date "
            "(month must be in 1..12). Give it as as_of=2004-01-01 (--param).\n",
        ),
        (
            ["forum-members", "-p", "forum=nato", "-p", "as_of=last year"],
            "Error: parameter 'as_of' of query 'forum-members': 'last year' is not a date in the form "
            "YYYY-MM-DD, YYYY-MM or YYYY. Give it as as_of=2004-01-01 (--param).\n",
        ),
        (
            ["forum-members", "-p", "forum=nato", "-p", "asof=2020"],
            "Error: unknown parameter 'asof' for query 'forum-members'. Did you mean as_of? "
            "Its parameters are forum, as_of.\n",
        ),
        (
            ["most-central", "-p", "metric=fame"],
            "Error: parameter 'metric' of query 'most-central': expected one of pagerank, betweenness, eigenvector, "
            "closeness, degree, strength, got 'fame'. Give it as metric=eigenvector (--param).\n",
        ),
        (
            ["forum-members", "-p", "forum"],
            "Error: bad parameter 'forum': expected NAME=VALUE. Write it as forum=nato (--param).\n",
        ),
        (
            ["forum-member", "-p", "forum=nato"],
            "Error: no query named 'forum-member'. Did you mean forum-members? `graphkit query list` shows them all.\n",
        ),
        ([], "Error: no query given. `graphkit query list` shows the library's queries.\n"),
        (
            ["forum-members", "--cypher", "RETURN 1"],
            "Error: give exactly one of NAME, --cypher TEXT or -f FILE. `graphkit query list` shows the library's queries.\n",
        ),
        (
            ["--cypher", "RETURN $x AS x", "-p", "y=1"],
            "Error: unknown parameter 'y' for the query. The query uses x.\n",
        ),
    ],
)
def test_usage_errors_are_one_line_exit_2_before_connecting(args, message):
    result = cli("query", "run", *args, *UNREACHABLE)
    assert (result.exit_code, result.stderr) == (2, message)
    assert result.stdout == ""


def test_query_list_and_show():
    result = cli("query", "list", "--format", "table")
    assert result.exit_code == 0, result.output
    names = sorted(p.stem for p in library_dir().glob("*.cypher"))
    listed = [line.split()[0] for line in result.stdout.splitlines()[2:-1]]
    assert listed == names
    rows = json.loads(cli("query", "list", "--format", "json").stdout)
    assert rows[0].keys() == {"name", "description", "parameters", "columns"}
    shown = cli("query", "show", "forum-members")
    assert shown.exit_code == 0
    assert "  forum: string, e.g. nato\n" in shown.stdout
    assert "  as_of: date (optional), e.g. 2004-01-01\n" in shown.stdout
    assert "columns:    id, name, role, since, until\n" in shown.stdout
    assert "example:    graphkit query run forum-members -p forum=nato -p as_of=2004-01-01\n" in shown.stdout
    assert "MATCH (m)-[r:MEMBER_OF]->(:Organisation {id: $forum})" in shown.stdout
    missing = cli("query", "show", "nope")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "Error: no query named 'nope'. `graphkit query list` shows them all.\n",
    )


def test_a_bad_header_in_a_query_file_is_invalid_data(tmp_path):
    path = tmp_path / "mine.cypher"
    path.write_text("// name: mine\n// description: d\n// param: year: integr = 2\n// columns: x\nRETURN $year AS x\n")
    result = cli("query", "run", "-f", str(path), *UNREACHABLE)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:3: parameter 'year': unknown type 'integr'")


# -- against the database ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def query_cli_store(neo4j_server, tmp_path_factory):
    from graphkit.db.store import Store

    with Store(neo4j_server.connection()) as store:
        wipe(store)
        result = cli("load", "-q", str(make_folder(tmp_path_factory.mktemp("cli"))))
        assert result.exit_code == 0, result.output
        yield store


@pytest.fixture
def query_cli_db(query_cli_store):
    yield query_cli_store
    query_cli_store.write("MATCH (o:Organisation {id: 'scratch'}) DETACH DELETE o")


CREATE = "CREATE (o:Organisation {id: 'scratch', name: $name}) RETURN o.id AS id"
SCRATCH = "MATCH (o:Organisation {id: 'scratch'}) RETURN count(o) AS n"


@pytest.mark.neo4j
def test_a_write_is_refused_without_write(query_cli_db):
    result = cli("query", "run", "--cypher", CREATE, "-p", "name=Scratch")
    assert (result.exit_code, result.stderr) == (
        6,
        "Error: read-only mode refuses this statement: it writes to the database. Allow writes (--write).\n",
    )
    assert result.stdout == ""
    assert query_cli_db.read(SCRATCH) == [{"n": 0}]


@pytest.mark.neo4j
def test_a_write_is_allowed_with_write(query_cli_db):
    result = cli("query", "run", "--cypher", CREATE, "-p", "name=Scratch", "--write", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"id": "scratch"}]
    assert result.stderr == "Changed: nodes created 1, properties set 2, labels added 1\n"
    assert query_cli_db.read(SCRATCH) == [{"n": 1}]


@pytest.mark.neo4j
def test_a_syntax_error_is_one_clean_line(query_cli_db):
    result = cli("query", "run", "--cypher", "MATCH (s:State) RETRN s")
    assert result.exit_code == 6
    assert result.stderr.startswith("Error: Cypher syntax error: Invalid input 'RETRN': expected ")
    assert result.stderr.endswith(" (line 1, column 17 (offset: 16)). Fix the query and run it again.\n")
    assert result.stderr.count("\n") == 1 and result.stderr.count("(line ") == 1


@pytest.mark.neo4j
def test_syntax_error_positions_are_the_files_lines(query_cli_db, tmp_path):
    path = tmp_path / "mine.cypher"
    path.write_text("// name: mine\n// description: d\n// columns: x\nMATCH (s:State)\nRETURN s.id AS x,, 1\n")
    result = cli("query", "run", "-f", str(path))
    assert result.exit_code == 6
    assert "(line 5, column 18 (offset: " in result.stderr


@pytest.mark.neo4j
def test_other_query_failures_are_exit_6(query_cli_db):
    result = cli("query", "run", "--cypher", "RETURN toInteger([1]) + $x AS y", "-p", "x:int=1")
    assert result.exit_code == 6
    assert result.stderr.startswith("Error: Neo4j refused the query (Neo.ClientError.")


@pytest.mark.neo4j
def test_library_query_as_a_table(query_cli_db):
    result = cli("query", "run", "forum-members", "-p", "forum=eu", "--format", "table")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "id    name     role    since       until\n"
        "----  -------  ------  ----------  -------\n"
        "EST   Estonia  member  2004-05-01\n"
        "FRA   France   member  1958\n"
        "DEU   Germany  member  1958\n"
        "(3 rows)\n"
    )


SHAPES = """
MATCH p = (a:State {id: 'EST'})-[m:MEMBER_OF]->(o:Organisation {id: 'nato'})
RETURN a AS node, m AS rel, p AS path, m.since AS since, datetime('2025-01-31T12:30:00Z') AS at,
       duration('P1Y2M') AS span, 0.25 AS share, [1, 2] AS ints, {k: 'v', d: date('2020-01-01')} AS map,
       null AS nothing, true AS yes, $when AS param_date
"""


@pytest.mark.neo4j
def test_json_shapes(query_cli_db):
    result = cli("query", "run", "--cypher", SHAPES, "-p", "when:date=2024-02", "--format", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert list(row) == [
        "node",
        "rel",
        "path",
        "since",
        "at",
        "span",
        "share",
        "ints",
        "map",
        "nothing",
        "yes",
        "param_date",
    ]
    assert row["node"]["labels"] == ["State"]
    assert row["node"]["properties"]["id"] == "EST"
    assert row["node"]["properties"]["as_of"] == "2025-01-01"
    assert row["rel"]["type"] == "MEMBER_OF"
    assert (row["rel"]["start"], row["rel"]["end"]) == ("EST", "nato")
    assert row["rel"]["properties"]["since"] == "2004-03-29"
    assert [n["properties"]["id"] for n in row["path"]["nodes"]] == ["EST", "nato"]
    assert [(r["type"], r["start"], r["end"]) for r in row["path"]["relationships"]] == [("MEMBER_OF", "EST", "nato")]
    assert row["since"] == "2004-03-29"
    assert row["at"] == "2025-01-31T12:30:00+00:00"
    assert row["span"] == "P1Y2M"
    assert row["share"] == 0.25 and isinstance(row["share"], float)
    assert row["ints"] == [1, 2]
    assert row["map"] == {"k": "v", "d": "2020-01-01"}
    assert row["nothing"] is None and row["yes"] is True
    assert row["param_date"] == "2024-02-01"


@pytest.mark.neo4j
def test_csv_shapes(query_cli_db):
    result = cli("query", "run", "--cypher", SHAPES, "-p", "when:date=2024", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:4] == ["node", "rel", "path", "since"]
    row = dict(zip(rows[0], rows[1]))
    assert json.loads(row["node"])["properties"]["id"] == "EST"
    assert json.loads(row["ints"]) == [1, 2]
    assert (row["since"], row["share"], row["nothing"], row["yes"]) == ("2004-03-29", "0.25", "", "true")


@pytest.mark.neo4j
def test_empty_result_keeps_the_columns(query_cli_db):
    for fmt, expected in (("json", "[]\n"), ("csv", "id,name,role,since,until\n")):
        result = cli("query", "run", "forum-members", "-p", "forum=nowhere", "--format", fmt)
        assert (result.exit_code, result.stdout) == (0, expected)


@pytest.mark.neo4j
def test_out_file(query_cli_db, tmp_path):
    out = tmp_path / "sub" / "members.csv"
    result = cli("query", "run", "forum-members", "-p", "forum=nato", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"Wrote 4 rows (csv) to {out}\n"
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["id"] for r in rows] == ["EST", "FRA", "DEU", "USA"]
    out_json = tmp_path / "members.txt"
    result = cli("query", "run", "forum-members", "-p", "forum=nato", "--out", str(out_json), "--format", "json")
    assert len(json.loads(out_json.read_text(encoding="utf-8"))) == 4


@pytest.mark.neo4j
def test_file_with_header_and_stdin(query_cli_db, tmp_path):
    path = tmp_path / "region.cypher"
    path.write_text(
        "// name: region\n// description: states of regions\n// param: regions: list[string] = Europe\n"
        "// columns: id\nMATCH (s:State) WHERE s.region IN $regions RETURN s.id AS id ORDER BY id\n"
    )
    result = cli("query", "run", "-f", str(path), "-p", "regions=Americas", "-p", "regions=Europe", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == "id\nDEU\nEST\nFRA\nUSA\n"
    result = cli(
        "query",
        "run",
        "-f",
        "-",
        "--format",
        "csv",
        "-p",
        "r=Americas",
        input="MATCH (s:State {region: $r}) RETURN s.id AS id",
    )
    assert (result.exit_code, result.stdout) == (0, "id\nUSA\n")


@pytest.mark.neo4j
def test_adhoc_file_with_only_param_lines(query_cli_db, tmp_path):
    path = tmp_path / "anything.cypher"
    path.write_text(
        "// param: since: date = 2000\nMATCH (s:State)-[m:MEMBER_OF]->(:Organisation {id: 'nato'})\n"
        "WHERE m.since >= $since RETURN s.id AS id ORDER BY id\n"
    )
    result = cli("query", "run", "-f", str(path), "-p", "since=2004", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, "id\nEST\n")
    bad = cli("query", "run", "-f", str(path), "-p", "since=soon")
    assert bad.exit_code == 2
    assert bad.stderr.startswith(f"Error: parameter 'since' of the query in {path}: 'soon' is not a date")
    missing = cli("query", "run", "-f", str(tmp_path / "nope.cypher"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"Error: --file: no such query file: {tmp_path / 'nope.cypher'}. Check the path.\n",
    )


@pytest.mark.neo4j
def test_list_parameters_reach_cypher_as_lists(query_cli_db):
    result = cli(
        "query", "run", "--cypher", "RETURN $xs AS xs, size($xs) AS n", "-p", "xs:list[int]=1,2,3", "--format", "json"
    )
    assert json.loads(result.stdout) == [{"xs": [1, 2, 3], "n": 3}]
