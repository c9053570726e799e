"""``chanhe-budget report``: build the papermill report of one disclosure, or of every one in data/.

Registered with :func:`chanhe_budget.cli.command`; errors surface as one line
and exit code 2 through ``cli.main`` (a failed ``--all`` exits 1 after listing
each failure).
"""

from __future__ import annotations

import argparse
import sys

from .cli import command
from .errors import ParameterError


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", help="disclosure file (text, markdown or PDF)")
    p.add_argument("--department", help="department, as the file name in data/raw/<year>/")
    p.add_argument("--year", type=int, help="fiscal year, the folder data/raw/<year>/")
    p.add_argument("--all", action="store_true", help="build every department-year in data/raw, in parallel")
    p.add_argument("--workers", type=int, default=None, help="processes for --all (default: number of cores)")
    p.add_argument("--out", default=None, help="reports folder (default: reports/ of the project)")


@command("report", "build the report (notebook, HTML, figures.json, charts) of a disclosure", _report_args)
def _report(args: argparse.Namespace) -> int:
    from . import report

    report.skip_slow_optional_imports()  # this process is ours: see its docstring
    if args.all:
        if args.file or args.department or args.year:
            raise ParameterError("--all builds every disclosure in data/raw; give no FILE, --department or --year")
        if args.workers is not None and args.workers < 1:
            raise ParameterError(f"--workers must be at least 1, got {args.workers}")
        summary = report.build_all(args.workers, out_root=args.out)
        print(f"{len(summary.built)} report(s) built in {summary.seconds:.1f} s; index: {summary.index}")
        for source, message in summary.failed:
            print(f"failed: {source}: {message}", file=sys.stderr)
        return 1 if summary.failed else 0
    if args.file and (args.department or args.year):
        raise ParameterError("give either FILE or --department and --year, not both")
    if not args.file and not (args.department and args.year):
        raise ParameterError("give a disclosure FILE, --department D --year Y, or --all")
    html = report.build_report(args.file, department=args.department, year=args.year, out_root=args.out)
    report.write_index(html.parents[2])
    print(html)
    return 0
