"""The HTTP API through FastAPI's test client: every endpoint, and every error with its code,
status and field. One engine (one model load) is shared by all the apps in this module."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

import plainspeak
from plainspeak import cli
from plainspeak.errors import CATALOGUE
from plainspeak.rules.model import load_rules
from plainspeak.rules.style import STYLE_RULES
from plainspeak.server.config import ServerConfig
from plainspeak.server.engine import Engine
from plainspeak.server.main import create_app

KEY = "test-key-0123456789"
KEY2 = "other-key-9876543210"
AUTH = {"Authorization": f"Bearer {KEY}"}
JARGON = "We will utilize your feedback to facilitate improvements going forward."
ORIGIN = "https://cms.example.com"


@pytest.fixture(scope="module")
def engine() -> Engine:
    e = Engine()
    e.load()
    assert e.ready.is_set(), e.error
    return e


@pytest.fixture(scope="module")
def client(engine: Engine):
    config = ServerConfig(
        api_keys=[KEY, KEY2],
        rate_limit=0,
        max_body_bytes=20_000,
        max_text_chars=5_000,
        max_batch_documents=3,
        cors_origins=[ORIGIN],
        ui=False,
    )
    with TestClient(create_app(config, engine)) as c:
        yield c


def post(client: TestClient, path: str, body, headers=None, **kw):
    return client.post(path, json=body, headers={**AUTH, **(headers or {})}, **kw)


def assert_error(r, status: int, code: str, field: str | None = "any"):
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"code", "title", "message", "field"}
    assert err["code"] == code, err
    assert err["title"] == CATALOGUE[code][0]
    assert err["message"]
    if field != "any":
        assert err["field"] == field, err
    return err


# -- happy paths ---------------------------------------------------------------------------------
def test_health_and_ready(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready"


def test_rewrite_is_the_same_json_as_the_cli(client, tmp_path, capsys):
    r = post(client, "/v1/rewrite", {"text": JARGON})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["output"] != JARGON and "utilize" not in body["output"]
    src = tmp_path / "copy.txt"
    src.write_text(JARGON, encoding="utf-8")
    assert cli.main(["rewrite", "--json", str(src)]) == 0
    assert body == json.loads(capsys.readouterr().out)


def test_rewrite_settings_are_passed_through(client):
    body = {
        "text": JARGON,
        "format": "text",
        "target_grade": 6,
        "strength": "light",
        "categories": ["jargon"],
        "glossary": {"protected": ["facilitate"], "banned": {"feedback": "comments"}, "replacements": {}},
        "long_sentence_words": 10,
        "similarity_threshold": 0.6,
        "check_meaning": True,
    }
    got = post(client, "/v1/rewrite", body).json()
    settings = plainspeak.Settings.from_dict({k: v for k, v in body.items() if k not in ("text", "format")})
    assert got == plainspeak.rewrite(JARGON, "text", settings).to_dict()
    assert "facilitate" in got["output"]  # protected by the glossary
    assert got["settings"]["target_grade"] == 6


def test_accept_applies_exactly_those_changes(client):
    full = post(client, "/v1/rewrite", {"text": JARGON}).json()
    ids = [c["id"] for c in full["changes"]]
    assert len(ids) >= 2
    keep = ids[:1]
    got = post(client, "/v1/rewrite", {"text": JARGON, "accept": keep}).json()
    assert [c["id"] for c in got["changes"] if c["accepted"]] == keep
    assert got["output"] == plainspeak.rewrite(JARGON).render(keep)
    none = post(client, "/v1/rewrite", {"text": JARGON, "accept": []}).json()
    assert none["output"] == JARGON


def test_unknown_change_id(client):
    assert_error(post(client, "/v1/rewrite", {"text": JARGON, "accept": ["c999"]}), 422, "E009", "accept")


def test_analyze(client):
    r = post(client, "/v1/analyze", {"text": JARGON, "format": "text"})
    assert r.status_code == 200
    assert r.json() == plainspeak.analyze(JARGON, "text")
    assert r.json()["scores"]["jargon_count"] >= 2


def test_batch_keeps_order_ids_and_per_document_errors(client):
    docs = [
        {"id": "welcome", "text": JARGON},
        {"text": "   "},
        {"id": 7, "text": "<p>Please <b>utilize</b> the portal.</p>", "format": "html"},
    ]
    r = post(client, "/v1/rewrite/batch", {"documents": docs, "strength": "light"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 3 and body["failed"] == 1
    first, second, third = body["results"]
    assert (
        first["id"] == "welcome"
        and first["output"] == plainspeak.rewrite(JARGON, settings=plainspeak.Settings(strength="light")).output
    )
    assert second["id"] == 1 and second["error"]["code"] == "E001"
    assert third["id"] == 7 and third["format"] == "html" and "<b>use</b>" in third["output"]


def test_batch_limits(client):
    assert_error(post(client, "/v1/rewrite/batch", {"documents": [{"text": "a b"}] * 4}), 413, "E025", "documents")
    r = post(client, "/v1/rewrite/batch", {"documents": [{"text": JARGON}, {"text": "x" * 5_001}]})
    assert r.status_code == 200
    assert r.json()["results"][1]["error"]["code"] == "E004"
    assert r.json()["results"][1]["error"]["field"] == "documents.1.text"
    assert_error(post(client, "/v1/rewrite/batch", {"documents": [{"txt": "a"}]}), 422, "E026", "documents.0.txt")
    assert post(client, "/v1/rewrite/batch", {"documents": []}).json()["results"] == []


def test_rules(client):
    r = client.get("/v1/rules", headers=AUTH)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(load_rules()) + len(STYLE_RULES) == len(body["rules"])
    jargon = client.get("/v1/rules", params={"category": "jargon"}, headers=AUTH).json()
    assert jargon["count"] > 0 and {r["category"] for r in jargon["rules"]} == {"jargon"}
    one = client.get("/v1/rules", params={"code": "ps1001"}, headers=AUTH).json()
    assert [r["code"] for r in one["rules"]] == ["PS1001"]
    assert_error(client.get("/v1/rules", params={"category": "nope"}, headers=AUTH), 422, "E026", "category")
    assert_error(client.get("/v1/rules", params={"code": "1001"}, headers=AUTH), 422, "E026", "code")


def test_openapi_and_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/rewrite", "/v1/analyze", "/v1/rewrite/batch", "/v1/rules", "/healthz", "/readyz"} <= set(spec["paths"])
    schemes = spec["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    ref = spec["paths"]["/v1/rewrite"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    rewrite_schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert rewrite_schema["additionalProperties"] is False and "text" in rewrite_schema["required"]
    assert {"401", "413", "415", "422", "429"} <= set(spec["paths"]["/v1/rewrite"]["post"]["responses"])
    assert "swagger-ui" in client.get("/docs").text


# -- authentication --------------------------------------------------------------------------------
def test_key_via_either_header(client):
    assert client.post("/v1/rewrite", json={"text": JARGON}, headers={"X-API-Key": KEY2}).status_code == 200
    lower = {"authorization": f"bearer {KEY}"}
    assert client.post("/v1/rewrite", json={"text": JARGON}, headers=lower).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-key-000000"},
        {"X-API-Key": KEY + "x"},
        {"Authorization": f"Basic {KEY}"},
        {"X-API-Key": ""},
    ],
)
def test_missing_or_wrong_key(client, headers):
    r = client.post("/v1/rewrite", json={"text": JARGON}, headers=headers)
    assert_error(r, 401, "E020", "authorization")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert_error(client.get("/v1/rules", headers=headers), 401, "E020")


def test_health_needs_no_key(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_keys_never_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/v1/rewrite", json={"text": JARGON}, headers=AUTH)
    client.post("/v1/rewrite", json={"text": JARGON}, headers={"X-API-Key": "leaked-guess-12345"})
    client.post("/v1/rewrite", content=b"{", headers={**AUTH, "Content-Type": "application/json"})
    assert caplog.records, "expected the server to log something"
    assert KEY not in caplog.text and "leaked-guess-12345" not in caplog.text


# -- request errors ------------------------------------------------------------------------------
def test_body_too_large_by_content_length(client):
    big = json.dumps({"text": "word " * 5_000}).encode()
    assert len(big) > 20_000
    r = client.post("/v1/rewrite", content=big, headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, 413, "E022", "body")


def test_body_too_large_when_streamed(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(30):
            yield b"x" * 1_000
        yield b'"}'

    r = client.post("/v1/rewrite", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, 413, "E022", "body")


def test_text_too_long(client):
    assert_error(post(client, "/v1/rewrite", {"text": "a" * 5_001}), 413, "E004", "text")
    assert_error(post(client, "/v1/analyze", {"text": "a" * 5_001}), 413, "E004", "text")


@pytest.mark.parametrize(
    "ctype",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
        None,
    ],
)
def test_wrong_content_type(client, ctype):
    headers = dict(AUTH)
    if ctype:
        headers["Content-Type"] = ctype
    r = client.post("/v1/rewrite", content=json.dumps({"text": JARGON}).encode(), headers=headers)
    assert_error(r, 415, "E023", "content-type")


def test_json_content_type_variants_accepted(client):
    for ctype in ["application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.api+json"]:
        r = client.post(
            "/v1/rewrite", content=json.dumps({"text": JARGON}).encode(), headers={**AUTH, "Content-Type": ctype}
        )
        assert r.status_code == 200, (ctype, r.text)


@pytest.mark.parametrize(
    "raw",
    [
        b"{",
        b'{"text": "a",}',
        b"",
        b"   ",
        b'{"text": NaN}',
        b"text=hello",
        b'{"text": "a"} trailing',
        b'{"text": "a", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    ],
)
def test_invalid_json(client, raw):
    r = client.post("/v1/rewrite", content=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, 400, "E024", "body")


def test_invalid_utf8(client):
    raw = b'{"text": "caf\xe9 au lait"}'
    r = client.post("/v1/rewrite", content=raw, headers={**AUTH, "Content-Type": "application/json"})
    err = assert_error(r, 400, "E003", "body")
    assert "byte" in err["message"]


def test_unpaired_surrogate_escape(client):
    raw = b'{"text": "bad \\ud800 text"}'
    r = client.post("/v1/rewrite", content=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, 400, "E003", "text")


def test_utf8_bom_and_non_ascii_accepted(client):
    raw = "\ufeff".encode() + json.dumps({"text": "Café: we will utilize it. 日本"}, ensure_ascii=False).encode()
    r = client.post("/v1/rewrite", content=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 200 and "日本" in r.json()["output"]


@pytest.mark.parametrize(
    "body,code,field",
    [
        ({"text": JARGON, "grade": 6}, "E026", "grade"),
        ({"txt": JARGON}, "E026", "txt"),
        ({}, "E026", "text"),
        ({"text": 42}, "E026", "text"),
        ({"text": None}, "E026", "text"),
        ({"text": JARGON, "accept": "c1"}, "E026", "accept"),
        ({"text": JARGON, "format": "pdf"}, "E005", "format"),
        ({"text": JARGON, "target_grade": 30}, "E006", "target_grade"),
        ({"text": JARGON, "target_grade": "8"}, "E006", "target_grade"),
        ({"text": JARGON, "strength": "max"}, "E006", "strength"),
        ({"text": JARGON, "categories": ["nope"]}, "E006", "categories"),
        ({"text": JARGON, "long_sentence_words": 2}, "E006", "long_sentence_words"),
        ({"text": JARGON, "check_meaning": "yes"}, "E006", "check_meaning"),
        ({"text": JARGON, "max_chars": 10}, "E026", "max_chars"),
        ({"text": JARGON, "glossary": {"protect": ["x"]}}, "E007", "glossary.protect"),
        ({"text": JARGON, "glossary": {"replacements": {"a": 1}}}, "E007", "glossary.replacements.a"),
        ({"text": JARGON, "glossary": ["x"]}, "E007", "glossary"),
        ({"text": ""}, "E001", "text"),
        ({"text": " \n\t "}, "E001", "text"),
        ({"text": "abc\u0000def"}, "E002", "text"),
    ],
)
def test_invalid_fields(client, body, code, field):
    assert_error(post(client, "/v1/rewrite", body), 422, code, field)


def test_body_must_be_an_object(client):
    assert_error(post(client, "/v1/rewrite", [JARGON]), 422, "E026", "body")
    assert_error(post(client, "/v1/analyze", "text"), 422, "E026", "body")


def test_unknown_endpoint_and_method(client):
    assert_error(client.get("/v1/nothing", headers=AUTH), 404, "E027", "path")
    assert_error(client.get("/nothing"), 404, "E027", "path")
    assert_error(client.get("/v1/rewrite", headers=AUTH), 405, "E028", "method")


# -- CORS and rate limits ----------------------------------------------------------------------------
def test_cors(client):
    pre = client.options(
        "/v1/rewrite",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == ORIGIN
    assert "authorization" in pre.headers["access-control-allow-headers"].lower()
    r = client.post("/v1/rewrite", json={"text": JARGON}, headers={"Origin": ORIGIN})  # errors carry CORS too
    assert r.status_code == 401 and r.headers["access-control-allow-origin"] == ORIGIN
    other = client.options(
        "/v1/rewrite", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in other.headers


def test_no_cors_headers_unless_configured(engine):
    with TestClient(create_app(ServerConfig(ui=False, rate_limit=0), engine)) as c:
        r = c.post("/v1/analyze", json={"text": JARGON}, headers={"Origin": ORIGIN})
        assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_rate_limit_per_key(engine):
    config = ServerConfig(api_keys=[KEY, KEY2], rate_limit=3, ui=False)
    with TestClient(create_app(config, engine)) as c:
        seen = [c.get("/v1/rules", headers=AUTH) for _ in range(3)]
        assert [r.status_code for r in seen] == [200, 200, 200]
        assert [r.headers["x-ratelimit-remaining"] for r in seen] == ["2", "1", "0"]
        r = c.post("/v1/rewrite", json={"text": JARGON}, headers=AUTH)
        assert_error(r, 429, "E021", None)
        assert int(r.headers["retry-after"]) >= 1
        assert r.headers["x-ratelimit-limit"] == "3"
        assert c.get("/v1/rules", headers={"X-API-Key": KEY2}).status_code == 200  # its own bucket
        assert c.get("/healthz").status_code == 200  # not limited


def test_rate_limit_per_client_without_keys(engine):
    with TestClient(create_app(ServerConfig(rate_limit=1, ui=False), engine)) as c:
        assert c.get("/v1/rules").status_code == 200
        assert_error(c.get("/v1/rules"), 429, "E021")


def test_open_without_keys(engine):
    with TestClient(create_app(ServerConfig(rate_limit=0, ui=False), engine)) as c:
        assert c.post("/v1/rewrite", json={"text": JARGON}).status_code == 200
        assert c.get("/", follow_redirects=False).headers["location"] == "/docs"


# -- readiness -------------------------------------------------------------------------------------------
def test_not_ready_until_loaded():
    app = create_app(ServerConfig(ui=False), Engine())
    c = TestClient(app)  # no lifespan: the model is never loaded
    r = c.get("/readyz")
    assert r.status_code == 503 and r.json() == {"status": "loading"}
    assert c.get("/healthz").status_code == 200


def test_failed_model_load_is_reported(tmp_path):
    engine = Engine(model_path=str(tmp_path))  # a folder without the weights
    engine.load()
    assert not engine.ready.is_set()
    c = TestClient(create_app(ServerConfig(ui=False), engine))
    r = c.get("/readyz")
    assert r.status_code == 503
    assert r.json()["status"] == "failed" and r.json()["error"]["code"] == "E013"


def test_internal_errors_are_coded_and_logged(engine, caplog):
    class Broken(Engine):
        def rewrite(self, *a, **k):
            raise RuntimeError("boom in the pipeline")

    broken = Broken()
    broken.ready.set()
    c = TestClient(create_app(ServerConfig(ui=False, rate_limit=0), broken), raise_server_exceptions=False)
    caplog.set_level(logging.ERROR, logger="plainspeak.server")
    r = c.post("/v1/rewrite", json={"text": JARGON})
    err = assert_error(r, 500, "E029", None)
    assert "RuntimeError" in err["message"] and "boom" not in err["message"]  # no internals in the answer
    assert "boom in the pipeline" in caplog.text  # the log has them
