"""End to end over real sockets: `python app.py` (uvicorn on 127.0.0.1) and `plainspeak serve`,
called the way the README tells a CMS developer to call them."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from plainspeak import cli
from plainspeak.server.launch import REPO, running_server

KEY = "server-test-key-0001"
LIMITED_KEY = "server-test-key-0002"
JARGON = (
    "We regret to inform you that your request cannot be processed at this time. Please utilize the "
    "online portal to facilitate your application going forward."
)
ORIGIN = "https://cms.example.com"


@pytest.fixture(scope="module")
def server():
    args = [
        "--api-key",
        KEY,
        "--rate-limit",
        "0",
        "--max-body-bytes",
        "50000",
        "--max-text-chars",
        "10000",
        "--max-batch-documents",
        "4",
    ]
    with running_server(args, env={"PLAINSPEAK_CORS_ORIGINS": ORIGIN}) as srv:
        yield srv


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.url, timeout=60, headers={"Authorization": f"Bearer {KEY}"}) as c:
        yield c


def error(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["code"] == code and err["message"] and set(err) == {"code", "title", "message", "field"}
    return err


def test_startup_log_says_where_things_are(server):
    log = server.log()
    assert f"{server.url}/ui/" in log and f"{server.url}/docs" in log
    assert "1 API key(s) required" in log
    assert "model loaded" in log


def test_ui_and_docs_are_served(server):
    root = httpx.get(server.url + "/", follow_redirects=False)
    assert root.status_code in (302, 307) and root.headers["location"] == "/ui/"
    ui = httpx.get(server.url + "/ui/", timeout=30)
    assert ui.status_code == 200 and "<html" in ui.text.lower() and "gradio" in ui.text.lower()
    assert "swagger-ui" in httpx.get(server.url + "/docs").text
    assert httpx.get(server.url + "/readyz").json()["status"] == "ready"


def test_rewrite_with_a_key_matches_the_cli(http, tmp_path, capsys):
    r = http.post("/v1/rewrite", json={"text": JARGON, "target_grade": 7})
    assert r.status_code == 200
    src = tmp_path / "notice.txt"
    src.write_text(JARGON, encoding="utf-8")
    assert cli.main(["rewrite", "--json", "--grade", "7", str(src)]) == 0
    assert r.json() == json.loads(capsys.readouterr().out)
    assert "utilize" not in r.json()["output"]


def test_the_readme_curl_command(server):
    body = json.dumps({"text": JARGON})
    out = subprocess.run(
        [
            "curl",
            "-sS",
            "-X",
            "POST",
            f"{server.url}/v1/rewrite",
            "-H",
            f"Authorization: Bearer {KEY}",
            "-H",
            "Content-Type: application/json",
            "-d",
            body,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if out.returncode == 127 or "not found" in out.stderr:
        pytest.skip("curl is not installed")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["version"] == "1.0"


def test_batch_and_analyze_and_rules(http):
    r = http.post("/v1/rewrite/batch", json={"documents": [{"id": "a", "text": JARGON}, {"id": "b", "text": ""}]})
    assert [x["id"] for x in r.json()["results"]] == ["a", "b"] and r.json()["failed"] == 1
    assert http.post("/v1/analyze", json={"text": JARGON}).json()["scores"]["words"] > 10
    assert http.get("/v1/rules").json()["count"] > 0


def test_concurrent_clients(http, server):
    texts = [f"{JARGON} Reference {i}." for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        got = list(
            pool.map(
                lambda t: httpx.post(
                    server.url + "/v1/rewrite", json={"text": t}, timeout=120, headers={"X-API-Key": KEY}
                ),
                texts,
            )
        )
    assert [r.status_code for r in got] == [200] * 8
    assert all(f"Reference {i}" in r.json()["output"] for i, r in enumerate(got))


# -- every error, over the wire ------------------------------------------------------------------------
def test_unauthorized(server):
    error(httpx.post(server.url + "/v1/rewrite", json={"text": JARGON}), 401, "E020")
    error(
        httpx.post(server.url + "/v1/rewrite", json={"text": JARGON}, headers={"X-API-Key": "nope-nope-nope"}),
        401,
        "E020",
    )


def test_body_too_large(http):
    error(
        http.post(
            "/v1/rewrite", content=b'{"text": "' + b"x" * 60_000 + b'"}', headers={"Content-Type": "application/json"}
        ),
        413,
        "E022",
    )


def test_body_too_large_chunked(http):
    def stream():
        yield b'{"text": "'
        for _ in range(60):
            yield b"y" * 1_000
        yield b'"}'

    r = http.post("/v1/rewrite", content=stream(), headers={"Content-Type": "application/json"})
    error(r, 413, "E022")


def test_text_and_batch_limits(http):
    error(http.post("/v1/rewrite", json={"text": "word " * 2_001}), 413, "E004")
    error(http.post("/v1/rewrite/batch", json={"documents": [{"text": "a b"}] * 5}), 413, "E025")


def test_wrong_content_type(http):
    error(http.post("/v1/rewrite", content=JARGON.encode(), headers={"Content-Type": "text/plain"}), 415, "E023")


def test_invalid_json(http):
    error(http.post("/v1/rewrite", content=b'{"text": ', headers={"Content-Type": "application/json"}), 400, "E024")


def test_invalid_utf8(http):
    error(
        http.post("/v1/rewrite", content=b'{"text": "\xc3\x28"}', headers={"Content-Type": "application/json"}),
        400,
        "E003",
    )


def test_unknown_field(http):
    assert error(http.post("/v1/rewrite", json={"text": JARGON, "tone": "warm"}), 422, "E026")["field"] == "tone"


def test_not_found_and_method(http):
    error(http.get("/v1/missing"), 404, "E027")
    error(http.put("/v1/rewrite", json={"text": JARGON}), 405, "E028")


def test_cors_preflight(server):
    r = httpx.options(
        server.url + "/v1/rewrite",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ORIGIN


def test_keys_never_in_the_log(server, http):
    http.post("/v1/rewrite", json={"text": JARGON})
    httpx.post(server.url + "/v1/rewrite", json={"text": JARGON}, headers={"Authorization": "Bearer guessed-key-99"})
    log = server.log()
    assert "POST /v1/rewrite" in log  # the access log is there...
    assert KEY not in log and "guessed-key-99" not in log  # ...without the keys


# -- plainspeak serve ----------------------------------------------------------------------------------
def test_plainspeak_serve_is_the_same_app(server):
    cmd = [sys.executable, "-m", "plainspeak", "serve"]
    with running_server(["--no-ui", "--api-key", LIMITED_KEY, "--rate-limit", "2"], command=cmd) as other:
        assert httpx.get(other.url + "/ui/").status_code == 404
        assert httpx.get(other.url + "/", follow_redirects=False).headers["location"] == "/docs"
        mine = httpx.get(other.url + "/openapi.json").json()
        theirs = httpx.get(server.url + "/openapi.json").json()
        assert mine["paths"].keys() == theirs["paths"].keys()
        h = {"X-API-Key": LIMITED_KEY}
        assert [httpx.get(other.url + "/v1/rules", headers=h).status_code for _ in range(2)] == [200, 200]
        r = httpx.get(other.url + "/v1/rules", headers=h)
        error(r, 429, "E021")
        assert int(r.headers["retry-after"]) >= 1


def test_bad_configuration_exits_with_a_message():
    out = subprocess.run(
        [sys.executable, str(Path(REPO) / "app.py"), "--port", "99999"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 3 and "E006" in out.stderr and "port" in out.stderr


# -- the example CMS integration -------------------------------------------------------------------------
def test_cms_export_example(server, http, tmp_path):
    out, report = tmp_path / "rewritten.json", tmp_path / "review.csv"
    script = Path(REPO) / "examples" / "cms" / "rewrite_export.py"
    sample = Path(REPO) / "examples" / "cms" / "sample-export.json"
    run = subprocess.run(
        [
            sys.executable,
            str(script),
            str(sample),
            "-o",
            str(out),
            "--report",
            str(report),
            "--fields",
            "title,body",
            "--batch-size",
            "10",
            "--url",
            server.url,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PLAINSPEAK_KEY": KEY, "PATH": ""},
    )
    assert run.returncode == 0, run.stderr
    original = json.loads(sample.read_text(encoding="utf-8"))["entries"]
    rewritten = json.loads(out.read_text(encoding="utf-8"))["entries"]
    assert [e["id"] for e in rewritten] == [e["id"] for e in original]
    for before, after in zip(original, rewritten):
        expected = http.post("/v1/rewrite", json={"text": before["body"], "format": before["format"]}).json()
        assert after["body"] == expected["output"]
        assert after["_plainspeak"]["body"]["changes"] == sum(c["accepted"] for c in expected["changes"])
    assert "{{first_name}}" in rewritten[1]["body"] and "<strong>{{plan_name}}</strong>" in rewritten[1]["body"]
    assert rewritten[3]["body"] == original[3]["body"]
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("entry,field,change,rule") and len(lines) > 4


def test_cms_example_reports_a_bad_key(server):
    script = Path(REPO) / "examples" / "cms" / "rewrite_export.py"
    sample = Path(REPO) / "examples" / "cms" / "sample-export.json"
    run = subprocess.run(
        [sys.executable, str(script), str(sample), "-o", "/dev/null", "--url", server.url, "--key", "wrong-key-0000"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "E020" in run.stderr


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_pipeline_workers_end_when_the_server_is_killed() -> None:
    """A server killed with SIGKILL cannot shut its worker pool down; each worker (holding its own copy
    of the models) notices the server is gone and ends, instead of staying for good."""
    import os
    import signal
    import time

    with running_server(["--no-ui", "--workers", "2", "--rate-limit", "0"]) as srv:
        workers = [p for p in _children(srv.process.pid) if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text()]
        assert len(workers) >= 2, workers
        os.kill(srv.process.pid, signal.SIGKILL)
        srv.process.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(p) for p in workers), [p for p in workers if _alive(p)]
