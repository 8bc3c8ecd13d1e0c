"""The meaning check's embeddings: the numpy and the torch MiniLM give what the transformers model gives;
the torch runtime's bfloat16 precision stays within 2e-3 of it in similarity."""

from __future__ import annotations

import numpy as np
import pytest

from plainspeak import embeddings
from plainspeak.embeddings import Embedder, pick_precision, pick_runtime
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
    b = np.stack([v.numpy() for v in Embedder(runtime="torch", precision="float32").encode(TEXTS)])
    assert a.shape == (len(TEXTS), 384)
    assert np.abs(a - b).max() < 1e-5
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_similarity_is_the_same_in_both_runtimes_and_batches_do_not_matter() -> None:
    n, t = Embedder(runtime="numpy"), Embedder(runtime="torch", precision="float32")
    pairs = [(TEXTS[0], TEXTS[1]), (TEXTS[3], "Your {{plan}} renews monthly unless you cancel it.")]
    for x, y in pairs:
        assert abs(n.similarity(x, y) - t.similarity(x, y)) < 1e-5
    for runtime, e in (("numpy", n), ("torch", t)):  # padding changes nothing (dense layers skip it)
        batch = [np.asarray(v) for v in e.encode(TEXTS)]
        for i, text in enumerate(TEXTS):
            alone = np.asarray(Embedder(runtime=runtime, precision="float32").encode([text])[0])
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
    ours = torch.stack(Embedder(runtime="torch", precision="float32").encode(TEXTS))
    assert float((ours - ref).abs().max()) < 1e-5


PAIRS = [
    (TEXTS[0], TEXTS[1]),
    (TEXTS[3], "Your {{plan}} renews monthly unless you cancel it."),
    ("We cannot refund your order until the item is back.", "We can refund your order as soon as the item is back."),
    ("Please be advised that your account will be closed.", "Your account will be closed."),
    (TEXTS[4], "The Secretary may use the funds that section 5 of the Act needs."),
    ("Please pay by the due date.", "Please call us today."),
]


def test_bfloat16_similarities_stay_within_2e_3_of_float32() -> None:
    exact = Embedder(runtime="torch", precision="float32")
    fast = Embedder(runtime="torch", precision="bfloat16")
    assert fast.precision == "bfloat16" and exact.precision == "float32"
    gaps = [abs(exact.similarity(a, b) - fast.similarity(a, b)) for a, b in PAIRS]
    assert max(gaps) < 2e-3, gaps
    assert max(gaps) > 0  # it is a different computation, not the float32 one under another name
    rows = np.stack([v.float().numpy() for v in fast.encode(TEXTS)])
    assert rows.dtype == np.float32 and np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)


def test_precision_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLAINSPEAK_EMBEDDING_PRECISION", raising=False)
    monkeypatch.setattr(embeddings, "cpu_has_bfloat16", lambda: True)
    assert pick_precision() == "bfloat16" and pick_precision("float32") == "float32"
    monkeypatch.setattr(embeddings, "cpu_has_bfloat16", lambda: False)
    assert pick_precision() == "float32"  # emulated bfloat16 would be slower than float32
    monkeypatch.setenv("PLAINSPEAK_EMBEDDING_PRECISION", "bfloat16")
    assert pick_precision() == "bfloat16" and pick_precision("float32") == "bfloat16"  # the setting wins
    monkeypatch.setenv("PLAINSPEAK_EMBEDDING_PRECISION", "int8")
    with pytest.raises(PlainspeakError) as e:
        pick_precision()
    assert e.value.code == "E013"
    assert Embedder(runtime="numpy").precision == "float32"  # the numpy runtime has one precision


def test_cpu_flags_are_read_from_proc_cpuinfo(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import builtins

    real_open = builtins.open
    for flags, expected in (("fpu avx512f avx512_bf16 avx512_vnni", True), ("fpu avx2 fma", False), ("amx_bf16", True)):
        info = tmp_path / "cpuinfo"
        info.write_text(f"processor\t: 0\nflags\t\t: {flags}\n")
        monkeypatch.setattr(
            builtins, "open", lambda f, *a, _i=info, **k: real_open(_i if f == "/proc/cpuinfo" else f, *a, **k)
        )
        embeddings.cpu_has_bfloat16.cache_clear()
        assert embeddings.cpu_has_bfloat16() is expected, flags
    monkeypatch.setattr(builtins, "open", real_open)
    embeddings.cpu_has_bfloat16.cache_clear()


def test_the_numpy_runtime_maps_the_same_tensors_as_safetensors_loads() -> None:
    """`mapped_safetensors` reads the file's header itself and maps the data: every tensor equals what
    safetensors' own loader returns (name, dtype, shape, values)."""
    import numpy as np
    from safetensors.numpy import load_file

    from plainspeak.embeddings import weights_path
    from plainspeak.minilm import mapped_safetensors

    loaded, mapped = load_file(str(weights_path())), mapped_safetensors(weights_path())
    assert loaded.keys() == mapped.keys()
    for name, tensor in loaded.items():
        assert mapped[name].dtype == tensor.dtype and np.array_equal(mapped[name], tensor), name
