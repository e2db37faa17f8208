"""The schema module is the single source of truth: docs and descriptor follow it."""

from __future__ import annotations

from pathlib import Path

from graphkit import schema
from graphkit.db import cypher

DOCS = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def test_docs_name_every_label_type_and_file():
    text = DOCS.read_text()
    for node in schema.NODE_TYPES:
        assert f"`:{node.label}`" in text and f"`{node.file}`" in text
        for col in node.columns:
            assert col.name in text, col.name
    for rel in schema.REL_TYPES:
        assert f"`{rel.type}`" in text and f"`{rel.file}`" in text
    for label in schema.DERIVED_LABELS:
        assert label in text
    for rel_type in schema.DERIVED_REL_TYPES:
        assert rel_type in text
    assert "```mermaid" in text


def test_enums_documented():
    text = DOCS.read_text()
    for values in (
        schema.ORG_KINDS,
        schema.INSTRUMENT_KINDS,
        schema.OFFICE_KINDS,
        schema.MEMBER_ROLES,
        schema.ATTEND_ROLES,
        schema.SOURCE_KINDS,
        schema.STAKEHOLDER_KINDS,
    ):
        for value in values:
            assert value in text, value


def test_labels_and_types_are_gated():
    import pytest

    for bad in ("state", "State`) DELETE", "MEMBER_OF]->() DELETE"):
        with pytest.raises(ValueError):
            cypher.label(bad)
        with pytest.raises(ValueError):
            cypher.rel_type(bad)
