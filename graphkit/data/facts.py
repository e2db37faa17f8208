"""A dataset's rows as the facts the graph stores: properties, a digest of them, and their identity.

A date column ``X`` becomes ``X`` (a ``Date``, the first day of its period),
``X_precision`` and ``X_text``. A node is identified by its label and ``id``;
a relationship by its two ends, its key (:func:`rel_key`) and the dataset it
belongs to. ``hash`` digests a fact's properties, so a reload can tell an
unchanged row without comparing every property.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from graphkit import schema
from graphkit.data.dates import PartialDate
from graphkit.data.read import Dataset


def _props(values: dict[str, Any], columns: tuple[schema.Column, ...], skip: tuple[str, ...]) -> dict[str, Any]:
    """The properties of one row: a date column ``X`` becomes ``X``, ``X_precision`` and ``X_text``.

    Examples
    --------
    >>> from graphkit.data.dates import parse_date
    >>> cols = (schema.Column("id"), schema.Column("since", "date"), schema.Column("until", "date"))
    >>> _props({"id": "a", "since": parse_date("2004-03"), "until": None}, cols, ("id",))
    {'since': datetime.date(2004, 3, 1), 'since_precision': 'month', 'since_text': '2004-03', 'until': None, 'until_precision': None, 'until_text': None}
    """
    props: dict[str, Any] = {}
    for col in columns:
        if col.name in skip:
            continue
        value = values.get(col.name)
        if col.type != "date":
            props[col.name] = value
            continue
        date = value if isinstance(value, PartialDate) else None
        props[col.name] = date.value if date else None
        props[f"{col.name}_precision"] = date.precision if date else None
        props[f"{col.name}_text"] = str(date) if date else None
    return props


def fact_hash(props: Mapping[str, Any]) -> str:
    """A short digest of a fact's properties: equal rows have equal hashes, whatever their order.

    Examples
    --------
    >>> import datetime as dt
    >>> fact_hash({"a": 1, "since": dt.date(2004, 3, 29)}) == fact_hash({"since": dt.date(2004, 3, 29), "a": 1})
    True
    >>> fact_hash({"a": 1}) == fact_hash({"a": 2})
    False
    """
    text = repr(sorted(props.items()))  # values are text, numbers, booleans, dates and None: repr is stable
    return hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()


def rel_key(spec: schema.RelType, values: dict[str, Any]) -> str:
    """The identity of a keyed relationship: its key columns joined by ``|``, e.g. ``member|2004-05``.

    ``""`` for a type without key columns (two ends, one relationship).

    Examples
    --------
    >>> from graphkit.data.dates import parse_date
    >>> rel_key(schema.REL_BY_TYPE["MEMBER_OF"], {"role": "member", "since": parse_date("2004-05")})
    'member|2004-05'
    >>> rel_key(schema.REL_BY_TYPE["MEMBER_OF"], {"role": "observer", "since": None})
    'observer|'
    >>> rel_key(schema.REL_BY_TYPE["SIGNED"], {})
    ''
    """
    return "|".join("" if values.get(k) is None else str(values[k]) for k in spec.key)


def node_rows(dataset: Dataset, name: str) -> dict[str, dict[str, dict]]:
    """``{label: {id: props}}`` of the nodes the dataset ``name`` defines (``hash`` included in the props).

    Examples
    --------
    >>> from graphkit.data.read import Record
    >>> ds = Dataset(nodes={"State": {"FRA": Record({"id": "FRA", "name": "France"}, "s.csv", 2, "mine")}})
    >>> row = node_rows(ds, "mine")["State"]["FRA"]
    >>> row["name"], len(row["hash"]), node_rows(ds, "other")["State"]
    ('France', 20, {})
    """
    out: dict[str, dict[str, dict]] = {}
    for node in schema.NODE_TYPES:
        table = {}
        for node_id, rec in dataset.nodes.get(node.label, {}).items():
            if name in dataset.owned_by(node_id):
                props = _props(rec.values, node.columns, ("id",))
                table[node_id] = {**props, "hash": fact_hash(props)}
        out[node.label] = table
    return out


Shape = tuple[str, str, str]  # (type, from label, to label)
Identity = tuple[str, str, str]  # (from id, to id, key)


def rel_rows(dataset: Dataset, name: str) -> dict[Shape, dict[Identity, dict]]:
    """``{(type, from label, to label): {(from, to, key): props}}`` of the dataset's relationships.

    Each row's props hold ``key``, ``dataset`` and ``hash`` as stored.

    Examples
    --------
    >>> from graphkit.data.read import Record
    >>> from graphkit.data.dates import parse_date
    >>> ds = Dataset(
    ...     nodes={"State": {"FRA": Record({"id": "FRA"}, "s.csv", 2, "d")}, "Organisation": {"eu": Record({"id": "eu"}, "o.csv", 2, "d")}},
    ...     rels={"MEMBER_OF": [Record({"from_id": "FRA", "to_id": "eu", "role": "member", "since": parse_date("1958")}, "m.csv", 2, "d")]},
    ... )
    >>> [(shape, ident, row["since_text"], row["dataset"]) for shape, rows in rel_rows(ds, "d").items() for ident, row in rows.items()]
    [(('MEMBER_OF', 'State', 'Organisation'), ('FRA', 'eu', 'member|1958'), '1958', 'd')]
    """
    label_of = {node_id: label for label, table in dataset.nodes.items() for node_id in table}
    label_of.update(dataset.external)
    out: dict[Shape, dict[Identity, dict]] = {}
    for spec in schema.REL_TYPES:
        for rec in dataset.rels.get(spec.type, []):
            if rec.dataset != name:
                continue
            v = rec.values
            key = rel_key(spec, v)
            props = _props(v, spec.columns, ("from_id", "to_id"))
            props = {**props, "key": key or None, "dataset": name}
            props["hash"] = fact_hash(props)
            shape = (spec.type, label_of[v["from_id"]], label_of[v["to_id"]])
            out.setdefault(shape, {})[(v["from_id"], v["to_id"], key)] = props
    return dict(sorted(out.items()))
