"""Property-based tests generated from /openapi.json by schemathesis: valid and invalid requests to
every operation, checking that there is no server error, that every status code and body matches
the spec, and that invalid data is refused. SCHEMATHESIS_MAX_EXAMPLES sets the examples per operation."""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in requirements-dev.txt")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from plainspeak.server.config import ServerConfig  # noqa: E402
from plainspeak.server.engine import Engine  # noqa: E402
from plainspeak.server.main import create_app  # noqa: E402

KEY = "schemathesis-key-0001"
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "40"))

engine = Engine()
config = ServerConfig(api_keys=[KEY], rate_limit=0, ui=False, max_text_chars=20_000, max_batch_documents=5)
app = create_app(config, engine)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES, deterministic=True
)
# 413 is how this API refuses a text or a batch over its limits (maxLength / maxItems in the spec)
_rejection = schema.config.checks.negative_data_rejection
_rejection.expected_statuses = [*_rejection.expected_statuses, "413"]


@pytest.fixture(scope="module", autouse=True)
def model_loaded():
    engine.load()
    assert engine.ready.is_set(), engine.error


def semantically_valid(body) -> bool:
    """What JSON Schema cannot say: change ids must come from this text's own changes, and a text must
    have something other than whitespace and control characters in it. (The pydantic models do not
    carry this server's maxLength / maxItems, so those are checked here too.)"""
    if not isinstance(body, dict):
        return False
    docs = body.get("documents") if "documents" in body else [body]
    if not isinstance(docs, list) or len(docs) > config.max_batch_documents:  # maxItems in the spec
        return False
    for d in docs:
        if not isinstance(d, dict) or d.get("accept") or not isinstance(d.get("text"), str):
            return False
        text = d["text"]
        binary = any(ord(ch) < 32 and ch not in "\t\n\r\f\v" for ch in text)
        if len(text) > config.max_text_chars or not text.strip() or binary:
            return False
    return True


def schema_valid(case) -> bool:
    """Schemathesis generated this case to fit the spec (positive mode)."""
    meta = case.meta
    return meta is not None and meta.generation.mode == GenerationMode.POSITIVE


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_openapi_spec(case):
    # Every check but "schema-valid data is accepted", which is asserted below only for data that is
    # also semantically valid; schema-invalid data must still be refused (negative_data_rejection).
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {KEY}"}, excluded_checks=[positive_data_acceptance]
    )
    if case.method.upper() == "POST" and schema_valid(case) and semantically_valid(case.body):
        assert response.status_code == 200, (case.body, response.text)


def test_spec_covers_every_endpoint():
    ops = {(op.method.upper(), op.path) for op in (r.ok() for r in schema.get_all_operations())}
    assert {
        ("POST", "/v1/rewrite"),
        ("POST", "/v1/analyze"),
        ("POST", "/v1/rewrite/batch"),
        ("GET", "/v1/rules"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
    } <= ops
