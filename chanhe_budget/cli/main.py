"""The ``chanhe-budget`` command: one line per error and exit code 2, never a traceback.

:data:`COMMANDS` lists the subcommands; each lives in its own module of this package
(documents, audit, report, corpus) with its arguments and the function that runs it.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import ChanheBudgetError
from .audit import AUDIT
from .command import Command
from .corpus import ADD, CORPUS
from .documents import FIGURES, TABLES
from .report import REPORT

__all__ = ["COMMANDS", "build_parser", "main"]

#: Every subcommand, in the order ``--help`` lists them.
COMMANDS: tuple[Command, ...] = (FIGURES, TABLES, AUDIT, REPORT, ADD, CORPUS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chanhe-budget", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help)
        command.add_arguments(p)
        p.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ChanheBudgetError as exc:
        print(f"chanhe-budget: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the file system refused (a path too long, a folder where a file was expected…)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"chanhe-budget: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
