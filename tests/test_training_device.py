"""Training away from the corpus: the device choice, the packed token ids that a GPU machine needs
instead of the corpus, the size flags, and shipping weights as float16 (docs/model.md, "Training on a GPU")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")


def _weights(path: Path) -> dict[str, object]:
    from safetensors.torch import load_file

    return load_file(str(path / "model.safetensors"))


def _pack_only(src: Path, dst: Path) -> Path:
    """A data folder as it travels to a GPU machine: the packed ids and the stats, no pairs, no corpus."""
    dst.mkdir(parents=True)
    for name in ("train.ids.npz", "stats.json", "dev_plain.jsonl.gz"):
        shutil.copy(src / name, dst / name)
    return dst


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_auto_trains_on_the_cpu_and_cuda_without_a_gpu_says_so() -> None:
    from plainspeak.model.training.train import TrainConfig, pick_device

    assert pick_device(TrainConfig()) == "cpu"
    with pytest.raises(RuntimeError, match="no GPU"):
        pick_device(TrainConfig(device="cuda"))


def test_packed_ids_train_the_same_model_without_the_pairs(tiny_model: Path, tmp_path: Path) -> None:
    """The tiny model's data folder holds the packed ids (written by its first run); with only those and
    its tokenizer, training gives the very same weights, and the card says where it ran."""
    from plainspeak.cli import main

    data = _pack_only(tiny_model.parent / "data", tmp_path / "data")
    out = tmp_path / "model"
    args = ["train", "--tiny", "--skip-build", "--tokenizer", str(tiny_model), "--data", str(data), "--out", str(out)]
    assert main([*args, "--corpus", str(tmp_path / "no-corpus")]) == 0
    before, after = _weights(tiny_model), _weights(out)
    assert before.keys() == after.keys()
    assert all(torch.equal(before[k], after[k]) for k in before)  # type: ignore[arg-type]
    training = json.loads((out / "training.json").read_text())
    assert training["device"].endswith("CPU threads")
    assert "CPU threads" in (out / "README.md").read_text()


def test_a_pack_from_other_settings_is_not_used(tiny_model: Path, tmp_path: Path) -> None:
    from transformers import PreTrainedTokenizerFast

    from plainspeak.model.training.train import PACK, TrainConfig, encoded_pairs

    data = tmp_path / "data"
    shutil.copytree(tiny_model.parent / "data", data)
    tok = PreTrainedTokenizerFast.from_pretrained(str(tiny_model), local_files_only=True)
    logs: list[str] = []
    src, tgt = encoded_pairs(tok, TrainConfig(data=data, max_len=64, prompts="v2"), logs.append)
    assert logs and logs[-1].startswith("packed")  # v1's pack does not serve v2: encoded again
    assert src and len(src) == len(tgt)
    again: list[str] = []
    assert encoded_pairs(tok, TrainConfig(data=data, max_len=64, prompts="v2"), again.append) == (src, tgt)
    assert again == [f"token ids from {data / PACK}"]
    (data / "train.jsonl.gz").unlink()
    with pytest.raises(FileNotFoundError, match="no matching"):
        encoded_pairs(tok, TrainConfig(data=data, max_len=32, prompts="v2"), logs.append)


def test_size_flags_build_that_model_and_the_card_says_how(tiny_model: Path, tmp_path: Path) -> None:
    from plainspeak.cli import main

    data = _pack_only(tiny_model.parent / "data", tmp_path / "data")
    out = tmp_path / "model"
    flags = ["--d-model", "48", "--d-ff", "96", "--heads", "3", "--layers", "2", "--batch-tokens", "700"]
    args = ["train", "--tiny", "--skip-build", "--tokenizer", str(tiny_model), "--data", str(data), "--out", str(out)]
    assert main([*args, *flags, "--device", "cpu"]) == 0
    config = json.loads((out / "config.json").read_text())
    assert (config["d_model"], config["encoder_ffn_dim"], config["decoder_layers"]) == (48, 96, 2)
    card = (out / "README.md").read_text()
    command = next(line for line in card.splitlines() if line.startswith("- **Reproduce**"))
    for flag in (*flags[::2], "--device cpu"):
        assert flag in command


def test_shipped_float16_weights_load_as_float32(tiny_model: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForSeq2SeqLM

    from plainspeak.model.mbart_lite import MBartLite
    from plainspeak.model.training.ship import ship

    dst = tmp_path / "shipped"
    ship(tiny_model, dst)
    half, full = _weights(dst), _weights(tiny_model)
    assert {v.dtype for v in half.values()} == {torch.float16}  # type: ignore[attr-defined]
    assert (dst / "model.safetensors").stat().st_size < 0.6 * (tiny_model / "model.safetensors").stat().st_size
    assert {p.name for p in dst.iterdir()} == {p.name for p in tiny_model.iterdir()}
    lite = MBartLite.load(dst)
    hf = AutoModelForSeq2SeqLM.from_pretrained(str(dst), local_files_only=True)
    for model in (lite, hf):
        params = dict(model.named_parameters())
        assert {p.dtype for p in params.values()} == {torch.float32}
        name = next(k for k in params if k.endswith("fc1.weight"))
        assert torch.allclose(params[name], full[name], rtol=1e-3, atol=1e-4)  # type: ignore[arg-type]
