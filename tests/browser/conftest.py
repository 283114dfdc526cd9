"""Browser tests: the real app over HTTP, driven by Playwright in Debian's Chromium.

- ``base_url`` (module): the real app (``create_app``) served by uvicorn over the bundled
  corpus ingested with the real model (``warm_dir``), "today" fixed to ``TODAY``
  (or an already running server: ``SKJONN_TEST_BASE_URL``, started with SKJONN_TODAY=2024-05-15).
- ``browser`` (session): headless ``/usr/bin/chromium`` (never a downloaded browser).
- ``page`` (function): a fresh context (1280x900); the test fails when the page throws an
  uncaught error or breaks the Content Security Policy. ``browser_log`` holds what was seen.

Run with ``SKJONN_AXE_JS=.cache/axe-core-4.11.0/axe.min.js`` (``make browser`` fetches it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, expect, sync_playwright

from assistant.settings import Settings
from tests.browser.helpers import LOGS, BrowserLog
from tests.conftest import TODAY
from tests.fixtures.server import live_app

# read at import: the autouse fixture of tests/conftest.py clears SKJONN_* for each test
CHROMIUM = os.environ.get("SKJONN_CHROMIUM", "/usr/bin/chromium")
EXTERNAL_URL = os.environ.get("SKJONN_TEST_BASE_URL", "")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000  # the first question loads the embedding model in the server

# Reports CSP violations to the console too (also those inside shadow roots).
_CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
}, true);
"""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real browser (Chromium) with Playwright")


@pytest.fixture(scope="module")
def base_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The app under test; ``SKJONN_TEST_BASE_URL`` points the tests at a running server."""
    if EXTERNAL_URL:
        yield EXTERNAL_URL.rstrip("/")
        return
    warm_dir: Path = request.getfixturevalue("warm_dir")
    with live_app(Settings(data_dir=warm_dir, today=TODAY)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium mangler ({CHROMIUM}): kjør `make browser`")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def page(browser: Browser, browser_log: BrowserLog) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(_CSP_LISTENER)
    pg = context.new_page()
    LOGS[pg] = browser_log

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            browser_log.console_errors.append(msg.text)

    def on_error(err: Error) -> None:
        browser_log.page_errors.append(f"{err.name}: {err.message}")

    pg.on("console", on_console)
    pg.on("pageerror", on_error)
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        yield pg
    finally:
        context.close()
    problems = browser_log.page_errors + browser_log.csp_violations
    if problems:
        pytest.fail("Feil i siden:\n" + "\n".join(problems), pytrace=False)
