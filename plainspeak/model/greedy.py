"""Greedy decoding for pre-layer-norm BART (mBART) checkpoints, in plain torch ops.

The arithmetic is that of transformers' MBartDecoder step by step (embeddings, learned positions,
pre-norm self-attention with a key/value cache, cross-attention, GELU feed-forward, final norm,
tied output layer), without `generate()`'s per-step bookkeeping: on 2 CPU cores that bookkeeping
costs more than the small model's arithmetic. `tests/test_model.py` checks that it returns
exactly what `generate(num_beams=1)` returns. Other architectures use `generate()`.
A pass reads several positions where the input suggests how the output goes on (`guess`, the
"prompt lookup" form of speculative decoding): the tokens are the greedy ones, in fewer passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

Processor = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
Op = Callable[[torch.Tensor], torch.Tensor]

DRAFT = 8  # positions a decoder pass reads: the last token and up to 7 guessed from the input
MATCH = 3  # tokens of the output's end matched against the input to find where it goes on
SKIP = 4  # new tokens at the output's end a guess looks back over, to the last one the input has


def guess(source: list[int], written: list[int], n: int) -> list[int]:
    """Up to n tokens the output may go on with: what follows, in the input, the place whose tokens
    match the most of the output's last MATCH tokens (the last one at least). When the last tokens
    are new (a word put in place of another: "regret to inform you" -> "regret to tell"), what follows
    the last token the input has, as many tokens on as were written since ("you ..."). [] when the
    output's last SKIP tokens are all new. A rewrite copies most of its sentence and swaps some words,
    so this is usually what greedy decoding writes next."""
    if n <= 0:
        return []
    for back in range(min(len(written), SKIP)):
        place = _best_place(source, written[: len(written) - back])
        if place >= 0:
            start = place + 1 + back
            return source[start : start + n]
    return []


def _best_place(source: list[int], written: list[int]) -> int:
    """Where in the input the output's last token is, matching the most of its last MATCH tokens
    (the later place on a tie); -1 when the input does not have it."""
    best, best_len = -1, 0
    tail = written[-MATCH:]
    for i in range(len(source) - 1):
        if source[i] != tail[-1]:
            continue
        k = 1
        while k < len(tail) and i - k >= 0 and source[i - k] == tail[-1 - k]:
            k += 1
        if k > best_len or (k == best_len and i > best):
            best, best_len = i, k
    return best


def linear_op(module: Any) -> Op:
    """The module's arithmetic without nn.Module's call machinery (a step calls some 30 of these):
    the same op its forward() runs, for int8 (dynamically quantized) and float Linear layers."""
    packed = getattr(module, "_packed_params", None)
    if packed is None:
        weight, bias = module.weight, module.bias
        return lambda x: F.linear(x, weight, bias)
    if packed.dtype != torch.qint8 or getattr(module, "version", None) is None or module.version < 4:
        return module
    params, overload = packed._packed_params, torch.ops.quantized.linear_dynamic.default
    op = getattr(overload, "_op", overload)  # the C++ op, without the Python check for traced objects
    return lambda x: op(x, params, True)


def norm_op(module: Any) -> Op:
    shape, weight, bias, eps = module.normalized_shape, module.weight, module.bias, module.eps
    return lambda x: F.layer_norm(x, shape, weight, bias, eps)


def supports(model: Any) -> bool:
    from .mbart_lite import ACTIVATIONS

    cfg = model.config
    return (
        cfg.model_type == "mbart"
        and cfg.decoder_layerdrop == 0
        and cfg.d_model % cfg.decoder_attention_heads == 0
        and cfg.activation_function in ACTIVATIONS
    )


class FastGreedy:
    def __init__(self, model: Any) -> None:
        from .mbart_lite import ACTIVATIONS  # transformers' ACT2FN table, for the activations mBART uses

        if not supports(model):
            raise ValueError(f"fast greedy decoding needs an mBART checkpoint, not {model.config.model_type}")
        self.model = model
        cfg = model.config
        dec = model.model.decoder
        self.dec = dec
        self.heads = cfg.decoder_attention_heads
        self.dim = cfg.d_model
        self.act = ACTIVATIONS[cfg.activation_function]
        self.start = cfg.decoder_start_token_id
        self.eos = cfg.eos_token_id
        self.pad = cfg.pad_token_id
        self.max_positions = cfg.max_position_embeddings
        self.bias = model.final_logits_bias
        self.layers = [
            (
                norm_op(la.self_attn_layer_norm),
                linear_op(la.self_attn.q_proj),
                linear_op(la.self_attn.k_proj),
                linear_op(la.self_attn.v_proj),
                linear_op(la.self_attn.out_proj),
                norm_op(la.encoder_attn_layer_norm),
                linear_op(la.encoder_attn.q_proj),
                linear_op(la.encoder_attn.out_proj),
                norm_op(la.final_layer_norm),
                linear_op(la.fc1),
                linear_op(la.fc2),
            )
            for la in dec.layers
        ]
        self.lm_head = linear_op(model.lm_head)
        self.final_norm = norm_op(dec.layer_norm)
        self.embed_norm = norm_op(dec.layernorm_embedding)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.dim // self.heads).transpose(1, 2)

    @torch.inference_mode()
    def __call__(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        max_new_tokens: int,
        processor: Processor | None = None,
        min_confidence: float = 0.0,
        draft: int | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Decoder ids (batch, 1 + generated), starting with the start token, finished rows padded; and per
        row the lowest probability of a token it chose (a step the constraint forced counts as 1).
        A row whose confidence falls below `min_confidence` stops there (the caller drops it anyway):
        its ids are cut short, its confidence is already below the bar.

        Each decoder pass reads up to `draft` positions: the last chosen token and a guess at the next
        ones, copied from the input where it goes on from the same words (a rewrite copies most of its
        sentence). Every token is still the greedy choice from its own prefix (with the constraint
        applied to that prefix); the pass keeps the guesses up to the first that some row did not choose,
        so a guess only saves passes, it never picks a token (`draft=1`: one position per pass; default DRAFT)."""
        model, dec = self.model, self.dec
        enc = model.model.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        batch = input_ids.shape[0]
        max_new_tokens = min(max_new_tokens, self.max_positions - 1)
        draft = max(1, DRAFT if draft is None else draft)
        cross_mask = attention_mask.bool()[:, None, None, :]
        cross = [
            (self._split(layer.encoder_attn.k_proj(enc)), self._split(layer.encoder_attn.v_proj(enc)))
            for layer in dec.layers
        ]
        head_dim = self.dim // self.heads
        keys = torch.zeros(len(dec.layers), batch, self.heads, max_new_tokens + draft, head_dim)
        values = torch.zeros_like(keys)
        out = torch.full((batch, max_new_tokens + 1), self.pad, dtype=torch.long)
        out[:, 0] = self.start
        done = torch.zeros(batch, dtype=torch.bool)
        confidence = torch.ones(batch)
        sources = [row[mask.bool()].tolist() for row, mask in zip(input_ids, attention_mask)]
        chosen: list[list[int]] = [[] for _ in range(batch)]
        last = t = 0
        while t < max_new_tokens:
            guesses = [[] if done[r] else guess(sources[r], chosen[r], draft - 1) for r in range(batch)]
            m = min(1 + max(len(g) for g in guesses), max_new_tokens - t)
            inp = out[:, t : t + 1]
            if m > 1:
                ahead = torch.tensor([g[: m - 1] + [self.pad] * (m - 1 - len(g[: m - 1])) for g in guesses])
                inp = torch.cat([inp, ahead], dim=1)
            pos = dec.embed_positions.weight[t + dec.embed_positions.offset : t + m + dec.embed_positions.offset]
            h = self.embed_norm(dec.embed_tokens(inp) + pos)
            causal = None if m == 1 else torch.ones(m, t + m, dtype=torch.bool).tril(t)
            for i, (n1, q1, k1, v1, o1, n2, q2, o2, n3, fc1, fc2) in enumerate(self.layers):
                x = n1(h)
                keys[i, :, :, t : t + m] = self._split(k1(x))
                values[i, :, :, t : t + m] = self._split(v1(x))
                a = F.scaled_dot_product_attention(
                    self._split(q1(x)), keys[i, :, :, : t + m], values[i, :, :, : t + m], attn_mask=causal
                )
                h = h + o1(a.transpose(1, 2).reshape(batch, m, self.dim))
                x = n2(h)
                a = F.scaled_dot_product_attention(self._split(q2(x)), cross[i][0], cross[i][1], attn_mask=cross_mask)
                h = h + o2(a.transpose(1, 2).reshape(batch, m, self.dim))
                h = h + fc2(self.act(fc1(n3(h))))
            all_logits = self.lm_head(self.final_norm(h)) + self.bias
            for j in range(m):
                col = t + 1 + j
                logits = all_logits[:, j]
                if processor is not None:
                    logits = processor(out[:, :col], logits)
                probs = torch.softmax(logits, dim=-1)
                best, nxt = probs.max(-1)
                best = torch.nan_to_num(best, nan=1.0)  # a step the constraint forced (no choice) is not a guess
                confidence = torch.where(done, confidence, torch.minimum(confidence, best))
                nxt = torch.where(done, torch.full_like(nxt, self.pad), nxt)
                out[:, col] = nxt
                last = col
                for r in (~done).nonzero(as_tuple=True)[0].tolist():
                    chosen[r].append(int(nxt[r]))
                done |= (nxt == self.eos) | (confidence < min_confidence)
                if bool(done.all()):
                    return out[:, : last + 1], confidence
                if j + 1 < m and bool(((nxt != inp[:, j + 1]) & ~done).any()):
                    break  # a row chose other than the guess: the later positions read a wrong prefix
            t = last
        return out[:, : last + 1], confidence
