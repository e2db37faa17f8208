"""Synthetic dataset folders in graphkit's format, for benchmarks and load tests.

:class:`State` ids must be real ISO 3166-1 codes, so the "state-like" actors of a
synthetic dataset are ``Organisation`` nodes of kind ``international``; forums are
organisations of kind ``forum``. Relationships are ``MEMBER_OF`` (actor -> forum)
and ``ATTENDED`` (actor -> summit), unique pairs, reproducible from ``seed``.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SOURCE = "https://example.org/synthetic"


def write_synthetic(
    folder: Path | str,
    actors: int = 20_000,
    forums: int = 2_000,
    summits: int = 20_000,
    relationships: int = 1_000_000,
    seed: int = 0,
) -> dict[str, int]:
    """Write a synthetic dataset folder and return its row counts.

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

    def pairs(n_from: int, n_to: int, target: int) -> list[tuple[int, int]]:
        seen: set[tuple[int, int]] = set()
        while len(seen) < target:
            seen.add((rng.randrange(n_from), rng.randrange(n_to)))
        return sorted(seen)

    def write(name: str, header: list[str], rows) -> int:
        count = 0
        with (folder / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        return count

    orgs = write(
        "organisations.csv",
        ["id", "name", "kind", "founded", "source", "as_of", "note"],
        [
            *((f"actor-{i}", f"Actor {i}", "international", "1990", SOURCE, "2025-01-01", "") for i in range(actors)),
            *((f"forum-{i}", f"Forum {i}", "forum", "2000", SOURCE, "2025-01-01", "") for i in range(forums)),
        ],
    )
    n_summits = write(
        "summits.csv",
        ["id", "name", "series", "start_date", "end_date", "city", "source", "as_of", "note"],
        (
            (
                f"summit-{i}",
                f"Summit {i}",
                f"series-{i % 50}",
                f"{2000 + i % 25}-{1 + i % 12:02d}-01",
                "",
                "",
                SOURCE,
                "2025-01-01",
                "",
            )
            for i in range(summits)
        ),
    )
    members = write(
        "member_of.csv",
        ["from_id", "to_id", "role", "since", "until", "source", "as_of", "note"],
        (
            (f"actor-{a}", f"forum-{f}", "member", str(2000 + (a + f) % 25), "", SOURCE, "2025-01-01", "")
            for a, f in pairs(actors, forums, member_target)
        ),
    )
    attended = write(
        "attended.csv",
        ["from_id", "to_id", "role", "source", "as_of", "note"],
        (
            (f"actor-{a}", f"summit-{s}", "participant", SOURCE, "2025-01-01", "")
            for a, s in pairs(actors, summits, attend_target)
        ),
    )
    return {"Organisation": orgs, "Summit": n_summits, "MEMBER_OF": members, "ATTENDED": attended}
