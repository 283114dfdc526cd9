"""Helpers for browser tests: accessibility scan (axe-core) and screenshots."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
AXE_DEFAULT = REPO / ".cache" / "axe-core-4.11.0" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
# read at import: the autouse fixture of tests/conftest.py clears SKJONN_* for each test
AXE_ENV = os.environ.get("SKJONN_AXE_JS", "")


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
