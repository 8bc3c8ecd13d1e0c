"""The house style in the review UI, in a real browser (Chromium, as tests/test_ui_browser.py): with API
keys on there is a workspace selector; rejecting a change and copying the final text records the
decisions for that workspace (the page says so), and the House style tab shows them."""

from __future__ import annotations

import re

import pytest

from plainspeak.housestyle.store import Store
from plainspeak.server.launch import running_server

from .test_ui_browser import NOTICE, TIMEOUT_MS, browser, chromium  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def team_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("house-ui")
    keys = root / "keys.txt"
    keys.write_text("ui-team-a-key-0001 teamA\nui-team-b-key-0002 teamB\n", encoding="utf-8")
    url = f"sqlite:///{root / 'ui.db'}"
    with running_server(
        ["--rate-limit", "0", "--api-keys-file", str(keys), "--database-url", url, "--model", "none"]
    ) as srv:
        yield srv, url


def test_copying_records_the_decisions_of_the_chosen_workspace(browser, team_server):  # noqa: F811
    from playwright.sync_api import expect

    srv, url = team_server
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=srv.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(srv.url + "/ui/", wait_until="load")
    page.wait_for_selector("#ps-input textarea")
    workspace = page.locator("#ps-workspace input")
    expect(workspace).to_have_value("teamA")
    expect(page.locator("#ps-record-note")).to_contain_text("records which changes you kept")

    page.locator("#ps-input textarea").fill(NOTICE)
    page.locator("#ps-run").click()
    page.locator("#ps-accept input[type=checkbox]").first.wait_for()
    label = page.locator("#ps-accept label").filter(has_text="utilize")
    label.click()  # reject 'utilize'
    final = page.locator("#ps-final textarea")
    expect(final).to_have_value(re.compile(r"\butilize\b"))
    page.locator("#ps-final button[aria-label='Copy']").click()
    expect(page.locator("#ps-record-status")).to_contain_text("Recorded for teamA")
    store = Store(url)
    rows = {r["rule"]: r for r in store.rule_counts("teamA")}
    assert rows["PS1001"]["rejected"] == 1 and store.counts("teamB")["decisions"] == 0
    page.locator("#ps-final button[aria-label='Copy']").click()  # the same choice again: counted once
    page.wait_for_timeout(1000)
    assert store.counts("teamA")["feedback"] == 1

    page.get_by_role("tab", name="House style").click()
    page.locator("#ps-house-refresh").click()
    expect(page.locator("#ps-house-figures")).to_contain_text("PS1001")
    context.close()
