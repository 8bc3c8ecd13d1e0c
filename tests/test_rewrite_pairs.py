"""The human rewrite pairs for training (plainspeak/model/training/rewrite_pairs.py) and the
training run's resume and fine-tune starts."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

from plainspeak.model.training.data import BuildConfig, build
from plainspeak.model.training.reproduce import TINY, Recipe, run
from plainspeak.model.training.rewrite_pairs import (
    detokenize,
    ose_articles,
    ose_held_out,
    ose_train_pairs,
    read_ose,
    repair_ose,
    wikisplit_pairs,
)

from .conftest import TOPICS, make_corpus

VOCAB = frozenset("benefits difficult first find fishing define qualified the are to it was time a pr".split())


def test_repair_ose_mends_lost_ligatures_and_apostrophes() -> None:
    assert repair_ose("The bene ts are dif cult to fi nd.", VOCAB) == "The benefits are difficult to find."
    assert repair_ose("They dont like shing.", VOCAB) == "They don't like fishing."
    assert repair_ose("barriers  often painted  now", VOCAB) == "barriers - often painted - now"


def test_repair_ose_leaves_real_words_and_capitals_alone() -> None:
    assert repair_ose("It was a PR makeover.", VOCAB) == "It was a PR makeover."  # "a"+"pr" is no word here
    assert repair_ose("The worlds biggest re ll.", VOCAB) == "The worlds biggest re ll."  # unknown: left


def test_detokenize_wikisplit() -> None:
    assert detokenize("He said , `` no '' .") is None  # quotes: unsure, skipped
    assert (
        detokenize("The 777 - 300ER ( 1990 ) was n't sold in the U.S. .")
        == "The 777-300ER (1990) wasn't sold in the U.S.."
    )
    assert detokenize("It costs $ 5 , or 10 % .") == "It costs $5, or 10%."


def test_wikisplit_keeps_only_splits_that_add_no_content(tmp_path: Path) -> None:
    folder = tmp_path / "rewrite-pairs" / "wikisplit"
    folder.mkdir(parents=True)
    with gzip.open(folder / "x.tsv.gz", "wt", encoding="utf-8") as f:
        f.write("He was born in Leeds , and he moved to York .\tHe was born in Leeds . <::::> He moved to York .\n")
        f.write(
            "He was born in Leeds , and he moved .\tHe was born in Leeds . <::::> Later he moved to distant York .\n"
        )
    assert list(wikisplit_pairs(tmp_path, ["x.tsv.gz"])) == [
        ("He was born in Leeds, and he moved to York.", "He was born in Leeds. He moved to York.")
    ]


def test_ose_training_pairs_never_come_from_held_out_articles(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    pairs = read_ose(corpus)
    arts = ose_articles(pairs)
    held = {hard for (_, hard, _), a in zip(pairs, arts) if ose_held_out(a)}
    train = ose_train_pairs(corpus, frozenset())
    assert train and held, "the fake corpus must give both sides"
    assert not {hard for hard, _ in train} & held
    assert all(len(easy) < len(hard) for hard, easy in train)  # the harder side is the source in every file


def test_build_adds_human_pairs_and_a_split_dev_set(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    cfg = BuildConfig(corpus=corpus, out=tmp_path / "data", distill=0, limit=50, dev_size=40)
    stats = build(cfg, log=lambda _m: None)
    assert stats["train_ose"] > 0 and stats["train_wikisplit"] == 2 * len(TOPICS) * cfg.wikisplit_repeat
    with gzip.open(cfg.out / "dev_split.jsonl.gz", "rt") as f:
        dev = [json.loads(line) for line in f]
    assert len(dev) == len(TOPICS) and all(" It was moved" in d["ref"] for d in dev)


def test_training_resumes_from_its_checkpoint_and_fine_tunes_from_a_model(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    logs: list[str] = []
    base = Recipe(
        replace(BuildConfig(), corpus=corpus, out=tmp_path / "data", **TINY["build"]),
        replace(TINY_TRAIN, out=tmp_path / "model", steps=10, save_every=5, minutes=0),
        eval_size=0,
    )
    run(base, log=logs.append)
    first = json.loads((tmp_path / "model" / "training.json").read_text())
    assert first["step"] == 10 and (tmp_path / "model" / "checkpoint" / "trainer_state.pt").is_file()
    more = Recipe(base.build, replace(base.train, steps=16, resume=True), eval_size=0)
    run(more, log=logs.append)
    assert any("resuming from" in m and "at step 10" in m for m in logs)
    assert json.loads((tmp_path / "model" / "training.json").read_text())["step"] == 16
    tuned = Recipe(
        base.build,
        replace(base.train, out=tmp_path / "tuned", steps=4, init_from=tmp_path / "model"),
        eval_size=0,
        skip_build=True,
    )
    run(tuned, log=logs.append)
    assert any("starting from the trained model" in m for m in logs)
    assert (tmp_path / "tuned" / "tokenizer.json").read_text() == (tmp_path / "model" / "tokenizer.json").read_text()


TINY_TRAIN = replace(Recipe().train, **TINY["train"])
