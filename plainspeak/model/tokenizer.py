"""A byte-level BPE tokenizer trained on the training pairs, wrapped for transformers.

Byte-level: every character round-trips exactly (curly quotes, accents), no <unk>.
Sentinels <p0>..<p31> are special tokens, so a protected span is always one token.
"""

from __future__ import annotations

from collections.abc import Iterable

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import PreTrainedTokenizerFast

from .sentinels import MAX_SENTINELS, PLAIN_FORMAT

PAD, EOS, UNK = "<pad>", "</s>", "<unk>"
SENTINELS = [PLAIN_FORMAT.format(i) for i in range(MAX_SENTINELS)]


def train_tokenizer(texts: Iterable[str], vocab_size: int = 8000) -> PreTrainedTokenizerFast:
    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=[PAD, EOS, UNK, *SENTINELS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(single=f"$A {EOS}", special_tokens=[(EOS, tok.token_to_id(EOS))])
    return wrap(tok)


def wrap(tok: Tokenizer) -> PreTrainedTokenizerFast:
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        pad_token=PAD,
        eos_token=EOS,
        unk_token=UNK,
        additional_special_tokens=SENTINELS,
        clean_up_tokenization_spaces=False,
        model_max_length=256,
    )
