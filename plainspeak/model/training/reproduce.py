"""`plainspeak train`: data build -> tokenizer -> training -> evaluation, with progress on stderr."""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .data import BuildConfig, build
from .train import STATE, TrainConfig, load_pairs, target_text, train


@dataclass
class Recipe:
    build: BuildConfig = field(default_factory=BuildConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    eval_size: int = 200  # dev sentences scored at the end (0: skip)
    skip_build: bool = False  # reuse the data already in build.out


TINY = {
    "build": {"limit": 400, "distill": 60, "dev_size": 40},
    "train": {
        "vocab": 500,
        "d_model": 32,
        "d_ff": 64,
        "layers": 1,
        "heads": 2,
        "steps": 20,
        "batch_tokens": 512,
        "warmup": 5,
        "log_every": 5,
        "save_every": 10_000,
        "max_len": 64,
    },
    "eval_size": 10,
}


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(recipe: Recipe, log: Callable[[str], None] = _log) -> dict[str, object]:
    from .tokenizer_build import train_tokenizer

    t0 = time.time()
    recipe.train.data = recipe.build.out
    start = tokenizer_source(recipe.train)
    if start is not None and (recipe.build.out / "train.jsonl.gz").is_file() and recipe.train.resume:
        recipe.skip_build = True  # a resumed run goes on with the data it started with
    if not recipe.skip_build:
        log(f"building data from {recipe.build.corpus} (seed {recipe.build.seed})")
        build(recipe.build, log)
    if start is not None:
        from transformers import PreTrainedTokenizerFast

        log(f"using the tokenizer of {start}")
        tok = PreTrainedTokenizerFast.from_pretrained(str(start), local_files_only=True)
    else:
        pairs = load_pairs(recipe.build.out / "train.jsonl.gz")
        rng = random.Random(recipe.train.seed)
        sample = rng.sample(pairs, min(len(pairs), 120_000))
        log(f"training a {recipe.train.vocab}-token byte-level BPE tokenizer on {len(sample)} pairs")
        tok = train_tokenizer(
            (t for p in sample for t in (p["src"], target_text(p["tgt"], recipe.train))), recipe.train.vocab
        )
    model = train(recipe.train, tok, log)
    report: dict[str, object] = {"minutes": round((time.time() - t0) / 60, 1)}
    if recipe.eval_size:
        from .evaluate import quick_eval

        report.update(quick_eval(recipe.train.out, recipe.build.out, recipe.eval_size, model=model, tok=tok))
        log(f"evaluation on {recipe.eval_size} held-out sentences: {report}")
    (Path(recipe.train.out) / "eval.json").write_text(json.dumps(report, indent=2) + "\n")
    write_card(Path(recipe.train.out), recipe, report)
    return report


def tokenizer_source(cfg: TrainConfig) -> Path | None:
    """Where the tokenizer comes from when it is not trained anew: the checkpoint a resumed run
    continues, or the model a fine-tuning run starts from."""
    if cfg.resume and (cfg.out / "checkpoint" / STATE).is_file():
        return cfg.out / "checkpoint"
    return cfg.init_from or cfg.tokenizer


def write_card(out: Path, recipe: Recipe, report: dict[str, object]) -> None:
    """README.md model card: data, size, command, metrics, limits."""
    training = json.loads((out / "training.json").read_text())
    stats_path = recipe.build.out / "stats.json"
    stats = json.loads(stats_path.read_text()) if stats_path.is_file() else {}
    weights = out / "model.safetensors"
    t = recipe.train
    start = (
        f"fine-tuned from `{t.init_from}` (its tokenizer and weights)"
        if t.init_from
        else "from scratch (a new tokenizer trained on the pairs)"
    )
    controls = (
        "; each prefix carries the target grade and length ratio (`prompts/README.md`)" if t.prompts != "v1" else ""
    )
    command = " ".join(
        [
            "plainspeak train",
            *([f"--init-from {t.init_from}"] if t.init_from else []),
            *([f"--prompts {t.prompts}"] if t.prompts != "v1" else []),
            *([f"--lr {t.lr:g}"] if t.lr != 2e-3 else []),
            *[
                f"--{k.replace('_', '-')} {getattr(t, k)}"
                for k in ("d_model", "d_ff", "layers", "heads", "batch_tokens", "warmup")
                if getattr(t, k) != getattr(TrainConfig, k)
            ],
            *([f"--device {t.device}"] if t.device != "auto" else []),
            f"--steps {t.steps}",
            f"--minutes {t.minutes:g}",
        ]
    )
    card = f"""# plainspeak sentence rewriter (mBART-style, trained from scratch)

A small pre-layer-norm BART (transformers `MBartForConditionalGeneration`) encoder-decoder that rewrites one jargon-heavy English sentence into plain language.
plainspeak uses it for whole-sentence rewrites (splitting, active voice, hidden verbs) that its
phrase rules cannot reach; every output is checked by plainspeak's verifier before it is used.

- **Architecture**: mBART-style (pre-layer-norm BART), {t.layers}+{t.layers} layers, d_model {t.d_model}, d_ff {t.d_ff}, {t.heads} heads,
  byte-level BPE vocabulary of {t.vocab} tokens with sentinels `<p0>`..`<p31>` for protected spans.
- **Size**: {weights.stat().st_size / 4e6:.1f}M parameters: {weights.stat().st_size / 1e6:.1f} MB of float32 weights
  (`model.safetensors`; {weights.stat().st_size / 2e6:.1f} MB as float16 with `python -m plainspeak.model.training.ship`).
- **Training**: {training.get("step")} steps ({training.get("train_minutes")} min) on {training.get("device", "2 CPU cores")}, AdamW,
  batches of about {t.batch_tokens} source tokens,
  peak learning rate {t.lr}, cosine schedule over min({t.steps} steps, {t.minutes} min), seed {t.seed};
  copy initialisation ({"on" if t.copy_init else "off"}: the decoder starts with the encoder's positions and
  identity cross-attention, so the untrained model already copies and training learns the edits).
- **Start**: {start}.
- **Prompts**: control prefixes from `prompts/{t.prompts}/` (the pipeline decodes under `split`, one
  greedy candidate, and once more for each guided split; every task is trained){controls}.
- **Data** (seed {recipe.build.seed}, held out by source document): {json.dumps(stats)}.
  Plain side: real CC0 / public-domain sentences from US federal plain-language sites (18F, digital.gov,
  plainlanguage.gov, USWDS), jargonized by inverse rule substitutions, wordy openers and closers,
  passivization, hidden verbs, Say-NO framings and sentence merging; identity pairs; plus real
  Federal Register / CFR / bill sentences with the rule layer's rewrite as target (distillation), half of
  them jargonized or merged first (the rules and the restructure stage, never the model). Targets start
  with a space, so each word is the same token as in the source.
  Human rewrites (CC BY-SA 4.0; this model was trained on CC BY-SA data): **OneStopEnglish** (Vajjala &
  Lučić 2018, github.com/nishkalavallabhi/OneStopEnglishCorpus, sentence-aligned news rewritten by
  teachers for easier reading levels; articles held out as in `bench/plainer.py`, text repaired where
  extraction lost apostrophes and ligatures) and **WikiSplit** (Botha et al. 2018,
  github.com/google-research-datasets/wiki-split, human sentence splits from Wikipedia edits; only
  splits that add no content word; `test.tsv` held out as dev_split).
- **Reproduce**: `{command}`.

## Quick evaluation (held-out dev_plain, greedy, end of training)

```json
{json.dumps(report, indent=2)}
```

See `docs/model.md` and `bench/quality.py` for the full comparison with the rules (SARI, chrF,
grade, meaning, protected items, invented items, speed), measured in one run.

## Limits

Trained for {training.get("train_minutes")} minutes on {training.get("device", "2 CPU cores")}, from scratch,
mostly on jargonized real sentences: it undoes the transformations it was trained on well; on
out-of-domain text (real formal text, customer letters) it mostly copies, and its free output still
has wrong verb forms, dropped words and fragments. plainspeak holds decoding to the words a licensed
rewrite may use, asks for a split at each clause joint of a long sentence, and applies an output only
when it passes verification and the model licence (every change one that the rule data or grammar
accounts for; `plainspeak/model/allowed_changes.py`), so a bad candidate costs time, not correctness;
on held-out formal text that leaves few rewrites (`bench/plainer.py`'s "model won %"). plainspeak
loads the weights (float32, or float16 as `python -m plainspeak.model.training.ship` stores them) as
float32 with int8 linear layers (dynamic quantization) for speed.
English only. Not for legal advice or for text where an exact wording is required.
"""
    (out / "README.md").write_text(card)
