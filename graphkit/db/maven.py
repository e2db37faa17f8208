"""Provisioning Neo4j with Maven and checking the Java that runs it.

Neo4j Community and its runtime dependencies are resolved from Maven Central
with ``mvn dependency:copy-dependencies`` on a small pom shipped in the package
(``graphkit/db/neo4j-pom.xml``) into an install folder of the cache::

    pom.xml           the shipped pom, copied
    lib/              Neo4j's jars (filled through ``lib.partial/``, renamed when complete)
    installed.json    written last: the version and the number of jars
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from graphkit.errors import EnvironmentProblem

NEO4J_VERSION = "5.26.30"
MIN_JAVA = 17
POM = "neo4j-pom.xml"
MARKER = "installed.json"

Progress = Callable[[str], None]


def java_major_version(java: str) -> int:
    """The major version of a ``java`` executable (17 for ``17.0.15``).

    Parameters
    ----------
    java : str
        The path of the executable; it is run with ``-version``.

    Raises
    ------
    EnvironmentProblem
        If it cannot be run or its output names no version.
    """
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except OSError as error:
        raise EnvironmentProblem(f"cannot run {java}: {error}", "install Java 17 or newer") from error
    return parse_java_version(out.stderr + out.stdout)


def parse_java_version(text: str) -> int:
    """Parse the major version from ``java -version`` output.

    Parameters
    ----------
    text : str
        What ``java -version`` printed (it prints to standard error).

    Raises
    ------
    EnvironmentProblem
        If the text names no version.

    Examples
    --------
    >>> parse_java_version('openjdk version "17.0.15" 2025-04-15')
    17
    >>> parse_java_version('java version "1.8.0_392"')
    8
    """
    match = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not match:
        raise EnvironmentProblem("cannot tell the version of java", "install Java 17 or newer and put it on PATH")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_java() -> str:
    """The ``java`` on PATH, checked to be version :data:`MIN_JAVA` or newer.

    Raises
    ------
    EnvironmentProblem
        If there is no ``java`` on PATH, it cannot be run, or it is too old.
    """
    java = shutil.which("java")
    if not java:
        raise EnvironmentProblem(
            "java was not found on PATH",
            f"install Java {MIN_JAVA} or newer (e.g. apt-get install openjdk-17-jre-headless)",
        )
    major = java_major_version(java)
    if major < MIN_JAVA:
        raise EnvironmentProblem(
            f"java on PATH is version {major}; Neo4j {NEO4J_VERSION} needs {MIN_JAVA} or newer",
            f"install Java {MIN_JAVA}+ and put it first on PATH",
        )
    return java


def find_mvn() -> str:
    """The ``mvn`` (Maven) on PATH.

    Raises
    ------
    EnvironmentProblem
        If there is none.
    """
    mvn = shutil.which("mvn")
    if not mvn:
        raise EnvironmentProblem(
            "mvn (Maven) was not found on PATH; it is needed to download Neo4j",
            "install Maven (e.g. apt-get install maven)",
        )
    return mvn


def is_installed(install_dir: Path) -> bool:
    """True if ``install_dir`` holds a complete install (its marker file and Neo4j's kernel jar).

    Parameters
    ----------
    install_dir : Path
        The install folder (``<cache>/neo4j-<version>``).

    Examples
    --------
    >>> is_installed(Path("/no/such/folder"))
    False
    """
    return (install_dir / MARKER).exists() and any((install_dir / "lib").glob("neo4j-kernel-*.jar"))


def install(install_dir: Path, progress: Progress) -> Path:
    """Resolve Neo4j and its runtime dependencies into ``install_dir``; idempotent.

    The jars are downloaded into ``lib.partial/`` and renamed ``lib/`` only when
    Maven succeeded, so an interrupted download is started over next time.

    Parameters
    ----------
    install_dir : Path
        The install folder (``<cache>/neo4j-<version>``); created if needed.
    progress : callable
        Called with one line of text at each step.

    Returns
    -------
    Path
        ``install_dir``.

    Raises
    ------
    EnvironmentProblem
        If ``mvn`` or a recent enough ``java`` is missing, or Maven fails.
    """
    if is_installed(install_dir):
        progress(f"Neo4j {NEO4J_VERSION} is already installed in {install_dir}")
        return install_dir
    mvn = find_mvn()
    find_java()
    install_dir.mkdir(parents=True, exist_ok=True)
    pom = install_dir / "pom.xml"
    pom.write_text(resources.files("graphkit.db").joinpath(POM).read_text())
    staging = install_dir / "lib.partial"
    shutil.rmtree(staging, ignore_errors=True)
    progress(f"Downloading Neo4j {NEO4J_VERSION} Community and its dependencies with Maven into {install_dir} ...")
    _copy_dependencies(mvn, pom, staging)
    lib_dir = install_dir / "lib"
    shutil.rmtree(lib_dir, ignore_errors=True)
    staging.rename(lib_dir)
    jars = sorted(p.name for p in lib_dir.glob("*.jar"))
    (install_dir / MARKER).write_text(json.dumps({"version": NEO4J_VERSION, "jars": len(jars)}))
    progress(f"Installed Neo4j {NEO4J_VERSION} ({len(jars)} jars)")
    return install_dir


def _copy_dependencies(mvn: str, pom: Path, output_dir: Path) -> None:
    """Run ``mvn dependency:copy-dependencies`` on ``pom`` into ``output_dir``; its last lines on failure."""
    cmd = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(pom),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={output_dir}",
        "-DincludeScope=runtime",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = " | ".join((result.stdout + result.stderr).strip().splitlines()[-3:])
        raise EnvironmentProblem(
            f"Maven could not resolve Neo4j {NEO4J_VERSION}: {tail}",
            "check that Maven Central is reachable and run `graphkit neo4j install` again",
        )
