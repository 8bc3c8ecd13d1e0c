"""`plainspeak train`: reproduce the sentence-rewrite model from the shared corpora (docs/model.md)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import PlainspeakError
from .common import EXIT_OK


def add_parsers(sub: Any) -> None:
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
    tr.add_argument(
        "--prompts", help="prompt version in prompts/ (default v1; v2 adds grade and length-ratio controls)"
    )
    tr.add_argument("--lr", type=float, help="peak learning rate (default 2e-3; lower when fine-tuning)")
    tr.add_argument(
        "--init-from",
        metavar="DIR",
        help="fine-tune: start from this trained model directory (its tokenizer and weights), "
        "e.g. plainspeak/model/default",
    )
    tr.add_argument(
        "--resume",
        action="store_true",
        help="continue from OUT/checkpoint (weights, optimizer, step, time spent; saved every 500 steps) "
        "with the data already in --data; without a checkpoint, start as usual",
    )
    size = tr.add_argument_group("model size and batches (defaults: the shipped model's)")
    size.add_argument("--d-model", type=int, metavar="N", help="hidden size (default 256)")
    size.add_argument("--d-ff", type=int, metavar="N", help="feed-forward size (default 1024)")
    size.add_argument("--layers", type=int, metavar="N", help="encoder layers, and as many decoder layers (default 3)")
    size.add_argument("--heads", type=int, metavar="N", help="attention heads (default 4)")
    size.add_argument("--batch-tokens", type=int, metavar="N", help="source tokens per batch (default 2048)")
    size.add_argument("--warmup", type=int, metavar="N", help="learning-rate warm-up steps (default 100)")
    tr.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="where training runs (default auto: a GPU when torch sees one, with bf16 autocast; else the CPU)",
    )
    tr.add_argument(
        "--tokenizer",
        metavar="DIR",
        help="use the tokenizer saved in DIR instead of training a new one (e.g. to train on a GPU machine "
        "with the tokenizer and the packed ids built elsewhere: docs/model.md)",
    )
    tr.add_argument("--tiny", action="store_true", help="a tiny configuration that trains in seconds (for CI)")
    tr.add_argument("--skip-build", action="store_true", help="reuse the pairs already in --data")
    tr.set_defaults(run=cmd_train)


def cmd_train(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from pathlib import Path

    from ..model.training.reproduce import TINY, Recipe, run

    recipe = Recipe()
    if args.tiny:
        tiny: dict[str, Any] = TINY  # keyword arguments for replace() and Recipe(), checked when they run
        recipe = Recipe(
            replace(recipe.build, **tiny["build"]), replace(recipe.train, **tiny["train"]), eval_size=tiny["eval_size"]
        )
    recipe.build = replace(
        recipe.build,
        out=Path(args.data),
        seed=args.seed,
        corpus=Path(args.corpus) if args.corpus else recipe.build.corpus,
    )
    recipe.train = replace(
        recipe.train,
        out=Path(args.out),
        seed=args.seed,
        **({"steps": args.steps} if args.steps else {}),
        **({"minutes": args.minutes} if args.minutes is not None else {}),
        **({"lr": args.lr} if args.lr else {}),
        **({"prompts": args.prompts} if args.prompts else {}),
        init_from=Path(args.init_from) if args.init_from else None,
        resume=args.resume,
        device=args.device,
        tokenizer=Path(args.tokenizer) if args.tokenizer else None,
        **{
            k: getattr(args, k)
            for k in ("d_model", "d_ff", "layers", "heads", "batch_tokens", "warmup")
            if getattr(args, k) is not None
        },
    )
    recipe.skip_build = args.skip_build
    if not args.skip_build and not (recipe.build.corpus / "plain-english" / "sentences.jsonl.gz").is_file():
        raise PlainspeakError("E006", f"no corpus at {recipe.build.corpus} (use --corpus)", "corpus")
    report = run(recipe)
    print(json.dumps(report, indent=2))
    return EXIT_OK
