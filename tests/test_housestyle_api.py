"""The house style through the HTTP API (FastAPI's test client, rules only): the issue's scenario with
two workspaces, workspace isolation, feedback forms and errors, stats, the style file, database keys,
and the UI handlers that record on copy/download."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import plainspeak
from plainspeak.housestyle.service import HouseStyleService
from plainspeak.housestyle.store import Store
from plainspeak.settings import Settings

from .housestyle_db import db_url  # noqa: F401  (fixture)

KEY_A, KEY_B = "team-a-key-000111", "team-b-key-000222"
A = {"Authorization": f"Bearer {KEY_A}"}
B = {"X-API-Key": KEY_B}
TEXT = "Please utilize the portal going forward."
FAST = {"check_meaning": False, "use_model": False}


@pytest.fixture()
def server(tmp_path: Path, db_url: str):  # noqa: F811
    from plainspeak.server.config import ServerConfig
    from plainspeak.server.engine import Engine
    from plainspeak.server.main import create_app

    keys = tmp_path / "keys.txt"
    keys.write_text(f"# team keys\n{KEY_A} teamA\n{KEY_B} teamB\n", encoding="utf-8")
    config = ServerConfig(api_keys_file=str(keys), rate_limit=0, ui=False, database_url=db_url)
    with TestClient(create_app(config, Engine(model="none"))) as client:
        client.app.state.house.cache_s = 0
        yield client
    client.app.state.house.store.close()


def rewrite(client: TestClient, headers: dict, text: str = TEXT) -> dict:
    r = client.post("/v1/rewrite", json={"text": text, **FAST}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_team_a_rejects_utilize_twenty_times(server, tmp_path):
    """The issue's 'done when': A's next rewrite proposes it unapplied with the reason, B's still
    applies it, and the exported style reproduces A's behaviour without the database."""
    first = rewrite(server, A)
    utilize = next(c for c in first["changes"] if c["before"] == "utilize")
    assert utilize["accepted"] and "use the portal" in first["output"]
    keep = [c["id"] for c in first["changes"] if c["id"] != utilize["id"]]
    for n in range(20):
        body = {"result": first, "accepted": keep} if n % 2 else {"text": TEXT, **FAST, "accepted": keep}
        r = server.post("/v1/feedback", json=body, headers=A)
        assert r.status_code == 200, r.text
        assert r.json()["workspace"] == "teamA" and r.json()["rejected"] == 1
    a = rewrite(server, A)
    change = next(c for c in a["changes"] if c["rule"] == utilize["rule"])
    assert not change["accepted"] and not change["accepted_by_default"]
    assert "your team usually rejects this" in change["reason"]
    assert "utilize the portal" in a["output"]
    b = rewrite(server, B)
    assert "use the portal" in b["output"]

    stats = server.get("/v1/stats", headers=A).json()
    assert stats["decisions"] == 40 and stats["feedback"] == 20
    assert stats["style"]["demoted_rules"] == [utilize["rule"]]
    assert stats["most_rejected"][0]["rule"] == utilize["rule"] and stats["most_rejected"][0]["rejected"] == 20
    assert server.get("/v1/stats", headers=B).json()["decisions"] == 0

    style = server.get("/v1/style", headers=A)
    assert style.status_code == 200 and style.headers["content-type"].startswith("application/yaml")
    path = tmp_path / "teamA.yaml"
    path.write_text(style.text, encoding="utf-8")
    offline = plainspeak.rewrite(
        TEXT, settings=Settings.from_dict({**Settings.load(path).to_dict(), "model": "none", "check_meaning": False})
    )
    assert offline.output == a["output"]
    assert [(c.rule, c.accepted, c.reason) for c in offline.changes] == [
        (c["rule"], c["accepted"], c["reason"]) for c in a["changes"]
    ]


def test_a_key_never_reads_or_writes_another_workspace(server):
    first = rewrite(server, B)
    assert server.post("/v1/feedback", json={"result": first, "accepted": []}, headers=B).status_code == 200
    for path in ("/v1/stats?workspace=teamB", "/v1/style?workspace=teamB"):
        r = server.get(path, headers=A)
        assert r.status_code == 403 and r.json()["error"]["code"] == "E050", path
    r = server.post("/v1/feedback", json={"result": first, "accepted": [], "workspace": "teamB"}, headers=A)
    assert r.status_code == 403 and r.json()["error"]["code"] == "E050"
    assert server.get("/v1/stats", headers=B).json()["feedback"] == 1  # A wrote nothing there
    assert server.get("/v1/stats", headers=A).json()["feedback"] == 0
    assert server.get("/v1/stats?workspace=teamA", headers=A).status_code == 200  # naming its own is fine
    assert server.get("/v1/stats").status_code == 401
    r = server.post("/v1/feedback", json={"result": first, "accepted": []}, headers={"X-API-Key": "wrong-key-123"})
    assert r.status_code == 401


def test_feedback_errors_are_coded(server):
    first = rewrite(server, A)
    cases = [
        ({"accepted": []}, 422, "E026"),
        ({"result": first, "accepted": ["c99"]}, 422, "E009"),
        ({"result": {"output": "x"}, "accepted": []}, 422, "E052"),
        ({"result": first}, 422, "E026"),
        ({"result": first, "accepted": [], "bogus": 1}, 422, "E026"),
        ({"text": "", "accepted": [], **FAST}, 422, "E001"),
    ]
    for body, status, code in cases:
        r = server.post("/v1/feedback", json=body, headers=A)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), body
    assert server.get("/v1/stats", headers=A).json()["feedback"] == 0


def test_hand_edits_become_learned_replacements(server):
    first = rewrite(server, A)
    ids = [c["id"] for c in first["changes"]]
    for _ in range(3):
        final = first["output"].replace("portal", "customer site")
        r = server.post("/v1/feedback", json={"result": first, "accepted": ids, "final_text": final}, headers=A)
        assert r.json()["edits"] == 1
    stats = server.get("/v1/stats", headers=A).json()
    assert stats["learned_replacements"] == [{"before": "portal", "after": "customer site", "count": 3}]
    assert "portal" in server.get("/v1/style", headers=A).text


def test_database_keys_name_their_workspace(tmp_path, db_url):  # noqa: F811
    from plainspeak.server.config import ServerConfig
    from plainspeak.server.engine import Engine
    from plainspeak.server.main import create_app

    key = Store(db_url).add_key("teamC", "cms")
    with TestClient(
        create_app(ServerConfig(rate_limit=0, ui=False, database_url=db_url), Engine(model="none"))
    ) as client:
        assert client.get("/v1/stats").status_code == 401  # database keys turn auth on
        r = client.get("/v1/stats", headers={"Authorization": f"Bearer {key}"})
        assert r.status_code == 200 and r.json()["workspace"] == "teamC"
        assert client.get("/v1/stats?workspace=teamA", headers={"X-API-Key": key}).status_code == 403


def test_an_open_server_uses_the_named_workspace(tmp_path):
    from plainspeak.server.config import ServerConfig
    from plainspeak.server.engine import Engine
    from plainspeak.server.main import create_app

    url = f"sqlite:///{tmp_path / 'open.db'}"
    with TestClient(create_app(ServerConfig(rate_limit=0, ui=False, database_url=url), Engine(model="none"))) as c:
        first = c.post("/v1/rewrite", json={"text": TEXT, **FAST}).json()
        assert c.post("/v1/feedback", json={"result": first, "accepted": []}).json()["workspace"] == "default"
        assert c.post("/v1/feedback", json={"result": first, "accepted": [], "workspace": "docs"}).status_code == 200
        assert c.get("/v1/stats?workspace=docs").json()["feedback"] == 1
        assert c.get("/v1/stats?workspace=bad name").status_code == 422


def test_the_ui_records_decisions_once_per_choice(tmp_path):
    from plainspeak.server.config import ServerConfig
    from plainspeak.server.ui.app import TempFiles
    from plainspeak.server.ui.housestyle import HouseStyleUI

    service = HouseStyleService(Store(f"sqlite:///{tmp_path / 'ui.db'}"), cache_s=0)
    ui = HouseStyleUI(service, ServerConfig(api_keys=[KEY_A], key_workspaces={KEY_A: "teamA"}), TempFiles())
    assert ui.auth_on and ui.workspaces() == ["teamA"]
    assert "teamA" in ui.note("teamA")
    result = plainspeak.rewrite(TEXT, settings=Settings(model="none", check_meaning=False))
    keep = [c.id for c in result.changes if c.rule != "PS1001"]
    status, sig = ui.record(result, keep, "teamA", None)
    assert "1 rejected" in status
    assert ui.record(result, keep, "teamA", sig)[1] == sig  # a second copy of the same text: not again
    ui.record(result, keep, "teamA", sig, published=result.render(keep).replace("portal", "site"))
    assert service.store.counts("teamA") == {"feedback": 2, "decisions": 4, "edits": 1}
    assert "PS1001" in ui.stats_html("teamA")
    exported = Path(ui.export("teamA", False)["value"])
    assert exported.read_text().startswith("# plainspeak house style of workspace 'teamA'")
    exported.write_text("demoted_rules: [PS1020]\n", encoding="utf-8")
    assert "PS1020" in ui.import_(str(exported), "teamA")
    assert service.style("teamA").demoted_rules == ["PS1020"]
    ui.reset("teamA", True)
    assert service.style("teamA").demoted_rules == []
    styled = ui.styled(Settings(), "teamA")
    assert styled.demoted_rules == []
