"""How much plainer real held-out copy gets: every system side by side, in one run.

    python bench/plainer.py [--n-formal 40] [--n-templates 40] [--n-ose 200] [--target 8]
                            [--systems copy,rules,rules+restructure,rules+restructure+model]
                            [--sample N] [--model DIR] [--save PATH]

Dev sets (built here from the real data in ../shared/corpus, held out by document, seeded):
  formal     ~100-word paragraphs of consecutive sentences from the formal-english documents that
             `split_formal(rows, seed=13, n_sources=8)` holds out of model training
  templates  the email-template corpus: each .html / .txt file is one document (format auto)
  ose        OneStopEnglish sentences with their simpler teacher-written version, from articles held
             out by a seeded hash (articles are recovered from the aligned files: see `ose_articles`);
             the reference gives SARI
Systems (each is plainspeak.rewrite, one call per document): copy (the input), rules
(model none, no restructuring), rules+restructure (model none), rules+restructure+model (defaults).

Columns, per set and system (sentences as the pipeline segments them; "over target" means a grade
above --target, for copy the input's grade):
  doc FKGL      median Flesch-Kincaid grade of the documents after (textstat on the whole copy)
  doc drop      median per-document drop of that grade
  sent drop     median per-sentence drop (readability.sentence_grade, before minus after)
  over target % share of sentences above the target after the system
  prose over %  the same among sentences of at least 8 words (a template's labels and buttons get
                a grade too, but are no prose to make plainer; markup, entities and text that is not
                English are not graded: readability.reading_text, is_english)
  SARI          corpus SARI against the references (ose only)
  changed %     share of sentences the system changed
  meaning       median MiniLM similarity of changed sentences to their input
  kept %        protected items (placeholders, links, numbers, terms) of the input still there
  neg flips     changed sentences with fewer negations than the input (of which by a Say-YES reframe)
  model won % / restructure won %   of the sentences over the target before: share where an
                accepted change of that origin is in the output
  ms/doc        median milliseconds per document
Every number comes from this one run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from plainspeak.changes import Change  # noqa: E402
from plainspeak.embeddings import get_embedder  # noqa: E402
from plainspeak.errors import PlainspeakError  # noqa: E402
from plainspeak.model.training.data import CORPUS, FORMAL, split_formal  # noqa: E402
from plainspeak.model.training.metrics import corpus_sari, protected_survival  # noqa: E402
from plainspeak.model.training.rewrite_pairs import OSE_SHARE, loose, norm, ose_articles, ose_held_out, read_ose  # noqa: E402
from plainspeak.pipeline import analyze, rewrite  # noqa: E402
from plainspeak.readability import word_count  # noqa: E402
from plainspeak.render import apply_changes  # noqa: E402
from plainspeak.settings import Settings  # noqa: E402
from plainspeak.verify import negations  # noqa: E402

SEED = 13
SYSTEMS = ("copy", "rules", "rules+restructure", "rules+restructure+model")
FULL = "rules+restructure+model"
TEMPLATES = "email-templates"
_TAG = re.compile(r"<[^>]*>")
PROSE_WORDS = 8


def settings_for(system: str, target: float, model: str = "default") -> Settings | None:
    if system == "copy":
        return None
    if system == "rules":
        return Settings(model="none", restructure=False, target_grade=target)
    if system == "rules+restructure":
        return Settings(model="none", target_grade=target)
    if system == FULL:
        return Settings(target_grade=target, model=model)
    raise SystemExit(f"unknown system {system!r}: choose from {', '.join(SYSTEMS)}")


# --- dev sets -------------------------------------------------------------------------------------


@dataclass
class Doc:
    text: str
    fmt: str
    ref: str | None = None  # a simpler reference (ose)
    name: str = ""


def formal_paragraphs(corpus: Path, n: int, words: int = 100, seed: int = SEED) -> list[Doc]:
    """~`words`-word paragraphs of consecutive sentences of one held-out formal document each."""
    with gzip.open(corpus / FORMAL, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    held = split_formal(rows, seed=SEED, n_sources=8)
    paras: list[Doc] = []
    cur: list[str] = []
    source = None
    for r in rows + [{"text": "", "source": ""}]:  # a sentinel flushes the last paragraph
        if r["source"] != source:
            if cur and sum(len(s.split()) for s in cur) >= words // 2:
                paras.append(Doc(" ".join(cur), "text", name=str(source)))
            cur, source = [], r["source"]
        if r["source"] not in held:
            continue
        cur.append(r["text"])
        if sum(len(s.split()) for s in cur) >= words:
            paras.append(Doc(" ".join(cur), "text", name=str(source)))
            cur = []
    random.Random(seed).shuffle(paras)
    return paras[:n]


def templates(corpus: Path, n: int, seed: int = SEED) -> list[Doc]:
    """The template files (.html and .txt; the SendGrid sample-data .json files are not copy)."""
    root = corpus / TEMPLATES
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".html", ".txt"))
    random.Random(seed).shuffle(files)
    return [Doc(p.read_text(encoding="utf-8"), "auto", name=p.relative_to(root).as_posix()) for p in files[:n]]


def ose_sentences(corpus: Path, n: int, seed: int = SEED) -> tuple[list[Doc], dict[str, int]]:
    pairs = read_ose(corpus)
    arts = ose_articles(pairs)
    held = {a for a in set(arts) if ose_held_out(a, seed)}
    docs: list[Doc] = []
    seen: set[str] = set()
    for (_, hard, easy), art in zip(pairs, arts):
        key = norm(hard)
        if art not in held or key in seen or key == norm(easy) or len(hard.split()) < 5 or loose(hard, easy):
            continue
        seen.add(key)
        docs.append(Doc(hard, "text", ref=easy, name=art[:10]))
    info = {"articles": len(set(arts)), "held_out_articles": len(held), "held_out_pairs": len(docs)}
    random.Random(seed).shuffle(docs)
    return docs[:n], info


# --- running a system -----------------------------------------------------------------------------


@dataclass
class Sent:
    src: str  # the sentence's source span (markup and all)
    out: str
    grade: float
    grade_after: float
    origins: set[str] = field(default_factory=set)  # of the accepted changes
    say_yes: bool = False  # an accepted change drops a negation on purpose
    notes: list[str] = field(default_factory=list)  # the sentence's verdict notes (why a stage did or did not)


@dataclass
class Run:
    doc: Doc
    output: str
    fkgl_before: float
    fkgl_after: float
    sents: list[Sent]
    ms: float


def run_doc(doc: Doc, settings: Settings | None) -> Run:
    t = time.perf_counter()
    if settings is None:
        a = analyze(doc.text, doc.fmt)
        ms = 1000 * (time.perf_counter() - t)
        sents = []
        for s in a["sentences"]:
            lo, hi = s["source_span"]
            sents.append(Sent(doc.text[lo:hi], doc.text[lo:hi], s["grade"], s["grade"]))
        grade = float(a["scores"]["flesch_kincaid_grade"])
        return Run(doc, doc.text, grade, grade, sents, ms)
    r = rewrite(doc.text, doc.fmt, settings)
    ms = 1000 * (time.perf_counter() - t)
    by_sentence: dict[int, list[Change]] = {}
    for c in r.changes:
        if c.accepted:
            by_sentence.setdefault(c.sentence, []).append(c)
    notes = {v["sentence"]: v["notes"] for v in r.verdicts}
    sents = []
    for s in r.sentences:
        lo, hi = s["source_span"]
        src = r.source[lo:hi]
        cs = by_sentence.get(s["index"], [])
        out = apply_changes(src, cs, lo)[0] if cs else src
        origins = {c.origin for c in cs}
        say_yes = any(c.negation_ok for c in cs)
        sents.append(Sent(src, out, s["grade"], s["grade_after"], origins, say_yes, notes.get(s["index"], [])))
    before = float(r.scores_before["flesch_kincaid_grade"])
    return Run(doc, r.output, before, float(r.scores_after["flesch_kincaid_grade"]), sents, ms)


def plain(text: str) -> str:
    """A sentence span without markup, for the meaning and negation checks and for people to read."""
    return " ".join(_TAG.sub(" ", text).split())


def _median(xs: Iterable[float]) -> float | None:
    values = list(xs)
    return statistics.median(values) if values else None


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(x, nd)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def row(system: str, runs: list[Run], target: float, with_sari: bool) -> dict[str, Any]:
    sents = [s for r in runs for s in r.sents]
    changed = [s for s in sents if s.out != s.src]
    emb = get_embedder() if changed else None
    sims = [emb.similarity(plain(s.src), plain(s.out)) for s in changed] if emb else []
    kept = [protected_survival(s.src, s.out) for s in sents]
    flips = [s for s in changed if negations(plain(s.out)) < negations(plain(s.src))]
    hard = [s for s in sents if s.grade > target]
    prose = [s for s in sents if word_count(plain(s.src)) >= PROSE_WORDS]
    sari = None
    if with_sari:
        refs = [[r.doc.ref or r.doc.text] for r in runs]
        sari = _r(corpus_sari([r.doc.text for r in runs], [r.output for r in runs], refs))
    return {
        "system": system,
        "docs": len(runs),
        "sentences": len(sents),
        "doc FKGL before": _r(_median(r.fkgl_before for r in runs)),
        "doc FKGL": _r(_median(r.fkgl_after for r in runs)),
        "doc drop": _r(_median(r.fkgl_before - r.fkgl_after for r in runs)),
        "sent drop": _r(_median(s.grade - s.grade_after for s in sents)),
        "over target %": _pct(sum(s.grade_after > target for s in sents), len(sents)),
        "prose over %": _pct(sum(s.grade_after > target for s in prose), len(prose)),
        "SARI": sari,
        "changed %": _pct(len(changed), len(sents)),
        "meaning": _r(_median(sims), 3),
        "kept %": _pct(sum(k for k, _ in kept), sum(t for _, t in kept)) if any(t for _, t in kept) else 100.0,
        "neg flips": len(flips),
        "neg flips Say-YES": sum(s.say_yes for s in flips),
        "model won %": _pct(sum("model" in s.origins for s in hard), len(hard)),
        "restructure won %": _pct(sum("restructure" in s.origins for s in hard), len(hard)),
        "ms/doc": _r(_median(r.ms for r in runs), 1),
    }


def table(title: str, rows: list[dict[str, Any]]) -> str:
    cols = [c for c in rows[0] if any(r[c] is not None for r in rows)]
    lines = [f"\n## {title}\n", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join("-" if r[c] is None else str(r[c]) for c in cols) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(CORPUS), help=f"the shared corpus folder (default {CORPUS})")
    ap.add_argument("--n-formal", type=int, default=40, help="held-out formal paragraphs (~100 words each)")
    ap.add_argument("--n-templates", type=int, default=40, help="email-template files")
    ap.add_argument("--n-ose", type=int, default=200, help="held-out OneStopEnglish sentences (with references)")
    ap.add_argument("--target", type=float, default=8.0, help="the target grade given to every system (default 8)")
    ap.add_argument(
        "--systems", default=",".join(SYSTEMS), help=f"comma-separated systems to run (default {','.join(SYSTEMS)})"
    )
    ap.add_argument(
        "--sample",
        type=int,
        default=0,
        help="print this many seeded random changed sentences (formal and template sets) of the full pipeline "
        "(or of the last system run) as BEFORE/AFTER blocks, for a person to read",
    )
    ap.add_argument("--seed", type=int, default=SEED, help="seed for the OneStopEnglish split and every draw")
    ap.add_argument(
        "--model", default="default", help="the seq2seq model of the full pipeline (default: the shipped one)"
    )
    ap.add_argument("--save", metavar="PATH", help="also write every figure of this run to this JSON file")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    settings = {s: settings_for(s, args.target, args.model) for s in systems}
    ose, ose_info = ose_sentences(corpus, args.n_ose, args.seed) if args.n_ose > 0 else ([], {})
    sets = [
        ("formal", "held-out formal paragraphs (~100 words)", formal_paragraphs(corpus, args.n_formal, seed=args.seed)),
        ("templates", "email templates (whole files, format auto)", templates(corpus, args.n_templates, args.seed)),
        ("ose", "held-out OneStopEnglish sentences (refs: the teachers' simpler versions)", ose),
    ]
    print(f"# plainspeak: how much plainer (target grade {args.target:g}; systems {', '.join(systems)})")
    if ose_info:
        print(
            f"\nOneStopEnglish: {ose_info['articles']} recovered articles, {ose_info['held_out_articles']} held "
            f"out ({OSE_SHARE:.0%} by sha1 of seed:article), {ose_info['held_out_pairs']} usable pairs there"
        )
    tables: dict[str, list[dict[str, Any]]] = {}
    skipped: dict[str, list[str]] = {}
    kept_runs: dict[str, list[Run]] = {}
    sample_system = FULL if FULL in systems else systems[-1]
    for key, title, docs in sets:
        if not docs:
            continue
        rows = []
        for system in systems:
            runs = []
            for doc in docs:
                try:
                    runs.append(run_doc(doc, settings[system]))
                except PlainspeakError as exc:
                    skipped.setdefault(key, []).append(f"{doc.name} ({system}): {exc}")
            if not runs:
                continue
            rows.append(row(system, runs, args.target, key == "ose"))
            if system == sample_system and key in ("formal", "templates"):
                kept_runs[key] = runs
        if rows:
            tables[key] = rows
            print(table(f"{key}: {title}, n={len(docs)}", rows), flush=True)
    for key, why in skipped.items():
        print(f"\n{key}: {len(why)} documents skipped: " + "; ".join(why[:5]))
    sample: list[dict[str, str]] = []
    if args.sample > 0:
        pool = [
            (key, r.doc.name, s)
            for key, runs in kept_runs.items()
            for r in runs
            for s in r.sents
            if plain(s.out) != plain(s.src)
        ]
        drawn = random.Random(args.seed).sample(pool, min(args.sample, len(pool)))
        print(f"\n## Sample: {len(drawn)} of {len(pool)} changed sentences ({sample_system}; formal and templates)\n")
        for key, name, s in drawn:
            sample.append({"set": key, "document": name, "before": plain(s.src), "after": plain(s.out)})
            print(f"[{key}: {name}]\nBEFORE: {plain(s.src)}\nAFTER: {plain(s.out)}\n")
    if args.save:
        saved = Path(args.save).resolve()
        saved.parent.mkdir(parents=True, exist_ok=True)
        figures = {
            "target": args.target,
            "seed": args.seed,
            "systems": systems,
            "sizes": {key: len(docs) for key, _, docs in sets},
            "ose_split": ose_info,
            "tables": tables,
            "skipped": skipped,
            "sample_system": sample_system,
            "sample": sample,
        }
        saved.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {saved}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
