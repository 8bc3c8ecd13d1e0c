"""The seq2seq model's tokenizer from its tokenizer.json, through the `tokenizers` library alone.

transformers' AutoTokenizer gives the same ids and text, but importing transformers costs about
1.2 s of every start-up (CLI, batch worker, server worker). A model folder saved by
`plainspeak train` holds a fast tokenizer (tokenizer.json + tokenizer_config.json with
`clean_up_tokenization_spaces: false`); `load` reads that, and returns None for any other folder,
which then goes through AutoTokenizer. tests/test_model.py checks ids and text against transformers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_FAST_CLASSES = {"TokenizersBackend", "PreTrainedTokenizerFast"}
_SPECIAL_KEYS = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token")


class FastTokenizer:
    """The part of transformers' tokenizer interface the rewriter uses: call, pad, decode, vocab, specials."""

    def __init__(self, tokenizer: Any, config: dict[str, Any]) -> None:
        # the file keeps the truncation and padding of training (max_length 96); like transformers
        # without truncation=True, nothing is cut here: the rewriter skips a sentence too long for the model
        tokenizer.no_truncation()
        tokenizer.no_padding()
        self._tok = tokenizer
        self._vocab: dict[str, int] = tokenizer.get_vocab(with_added_tokens=True)
        named = {k: config.get(k) for k in _SPECIAL_KEYS}
        self.bos_token: str | None = named["bos_token"]
        self.eos_token: str | None = named["eos_token"]
        self.unk_token: str | None = named["unk_token"]
        self.pad_token: str | None = named["pad_token"]
        self.bos_token_id = self._id(self.bos_token)
        self.eos_token_id = self._id(self.eos_token)
        self.unk_token_id = self._id(self.unk_token)
        self.pad_token_id = self._id(self.pad_token)
        extra = config.get("extra_special_tokens") or config.get("additional_special_tokens") or []
        specials = [t for t in named.values() if t] + [t for t in extra if isinstance(t, str)]
        self.all_special_ids: list[int] = sorted({i for i in (self._id(t) for t in specials) if i is not None})
        self.padding_side: str = config.get("padding_side", "right")

    def _id(self, token: str | None) -> int | None:
        return self._vocab.get(token) if token else None

    def get_vocab(self) -> dict[str, int]:
        return dict(self._vocab)

    def __call__(
        self,
        text: str | Sequence[str],
        add_special_tokens: bool = True,
        verbose: bool = True,
        padding: bool = False,
        return_tensors: str | None = None,
    ) -> dict[str, Any]:
        del verbose  # no truncation here, so no "longer than the maximum" warning to silence
        if isinstance(text, str):
            ids: Any = self._tok.encode(text, add_special_tokens=add_special_tokens).ids
            return {"input_ids": ids, "attention_mask": [1] * len(ids)}
        rows = [e.ids for e in self._tok.encode_batch(list(text), add_special_tokens=add_special_tokens)]
        if padding or return_tensors:
            return self.pad({"input_ids": rows}, return_tensors=return_tensors)
        return {"input_ids": rows, "attention_mask": [[1] * len(r) for r in rows]}

    def pad(self, batch: dict[str, list[list[int]]], return_tensors: str | None = None) -> dict[str, Any]:
        """Rows padded to the longest with the pad id, and their attention masks (as torch tensors
        with return_tensors="pt")."""
        rows = batch["input_ids"]
        width = max((len(r) for r in rows), default=0)
        pad = self.pad_token_id if self.pad_token_id is not None else 0
        ids, masks = [], []
        for r in rows:
            fill = width - len(r)
            if self.padding_side == "left":
                ids.append([pad] * fill + list(r))
                masks.append([0] * fill + [1] * len(r))
            else:
                ids.append(list(r) + [pad] * fill)
                masks.append([1] * len(r) + [0] * fill)
        if return_tensors == "pt":
            import torch

            return {"input_ids": torch.tensor(ids, dtype=torch.long), "attention_mask": torch.tensor(masks)}
        return {"input_ids": ids, "attention_mask": masks}

    def decode(self, ids: Any, skip_special_tokens: bool = False) -> str:
        seq = ids.tolist() if hasattr(ids, "tolist") else list(ids)
        return str(self._tok.decode(seq, skip_special_tokens=skip_special_tokens))


def load(path: Path) -> FastTokenizer | None:
    """The folder's tokenizer without transformers, or None when it is not a plain fast tokenizer
    (no tokenizer.json, another tokenizer class, or clean-up of spaces that transformers would do)."""
    tok_file, cfg_file = path / "tokenizer.json", path / "tokenizer_config.json"
    if not tok_file.is_file() or not cfg_file.is_file():
        return None
    try:
        config = json.loads(cfg_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if config.get("tokenizer_class") not in _FAST_CLASSES or config.get("clean_up_tokenization_spaces", False):
        return None
    from tokenizers import Tokenizer

    return FastTokenizer(Tokenizer.from_file(str(tok_file)), config)
