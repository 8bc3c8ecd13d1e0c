"""Command line of the house style: `plainspeak feedback`, `plainspeak style ...`, `plainspeak keys ...`,
and the `--workspace` section of `plainspeak audit` (`add_audit_options`, `audit_section`, used by
cli/batch.py). The store and the learning live in plainspeak/housestyle/."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from ..errors import PlainspeakError
from ..housestyle.names import DEFAULT_WORKSPACE, URL_VAR

EXIT_OK, EXIT_PARTIAL = 0, 4
FEEDBACK_FIELDS = {"result", "text", "format", "accepted", "final_text", "settings"}


def _db_options(p: argparse.ArgumentParser, workspace: bool = True) -> None:
    p.add_argument(
        "--database-url",
        metavar="URL",
        help=f"decision store: any SQLAlchemy URL (default: ${URL_VAR}, else SQLite in the user's data directory)",
    )
    if workspace:
        p.add_argument(
            "--workspace",
            default=DEFAULT_WORKSPACE,
            metavar="NAME",
            help=f"the team whose decisions these are (default {DEFAULT_WORKSPACE!r})",
        )


def _threshold_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--min-decisions",
        type=int,
        metavar="N",
        help="decisions on a rule before it is demoted or promoted (default 20; env PLAINSPEAK_STYLE_MIN_DECISIONS)",
    )
    p.add_argument(
        "--demote-at",
        type=float,
        metavar="RATE",
        help="rejection rate that demotes a rule (default 0.8; env PLAINSPEAK_STYLE_DEMOTE_AT)",
    )
    p.add_argument(
        "--promote-at",
        type=float,
        metavar="RATE",
        help="acceptance rate that promotes a rule (default 0.95; env PLAINSPEAK_STYLE_PROMOTE_AT)",
    )
    p.add_argument(
        "--min-edits",
        type=int,
        metavar="N",
        help="times a hand edit recurs before it is a suggested replacement (default 3; env "
        "PLAINSPEAK_STYLE_MIN_EDITS)",
    )


def _parsers(sub: Any) -> None:
    fb = sub.add_parser(
        "feedback",
        help="record reviewers' decisions from a JSONL file (house style)",
        description="Record decisions, one JSON object a line: a single decision "
        '{"rule", "before", "after", "accepted"[, "category"]}; a review {"result": '
        '<rewrite --json output>, "accepted": [ids][, "text", "final_text"]}; or '
        '{"text", "accepted"[, "format", "settings", "final_text"]}, rewritten again '
        "to find its changes. Each line is one transaction. See docs/house-style.md.",
        epilog="exit codes: 0 every line recorded; 3 bad options or database; 4 some lines failed "
        "(each reported on stderr, the others recorded).",
    )
    fb.add_argument("path", nargs="?", default="-", help="JSONL file, or - for standard input (default)")
    _db_options(fb)

    st = sub.add_parser(
        "style",
        help="show, export, import or reset a workspace's learned house style",
        description="The house style learned from reviewers' decisions: rules the team usually "
        "rejects are demoted (proposed, not applied), rules it nearly always accepts "
        "are promoted (applied under light too), recurring hand edits are suggested "
        "glossary replacements. See docs/house-style.md.",
    )
    ss = st.add_subparsers(dest="style_command", metavar="ACTION", required=True)
    show = ss.add_parser("show", help="per-rule acceptance, demoted and promoted rules, suggested replacements")
    _db_options(show)
    _threshold_options(show)
    show.add_argument("--json", action="store_true", help="print the figures as JSON (as GET /v1/stats)")
    ex = ss.add_parser("export", help="write the style as a settings file that works without the database")
    _db_options(ex)
    _threshold_options(ex)
    ex.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of standard output")
    ex.add_argument("--force", action="store_true", help="replace an existing --output file")
    ex.add_argument(
        "--adopt-suggestions",
        action="store_true",
        help="put the suggested replacements into glossary.replacements (else they are comments)",
    )
    im = ss.add_parser("import", help="load a style file into a workspace (it wins over what was learned)")
    im.add_argument("file", help="a style file from `style export` (demoted_rules, promoted_rules, glossary)")
    _db_options(im)
    rs = ss.add_parser("reset", help="forget what was learned (decisions stay on record) and any imported style")
    _db_options(rs)
    kd = ss.add_parser(
        "keep-documents",
        help="opt a workspace in (on) or out (off) of storing documents with "
        "its decisions (default off: only a SHA-256 hash)",
    )
    kd.add_argument("switch", choices=["on", "off"])
    _db_options(kd)

    ks = sub.add_parser(
        "keys",
        help="API keys kept in the decision store, each for one workspace",
        description="Keys kept in the database work on every server using it, beside any "
        "--api-key / keys file; only their SHA-256 digest is stored.",
    )
    kss = ks.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    ka = kss.add_parser("add", help="create a key for a workspace and print it (once)")
    ka.add_argument("workspace")
    ka.add_argument("--label", default="", help="a note: who or what uses the key")
    _db_options(ka, workspace=False)
    kl = kss.add_parser("list", help="list the keys (id, workspace, label), never the keys themselves")
    _db_options(kl, workspace=False)
    kr = kss.add_parser("revoke", help="delete a key by the id `keys list` shows")
    kr.add_argument("key_id")
    _db_options(kr, workspace=False)


def add_audit_options(p: argparse.ArgumentParser) -> None:
    """`plainspeak audit --workspace NAME`: add the workspace's acceptance figures to the report."""
    p.add_argument(
        "--workspace",
        metavar="NAME",
        help="also report this workspace's per-rule acceptance, most rejected rules and learned "
        "replacements (house style)",
    )
    p.add_argument("--database-url", metavar="URL", help="decision store for --workspace (default as `style show`)")


def _service(args: argparse.Namespace) -> Any:
    from ..housestyle.learn import Thresholds
    from ..housestyle.service import HouseStyleService
    from ..housestyle.store import Store

    t = Thresholds.from_env(
        min_decisions=getattr(args, "min_decisions", None),
        demote_rejection=getattr(args, "demote_at", None),
        promote_acceptance=getattr(args, "promote_at", None),
        min_edits=getattr(args, "min_edits", None),
    )
    return HouseStyleService(Store(args.database_url), t, cache_s=0)


def cmd_feedback(args: argparse.Namespace) -> int:
    from ..housestyle.store import check_workspace
    from ..io import read_input

    ws = check_workspace(args.workspace)
    service = _service(args)
    raw = read_input(args.path)
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise PlainspeakError("E003", f"the feedback file is not UTF-8 (byte {exc.start})", "path") from exc
    totals = {"lines": 0, "decisions": 0, "accepted": 0, "rejected": 0, "edits": 0, "failed": 0}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        totals["lines"] += 1
        try:
            done = service.record(_line_feedback(line, ws, service))
        except PlainspeakError as exc:
            if exc.code == "E051":
                raise
            totals["failed"] += 1
            print(f"plainspeak: line {n}: error {exc}", file=sys.stderr)
            continue
        for k in ("decisions", "accepted", "rejected", "edits"):
            totals[k] += done[k]
    print(
        f"{totals['lines']} line(s): {totals['decisions']} decision(s) recorded in workspace {ws!r} "
        f"({totals['accepted']} accepted, {totals['rejected']} rejected), {totals['edits']} hand edit(s)"
        + (f"; {totals['failed']} line(s) failed" if totals["failed"] else ""),
        file=sys.stderr,
    )
    return EXIT_PARTIAL if totals["failed"] else EXIT_OK


def _line_feedback(line: str, ws: str, service: Any) -> Any:
    """The FeedbackIn of one line of `plainspeak feedback`."""
    from ..housestyle.feedback import from_decision_line, from_result, from_result_json

    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise PlainspeakError("E052", f"not JSON: {exc.msg}", "line") from exc
    if not isinstance(rec, dict):
        raise PlainspeakError("E052", "each line must be a JSON object", "line")
    if "rule" in rec:
        return from_decision_line(rec, ws)
    unknown = sorted(set(rec) - FEEDBACK_FIELDS)
    if unknown:
        raise PlainspeakError("E052", f"unknown field(s) {unknown}", unknown[0])
    accepted = rec.get("accepted")
    if not (isinstance(accepted, list) and all(isinstance(i, str) for i in accepted)):
        raise PlainspeakError("E052", "'accepted' must be a list of change ids", "accepted")
    final = rec.get("final_text")
    if final is not None and not isinstance(final, str):
        raise PlainspeakError("E052", "'final_text' must be a string", "final_text")
    if isinstance(rec.get("result"), dict):
        text = rec.get("text") if isinstance(rec.get("text"), str) else None
        return from_result_json(rec["result"], accepted, ws, text=text, final_text=final, source="cli")
    if isinstance(rec.get("text"), str):
        from ..pipeline import rewrite
        from ..settings import Settings

        settings = Settings.from_dict(rec.get("settings") or {})
        result = rewrite(rec["text"], rec.get("format", "auto"), service.apply(settings, ws))
        return from_result(result, accepted, ws, final_text=final, source="cli")
    raise PlainspeakError("E052", "a line needs 'rule' (one decision), 'result' or 'text'", "line")


def cmd_style(args: argparse.Namespace) -> int:
    from ..housestyle.store import check_workspace

    ws = check_workspace(args.workspace)
    service = _service(args)
    action = args.style_command
    if action == "show":
        stats = service.stats(ws)
        if args.json:
            print(json.dumps(stats, ensure_ascii=False, indent=2))
        else:
            print_style(stats, sys.stdout)
    elif action == "export":
        from ..housestyle.export import export_text
        from ..io import write_atomic

        text = export_text(service.style(ws), adopt_suggestions=args.adopt_suggestions)
        if args.output:
            write_atomic(args.output, text, overwrite=args.force)
            print(f"house style of {ws!r} written to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    elif action == "import":
        from ..housestyle.export import load_style

        style = load_style(args.file)
        service.store.set_imported(ws, style)
        print(
            f"imported {args.file} into workspace {ws!r}: {len(style['demoted_rules'])} demoted, "
            f"{len(style['promoted_rules'])} promoted, "
            f"{len(style.get('glossary', {}).get('replacements', {}))} replacement(s)",
            file=sys.stderr,
        )
    elif action == "reset":
        service.store.reset(ws)
        print(
            f"workspace {ws!r}: learning starts over (earlier decisions stay on record); imported style removed",
            file=sys.stderr,
        )
    elif action == "keep-documents":
        service.store.set_store_documents(ws, args.switch == "on")
        print(
            f"workspace {ws!r}: documents are {'now kept' if args.switch == 'on' else 'not kept (hash only)'} "
            "with new decisions",
            file=sys.stderr,
        )
    return EXIT_OK


def print_style(stats: dict[str, Any], out: Any) -> None:
    """The figures of `style show` as a table."""
    t = stats["thresholds"]
    print(
        f"workspace {stats['workspace']!r}: {stats['decisions']} decision(s) in {stats['feedback']} review(s), "
        f"{stats['edits']} hand edit(s)" + (f"; learning since {stats['since']}" if stats["since"] else ""),
        file=out,
    )
    print(
        f"demoted: {', '.join(stats['style']['demoted_rules']) or 'none'}; "
        f"promoted: {', '.join(stats['style']['promoted_rules']) or 'none'} (after {t['min_decisions']} decisions: "
        f"demoted at {t['demote_rejection']:.0%} rejected, promoted at {t['promote_acceptance']:.0%} accepted)",
        file=out,
    )
    if stats["rules"]:
        print(
            f"{'rule':<8} {'category':<15} {'shown':>6} {'accepted':>9} {'rejected':>9} {'rate':>6}  95% interval  "
            "status",
            file=out,
        )
    for r in sorted(stats["rules"], key=lambda r: (-r["rejected"], r["rule"])):
        rate = "-" if r["acceptance_rate"] is None else f"{r['acceptance_rate']:.0%}"
        status = f"{r['status']} ({r['source']})" if r["status"] else ""
        print(
            f"{r['rule']:<8} {r['category']:<15} {r['shown']:>6} {r['accepted']:>9} {r['rejected']:>9} {rate:>6}  "
            f"{r['ci_low']:.2f}-{r['ci_high']:.2f}     {status}",
            file=out,
        )
    for s in stats["learned_replacements"]:
        print(f"suggested replacement: {s['before']!r} -> {s['after']!r} ({s['count']} hand edits)", file=out)
    glossary = stats["style"].get("glossary", {})
    for before, after in glossary.get("replacements", {}).items():
        print(f"imported replacement: {before!r} -> {after!r}", file=out)


def cmd_keys(args: argparse.Namespace) -> int:
    from ..housestyle.store import Store, check_workspace

    store = Store(args.database_url)
    if args.keys_command == "add":
        key = store.add_key(check_workspace(args.workspace), args.label)
        print(key)
        print(
            f"key for workspace {args.workspace!r} stored (as a hash): copy it now, it is not shown again",
            file=sys.stderr,
        )
    elif args.keys_command == "list":
        for k in store.list_keys():
            print(f"{k['id']}  {k['workspace']:<20} {k['created_at']}  {k['label']}")
    else:
        n = store.revoke_key(args.key_id)
        if not n:
            raise PlainspeakError("E006", f"no key with id {args.key_id}", "key_id")
        print(f"{n} key(s) revoked", file=sys.stderr)
    return EXIT_OK


def audit_section(args: argparse.Namespace, audit: Any) -> None:
    """After `plainspeak audit --workspace`: add the workspace's figures and chart to the report."""
    if not getattr(args, "workspace", None):
        return
    from ..housestyle.report import add_to_audit
    from ..housestyle.store import check_workspace

    stats = _service(args).stats(check_workspace(args.workspace))
    add_to_audit(audit.report_dir, stats)
    print(
        f"house style of {args.workspace!r}: {stats['decisions']} decision(s), "
        f"{len(stats['style']['demoted_rules'])} demoted rule(s) (in the report)",
        file=sys.stderr,
    )


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "feedback": cmd_feedback,
    "style": cmd_style,
    "keys": cmd_keys,
}


def add_parsers(sub: Any) -> None:
    """Register `feedback`, `style` and `keys`, each running its command function."""
    _parsers(sub)
    for name, run in COMMANDS.items():
        sub.choices[name].set_defaults(run=run)
