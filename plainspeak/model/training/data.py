"""Build training pairs and dev sets from the real shared corpora, reproducibly (seeded).

Held-out data is chosen by source document (the corpus `source` field), never by line.
Training pairs are sentinel-masked (protected spans -> <pN>) and carry a control prefix task.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...segment.protect import find_protected
from ..sentinels import mask
from .jargonize import jargonize, merge
from .rewrite_pairs import OSE, WIKISPLIT, ose_train_pairs, vocabulary, wikisplit_pairs

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"  # ../shared/corpus beside the checkout
PLAIN = "plain-english/sentences.jsonl.gz"
FORMAL = "formal-english/sentences.jsonl.gz"


@dataclass
class BuildConfig:
    corpus: Path = CORPUS
    out: Path = Path("build/model-data")
    seed: int = 13
    dev_share: float = 0.03  # of plain source documents
    dev_formal_sources: int = 8  # formal source documents held out
    identity_share: float = 0.2  # plain sentences kept as they are (leave plain text alone)
    merge_share: float = 0.12  # neighbour sentences merged (the model learns to split)
    task_share: float = 0.3  # pairs that carry their specific task prefix instead of "simplify"
    distill: int = 24_000  # formal sentences run through the rules (0: none)
    formal_identity_share: float = 0.5  # of those the rules leave alone, kept as identity pairs
    formal_jargon_share: float = 0.5  # of the formal sentences, jargonized (or merged) before the rules' target
    formal_merge_share: float = 0.25  # of those, merged with the next sentence (the model learns to split them)
    ose_repeat: int = 3  # OneStopEnglish training pairs (teacher simplifications), each used this often (0: none)
    wikisplit_repeat: int = 3  # WikiSplit human splits (tune + validation files), each used this often (0: none)
    wikisplit_dev: str = "test.tsv.gz"  # the WikiSplit file kept for the dev_split set
    limit: int = 0  # plain training sentences to use (0: all)
    dev_size: int = 600
    min_words: int = 5
    max_words: int = 45


def read(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def held_out(source: str, seed: int, share: float) -> bool:
    digest = hashlib.sha1(f"{seed}:{source}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


def split_formal(rows: list[dict[str, str]], seed: int, n_sources: int) -> set[str]:
    sources = sorted({r["source"] for r in rows}, key=lambda s: hashlib.sha1(f"{seed}:{s}".encode()).hexdigest())
    return set(sources[:n_sources])


def _ok(text: str, cfg: BuildConfig) -> bool:
    n = len(text.split())
    return cfg.min_words <= n <= cfg.max_words


def mask_pair(src: str, tgt: str) -> tuple[str, str] | None:
    """Mask the source; give each protected item of the target the sentinel of the same item in the source."""
    m = mask(src)
    free = Counter(m.items)
    out, pos = [], 0
    used: list[int] = []
    for sp in find_protected(tgt)[: len(m.items) + 1]:
        if not free[sp.text]:
            return None
        free[sp.text] -= 1
        idx = next(i for i, it in enumerate(m.items) if it == sp.text and i not in used)
        used.append(idx)
        out.append(tgt[pos : sp.start])
        out.append(m.fmt.format(idx))
        pos = sp.end
    out.append(tgt[pos:])
    if sorted(used) != list(range(len(m.items))):
        return None
    return m.text, "".join(out)


def _mergeable(rows: list[dict[str, str]], i: int, cfg: BuildConfig, share: float, rng: random.Random) -> bool:
    """Draw whether rows[i] is merged with the next sentence of its document (both short enough)."""
    nxt = rows[i + 1] if i + 1 < len(rows) else None
    return bool(
        nxt
        and nxt["source"] == rows[i]["source"]
        and rng.random() < share
        and len(rows[i]["text"].split()) + len(nxt["text"].split()) <= cfg.max_words
        and _ok(nxt["text"], cfg)
    )


def plain_pairs(
    rows: list[dict[str, str]], cfg: BuildConfig, rng: random.Random, always_edit: bool = False
) -> Iterator[dict[str, str]]:
    """(jargonized, plain) pairs from consecutive real sentences; identity pairs in between."""
    i = 0
    while i < len(rows):
        text = rows[i]["text"]
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        i += 1
        if not _ok(text, cfg):
            continue
        if not always_edit and rng.random() < cfg.identity_share:
            yield {"src": text, "tgt": text, "task": "simplify", "kind": "identity"}
            continue
        if nxt is not None and _mergeable(rows, i - 1, cfg, cfg.merge_share, rng):
            merged = merge(text, nxt["text"], rng)
            if merged:
                i += 1
                target = f"{text} {nxt['text']}"
                extra = jargonize(merged, rng, max_edits=1) if rng.random() < 0.5 else None
                yield {"src": extra.text if extra else merged, "tgt": target, "task": "split", "kind": "merge"}
                continue
        edit = jargonize(text, rng)
        if edit is None:
            if not always_edit:
                yield {"src": text, "tgt": text, "task": "simplify", "kind": "identity"}
            continue
        yield {"src": edit.text, "tgt": text, "task": edit.task, "kind": "jargon"}


def distill_pairs(
    rows: list[dict[str, str]], cfg: BuildConfig, rng: random.Random, log: Callable[[str], None] = print
) -> Iterator[dict[str, str]]:
    """Real formal sentences with the rule layer's verified rewrite as the target (distillation).

    A share of them is first jargonized, or merged with the next sentence of its document, like the
    plain side: without these, nearly all edited inputs the model sees are plain-site prose, and on
    formal text it mangles the words it must copy (measured: the first word of most held-out formal
    sentences). The target is always the rules' rewrite of the real sentence(s)."""
    from ...pipeline import rewrite
    from ...settings import Settings

    # the rules and the restructure stage, never the model itself (it would learn its own output)
    settings = Settings(check_meaning=False, model="none")
    restructured = [0]

    def rules(text: str) -> str:
        result = rewrite(text, "text", settings)
        restructured[0] += any(c.origin == "restructure" and c.accepted for c in result.changes)
        return result.output

    okay = [i for i, r in enumerate(rows) if _ok(r["text"], cfg)]
    log(f"distill: {min(cfg.distill, len(okay))} formal sentences through the rules and the restructure stage")
    picked = rng.sample(okay, min(cfg.distill, len(okay)))
    for n, i in enumerate(picked):
        if n and n % 4000 == 0:
            log(f"distill: {n}/{len(picked)} done, {restructured[0]} restructured")
        text = rows[i]["text"]
        out = rules(text)
        if rng.random() < cfg.formal_jargon_share:
            if _mergeable(rows, i, cfg, cfg.formal_merge_share, rng):
                nxt = rows[i + 1]
                merged = merge(text, nxt["text"], rng)
                if merged:
                    yield {"src": merged, "tgt": f"{out} {rules(nxt['text'])}", "task": "split", "kind": "formal-merge"}
                    continue
            edit = jargonize(text, rng)
            if edit is not None:
                yield {"src": edit.text, "tgt": out, "task": edit.task, "kind": "formal-jargon"}
                continue
        if out != text:
            yield {"src": text, "tgt": out, "task": "simplify", "kind": "distill"}
        elif rng.random() < cfg.formal_identity_share:
            # formal words copied as they are, so the model does not "simplify" terms it has never seen
            yield {"src": text, "tgt": text, "task": "simplify", "kind": "formal-identity"}


def human_pairs(cfg: BuildConfig, plain: list[dict[str, str]], formal: list[dict[str, str]]) -> list[dict[str, str]]:
    """The real human rewrites (rewrite_pairs.py): OneStopEnglish articles not held out by the
    benchmark, as `simplify` pairs, and WikiSplit splits, as `split` pairs, each repeated."""
    out: list[dict[str, str]] = []
    if cfg.ose_repeat and (cfg.corpus / OSE).is_dir():
        vocab = vocabulary(r["text"] for r in plain + formal)
        for hard, easy in ose_train_pairs(cfg.corpus, vocab, cfg.seed):
            if _ok(hard, cfg):
                out += [{"src": hard, "tgt": easy, "task": "simplify", "kind": "ose"}] * cfg.ose_repeat
    if cfg.wikisplit_repeat and (cfg.corpus / WIKISPLIT).is_dir():
        files = [f for f in ("tune.tsv.gz", "validation.tsv.gz", "test.tsv.gz") if f != cfg.wikisplit_dev]
        for src, tgt in wikisplit_pairs(cfg.corpus, files):
            if _ok(src, cfg):
                out += [{"src": src, "tgt": tgt, "task": "split", "kind": "wikisplit"}] * cfg.wikisplit_repeat
    return out


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def build(cfg: BuildConfig, log: Callable[[str], None] = print) -> dict[str, int]:
    """Write train.jsonl.gz (masked pairs) and dev_plain / dev_identity / dev_formal / dev_split (raw
    text) under cfg.out. The OneStopEnglish dev set is bench/plainer.py's (`ose_held_out`)."""
    rng = random.Random(cfg.seed)
    plain = read(cfg.corpus / PLAIN)
    formal = read(cfg.corpus / FORMAL)
    plain_train = [r for r in plain if not held_out(r["source"], cfg.seed, cfg.dev_share)]
    plain_dev = [r for r in plain if held_out(r["source"], cfg.seed, cfg.dev_share)]
    dev_sources = split_formal(formal, cfg.seed, cfg.dev_formal_sources)
    formal_train = [r for r in formal if r["source"] not in dev_sources]
    formal_dev = [r for r in formal if r["source"] in dev_sources]
    if cfg.limit:
        plain_train = plain_train[: cfg.limit]
    log(
        f"plain: {len(plain_train)} train / {len(plain_dev)} held-out sentences; "
        f"formal: {len(formal_train)} train / {len(formal_dev)} held-out ({len(dev_sources)} documents)"
    )
    pairs: list[dict[str, str]] = []
    raw = list(plain_pairs(plain_train, cfg, rng))
    if cfg.distill:
        raw += list(distill_pairs(formal_train, cfg, rng, log))
    raw += human_pairs(cfg, plain, formal)
    kinds: Counter[str] = Counter()
    for p in raw:
        masked = mask_pair(p["src"], p["tgt"])
        if masked is None:
            continue
        task = p["task"] if rng.random() < cfg.task_share else "simplify"
        pairs.append({"src": masked[0], "tgt": masked[1], "task": task, "kind": p["kind"]})
        kinds[p["kind"]] += 1
    rng.shuffle(pairs)
    _write(cfg.out / "train.jsonl.gz", pairs)
    dev_rng = random.Random(cfg.seed + 1)
    dev = [
        {"src": p["src"], "ref": p["tgt"], "kind": p["kind"]}
        for p in plain_pairs(plain_dev, cfg, dev_rng, always_edit=True)
    ]
    dev_rng.shuffle(dev)
    ident = [{"src": r["text"], "ref": r["text"], "kind": "identity"} for r in plain_dev if _ok(r["text"], cfg)]
    dev_rng.shuffle(ident)
    fdev = [{"src": r["text"], "kind": "formal"} for r in formal_dev if _ok(r["text"], cfg)]
    dev_rng.shuffle(fdev)
    splits = [
        {"src": a, "ref": b, "kind": "wikisplit"}
        for a, b in (wikisplit_pairs(cfg.corpus, [cfg.wikisplit_dev]) if (cfg.corpus / WIKISPLIT).is_dir() else [])
    ]
    dev_rng.shuffle(splits)
    _write(cfg.out / "dev_split.jsonl.gz", splits[: cfg.dev_size])
    _write(cfg.out / "dev_plain.jsonl.gz", dev[: cfg.dev_size])
    _write(cfg.out / "dev_identity.jsonl.gz", ident[: cfg.dev_size // 2])
    _write(cfg.out / "dev_formal.jsonl.gz", fdev[: cfg.dev_size])
    stats = {
        "train_pairs": len(pairs),
        **{f"train_{k}": v for k, v in kinds.items()},
        "dev_plain": min(len(dev), cfg.dev_size),
        "dev_identity": min(len(ident), cfg.dev_size // 2),
        "dev_formal": min(len(fdev), cfg.dev_size),
        "dev_split": min(len(splits), cfg.dev_size),
    }
    (cfg.out / "stats.json").write_text(json.dumps(stats, indent=2) + "\n")
    log(f"data: {stats}")
    return stats
