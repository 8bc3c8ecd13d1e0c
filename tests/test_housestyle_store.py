"""The decision store, the same tests against SQLite and a real PostgreSQL server: writing and
counting, workspaces kept apart, resets, documents only on opt-in, keys, transactions, migrations."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, inspect, text

from plainspeak.errors import PlainspeakError
from plainspeak.housestyle.store import DecisionIn, FeedbackIn, Store, document_hash, resolve_url

from .housestyle_db import db_url  # noqa: F401  (fixture)


def review(ws: str, accepted: bool, rule: str = "PS1001", edits=(), doc: str = "We will utilize it.") -> FeedbackIn:
    return FeedbackIn(
        ws,
        document_hash(doc),
        [
            DecisionIn(rule, "jargon", "utilize", "use", accepted),
            DecisionIn("PS1020", "jargon", "going forward", "from now on", True),
        ],
        list(edits),
        "api",
        document=doc,
        final_text=doc,
    )


def test_records_and_counts(db_url):  # noqa: F811
    store = Store(db_url)
    for accepted in (False, False, True):
        store.record(review("A", accepted, edits=[("sign-on", "sign-in")]))
    assert store.revision() == "0002"
    counts = {r["rule"]: r for r in store.rule_counts("A")}
    assert counts["PS1001"] == {"rule": "PS1001", "category": "jargon", "shown": 3, "accepted": 1, "rejected": 2}
    assert counts["PS1020"]["accepted"] == 3
    assert store.edit_counts("A") == [("sign-on", "sign-in", 3)]
    assert store.counts("A") == {"feedback": 3, "decisions": 6, "edits": 3}
    store.close()


def test_workspaces_are_kept_apart(db_url):  # noqa: F811
    store = Store(db_url)
    store.record(review("A", False))
    store.record(review("B", True))
    assert store.workspaces() == ["A", "B"]
    assert {r["rule"]: r["rejected"] for r in store.rule_counts("A")}["PS1001"] == 1
    assert {r["rule"]: r["rejected"] for r in store.rule_counts("B")}["PS1001"] == 0
    assert store.counts("B")["decisions"] == 2 and store.counts()["decisions"] == 4
    assert store.rule_counts("C") == []
    with pytest.raises(PlainspeakError) as e:
        store.record(review("no spaces please", True))
    assert e.value.code == "E054"


def test_reset_forgets_learning_but_keeps_the_record(db_url):  # noqa: F811
    store = Store(db_url)
    store.record(review("A", False))
    store.set_imported("A", {"demoted_rules": ["PS1002"], "promoted_rules": []})
    assert store.workspace("A").imported_style == {"demoted_rules": ["PS1002"], "promoted_rules": []}
    store.reset("A")
    info = store.workspace("A")
    assert info.reset_at is not None and info.imported_style is None
    assert store.rule_counts("A") == [] and store.edit_counts("A") == []
    assert store.counts("A")["decisions"] == 2  # still on record
    store.record(review("A", True))
    assert [r["accepted"] for r in store.rule_counts("A") if r["rule"] == "PS1001"] == [1]


def test_documents_are_kept_only_when_the_workspace_opts_in(db_url):  # noqa: F811
    store = Store(db_url)
    store.record(review("A", True, doc="Secret letter one."))
    store.set_store_documents("A", True)
    store.record(review("A", True, doc="Secret letter two."))
    rows = store.feedback_rows("A")
    assert rows[0]["document"] is None and rows[0]["final_text"] is None
    assert rows[0]["doc_hash"] == document_hash("Secret letter one.")
    assert rows[1]["document"] == "Secret letter two."


def test_database_keys(db_url):  # noqa: F811
    store = Store(db_url)
    assert not store.has_keys()
    key = store.add_key("A", "cms plugin")
    assert key.startswith("ps_") and store.has_keys()
    assert store.key_workspace(key) == "A" and store.key_workspace(key + "x") is None
    listed = store.list_keys()
    assert [(k["workspace"], k["label"]) for k in listed] == [("A", "cms plugin")]
    assert key not in repr(listed)
    assert store.revoke_key(listed[0]["id"]) == 1 and store.key_workspace(key) is None


def test_a_failed_write_leaves_nothing_behind(db_url):  # noqa: F811
    store = Store(db_url)
    store.record(review("A", True))
    bad = review("A", True)
    bad.decisions.append(DecisionIn("PS1001", "jargon", None, "use", True))  # type: ignore[arg-type]  (NOT NULL)
    with pytest.raises(PlainspeakError) as e:
        store.record(bad)
    assert e.value.code == "E051"
    assert store.counts("A") == {"feedback": 1, "decisions": 2, "edits": 0}  # not a half review


def test_concurrent_writers_lose_nothing(db_url):  # noqa: F811
    store = Store(db_url)
    errors: list[Exception] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                store.record(review(f"W{n % 3}", bool(i % 2)))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.counts() == {"feedback": 180, "decisions": 360, "edits": 0}


def test_migrates_an_empty_database(db_url):  # noqa: F811
    store = Store(db_url)
    assert store.revision() is None
    store.migrate()
    assert store.revision() == "0002"
    tables = set(inspect(store.engine).get_table_names())
    assert {"workspaces", "feedback", "decisions", "edits", "api_keys", "alembic_version"} <= tables
    Store(db_url).migrate()  # a second process finds it current
    assert Store(db_url).revision() == "0002"


def test_migrates_the_previous_schema_keeping_its_data(db_url):  # noqa: F811
    old = Store(db_url)
    old.migrate("0001")
    assert old.revision() == "0001"
    assert "edits" not in inspect(old.engine).get_table_names()
    engine = create_engine(db_url)
    with engine.begin() as c:  # a decision written by the previous version
        c.execute(text("INSERT INTO workspaces (name, created_at) VALUES ('A', CURRENT_TIMESTAMP)"))
        c.execute(
            text(
                "INSERT INTO feedback (workspace, doc_hash, source, created_at) "
                "VALUES ('A', 'abc', 'api', CURRENT_TIMESTAMP)"
            )
        )
        fid = c.execute(text("SELECT id FROM feedback")).scalar_one()
        c.execute(
            text(
                "INSERT INTO decisions (feedback_id, workspace, rule, origin, category, before, after, "
                "accepted, accepted_by_default, created_at) VALUES (:f, 'A', 'PS1001', 'rule', 'jargon', "
                "'utilize', 'use', :no, :yes, CURRENT_TIMESTAMP)"
            ),
            {"f": fid, "no": False, "yes": True},
        )
    engine.dispose()
    old.close()
    store = Store(db_url)
    store.record(review("A", False, edits=[("a", "b")]))
    assert store.revision() == "0002"
    assert {r["rule"]: r["rejected"] for r in store.rule_counts("A")}["PS1001"] == 2
    info = store.workspace("A")
    assert info.store_documents is False and info.reset_at is None
    assert store.edit_counts("A") == [("a", "b", 1)]


def test_default_url_is_sqlite_in_the_data_directory(tmp_path):
    env = {"PLAINSPEAK_DATA_DIR": str(tmp_path / "data")}
    url = resolve_url(None, env)
    assert url == f"sqlite:///{tmp_path / 'data' / 'decisions.db'}"
    assert (
        resolve_url(None, {**env, "PLAINSPEAK_DATABASE_URL": "postgresql+psycopg://h/db"})
        == "postgresql+psycopg://h/db"
    )
    assert resolve_url("sqlite:///x.db", env) == "sqlite:///x.db"
    store = Store(url)
    assert not store.exists() and store.rule_counts("A") == [] and store.workspaces() == []
    assert not (tmp_path / "data").exists()  # reading does not create it
    store.record(review("A", True))
    assert (tmp_path / "data" / "decisions.db").is_file()


def test_bad_urls_are_coded_errors(tmp_path):
    with pytest.raises(PlainspeakError) as e:
        Store("not a url")
    assert e.value.code == "E051"
    with pytest.raises(PlainspeakError) as e:
        Store("postgresql+psycopg://nobody:secret-pw@127.0.0.1:1/none").record(review("A", True))
    assert e.value.code == "E051" and "secret-pw" not in e.value.message
