"""The seq2seq model behind every front end: `--model` on the CLI, the server (`--model`, the
API's `use_model`, /readyz) and the UI's checkbox; and a checkpoint of another architecture
(a stock T5 layout with <extra_id_N> sentinels) under the same prompts and constraints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from plainspeak import Settings, rewrite
from plainspeak.errors import PlainspeakError
from plainspeak.model.infer import Rewriter
from plainspeak.server.config import ServerConfig
from plainspeak.server.engine import Engine
from plainspeak.server.main import create_app
from plainspeak.server.ui.app import RULE_CATEGORIES, Review

from .conftest import REPO

# a long, passive, above-grade sentence: the hook asks the model about it
HARD = (
    "Please be advised that your application was reviewed by our team and that a determination will be "
    "made in due course regarding the payment of {{amount}} by June 3, 2024."
)


def model_notes(result: dict) -> list[str]:
    return [n for v in result["verdicts"] for n in v.get("notes", []) if n.startswith("model")]


def test_cli_rewrite_and_batch_take_model(tiny_model: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "plainspeak", "rewrite", "--json", "--no-meaning-check", "--model", str(tiny_model)],
        input=HARD,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    assert model_notes(json.loads(run.stdout))
    bad = subprocess.run(
        [sys.executable, "-m", "plainspeak", "rewrite", "--model", str(tmp_path)],
        input=HARD,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert bad.returncode == 3 and "E013" in bad.stderr
    for cmd in ("batch", "audit"):
        help_text = subprocess.run(
            [sys.executable, "-m", "plainspeak", cmd, "--help"], capture_output=True, text=True, cwd=REPO
        ).stdout
        assert "--model PATH" in help_text


def test_server_model_flag_is_validated(tmp_path: Path) -> None:
    with pytest.raises(PlainspeakError) as exc:
        ServerConfig(model=str(tmp_path))
    assert exc.value.code == "E013"
    assert ServerConfig.from_env({"PLAINSPEAK_MODEL": "none"}).model == "none"


@pytest.fixture(scope="module")
def model_engine(tiny_model: Path) -> Engine:
    engine = Engine(model=str(tiny_model))
    engine.load()
    assert engine.ready.is_set(), engine.error
    return engine


def test_api_uses_the_server_model_unless_told_not_to(model_engine: Engine, tiny_model: Path) -> None:
    with TestClient(create_app(ServerConfig(ui=False, rate_limit=0), model_engine)) as c:
        ready = c.get("/readyz").json()
        assert ready["status"] == "ready" and ready["seq2seq_model"] == str(tiny_model)
        body = {"text": HARD, "check_meaning": False}
        with_model = c.post("/v1/rewrite", json=body).json()
        without = c.post("/v1/rewrite", json={**body, "use_model": False}).json()
        assert model_notes(with_model) and not model_notes(without)
        assert "{{amount}}" in with_model["output"] and "June 3, 2024" in with_model["output"]
        assert without == rewrite(HARD, settings=Settings(check_meaning=False, model="none")).to_dict()
        batch = c.post("/v1/rewrite/batch", json={"documents": [{"text": HARD}], "check_meaning": False}).json()
        assert model_notes(batch["results"][0])
        bad = c.post("/v1/rewrite", json={**body, "use_model": "yes"})
        assert bad.status_code == 422 and bad.json()["error"]["field"] == "use_model"
        schema = c.get("/openapi.json").json()["components"]["schemas"]["RewriteRequest"]["properties"]
        assert "use_model" in schema


def test_ui_checkbox_turns_the_model_on_and_off(model_engine: Engine) -> None:
    review = Review(model_engine, ServerConfig(ui=True))
    args = (HARD, "auto", 8, "standard", RULE_CATEGORIES, "", "", "")
    on = review.run(*args, True)[0].to_dict()
    off = review.run(*args, False)[0].to_dict()
    assert model_notes(on) and not model_notes(off)


def _stock_t5(path: Path) -> Path:
    """A random-weight T5 with a tokenizer whose sentinels are <extra_id_N>, as in flan-t5."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, T5Config, T5ForConditionalGeneration

    extra = [f"<extra_id_{i}>" for i in range(32)]
    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(
        [HARD, "Please pay by the date we gave you."] * 20,
        trainers.BpeTrainer(
            vocab_size=400,
            special_tokens=["<pad>", "</s>", "<unk>", *extra],
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        ),
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", eos_token="</s>", unk_token="<unk>", additional_special_tokens=extra
    )
    config = T5Config(
        vocab_size=len(fast),
        d_model=32,
        d_kv=8,
        d_ff=64,
        num_layers=1,
        num_heads=2,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
    )
    T5ForConditionalGeneration(config).save_pretrained(str(path))
    fast.save_pretrained(str(path))
    return path


def test_a_stock_t5_checkpoint_gets_the_same_constraints(tmp_path: Path) -> None:
    path = _stock_t5(tmp_path / "t5")
    r = Rewriter(path)
    assert r.fmt == "<extra_id_{}>" and len(r.sentinel_ids) == 32
    cands = r.generate([HARD], n=2, max_new_tokens=30)[0]
    for c in cands:
        assert c.count("{{amount}}") == 1 and c.count("June 3, 2024") == 1 and "extra_id" not in c
    result = rewrite(HARD, settings=Settings(model=str(path), check_meaning=False))
    assert "{{amount}}" in result.output and "June 3, 2024" in result.output
    assert model_notes(result.to_dict())
