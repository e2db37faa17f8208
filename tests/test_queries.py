"""The Cypher query library: headers, parameter types, and every query against real data.

* Header parsing and parameter conversion need no database.
* ``TestBundledDataset``: every file in ``cypher/`` parses, runs with its example
  parameters (and with only the required ones) against the bundled_queries_db ``datasets/``
  loaded once, and returns the columns its header declares. Set
  ``GRAPHKIT_TEST_DATASETS`` (folders separated by ``os.pathsep``) to run it on
  other folders while ``datasets/`` is being filled.
* ``TestKnownAnswers``: a small hand-made folder where the answers can be worked
  out by hand, with two centrality runs written in the schema of ``graphkit centrality``.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from graphkit.data.read import bundled_datasets_dir
from graphkit.errors import InvalidData, UsageProblem
from graphkit.queries.library import adhoc, get_query, library_dir, load_library, read_query_file
from graphkit.queries.params import convert, parse_assignments
from graphkit.queries.query import parse_query
from graphkit.queries.run import run
from tests.conftest import wipe
from tests.helpers import BASE, SRC, cli, make_folder

LIBRARY = sorted(library_dir().glob("*.cypher"))
NAMES = [p.stem for p in LIBRARY]
RUN_A, RUN_B = "20240601T120000Z-latest-a1b2c3", "20250601T120000Z-latest-d4e5f6"  # runs.new_run_id form
CENTRALITY_QUERIES = {
    "top-brokers",
    "most-central",
    "offices-vs-centrality",
    "offices-centrality-summary",
    "blocs",
    "rank-changes",
}


def header(*params: str, columns: str = "x", body: str = "RETURN 1 AS x", name: str = "t") -> str:
    lines = [
        f"// name: {name}",
        "// description: a test query",
        *[f"// param: {p}" for p in params],
        f"// columns: {columns}",
        body,
    ]
    return "\n".join(lines)


# -- headers and parameters (no database) ----------------------------------------------------
def test_the_library_has_at_least_15_queries():
    assert len(LIBRARY) >= 15


@pytest.mark.parametrize("path", LIBRARY, ids=NAMES)
def test_every_library_file_parses_with_valid_examples(path):
    q = read_query_file(path)
    assert q.name == path.stem
    assert q.description and q.columns
    for p in q.params:
        assert p.example is not None, f"{q.name}: parameter {p.name} has no example"
    # the examples convert, and a query bound with them has every declared parameter
    bound = q.bind({k: [v] for k, v in q.example_params().items()})
    assert set(bound) == {p.name for p in q.params}
    assert "RETURN" in q.body.upper()


@pytest.mark.parametrize("path", LIBRARY, ids=NAMES)
def test_library_queries_do_not_write(path):
    """Belt and braces: the tests below also run every query in a READ transaction."""
    body = read_query_file(path).body.upper()
    found = re.findall(r"\b(CREATE|MERGE|DELETE|SET|REMOVE|FOREACH|LOAD\s+CSV|APOC)\b", body)
    assert found == [], f"{path.name} contains {found}"


def test_header_example_from_the_brief():
    q = parse_query(
        header(
            "forum: string = nato",
            "as_of: date = 2024-01-01 (optional)",
            columns="id, name, role, since, until",
            body="MATCH (m)-->(o {id: $forum}) WHERE $as_of IS NULL RETURN m.id AS id",
        )
    )
    assert [(p.name, p.type, p.example, p.optional) for p in q.params] == [
        ("forum", "string", "nato", False),
        ("as_of", "date", "2024-01-01", True),
    ]
    assert q.columns == ("id", "name", "role", "since", "until")


@pytest.mark.parametrize(
    "text, message",
    [
        (header("year: integer = 2"), "unknown type 'integer'"),
        (header("year: int = soon", body="RETURN $year AS x"), "example 'soon' is not int"),
        (header("year int = 2"), "cannot read"),
        (header("a: string = x", "a: string = y", body="RETURN $a AS x"), "declared twice"),
        (header(body="RETURN $forum AS x"), "uses $forum but the header does not declare it"),
        (header("forum: string = nato"), "declares forum but the query does not use it"),
        ("// name: t\n// columns: x\nRETURN 1 AS x", "no 'description' line"),
        ("RETURN 1 AS x", "no header"),
        (header(name="Bad_Name"), "not a lowercase-hyphenated name"),
        (header(columns="x, x"), "repeats a column"),
    ],
)
def test_bad_headers_are_reported_with_file_and_line(text, message):
    with pytest.raises(InvalidData) as caught:
        parse_query(text, "q/t.cypher")
    assert message in caught.value.message
    assert caught.value.message.startswith("q/t.cypher")


def test_file_name_must_match_the_query_name(tmp_path):
    path = tmp_path / "other.cypher"
    path.write_text(header(name="t"))
    with pytest.raises(InvalidData, match=r"rename the file|the file is other\.cypher"):
        read_query_file(path)


@pytest.mark.parametrize(
    "type_, text, value",
    [
        ("string", " nato ", "nato"),
        ("int", "2024", 2024),
        ("float", "0.25", 0.25),
        ("bool", "false", False),
        ("date", "2024-02-29", date(2024, 2, 29)),
        ("date", "2015-09", date(2015, 9, 1)),
        ("date", "2015", date(2015, 1, 1)),
        ("list[string]", "FRA,DEU, EST", ["FRA", "DEU", "EST"]),
        ("list", "a", ["a"]),
        ("list[int]", "1,2", [1, 2]),
        ("list[date]", "2020,2021-06", [date(2020, 1, 1), date(2021, 6, 1)]),
        ("list[string]", "", []),
        ("choice[pagerank|betweenness]", "betweenness", "betweenness"),
    ],
)
def test_convert(type_, text, value):
    assert convert(type_, text) == value


@pytest.mark.parametrize(
    "type_, text",
    [
        ("int", "2.5"),
        ("int", ""),
        ("float", "nan"),
        ("float", "x"),
        ("bool", "maybe"),
        ("date", "2024-13-01"),
        ("date", "01/02/2024"),
        ("list[int]", "1,x"),
        ("choice[a|b]", "c"),
    ],
)
def test_convert_rejects(type_, text):
    with pytest.raises(ValueError):
        convert(type_, text)


def test_bind_errors_name_the_parameter():
    q = parse_query(
        header("forum: string = nato", "year: int = 2024 (optional)", body="RETURN $forum AS x, $year AS y")
    )
    with pytest.raises(UsageProblem) as caught:
        q.bind({})
    assert caught.value.one_line() == "missing parameter 'forum' (string) of query 't'. Add forum=nato (params)."
    with pytest.raises(UsageProblem) as caught:
        q.bind({"forum": ["nato"], "year": ["soon"]})
    assert caught.value.one_line() == (
        "parameter 'year' of query 't': expected a whole number such as 2024, got 'soon'. Give it as year=2024 (params)."
    )
    with pytest.raises(UsageProblem) as caught:
        q.bind({"forum": ["nato"], "froum": ["x"]})
    assert caught.value.one_line() == (
        "unknown parameter 'froum' for query 't'. Did you mean forum? Its parameters are forum, year."
    )
    with pytest.raises(UsageProblem, match="given 2 times"):
        q.bind({"forum": ["nato", "eu"]})
    assert q.bind({"forum": ["nato"]}) == {"forum": "nato", "year": None}


def test_adhoc_parameters_are_the_ones_the_text_uses():
    q = adhoc("MATCH (s:State {id: $state}) // not $this\nRETURN s.name AS name, '$nor_this' AS t")
    values, types = parse_assignments(["state=FRA"])
    assert q.bind(values, types) == {"state": "FRA"}
    values, types = parse_assignments(["year:int=2024"])
    with pytest.raises(UsageProblem) as caught:
        q.bind(values, types)
    assert caught.value.one_line() == "unknown parameter 'year' for the query. The query uses state."
    q2 = adhoc("RETURN $year + 1 AS next, $when AS w")
    values, types = parse_assignments(["year:int=2024", "when:date=2020-05"])
    assert q2.bind(values, types) == {"year": 2024, "when": date(2020, 5, 1)}


def test_unknown_query_name_suggests_the_closest():
    with pytest.raises(UsageProblem) as caught:
        get_query("forum-member")
    assert "did you mean forum-members" in caught.value.one_line().lower()


def test_a_dir_adds_and_replaces_queries(tmp_path):
    (tmp_path / "forum-members.cypher").write_text(header(name="forum-members"))
    (tmp_path / "mine.cypher").write_text(header(name="mine"))
    library = load_library([tmp_path])
    assert library["forum-members"].path == tmp_path / "forum-members.cypher"
    assert "mine" in library and "shared-forums" in library


# -- centrality runs in the schema of `graphkit centrality` ----------------------------------
METRICS = ["degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "community"]
WRITE_RUNS = """
UNWIND $runs AS run
MERGE (r:CentralityRun {id: run.id})
SET r.as_of = run.as_of, r.weights = run.weights, r.computed_at = run.computed_at,
    r.graphkit_version = '0.1.0', r.metrics = $metrics
WITH r, run
UNWIND run.scores AS score
MATCH (s:State {id: score.id})
MERGE (s)-[x:SCORED]->(r)
SET x += score.props
"""
WRITE_LATEST = """
MATCH (r:CentralityRun) WITH r ORDER BY r.computed_at DESC LIMIT 1
MATCH (s:State)-[x:SCORED]->(r)
SET s.degree = x.degree, s.strength = x.strength, s.betweenness = x.betweenness, s.closeness = x.closeness,
    s.eigenvector = x.eigenvector, s.pagerank = x.pagerank, s.community = x.community, s.centrality_run = r.id
"""


def scored(rows: dict[str, tuple[float, float, int]]) -> list[dict]:
    """SCORED props from {state: (pagerank, betweenness, community)}; rank by pagerank."""
    order = sorted(rows, key=lambda s: (-rows[s][0], s))
    out = []
    for rank, state in enumerate(order, 1):
        pr, bt, community = rows[state]
        out.append(
            {
                "id": state,
                "props": {
                    "degree": 10 - rank,
                    "strength": 20.0 - rank,
                    "betweenness": bt,
                    "closeness": 1.0 / rank,
                    "eigenvector": pr * 2,
                    "pagerank": pr,
                    "community": community,
                    "rank": rank,
                },
            }
        )
    return out


def write_runs(store, runs: list[tuple[str, datetime, list[dict]]]) -> None:
    store.write(
        WRITE_RUNS,
        {
            "metrics": METRICS,
            "runs": [
                {"id": run_id, "as_of": None, "weights": '{"member": 1.0}', "computed_at": at, "scores": scores}
                for run_id, at, scores in runs
            ],
        },
    )
    store.write(WRITE_LATEST)


def load(folders: list[Path]) -> None:
    result = cli("load", "-q", *map(str, folders))
    assert result.exit_code == 0, result.output


def run_query(store, name: str, **params: str):
    q = get_query(name)
    result = run(store, q, q.bind({k: [v] for k, v in params.items()}))
    from graphkit.values import plain_rows

    return plain_rows(result.columns, result.records)


# -- every library query against the bundled dataset ------------------------------------------
def _dataset_dirs() -> list[Path]:
    env = os.environ.get("GRAPHKIT_TEST_DATASETS")
    return [Path(p) for p in env.split(os.pathsep) if p] if env else [bundled_datasets_dir()]


@pytest.fixture(scope="class")
def bundled_queries_db(neo4j_server):
    from graphkit.db.store import Store

    with Store(neo4j_server.connection()) as store:
        wipe(store)
        load(_dataset_dirs())
        states = [r["id"] for r in store.read("MATCH (s:State) RETURN s.id AS id ORDER BY id")]
        # two synthetic runs with the example ids; pagerank from the position, 5 blocs
        first = {s: ((i * 37) % 101 / 1000 + 0.001, (i * 53) % 89 / 100, i % 5) for i, s in enumerate(states)}
        second = {s: ((i * 41) % 103 / 1000 + 0.001, (i * 59) % 97 / 100, i % 5) for i, s in enumerate(states)}
        write_runs(
            store,
            [
                (RUN_A, datetime(2024, 6, 1, tzinfo=timezone.utc), scored(first)),
                (RUN_B, datetime(2025, 6, 1, tzinfo=timezone.utc), scored(second)),
            ],
        )
        yield store


@pytest.mark.neo4j
class TestBundledDataset:
    @pytest.mark.parametrize("name", NAMES)
    def test_runs_with_example_parameters_and_returns_declared_columns(self, bundled_queries_db, name):
        q = get_query(name)
        result = run(bundled_queries_db, q, q.bind({k: [v] for k, v in q.example_params().items()}))
        assert tuple(result.columns) == q.columns
        assert len(result) > 0, f"{name}: its example parameters return no row on the bundled dataset"

    @pytest.mark.parametrize("name", NAMES)
    def test_runs_with_only_required_parameters(self, bundled_queries_db, name):
        q = get_query(name)
        result = run(bundled_queries_db, q, q.bind({k: [v] for k, v in q.example_params(False).items()}))
        assert tuple(result.columns) == q.columns

    def test_every_query_runs_from_the_cli_as_json(self, bundled_queries_db):
        import json

        for name in NAMES:
            q = get_query(name)
            args = ["query", "run", name, "--format", "json"]
            for key, value in q.example_params().items():
                args += ["-p", f"{key}={value}"]
            result = cli(*args)
            assert result.exit_code == 0, (name, result.output)
            rows = json.loads(result.stdout)
            assert all(list(row) == list(q.columns) for row in rows), name


# -- known answers on a hand-made folder -----------------------------------------------------
STATES = BASE["states.csv"] + (
    f"SGP,Singapore,SG,Asia,South-eastern Asia,true,{SRC},2025-01-01,\n"
    f"BRA,Brazil,BR,Americas,South America,true,{SRC},2025-01-01,\n"
    f"GBR,United Kingdom,GB,Europe,Northern Europe,true,{SRC},2025-01-01,\n"
)
ORGS = BASE["organisations.csv"] + (
    f"un,United Nations,international,1945-10-24,{SRC},2025-01-01,\n"
    f"cri,Counter Ransomware Initiative,coalition,2021-10,{SRC},2025-01-01,\n"
    f"asean,ASEAN,regional,1967-08-08,{SRC},2025-01-01,\n"
)
MEMBERS = BASE["member_of.csv"] + "".join(
    f"{a},{b},member,{since},{until},{SRC},2025-01-01,\n"
    for a, b, since, until in [
        ("GBR", "eu", "1973-01-01", "2020-01-31"),
        ("FRA", "un", "1945-10-24", ""),
        ("USA", "un", "1945-10-24", ""),
        ("BRA", "un", "1945-10-24", ""),
        ("GBR", "un", "1945-10-24", ""),
        ("DEU", "un", "1973-09-18", ""),
        ("EST", "un", "1991-09-17", ""),
        ("SGP", "un", "1965-09-21", ""),
        ("USA", "cri", "2021-10", ""),
        ("DEU", "cri", "2021-10", ""),
        ("SGP", "cri", "2021-10", ""),
        ("EST", "cri", "2022", ""),
        ("SGP", "asean", "1967-08-08", ""),
    ]
)
INSTRUMENTS = BASE["instruments.csv"] + (
    f"un-cybercrime-convention,UN Convention against Cybercrime,convention,2024-12-24,{SRC},2025-01-01,\n"
    f"paris-call,Paris Call,declaration,2018-11-12,{SRC},2025-01-01,\n"
    f"unga-res-73-27,UNGA resolution 73/27,resolution,2018-12-05,{SRC},2018-12-05,\n"
    f"unga-res-73-266,UNGA resolution 73/266,resolution,2018-12-22,{SRC},2018-12-22,\n"
)
VOTED = "from_id,to_id,vote,date,source,as_of,note\n" + "".join(
    f"{a},{b},{vote},{date},{SRC},{date},\n"
    for a, b, vote, date in [
        ("USA", "unga-res-73-27", "no", "2018-12-05"),
        ("GBR", "unga-res-73-27", "no", "2018-12-05"),
        ("FRA", "unga-res-73-27", "no", "2018-12-05"),
        ("BRA", "unga-res-73-27", "yes", "2018-12-05"),
        ("SGP", "unga-res-73-27", "yes", "2018-12-05"),
        ("EST", "unga-res-73-27", "no", "2018-12-05"),
        ("USA", "unga-res-73-266", "yes", "2018-12-22"),
        ("GBR", "unga-res-73-266", "yes", "2018-12-22"),
        ("FRA", "unga-res-73-266", "yes", "2018-12-22"),
        ("BRA", "unga-res-73-266", "yes", "2018-12-22"),
        ("SGP", "unga-res-73-266", "abstain", "2018-12-22"),
    ]
)
SIGNED = BASE["signed.csv"] + (
    f"USA,budapest-convention,2001-11-23,{SRC},2025-01-01,\nFRA,un-cybercrime-convention,2025-10-25,{SRC},2025-01-01,\n"
)
RATIFIED = BASE["ratified.csv"] + f"USA,budapest-convention,2006-09-29,{SRC},2025-01-01,\n"
ENDORSED = (
    "from_id,to_id,date,source,as_of,note\n"
    f"FRA,paris-call,2018-11-12,{SRC},2025-01-01,\n"
    f"DEU,paris-call,,{SRC},2025-01-01,\n"
)
SUMMITS = BASE["summits.csv"] + (
    f"igf-2020,IGF 2020,igf,2020-11-02,2020-11-17,,{SRC},2020-11-17,\n"
    f"cri-2022,CRI summit 2022,cri,2022-10-31,2022-11-01,Washington,{SRC},2022-11-01,\n"
)
ATTENDED = BASE["attended.csv"] + "".join(
    f"{a},{b},participant,{SRC},2022-11-01,\n"
    for a, b in [
        ("FRA", "igf-2020"),
        ("DEU", "igf-2020"),
        ("EST", "cri-2022"),
        ("DEU", "cri-2022"),
        ("USA", "cri-2022"),
    ]
)
HOSTED = BASE["hosted.csv"] + f"USA,cri-2022,{SRC},2022-11-01,\n"
OFFICES = (
    "id,name,kind,established,closed,source,as_of,note\n"
    f"office-est-cyber-ambassador,Ambassador-at-large for cyber diplomacy,ambassador,2018,,{SRC},2025-01-01,\n"
    f"office-usa-cdp-bureau,Bureau of Cyberspace and Digital Policy,bureau,2022-04-04,,{SRC},2025-01-01,\n"
    f"office-fra-digital-ambassador,Ambassador for Digital Affairs,ambassador,2017-11,,{SRC},2025-01-01,\n"
    f"office-gbr-cyber-envoy,Cyber envoy,envoy,2015,2019-06,{SRC},2025-01-01,\n"
)
HAS_OFFICE = (
    "from_id,to_id,source,as_of,note\n"
    f"EST,office-est-cyber-ambassador,{SRC},2025-01-01,\n"
    f"USA,office-usa-cdp-bureau,{SRC},2025-01-01,\n"
    f"FRA,office-fra-digital-ambassador,{SRC},2025-01-01,\n"
    f"GBR,office-gbr-cyber-envoy,{SRC},2025-01-01,\n"
)

RUN_2024 = {
    "DEU": (0.22, 0.30, 1),
    "FRA": (0.19, 0.10, 1),
    "USA": (0.18, 0.35, 0),
    "GBR": (0.15, 0.02, 1),
    "EST": (0.12, 0.05, 0),
    "SGP": (0.08, 0, 2),
    "BRA": (0.06, 0, 2),
}
RUN_2025 = {
    "USA": (0.25, 0.40, 0),
    "DEU": (0.20, 0.30, 1),
    "FRA": (0.15, 0.10, 1),
    "EST": (0.14, 0.05, 0),
    "SGP": (0.11, 0, 2),
    "GBR": (0.08, 0, 1),
    "BRA": (0.07, 0, 2),
}


def tiny_folder(tmp_path: Path) -> Path:
    return make_folder(
        tmp_path,
        "tiny",
        states_csv=STATES,
        organisations_csv=ORGS,
        member_of_csv=MEMBERS,
        instruments_csv=INSTRUMENTS,
        signed_csv=SIGNED,
        ratified_csv=RATIFIED,
        endorsed_csv=ENDORSED,
        summits_csv=SUMMITS,
        attended_csv=ATTENDED,
        hosted_csv=HOSTED,
        cyber_offices_csv=OFFICES,
        has_office_csv=HAS_OFFICE,
        voted_csv=VOTED,
    )


@pytest.fixture(scope="class")
def small_queries_db(neo4j_server, tmp_path_factory):
    from graphkit.db.store import Store

    with Store(neo4j_server.connection()) as store:
        wipe(store)
        load([tiny_folder(tmp_path_factory.mktemp("known"))])
        write_runs(
            store,
            [
                (RUN_A, datetime(2024, 6, 1, tzinfo=timezone.utc), scored(RUN_2024)),
                (RUN_B, datetime(2025, 6, 1, tzinfo=timezone.utc), scored(RUN_2025)),
            ],
        )
        yield store


@pytest.mark.neo4j
class TestKnownAnswers:
    def test_forum_members_today_and_as_of(self, small_queries_db):
        assert [r["id"] for r in run_query(small_queries_db, "forum-members", forum="eu")] == [
            "EST",
            "FRA",
            "DEU",
        ]  # by name
        rows = run_query(small_queries_db, "forum-members", forum="eu", as_of="2019-06-30")
        assert [(r["id"], r["since"], r["until"]) for r in rows] == [
            ("EST", "2004-05-01", None),
            ("FRA", "1958", None),
            ("DEU", "1958", None),
            ("GBR", "1973-01-01", "2020-01-31"),
        ]
        assert [r["id"] for r in run_query(small_queries_db, "forum-members", forum="eu", as_of="1960")] == [
            "FRA",
            "DEU",
        ]

    def test_vote_alignment(self, small_queries_db):
        rows = run_query(small_queries_db, "vote-alignment", state="USA", min_votes="2")
        assert [(r["state"], r["votes"], r["same"], r["agreement"]) for r in rows] == [
            ("FRA", 2, 2, 1.0),
            ("GBR", 2, 2, 1.0),
            ("BRA", 2, 1, 0.5),
            ("SGP", 2, 0, 0.0),
        ]
        one = run_query(small_queries_db, "vote-alignment", state="USA")  # min_votes defaults to 1
        assert [r["state"] for r in one] == ["FRA", "GBR", "EST", "BRA", "SGP"]  # EST: 1 of 1, after 2 of 2
        assert run_query(small_queries_db, "vote-alignment", state="DEU") == []  # no recorded vote

    def test_resolution_votes(self, small_queries_db):
        rows = run_query(small_queries_db, "resolution-votes", resolution="unga-res-73-27")
        assert [(r["vote"], r["region"], r["count"], r["states"]) for r in rows] == [
            ("yes", "Americas", 1, ["BRA"]),
            ("yes", "Asia", 1, ["SGP"]),
            ("no", "Americas", 1, ["USA"]),
            ("no", "Europe", 3, ["EST", "FRA", "GBR"]),
        ]

    def test_shared_forums(self, small_queries_db):
        assert [r["forum"] for r in run_query(small_queries_db, "shared-forums", a="FRA", b="DEU")] == [
            "eu",
            "nato",
            "un",
        ]
        assert [r["forum"] for r in run_query(small_queries_db, "shared-forums", a="FRA", b="DEU", as_of="1956")] == [
            "nato"
        ]
        assert run_query(small_queries_db, "shared-forums", a="BRA", b="EST", as_of="1990") == []

    def test_ratified_budapest_but_not_signed_uncc(self, small_queries_db):
        rows = run_query(
            small_queries_db,
            "ratified-not-signed",
            party_to="budapest-convention",
            not_signed="un-cybercrime-convention",
        )
        assert [(r["id"], r["ratified"]) for r in rows] == [("USA", "2006-09-29"), ("EST", "2003-05-12")]

    def test_cooperation_path(self, small_queries_db):
        rows = run_query(small_queries_db, "cooperation-path", a="FRA", b="SGP")
        assert {r["hops"] for r in rows} == {2}
        assert sorted(tuple(r["route"]) for r in rows) == [
            ("FRA", "eu", "DEU", "cri", "SGP"),
            ("FRA", "eu", "EST", "cri", "SGP"),
            ("FRA", "nato", "DEU", "cri", "SGP"),
            ("FRA", "nato", "EST", "cri", "SGP"),
            ("FRA", "nato", "USA", "cri", "SGP"),
        ]
        assert run_query(small_queries_db, "cooperation-path", a="EST", b="SGP")[0]["route"] == ["EST", "cri", "SGP"]
        # before the CRI existed, and with the UN excluded, Singapore is out of reach
        assert run_query(small_queries_db, "cooperation-path", a="EST", b="SGP", as_of="2020") == []
        assert run_query(small_queries_db, "cooperation-path", a="BRA", b="SGP") == []
        # an empty exclude list lets the UN link everyone in one hop
        rows = run_query(small_queries_db, "cooperation-path", a="BRA", b="SGP", exclude="")
        assert [(r["hops"], r["route"]) for r in rows] == [(1, ["BRA", "un", "SGP"])]
        assert run_query(small_queries_db, "cooperation-path", a="FRA", b="FRA") == []

    def test_state_instruments(self, small_queries_db):
        rows = run_query(small_queries_db, "state-instruments", state="FRA")
        assert [(r["instrument"], r["relation"], r["date"]) for r in rows] == [
            ("budapest-convention", "signed", "2001-11-23"),
            ("budapest-convention", "ratified", "2006-01-10"),
            ("paris-call", "endorsed", "2018-11-12"),
            ("un-cybercrime-convention", "signed", "2025-10-25"),
        ]

    def test_instrument_parties_and_timeline(self, small_queries_db):
        rows = run_query(small_queries_db, "instrument-parties", instrument="budapest-convention")
        assert [(r["id"], r["signed"], r["ratified"]) for r in rows] == [
            ("EST", None, "2003-05-12"),
            ("FRA", "2001-11-23", "2006-01-10"),
            ("USA", "2001-11-23", "2006-09-29"),
        ]
        rows = run_query(small_queries_db, "instrument-parties", instrument="paris-call")
        assert [(r["id"], r["endorsed"]) for r in rows] == [("FRA", "2018-11-12"), ("DEU", "undated")]
        rows = run_query(small_queries_db, "instrument-timeline", instrument="budapest-convention")
        assert [(r["year"], r["signed"], r["ratified"], r["parties"]) for r in rows] == [
            (2001, 2, 0, 0),
            (2003, 0, 1, 1),
            (2006, 0, 2, 3),
        ]

    def test_cri_joins_by_year(self, small_queries_db):
        rows = run_query(small_queries_db, "forum-joins-by-year", forum="cri")
        assert [(r["year"], r["joined"], r["members"]) for r in rows] == [
            (2021, 3, ["DEU", "SGP", "USA"]),
            (2022, 1, ["EST"]),
        ]

    def test_outside_cyber_forums(self, small_queries_db):
        assert [r["id"] for r in run_query(small_queries_db, "outside-cyber-forums")] == ["BRA", "GBR"]
        rows = run_query(small_queries_db, "outside-cyber-forums", as_of="2020-01-01")
        # by region, subregion, name; Germany's undated Paris Call endorsement counts at any date
        assert [r["id"] for r in rows] == ["BRA", "SGP", "GBR"]
        rows = run_query(small_queries_db, "outside-cyber-forums", forums="cri", instruments="")
        assert {r["id"] for r in rows} == {"BRA", "FRA", "GBR"}

    def test_co_attendance(self, small_queries_db):
        rows = run_query(small_queries_db, "co-attendance", a="FRA", b="DEU")
        assert rows == [
            {
                "a": "FRA",
                "b": "DEU",
                "summits": 2,
                "first": "2019-11-25",
                "last": "2020-11-02",
                "summit_ids": ["igf-2019", "igf-2020"],
            }
        ]
        assert run_query(small_queries_db, "co-attendance", a="FRA", b="USA")[0]["summits"] == 0
        rows = run_query(small_queries_db, "top-co-attendees", state="DEU")
        assert [(r["partner"], r["summits"]) for r in rows] == [("FRA", 2), ("EST", 1), ("USA", 1)]

    def test_bilateral_and_hosting(self, small_queries_db):
        rows = run_query(small_queries_db, "bilateral-agreements", state="EST")
        assert [(r["instrument"], r["partner"], r["signed"], r["adopted"]) for r in rows] == [
            ("bilateral-est-usa-2020", "USA", "2020-09-03", "2020-09")
        ]
        rows = run_query(small_queries_db, "summits-hosted")
        assert [(r["id"], r["hosted"], r["summits"]) for r in rows] == [
            ("DEU", 1, ["igf-2019"]),
            ("USA", 1, ["cri-2022"]),
        ]
        assert [r["id"] for r in run_query(small_queries_db, "summits-hosted", series="cri")] == ["USA"]

    def test_signatories_by_region(self, small_queries_db):
        rows = run_query(small_queries_db, "signatories-by-region", instrument="budapest-convention")
        assert [
            (r["region"], r["states"], r["region_states"], r["percent"], r["signed"], r["ratified"]) for r in rows
        ] == [("Europe", 2, 4, 50.0, 1, 2), ("Americas", 1, 2, 50.0, 1, 1)]

    def test_top_brokers_most_central_and_blocs(self, small_queries_db):
        rows = run_query(small_queries_db, "top-brokers", limit="2")
        assert [(r["rank"], r["id"], r["run"]) for r in rows] == [(1, "USA", RUN_B), (2, "DEU", RUN_B)]
        rows = run_query(small_queries_db, "top-brokers", limit="1", run="2024")
        assert [(r["id"], r["betweenness"]) for r in rows] == [("USA", 0.35)]
        rows = run_query(small_queries_db, "most-central", metric="pagerank", limit="3")
        assert [(r["id"], r["value"], r["rank"]) for r in rows] == [
            ("USA", 0.25, 1),
            ("DEU", 0.20, 2),
            ("FRA", 0.15, 3),
        ]
        rows = run_query(small_queries_db, "blocs")
        assert [(r["community"], r["size"], r["leading"], r["members"]) for r in rows] == [
            (1, 3, "DEU", ["DEU", "FRA", "GBR"]),
            (0, 2, "USA", ["USA", "EST"]),
            (2, 2, "SGP", ["SGP", "BRA"]),
        ]

    def test_rank_changes_between_runs(self, small_queries_db):
        rows = run_query(small_queries_db, "rank-changes")
        assert [(r["id"], r["rank_a"], r["rank_b"], r["change"]) for r in rows] == [
            ("USA", 3, 1, 2),
            ("GBR", 4, 6, -2),
            ("DEU", 1, 2, -1),
            ("FRA", 2, 3, -1),
            ("EST", 5, 4, 1),
            ("SGP", 6, 5, 1),
            ("BRA", 7, 7, 0),
        ]
        assert {(r["run_a"], r["run_b"]) for r in rows} == {(RUN_A, RUN_B)}
        reverse = run_query(small_queries_db, "rank-changes", run_a=RUN_B, run_b="20240601T12", limit="1")
        assert [(r["id"], r["change"]) for r in reverse] == [("USA", -2)]
        assert run_query(small_queries_db, "rank-changes", run_b="2024") == []  # no run before the first
        assert run_query(small_queries_db, "rank-changes", run_a="nope") == []

    def test_offices_versus_centrality(self, small_queries_db):
        rows = run_query(small_queries_db, "offices-vs-centrality", with_office_only="true")
        assert [(r["rank"], r["id"], r["established"]) for r in rows] == [
            (1, "USA", "2022-04-04"),
            (3, "FRA", "2017-11"),
            (4, "EST", "2018"),
        ]
        assert len(run_query(small_queries_db, "offices-vs-centrality")) == 7
        rows = run_query(small_queries_db, "offices-centrality-summary")
        assert [(r["has_office"], r["states"], r["mean_rank"]) for r in rows] == [(True, 3, 2.7), (False, 4, 5.0)]

    def test_state_profile(self, small_queries_db):
        (row,) = run_query(small_queries_db, "state-profile", state="EST")
        assert row["forums"] == ["cri", "eu", "nato", "un"]
        assert (row["signed"], row["ratified"], row["endorsed"], row["attended"], row["hosted"]) == (1, 1, 0, 1, 0)
        assert row["offices"] == ["Ambassador-at-large for cyber diplomacy"]
        assert (row["rank"], row["community"]) == (4, 0)
        (gbr,) = run_query(small_queries_db, "state-profile", state="GBR")
        assert gbr["forums"] == ["un"]  # left the EU in 2020
        assert gbr["offices"] == []  # its envoy's post closed in 2019

    def test_cyber_offices(self, small_queries_db):
        rows = run_query(small_queries_db, "cyber-offices")
        assert [(r["state"], r["closed"]) for r in rows] == [
            ("GBR", "2019-06"),
            ("FRA", None),
            ("EST", None),
            ("USA", None),
        ]
        assert [r["state"] for r in run_query(small_queries_db, "cyber-offices", region="Americas")] == ["USA"]

    def test_latest_scores_are_state_properties(self, small_queries_db):
        assert small_queries_db.read("MATCH (s:State {id: 'USA'}) RETURN s.pagerank AS p, s.centrality_run AS run") == [
            {"p": 0.25, "run": RUN_B}
        ]


@pytest.mark.neo4j
def test_centrality_queries_read_runs_written_by_graphkit_runs(neo4j_server, tmp_path):
    """The queries agree with the real writer (graphkit.analysis.runs.write_run), not only with the test's own Cypher."""
    runs = pytest.importorskip("graphkit.analysis.runs")
    from graphkit.db.store import Store

    with Store(neo4j_server.connection()) as store:
        wipe(store)
        load([tiny_folder(tmp_path)])
        metrics = ["degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "community"]

        def scores(table):
            return {
                s: {
                    "degree": 0.5,
                    "strength": 1.0,
                    "betweenness": bt,
                    "closeness": 0.5,
                    "eigenvector": pr,
                    "pagerank": pr,
                    "community": c,
                }
                for s, (pr, bt, c) in table.items()
            }

        first = runs.write_run(
            store, scores(RUN_2024), metrics=metrics, computed_at=datetime(2024, 6, 1, tzinfo=timezone.utc)
        )
        second = runs.write_run(
            store, scores(RUN_2025), metrics=metrics, computed_at=datetime(2025, 6, 1, tzinfo=timezone.utc)
        )
        assert [r["id"] for r in run_query(store, "top-brokers", limit="2")] == ["USA", "DEU"]
        assert {r["run"] for r in run_query(store, "top-brokers")} == {second}
        rows = run_query(store, "rank-changes", limit="2")
        assert [(r["id"], r["change"], r["run_a"]) for r in rows] == [("USA", 2, first), ("GBR", -2, first)]
        assert run_query(store, "blocs")[0]["members"] == ["DEU", "FRA", "GBR"]
        assert run_query(store, "state-profile", state="USA")[0]["rank"] == 1
        assert run_query(store, "blocs", run=first[:8])[0]["members"] == ["DEU", "FRA", "GBR"]
