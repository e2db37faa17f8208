"""Small dataset folders for tests, written as CSV text so each test can break one thing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from click.testing import CliRunner, Result

from graphkit.cli import main

SRC = "https://example.org/source"

BASE: dict[str, str] = {
    "states.csv": (
        "id,name,iso2,region,subregion,un_member,source,as_of,note\n"
        f"FRA,France,FR,Europe,Western Europe,true,{SRC},2025-01-01,\n"
        f"DEU,Germany,DE,Europe,Western Europe,true,{SRC},2025-01-01,\n"
        f"EST,Estonia,EE,Europe,Northern Europe,true,{SRC},2025-01-01,\n"
        f"USA,United States,US,Americas,Northern America,true,{SRC},2025-01-01,\n"
    ),
    "organisations.csv": (
        "id,name,kind,founded,source,as_of,note\n"
        f"nato,North Atlantic Treaty Organization,alliance,1949-08-24,{SRC},2025-01-01,\n"
        f"eu,European Union,regional,1958-01-01,{SRC},2025-01-01,\n"
    ),
    "instruments.csv": (
        "id,name,kind,adopted,source,as_of,note\n"
        f"budapest-convention,Convention on Cybercrime,convention,2001-11-23,{SRC},2025-01-01,\n"
        f"bilateral-est-usa-2020,Estonia-US cyber MoU,bilateral,2020-09,{SRC},2025-01-01,\n"
    ),
    "summits.csv": (
        "id,name,series,start_date,end_date,city,source,as_of,note\n"
        f"igf-2019,IGF 2019,igf,2019-11-25,2019-11-29,Berlin,{SRC},2019-11-29,\n"
    ),
    "member_of.csv": (
        "from_id,to_id,role,since,until,source,as_of,note\n"
        f"FRA,nato,member,1949-08-24,,{SRC},2025-01-01,\n"
        f"DEU,nato,member,1955-05-06,,{SRC},2025-01-01,\n"
        f"EST,nato,member,2004-03-29,,{SRC},2025-01-01,\n"
        f"USA,nato,member,1949-08-24,,{SRC},2025-01-01,\n"
        f"FRA,eu,member,1958,,{SRC},2025-01-01,\n"
        f"DEU,eu,member,1958,,{SRC},2025-01-01,\n"
        f"EST,eu,member,2004-05-01,,{SRC},2025-01-01,\n"
    ),
    "signed.csv": (
        "from_id,to_id,date,source,as_of,note\n"
        f"FRA,budapest-convention,2001-11-23,{SRC},2025-01-01,\n"
        f"EST,bilateral-est-usa-2020,2020-09-03,{SRC},2025-01-01,\n"
        f"USA,bilateral-est-usa-2020,2020-09-03,{SRC},2025-01-01,\n"
    ),
    "ratified.csv": (
        "from_id,to_id,date,source,as_of,note\n"
        f"FRA,budapest-convention,2006-01-10,{SRC},2025-01-01,\n"
        f"EST,budapest-convention,2003-05-12,{SRC},2025-01-01,\n"
    ),
    "attended.csv": (
        "from_id,to_id,role,source,as_of,note\n"
        f"DEU,igf-2019,participant,{SRC},2019-11-29,\n"
        f"FRA,igf-2019,participant,{SRC},2019-11-29,\n"
    ),
    "hosted.csv": (f"from_id,to_id,source,as_of,note\nDEU,igf-2019,{SRC},2019-11-29,\n"),
}


def make_folder(root: Path, name: str = "data", **overrides: str | bytes | None) -> Path:
    """Write BASE (with files replaced, or removed with None) into root/name.

    Keyword names are file names with '.' replaced by '_' (``states_csv=...``).
    """
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str | bytes | None] = dict(BASE)
    for key, value in overrides.items():
        files[key.replace("_csv", ".csv").replace("_json", ".json")] = value
    for file, content in files.items():
        if content is None:
            continue
        path = folder / file
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return folder


def cli(*args: object, input: str | None = None, env: dict | None = None, catch_exceptions: bool = True) -> Result:
    """Run ``graphkit ARGS`` in-process with click's runner (every argument as text; stdout and stderr apart).

    Tests that need the real process (logging, the driver's own output) run
    ``python -m graphkit`` as a subprocess instead.
    """
    return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=catch_exceptions)


def fingerprint(store) -> tuple:
    """Every node and relationship of the data with its properties, in a comparable form.

    graphkit's own records (``:Dataset``, ``:LoadLock``) are left out: they
    say when a load ran, not what the graph holds.
    """
    nodes = store.read(
        "MATCH (n) WHERE NOT n:Dataset AND NOT n:LoadLock RETURN labels(n) AS labels, properties(n) AS props"
    )
    rels = store.read("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props")
    return tuple(sorted(map(_as_key, nodes))), tuple(sorted(map(_as_key, rels)))


def _as_key(row: dict) -> str:
    return json.dumps(row, sort_keys=True, default=str)


def graphkit_process(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real CLI in its own process (so the driver's logging reaches stderr as it would for a user)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "graphkit", *args], capture_output=True, text=True, env=full_env, timeout=timeout
    )


class Listener:
    """A local port that accepts connections and then stays silent, or answers like a web server."""

    def __init__(self, reply: bytes | None) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.reply, self.open, self.running, self.accepted = reply, [], True, 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        deadline = time.monotonic() + 30  # bounded: it stops by itself
        while self.running and time.monotonic() < deadline:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            if self.reply is None:
                self.open.append(conn)  # never answers
            else:
                conn.sendall(self.reply)
                conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=2)
        for conn in self.open:
            conn.close()
        self.sock.close()
