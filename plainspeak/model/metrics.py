"""Quality metrics: SARI (Xu et al. 2016), chrF (Popovic 2015), protected-span survival, invented items."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..segment.names import in_name
from ..segment.protect import find_protected

_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _ngrams(words: Sequence[str], n: int) -> Counter[str]:
    return Counter(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def sari_ngram(src: Counter[str], out: Counter[str], refs: list[Counter[str]]) -> tuple[float, float, float]:
    """(add F1, keep F1, deletion precision) for one n-gram order, as in Xu et al. (2016) and its
    reference implementation (tensor2tensor / EASSE): reference n-gram counts are summed over the
    references and source/output counts are scaled by the number of references. As in that code,
    an empty set scores 0 (so copying the input gets no deletion or addition credit)."""
    nref = len(refs)
    ref_all: Counter[str] = Counter()
    for r in refs:
        ref_all.update(r)
    src_rep = Counter({g: c * nref for g, c in src.items()})
    out_rep = Counter({g: c * nref for g, c in out.items()})
    # keep
    keep_sys = src_rep & out_rep
    keep_good_sys = keep_sys & ref_all
    keep_all_ref = src_rep & ref_all
    keep_p = sum(keep_good_sys[g] / keep_sys[g] for g in keep_sys) / len(keep_sys) if keep_sys else 0.0
    keep_r = sum(keep_good_sys[g] / keep_all_ref[g] for g in keep_all_ref) / len(keep_all_ref) if keep_all_ref else 0.0
    keep = _f1(keep_p, keep_r)
    # deletion (precision only)
    del_sys = src_rep - out_rep
    del_good_sys = del_sys - ref_all
    del_p = sum(del_good_sys[g] / del_sys[g] for g in del_sys) / len(del_sys) if del_sys else 0.0
    # addition
    add_sys = set(out) - set(src)
    add_good = add_sys & set(ref_all)
    add_all_ref = set(ref_all) - set(src)
    add_p = len(add_good) / len(add_sys) if add_sys else 0.0
    add_r = len(add_good) / len(add_all_ref) if add_all_ref else 0.0
    return _f1(add_p, add_r), keep, del_p


def sari(source: str, output: str, references: list[str]) -> float:
    """Sentence SARI in 0..100: the mean over n = 1..4 of add F1, keep F1 and deletion precision."""
    s, o = tokens(source), tokens(output)
    rs = [tokens(r) for r in references]
    adds, keeps, dels = [], [], []
    for n in range(1, 5):
        a, k, d = sari_ngram(_ngrams(s, n), _ngrams(o, n), [_ngrams(r, n) for r in rs])
        adds.append(a)
        keeps.append(k)
        dels.append(d)
    return 100 * (sum(adds) / 4 + sum(keeps) / 4 + sum(dels) / 4) / 3


def corpus_sari(sources: list[str], outputs: list[str], references: list[list[str]]) -> float:
    return sum(sari(s, o, r) for s, o, r in zip(sources, outputs, references)) / max(1, len(sources))


def _char_ngrams(text: str, n: int) -> Counter[str]:
    t = text.replace(" ", "")
    return Counter(t[i : i + n] for i in range(len(t) - n + 1))


def corpus_chrf(outputs: Iterable[str], references: Iterable[str], order: int = 6, beta: float = 2.0) -> float:
    """Corpus chrF (sacrebleu's default: character 1..6-grams, beta 2, whitespace ignored, statistics summed)."""
    match = [0] * order
    hyp_total = [0] * order
    ref_total = [0] * order
    for out, ref in zip(outputs, references):
        for n in range(1, order + 1):
            h, r = _char_ngrams(out, n), _char_ngrams(ref, n)
            match[n - 1] += sum((h & r).values())
            hyp_total[n - 1] += sum(h.values())
            ref_total[n - 1] += sum(r.values())
    scores = []
    for n in range(order):
        if hyp_total[n] == 0 or ref_total[n] == 0:
            continue
        p, r = match[n] / hyp_total[n], match[n] / ref_total[n]
        scores.append((p, r))
    if not scores:
        return 0.0
    p = sum(s[0] for s in scores) / len(scores)
    r = sum(s[1] for s in scores) / len(scores)
    b2 = beta * beta
    return 100 * (1 + b2) * p * r / (b2 * p + r) if p + r > 0 else 0.0


def protected_survival(source: str, output: str) -> tuple[int, int]:
    """(protected items of the source still in the output, items in the source), as multisets."""
    src = Counter(p.text for p in find_protected(source))
    out = Counter(p.text for p in find_protected(output))
    return sum((src & out).values()), sum(src.values())


def invented(source: str, output: str) -> bool:
    """The output has a protected item (number, date, amount, URL, placeholder) or a capitalised
    name (`segment.names.in_name`: not after a sentence break, not in a title-case heading, where
    capitals are style) that the source does not have."""
    src = Counter(p.text for p in find_protected(source))
    out = Counter(p.text for p in find_protected(output))
    if out - src:
        return True
    src_words = set(re.findall(r"\w+", source.lower()))
    return any(
        m.group(0).lower() not in src_words and in_name(output, m.start())
        for m in re.finditer(r"\b[A-Z][a-z]+\b", output)
    )
