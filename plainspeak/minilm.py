"""all-MiniLM-L6-v2 (a 6-layer BERT encoder) in numpy, for the meaning check.

The same weights (safetensors) and tokenizer (`tokenizers`, tokenizer.json) as the transformers
model, the same arithmetic in float32: embeddings agree with the transformers forward pass to about
1e-6 (a test compares them). It needs neither torch nor transformers, whose import is most of the
start-up of `plainspeak rewrite --model none` (seconds), and on 2 cores it runs a batch of short
sentences faster than the torch model does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MAX_TOKENS = 256  # as the transformers path truncated


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    """erf in float32 (Abramowitz & Stegun 7.1.26: absolute error below 1.5e-7)."""
    a = np.abs(x)
    t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.3275911) * a)
    poly = t * (
        np.float32(0.254829592)
        + t
        * (
            np.float32(-0.284496736)
            + t * (np.float32(1.421413741) + t * (np.float32(-1.453152027) + t * np.float32(1.061405429)))
        )
    )
    return np.copysign(np.float32(1.0) - poly * np.exp(-a * a), x)


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))


def bert_setup(path: Path) -> tuple[dict, Tokenizer]:
    """The model directory's config.json and its tokenizer (`tokenizers`), truncating and padding as the
    transformers path did: what both runtimes (numpy here, torch in minilm_torch.py) start from."""
    from tokenizers import Tokenizer

    cfg = json.loads((path / "config.json").read_text())
    tok = Tokenizer.from_file(str(path / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=int(cfg.get("pad_token_id", 0)))
    return cfg, tok


_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def mapped_safetensors(path: Path) -> dict[str, np.ndarray]:
    """A safetensors file's tensors as read-only numpy views of the file, memory-mapped: nothing is read
    until used (most of the word-embedding table never is), so loading costs no copy of the 90 MB.
    The format: an 8-byte little-endian header length, a JSON header (dtype, shape and byte offsets of
    each tensor, relative to the end of the header), then the data."""
    data = np.memmap(path, dtype=np.uint8, mode="r")
    n = int(data[:8].view("<u8")[0])
    header = json.loads(bytes(data[8 : 8 + n]))
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = (8 + n + x for x in info["data_offsets"])
        out[name] = np.frombuffer(
            data,
            dtype=_DTYPES[info["dtype"]],
            count=(end - start) // np.dtype(_DTYPES[info["dtype"]]).itemsize,
            offset=start,
        ).reshape(info["shape"])
    return out


class MiniLM:
    """Mean-pooled, L2-normalised sentence embeddings from a BERT model directory."""

    def __init__(self, path: Path) -> None:
        cfg, self.tok = bert_setup(path)
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.w = {k.removeprefix("bert."): v for k, v in mapped_safetensors(path / "model.safetensors").items()}
        # x @ W.T for each linear layer, as a transposed view (BLAS reads it as is: no copy)
        for k in list(self.w):
            if k.endswith(".weight") and self.w[k].ndim == 2 and "embeddings" not in k:
                self.w[k] = self.w[k].T
        # each layer's query, key and value projections side by side: one (hidden, 3 * hidden) matmul
        self._qkv = [
            tuple(
                np.concatenate(
                    [self.w[f"encoder.layer.{i}.attention.self.{m}.{part}"] for m in ("query", "key", "value")],
                    axis=-1,
                )
                for part in ("weight", "bias")
            )
            for i in range(self.layers)
        ]

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), hidden) float32 embeddings, one row per text."""
        if not texts:
            return np.zeros((0, self.w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        types = np.array([e.type_ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        hidden = self._forward(ids, types, mask)
        m = mask[:, :, None]
        pooled = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=-1, keepdims=True), 1e-12)

    def _lin(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.w[name + ".weight"], self.w[name + ".bias"], self.eps)

    def _forward(self, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Hidden states (b, n, hidden); rows of padding are zero. The dense layers run on the real
        tokens only; attention, which needs a (b, heads, n, n) layout, sees the padded batch."""
        w = self.w
        b, n = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n][None]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        d = x.shape[2]
        real = np.flatnonzero(mask.reshape(-1))  # positions of real tokens in the flat batch
        x = self._norm(x.reshape(b * n, d)[real], "embeddings.LayerNorm")  # (tokens, d)
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]  # padded keys get no attention
        hd = d // self.heads
        for i, (qkv_w, qkv_b) in enumerate(self._qkv):
            p = f"encoder.layer.{i}."
            padded = np.zeros((b * n, 3 * d), np.float32)
            padded[real] = x @ qkv_w + qkv_b
            q, k, v = padded.reshape(b, n, 3, self.heads, hd).transpose(2, 0, 3, 1, 4)
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(hd)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            ctx = ((scores / scores.sum(-1, keepdims=True)) @ v).transpose(0, 2, 1, 3).reshape(b * n, d)[real]
            x = self._norm(self._lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = _gelu(self._lin(x, p + "intermediate.dense"))
            x = self._norm(self._lin(h, p + "output.dense") + x, p + "output.LayerNorm")
        out = np.zeros((b * n, d), np.float32)
        out[real] = x
        return out.reshape(b, n, d)
