from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "email-templates"


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".html", ".txt") and p.is_file())


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip(f"the shared email-template corpus is not at {CORPUS}")
    return files


# --- a tiny seq2seq model, trained once per test session (about 10 s) ----------------------------------------
PLAIN = [
    "We will review your application and write to you within {n} days.",
    "You can change your address online at any time.",
    "Please send us a copy of your bank statement by {{due_date}}.",
    "We use your information to check that you qualify for help.",
    "If you need more time, call us and we will try to help.",
    "The form asks for your name, address and date of birth.",
    "Our team answers most questions on the same day.",
    "Before you apply, read the guide about who can get a grant.",
    "We sent you a letter that explains our decision.",
    "You must pay the fee of ${n}.00 before we start work.",
]
FORMAL = [
    "The applicant shall submit the documentation prior to the commencement of the review period {n}.",
    "Notwithstanding the foregoing, the Secretary may utilize such funds as are necessary for section {n}.",
    "In the event that the remittance is not received, the account shall be terminated forthwith.",
]


TOPICS = (
    "penguins volcano bakery violin glacier tractor lantern meteor harbour orchard cactus bicycle "
    "dolphin castle pumpkin rocket lighthouse canyon walrus tulip compass kettle piano satellite"
).split()


def make_rewrite_pairs(root: Path) -> None:
    """OneStopEnglish- and WikiSplit-shaped files (the formats of ../shared/corpus/rewrite-pairs)."""
    ose = root / "rewrite-pairs" / "onestopenglish"
    ose.mkdir(parents=True)
    for name, easy_first in (("ADV-ELE.txt", False), ("ADV-INT.txt", False), ("ELE-INT.txt", True)):
        blocks = []
        for topic in TOPICS:  # an article of two pairs per topic (articles are recovered by topic words)
            for part in ("first", "second"):
                hard = f"The {topic} researchers examined in the {part} study was considerably larger than anticipated."
                easy = f"The {topic} in the {part} study was much bigger than researchers expected."
                blocks.append(f"{easy}\n{hard}" if easy_first else f"{hard}\n{easy}")
        (ose / name).write_text("\n*******\n".join(blocks) + "\n", encoding="utf-8")
    wiki = root / "rewrite-pairs" / "wikisplit"
    wiki.mkdir(parents=True)
    for name in ("tune.tsv.gz", "validation.tsv.gz", "test.tsv.gz"):
        with gzip.open(wiki / name, "wt", encoding="utf-8") as f:
            for topic in TOPICS:
                f.write(
                    f"The {topic} was found in 1990 , and it was moved to the museum in 2001 .\t"
                    f"The {topic} was found in 1990 . <::::> It was moved to the museum in 2001 .\n"
                )


def make_corpus(root: Path) -> Path:
    """A small corpus in the shared corpus layout, for training a tiny model."""
    make_rewrite_pairs(root)
    for name, texts, sources in (("plain-english", PLAIN, 40), ("formal-english", FORMAL, 12)):
        (root / name).mkdir(parents=True)
        with gzip.open(root / name / "sentences.jsonl.gz", "wt", encoding="utf-8") as f:
            for src in range(sources):
                for t in texts:
                    f.write(json.dumps({"text": t.replace("{n}", str(src + 2)), "source": f"doc{src}"}) + "\n")
    return root


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from plainspeak.cli import main

    root = tmp_path_factory.mktemp("tiny")
    corpus = make_corpus(root / "corpus")
    t = time.time()
    assert (
        main(["train", "--tiny", "--corpus", str(corpus), "--data", str(root / "data"), "--out", str(root / "model")])
        == 0
    )
    assert time.time() - t < 60
    return root / "model"


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The house-style decision store defaults to the user's data directory: keep tests out of it."""
    import os

    os.environ.setdefault("PLAINSPEAK_DATA_DIR", str(tmp_path_factory.mktemp("plainspeak-data")))
