"""Synthetic dataset folders in graphkit's format, for benchmarks and load tests.

:class:`State` ids must be real ISO 3166-1 codes, so the "state-like" actors of a
synthetic dataset are ``Organisation`` nodes of kind ``international``; forums are
organisations of kind ``forum``. Relationships are ``MEMBER_OF`` (actor -> forum)
and ``ATTENDED`` (actor -> summit), unique pairs, reproducible from ``seed``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

SOURCE = "https://example.org/synthetic"


AS_OF = "2025-01-01"
ORG_HEADER = ["id", "name", "kind", "founded", "source", "as_of", "note"]
SUMMIT_HEADER = ["id", "name", "series", "start_date", "end_date", "city", "source", "as_of", "note"]
MEMBER_HEADER = ["from_id", "to_id", "role", "since", "until", "source", "as_of", "note"]
ATTENDED_HEADER = ["from_id", "to_id", "role", "source", "as_of", "note"]


def _pairs(rng: random.Random, n_from: int, n_to: int, target: int) -> list[tuple[int, int]]:
    """``target`` distinct (from, to) index pairs, drawn with ``rng``, sorted."""
    seen: set[tuple[int, int]] = set()
    while len(seen) < target:
        seen.add((rng.randrange(n_from), rng.randrange(n_to)))
    return sorted(seen)


def _write(path: Path, header: list[str], rows: Iterable[Iterable[object]]) -> int:
    """Write one CSV file; return its number of rows."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _organisations(actors: int, forums: int) -> Iterator[tuple]:
    for i in range(actors):
        yield f"actor-{i}", f"Actor {i}", "international", "1990", SOURCE, AS_OF, ""
    for i in range(forums):
        yield f"forum-{i}", f"Forum {i}", "forum", "2000", SOURCE, AS_OF, ""


def _summits(summits: int) -> Iterator[tuple]:
    for i in range(summits):
        start = f"{2000 + i % 25}-{1 + i % 12:02d}-01"
        yield f"summit-{i}", f"Summit {i}", f"series-{i % 50}", start, "", "", SOURCE, AS_OF, ""


def write_synthetic(
    folder: Path | str,
    actors: int = 20_000,
    forums: int = 2_000,
    summits: int = 20_000,
    relationships: int = 1_000_000,
    seed: int = 0,
) -> dict[str, int]:
    """Write a synthetic dataset folder and return its row counts.

    Parameters
    ----------
    folder : path
        Where to write (created if needed).
    actors, forums, summits : int
        How many actors (organisations standing for states), forums and summits.
    relationships : int
        About this many relationships: two fifths memberships, the rest attendances.
    seed : int
        The same seed gives the same files.

    Examples
    --------
    >>> import tempfile
    >>> counts = write_synthetic(tempfile.mkdtemp(), actors=50, forums=5, summits=5, relationships=100)
    >>> counts["MEMBER_OF"] + counts["ATTENDED"], counts["Organisation"]
    (100, 55)
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    member_target = min(relationships * 2 // 5, actors * forums)
    attend_target = min(relationships - member_target, actors * summits)
    members = (
        (f"actor-{a}", f"forum-{f}", "member", str(2000 + (a + f) % 25), "", SOURCE, AS_OF, "")
        for a, f in _pairs(rng, actors, forums, member_target)
    )
    attendances = (
        (f"actor-{a}", f"summit-{s}", "participant", SOURCE, AS_OF, "")
        for a, s in _pairs(rng, actors, summits, attend_target)
    )
    return {
        "Organisation": _write(folder / "organisations.csv", ORG_HEADER, _organisations(actors, forums)),
        "Summit": _write(folder / "summits.csv", SUMMIT_HEADER, _summits(summits)),
        "MEMBER_OF": _write(folder / "member_of.csv", MEMBER_HEADER, members),
        "ATTENDED": _write(folder / "attended.csv", ATTENDED_HEADER, attendances),
    }
