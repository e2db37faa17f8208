"""Mark every membership older than its state in COW's state list (see ``state_system.py``).

Run:  .venv/bin/python datasets/scripts/mark_early_memberships.py          (rewrite member_of.csv)
      .venv/bin/python datasets/scripts/mark_early_memberships.py --check  (exit 1 if a row lacks its mark)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generated import write_or_check  # datasets/scripts/generated.py
from state_system import member_of_text  # datasets/scripts/state_system.py


def texts() -> dict[Path, str]:
    """The text ``member_of.csv`` must have."""
    return member_of_text(lambda rows: rows)


def main(argv: list[str]) -> int:
    return write_or_check(texts(), "--check" in argv, "datasets/raw/cow-igo/states2016.csv")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
