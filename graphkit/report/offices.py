"""Cyber-diplomacy offices and centrality: which states have one, and do they sit more centrally?

Which states have an office on a date *d*
-----------------------------------------
A state has an office on *d* when one of its offices (``(:State)-[:HAS_OFFICE]->(:CyberOffice)``)
counts from a day on or before *d*: from its ``established`` date (a partial
date from the first day of its period, like every date in graphkit), or, when
undated, from its row's ``as_of``, the date its source speaks for (the rule of
:func:`graphkit.analysis.projection.relation_interval`: never earlier, which
would be a guess), until the day before its ``closed`` date (the day it was
closed or merged into another unit; none: it counts on).

The tests (every function here is a function of numbers)
--------------------------------------------------------
* **Mann–Whitney U**, two-sided (:func:`scipy.stats.mannwhitneyu`): exact when
  the smaller group has at most 8 states and no value is tied, else the normal
  approximation with tie and continuity corrections. ``U`` is the office
  group's statistic: the number of (office state, other state) pairs in which
  the office state has the higher value, a tie counting ½.
* **Effect sizes**: the common-language effect size ``CL = U / (n₁ n₂)`` (the
  chance that a state with an office has the higher value than one without)
  and the **rank-biserial correlation** ``r = 2U / (n₁ n₂) − 1 = 2 CL − 1``
  (Kerby 2014; Wendt's ``1 − 2U′ / (n₁ n₂)`` with ``U′`` the other group's U):
  from −1 to 1, positive when states with an office have the higher values.
* **A permutation test** of the difference in medians, as a check that needs
  no distributional assumption: the group labels are shuffled ``permutations``
  times with NumPy's generator seeded by ``seed``;
  ``p = (1 + #{|d*| ≥ |d|}) / (permutations + 1)``.
* **Within each UN region** where both groups have at least
  :data:`MIN_GROUP` states, the same tests, with Holm's adjustment across the
  regions, so that one region's many offices do not decide the answer alone.
* **Before and after**: for the states whose first office has an
  ``established`` date, the mean PageRank rank among all states over up to
  :data:`WINDOW` years before the year of establishment and up to
  :data:`WINDOW` years after it; a **Wilcoxon signed-rank test** across those
  states when there are at least :data:`MIN_PAIRS`.

Every result is an association between having an office and the position in
the network, not a cause: states that set up an office are also the states
that join many forums.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from graphkit.analysis.ranking import ranks as rank_of
from graphkit.data.dates import date_text
from graphkit.db import cypher

#: Permutations of the permutation test.
PERMUTATIONS = 10_000
#: The fewest states of each group for a test within a region.
MIN_GROUP = 3
#: Below this many states in the smaller group a test is flagged as underpowered.
SMALL_GROUP = 10
#: Years before and after the year of establishment averaged in the before/after comparison.
WINDOW = 3
#: The fewest states for the Wilcoxon signed-rank test of the before/after ranks.
MIN_PAIRS = 5
#: The largest sample for which Mann–Whitney's exact distribution is used (SciPy's own rule).
EXACT_MAX = 8


# -- who has an office ------------------------------------------------------------------------
def office_query() -> str:
    """The query for every state's offices: ``state, office, kind, established, closed, as_of`` and the dates as given.

    One row per office; ``established_text``, ``closed_text`` and ``as_of_text`` are the dates
    as the dataset gave them (``2011``, ``2013-07``, ``2016-07-12``).

    Examples
    --------
    >>> office_query().splitlines()[0]
    'MATCH (s:State)-[:HAS_OFFICE]->(o:CyberOffice)'
    """
    head = f"MATCH (s:{cypher.label('State')})-[:{cypher.rel_type('HAS_OFFICE')}]->(o:{cypher.label('CyberOffice')})"
    return (
        f"{head}\nRETURN s.id AS state, o.id AS office, o.kind AS kind, o.established AS established, "
        "o.established_text AS established_text, o.closed AS closed, o.closed_text AS closed_text, "
        "o.as_of AS as_of, o.as_of_text AS as_of_text\nORDER BY state, office"
    )


@dataclass(frozen=True)
class OfficeStart:
    """When a state's first office counts: ``start`` (``text`` as the data gives it) and whether it is ``established``.

    ``spells`` are the periods in which the state had an office, ``(start,
    end)`` with ``end`` excluded (``None``: still open); empty means from
    ``start`` on.
    """

    state: str
    start: _dt.date
    dated: bool
    offices: tuple[str, ...]
    text: str = ""
    spells: tuple[tuple[_dt.date, _dt.date | None], ...] = ()

    def holds(self, day: _dt.date) -> bool:
        """Whether the state had an office on ``day``."""
        spells = self.spells or ((self.start, None),)
        return any(start <= day and (end is None or day < end) for start, end in spells)


def _start(row: Mapping) -> tuple[_dt.date, bool, str] | None:
    """``(start, dated, text)`` of one office row: ``established``, else ``as_of``; None with neither."""
    for column, dated in (("established", True), ("as_of", False)):
        if row.get(column) is not None:
            return row[column], dated, str(row.get(f"{column}_text") or date_text(row[column]))
    return None


def _spells(spans: list[tuple[_dt.date, _dt.date | None]]) -> tuple[tuple[_dt.date, _dt.date | None], ...]:
    """Office periods merged where they overlap or touch; an open one (end None) absorbs what follows it."""
    out: list[tuple[_dt.date, _dt.date | None]] = []
    for start, end in sorted(spans, key=lambda t: (t[0], t[1] is None, t[1] or t[0])):
        if out and (out[-1][1] is None or start <= out[-1][1]):
            last_end = out[-1][1]
            out[-1] = (out[-1][0], None if last_end is None or end is None else max(last_end, end))
        else:
            out.append((start, end))
    return tuple(out)


def office_starts(rows: Iterable[Mapping]) -> dict[str, OfficeStart]:
    """The first office of each state from :func:`office_query`'s rows (dates as :class:`datetime.date`).

    An office counts from ``established``, or from ``as_of`` when undated,
    until its ``closed`` date (excluded) if it has one; a row with neither
    start date is left out.

    Parameters
    ----------
    rows : iterable of mapping
        ``{state, office, established, as_of}`` (and optionally ``closed``, ``established_text``,
        ``as_of_text``).

    Returns
    -------
    dict
        State id → :class:`OfficeStart`, sorted by state.

    Examples
    --------
    >>> D = _dt.date
    >>> starts = office_starts([
    ...     {"state": "EST", "office": "dept", "established": D(2019, 1, 1), "established_text": "2019",
    ...      "as_of": D(2019, 9, 12)},
    ...     {"state": "EST", "office": "amb", "established": None, "as_of": D(2019, 9, 12)},
    ...     {"state": "ITA", "office": "envoy", "established": None, "as_of": D(2024, 12, 1)},
    ...     {"state": "USA", "office": "coord", "established": D(2011, 1, 1), "closed": D(2017, 1, 1)},
    ...     {"state": "USA", "office": "bureau", "established": D(2022, 4, 4)}])
    >>> starts["EST"].start, starts["EST"].text, starts["EST"].dated, starts["ITA"].dated, starts["ITA"].text
    (datetime.date(2019, 1, 1), '2019', True, False, '2024-12-01')
    >>> [starts["USA"].holds(D(y, 6, 1)) for y in (2010, 2016, 2019, 2023)]
    [False, True, False, True]
    """
    found: dict[str, list[tuple[_dt.date, bool, str, str, _dt.date | None]]] = {}
    for row in rows:
        start = _start(row)
        if start is not None:
            found.setdefault(row["state"], []).append((*start, row["office"], row.get("closed")))
    out = {}
    for state in sorted(found):
        first = min(found[state], key=lambda t: (t[0], not t[1], t[3]))
        offices = tuple(sorted(t[3] for t in found[state]))
        spells = _spells([(t[0], t[4]) for t in found[state]])
        out[state] = OfficeStart(state, first[0], first[1], offices, first[2], spells)
    return out


def holders(starts: Mapping[str, OfficeStart], day: _dt.date) -> set[str]:
    """The states that have an office on ``day``: one counts by then and has not closed.

    Examples
    --------
    >>> spells = ((_dt.date(2011, 1, 1), _dt.date(2017, 1, 1)),)
    >>> starts = {"FRA": OfficeStart("FRA", _dt.date(2017, 11, 22), True, ("amb",)),
    ...           "USA": OfficeStart("USA", _dt.date(2011, 1, 1), True, ("coord",), spells=spells)}
    >>> holders(starts, _dt.date(2017, 11, 21)), holders(starts, _dt.date(2017, 11, 22))
    (set(), {'FRA'})
    >>> holders(starts, _dt.date(2016, 12, 31))
    {'USA'}
    """
    return {s for s, o in starts.items() if o.holds(day)}


# -- two groups -------------------------------------------------------------------------------
@dataclass(frozen=True)
class MannWhitney:
    """A two-sided Mann–Whitney U test of group ``a`` against group ``b`` and its effect sizes."""

    n_a: int
    n_b: int
    u: float
    p: float
    cl: float
    r: float
    method: str


def mann_whitney(a: Sequence[float], b: Sequence[float]) -> MannWhitney | None:
    """Mann–Whitney U (two-sided) with the common-language effect size and the rank-biserial r; None if a group is empty.

    Parameters
    ----------
    a, b : sequence of float
        The two groups' values (``a``: the states with an office).

    Returns
    -------
    MannWhitney or None

    Examples
    --------
    Every value of ``a`` is below every value of ``b``: U = 0, r = −1, and the
    exact p is 2 of the C(7, 3) = 35 equally likely orders, 2/35:

    >>> t = mann_whitney([1, 2, 3], [4, 5, 6, 7])
    >>> t.u, t.cl, t.r, round(t.p, 5), round(2 / 35, 5), t.method
    (0.0, 0.0, -1.0, 0.05714, 0.05714, 'exact')
    >>> mann_whitney([], [1.0]) is None
    True
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if not len(x) or not len(y):
        return None
    pooled = np.concatenate([x, y])
    tied = len(np.unique(pooled)) < len(pooled)
    method = "exact" if min(len(x), len(y)) <= EXACT_MAX and not tied else "asymptotic"
    result = stats.mannwhitneyu(x, y, alternative="two-sided", method=method)
    u = float(result.statistic)
    cl = u / (len(x) * len(y))
    p = float(result.pvalue) if math.isfinite(result.pvalue) else 1.0
    return MannWhitney(len(x), len(y), u, p, cl, 2 * cl - 1, method)


@dataclass(frozen=True)
class Permutation:
    """A permutation test of the difference in medians (``a`` minus ``b``)."""

    difference: float
    p: float
    permutations: int
    seed: int


def permutation_test(
    a: Sequence[float], b: Sequence[float], *, permutations: int = PERMUTATIONS, seed: int = 0
) -> Permutation | None:
    """The two-sided permutation test of ``median(a) − median(b)``, seeded; None if a group is empty.

    Parameters
    ----------
    a, b : sequence of float
        The two groups' values.
    permutations : int
        Shuffles of the group labels.
    seed : int
        Seed of :func:`numpy.random.default_rng`: the same seed gives the same p.

    Returns
    -------
    Permutation or None

    Examples
    --------
    >>> t = permutation_test([1, 2, 3], [4, 5, 6, 7], permutations=2000, seed=42)
    >>> t.difference, t == permutation_test([1, 2, 3], [4, 5, 6, 7], permutations=2000, seed=42)
    (-3.5, True)
    >>> 0.05 < t.p < 0.2  # the exact value is 4/35 ≈ 0.114 (orders as extreme as the observed one)
    True
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if not len(x) or not len(y):
        return None
    pooled, n = np.concatenate([x, y]), len(x)
    observed = float(np.median(x) - np.median(y))
    rng = np.random.default_rng(seed)
    extreme, done = 0, 0
    tolerance = 1e-12 * max(1.0, float(np.max(np.abs(pooled))))
    while done < permutations:
        size = min(2_000, permutations - done)
        shuffled = rng.permuted(np.broadcast_to(pooled, (size, len(pooled))), axis=1)
        diff = np.median(shuffled[:, :n], axis=1) - np.median(shuffled[:, n:], axis=1)
        extreme += int(np.count_nonzero(np.abs(diff) >= abs(observed) - tolerance))
        done += size
    return Permutation(observed, (extreme + 1) / (permutations + 1), permutations, seed)


@dataclass(frozen=True)
class Comparison:
    """The states with an office against those without, on one metric (at one date)."""

    metric: str
    n_with: int
    n_without: int
    median_with: float
    median_without: float
    median_rank_with: float
    median_rank_without: float
    test: MannWhitney
    permutation: Permutation

    @property
    def small(self) -> bool:
        """Whether the smaller group has fewer than :data:`SMALL_GROUP` states (an underpowered test)."""
        return min(self.n_with, self.n_without) < SMALL_GROUP


def compare(
    values: Mapping[str, float],
    ranks: Mapping[str, int],
    group: set[str],
    metric: str,
    *,
    permutations: int = PERMUTATIONS,
    seed: int = 0,
) -> Comparison | None:
    """Compare the states of ``group`` with the other states of ``values``; None if either group is empty.

    Parameters
    ----------
    values : mapping
        State → the metric's value.
    ranks : mapping
        State → its rank by the metric among all states (1 = highest).
    group : set
        The states with an office.
    metric : str
        The metric's name, for the record.
    permutations, seed : int
        As :func:`permutation_test`.

    Returns
    -------
    Comparison or None

    Examples
    --------
    >>> values = {"A": 7.0, "B": 6.0, "C": 5.0, "D": 4.0, "E": 3.0, "F": 2.0, "G": 1.0}
    >>> ranks = {s: i for i, s in enumerate(values, start=1)}
    >>> c = compare(values, ranks, {"A", "B", "C"}, "pagerank", permutations=500, seed=1)
    >>> c.n_with, c.n_without, c.median_rank_with, c.median_rank_without, c.test.r, c.small
    (3, 4, 2.0, 5.5, 1.0, True)
    """
    inside = sorted(s for s in values if s in group)
    outside = sorted(s for s in values if s not in group)
    a, b = [values[s] for s in inside], [values[s] for s in outside]
    test, perm = mann_whitney(a, b), permutation_test(a, b, permutations=permutations, seed=seed)
    if test is None or perm is None:
        return None
    return Comparison(
        metric, len(a), len(b), float(np.median(a)), float(np.median(b)),
        float(np.median([ranks[s] for s in inside])), float(np.median([ranks[s] for s in outside])), test, perm,
    )  # fmt: skip


# -- within regions ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RegionComparison:
    """One region's comparison, with its Holm-adjusted Mann–Whitney p across the regions tested."""

    region: str
    comparison: Comparison
    p_holm: float


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment of ``pvalues`` (same order; each at most 1).

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03])
    [0.03, 0.06, 0.06]
    """
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    out = [0.0] * len(pvalues)
    running = 0.0
    for position, i in enumerate(order):
        running = max(running, min(1.0, (len(pvalues) - position) * pvalues[i]))
        out[i] = round(running, 12)
    return out


def by_region(
    values: Mapping[str, float],
    ranks: Mapping[str, int],
    group: set[str],
    regions: Mapping[str, str | None],
    metric: str,
    *,
    min_group: int = MIN_GROUP,
    permutations: int = PERMUTATIONS,
    seed: int = 0,
) -> list[RegionComparison]:
    """:func:`compare` within each region where both groups have at least ``min_group`` states.

    ``ranks`` stay the ranks among all states. Regions in alphabetical order.

    Examples
    --------
    >>> values = {s: float(v) for v, s in enumerate("ABCDEFGH")}
    >>> regions = {s: "Europe" if s in "ABCDEF" else "Asia" for s in values}
    >>> rows = by_region(values, {s: 8 - int(v) for s, v in values.items()}, {"D", "E", "F"}, regions, "x",
    ...                  permutations=200)
    >>> [(r.region, r.comparison.n_with, r.comparison.n_without, r.comparison.test.r) for r in rows]
    [('Europe', 3, 3, 1.0)]
    """
    found = []
    for region in sorted({r for r in regions.values() if r}):
        inside = {s: v for s, v in values.items() if regions.get(s) == region}
        n_with = sum(1 for s in inside if s in group)
        if n_with >= min_group and len(inside) - n_with >= min_group:
            c = compare(inside, ranks, group, metric, permutations=permutations, seed=seed)
            if c is not None:
                found.append((region, c))
    adjusted = holm([c.test.p for _, c in found])
    return [RegionComparison(region, c, p) for (region, c), p in zip(found, adjusted)]


# -- before and after -------------------------------------------------------------------------
@dataclass(frozen=True)
class BeforeAfter:
    """One state's mean rank over the years before and after the year its first office was established."""

    state: str
    year: int
    before: float
    after: float
    years_before: int
    years_after: int

    @property
    def change(self) -> float:
        """Places moved up (positive: a better rank after)."""
        return self.before - self.after


def before_after(
    yearly_ranks: Mapping[int, Mapping[str, int]], established: Mapping[str, int], window: int = WINDOW
) -> list[BeforeAfter]:
    """Each state's mean rank in up to ``window`` years before and after its year of establishment.

    The year of establishment itself is left out; a state without a ranked
    year on both sides is left out. Sorted by state.

    Parameters
    ----------
    yearly_ranks : mapping
        Year → state → rank among all states that year.
    established : mapping
        State → the year its first office was established.
    window : int
        Years on each side.

    Returns
    -------
    list of BeforeAfter

    Examples
    --------
    >>> ranks = {2014: {"FIN": 30}, 2015: {"FIN": 20}, 2016: {"FIN": 15}, 2017: {"FIN": 10}}
    >>> before_after(ranks, {"FIN": 2015, "USA": 2011})
    [BeforeAfter(state='FIN', year=2015, before=30.0, after=12.5, years_before=1, years_after=2)]
    """
    out = []
    for state in sorted(established):
        year = established[state]
        before = [yearly_ranks[y][state] for y in range(year - window, year) if state in yearly_ranks.get(y, {})]
        after = [yearly_ranks[y][state] for y in range(year + 1, year + window + 1) if state in yearly_ranks.get(y, {})]
        if before and after:
            out.append(BeforeAfter(state, year, float(np.mean(before)), float(np.mean(after)), len(before), len(after)))
    return out


@dataclass(frozen=True)
class Paired:
    """The Wilcoxon signed-rank test of the before/after ranks."""

    n: int
    statistic: float
    p: float
    median_change: float
    improved: int
    worsened: int


def wilcoxon(pairs: Sequence[BeforeAfter], min_pairs: int = MIN_PAIRS) -> Paired | None:
    """The two-sided Wilcoxon signed-rank test of before against after; None with fewer than ``min_pairs`` states.

    Zero differences are dropped (Wilcoxon's rule); when every difference is
    zero, p is 1.

    Examples
    --------
    >>> pairs = [BeforeAfter(s, 2015, b, a, 3, 3) for s, b, a in
    ...          [("A", 10, 5), ("B", 20, 12), ("C", 30, 29), ("D", 40, 30), ("E", 50, 44)]]
    >>> t = wilcoxon(pairs)
    >>> t.n, t.statistic, round(t.p, 4), t.median_change, t.improved, t.worsened
    (5, 0.0, 0.0625, 6.0, 5, 0)
    >>> wilcoxon(pairs[:4]) is None
    True
    """
    if len(pairs) < min_pairs:
        return None
    change = np.array([p.change for p in pairs])
    improved, worsened = int(np.sum(change > 0)), int(np.sum(change < 0))
    if not improved and not worsened:
        return Paired(len(pairs), 0.0, 1.0, 0.0, 0, 0)
    result = stats.wilcoxon([p.before for p in pairs], [p.after for p in pairs], alternative="two-sided")
    return Paired(
        len(pairs), float(result.statistic), float(result.pvalue), float(np.median(change)), improved, worsened
    )


# -- the findings and their sentences ---------------------------------------------------------
@dataclass(frozen=True)
class Findings:
    """Everything the offices section says, at one date."""

    day: _dt.date
    states: int
    holders: tuple[str, ...]
    pagerank: Comparison | None
    betweenness: Comparison | None
    regions: tuple[RegionComparison, ...]
    untested: tuple[str, ...]
    pairs: tuple[BeforeAfter, ...]
    paired: Paired | None
    undated: tuple[str, ...]
    dated: int


def findings(
    scores: Mapping[str, Mapping[str, float]],
    regions: Mapping[str, str | None],
    starts: Mapping[str, OfficeStart],
    day: _dt.date,
    yearly_ranks: Mapping[int, Mapping[str, int]],
    *,
    permutations: int = PERMUTATIONS,
    seed: int = 0,
) -> Findings:
    """The offices section's numbers: the groups on ``day``, the tests, the regions, before and after.

    Parameters
    ----------
    scores : mapping
        State → ``{pagerank, betweenness}`` on ``day`` (the States only).
    regions : mapping
        State → UN region.
    starts : mapping
        State → :class:`OfficeStart` (:func:`office_starts`).
    day : datetime.date
        The as-of date.
    yearly_ranks : mapping
        Year → state → PageRank rank among the states that year.
    permutations, seed : int
        As :func:`permutation_test`.

    Returns
    -------
    Findings

    Examples
    --------
    >>> scores = {s: {"pagerank": v, "betweenness": v / 2} for v, s in enumerate("ABCDEFGH", start=1)}
    >>> starts = {s: OfficeStart(s, _dt.date(2015, 1, 1), True, ("o",)) for s in "FGH"}
    >>> f = findings(scores, dict.fromkeys(scores, "Europe"), starts, _dt.date(2020, 1, 1), {}, permutations=100)
    >>> f.holders, f.pagerank.median_rank_with, f.pagerank.test.r, [r.region for r in f.regions], f.paired
    (('F', 'G', 'H'), 2.0, 1.0, ['Europe'], None)
    """
    group = holders(starts, day) & set(scores)
    out: dict[str, Comparison | None] = {}
    for metric in ("pagerank", "betweenness"):
        values = {s: float(v[metric]) for s, v in scores.items()}
        out[metric] = compare(values, rank_of(scores, metric), group, metric, permutations=permutations, seed=seed)
    pagerank = {s: float(v["pagerank"]) for s, v in scores.items()}
    regional = by_region(
        pagerank, rank_of(scores, "pagerank"), group, regions, "pagerank", permutations=permutations, seed=seed
    )
    established = {s: o.start.year for s, o in starts.items() if o.dated and s in group}
    pairs = before_after(yearly_ranks, established)
    undated = tuple(sorted(s for s in group if not starts[s].dated))
    untested = tuple(sorted({r for s, r in regions.items() if r and s in scores} - {r.region for r in regional}))
    return Findings(
        day, len(scores), tuple(sorted(group)), out["pagerank"], out["betweenness"], tuple(regional), untested,
        tuple(pairs), wilcoxon(pairs), undated, len(established),
    )  # fmt: skip


def p_text(p: float) -> str:
    """A p-value as the sentences show it.

    Examples
    --------
    >>> p_text(0.00004), p_text(0.0312), p_text(0.5)
    ('p < 0.001', 'p = 0.031', 'p = 0.5')
    """
    return "p < 0.001" if p < 0.001 else f"p = {p:.2g}"


def effect_word(r: float) -> str:
    """How large a rank-biserial ``r`` is (|r| < 0.1 negligible, < 0.3 small, < 0.5 medium, else large).

    Examples
    --------
    >>> effect_word(0.05), effect_word(-0.35), effect_word(0.7)
    ('negligible', 'medium', 'large')
    """
    size = abs(r)
    return "negligible" if size < 0.1 else "small" if size < 0.3 else "medium" if size < 0.5 else "large"


def comparison_sentence(c: Comparison, label: str, permutations: int, seed: int) -> str:
    """One sentence for one metric's comparison, with n, U, p, r, CL and the permutation check.

    Examples
    --------
    >>> values = {s: float(v) for v, s in enumerate("ABCDEFGHIJKL")}
    >>> c = compare(values, {s: 12 - int(v) for s, v in values.items()}, set("JKL"), "pagerank", permutations=99)
    >>> comparison_sentence(c, "PageRank", 99, 0)[:72]
    'States with an office rank higher by PageRank: median rank 2 vs 8 (n = 3'
    """
    t, perm = c.test, c.permutation
    direction = "higher" if c.median_rank_with < c.median_rank_without else "lower"
    if t.p >= 0.05:
        direction = f"{direction}, but not clearly,"
    text = (
        f"States with an office rank {direction} by {label}: median rank {c.median_rank_with:g} vs "
        f"{c.median_rank_without:g} (n = {c.n_with} vs {c.n_without}; Mann–Whitney U = {t.u:,.0f}, {p_text(t.p)}, "
        f"{t.method}; rank-biserial r = {t.r:+.2f}, {effect_word(t.r)}; CL = {t.cl:.2f}: in {t.cl:.0%} of pairs the "
        f"state with an office has the higher {label})."
    )
    agree = "agrees" if (perm.p < 0.05) == (t.p < 0.05) else "does not agree"
    text += (
        f" The permutation test of the difference in medians {agree} ({p_text(perm.p)}, "
        f"{permutations:,} permutations, seed {seed})."
    )
    if c.small:
        text += f" With only {min(c.n_with, c.n_without)} states in one group the test is underpowered."
    return text


def region_sentence(rows: Sequence[RegionComparison], untested: Sequence[str]) -> str:
    """One sentence on the within-region comparisons (PageRank), naming the regions not tested.

    Examples
    --------
    >>> region_sentence([], ["Africa", "Europe"])
    'No UN region has at least 3 states with an office and 3 without: no test within regions (not tested: Africa, Europe).'
    """
    missing = ", ".join(untested)
    if not rows:
        return (
            f"No UN region has at least {MIN_GROUP} states with an office and {MIN_GROUP} without: no test within "
            f"regions (not tested: {missing or 'none'})."
        )
    parts = []
    for row in rows:
        c = row.comparison
        part = (
            f"{row.region}: median rank {c.median_rank_with:g} vs {c.median_rank_without:g} "
            f"(n = {c.n_with} vs {c.n_without}), r = {c.test.r:+.2f}, {p_text(c.test.p)} (Holm-adjusted {p_text(row.p_holm)})"
        )
        parts.append(part + (", underpowered" if c.small else ""))
    tail = f"; not tested, fewer than {MIN_GROUP} states in a group: {missing}" if missing else ""
    return (
        "Within UN regions, so that one region's many offices do not decide it alone (PageRank ranks among all "
        f"states): {'; '.join(parts)}{tail}."
    )


def before_after_sentence(f: Findings) -> str:
    """One sentence on the ranks before and after the year of establishment.

    Examples
    --------
    >>> f = Findings(_dt.date(2020, 1, 1), 8, ("A",), None, None, (), (), (), None, (), 1)
    >>> before_after_sentence(f)
    'Of the 1 states whose first office has an established date, 0 have ranked years before and after it: too few for a test (at least 5 are needed).'
    """
    head = f"Of the {f.dated} states whose first office has an established date, {len(f.pairs)} have ranked years before and after it"
    if f.paired is None:
        return head + f": too few for a test (at least {MIN_PAIRS} are needed)."
    t = f.paired
    mean_before = float(np.mean([p.before for p in f.pairs]))
    mean_after = float(np.mean([p.after for p in f.pairs]))
    text = (
        f"{head}: mean PageRank rank {mean_before:.1f} in up to {WINDOW} years before vs {mean_after:.1f} in up to "
        f"{WINDOW} years after (median change {t.median_change:+.1f} places; {t.improved} moved up, {t.worsened} down; "
        f"Wilcoxon signed-rank W = {t.statistic:g}, {p_text(t.p)})."
    )
    if t.n < SMALL_GROUP:
        text += f" With {t.n} states the test is underpowered."
    return text


def sentences(f: Findings, permutations: int = PERMUTATIONS, seed: int = 0) -> list[str]:
    """The offices section's plain-language sentences, from the numbers of ``f``.

    Examples
    --------
    >>> f = Findings(_dt.date(2020, 1, 1), 8, (), None, None, (), (), (), None, (), 0)
    >>> sentences(f)[0]
    'On 2020-01-01, 0 of 8 states have a cyber-diplomacy office or ambassador in the data: no comparison is possible.'
    """
    head = f"On {f.day.isoformat()}, {len(f.holders)} of {f.states} states have a cyber-diplomacy office or ambassador in the data"
    if f.pagerank is None:
        return [head + ": no comparison is possible."]
    out = [head + " (the list covers only the states for which a source confirmed an office)."]
    out.append(comparison_sentence(f.pagerank, "PageRank", permutations, seed))
    if f.betweenness is not None:
        out.append(comparison_sentence(f.betweenness, "betweenness", permutations, seed))
    out.append(region_sentence(f.regions, f.untested))
    out.append(before_after_sentence(f))
    out.append(
        "These are associations, not causes: states that set up an office are also the states that join many "
        "forums, and a rank after an office also moves with what the data records each year."
    )
    return out
