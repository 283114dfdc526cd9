"""Helpers for browser tests: accessibility scan (axe-core) and screenshots."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
AXE_DEFAULT = REPO / ".cache" / "axe-core-4.11.0" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
# read at import: the autouse fixture of tests/conftest.py clears SKJONN_* for each test
AXE_ENV = os.environ.get("SKJONN_AXE_JS", "")


@dataclass
class BrowserLog:
    """What a page reported: console errors, uncaught exceptions, CSP violations."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    tool_errors: list[str] = field(default_factory=list)  # caused by test tools (axe), ignored

    @staticmethod
    def is_csp(message: str) -> bool:
        return "Content Security Policy" in message or message.startswith("CSP violation")

    @property
    def csp_violations(self) -> list[str]:
        return [m for m in self.console_errors if self.is_csp(m)]


LOGS: WeakKeyDictionary[Page, BrowserLog] = WeakKeyDictionary()  # filled by the page fixture


def axe_path() -> Path:
    path = Path(AXE_ENV or AXE_DEFAULT)
    if not path.is_file():
        raise FileNotFoundError(f"axe-core mangler ({path}): kjør `make browser`")
    return path


def axe_scan(
    page: Page, impacts: tuple[str, ...] = ("serious", "critical")
) -> list[dict[str, Any]]:
    """Run axe-core on the page (open shadow roots included); violations of the given impacts.

    The script is evaluated through the DevTools protocol, not added as a <script> tag, so the
    page's CSP (no inline script) stays in force and is not tripped by the test itself.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_path().read_text(encoding="utf-8"))
    log = LOGS.get(page)
    seen = len(log.console_errors) if log else 0
    result = page.evaluate(
        """async () => {
          const r = await window.axe.run(document, {resultTypes: ['violations']});
          return r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
            summary: v.nodes.length ? v.nodes[0].failureSummary : '',
          }));
        }"""
    )
    if log:
        # axe reads the stylesheets of shadow roots by adding <style> elements, which the CSP
        # blocks: those reports come from the test tool, not from the page under test.
        during = log.console_errors[seen:]
        log.tool_errors += [m for m in during if log.is_csp(m)]
        log.console_errors[seen:] = [m for m in during if not log.is_csp(m)]
    return [v for v in result if v["impact"] in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable assertion message for axe violations."""
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} @ {', '.join(v['targets'])}\n  {v['summary']}"
        for v in violations
    )


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot in test-artifacts/screenshots/<name>.png (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def has_horizontal_scroll(page: Page) -> bool:
    """True when the document is wider than the viewport (content cut off at narrow widths)."""
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
    )
