"""A PNG of a view, drawn headless by Chromium with the page's own "Export PNG".

The page, opened as ``FILE#gk-export-png``, composes the picture the button
saves (the canvas with the title block and the legend) and puts it in the
DOM as a data URL; ``chromium --headless --dump-dom`` prints that DOM, and
this module decodes the picture. No driver, no network: one Chromium run on
the local file, with a throw-away profile.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from graphkit.errors import EnvironmentProblem, InvalidData

#: Browsers tried, in order, when none is given.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: The window the view is drawn in (pixels).
WINDOW = (1600, 1000)
#: Seconds a Chromium run may take.
TIMEOUT = 120
_DATA = re.compile(r'id="gk-png-data"[^>]*>data:image/png;base64,([A-Za-z0-9+/=]+)<')
_PNG = b"\x89PNG\r\n\x1a\n"


def find_chromium() -> str:
    """The path of a Chromium (or Chrome) on this machine.

    Returns
    -------
    str

    Raises
    ------
    graphkit.errors.EnvironmentProblem
        If none is installed.

    Examples
    --------
    >>> Path(find_chromium()).name in CHROMIUM_NAMES  # where Chromium is installed (`make browser`)
    True
    """
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise EnvironmentProblem(
        "no Chromium to draw the PNG with (looked for " + ", ".join(CHROMIUM_NAMES) + ")",
        "install Debian's chromium (`make browser`), or open the HTML file and use its Export PNG button",
    )


def _command(browser: str, page: Path, profile: str, window: tuple[int, int]) -> list[str]:
    args = [browser, "--headless=new", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return [
        *args,
        f"--user-data-dir={profile}",
        f"--window-size={window[0]},{window[1]}",
        "--virtual-time-budget=30000",
        "--dump-dom",
        page.resolve().as_uri() + "#gk-export-png",
    ]


def png_from_page(page: Path | str, *, window: tuple[int, int] = WINDOW, browser: str | None = None) -> bytes:
    """The PNG that the view's Export PNG button would save, drawn headless.

    Parameters
    ----------
    page : path
        A view written by :func:`graphkit.views.html.write_view`.
    window : tuple of int
        The window's width and height in pixels.
    browser : str, optional
        The Chromium to use; :func:`find_chromium` by default.

    Returns
    -------
    bytes
        The PNG file's bytes.

    Raises
    ------
    graphkit.errors.EnvironmentProblem
        If no Chromium is installed, or it fails or times out.
    graphkit.errors.InvalidData
        If the page gives no picture (not a graphkit view).
    """
    browser = browser or find_chromium()
    with tempfile.TemporaryDirectory(prefix="graphkit-chromium-") as profile:
        try:
            done = subprocess.run(
                _command(browser, Path(page), profile, window), capture_output=True, text=True, timeout=TIMEOUT
            )
        except subprocess.TimeoutExpired:
            raise EnvironmentProblem(
                f"Chromium took more than {TIMEOUT} s to draw {Path(page).name}", "try again, or draw a smaller view"
            ) from None
    found = _DATA.search(done.stdout)
    if found is None:
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise EnvironmentProblem(f"Chromium failed ({done.returncode}): {last}", "check that chromium starts")
        raise InvalidData(f"{Path(page).name} gave no picture", "give an HTML file written by graphkit render")
    data = base64.b64decode(found.group(1))
    if not data.startswith(_PNG):
        raise InvalidData(f"{Path(page).name} gave something that is not a PNG", "report this as a graphkit bug")
    return data


def write_png(page: Path | str, out: Path | str, **kwargs) -> Path:
    """Write the PNG of the view ``page`` to ``out`` (folders created); return ``out``.

    Parameters
    ----------
    page : path
        The view's HTML file.
    out : path
        The PNG file to write.
    **kwargs
        As :func:`png_from_page`.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    graphkit.errors.EnvironmentProblem
        As :func:`png_from_page`.
    graphkit.errors.InvalidData
        As :func:`png_from_page`.
    OSError
        If the file cannot be written.
    """
    data = png_from_page(page, **kwargs)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out
