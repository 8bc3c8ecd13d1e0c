"""The meaning check's embeddings: the numpy and the torch MiniLM give what the transformers model gives."""

from __future__ import annotations

import numpy as np
import pytest

from plainspeak.embeddings import Embedder, pick_runtime
from plainspeak.errors import PlainspeakError

TEXTS = [
    "Please pay by 3 May.",
    "Please be advised that, pursuant to our policy, remittance must be received prior to the due date.",
    "x",
    "Your {{plan}} renews on the first of each month unless you cancel it in your account settings first.",
    "Notwithstanding the foregoing, the Secretary may utilize such funds as are necessary for section 5 "
    "of the Act, including administrative costs, travel, training and the salaries of temporary staff.",
]


def test_numpy_and_torch_embeddings_agree() -> None:
    a = np.stack([np.asarray(v) for v in Embedder(runtime="numpy").encode(TEXTS)])
    b = np.stack([v.numpy() for v in Embedder(runtime="torch").encode(TEXTS)])
    assert a.shape == (len(TEXTS), 384)
    assert np.abs(a - b).max() < 1e-5
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_similarity_is_the_same_in_both_runtimes_and_batches_do_not_matter() -> None:
    n, t = Embedder(runtime="numpy"), Embedder(runtime="torch")
    pairs = [(TEXTS[0], TEXTS[1]), (TEXTS[3], "Your {{plan}} renews monthly unless you cancel it.")]
    for x, y in pairs:
        assert abs(n.similarity(x, y) - t.similarity(x, y)) < 1e-5
    for runtime, e in (("numpy", n), ("torch", t)):  # padding changes nothing (dense layers skip it)
        batch = [np.asarray(v) for v in e.encode(TEXTS)]
        for i, text in enumerate(TEXTS):
            alone = np.asarray(Embedder(runtime=runtime).encode([text])[0])
            assert np.abs(alone - batch[i]).max() < 1e-6, (runtime, text)


def test_runtime_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLAINSPEAK_EMBEDDINGS", raising=False)
    assert pick_runtime("torch") == "torch" and pick_runtime("numpy") == "numpy"
    monkeypatch.setenv("PLAINSPEAK_EMBEDDINGS", "numpy")
    assert pick_runtime() == "numpy" and pick_runtime("torch") == "numpy"  # the setting wins
    monkeypatch.setenv("PLAINSPEAK_EMBEDDINGS", "cuda")
    with pytest.raises(PlainspeakError) as e:
        pick_runtime()
    assert e.value.code == "E013"


def test_the_torch_runtime_equals_transformers_bert() -> None:
    """minilm_torch.py runs BERT in torch ops; transformers' BertModel is the reference."""
    import torch

    from plainspeak.embeddings import model_dir
    from plainspeak.hf import transformers

    tf = transformers()  # under plainspeak's import lock: a model may be loading in another thread
    AutoModel, AutoTokenizer = tf.AutoModel, tf.AutoTokenizer

    path = model_dir()
    tok = AutoTokenizer.from_pretrained(str(path))
    bert = AutoModel.from_pretrained(str(path)).eval()
    enc = tok(TEXTS, padding=True, truncation=True, max_length=256, return_tensors="pt")
    with torch.inference_mode():
        hidden = bert(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    ref = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)
    ours = torch.stack(Embedder(runtime="torch").encode(TEXTS))
    assert float((ours - ref).abs().max()) < 1e-5
