"""`plainspeak batch` and `plainspeak audit`: folders of templates (docs/batch.md, docs/audit.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from .housestyle import add_audit_options, audit_section
from .options import add_settings_arguments, settings_from_args


def add_parsers(sub: Any) -> None:
    from ..batch.discover import KINDS
    from ..batch.engines import ENGINES

    batch_epilog = (
        "exit codes: 0 every file done; 2 usage error; 3 bad options or settings; 4 some files failed "
        "(listed in the report); 130 interrupted (continue with --resume). See docs/batch.md."
    )
    ba = sub.add_parser(
        "batch",
        help="rewrite a folder of templates (HTML, text, Markdown, MJML, Handlebars, Liquid, Jinja, .eml)",
        epilog=batch_epilog,
        description="Rewrite every template under the inputs into --out (or --in-place, with "
        "backups). Outside the rewritten copy each output is byte-identical to its "
        "input; a report (report.json, report.html) is written at the end.",
    )
    ba.add_argument("inputs", nargs="+", metavar="IN_DIR_OR_FILES", help="folders (read recursively) and/or files")
    ba.add_argument("--out", metavar="OUT_DIR", help="write the rewritten tree here (the originals are not touched)")
    ba.add_argument(
        "--in-place", action="store_true", help="rewrite the originals, keeping a backup of each changed file"
    )
    ba.add_argument(
        "--backup-suffix", default=".bak", metavar="SUFFIX", help="backup suffix for --in-place (default .bak)"
    )
    ba.add_argument("--report", metavar="DIR", help="report folder (default OUT_DIR/plainspeak-report)")
    ba.add_argument(
        "--diff", action="store_true", help="also write a unified .diff per changed file under the report folder"
    )
    ba.add_argument(
        "--format",
        default="auto",
        choices=["auto", *KINDS],
        help="treat every file as this kind (default: from the extension and the content)",
    )
    ba.add_argument(
        "--ext",
        action="append",
        default=[],
        metavar="EXT=KIND",
        help="read files with this extension as KIND, e.g. --ext .tpl=html (or =other to copy them)",
    )
    ba.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="never rewrite files whose name matches GLOB (they are copied)",
    )
    ba.add_argument(
        "--no-default-excludes",
        action="store_true",
        help="also rewrite LICENSE, NOTICE, README, SOURCE.md and similar repository files",
    )
    ba.add_argument(
        "--no-copy-other",
        action="store_true",
        help="do not copy files that are not templates (.json data, images, LICENSE) into OUT_DIR",
    )
    ba.add_argument(
        "--encoding",
        default="utf-8",
        help="text encoding of the templates (default utf-8; .eml parts use their own charset)",
    )
    ba.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (each loads the model once)")
    ba.add_argument(
        "--engine", default="local", choices=ENGINES, help="local (default) or dask (needs plainspeak[distributed])"
    )
    ba.add_argument(
        "--scheduler", metavar="ADDRESS", help="dask scheduler address (default: a local cluster of --workers)"
    )
    ba.add_argument("--resume", action="store_true", help="continue an interrupted run, skipping finished files")
    ba.add_argument("--force", action="store_true", help="write into a non-empty OUT_DIR, or start a previous run over")
    ba.add_argument("--no-progress", action="store_true", help="no progress bar")
    ba.add_argument("--json", action="store_true", help="print the report's totals as JSON on standard output")
    add_settings_arguments(ba)
    ba.set_defaults(run=cmd_batch)

    au = sub.add_parser(
        "audit",
        help="audit the language of a body of copy (no rewriting): HTML report with charts",
        epilog="exit codes: 0 report written; 2 usage error; 3 bad options; 4 some files could not "
        "be read (listed in the report). See docs/audit.md.",
        description="Read templates, exported pages and text files without rewriting them, and write "
        "an HTML report with charts plus CSV and JSON of the same figures.",
    )
    au.add_argument("inputs", nargs="+", metavar="IN_DIR", help="folders (read recursively) and/or files")
    au.add_argument(
        "--report", required=True, metavar="OUT_DIR", help="folder for audit.html, audit.json, CSV and charts"
    )
    au.add_argument("--format", default="auto", choices=["auto", *KINDS], help="treat every file as this kind")
    au.add_argument("--ext", action="append", default=[], metavar="EXT=KIND", help="read EXT files as KIND")
    au.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files whose name matches GLOB")
    au.add_argument("--no-default-excludes", action="store_true", help="also read LICENSE, README and similar files")
    au.add_argument("--encoding", default="utf-8", help="text encoding of the files (default utf-8)")
    au.add_argument("--top", type=int, default=25, metavar="N", help="phrases listed per category (default 25)")
    au.add_argument(
        "--no-gain",
        action="store_true",
        help="skip the estimated gain (it runs the rewriter on every file, without writing)",
    )
    au.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes")
    au.add_argument("--engine", default="local", choices=ENGINES, help="local (default) or dask")
    au.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler address")
    au.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_settings_arguments(au)
    add_audit_options(au)  # --workspace: the team's acceptance figures (house style)
    au.set_defaults(run=cmd_audit)


def batch_threads(args: argparse.Namespace) -> None:
    """Torch threads when the files are rewritten in this process (one local worker), unless
    PLAINSPEAK_THREADS says otherwise: one core fewer than the process may use, as for the server.
    The model decodes a few sentences at a time, in steps too small to share out: on the 2-core
    reference machine, shared with other work, the email-template corpus's 71 decoding batches took
    12-14 s with 1 thread and 35-240 s with 2 (the same outputs). Pool workers get cores / workers."""
    if args.workers == 1 and args.engine == "local" and not os.environ.get("PLAINSPEAK_THREADS"):
        from ..embeddings import threads_sparing_a_core

        os.environ["PLAINSPEAK_THREADS"] = str(threads_sparing_a_core())


def cmd_batch(args: argparse.Namespace) -> int:
    from ..batch import print_summary, run_batch

    batch_threads(args)
    report = run_batch(
        args.inputs,
        args.out,
        in_place=args.in_place,
        settings=settings_from_args(args),
        format=args.format,
        ext_map=args.ext,
        excludes=args.exclude,
        default_excludes=not args.no_default_excludes,
        copy_other=not args.no_copy_other,
        workers=args.workers,
        engine=args.engine,
        scheduler=args.scheduler,
        resume=args.resume,
        force=args.force,
        diff=args.diff,
        report_dir=args.report,
        encoding=args.encoding,
        backup_suffix=args.backup_suffix,
        progress=not args.no_progress and sys.stderr.isatty(),
    )
    print_summary(report, sys.stderr)
    if args.json:
        print(json.dumps(report.totals(), ensure_ascii=False, indent=2))
    return report.exit_code


def cmd_audit(args: argparse.Namespace) -> int:
    from ..audit import print_summary, run_audit

    audit = run_audit(
        args.inputs,
        args.report,
        settings=settings_from_args(args),
        format=args.format,
        ext_map=args.ext,
        excludes=args.exclude,
        default_excludes=not args.no_default_excludes,
        encoding=args.encoding,
        top=args.top,
        gain=not args.no_gain,
        workers=args.workers,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=not args.no_progress and sys.stderr.isatty(),
    )
    print_summary(audit, sys.stderr)
    audit_section(args, audit)
    return audit.exit_code
