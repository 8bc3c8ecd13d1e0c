"""The shipped mBART checkpoint for inference, in plain torch modules.

transformers' modeling code for mBART costs about 2.3 s to import on the reference machine (it pulls in
torch.distributed, torch._dynamo and sympy), more than the model takes to load and run a sentence. This
module builds the same network from `config.json` with the parameter names of transformers'
`MBartForConditionalGeneration`, so the same `model.safetensors` loads into it, and runs the encoder
with the same arithmetic (pre-norm layers, learned positions with offset 2, GELU feed-forward, final
norms); greedy decoding is `greedy.FastGreedy`'s, which reads the decoder's modules. Beam search
(`Rewriter.generate`) still loads the transformers model. `tests/test_model.py` checks that both give
the same encoder states and the same greedy rewrites.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {"gelu": F.gelu, "relu": F.relu}
POSITION_OFFSET = 2  # mBART's learned positions start at index 2 (transformers' MBartLearnedPositionalEmbedding)


def read_config(path: Path) -> SimpleNamespace:
    return SimpleNamespace(**json.loads((path / "config.json").read_text(encoding="utf-8")))


def supported(cfg: Any) -> bool:
    """Can this module run the checkpoint (an mBART whose activation it knows, no layer drop)?"""
    return (
        getattr(cfg, "model_type", None) == "mbart"
        and getattr(cfg, "activation_function", None) in ACTIVATIONS
        and not getattr(cfg, "encoder_layerdrop", 0)
        and not getattr(cfg, "decoder_layerdrop", 0)
        and getattr(cfg, "tie_word_embeddings", True)
    )


class ScaledEmbedding(nn.Embedding):
    def __init__(self, num: int, dim: int, pad: int, scale: float) -> None:
        super().__init__(num, dim, pad)
        self.scale = scale

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return super().forward(ids) * self.scale


class Positions(nn.Embedding):
    def __init__(self, num: int, dim: int) -> None:
        super().__init__(num + POSITION_OFFSET, dim)
        self.offset = POSITION_OFFSET


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.q_proj, self.k_proj = nn.Linear(dim, dim), nn.Linear(dim, dim)
        self.v_proj, self.out_proj = nn.Linear(dim, dim), nn.Linear(dim, dim)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        return x.view(b, t, self.heads, d // self.heads).transpose(1, 2)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        q, k, v = self._split(self.q_proj(x)), self._split(self.k_proj(x)), self._split(self.v_proj(x))
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.out_proj(a.transpose(1, 2).reshape(b, t, d))


class EncoderLayer(nn.Module):
    def __init__(self, dim: int, heads: int, ffn: int, act: str) -> None:
        super().__init__()
        self.self_attn = Attention(dim, heads)
        self.self_attn_layer_norm = nn.LayerNorm(dim)
        self.fc1, self.fc2 = nn.Linear(dim, ffn), nn.Linear(ffn, dim)
        self.final_layer_norm = nn.LayerNorm(dim)
        self.act = ACTIVATIONS[act]

    def forward(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = h + self.self_attn(self.self_attn_layer_norm(h), mask)
        return h + self.fc2(self.act(self.fc1(self.final_layer_norm(h))))


class DecoderLayer(nn.Module):
    """The decoder's parameters; `greedy.FastGreedy` runs the decoding step with them."""

    def __init__(self, dim: int, heads: int, ffn: int) -> None:
        super().__init__()
        self.self_attn, self.encoder_attn = Attention(dim, heads), Attention(dim, heads)
        self.self_attn_layer_norm, self.encoder_attn_layer_norm = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.fc1, self.fc2 = nn.Linear(dim, ffn), nn.Linear(ffn, dim)
        self.final_layer_norm = nn.LayerNorm(dim)


class Stack(nn.Module):
    """What the encoder and the decoder share: the token embeddings (tied), learned positions, the
    embedding norm, the layers and the final norm."""

    def __init__(self, cfg: SimpleNamespace, shared: nn.Embedding, layers: list[nn.Module]) -> None:
        super().__init__()
        self.embed_tokens = shared
        self.embed_positions = Positions(cfg.max_position_embeddings, cfg.d_model)
        self.layernorm_embedding = nn.LayerNorm(cfg.d_model)
        self.layers = nn.ModuleList(layers)
        self.layer_norm = nn.LayerNorm(cfg.d_model)


class Encoder(Stack):
    def __init__(self, cfg: SimpleNamespace, shared: nn.Embedding) -> None:
        args = (cfg.d_model, cfg.encoder_attention_heads, cfg.encoder_ffn_dim, cfg.activation_function)
        super().__init__(cfg, shared, [EncoderLayer(*args) for _ in range(cfg.encoder_layers)])

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> SimpleNamespace:
        steps = torch.arange(input_ids.shape[1]) + self.embed_positions.offset
        h = self.layernorm_embedding(self.embed_tokens(input_ids) + self.embed_positions.weight[steps])
        mask = attention_mask.bool()[:, None, None, :]
        for layer in self.layers:
            h = layer(h, mask)
        return SimpleNamespace(last_hidden_state=self.layer_norm(h))


class Decoder(Stack):
    """The decoder's parameters; `greedy.FastGreedy` runs its decoding step."""

    def __init__(self, cfg: SimpleNamespace, shared: nn.Embedding) -> None:
        args = (cfg.d_model, cfg.decoder_attention_heads, cfg.decoder_ffn_dim)
        super().__init__(cfg, shared, [DecoderLayer(*args) for _ in range(cfg.decoder_layers)])


class Body(nn.Module):
    def __init__(self, cfg: SimpleNamespace) -> None:
        super().__init__()
        scale = math.sqrt(cfg.d_model) if getattr(cfg, "scale_embedding", False) else 1.0
        self.shared = ScaledEmbedding(cfg.vocab_size, cfg.d_model, cfg.pad_token_id, scale)
        self.encoder = Encoder(cfg, self.shared)
        self.decoder = Decoder(cfg, self.shared)


class MBartLite(nn.Module):
    """`MBartForConditionalGeneration`'s parameters and encoder, for greedy decoding with FastGreedy."""

    def __init__(self, cfg: SimpleNamespace) -> None:
        super().__init__()
        self.config = cfg
        self.model = Body(cfg)
        self.lm_head = nn.Linear(cfg.d_model, cfg.vocab_size, bias=False)
        self.lm_head.weight = self.model.shared.weight  # tied, as in the checkpoint
        self.register_buffer("final_logits_bias", torch.zeros(1, cfg.vocab_size))

    @classmethod
    def load(cls, path: Path) -> MBartLite:
        from safetensors.torch import load_file

        model = cls(read_config(path))
        state = load_file(str(path / "model.safetensors"))
        missing, unexpected = model.load_state_dict(state, strict=False)
        # the token embeddings and the output layer are model.shared.weight under other names (tied)
        missing = [k for k in missing if not k.endswith("embed_tokens.weight") and k != "lm_head.weight"]
        if missing or unexpected:
            raise ValueError(f"not an mBART checkpoint of this shape: missing {missing[:3]}, extra {unexpected[:3]}")
        return model.eval()
