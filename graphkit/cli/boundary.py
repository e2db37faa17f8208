"""The CLI's one error boundary: graphkit's exceptions become one line ``Error: …`` and a named exit code.

The driver's own log lines (``Transaction failed and will be retried …``)
are silenced here too, unless ``--debug`` asks for everything.
"""

from __future__ import annotations

import logging
import os

import click

from graphkit.errors import ExitCode, GraphkitError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
#: Library parameters whose flag is not ``--`` + the name with ``_`` as ``-``.
FLAGS = {"weights_file": "--weights", "params": "--param", "metrics": "--metric", "from_year": "--from"}


def flag(param: str) -> str:
    """The command-line flag of a library parameter.

    Examples
    --------
    >>> flag("min_weight"), flag("weights_file")
    ('--min-weight', '--weights')
    """
    return FLAGS.get(param, "--" + param.replace("_", "-"))


def is_debug(ctx: click.Context) -> bool:
    """``--debug`` or ``GRAPHKIT_DEBUG=1``."""
    root = ctx.find_root()
    return bool((root.obj or {}).get("debug")) or os.environ.get("GRAPHKIT_DEBUG") == "1"


def configure_logging(debug: bool) -> None:
    """The driver logs to stderr only with ``--debug``; otherwise graphkit's one error line says it all."""
    driver = logging.getLogger("neo4j")
    if debug:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        driver.setLevel(logging.DEBUG)
        driver.propagate = True
    else:
        driver.handlers[:] = [logging.NullHandler()]
        driver.propagate = False


class GraphkitGroup(click.Group):
    """A group whose ``invoke`` is graphkit's one error boundary."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GraphkitError as error:
            if is_debug(ctx):
                raise
            click.echo(f"Error: {error.one_line(flag)}", err=True)
            ctx.exit(int(error.exit_code))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("Error: interrupted.", err=True)
            ctx.exit(130)
        except Exception as error:  # a bug: still one line, with a way to see more
            if is_debug(ctx):
                raise
            click.echo(
                f"Error: internal error ({type(error).__name__}: {error}). "
                "Rerun with --debug for the traceback and report it.",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))
