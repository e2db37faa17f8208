"""The built wheel, installed into a fresh virtual environment, works from any folder.

The wheel must carry the bundled dataset and the query library: run from a
temporary folder, far from this checkout, ``graphkit`` validates and loads the
bundled data, lists the queries and renders a view against its own server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from graphkit.db.server import free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def wheel_graphkit(tmp_path_factory) -> Path:
    """The ``graphkit`` script of a fresh venv holding only the wheel (dependencies seen from this venv)."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(work), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = work.glob("graphkit-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True
    ).stdout.strip()
    # the dependencies already installed here, without this checkout's editable graphkit
    (Path(site) / "graphkit-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True
    )
    return env_dir / "bin" / "graphkit"


def _run(graphkit: Path, cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GRAPHKIT_DATA_DIR"))}
    full_env.update(env or {})
    return subprocess.run([str(graphkit), *args], cwd=cwd, capture_output=True, text=True, env=full_env, timeout=600)


def test_the_wheel_imports_its_own_copy(wheel_graphkit, tmp_path):
    python = wheel_graphkit.parent / "python"
    code = "import graphkit, pathlib; print(pathlib.Path(graphkit.__file__).resolve())"
    where = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=tmp_path).stdout.strip()
    assert not where.startswith(str(ROOT)), where


def test_the_wheel_ships_the_dataset_and_the_queries(wheel_graphkit, tmp_path):
    validated = _run(wheel_graphkit, tmp_path, "validate")
    assert validated.returncode == 0, validated.stderr
    from graphkit.data.read import bundled_datasets_dir, read_datasets

    nodes = sum(len(table) for table in read_datasets([bundled_datasets_dir()]).nodes.values())
    assert "0 error(s)" in validated.stderr and f"{nodes} nodes" in validated.stderr
    listed = _run(wheel_graphkit, tmp_path, "query", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    names = {q["name"] for q in json.loads(listed.stdout)}
    assert len(names) >= 22 and "forum-members" in names


def test_the_wheel_starts_loads_and_renders(wheel_graphkit, tmp_path):
    data = tmp_path / "server"
    env = {"GRAPHKIT_DATA_DIR": str(data)}
    started = _run(wheel_graphkit, tmp_path, "neo4j", "start", "--port", str(free_port()), "--heap", "512m", env=env)
    assert started.returncode == 0, started.stderr
    try:
        loaded = _run(wheel_graphkit, tmp_path, "load", "--json", env=env)
        assert loaded.returncode == 0, loaded.stderr
        assert json.loads(loaded.stdout)["totals"]["created"] > 3000
        rendered = _run(wheel_graphkit, tmp_path, "render", "--view", "forums", env=env)
        assert rendered.returncode == 0, rendered.stderr
        assert (tmp_path / "out" / "forums.html").stat().st_size > 100_000
    finally:
        _run(wheel_graphkit, tmp_path, "neo4j", "stop", env=env)
