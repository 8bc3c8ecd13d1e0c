"""Train the small mBART-style model from scratch on the built pairs; save a Hugging Face-format directory."""

from __future__ import annotations

import gzip
import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..prompts import DEFAULT_VERSION, controls, with_prefix

CARD_KEYS = ("d_model", "d_ff", "layers", "heads", "vocab", "steps", "batch_tokens", "lr", "seed")


@dataclass
class TrainConfig:
    data: Path = Path("build/model-data")
    out: Path = Path("build/model")
    vocab: int = 6000
    d_model: int = 256
    d_ff: int = 1024
    layers: int = 3
    heads: int = 4
    max_len: int = 96
    batch_tokens: int = 2048  # source tokens per batch (padded)
    steps: int = 4000
    warmup: int = 100
    lr: float = 2e-3
    dropout: float = 0.1
    seed: int = 13
    log_every: int = 50
    save_every: int = 500
    minutes: float = 70.0  # time budget (0: none): the cosine schedule runs on max(step share, time share)
    copy_init: bool = True  # start from a model that copies its input (see copy_init)
    prompts: str = DEFAULT_VERSION
    target_space: bool = True  # targets start with a space, so every word is the same token as in the source
    init_from: Path | None = None  # start from this trained model directory (fine-tuning; its tokenizer is used)
    resume: bool = False  # continue from out/checkpoint (weights, optimizer, step, time spent) when there is one
    device: str = "auto"  # "cpu", "cuda" or "auto" (a GPU when torch sees one; bf16 autocast there)
    tokenizer: Path | None = None  # use the tokenizer saved in this directory instead of training one


def load_pairs(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def make_batches(src: list[list[int]], tgt: list[list[int]], batch_tokens: int, rng: random.Random) -> list[list[int]]:
    """Indices grouped by similar source length, so little padding; batch order shuffled."""
    order = sorted(range(len(src)), key=lambda i: len(src[i]) + rng.random())
    batches: list[list[int]] = []
    cur: list[int] = []
    longest = 0
    for i in order:
        longest_next = max(longest, len(src[i]), len(tgt[i]))
        if cur and longest_next * (len(cur) + 1) > batch_tokens:
            batches.append(cur)
            cur, longest_next = [], max(len(src[i]), len(tgt[i]))
        cur.append(i)
        longest = longest_next
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def copy_init(model, gain: float = 1.0) -> None:
    """Make the untrained model copy its input: the decoder starts with the encoder's position
    embeddings, and every cross-attention projection starts near the identity, so decoder
    position t attends to source position t and reads its token out through the tied output layer.

    From a random start, a model this size sits on a plateau (loss about 6) for thousands of CPU
    steps before it discovers copying; with this start, short identity pairs reach loss 1.9 in 200
    steps (against 6.4 without), and the full mixture 3.9 at step 250 (against 6.0)."""
    import torch

    enc, dec = model.model.encoder, model.model.decoder
    dim = model.config.d_model
    with torch.no_grad():
        dec.embed_positions.weight.copy_(enc.embed_positions.weight)
        for layer in dec.layers:
            att = layer.encoder_attn
            for lin in (att.q_proj, att.k_proj, att.v_proj, att.out_proj):
                lin.weight.mul_(0.1).add_(torch.eye(dim) * gain)
                lin.bias.zero_()


def build_model(cfg: TrainConfig, tok):
    """A small mBART-style encoder-decoder (pre-layer-norm BART). T5 from scratch under AdamW
    stalled near unigram loss here (its embedding and output scales are made for Adafactor);
    BART and mBART train at once, and pre-norm takes a higher learning rate."""
    from transformers import GenerationConfig, MBartConfig, MBartForConditionalGeneration

    config = MBartConfig(
        vocab_size=len(tok),
        d_model=cfg.d_model,
        encoder_layers=cfg.layers,
        decoder_layers=cfg.layers,
        encoder_attention_heads=cfg.heads,
        decoder_attention_heads=cfg.heads,
        encoder_ffn_dim=cfg.d_ff,
        decoder_ffn_dim=cfg.d_ff,
        max_position_embeddings=max(128, cfg.max_len + 8),
        dropout=cfg.dropout,
        scale_embedding=False,
        pad_token_id=tok.pad_token_id,
        eos_token_id=tok.eos_token_id,
        bos_token_id=tok.eos_token_id,
        decoder_start_token_id=tok.eos_token_id,
        forced_eos_token_id=None,
    )
    config.plainspeak_prompts = cfg.prompts
    config.plainspeak_sentinels = "<p{}>"
    config.plainspeak_target_space = cfg.target_space
    model = MBartForConditionalGeneration(config)
    if cfg.copy_init:
        copy_init(model)
    model.generation_config = GenerationConfig(
        decoder_start_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        eos_token_id=tok.eos_token_id,
        bos_token_id=tok.eos_token_id,
        max_new_tokens=cfg.max_len,
        num_beams=4,
    )
    return model


def target_text(tgt: str, cfg: TrainConfig) -> str:
    """The decoder's training text. In the source every word follows a space (after the control
    prefix), and byte-level BPE spells " Proposed" and "Proposed" with different tokens; a target
    without the leading space makes the model re-spell each sentence's first word, which it learns
    only for common words (measured: "Bposed", "Sureau", "uch" for rare ones). Decoding drops the space."""
    return f" {tgt}" if cfg.target_space else tgt


def encode(tok, pairs: list[dict[str, str]], cfg: TrainConfig) -> tuple[list[list[int]], list[list[int]]]:
    """Token ids of the prefixed sources and of the targets. With a prompt version that has
    controls, each source's prefix says the grade and length ratio of its own target."""
    if controls(cfg.prompts) is not None:
        from ...readability import sentence_grade

        srcs = [
            with_prefix(
                p["src"],
                p.get("task", "simplify"),
                cfg.prompts,
                grade=sentence_grade(p["tgt"]),
                ratio=len(p["tgt"]) / max(1, len(p["src"])),
            )
            for p in pairs
        ]
    else:
        srcs = [with_prefix(p["src"], p.get("task", "simplify"), cfg.prompts) for p in pairs]
    src = tok(srcs, truncation=True, max_length=cfg.max_len)["input_ids"]
    tgt = tok([target_text(p["tgt"], cfg) for p in pairs], truncation=True, max_length=cfg.max_len)["input_ids"]
    return src, tgt


PACK = "train.ids.npz"


def tokenizer_key(tok) -> str:
    """What the packed ids depend on besides the pairs: the tokenizer's vocabulary."""
    import hashlib

    spec = json.loads(tok.backend_tokenizer.to_str())  # its model and added tokens: not the truncation state
    key = json.dumps([spec.get("model"), spec.get("added_tokens"), spec.get("pre_tokenizer")], sort_keys=True)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def pack_meta(tok, cfg: TrainConfig) -> dict[str, object]:
    return {
        "tokenizer": tokenizer_key(tok),
        "prompts": cfg.prompts,
        "target_space": cfg.target_space,
        "max_len": cfg.max_len,
    }


def encoded_pairs(tok, cfg: TrainConfig, log: Callable[[str], None] = print) -> tuple[list[list[int]], list[list[int]]]:
    """Token ids of the training pairs that fit max_len, from data/train.ids.npz when it was packed
    with the same tokenizer and settings from the same pairs, else encoded now and packed there. The
    pack is what a run on another machine (a GPU) needs besides the tokenizer: a few MB of int16 ids,
    no corpus and no readability code."""
    import hashlib

    import numpy as np

    pairs_path = cfg.data / "train.jsonl.gz"
    pack_path = cfg.data / PACK
    meta = pack_meta(tok, cfg)
    if pairs_path.is_file():
        meta["pairs"] = hashlib.sha256(pairs_path.read_bytes()).hexdigest()[:16]
    if pack_path.is_file():
        with np.load(pack_path) as z:
            saved = json.loads(str(z["meta"]))
            if all(saved.get(k) == v for k, v in meta.items()):
                log(f"token ids from {pack_path}")
                return _unpack(z["src"], z["src_len"]), _unpack(z["tgt"], z["tgt_len"])
    if not pairs_path.is_file():
        raise FileNotFoundError(f"no {pairs_path} and no matching {pack_path}")
    src, tgt = encode(tok, load_pairs(pairs_path), cfg)
    keep = [i for i in range(len(src)) if len(src[i]) < cfg.max_len and len(tgt[i]) < cfg.max_len]
    src, tgt = [src[i] for i in keep], [tgt[i] for i in keep]
    dtype = np.int16 if len(tok) < 2**15 else np.int32
    tmp = pack_path.with_suffix(".tmp.npz")
    np.savez_compressed(
        tmp,
        meta=np.array(json.dumps(meta)),
        src=np.array([t for s in src for t in s], dtype=dtype),
        src_len=np.array([len(s) for s in src], dtype=np.int32),
        tgt=np.array([t for s in tgt for t in s], dtype=dtype),
        tgt_len=np.array([len(s) for s in tgt], dtype=np.int32),
    )
    tmp.replace(pack_path)
    log(f"packed the token ids of {len(src)} pairs into {pack_path}")
    return src, tgt


def _unpack(flat, lengths) -> list[list[int]]:
    out, at = [], 0
    flat = flat.astype("int64").tolist()
    for n in lengths.tolist():
        out.append(flat[at : at + n])
        at += n
    return out


def pick_device(cfg: TrainConfig) -> str:
    import torch

    if cfg.device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if cfg.device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda: torch sees no GPU here")
    return cfg.device


def device_name(device: str) -> str:
    import torch

    if device == "cuda":
        return f"1 GPU ({torch.cuda.get_device_name(0)})"
    return f"{torch.get_num_threads()} CPU threads"


def _pad(seqs: list[list[int]], value: int):
    import torch

    width = max(len(s) for s in seqs)
    return torch.tensor([s + [value] * (width - len(s)) for s in seqs])


def train(cfg: TrainConfig, tok, log: Callable[[str], None] = print):
    """Returns the trained model (also saved to cfg.out, with a checkpoint every save_every steps)."""
    import torch

    from ...embeddings import set_threads

    set_threads()
    device = pick_device(cfg)
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    src, tgt = encoded_pairs(tok, cfg, log)
    state = resume_state(cfg)
    if state is not None:
        model = _load(cfg.out / "checkpoint")
        log(f"resuming from {cfg.out / 'checkpoint'} at step {state['step']} ({state['elapsed_s'] / 60:.1f} min spent)")
    elif cfg.init_from is not None:
        model = _load(cfg.init_from)
        log(f"starting from the trained model in {cfg.init_from}")
    else:
        model = build_model(cfg, tok)
    model.to(device)
    model.train()
    n_params = sum(p.numel() for p in model.parameters())
    mc = model.config
    log(
        f"model: mBART {mc.encoder_layers}+{mc.decoder_layers} layers, d_model {mc.d_model}, "
        f"{n_params / 1e6:.1f}M parameters; "
        f"{len(src)} training pairs; {cfg.steps} steps; on {device_name(device)}"
    )
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.01, fused=device == "cuda")
    step = 0
    t0 = time.time()
    if state is not None:
        opt.load_state_dict(state["optimizer"])
        step = int(state["step"])
        t0 -= float(state["elapsed_s"])  # the time budget and the schedule count the earlier session's time
        rng.setstate(state["rng"])
        torch.set_rng_state(state["torch_rng"])
        if device == "cuda" and state.get("cuda_rng"):
            torch.cuda.set_rng_state_all(state["cuda_rng"])

    def progress(s: int) -> float:
        share = s / cfg.steps
        if cfg.minutes:
            share = max(share, (time.time() - t0) / (cfg.minutes * 60))
        return min(1.0, share)

    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / cfg.warmup) * max(0.05, 0.5 * (1 + math.cos(math.pi * progress(s))))
    )
    if state is not None:
        sched.load_state_dict(state["scheduler"])  # the learning rate where the earlier run left it
    epoch, tokens, loss_sum, loss_n, first = 0, 0, 0.0, 0, step
    t_run = time.time()
    pad = tok.pad_token_id
    autocast = torch.autocast("cuda", dtype=torch.bfloat16, enabled=device == "cuda")
    while step < cfg.steps:
        epoch += 1
        for batch in make_batches(src, tgt, cfg.batch_tokens, rng):
            input_ids = _pad([src[i] for i in batch], pad).to(device, non_blocking=True)
            labels = _pad([tgt[i] for i in batch], -100).to(device, non_blocking=True)
            with autocast:
                out = model(input_ids=input_ids, attention_mask=(input_ids != pad).long(), labels=labels)
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            tokens += sum(len(src[i]) + len(tgt[i]) for i in batch)
            loss_sum, loss_n = loss_sum + out.loss.detach(), loss_n + 1  # a tensor: no GPU sync per step
            elapsed = time.time() - t0
            if step % cfg.log_every == 0 or step == cfg.steps:
                eta = (time.time() - t_run) / max(1, step - first) * (cfg.steps - step)
                log(
                    f"step {step}/{cfg.steps} epoch {epoch} loss {float(loss_sum) / loss_n:.3f} "
                    f"lr {sched.get_last_lr()[0]:.2e} "
                    f"{tokens / max(1e-9, time.time() - t_run):.0f} tok/s "
                    f"elapsed {elapsed / 60:.1f} min eta {eta / 60:.1f} min"
                )
                loss_sum, loss_n = 0.0, 0
            if step % cfg.save_every == 0:
                save(model, tok, cfg.out / "checkpoint", cfg, {"step": step})
                save_state(cfg.out / "checkpoint", opt, sched, step, time.time() - t0, rng)
            if step >= cfg.steps or (cfg.minutes and elapsed > cfg.minutes * 60):
                break
        if cfg.minutes and time.time() - t0 > cfg.minutes * 60:
            log(f"stopped by the time limit ({cfg.minutes} min) at step {step}")
            break
    model.eval()
    model.to("cpu")
    info = {"step": step, "train_minutes": round((time.time() - t0) / 60, 1), "device": device_name(device)}
    save(model, tok, cfg.out, cfg, info)
    return model


def _load(path: Path):
    from transformers import MBartForConditionalGeneration

    return MBartForConditionalGeneration.from_pretrained(str(path), local_files_only=True)


STATE = "trainer_state.pt"


def save_state(path: Path, opt, sched, step: int, elapsed_s: float, rng: random.Random) -> None:
    """What `resume` needs besides the weights, written beside the checkpoint's weights."""
    import torch

    tmp = path / (STATE + ".tmp")
    torch.save(
        {
            "optimizer": opt.state_dict(),
            "scheduler": sched.state_dict(),
            "step": step,
            "elapsed_s": elapsed_s,
            "rng": rng.getstate(),
            "torch_rng": torch.get_rng_state(),
            "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        },
        tmp,
    )
    tmp.replace(path / STATE)


def resume_state(cfg: TrainConfig) -> dict | None:
    """The saved trainer state of out/checkpoint when `resume` is set and there is one."""
    import torch

    path = cfg.out / "checkpoint" / STATE
    if not cfg.resume or not path.is_file():
        return None
    return torch.load(path, weights_only=False, map_location="cpu")


def save(model, tok, path: Path, cfg: TrainConfig, info: dict[str, object]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(path))
    tok.save_pretrained(str(path))
    meta = {"train_config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(cfg).items()}, **info}
    (path / "training.json").write_text(json.dumps(meta, indent=2) + "\n")
