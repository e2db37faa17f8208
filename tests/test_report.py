"""graphkit.report and `graphkit report`: the statistics by hand, the charts, the page, the bundled data, a browser.

The pure tests need nothing; the bundled report needs the test Neo4j (marked one by one); the screenshots
need headless Chromium (marked ``browser``; tests/artifacts/report-*.png).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import itertools
import math
import re
import time
from html import unescape
from pathlib import Path

import numpy as np
import pytest

from graphkit.errors import UsageProblem
from graphkit.report import charts, offices
from graphkit.report.build import ReportOptions, assemble, reproduce_command
from graphkit.report.page import report_html
from tests import test_render_browser
from tests.helpers import cli
from tests.test_render import XSS_NAME, XSS_SCRIPT, sample_bipartite
from tests.test_render_browser import Loaded

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
SECTIONS = ("offices", "over-time", "blocs", "brokers", "method")
#: The headless Chromium of the views' browser tests (skips without chromium, fails under CI).
browser = test_render_browser.browser


# -- the statistics, worked by hand -----------------------------------------------------------------
def u_by_hand(a, b) -> float:
    """The office group's U: pairs in which its value is higher, a tie counting ½."""
    return sum(1.0 if x > y else 0.5 if x == y else 0.0 for x in a for y in b)


def test_mann_whitney_on_a_hand_worked_example():
    # 1, 2, 3 against 4, 5, 6, 7: no pair where the first group is higher, so U = 0, CL = 0, r = 2·0/12 − 1 = −1.
    # Exact two-sided p: of the C(7, 3) = 35 equally likely ways to draw the first group's ranks, only
    # {1, 2, 3} (U = 0) and {5, 6, 7} (U = 12) are as far from n1·n2/2 = 6 as the observed one: p = 2/35.
    t = offices.mann_whitney([1, 2, 3], [4, 5, 6, 7])
    assert (t.n_a, t.n_b, t.u, t.cl, t.r, t.method) == (3, 4, 0.0, 0.0, -1.0, "exact")
    assert t.p == pytest.approx(2 / 35)
    other_way = offices.mann_whitney([4, 5, 6, 7], [1, 2, 3])
    assert (other_way.u, other_way.r) == (12.0, 1.0) and other_way.p == pytest.approx(2 / 35)


def test_the_exact_p_is_the_share_of_orders_as_extreme_as_the_observed_one():
    pooled = [1, 2, 3, 4, 5, 6, 7]
    observed = abs(u_by_hand([1, 2, 3], [4, 5, 6, 7]) - 6)
    splits = list(itertools.combinations(pooled, 3))
    extreme = sum(1 for a in splits if abs(u_by_hand(a, [x for x in pooled if x not in a]) - 6) >= observed)
    assert (len(splits), extreme) == (35, 2)
    assert offices.mann_whitney([1, 2, 3], [4, 5, 6, 7]).p == pytest.approx(extreme / len(splits))


def test_mann_whitney_with_ties_uses_the_normal_approximation_with_tie_and_continuity_corrections():
    a, b = [1, 2, 2], [2, 3]
    # Pairs: 1<2, 1<3, 2=2 (½), 2<3, 2=2 (½), 2<3 → U = 1; CL = 1/6; r = 2/6 − 1 = −2/3.
    t = offices.mann_whitney(a, b)
    assert (t.u, t.method) == (1.0, "asymptotic")
    assert t.cl == pytest.approx(1 / 6) and t.r == pytest.approx(-2 / 3)
    # σ² = n1·n2/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1))) with one tie of three 2s among N = 5: 6/12 · (6 − 24/20) = 2.4
    z = (abs(1.0 - 3.0) - 0.5) / math.sqrt(2.4)
    assert t.p == pytest.approx(math.erfc(z / math.sqrt(2)))


def test_the_permutation_test_is_reproducible_with_its_seed_and_close_to_the_exact_value():
    a, b = [1, 2, 3], [4, 5, 6, 7]
    first = offices.permutation_test(a, b, permutations=10_000, seed=42)
    assert first == offices.permutation_test(a, b, permutations=10_000, seed=42)
    assert first.difference == -3.5
    # Exactly: the splits whose difference in medians is as large are {1,2,3}, {1,2,4}, {4,6,7}, {5,6,7}: 4/35.
    pooled = [1, 2, 3, 4, 5, 6, 7]
    extreme = sum(
        1
        for s in itertools.combinations(pooled, 3)
        if abs(np.median(s) - np.median([x for x in pooled if x not in s])) >= 3.5
    )
    assert extreme == 4
    assert first.p == pytest.approx(4 / 35, abs=0.015)
    assert offices.permutation_test(a, b, permutations=10_000, seed=7).p != first.p


def test_holm_and_the_regions_tested():
    assert offices.holm([0.01, 0.04, 0.03]) == [0.03, 0.06, 0.06]
    values = {f"S{i}": float(i) for i in range(12)}
    regions = {s: "Europe" if i < 8 else "Africa" for i, s in enumerate(values)}
    ranks = {s: 12 - int(s[1:]) for s in values}
    rows = offices.by_region(values, ranks, {"S5", "S6", "S7", "S11"}, regions, "pagerank", permutations=200)
    assert [(r.region, r.comparison.n_with, r.comparison.n_without) for r in rows] == [("Europe", 3, 5)]
    assert rows[0].comparison.test.r == 1.0 and rows[0].comparison.small


def test_before_and_after_and_the_wilcoxon_test_by_hand():
    ranks = {year: {"A": 30 - year + 2010, "B": 10} for year in range(2010, 2021)}
    pairs = offices.before_after(ranks, {"A": 2015, "B": 2015, "C": 2015})
    # A: ranks 28, 27, 26 in 2012–2014 (mean 27) and 24, 23, 22 in 2016–2018 (mean 23), 4 places up; C has no ranks.
    assert [(p.state, p.before, p.after, p.change) for p in pairs] == [("A", 27.0, 23.0, 4.0), ("B", 10.0, 10.0, 0.0)]
    five = [offices.BeforeAfter(s, 2015, 10.0 * k, 10.0 * k - k, 3, 3) for k, s in enumerate("ABCDE", start=1)]
    t = offices.wilcoxon(five)
    # All five moved up: the exact two-sided p is 2 of the 2⁵ equally likely sign patterns, 2/32.
    assert (t.n, t.statistic, t.improved, t.worsened) == (5, 0.0, 5, 0)
    assert t.p == pytest.approx(2 / 32)
    assert offices.wilcoxon(five[:4]) is None


def test_an_undated_office_counts_from_its_source_date_and_never_before():
    starts = offices.office_starts(
        [
            {"state": "NLD", "office": "amb", "established": None, "as_of": D(2023, 1, 1), "as_of_text": "2023"},
            {"state": "ITA", "office": "env", "established": None, "as_of": D(2024, 12, 1)},
            {"state": "FRA", "office": "amb", "established": D(2017, 11, 22), "as_of": D(2018, 10, 1)},
        ]
    )
    assert offices.holders(starts, D(2022, 12, 31)) == {"FRA"}
    assert offices.holders(starts, D(2023, 1, 1)) == {"FRA", "NLD"}
    assert starts["NLD"].text == "2023" and not starts["NLD"].dated and starts["FRA"].dated


def test_the_sentences_say_n_the_tests_and_that_it_is_an_association():
    values = {f"S{i:02d}": {"pagerank": 1.0 / (i + 1), "betweenness": 0.0} for i in range(40)}
    starts = {s: offices.OfficeStart(s, D(2010, 1, 1), True, ("o",)) for s in list(values)[:4]}
    f = offices.findings(values, dict.fromkeys(values, "Europe"), starts, D(2020, 1, 1), {}, permutations=500)
    text = " ".join(offices.sentences(f, permutations=500))
    for words in ("4 of 40 states", "n = 4 vs 36", "Mann–Whitney U", "rank-biserial r", "permutation", "underpowered",
                  "associations, not causes", "too few for a test"):  # fmt: skip
        assert words in text, words


# -- options --------------------------------------------------------------------------------------
def test_options_are_checked_and_the_command_reproduces_them():
    with pytest.raises(UsageProblem) as error:
        ReportOptions(as_of="2020-01-01", from_year=2021).check()
    assert error.value.param == "from_year"
    with pytest.raises(UsageProblem) as error:
        ReportOptions(as_of="2020-13-01").check()
    assert error.value.param == "as_of"
    with pytest.raises(UsageProblem):
        ReportOptions(actors="firms").check()
    opts = ReportOptions(as_of="2026-12-02", exclude=("un", "itu"), actors="all", seed=7).check()
    assert (
        reproduce_command(opts)
        == "graphkit report --as-of 2026-12-02 --from 2000 --seed 7 --exclude un,itu --actors all"
    )


def test_a_first_year_after_the_as_of_date_is_a_usage_error_naming_the_flag_before_anything_is_read():
    result = cli("report", "--as-of", "2020-01-01", "--from", "2021", "--uri", "bolt://127.0.0.1:9", "--password", "x")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "Error: --from: the first year, 2021, is after the as-of date's year, 2020. "
        "Give a year up to 2020, or a later as-of date.\n"
    )


# -- the charts and the page ------------------------------------------------------------------------
def all_charts() -> list[str]:
    return [
        charts.group_chart([("PageRank", [0.3, 0.4, 0.5], [0.1, 0.2, 0.2, 0.3]), ("betweenness", [0.1], [0.0, 0.0])]),
        charts.region_chart([("All states", 0.5, 24, 172, False), ("Europe", -0.2, 4, 30, True)]),
        charts.slope_chart([("FIN", 2014, 40.0, 30.0), ("EST", 2019, 20.0, 25.0)]),
        charts.trend_chart([D(2020, 12, 31), D(2021, 6, 1)], [("density", [0.5, 0.6]), ("modularity", [0.3, 0.2])]),
    ]


def test_charts_are_deterministic_inline_svg_with_text_as_paths_and_no_inline_style():
    first, second = all_charts(), all_charts()
    assert first == second
    ids: list[str] = []
    for svg in first:
        assert svg.startswith("<svg id=") and svg.endswith("</svg>")
        assert "<text" not in svg and "<!--" not in svg and "style" not in svg and "<?xml" not in svg
        assert "http" not in svg and "xlink:" not in svg and "<script" not in svg
        ids += re.findall(r'\bid="([^"]+)"', svg)
        # every reference points inside its own chart
        name = re.match(r'<svg id="([^"]+)"', svg).group(1)
        assert all(ref.startswith(name + "-") for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', svg))
    assert len(ids) == len(set(ids)), "two charts share an id"


def hostile_report():
    H = sample_bipartite()
    rows = [{"state": "XSS", "office": "x", "established": D(2019, 1, 1), "as_of": D(2019, 1, 1)}]
    return assemble(H, rows, ReportOptions(as_of="2021-06-30", from_year=2018))


def test_the_page_escapes_the_data_allows_only_its_own_stylesheet_and_runs_nothing():
    html = report_html(hostile_report())
    assert XSS_NAME not in html and XSS_SCRIPT not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html.lower() and "<img" not in html.lower()
    css = re.search(r"<style>(.*?)</style>", html, flags=re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    policy = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert (
        policy == f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    assert html.count("<style") == 1 and ' style="' not in html
    for section in SECTIONS:
        assert f'<section id="{section}"' in html
    assert "graphkit report --as-of 2021-06-30 --from 2018 --seed 42" in html


# -- the bundled data ------------------------------------------------------------------------------
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def bundled_report(neo4j_server, tmp_path_factory):
    """The bundled dataset loaded once and its report written by the CLI (timed)."""
    from graphkit.db.store import Store
    from tests.conftest import wipe

    with Store(neo4j_server.connection()) as store:
        wipe(store)
    loaded = cli("load", "-q")
    assert loaded.exit_code == 0, loaded.output
    out = tmp_path_factory.mktemp("report") / "report.html"
    started = time.monotonic()
    result = cli("report", "--as-of", TODAY.isoformat(), "--out", str(out))
    seconds = time.monotonic() - started
    print(f"\ngraphkit report --as-of {TODAY} --out {out}: {seconds:.1f} s (bundled data, from 2000)")
    return result, out, seconds


@pytest.mark.neo4j
def test_the_report_of_the_bundled_data_has_every_section_and_loads_nothing(bundled_report):
    result, out, _ = bundled_report
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f'<section id="{section}"' in html
    assert html.count("<svg") == 4 and "<img" not in html.lower() and "<script" not in html.lower()
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", html, flags=re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", html, flags=re.I)
    assert "https://" not in html and "http://" not in html
    assert f"graphkit report --as-of {TODAY.isoformat()} --from 2000 --seed 42" in html


@pytest.mark.neo4j
def test_the_office_holders_are_the_bundled_states_whose_office_counts_by_the_date(bundled_report):
    _, out, _ = bundled_report
    from graphkit.data.dates import parse_date

    with (ROOT / "datasets" / "cyber_offices.csv").open(encoding="utf-8") as fh:
        spell = {
            row["id"]: (
                parse_date(row["established"] or row["as_of"]).value,
                row["closed"] and parse_date(row["closed"]).value,
            )
            for row in csv.DictReader(fh)
        }
    with (ROOT / "datasets" / "has_office.csv").open(encoding="utf-8") as fh:
        open_on = [spell[row["to_id"]] + (row["from_id"],) for row in csv.DictReader(fh)]
    states = {state for start, closed, state in open_on if start <= TODAY and not (closed and closed <= TODAY)}
    assert "USA" in states  # its coordinator's office closed in 2017, its bureau opened in 2022
    html = out.read_text(encoding="utf-8")
    assert f"{len(states)} of 196 states have a cyber-diplomacy office" in html


@pytest.mark.neo4j
def test_the_report_scores_equal_graphkit_centrality_and_the_same_command_gives_the_same_page(
    bundled_report, store, tmp_path
):
    from graphkit.analysis.runs import score
    from graphkit.report.build import build_report

    built = build_report(store, ReportOptions(as_of=TODAY, from_year=TODAY.year - 1))
    _, expected = score(store, TODAY, metrics=["pagerank", "betweenness", "community"])
    scores = built.history.last[1]
    for state in ("USA", "FRA", "EST", "KEN"):
        assert scores[state]["pagerank"] == pytest.approx(expected[state]["pagerank"], rel=1e-9)
        assert scores[state]["betweenness"] == pytest.approx(expected[state]["betweenness"], rel=1e-9, abs=1e-12)
    twice = [cli("report", "--as-of", TODAY, "--from", TODAY.year - 1, "--out", tmp_path / f"{i}.html") for i in (1, 2)]
    pages = [re.sub(r"generated [0-9T:+-]+", "", (tmp_path / f"{i}.html").read_text()) for i in (1, 2)]
    assert [r.exit_code for r in twice] == [0, 0] and pages[0] == pages[1]


# -- the browser ------------------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.neo4j
def test_the_report_in_a_browser_requests_nothing_and_draws_its_charts(browser, bundled_report, artifacts):
    _, out, _ = bundled_report
    page = Loaded(browser, out, wait_ready=False)
    try:
        page.page.wait_for_load_state("load")
        assert page.errors == [] and page.outside == [] and page.dialogs == []
        assert [m for m in page.console if m[0] in ("error", "warning")] == []  # a CSP violation is an error here
        sizes = page.js("() => [...document.querySelectorAll('figure svg')].map(s => s.getBoundingClientRect().width)")
        assert len(sizes) == 4 and min(sizes) > 300
        fill = page.js("() => getComputedStyle(document.querySelector('#chart-groups path')).fill")
        assert fill == "rgb(255, 255, 255)", "the charts' presentation attributes were not applied"
        page.page.screenshot(path=str(artifacts / "report-top.png"))
        page.page.set_viewport_size({"width": 1280, "height": 1300})  # the offices' two first charts and table
        page.js("() => document.getElementById('chart-groups').closest('figure').scrollIntoView()")
        page.page.screenshot(path=str(artifacts / "report-offices.png"))
    finally:
        page.close()
