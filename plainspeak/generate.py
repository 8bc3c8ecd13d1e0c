"""Regenerate every generated file, or check that none has drifted.

    python -m plainspeak.generate            # rewrite them
    python -m plainspeak.generate --check    # exit 1 and name each file that differs (CI runs this)

Generated: docs/rules.md (the rule data), docs/restructure.md (the transforms), docs/errors.md (the error
catalogue), the option tables
in README.md and docs/api.md (between `<!-- generated: NAME -->` and `<!-- end: NAME -->`, from
`Settings` field metadata and the server's OPTIONS), and the model card's Benchmark section (from
`bench/results/quality.json`, which `python bench/quality.py --save` writes). Figures are never
typed into docs: README and docs/model.md link to the card.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CARD = REPO / "plainspeak" / "model" / "default" / "README.md"
RESULTS = REPO / "bench" / "results"
QUALITY = RESULTS / "quality.json"


def _code(value: Any) -> str:
    return f"`{value}`"


def settings_table() -> str:
    """The settings: flag, default, meaning (from `Settings` field metadata)."""
    from .settings import Settings

    defaults = Settings()
    rows = ["| setting | CLI flag | default | meaning |", "|---|---|---|---|"]
    for name, option in Settings.options().items():
        value = getattr(defaults, name)
        shown = "all" if value is None else ("empty" if name == "glossary" else _code(json.dumps(value)))
        flag = _code(f"{option.flag} {option.metavar}" if option.metavar else option.flag) if option.flag else ""
        rows.append(f"| `{name}` | {flag} | {shown} | {option.help.replace('|', '/')} |")
    return "\n".join(rows)


def server_table() -> str:
    """The server's flags and environment variables (from server/config.py)."""
    from .server.config import ENVIRONMENT_ONLY, OPTIONS, ServerConfig, add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    actions = {flag: a for a in parser._actions for flag in a.option_strings}
    defaults = ServerConfig()
    rows = ["| flag | environment variable | default | meaning |", "|---|---|---|---|"]
    for name, flag, var, text in OPTIONS:
        action = actions[flag]
        repeat = isinstance(action, argparse._AppendAction)
        metavar = action.metavar if isinstance(action.metavar, str) else ("" if action.nargs == 0 else name.upper())
        shown_flag = f"`{flag}{' ' + metavar if metavar else ''}`" + (" (repeatable)" if repeat else "")
        value = getattr(defaults, name)
        shown = "none" if value in (None, [], "") else _code(value)
        rows.append(f"| {shown_flag} | `{var}` | {shown} | {text} |")
    for var, default, text in ENVIRONMENT_ONLY:
        rows.append(f"| | `{var}` | {default} | {text} |")
    return "\n".join(rows)


def card_benchmark(data: dict[str, Any]) -> str:
    """The model card's Benchmark section, from one `bench/quality.py --save` run."""
    tables, sizes, speed = data["tables"], data["sizes"], data.get("speed", {})
    plain = {r["system"]: r for r in tables["dev_plain"]}
    formal = {r["system"]: r for r in tables["dev_formal"]}
    lines = [
        "## Benchmark (one `python bench/quality.py --save` run, 2 CPU threads, int8)",
        "",
        f"{sizes['dev_plain']} held-out dev_plain sentences: SARI copy {plain['copy']['SARI']}, rules "
        f"{plain['rules']['SARI']}, rules + model {plain['rules+model']['SARI']}, "
        f"model alone {plain['model']['SARI']}; "
        f"chrF copy {plain['copy']['chrF']}, model alone {plain['model']['chrF']}, rules + model "
        f"{plain['rules+model']['chrF']}; protected items kept {plain['rules+model']['kept %']}% and invented items "
        f"{plain['rules+model']['invented %']}% (rules + model); "
        f"a model rewrite accepted for {plain['rules+model']['model rewrites %']}% of them, and for "
        f"{formal['rules+model']['model rewrites %']}% of {sizes['dev_formal']} held-out formal sentences.",
    ]
    sp = list(speed.values())
    if len(sp) == 2:
        lines.append(
            f"Greedy: p50 {sp[0]['greedy_p50_ms']:.0f} ms and {sp[0]['batched_per_s']:.0f} sentences/s "
            f"batched (dev_plain); p50 {sp[1]['greedy_p50_ms']:.0f} ms and {sp[1]['batched_per_s']:.0f} "
            f"sentences/s (dev_formal). Load after import {sp[0]['load_s']:.2f} s."
        )
    lines.append("All tables of that run: `bench/results/quality.json`.")
    return "\n".join(lines) + "\n"


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def measured_table() -> str:
    """README's table of measured speed figures, from the JSON files the benchmarks write to bench/results/."""
    rows = ["| figure | target | measured | |", "|---|---|---|---|"]
    startup = _load("startup")
    if startup:
        for c in startup["commands"]:
            rows.append(
                f"| `{c['command']}` on one sentence (median of {startup['runs']} cold runs) | < {c['target_s']:g} s "
                f"| {c['median_wall_s']:.2f} s | {_met(c['met'])} |"
            )
    core = _load("core")
    if core:
        rows.append(
            f"| pipeline p50 per 100-word paragraph (`bench_core.py`, {core['paragraphs']} paragraphs) "
            f"| <= {core['target_p50_ms']} ms | {core['p50_ms']:.0f} ms (p95 {core['p95_ms']:.0f} ms, "
            f"peak RSS {core['peak_rss_mb']} MB) | {_met(core['p50_ms'] <= core['target_p50_ms'])} |"
        )
    api = _load("api")
    if api:
        words = api["paragraph_words"]
        for ph in api["phases"]:
            n, errors = ph["clients"], sum((ph["errors"] or {}).values())
            if n == 1:
                ok = ph["p50_ms"] <= 60 and ph["p99_ms"] <= 250
                target = "p50 <= 60 ms, p99 <= 250 ms"
            elif n == 50:
                ok = ph["requests_per_s"] >= 15 and ph["p99_ms"] <= 4000 and not errors
                target = "0 errors, >= 15 req/s, p99 <= 4 s"
            else:
                continue
            rows.append(
                f"| API, {n} client(s), {words}-word paragraph (`bench_api.py`) | {target} "
                f"| p50 {ph['p50_ms']:.0f} ms, p99 {ph['p99_ms']:.0f} ms, {ph['requests_per_s']} req/s, "
                f"{errors} errors | {_met(ok)} |"
            )
        if api.get("machine_pace_ms"):
            before, after = api["machine_pace_ms"]
            rows.append(
                f"| machine pace during the API run: a fixed Python loop (`bench_api.py`; lower is faster) "
                f"| stated | {before} ms before, {after} ms after | |"
            )
        mem = api.get("server_memory") or {}
        if mem.get("peak_rss_tree_mb"):
            rss = mem["peak_rss_tree_mb"]
            rows.append(f"| API server peak RSS, all {mem['processes']} processes | stated | {rss} MB | |")
    batch = _load("batch")
    if batch:
        by = {r["workers"]: r for r in batch["results"]}
        if 1 in by:
            r = by[1]
            runs = batch["meta"].get("repeat", 1)
            of = f", median of {runs} runs" if runs > 1 else ""
            rows.append(
                f"| batch, 1 worker, {r['templates']} templates (`bench_batch.py`) | >= 20 templates/s "
                f"| {r['templates_per_s_wall']} templates/s (peak RSS {r['peak_rss_tree_mb']} MB{of}) "
                f"| {_met(r['templates_per_s_wall'] >= 20)} |"
            )
    # the workers' ratio from the run on the corpus x5 (bench_batch.py --scale 5) when there is one
    scaled = _load("batch_x5") or batch
    if scaled:
        by = {r["workers"]: r for r in scaled["results"]}
        if 1 in by and 2 in by:
            paired = scaled.get("ratio_2_to_1")
            ratio = paired["median"] if paired else by[2]["templates_per_s_wall"] / by[1]["templates_per_s_wall"]
            runs = scaled["meta"].get("repeat", 1)
            how = f", {runs} rounds taking turns, median ratio of the rounds {paired['rounds']}" if paired else ""
            rows.append(
                f"| batch, 2 workers against 1 (corpus x{scaled['meta']['scale']}{how}; median runs "
                f"{by[1]['templates_per_s_wall']} and {by[2]['templates_per_s_wall']} templates/s, peak RSS "
                f"{by[2]['peak_rss_tree_mb']} MB) | >= 1.5x | {ratio:.2f}x | {_met(ratio >= 1.5)} |"
            )
    precision = _load("embedding_precision")
    if precision:
        m = precision["meaning_checks"]
        ms = m["ms_per_12_sentences"]
        flips = sum(m["decision_flips"].values())
        rows.append(
            f"| meaning check in bfloat16 against float32 (`embedding_precision.py`: {precision['documents']} "
            f"held-out documents, {m['pairs']} meaning checks; {ms['float32']} and {ms['bfloat16']} ms per 12 "
            f"sentences) | same outputs | {precision['outputs_identical']} of {precision['documents']} outputs "
            f"identical, {flips} decisions flipped, similarity gap <= {m['max_gap']:.4f}; {m['speedup']}x faster "
            f"| {_met(precision['outputs_identical'] == precision['documents'] and not flips)} |"
        )
    if len(rows) == 2:
        return "No saved benchmark figures yet (`bench/results/` is empty).\n"
    return "\n".join(rows) + "\n"


def _between(text: str, name: str, body: str) -> str:
    """Replace what lies between the markers of block `name` with `body`."""
    pattern = re.compile(rf"(<!-- generated: {name} -->\n)(.*?)(<!-- end: {name} -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"generate: no <!-- generated: {name} --> block to fill")
    return pattern.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(3), text)


def _section(text: str, heading: str, body: str) -> str:
    """Replace the Markdown section that starts with `heading` (up to the next `## `) with `body`."""
    start = text.find(heading)
    if start < 0:
        return text.rstrip("\n") + "\n\n" + body
    end = text.find("\n## ", start + 1)
    return text[:start] + body + (text[end + 1 :] if end >= 0 else "")


def outputs() -> dict[Path, Callable[[str], str]]:
    """Each generated file and how to make its new text from the current one."""
    from . import errors_doc
    from .restructure import docs as restructure_docs
    from .rules import docs as rules_docs

    def readme(text: str) -> str:
        text = _between(_between(text, "settings", settings_table()), "server-options", server_table())
        return _between(text, "measured", measured_table())

    def card(text: str) -> str:
        if not QUALITY.is_file():
            return text
        return _section(text, "## Benchmark", card_benchmark(json.loads(QUALITY.read_text(encoding="utf-8"))))

    return {
        rules_docs.DOC_PATH: lambda _: rules_docs.render(),
        errors_doc.DOC_PATH: lambda _: errors_doc.render(),
        restructure_docs.DOC_PATH: lambda _: restructure_docs.render(),
        REPO / "README.md": readme,
        REPO / "docs" / "api.md": lambda text: _between(text, "server-options", server_table()),
        CARD: card,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m plainspeak.generate", description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file differs")
    args = ap.parse_args(argv)
    stale = []
    for path, make in outputs().items():
        old = path.read_text(encoding="utf-8")
        new = make(old)
        if new != old:
            stale.append(path.relative_to(REPO))
            if not args.check:
                path.write_text(new, encoding="utf-8")
    verb = "differ" if args.check else "rewritten"
    print(f"{len(stale)} generated file(s) {verb}" + (": " + ", ".join(map(str, stale)) if stale else ""))
    if stale and args.check:
        print("run `python -m plainspeak.generate` and commit the result", file=sys.stderr)
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
