"""``chanhe-budget report``: build the papermill report of one disclosure, of every one in data/, or of the corpus.

Listed in :data:`chanhe_budget.cli.main.COMMANDS`; errors surface as one line
and exit code 2 through ``cli.main``. ``--all`` lists each failure; a document
the package cannot read (yet) is a failure on the index, not of the command, so
``make reports`` goes on: it exits 1 only when a report failed for another
reason (or with ``--strict``, for any failure). The last line printed names
what was written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ParameterError
from .command import Command


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="*", help="disclosure file (text, markdown or PDF), or the files of one "
                                           "publication printed in parts; with --corpus: the corpus, "
                                           "a project folder or a catalogue .csv (default: this project)")
    p.add_argument("--department", action="append",
                   help="department, as the file name in data/raw/<year>/; with --corpus: keep only this department "
                        "(may be repeated)")
    p.add_argument("--year", type=int, action="append",
                   help="fiscal year, the folder data/raw/<year>/; with --corpus: keep only this year (may be repeated)")
    p.add_argument("--template", help="with --corpus: keep only documents of this template (e.g. henan, shanghai)")
    p.add_argument("--all", action="store_true",
                   help="build every department-year in data/raw, in parallel, then the corpus report")
    p.add_argument("--corpus", action="store_true",
                   help="build only the corpus report (reports/corpus/): departments and years compared")
    p.add_argument("--no-corpus", action="store_true", help="with --all: leave the corpus report out")
    p.add_argument("--workers", type=int, default=None, help="processes for --all (default: number of cores)")
    p.add_argument("--out", default=None, help="reports folder (default: reports/ of the project)")
    p.add_argument("--force", action="store_true",
                   help="rebuild even when the report is current (same input, parameters and package)")
    p.add_argument("--strict", action="store_true", help="with --all: exit 1 when any document failed")


def _one(values: list | None, option: str):
    if values and len(values) > 1:
        raise ParameterError(f"give one {option} for a department-year report (several are a --corpus filter)")
    return values[0] if values else None


def _report(args: argparse.Namespace) -> int:
    from .. import report

    report.skip_slow_optional_imports()  # this process is ours: see its docstring
    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        raise ParameterError(f"--out {args.out} is an existing file: reports are written into a folder; "
                             "name a folder (it is created when missing)")
    if args.template and not args.corpus:
        raise ParameterError("--template filters the corpus report: use it with --corpus")
    if args.strict and not args.all:
        raise ParameterError("--strict goes with --all")
    if args.no_corpus and not args.all:
        raise ParameterError("--no-corpus goes with --all (which otherwise builds the corpus report too)")
    if args.all:
        if args.corpus:
            raise ParameterError("--all already builds the corpus report; give --corpus alone to build only it")
        if args.file or args.department or args.year:
            raise ParameterError("--all builds every disclosure in data/raw; give no FILE, --department or --year")
        if args.workers is not None and args.workers < 1:
            raise ParameterError(f"--workers must be at least 1, got {args.workers}")
        summary = report.build_all(args.workers, out_root=args.out, corpus=not args.no_corpus, force=args.force)
        corpus = "left out" if args.no_corpus else _shown(summary.corpus) if summary.corpus else "failed"
        for source, message in summary.failed:
            print(f"failed: {_shown(source)}: {message}", file=sys.stderr)
        sys.stderr.flush()
        print(f"{len(summary.built)} report(s) in {summary.seconds:.1f} s ({summary.reused} reused, current), "
              f"{len(summary.failed)} failed ({summary.unreadable} unreadable documents); corpus report: {corpus}")
        print(f"report: {_shown(summary.index)}")
        other = len(summary.failed) - summary.unreadable
        return 1 if other or (args.strict and summary.failed) else 0
    if args.corpus:
        if len(args.file) > 1:
            raise ParameterError("--corpus takes one corpus location")
        filters = {"departments": args.department or [], "years": args.year or [], "template": args.template}
        html = report.build_corpus_report(args.file[0] if args.file else None, out_root=args.out, filters=filters)
        report.write_index(html.parents[1])
        print(f"report: {_shown(html)}")
        return 0
    department, year = _one(args.department, "--department"), _one(args.year, "--year")
    if args.file and (department or year):
        raise ParameterError("give either FILE or --department and --year, not both")
    if not args.file and bool(department) != bool(year):
        missing, given = ("--year", f"--department {department}") if department else ("--department", f"--year {year}")
        raise ParameterError(f"{given} needs {missing} too (or give a disclosure FILE)")
    if not args.file and not (department and year):
        raise ParameterError("give a disclosure FILE, --department D --year Y, --corpus or --all")
    if args.file:
        from ..read.source import require_file

        for file in args.file:
            require_file(file)  # the one path rule: the same message as every other command
    source = (args.file[0] if len(args.file) == 1 else args.file) if args.file else None
    html, reused = report.build_or_reuse(source, department=department, year=year, out_root=args.out,
                                         force=args.force)
    if reused:
        print("current: same input, parameters and package as the report in place; reused (--force rebuilds)")
    if not reused or not (html.parents[2] / "index.html").is_file():
        report.write_index(html.parents[2])
    print(f"report: {_shown(html)}")
    return 0


def _shown(path: object) -> str:
    """A path as the user would type it: relative to the working folder when it lies below it."""
    try:
        return str(Path(str(path)).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


REPORT = Command("report", "build the report (notebook, HTML, figures.json, charts) of a disclosure, or of the corpus",
                 _report_args, _report)
