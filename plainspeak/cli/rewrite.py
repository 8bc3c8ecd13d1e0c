"""`plainspeak rewrite` and `plainspeak analyze`: one document (or JSON lines) through the pipeline."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import PlainspeakError
from ..io import read_input, write_atomic
from ..settings import Settings
from .common import EPILOG, EXIT_OK, EXIT_PARTIAL, FORMATS
from .options import add_settings_arguments, settings_from_args


def _document_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default="-", help="input file, or - for standard input (default)")
    p.add_argument("--format", default="auto", choices=FORMATS, help="input format (default: detect from the content)")
    p.add_argument("--json", action="store_true", help="print the versioned JSON result")


def add_parsers(sub: Any) -> None:
    rw = sub.add_parser(
        "rewrite",
        help="rewrite a document (text, Markdown or HTML)",
        epilog=EPILOG,
        description="Rewrite a document. The rewritten text goes to standard output (or --output); "
        "the list of changes and the scores go to standard error.",
    )
    _document_arguments(rw)
    add_settings_arguments(rw)
    rw.add_argument(
        "--jsonl",
        action="store_true",
        help='read JSON lines {"id", "text"[, "format"], ...} and write {"id", "output", ...} lines '
        "(other fields are copied to the output line)",
    )
    rw.add_argument(
        "-o", "--output", metavar="FILE", help="write the result to FILE (atomically; never over the input)"
    )
    rw.add_argument("--force", action="store_true", help="allow --output to replace an existing file (not the input)")
    rw.add_argument("--accept", metavar="IDS", help="apply only these change ids (comma-separated, e.g. c1,c3)")
    rw.add_argument("-q", "--quiet", action="store_true", help="do not print the change list")
    rw.set_defaults(run=cmd_rewrite)

    an = sub.add_parser("analyze", help="score a document and list every finding, without rewriting", epilog=EPILOG)
    _document_arguments(an)
    add_settings_arguments(an, skip=("check_meaning", "model"))
    an.set_defaults(run=cmd_analyze)


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


def _hash_models_ahead(settings: Settings) -> None:
    """Checksum the model files this call will load on the second core while this one imports the
    parser (`checksum.hash_ahead`): about 0.07 s less for a one-shot call."""
    from ..checksum import hash_ahead

    paths = []
    if settings.check_meaning:
        from ..embeddings import weights_path

        paths.append(weights_path())
    from ..restructure.stage import RestructureStage

    if RestructureStage().enabled(settings):
        from ..restructure.parse import model_files

        paths.extend(model_files())
    if paths:
        hash_ahead(paths)


def cmd_rewrite(args: argparse.Namespace) -> int:
    from ..pipeline import rewrite

    settings = settings_from_args(args)
    _hash_models_ahead(settings)
    if args.jsonl:
        return _rewrite_jsonl(args, settings)
    raw = read_input(args.path)
    accept = [a.strip() for a in args.accept.split(",") if a.strip()] if args.accept is not None else None
    result = rewrite(raw, args.format, settings, accept=accept)
    text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n" if args.json else result.output
    if args.output:
        write_atomic(args.output, text, inputs=(args.path,), overwrite=args.force)
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
    if not args.json and not args.quiet:
        _print_changes(result, sys.stderr)
    return EXIT_OK


def _rewrite_jsonl(args: argparse.Namespace, settings: Settings) -> int:
    from ..jsonl import extra_fields
    from ..pipeline import rewrite

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
        extras: dict[str, Any] = {}
        try:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise PlainspeakError("E011", f"line {n}: {exc.msg}", "line") from exc
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise PlainspeakError("E011", f"line {n}: expected an object with a string 'text'", "text")
            rec_id = rec.get("id", n)
            extras = extra_fields(rec, n)  # other fields go to the output line unchanged
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
            out_lines.append(json.dumps({"id": rec_id, **body, **extras}, ensure_ascii=False))
        except PlainspeakError as exc:
            failed += 1
            out_lines.append(
                json.dumps({"id": rec_id if rec_id is not None else n, **exc.to_dict(), **extras}, ensure_ascii=False)
            )
    text = "".join(line + "\n" for line in out_lines)
    if args.output:
        write_atomic(args.output, text, inputs=(args.path,), overwrite=args.force)
    else:
        sys.stdout.write(text)
    return EXIT_PARTIAL if failed else EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    from ..pipeline import analyze

    report = analyze(read_input(args.path), args.format, settings_from_args(args))
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
