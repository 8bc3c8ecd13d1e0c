"""Load a seq2seq checkpoint once per process and propose sentence rewrites.

Protected spans go in as sentinels; a logits processor makes each input sentinel appear
exactly once and no other sentinel at all; the items are restored afterwards.
Any Hugging Face seq2seq directory works (the shipped model, or a fine-tuned flan-t5):
its sentinels are <pN> if the tokenizer has them, else <extra_id_N>, else none (no masking).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from ..errors import PlainspeakError
from ..settings import model_enabled
from .prompts import DEFAULT_VERSION, with_prefix
from .sentinels import MAX_SENTINELS, PLAIN_FORMAT, T5_FORMAT, Masked, mask, unmask

DEFAULT_DIR = Path(__file__).parent / "default"
INT8 = os.environ.get("PLAINSPEAK_INT8", "1") != "0"  # PLAINSPEAK_INT8=0: keep float32 weights
_lock = threading.Lock()


def resolve(model: str | None) -> Path | None:
    """'default' -> the shipped model; 'none' / '' / None -> no model; anything else is a directory."""
    if model is None or not model_enabled(model):
        return None
    path = DEFAULT_DIR if model == "default" else Path(model).expanduser()
    if model == "default" and not (path / "config.json").is_file():
        return None  # a checkout without the shipped weights: rules only
    if not (path / "config.json").is_file():
        raise PlainspeakError(
            "E013", f"no seq2seq model at {path} (expected a Hugging Face directory with config.json)", "model"
        )
    return path


class SentinelConstraint:
    """LogitsProcessor: row r may emit only its own input's sentinels, each once; no end before all are out."""

    def __init__(
        self,
        sentinel_ids: list[int],
        allowed: list[list[bool]],
        eos_id: int,
        banned: list[int],
        prompt_len: int = 1,
        max_new_tokens: int | None = None,
    ) -> None:
        import torch

        self.ids = torch.tensor(sentinel_ids, dtype=torch.long)
        self.allowed = torch.tensor(allowed, dtype=torch.bool)  # (batch, n_sentinels)
        self.eos_id = eos_id
        self.banned = banned
        self.prompt_len = prompt_len  # decoder tokens before generation (the start token)
        self.max_new_tokens = max_new_tokens  # with it, pending sentinels are forced out before the limit
        self.none_open = not bool(self.allowed.any())  # no row has an item: sentinels are simply banned
        self.never = list(sentinel_ids) + list(banned)

    def __call__(self, input_ids, scores):
        if self.none_open:
            scores[:, self.never] = float("-inf")
            return scores
        per = input_ids.shape[0] // self.allowed.shape[0]
        allowed = self.allowed.repeat_interleave(per, dim=0)
        emitted = (input_ids.unsqueeze(-1) == self.ids).any(dim=1)  # (rows, n_sentinels)
        open_ = allowed & ~emitted
        sub = scores[:, self.ids]
        scores[:, self.ids] = sub.masked_fill(~open_, float("-inf"))
        pending = open_.any(dim=1)
        scores[pending, self.eos_id] = float("-inf")
        if self.max_new_tokens is not None:
            left = self.max_new_tokens - (input_ids.shape[1] - self.prompt_len)
            force = pending & (open_.sum(dim=1) >= left - 1)  # just enough room left: only sentinels now
            if force.any():
                keep = scores[force][:, self.ids].masked_fill(~open_[force], float("-inf"))
                scores[force] = float("-inf")
                rows = force.nonzero(as_tuple=True)[0]
                scores[rows.unsqueeze(1), self.ids.unsqueeze(0)] = keep
        if self.banned:
            scores[:, self.banned] = float("-inf")
        return scores


class WordConstraint:
    """LogitsProcessor for greedy decoding: each word a row writes must be one of its allowed words.

    The tokens are byte-level BPE pieces, so a mask on tokens alone still lets the model glue
    allowed pieces into a broken word ("B" + "posed"). This follows the word being written: a
    letter token must keep it a prefix of an allowed word, and a new word, a non-letter token or the
    end may come only when the word so far is complete. Every token ranked above the best one that
    fits is removed (the `top_k` best are checked first, then the rest), so greedy decoding takes
    that one; the scores below it stay, so its probability is still a measure of confidence."""

    def __init__(self, spelling, vocabularies: list[frozenset[str]], top_k: int = 16) -> None:
        self.spelling = spelling  # token id -> (starts with a space, lower-case letters or None)
        self.words = [frozenset(w for word in v for w in (word, *word.split("'")) if w) for v in vocabularies]
        self.prefixes = [frozenset(w[:k] for w in words for k in range(1, len(w) + 1)) for words in self.words]
        self.top_k = top_k

    def _partial(self, ids: list[int]) -> str:
        """The letters of the word being written (empty after a non-letter token)."""
        out: list[str] = []
        for t in reversed(ids):
            space, letters = self.spelling(t)
            if letters is None:
                break
            out.append(letters)
            if space:
                break
        return "".join(reversed(out))

    def _fits(self, token: int, partial: str, words: frozenset[str], prefixes: frozenset[str]) -> bool:
        space, letters = self.spelling(token)
        if letters is None:
            return not partial or partial in words
        if space:
            return (not partial or partial in words) and letters in prefixes
        return partial + letters in prefixes

    def __call__(self, input_ids, scores):
        per = input_ids.shape[0] // len(self.words)
        top = scores.topk(min(self.top_k, scores.shape[1]), dim=-1).indices.tolist()
        for row, (ids, cands) in enumerate(zip(input_ids.tolist(), top)):
            words, prefixes = self.words[row // per], self.prefixes[row // per]
            partial = self._partial(ids[1:])
            ranked = cands
            best = next((n for n, t in enumerate(ranked) if self._fits(t, partial, words, prefixes)), None)
            if best is None:  # rare: look further down the row's ranking
                ranked = scores[row].argsort(descending=True).tolist()
                best = next((n for n, t in enumerate(ranked) if self._fits(t, partial, words, prefixes)), None)
            if best:
                scores[row, ranked[:best]] = float("-inf")
        return scores


class ForcedLead:
    """LogitsProcessor: row r's first tokens are leads[r] (the sentence copied up to a point where it
    may be split); from there on the model writes by itself. An empty lead forces nothing."""

    def __init__(self, leads: list[list[int]], prompt_len: int = 1) -> None:
        self.leads = leads
        self.prompt_len = prompt_len

    def __call__(self, input_ids, scores):
        step = input_ids.shape[1] - self.prompt_len
        per = input_ids.shape[0] // len(self.leads)
        for row in range(input_ids.shape[0]):
            lead = self.leads[row // per]
            if step < len(lead):
                scores[row] = float("-inf")
                scores[row, lead[step]] = 0.0
        return scores


class Chain:
    """Several logits processors applied in order (the fast greedy path takes one callable)."""

    def __init__(self, *processors) -> None:
        self.processors = [p for p in processors if p is not None]

    def __call__(self, input_ids, scores):
        for p in self.processors:
            scores = p(input_ids, scores)
        return scores


def int8(model):
    """Linear layers with int8 weights (dynamic quantization): on 2 CPU cores decoding is bound by
    reading the weights, and int8 reads a quarter of the bytes. Measured on the shipped model
    (bench/quality.py): about 1.6x the batched rate and 0.6x the latency, chrF within 0.1."""
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice points at torchao; this API is in 2.13
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


class Rewriter:
    def __init__(self, path: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch

        from ..embeddings import set_threads
        from .tokenizer import load as load_tokenizer

        set_threads()
        self.torch = torch
        self.path = path
        try:
            # the folder's own tokenizer.json without importing transformers (tokenizer.py), else AutoTokenizer
            self.tok: Any = load_tokenizer(path) or self._hf_tokenizer(path)
            self.model = self._load_model(path)
        except (OSError, ValueError) as exc:
            raise PlainspeakError("E013", f"cannot load the seq2seq model at {path}: {exc}", "model") from exc
        from .mbart_lite import MBartLite

        self._hf: Any = None if isinstance(self.model, MBartLite) else self.model
        self._hf_lock = threading.Lock()
        cfg = self.model.config
        self.prompts = getattr(cfg, "plainspeak_prompts", DEFAULT_VERSION)
        vocab = self.tok.get_vocab()
        fmt = getattr(cfg, "plainspeak_sentinels", None)
        if fmt is None:
            fmt = PLAIN_FORMAT if PLAIN_FORMAT.format(0) in vocab else T5_FORMAT if T5_FORMAT.format(0) in vocab else ""
        self.fmt = fmt
        self.sentinel_ids = [vocab[fmt.format(i)] for i in range(MAX_SENTINELS) if fmt and fmt.format(i) in vocab]
        self.banned = [i for i in (self.tok.unk_token_id,) if i is not None and i != self.tok.eos_token_id]
        from .greedy import FastGreedy, supports

        self.fast = FastGreedy(self.model) if supports(self.model) else None
        positions = getattr(cfg, "max_position_embeddings", None) or 512  # T5: relative positions, no table
        self.max_source = min(positions - 2, 512)
        self._spelling: dict[int, tuple[bool, str | None]] = {}
        self.target_space = bool(getattr(cfg, "plainspeak_target_space", False))  # outputs begin with " "

    @staticmethod
    def _hf_tokenizer(path: Path) -> Any:
        from ..hf import transformers

        module = transformers()  # first: torch and the lazy names, under the one lock
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        return module.AutoTokenizer.from_pretrained(str(path), local_files_only=True)

    @staticmethod
    def _load_model(path: Path) -> Any:
        """An mBART checkpoint in plain torch modules (`mbart_lite.py`: no import of transformers' modeling
        code, seconds of start-up); any other seq2seq checkpoint through transformers. int8 unless turned off."""
        from .mbart_lite import MBartLite, read_config, supported

        if (path / "config.json").is_file() and supported(read_config(path)):
            model = MBartLite.load(path)
        else:
            model = Rewriter._hf_load(path)
        return int8(model) if INT8 else model

    @staticmethod
    def _hf_load(path: Path) -> Any:
        from ..hf import transformers

        return transformers().AutoModelForSeq2SeqLM.from_pretrained(str(path), local_files_only=True).eval()

    def hf_model(self) -> Any:
        """The transformers model, for beam search and `generate()` (loaded on first use for an mBART
        checkpoint, whose greedy decoding needs only the plain-torch modules)."""
        with self._hf_lock:
            if self._hf is None:
                self._hf = int8(self._hf_load(self.path)) if INT8 else self._hf_load(self.path)
        return self._hf

    def spelling(self, token_id: int) -> tuple[bool, str | None]:
        """(starts with a space, its letters in lower case) for a token of letters only; (False, None)
        for any other token (punctuation, digits, apostrophes, specials)."""
        found = self._spelling.get(token_id)
        if found is None:
            # one sequence of ids decodes to one string (decode's list[str] is for a batch of sequences)
            text = "" if token_id in self.tok.all_special_ids else cast(str, self.tok.decode([token_id]))
            body = text[1:] if text.startswith(" ") else text
            found = (text.startswith(" "), body.lower()) if body.isalpha() else (False, None)
            self._spelling[token_id] = found
        return found

    def _mask(self, text: str, terms: Iterable[str]) -> Masked:
        if not self.sentinel_ids:
            return Masked(text, [], "")
        m = mask(text, terms, self.fmt)
        return m if len(m.items) <= len(self.sentinel_ids) else Masked(text, [], "")

    def _decode(self, ids) -> str:
        text = cast(str, self.tok.decode(ids, skip_special_tokens=False))  # one row of ids: one string
        for special in (self.tok.pad_token, self.tok.eos_token, self.tok.bos_token):
            if special:
                text = text.replace(special, "")
        return " ".join(text.split()) if "\n" not in text else text.strip()

    def generate(
        self,
        sentences: list[str],
        n: int = 3,
        task: str = "simplify",
        terms: Iterable[str] = (),
        beams: int = 4,
        batch_size: int = 16,
        max_new_tokens: int = 128,
    ) -> list[list[str]]:
        """For each sentence, up to n distinct candidate rewrites (protected items restored).
        beams=1, n=1 is greedy decoding (the fast path for mBART checkpoints)."""
        return self._decode_all(sentences, [task], tuple(terms), n, beams, batch_size, max_new_tokens)

    def propose(
        self,
        sentences: list[str],
        tasks: Iterable[str] = ("simplify",),
        terms: Iterable[str] = (),
        batch_size: int = 32,
        max_new_tokens: int = 128,
        min_confidence: float = 0.0,
        vocabularies: list[frozenset[str]] | None = None,
        leads: list[list[str]] | None = None,
        grade: float | None = None,
    ) -> list[list[str]]:
        """For each sentence, the greedy rewrite under each task prefix (distinct ones, in task order).
        grade: the target reading grade, for a model whose prompts carry controls (prompts/v2).
        min_confidence: drop a rewrite in which the model chose some token with a lower probability
        (fast path only; a guess at a word is where it writes broken words and grammar).
        vocabularies: per sentence, the (lower-case) words its rewrite may use (see WordConstraint).
        leads: per sentence, openings (the sentence up to a possible split point, e.g. before ", and
        we"); for each, one more greedy rewrite under `split:` that must begin with it (ForcedLead)."""
        return self._decode_all(
            sentences,
            list(tasks),
            tuple(terms),
            1,
            1,
            batch_size,
            max_new_tokens,
            min_confidence,
            vocabularies,
            leads,
            grade,
        )

    def _lead_ids(self, lead: str, masked: Masked, terms: tuple[str, ...]) -> list[int] | None:
        """The tokens of a lead as the model writes it: masked with the sentence's sentinels (None
        when a protected item straddles its end)."""
        m = self._mask(lead, terms) if masked.items else Masked(lead, [], masked.fmt)
        if m.items != masked.items[: len(m.items)] or not masked.text.startswith(m.text):
            return None
        return self.tok((" " if self.target_space else "") + m.text, add_special_tokens=False)["input_ids"]

    def _decode_all(
        self,
        sentences: list[str],
        tasks: list[str],
        terms: tuple[str, ...],
        n: int,
        beams: int,
        batch_size: int,
        max_new_tokens: int,
        min_confidence: float = 0.0,
        vocabularies: list[frozenset[str]] | None = None,
        leads: list[list[str]] | None = None,
        grade: float | None = None,
    ) -> list[list[str]]:
        masked = [self._mask(s, terms) for s in sentences]
        jobs: list[tuple[int, str, list[int]]] = [(i, task, []) for task in tasks for i in range(len(sentences))]
        for i, openings in enumerate(leads or []):
            for lead in openings:
                ids = self._lead_ids(lead, masked[i], terms)
                if ids:
                    jobs.append((i, "split", ids))
        if not jobs:
            return []
        # verbose=False: no "longer than the maximum" warning; such a sentence is skipped just below
        prefixed = [with_prefix(masked[i].text, task, self.prompts, grade=grade) for i, task, _ in jobs]
        ids = self.tok(prefixed, verbose=False)["input_ids"]
        # a sentence longer than the model's positions gets no candidate rather than a truncated one
        fit = [j for j in range(len(jobs)) if len(ids[j]) <= self.max_source]
        results: list[list[str]] = [[] for _ in sentences]
        order = sorted(fit, key=lambda j: len(ids[j]))
        for lo in range(0, len(order), batch_size):
            batch = order[lo : lo + batch_size]
            vocab = [vocabularies[jobs[j][0]] for j in batch] if vocabularies is not None else None
            forced = [jobs[j][2] for j in batch]
            outs = self._run(
                [ids[j] for j in batch],
                [masked[jobs[j][0]] for j in batch],
                n,
                beams,
                max_new_tokens,
                min_confidence,
                vocab,
                forced if any(forced) else None,
            )
            for (i, _, _), cands in zip((jobs[j] for j in batch), outs):
                for text in cands:
                    restored = unmask(text, masked[i]) if masked[i].items else text
                    if restored and restored not in results[i]:
                        results[i].append(restored)
        return results

    def _run(
        self,
        input_ids: list[list[int]],
        masked: list[Masked],
        n: int,
        beams: int,
        max_new_tokens: int,
        min_confidence: float = 0.0,
        vocabularies: list[frozenset[str]] | None = None,
        leads: list[list[int]] | None = None,
    ) -> list[list[str]]:
        """Decoded outputs (with sentinels), n per input."""
        torch = self.torch
        enc = self.tok.pad({"input_ids": input_ids}, return_tensors="pt")
        # a rewrite is rarely longer than its input: a split adds a few tokens, a loop never ends by itself
        limit = min(max_new_tokens, int(enc["input_ids"].shape[1] * 1.2) + 8, self.max_source)
        constraint: SentinelConstraint | Chain | None = None
        if self.sentinel_ids:
            allowed = [[k < len(m.items) for k in range(len(self.sentinel_ids))] for m in masked]
            constraint = SentinelConstraint(
                self.sentinel_ids, allowed, self.tok.eos_token_id, self.banned, max_new_tokens=limit
            )
        if vocabularies is not None or leads is not None:
            constraint = Chain(
                WordConstraint(self.spelling, vocabularies) if vocabularies is not None else None,
                constraint,
                ForcedLead(leads) if leads is not None else None,
            )
        if beams == 1 and n == 1 and self.fast is not None:
            out, sure = self.fast(enc["input_ids"], enc["attention_mask"], limit, constraint, min_confidence)
            return [[self._decode(row)] if p >= min_confidence else [] for row, p in zip(out, sure.tolist())]
        from ..hf import transformers

        LogitsProcessorList = transformers().LogitsProcessorList

        kwargs: dict[str, object] = {"logits_processor": LogitsProcessorList([constraint])} if constraint else {}
        with torch.inference_mode():
            out = self.hf_model().generate(
                **enc, num_beams=max(beams, n), num_return_sequences=n, max_new_tokens=limit, do_sample=False, **kwargs
            )
        return [[self._decode(out[j * n + k]) for k in range(n)] for j in range(len(input_ids))]


@functools.cache
def _load(path: str) -> Rewriter:
    return Rewriter(Path(path))


def get_rewriter(model: str | None = "default") -> Rewriter | None:
    """The process-wide Rewriter for `model` (loaded on first use), or None when disabled."""
    path = resolve(model)
    if path is None:
        return None
    with _lock:
        return _load(str(path.resolve()))
