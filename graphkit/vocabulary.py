"""graphkit's shared words: the metrics, relationship kinds, views and formats, defined once.

Light to import (no NumPy, NetworkX or driver), so the command line can offer
them as choices without loading the libraries that compute with them; the
library modules that compute import their heavy dependencies at the top.
"""

from __future__ import annotations

#: Every centrality metric, in output order.
METRICS: tuple[str, ...] = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "community")
#: The metrics that rank (every metric but the community number).
RANKED_METRICS: tuple[str, ...] = tuple(m for m in METRICS if m != "community")
#: Seed of Louvain, of the betweenness pivots and of the view layout.
DEFAULT_SEED = 42

#: The kinds of State→forum relationship and their default multipliers (see graphkit.analysis.projection).
DEFAULT_MULTIPLIERS: dict[str, float] = {
    "membership": 1.0,
    "association": 0.5,
    "attendance": 1.0,
    "signature": 0.5,
    "ratification": 1.0,
    "endorsement": 0.5,
    "bilateral": 1.0,
}
KINDS: tuple[str, ...] = tuple(DEFAULT_MULTIPLIERS)

#: The node labels a state cooperates through.
FORUM_LABELS: tuple[str, ...] = ("Organisation", "Summit", "Instrument")
#: ``actors`` values (who is counted and scored) and the node labels they stand for; ``states`` is the default.
ACTOR_LABELS: dict[str, tuple[str, ...]] = {"states": ("State",), "all": ("State", "Stakeholder")}
ACTORS: tuple[str, ...] = tuple(ACTOR_LABELS)
DEFAULT_ACTORS = "states"

#: The network views and their options.
VIEWS: tuple[str, ...] = ("cooperation", "forums")
#: ``include`` values and the labels they stand for.
INCLUDE: dict[str, str] = {
    "state": "State",
    "organisation": "Organisation",
    "summit": "Summit",
    "instrument": "Instrument",
}
COLOR_BY: tuple[str, ...] = ("kind", "region", "community")
#: Which ties the cooperation view draws: the disparity-filter backbone (the default) or all of them.
TIES: tuple[str, ...] = ("backbone", "all")
DEFAULT_TIES = "backbone"
SIZE_BY: tuple[str, ...] = ("pagerank", "degree", "strength", "betweenness", "closeness", "eigenvector", "none")

#: Output formats of rows, and of the exported graph.
FORMATS: tuple[str, ...] = ("table", "csv", "json")
EXPORT_FORMATS: tuple[str, ...] = ("gexf", "graphml")
