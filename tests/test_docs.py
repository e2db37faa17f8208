"""The documentation that is generated from the code and the data stays true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.data.ingest import load
from graphkit.data.read import bundled_datasets_dir, read_datasets

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.neo4j
def test_cypher_examples_in_the_docs_are_current(empty_db):
    load(empty_db, read_datasets([bundled_datasets_dir()]))
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "cypher_examples.py"), "--compute-runs", "--check"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
