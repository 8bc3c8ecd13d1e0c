"""all-MiniLM-L6-v2 in plain torch ops, for the meaning check when torch is loaded anyway (the seq2seq
model runs, or the server).

The arithmetic of `minilm.py` (the numpy runtime) and of transformers' BertModel, on the same weights
(safetensors) and tokenizer (`tokenizers`, tokenizer.json), without importing transformers' modeling
code: that import (BERT pulls in torch.distributed, torch._dynamo and sympy) costs about 3 s of
start-up on the reference machine, more than a CLI call spends checking meaning. Embeddings agree with
the transformers model to about 1e-6 (tests/test_embeddings.py).

`precision="bfloat16"` runs the dense layers (nine tenths of the arithmetic) on bfloat16 inputs and
weights, summed in float32, on a CPU with bfloat16 dot products (AVX512_BF16, AMX): about 1.5x faster
per sentence; layer norms, attention and pooling stay float32. Similarities then move by about 1e-3 at most
(bench/embedding_precision.py measures it on the pipeline's own meaning checks)."""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F

from .minilm import bert_setup


class MiniLMTorch:
    """Mean-pooled, L2-normalised sentence embeddings (torch tensors) from a BERT model directory."""

    def __init__(self, path: Path, precision: str = "float32") -> None:
        from safetensors.torch import load_file

        cfg, self.tok = bert_setup(path)
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.w = {k.removeprefix("bert."): v for k, v in load_file(str(path / "model.safetensors")).items()}
        # each layer's query, key and value projections as one (3 * hidden, hidden) matrix: one matmul
        self._qkv = [
            tuple(
                torch.cat([self.w[f"encoder.layer.{i}.attention.self.{m}.{part}"] for m in ("query", "key", "value")])
                for part in ("weight", "bias")
            )
            for i in range(self.layers)
        ]
        self.precision = precision
        self._dense: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}  # name -> (weight, bias) in `precision`
        if precision == "bfloat16":
            for k in self.w:
                if k.startswith("encoder.") and k.endswith(".weight") and self.w[k].dim() == 2:
                    name = k.removesuffix(".weight")
                    self._dense[name] = (self.w[k].bfloat16(), self.w[name + ".bias"].bfloat16())
            self._qkv = [(w.bfloat16(), b.bfloat16()) for w, b in self._qkv]
        elif precision != "float32":
            raise ValueError(f"precision is float32 or bfloat16, not {precision!r}")

    @torch.inference_mode()
    def encode(self, texts: list[str]) -> torch.Tensor:
        """(len(texts), hidden) float32 embeddings, one row per text."""
        if not texts:
            return torch.zeros((0, self.w["embeddings.word_embeddings.weight"].shape[1]))
        enc = self.tok.encode_batch(texts)
        ids = torch.tensor([e.ids for e in enc], dtype=torch.long)
        types = torch.tensor([e.type_ids for e in enc], dtype=torch.long)
        mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.float32)
        hidden = self._forward(ids, types, mask)
        m = mask[:, :, None]
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return F.normalize(pooled, dim=-1)

    def _lin(self, x: torch.Tensor, name: str) -> torch.Tensor:
        dense = self._dense.get(name)
        if dense is None:
            return F.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])
        return F.linear(x.bfloat16(), *dense).float()

    def _lin_qkv(self, x: torch.Tensor, i: int) -> torch.Tensor:
        w, b = self._qkv[i]
        return F.linear(x.to(w.dtype), w, b).float()

    def _norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return F.layer_norm(x, x.shape[-1:], self.w[name + ".weight"], self.w[name + ".bias"], self.eps)

    def _forward(self, ids: torch.Tensor, types: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Hidden states (b, n, hidden); rows of padding are zero. The dense layers run on the real
        tokens only (padding is a quarter of a batch of mixed sentence lengths); only attention, which
        needs a (b, heads, n, n) layout, sees the padded batch."""
        w = self.w
        b, n = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n][None]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        d = x.shape[2]
        real = mask.bool().reshape(-1).nonzero().squeeze(1)  # positions of real tokens in the flat batch
        x = self._norm(x.reshape(b * n, d)[real], "embeddings.LayerNorm")  # (tokens, d)
        keep = mask.bool()[:, None, None, :]  # padded keys get no attention
        hd = d // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            padded = x.new_zeros((b * n, 3 * d))
            padded[real] = self._lin_qkv(x, i)
            q, k, v = padded.view(b, n, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=keep).transpose(1, 2).reshape(b * n, d)[real]
            x = self._norm(self._lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = F.gelu(self._lin(x, p + "intermediate.dense"))
            x = self._norm(self._lin(h, p + "output.dense") + x, p + "output.LayerNorm")
        out = x.new_zeros((b * n, d))
        out[real] = x
        return out.view(b, n, d)
