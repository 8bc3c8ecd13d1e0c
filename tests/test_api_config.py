"""Server configuration (defaults < environment < flags), API keys and the rate limiter."""

from __future__ import annotations

import pytest

from plainspeak.cli import build_parser
from plainspeak.errors import PlainspeakError
from plainspeak.server.config import OPTIONS, ServerConfig
from plainspeak.server.main import build_parser as app_parser
from plainspeak.server.main import public_urls
from plainspeak.server.security import KeyStore, RateLimiter


def test_defaults():
    c = ServerConfig()
    assert (c.host, c.port, c.api_keys, c.max_body_bytes, c.rate_limit, c.ui) == (
        "127.0.0.1",
        7860,
        [],
        1_000_000,
        120,
        True,
    )


def test_environment():
    env = {
        "PLAINSPEAK_HOST": "0.0.0.0",
        "PLAINSPEAK_PORT": "9000",
        "PLAINSPEAK_API_KEYS": "key-aaaaaaaa, key-bbbbbbbb",
        "PLAINSPEAK_MAX_BODY_BYTES": "5000",
        "PLAINSPEAK_RATE_LIMIT": "0",
        "PLAINSPEAK_UI": "off",
        "PLAINSPEAK_CORS_ORIGINS": "https://a.example,https://b.example",
        "PLAINSPEAK_MAX_BATCH_DOCUMENTS": "9",
        "PLAINSPEAK_MAX_TEXT_CHARS": "777",
        "PLAINSPEAK_LOG_LEVEL": "warning",
    }
    c = ServerConfig.from_env(env)
    assert c.host == "0.0.0.0" and c.port == 9000
    assert c.api_keys == ["key-aaaaaaaa", "key-bbbbbbbb"]
    assert c.max_body_bytes == 5000 and c.rate_limit == 0 and c.ui is False
    assert c.cors_origins == ["https://a.example", "https://b.example"]
    assert (c.max_batch_documents, c.max_text_chars, c.log_level) == (9, 777, "warning")


def test_flags_override_environment():
    env = {"PLAINSPEAK_PORT": "9000", "PLAINSPEAK_API_KEYS": "env-key-1234", "PLAINSPEAK_RATE_LIMIT": "5"}
    args = app_parser().parse_args(
        ["--port", "8100", "--api-key", "flag-key-1234", "--api-key", "flag-key-5678", "--no-ui", "--cors-origin", "*"]
    )
    c = ServerConfig.from_args(args, env)
    assert c.port == 8100 and c.api_keys == ["flag-key-1234", "flag-key-5678"]
    assert c.rate_limit == 5 and c.ui is False and c.cors_origins == ["*"]
    c2 = ServerConfig.from_args(app_parser().parse_args([]), env)
    assert c2.port == 9000 and c2.api_keys == ["env-key-1234"] and c2.ui is True


def test_keys_file(tmp_path):
    f = tmp_path / "keys.txt"
    f.write_text("# CMS production\nfile-key-00000001\n\nfile-key-00000002\n", encoding="utf-8")
    c = ServerConfig.from_env({"PLAINSPEAK_API_KEYS_FILE": str(f), "PLAINSPEAK_API_KEYS": "env-key-0001"})
    assert c.api_keys == ["env-key-0001", "file-key-00000001", "file-key-00000002"]
    args = app_parser().parse_args(["--api-keys-file", str(f)])
    assert ServerConfig.from_args(args, {}).api_keys == ["file-key-00000001", "file-key-00000002"]
    with pytest.raises(PlainspeakError) as e:
        ServerConfig(api_keys_file=str(tmp_path / "missing"))
    assert e.value.code == "E006"


@pytest.mark.parametrize(
    "env",
    [
        {"PLAINSPEAK_PORT": "http"},
        {"PLAINSPEAK_PORT": "70000"},
        {"PLAINSPEAK_MAX_BODY_BYTES": "0"},
        {"PLAINSPEAK_RATE_LIMIT": "-1"},
        {"PLAINSPEAK_UI": "maybe"},
        {"PLAINSPEAK_API_KEYS": "short"},
        {"PLAINSPEAK_API_KEYS": "has space in it"},
        {"PLAINSPEAK_UI_AUTH": "nocolon"},
        {"PLAINSPEAK_LOG_LEVEL": "loud"},
        {"PLAINSPEAK_MODEL_PATH": "/no/such/folder"},
    ],
)
def test_invalid_values_are_coded_errors(env):
    with pytest.raises(PlainspeakError) as e:
        ServerConfig.from_env(env)
    assert e.value.code in ("E006", "E013")


def test_redacted_never_shows_keys():
    c = ServerConfig(api_keys=["very-secret-key-1"], ui_auth="ann:pw-secret")
    text = repr(c.redacted())
    assert "very-secret-key-1" not in text and "pw-secret" not in text and "1 configured" in text


def test_every_option_has_a_flag_and_a_variable():
    flags = {a.dest for a in app_parser()._actions}
    for name, flag, var, help_ in OPTIONS:
        assert var.startswith("PLAINSPEAK_") and help_
        assert name in flags or flag == "--no-ui"


def test_cli_serve_has_the_same_flags():
    serve = build_parser().parse_args(["serve", "--port", "9001", "--api-key", "cli-key-00001", "--no-ui"])
    c = ServerConfig.from_args(serve, {})
    assert (c.port, c.api_keys, c.ui) == (9001, ["cli-key-00001"], False)


def test_public_urls():
    assert public_urls(ServerConfig(host="0.0.0.0", port=80))["ui"] == "http://127.0.0.1:80/ui/"
    assert public_urls(ServerConfig(host="::1", port=81))["docs"] == "http://[::1]:81/docs"


def test_keystore():
    ks = KeyStore(["alpha-key-0001", "beta-key-0002"])
    assert ks.enabled
    assert ks.match("alpha-key-0001") == 1 and ks.match("beta-key-0002") == 2
    assert ks.match("alpha-key-000") is None and ks.match("") is None and ks.match(None) is None
    assert ks.match("alpha-key-0001\udcff") is None
    assert not KeyStore([]).enabled


def test_rate_limiter_refills_over_time():
    now = [1000.0]
    rl = RateLimiter(60, clock=lambda: now[0])  # one a second, bursts of 60
    assert all(rl.take("k")[0] for _ in range(60))
    ok, remaining, retry = rl.take("k")
    assert (ok, remaining, retry) == (False, 0, 1)
    now[0] += 1.0
    assert rl.take("k")[0] and not rl.take("k")[0]
    assert rl.take("other")[0]  # buckets are per identity


def test_rate_limiter_retry_after_is_whole_seconds():
    now = [0.0]
    rl = RateLimiter(2, clock=lambda: now[0])  # one every 30 s
    rl.take("k"), rl.take("k")
    ok, _, retry = rl.take("k")
    assert not ok and retry == 30
    now[0] += 29.5
    assert rl.take("k") == (False, 0, 1)


def test_rate_limiter_prunes_idle_buckets():
    now = [0.0]
    rl = RateLimiter(10, clock=lambda: now[0])
    for i in range(10_002):
        rl.take(f"client {i}")
    now[0] += 3600
    rl.take("late")
    assert len(rl._buckets) < 100


def test_server_threads_leave_a_core_for_the_event_loop(monkeypatch):
    from plainspeak.server.main import server_threads

    monkeypatch.delenv("PLAINSPEAK_THREADS", raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1}, raising=False)
    server_threads()
    import os

    assert os.environ["PLAINSPEAK_THREADS"] == "1"
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(16)), raising=False)
    monkeypatch.delenv("PLAINSPEAK_THREADS")
    server_threads()
    assert os.environ["PLAINSPEAK_THREADS"] == "4"
    monkeypatch.setenv("PLAINSPEAK_THREADS", "3")
    server_threads()
    assert os.environ["PLAINSPEAK_THREADS"] == "3"
