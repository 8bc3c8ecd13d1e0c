"""Readiness: a request that arrives while the server loads its models waits for them (bounded)
or gets 503 E015 with Retry-After; never a 500 (issue 14: two threads importing transformers)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from plainspeak.server.config import ServerConfig
from plainspeak.server.engine import Engine
from plainspeak.server.launch import running_server
from plainspeak.server.main import create_app

TEXT = (
    "We regret to inform you that your request cannot be processed at this time. Please utilize the "
    "online portal to facilitate your application going forward."
)
CALLS = [
    ("/v1/rewrite", {"text": TEXT}),
    ("/v1/analyze", {"text": TEXT}),
    ("/v1/rewrite/batch", {"documents": [{"text": TEXT}]}),
    ("/v1/rewrite", {"text": TEXT, "use_model": False}),
]


def assert_not_ready(r: httpx.Response) -> None:
    assert r.status_code == 503, r.text
    assert int(r.headers["retry-after"]) > 0
    err = r.json()["error"]
    assert err["code"] == "E015" and err["title"] == "not ready" and set(err) == {"code", "title", "message", "field"}


def fire(url: str, n_rounds: int = 2) -> list[httpx.Response]:
    """Every call of CALLS, all at once, `n_rounds` times in a row."""
    out: list[httpx.Response] = []
    with httpx.Client(base_url=url, timeout=120) as c, ThreadPoolExecutor(len(CALLS)) as pool:
        for _ in range(n_rounds):
            out += list(pool.map(lambda call: c.post(call[0], json=call[1]), CALLS))
    return out


def test_requests_from_the_first_moment_wait_for_the_models():
    with running_server(["--no-ui", "--rate-limit", "0"], wait_ready=False) as srv:
        assert httpx.get(srv.url + "/readyz").json()["status"] == "loading"  # the race the issue describes
        responses = fire(srv.url)
        assert [r.status_code for r in responses] == [200] * len(responses), [r.text[:300] for r in responses]
        rewrites = [r.json()["output"] for r, call in zip(responses, CALLS * 2) if call[0] == "/v1/rewrite"]
        assert rewrites[0] == rewrites[2] and rewrites[1] == rewrites[3]
        assert httpx.get(srv.url + "/readyz").json()["status"] == "ready"
        log = srv.log()
    assert "ImportError" not in log and "internal error" not in log, log[-3000:]


def test_no_wait_gives_503_with_retry_after_then_200():
    with running_server(["--no-ui", "--rate-limit", "0"], env={"PLAINSPEAK_READY_WAIT": "0"}, wait_ready=False) as srv:
        first = fire(srv.url, n_rounds=1)
        for r in first:
            if r.status_code != 200:
                assert_not_ready(r)
        assert any(r.status_code == 503 for r in first)  # loading takes seconds; these came in the first
        with httpx.Client(base_url=srv.url, timeout=120) as c:
            for _ in range(600):
                if c.get("/readyz").status_code == 200:
                    break
                threading.Event().wait(0.2)
            assert [c.post(p, json=b).status_code for p, b in CALLS] == [200] * len(CALLS)
        log = srv.log()
    assert "ImportError" not in log and "internal error" not in log, log[-3000:]


def test_not_loaded_engine_answers_e015(monkeypatch):
    monkeypatch.setenv("PLAINSPEAK_READY_WAIT", "0.05")
    c = TestClient(create_app(ServerConfig(ui=False, rate_limit=0), Engine()))  # no lifespan: never loads
    for path, body in CALLS:
        assert_not_ready(c.post(path, json=body))
    assert c.get("/readyz").status_code == 503


def test_failed_load_answers_e013_at_once(tmp_path):
    engine = Engine(embedding_path=str(tmp_path))  # no weights there: loading fails
    engine.load()
    c = TestClient(create_app(ServerConfig(ui=False, rate_limit=0), engine))
    r = c.post("/v1/rewrite", json={"text": TEXT})
    assert r.status_code == 503 and r.json()["error"]["code"] == "E013"


@pytest.mark.parametrize("value, expected", [("2.5", 2.5), ("-1", 0.0), ("soon", 60.0)])
def test_ready_wait_setting(monkeypatch, value, expected):
    from plainspeak.server.loading import ready_wait_s

    monkeypatch.setenv("PLAINSPEAK_READY_WAIT", value)
    assert ready_wait_s() == expected
