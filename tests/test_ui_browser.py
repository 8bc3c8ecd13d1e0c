"""The review UI in a real browser: Playwright (from PyPI) driving Debian's Chromium at /usr/bin/chromium.

A marketer's path: paste jargon copy, rewrite, read why a change was made, reject one change, and
copy and download the final text, which must reflect the rejection. Also the batch tab. The page
must not reach anything outside 127.0.0.1. Screenshots go to test-output/ui-browser/.

Chromium comes from `scripts/install-browser.sh` (apt); `playwright install` is never used.
The test skips only when Chromium is missing and cannot be installed (and never under CI=true).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from plainspeak.server.launch import REPO, running_server

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OUT = Path(os.environ.get("PLAINSPEAK_TEST_OUTPUT", REPO / "test-output")) / "ui-browser"
NOTICE = (
    "We regret to inform you that your request cannot be processed at this time. Please utilize the "
    "online portal to facilitate your application going forward."
)
TIMEOUT_MS = 90_000


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser test: see scripts/install-browser.sh)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        script = REPO / "scripts" / "install-browser.sh"
        try:
            subprocess.run(["bash", str(script)], check=False, timeout=900, capture_output=True)
        except (OSError, subprocess.TimeoutExpired):
            pass
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium is not at {CHROMIUM} and scripts/install-browser.sh could not install it")
    return CHROMIUM


@pytest.fixture(scope="module")
def server():
    with running_server(["--rate-limit", "0"]) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser(chromium):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    base = server.url
    context = browser.new_context(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith((base, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(base + "/ui/", wait_until="load")
    pg.wait_for_selector("#ps-input textarea")
    yield pg
    context.close()
    assert outside == [], f"the page tried to reach outside the server: {outside}"


def test_paste_rewrite_reject_copy_download(page):
    from playwright.sync_api import expect

    OUT.mkdir(parents=True, exist_ok=True)
    page.locator("#ps-input textarea").fill(NOTICE)
    page.locator("#ps-run").click()
    boxes = page.locator("#ps-accept input[type=checkbox]")
    boxes.first.wait_for()
    final = page.locator("#ps-final textarea")
    expect(final).not_to_have_value("")
    rewritten = final.input_value()
    assert "utilize" not in rewritten and "use" in rewritten

    # every change is highlighted in both texts; hovering one shows its rule, reason and origin
    ids = [b.get_attribute("name") for b in boxes.all()]
    assert len(ids) >= 3
    for cid in ids:
        assert page.locator(f'#ps-original [data-ps-id="{cid}"]').count() == 1
        assert page.locator(f'#ps-rewrite [data-ps-id="{cid}"]').count() == 1
    label = page.locator("#ps-accept label").filter(has_text="utilize")
    utilize_id = label.locator("input").get_attribute("name")
    mark = page.locator(f'#ps-rewrite [data-ps-id="{utilize_id}"]')
    mark.hover()
    tip = mark.evaluate("el => getComputedStyle(el, '::after').content")
    assert "PS1001" in tip and "from a rule" in tip and "use" in tip.lower()
    page.screenshot(path=str(OUT / "review.png"), full_page=True)

    # reject the 'utilize' change: the final text, the highlight and the table follow
    label.click()
    expect(final).to_have_value(re.compile(r"\butilize\b"))
    after_reject = final.input_value()
    assert "help with" in after_reject or "facilitate" not in after_reject  # the other changes stay
    expect(mark).to_have_class(re.compile(r"\bps-off\b"))
    expect(page.locator(f'#ps-changes tr[data-ps-id="{utilize_id}"]')).to_contain_text("not applied")
    page.screenshot(path=str(OUT / "rejected.png"), full_page=True)

    # what gets copied is the final text
    page.locator("#ps-final button[aria-label='Copy']").click()
    assert page.evaluate("navigator.clipboard.readText()") == after_reject

    # and so is what gets downloaded
    with page.expect_download() as dl:
        page.locator("#ps-download").click()
    assert Path(dl.value.path()).read_text(encoding="utf-8") == after_reject


def test_reject_a_whole_category(page):
    from playwright.sync_api import expect

    page.locator("#ps-input textarea").fill(NOTICE)
    page.locator("#ps-run").click()
    page.locator("#ps-accept input[type=checkbox]").first.wait_for()
    final = page.locator("#ps-final textarea")
    expect(final).not_to_have_value("")
    page.get_by_role("button", name="Reject all").click()
    expect(final).to_have_value(NOTICE)
    page.get_by_role("button", name="Back to suggested").click()
    expect(final).not_to_have_value(NOTICE)


def test_examples_fill_the_input(page):
    page.get_by_text("Policy refusal", exact=True).click()
    from playwright.sync_api import expect

    expect(page.locator("#ps-input textarea")).to_have_value(re.compile("About your claim"))


def test_batch_tab(page, tmp_path):
    from playwright.sync_api import expect

    OUT.mkdir(parents=True, exist_ok=True)
    (tmp_path / "letter.txt").write_text(NOTICE, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "templates.zip", "w") as zf:
        zf.writestr("emails/renewal.html", "<p>Please <b>utilize</b> your account page going forward.</p>")
        zf.writestr("emails/hold.md", "Your call is important to us. We endeavour to answer promptly.")
    page.get_by_role("tab", name="Batch").click()
    page.locator("#ps-batch-files input[type=file]").set_input_files(
        [str(tmp_path / "letter.txt"), str(tmp_path / "templates.zip")]
    )
    page.locator("#ps-batch-run").click()
    table = page.locator("#ps-batch-table")
    expect(table).to_contain_text("emails/renewal.html", timeout=TIMEOUT_MS)
    expect(table).to_contain_text("letter.txt")
    expect(page.locator("#ps-batch-zip")).to_be_visible()
    page.screenshot(path=str(OUT / "batch.png"), full_page=True)
    with page.expect_download() as dl:
        page.locator("#ps-batch-zip").click()
    with zipfile.ZipFile(dl.value.path()) as zf:
        assert "<b>use</b>" in zf.read("rewritten/emails/renewal.html").decode()
        assert {"report.csv", "report.json", "rewritten/letter.txt"} <= set(zf.namelist())


def test_chromium_is_debians(chromium):
    assert shutil.which(chromium) and Path(chromium).resolve().exists()
