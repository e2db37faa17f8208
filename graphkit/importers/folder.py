"""What every importer shares: the bundled rows it looks ids up in, the caller's code mapping, writing the folder."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

from graphkit import output, schema
from graphkit.data.dates import parse_date
from graphkit.errors import InvalidData

_URL = re.compile(r"^https?://[^\s/$.?#]\S*$", re.IGNORECASE)

Table = tuple[schema.NodeType | schema.RelType, Iterable[Mapping[str, object]]]


def bundled_rows(file: str) -> list[dict[str, str]]:
    """The rows of one CSV file of the bundled dataset (none if it has no such file).

    Examples
    --------
    >>> any(row["id"] == "FRA" for row in bundled_rows("states.csv"))
    True
    """
    from graphkit.data.read import bundled_datasets_dir

    path = bundled_datasets_dir() / file
    if not path.is_file():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def bundled_states() -> dict[str, str]:
    """The states of the bundled dataset: ``{id (ISO 3166-1 alpha-3): name}``.

    Examples
    --------
    >>> states = bundled_states()
    >>> states["FRA"], "NAM" in states
    ('France', True)
    """
    return {row["id"]: row["name"] for row in bundled_rows("states.csv")}


def mapped_codes(codes: Mapping[str, str], states: Collection[str]) -> dict[str, str]:
    """The caller's own code mapping, checked: every target must be a state.

    Raises
    ------
    graphkit.errors.InvalidData
        If a code is mapped to an id that is not a state.

    Examples
    --------
    >>> mapped_codes({"yu": "SRB"}, {"SRB"})
    {'YU': 'SRB'}
    >>> mapped_codes({"YU": "SCG"}, {"SRB"})
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidData: YU=SCG: SCG is not a state of graphkit
    """
    for code, state in codes.items():
        if state not in states:
            raise InvalidData(
                f"{code}={state}: {state} is not a state of graphkit", "map the code to a state id such as SRB",
                param="codes",
            )  # fmt: skip
    return {code.upper(): state for code, state in codes.items()}


def check_provenance(as_of: str | None, **urls: str | None) -> None:
    """Refuse a source that is not an http(s) URL, or an as-of that is not a date (each named by its parameter).

    Raises
    ------
    graphkit.errors.InvalidData
        If a URL is not http(s) or ``as_of`` is not a date.

    Examples
    --------
    >>> check_provenance(None, source_url="ftp://x")
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidData: 'ftp://x' is not an http(s) URL
    """
    for param, url in urls.items():
        if url is not None and not _URL.match(url):
            raise InvalidData(f"{url!r} is not an http(s) URL", "give the address the file came from", param=param)
    if as_of is not None:
        try:
            parse_date(as_of)
        except ValueError as error:
            raise InvalidData(str(error), "write a date as YYYY-MM-DD, YYYY-MM or YYYY", param="as_of") from None


def write_folder(out: Path | str, name: str, title: str, tables: Sequence[Table]) -> list[Path]:
    """Write one CSV file per table and a ``datapackage.json`` listing them into ``out``; return their paths.

    ``out`` may exist, but hold no other CSV file (it would become part of the dataset).

    Raises
    ------
    graphkit.errors.InvalidData
        If ``out`` is a file or holds other CSV files.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "x"
    >>> [p.name for p in write_folder(out, "x", "a test", [(schema.REL_BY_TYPE["BASED_IN"], [])])]
    ['based_in.csv', 'datapackage.json']
    """
    out = Path(out)
    files = [spec.file for spec, _ in tables]
    _check_out(out, files)
    package = schema.datapackage(name, title)
    package["resources"] = [r for r in package["resources"] if f"{r['name']}.csv" in files]
    texts = [output.to_csv([c.name for c in spec.columns], rows) for spec, rows in tables]
    texts.append(json.dumps(package, indent=2, ensure_ascii=False))
    return [output.write_text(text, out / file) for file, text in zip([*files, "datapackage.json"], texts)]


def _check_out(out: Path, files: Collection[str]) -> None:
    if out.exists() and not out.is_dir():
        raise InvalidData(f"{out} is a file, not a folder", "give a new or empty folder", param="out")
    others = sorted(p.name for p in out.glob("*.csv") if p.name not in files) if out.is_dir() else []
    if others:
        raise InvalidData(
            f"{out} already holds other CSV files ({', '.join(others[:3])}), which would join the dataset",
            "give a new or empty folder",
            param="out",
        )
