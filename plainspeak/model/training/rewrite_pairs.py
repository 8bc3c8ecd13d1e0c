"""The human rewrite pairs in ../shared/corpus/rewrite-pairs (CC BY-SA 4.0; credited in the model card):
OneStopEnglish sentences with their teacher-simplified version, and WikiSplit sentence splits.

OneStopEnglish has no article boundaries; `ose_articles` recovers them so that training and the
benchmark (bench/plainer.py) hold out the same articles (`ose_held_out`). Its text lost apostrophes
and fi/fl ligatures in extraction ("dont", "bene ts"); `repair_ose` mends what a word list can tell.
WikiSplit is Penn-Treebank tokenized; `detokenize` makes it plain text again."""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

SEED = 13
OSE = "rewrite-pairs/onestopenglish"
WIKISPLIT = "rewrite-pairs/wikisplit"
OSE_FILES = {"ADV-ELE.txt": 0, "ADV-INT.txt": 0, "ELE-INT.txt": 1}  # which line of a block is the harder one
OSE_SHARE = 0.2  # of the recovered articles, held out (the benchmark's OneStopEnglish dev set)
_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    "that this with from have they their there were which would about said says will been what when "
    "more than also into some other them then these many most very only your just like over such "
    "year years people because could after before where while being does each make made".split()
)


def content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= 4 and w not in _STOP}


def norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def read_ose(corpus: Path) -> list[tuple[str, str, str]]:
    """(file, harder sentence, simpler sentence) for every block, in file order."""
    out = []
    for name, hard in OSE_FILES.items():
        path = corpus / OSE / name
        blocks = path.read_text(encoding="utf-8").split("*******")
        for b in blocks:
            lines = [x.strip() for x in b.strip().splitlines() if x.strip()]
            if len(lines) == 2:
                out.append((name, lines[hard], lines[1 - hard]))
    return out


def ose_articles(pairs: list[tuple[str, str, str]], window: int = 1, rare: float = 0.02) -> list[str]:
    """An article key per pair. The aligned files carry no article boundaries, so they are recovered:
    neighbouring pairs (same file) that share a word rare in that file (a name, a topic word) belong to
    one article, a pair linked to neither neighbour joins the one before it, and pieces in different
    files that share a sentence are one article. About as many units come out as the corpus has
    articles (189); merging two neighbouring articles only makes a held-out unit bigger."""
    parent = list(range(len(pairs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    words = [content(h) | content(s) for _, h, s in pairs]
    for fname in OSE_FILES:
        idx = [i for i, p in enumerate(pairs) if p[0] == fname]
        df: dict[str, int] = {}
        for i in idx:
            for w in words[i]:
                df[w] = df.get(w, 0) + 1
        rare_max = max(3, int(rare * len(idx)))
        for k, i in enumerate(idx):
            for j in idx[k + 1 : k + 1 + window]:
                if any(df[w] <= rare_max for w in words[i] & words[j]):
                    union(i, j)
        for k in range(1, len(idx)):  # a pair linked to neither neighbour continues the article before it
            i = idx[k]
            nxt = idx[k + 1] if k + 1 < len(idx) else i
            if find(i) != find(idx[k - 1]) and find(i) != find(nxt):
                union(i, idx[k - 1])
    seen: dict[str, int] = {}
    for i, (_, h, s) in enumerate(pairs):
        for text in (h, s):
            key = norm(text)
            if key in seen:
                union(i, seen[key])
            else:
                seen[key] = i
    members: dict[int, list[str]] = {}
    for i, (_, h, _s) in enumerate(pairs):
        members.setdefault(find(i), []).append(norm(h))
    names = {root: min(hashlib.sha1(m.encode()).hexdigest() for m in ms) for root, ms in members.items()}
    return [names[find(i)] for i in range(len(pairs))]


def ose_held_out(article: str, seed: int = SEED, share: float = OSE_SHARE) -> bool:
    digest = hashlib.sha1(f"{seed}:{article}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


def loose(hard: str, easy: str) -> bool:
    """Alignment noise: very different lengths or little word overlap (the README asks to filter)."""
    a, b = set(_WORD.findall(hard.lower())), set(_WORD.findall(easy.lower()))
    ratio = len(easy.split()) / max(1, len(hard.split()))
    return not 0.3 <= ratio <= 1.2 or len(a & b) / max(1, len(a | b)) < 0.3


# --- OneStopEnglish: training pairs -----------------------------------------------------------------

_CONTRACTIONS = {
    w: w[:-1] + "'" + w[-1]
    for w in (
        "dont doesnt didnt isnt wasnt couldnt wouldnt shouldnt arent werent hasnt havent hadnt mustnt neednt aint"
    ).split()
}
_CONTRACTIONS.update(
    {
        "cant": "can't",
        "wont": "won't",
        "Im": "I'm",
        "Ive": "I've",
        "youre": "you're",
        "theyre": "they're",
        "weve": "we've",
        "theyve": "they've",
        "youve": "you've",
        "thats": "that's",
        "theres": "there's",
        "whats": "what's",
        "hes": "he's",
        "Id": "I'd",
        "Ill": "I'll",
        "youll": "you'll",
        "theyll": "they'll",
    }
)
_TOKEN = re.compile(r"\S+")
_DASH = re.compile(r"(?<=\S)\s{2,}(?=\S)")  # a lost dash leaves two spaces
_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$")


def vocabulary(texts: Iterable[str], min_count: int = 2) -> frozenset[str]:
    """Lower-cased words seen at least `min_count` times (to tell a broken word from a real one)."""
    counts: dict[str, int] = {}
    for text in texts:
        for w in _WORD.findall(text.lower()):
            counts[w] = counts.get(w, 0) + 1
    return frozenset(w for w, c in counts.items() if c >= min_count)


_SHORT_WORDS = frozenset("a i am an as at be by do go he if in is it me my no of on or so to up us we".split())


def _known(word: str, vocab: frozenset[str]) -> bool:
    """A real word: in the list, and if of one or two letters a common one ("de", "ne" are pieces)."""
    return word in vocab and (len(word) > 2 or word in _SHORT_WORDS)


def _core(token: str) -> tuple[str, str, str]:
    m = _EDGE.match(token)
    assert m is not None  # the pattern matches any string
    return m.group(1), m.group(2), m.group(3)


def repair_ose(text: str, vocab: frozenset[str]) -> str:
    """Put back the apostrophes of contractions ("dont" -> "don't") and the fi/fl ligatures lost in
    extraction ("bene ts" -> "benefits", "fi rst" -> "first", " shing" -> "fishing"), where the word
    list says the joined word is real and a piece is not. Possessives ("worlds") cannot be told apart
    from plurals and stay as they are."""
    toks = _TOKEN.findall(_DASH.sub(" - ", text.strip()))
    out: list[str] = []
    i = 0
    while i < len(toks):
        lead, word, trail = _core(toks[i])
        low = word.lower()
        if i + 1 < len(toks) and word.isalpha() and not trail:
            lead2, word2, trail2 = _core(toks[i + 1])
            low2 = word2.lower()
            if not lead2 and word2.isalpha() and word2.islower() and not (_known(low, vocab) and _known(low2, vocab)):
                joined = next((low + m + low2 for m in ("fi", "fl", "") if low + m + low2 in vocab), None)
                if joined is not None:
                    out.append(lead + word[:1] + joined[1:] + trail2)
                    i += 2
                    continue
        if word in _CONTRACTIONS:
            word = _CONTRACTIONS[word]
        elif word.isalpha() and len(word) > 2 and not _known(low, vocab):
            fixed = next((m + low for m in ("fi", "fl") if m + low in vocab), None)
            if fixed is not None:
                word = fixed
        out.append(lead + word + trail)
        i += 1
    return " ".join(out)


def ose_train_pairs(corpus: Path, vocab: frozenset[str], seed: int = SEED) -> list[tuple[str, str]]:
    """(harder, simpler) pairs from the articles `ose_held_out` keeps for training: repaired,
    deduplicated, without identical or loosely aligned pairs."""
    pairs = read_ose(corpus)
    arts = ose_articles(pairs)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for (_, hard, easy), art in zip(pairs, arts):
        key = norm(hard)
        if ose_held_out(art, seed) or key in seen or key == norm(easy) or len(hard.split()) < 5 or loose(hard, easy):
            continue
        seen.add(key)
        out.append((repair_ose(hard, vocab), repair_ose(easy, vocab)))
    return out


# --- WikiSplit --------------------------------------------------------------------------------------

_DETOK = [
    (re.compile(r" ([,.;:!?%)\]])"), r"\1"),
    (re.compile(r"([(\[$]) "), r"\1"),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
    (re.compile(r"(\w) - (\w)"), r"\1-\2"),
    (re.compile(r" -- "), " - "),
]
# words a split may add: the new sentence's subject or link ("He", "This", "However")
SPLIT_ADDS = frozenset(
    "he she it they this these that those there we you i his her its their the a an is are was were "
    "has have had be been also however then but and so which who later both".split()
)


def detokenize(text: str) -> str | None:
    """Plain text from WikiSplit's Penn-Treebank tokens, or None when quotes make it unsure."""
    if any(q in text for q in ("``", "''", " ' ", "`")) or text.startswith("' "):
        return None
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def wikisplit_pairs(corpus: Path, files: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(long sentence, its human split) from the named WikiSplit files, kept only when the split adds
    no content word and loses at most one: many upstream edits also change what is said."""
    for name in files:
        with gzip.open(corpus / WIKISPLIT / name, "rt", encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 2:
                    continue
                src = detokenize(parts[0])
                tgt = detokenize(parts[1].replace(" <::::> ", " "))
                if src is None or tgt is None or "<::::>" in tgt:
                    continue
                a, b = set(_WORD.findall(src.lower())), set(_WORD.findall(tgt.lower()))
                if b - a - SPLIT_ADDS or len(a - b) > 1:
                    continue
                yield src, tgt
