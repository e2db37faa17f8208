"""Where a row's facts come from: the hosts graphkit warns about (mirrors, proxies, content farms).

The list is ``weak_hosts.csv`` next to this module (host, reason). A row whose
``source`` is on such a host, or a sub-domain of one, is valid but earns a
warning: cite the original page instead. An entry may add a path
(``github.com/someone``): then only the pages under it are weak — a personal
copy on a host that also serves the originals.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from urllib.parse import urlsplit

WEAK_HOSTS_FILE = Path(__file__).with_name("weak_hosts.csv")


@functools.cache
def weak_hosts() -> dict[str, str]:
    """``{host: reason}`` of the hosts known to copy, proxy or farm other sites' pages.

    Examples
    --------
    >>> "kiwix.casplantje.nl" in weak_hosts()
    True
    """
    with WEAK_HOSTS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["host"].strip().lower(): row["reason"].strip() for row in csv.DictReader(handle)}


def host(url: str) -> str:
    """The host of ``url`` without ``www.``, lower case.

    Examples
    --------
    >>> host("https://WWW.Example.org/a?b=1")
    'example.org'
    """
    name = (urlsplit(url).hostname or "").lower().rstrip(".")
    return name.removeprefix("www.")


def weak_source(url: str) -> str | None:
    """Why ``url`` is a weak source (its host, a parent domain or a folder of it is on the list), else ``None``.

    Examples
    --------
    >>> weak_source("https://kiwix.casplantje.nl/wikipedia_en_all_maxi_2020-06/A/X")
    'a Kiwix mirror of Wikipedia'
    >>> weak_source("https://www.un.org/en/about-us/member-states") is None
    True
    >>> weak_source("https://github.com/onofreicl/ethos/blob/main/docs/countries.md")
    "a personal repository's copy of the UN member list"
    >>> weak_source("https://github.com/parisdigitalweek/site") is None
    True
    """
    parts = host(url).split(".")
    folders = [seg for seg in urlsplit(url).path.lower().split("/") if seg]
    for start in range(len(parts) - 1):
        name = ".".join(parts[start:])
        for depth in range(len(folders), -1, -1):
            reason = weak_hosts().get("/".join([name, *folders[:depth]]))
            if reason:
                return reason
    return None
