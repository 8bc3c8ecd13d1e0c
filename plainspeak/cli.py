"""`plainspeak` command line: a thin front end over plainspeak.rewrite / analyze."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from . import __version__
from .errors import PlainspeakError
from .io import read_input, write_atomic
from .settings import DEFAULT_MODEL, MODEL_HELP, STRENGTHS, Glossary, Settings

EXIT_OK, EXIT_USAGE, EXIT_INPUT, EXIT_PARTIAL = 0, 2, 3, 4
EPILOG = """exit codes: 0 success; 2 usage error; 3 bad input or settings (the message names the
error code, see docs/errors.md); 4 some items failed and the rest were done (--jsonl lines, each
with an "error"; batch files, listed in the report); 130 interrupted."""


def _settings(args: argparse.Namespace) -> Settings:
    base = Settings.load(args.settings).to_dict() if getattr(args, "settings", None) else {}
    if getattr(args, "grade", None) is not None:
        base["target_grade"] = args.grade
    if getattr(args, "strength", None):
        base["strength"] = args.strength
    if getattr(args, "categories", None):
        base["categories"] = [c.strip() for c in args.categories.split(",") if c.strip()]
    if getattr(args, "glossary", None):
        base["glossary"] = Glossary.load(args.glossary).to_dict()
    if getattr(args, "long_sentence", None):
        base["long_sentence_words"] = args.long_sentence
    if getattr(args, "no_meaning_check", False):
        base["check_meaning"] = False
    if getattr(args, "model", None):
        base["model"] = args.model
    return Settings.from_dict(base)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default="-", help="input file, or - for standard input (default)")
    p.add_argument(
        "--format",
        default="auto",
        choices=["auto", "text", "markdown", "html"],
        help="input format (default: detect from the content)",
    )
    p.add_argument("--grade", type=float, help="target reading grade (default 8)")
    p.add_argument(
        "--strength",
        choices=STRENGTHS,
        help="light: apply only safe rules; standard (default): apply every verified rule; "
        "strong: also split long sentences",
    )
    p.add_argument("--categories", help="comma-separated rule categories to use (default: all; see `plainspeak rules`)")
    p.add_argument("--glossary", metavar="FILE", help="YAML/JSON glossary: protected, banned, replacements")
    p.add_argument("--settings", metavar="FILE", help="YAML/JSON settings file (flags override it)")
    p.add_argument("--long-sentence", type=int, metavar="N", help="flag sentences longer than N words (default 25)")
    p.add_argument("--json", action="store_true", help="print the versioned JSON result")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plainspeak",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Rewrite customer copy into plain, warm language, and show why each change was made.",
    )
    parser.add_argument("--version", action="version", version=f"plainspeak {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    rw = sub.add_parser(
        "rewrite",
        help="rewrite a document (text, Markdown or HTML)",
        epilog=EPILOG,
        description="Rewrite a document. The rewritten text goes to standard output (or --output); "
        "the list of changes and the scores go to standard error.",
    )
    _common(rw)
    rw.add_argument(
        "--jsonl",
        action="store_true",
        help='read JSON lines {"id", "text"[, "format"]} and write {"id", "output", ...} lines',
    )
    rw.add_argument(
        "-o", "--output", metavar="FILE", help="write the result to FILE (atomically; never over the input)"
    )
    rw.add_argument("--force", action="store_true", help="allow --output to replace an existing file (not the input)")
    rw.add_argument("--accept", metavar="IDS", help="apply only these change ids (comma-separated, e.g. c1,c3)")
    rw.add_argument(
        "--no-meaning-check",
        action="store_true",
        help="skip the embedding similarity check (faster; other checks still run)",
    )
    rw.add_argument("-q", "--quiet", action="store_true", help="do not print the change list")
    _model_option(rw)

    an = sub.add_parser("analyze", help="score a document and list every finding, without rewriting", epilog=EPILOG)
    _common(an)

    ru = sub.add_parser("rules", help="list and explain the rules", epilog=EPILOG)
    ru.add_argument("code", nargs="?", help="explain one rule, e.g. PS2001")
    ru.add_argument("--category", help="only this category")
    ru.add_argument("--json", action="store_true", help="print the rules as JSON")
    ru.add_argument("--check", action="store_true", help="validate the rule data and run every example")

    from .server.config import add_arguments as add_serve_arguments

    sv = sub.add_parser(
        "serve",
        help="start the review UI and the HTTP API (same as python app.py)",
        epilog=EPILOG,
        description="Serve the review UI at /ui/ and the HTTP API at /v1 (docs at /docs). "
        "Flags override PLAINSPEAK_* environment variables.",
    )
    add_serve_arguments(sv)

    # batch and audit (plainspeak.batch, plainspeak.audit; docs/batch.md, docs/audit.md)
    from .batch.discover import KINDS
    from .batch.engines import ENGINES

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
    _batch_settings_options(ba)

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
    _batch_settings_options(au)
    _train_parser(sub)
    return parser


def _batch_settings_options(p: argparse.ArgumentParser) -> None:
    """The rewrite settings flags, for batch and audit (their inputs are positional lists)."""
    p.add_argument("--grade", type=float, help="target reading grade (default 8)")
    p.add_argument("--strength", choices=STRENGTHS, help="light, standard (default) or strong")
    p.add_argument("--categories", help="comma-separated rule categories to use (default: all)")
    p.add_argument("--glossary", metavar="FILE", help="YAML/JSON glossary: protected, banned, replacements")
    p.add_argument("--settings", metavar="FILE", help="YAML/JSON settings file (flags override it)")
    p.add_argument("--long-sentence", type=int, metavar="N", help="flag sentences longer than N words (default 25)")
    p.add_argument("--no-meaning-check", action="store_true", help="skip the embedding similarity check (faster)")
    _model_option(p)


def _model_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", metavar="PATH", help=f"{MODEL_HELP} (default: {DEFAULT_MODEL!r})")


def _print_changes(result: Any, out: Any) -> None:
    for c in result.changes:
        mark = "+" if c.accepted else "-"
        origin = f"{c.rule} {c.category}"
        after = c.after if c.after else "(removed)"
        print(f" {mark} {c.id:>4} [{origin}] {c.before.strip()!r} -> {after.strip() if c.after else after!r}", file=out)
        print(f"        {c.reason}", file=out)
        for w in c.warnings:
            print(f"        ! not applied: {w}", file=out)
    for f in result.flags:
        print(f" ? [{f.rule} {f.category}] {f.message}: {f.text[:70]!r}", file=out)
    b, a = result.scores_before, result.scores_after
    print(
        f"grade {b['flesch_kincaid_grade']} -> {a['flesch_kincaid_grade']}, reading ease "
        f"{b['flesch_reading_ease']} -> {a['flesch_reading_ease']}, "
        f"{sum(c.accepted for c in result.changes)} of {len(result.changes)} changes applied",
        file=out,
    )


def cmd_rewrite(args: argparse.Namespace) -> int:
    from .pipeline import rewrite

    settings = _settings(args)
    if args.jsonl:
        return _rewrite_jsonl(args, settings)
    raw = read_input(args.path)
    accept = [a.strip() for a in args.accept.split(",") if a.strip()] if args.accept is not None else None
    result = rewrite(raw, args.format, settings, accept=accept)
    text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n" if args.json else result.output
    if args.output:
        write_atomic(args.output, text, inputs=(args.path,), force=args.force)
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
    if not args.json and not args.quiet:
        _print_changes(result, sys.stderr)
    return EXIT_OK


def _rewrite_jsonl(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import rewrite

    raw = read_input(args.path)
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise PlainspeakError("E003", f"--jsonl input is not UTF-8 (byte {exc.start})", "path") from exc
    failed = 0
    out_lines: list[str] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        rec_id: Any = None
        try:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise PlainspeakError("E011", f"line {n}: {exc.msg}", "line") from exc
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise PlainspeakError("E011", f"line {n}: expected an object with a string 'text'", "text")
            rec_id = rec.get("id", n)
            unknown = set(rec) - {"id", "text", "format"}
            if unknown:
                raise PlainspeakError("E011", f"line {n}: unknown field(s) {sorted(unknown)}", sorted(unknown)[0])
            result = rewrite(rec["text"], rec.get("format", args.format), settings)
            body = (
                result.to_dict()
                if args.json
                else {
                    "output": result.output,
                    "format": result.format,
                    "changes": [
                        {
                            "id": c.id,
                            "rule": c.rule,
                            "before": c.before,
                            "after": c.after,
                            "accepted": c.accepted,
                            "reason": c.reason,
                        }
                        for c in result.changes
                    ],
                    "grade_before": result.scores_before["flesch_kincaid_grade"],
                    "grade_after": result.scores_after["flesch_kincaid_grade"],
                }
            )
            out_lines.append(json.dumps({"id": rec_id, **body}, ensure_ascii=False))
        except PlainspeakError as exc:
            failed += 1
            out_lines.append(
                json.dumps({"id": rec_id if rec_id is not None else n, **exc.to_dict()}, ensure_ascii=False)
            )
    text = "".join(line + "\n" for line in out_lines)
    if args.output:
        write_atomic(args.output, text, inputs=(args.path,), force=args.force)
    else:
        sys.stdout.write(text)
    return EXIT_PARTIAL if failed else EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    from .pipeline import analyze

    report = analyze(read_input(args.path), args.format, _settings(args))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_OK
    s = report["scores"]
    print(
        f"format {report['format']}: {s['words']} words, {s['sentences']} sentences, "
        f"{s['words_per_sentence']} words per sentence, reading time {s['reading_time_s']} s"
    )
    print(
        f"Flesch-Kincaid grade {s['flesch_kincaid_grade']}, reading ease {s['flesch_reading_ease']}, "
        f"Gunning fog {s['gunning_fog']}, SMOG {s['smog_index']}, Coleman-Liau {s['coleman_liau_index']}, "
        f"ARI {s['automated_readability_index']}, Dale-Chall {s['dale_chall']} ({s['text_standard']})"
    )
    print(
        f"jargon {s['jargon_count']} ({s['jargon_density']:.1%} of words), passive {s['passive_count']}, "
        f"long sentences {s['long_sentence_count']}"
    )
    for sent in report["sentences"]:
        for f in sent["findings"]:
            fix = f" -> {f['suggestion']!r}" if f["suggestion"] is not None else ""
            print(
                f"  sentence {sent['index'] + 1} [{f['rule']} {f['category']}] {f['text'][:60]!r}{fix}: {f['reason']}"
            )
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from .rules.check import main as check_main
    from .rules.model import load_rules
    from .rules.style import STYLE_RULES

    if args.check:
        return check_main()
    rules = list(load_rules()) + list(STYLE_RULES)
    if args.category:
        rules = [r for r in rules if r.category == args.category]
    if args.code:
        rules = [r for r in rules if r.code == args.code.upper()]
        if not rules:
            raise PlainspeakError("E006", f"no rule {args.code}", "code")
    if args.json:
        print(json.dumps([r.to_dict() for r in rules], ensure_ascii=False, indent=2))
    elif args.code:
        r = rules[0]
        print(f"{r.code} ({r.category}, {r.kind}, {'safe' if r.safe else 'unsafe'}): {r.message}")
        print(f"why: {r.reason}")
        print(
            f"matches: {r.regex or ' | '.join(r.patterns)}"
            + (f" (inflected as a {r.inflect})" if r.inflect != "none" else "")
        )
        if r.replace:
            print(f"replace with: {' | '.join(repr(x) for x in r.replace)}")
        print(f"source: {r.source}")
        for t in r.fire:
            print(f"fires on: {t}")
        for t in r.must_pass:
            print(f"does not fire on: {t}")
    else:
        for r in rules:
            fix = ("-> " + r.replace[0]) if r.replace else ("(delete)" if r.kind == "delete" else "(flag)")
            print(f"{r.code}  {r.category:<15} {'safe  ' if r.safe else 'unsafe'} {r.message}  {fix}")
        print(f"{len(rules)} rules", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .server.config import ServerConfig
    from .server.main import serve

    return serve(ServerConfig.from_args(args))


COMMANDS = {"rewrite": cmd_rewrite, "analyze": cmd_analyze, "rules": cmd_rules, "serve": cmd_serve}


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import print_summary, run_batch

    report = run_batch(
        args.inputs,
        args.out,
        in_place=args.in_place,
        settings=_settings(args),
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
    from .audit import print_summary, run_audit

    audit = run_audit(
        args.inputs,
        args.report,
        settings=_settings(args),
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
    return audit.exit_code


COMMANDS.update(batch=cmd_batch, audit=cmd_audit)


# --- `plainspeak train` (model issue) ---
def _train_parser(sub: Any) -> None:
    tr = sub.add_parser(
        "train",
        help="reproduce the sentence-rewrite model from the shared corpora",
        description="Build the data (seeded), train the tokenizer and the mBART-style model, evaluate it, "
        "and save a Hugging Face directory. Progress goes to standard error.",
    )
    tr.add_argument(
        "--corpus", metavar="DIR", help="folder with plain-english/ and formal-english/ (default: ../shared/corpus)"
    )
    tr.add_argument("--out", metavar="DIR", default="build/model", help="where the model goes (default build/model)")
    tr.add_argument("--data", metavar="DIR", default="build/model-data", help="where the built pairs go")
    tr.add_argument("--seed", type=int, default=13)
    tr.add_argument("--steps", type=int, help="training steps (default 4000)")
    tr.add_argument(
        "--minutes", type=float, help="training time budget in minutes; the schedule ends by then (default 70; 0: none)"
    )
    tr.add_argument("--tiny", action="store_true", help="a tiny configuration that trains in seconds (for CI)")
    tr.add_argument("--skip-build", action="store_true", help="reuse the pairs already in --data")


def cmd_train(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from pathlib import Path

    from .model.reproduce import TINY, Recipe, run

    recipe = Recipe()
    if args.tiny:
        recipe = Recipe(
            replace(recipe.build, **TINY["build"]), replace(recipe.train, **TINY["train"]), eval_size=TINY["eval_size"]
        )
    recipe.build = replace(
        recipe.build, out=Path(args.data), seed=args.seed, **({"corpus": Path(args.corpus)} if args.corpus else {})
    )
    recipe.train = replace(
        recipe.train,
        out=Path(args.out),
        seed=args.seed,
        **({"steps": args.steps} if args.steps else {}),
        **({"minutes": args.minutes} if args.minutes is not None else {}),
    )
    recipe.skip_build = args.skip_build
    if not (recipe.build.corpus / "plain-english" / "sentences.jsonl.gz").is_file():
        raise PlainspeakError("E006", f"no corpus at {recipe.build.corpus} (use --corpus)", "corpus")
    report = run(recipe)
    print(json.dumps(report, indent=2))
    return EXIT_OK


COMMANDS.update(train=cmd_train)
# --- end `plainspeak train` ---


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except PlainspeakError as exc:
        print(f"plainspeak: error {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
