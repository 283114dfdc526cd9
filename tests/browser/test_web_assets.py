"""Static checks of api/web: what the CSP and the no-innerHTML rule demand, without a browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "api" / "web"
PAGES = sorted((WEB / "pages").glob("*.html"))
SCRIPTS = sorted((WEB / "static").glob("*.js"))
STYLES = sorted((WEB / "static").glob("*.css"))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def test_there_are_pages_and_scripts() -> None:
    names = {p.name for p in PAGES}
    assert {"index.html", "widget-demo.html"} <= names
    assert {"common.js", "chat.js", "widget.js"} <= {s.name for s in SCRIPTS}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_has_no_inline_script_or_style_and_no_external_assets(page: Path) -> None:
    tags = _tags(page)
    assert tags[0] == ("html", {"lang": "nb"})
    for tag, attrs in tags:
        assert tag != "style", f"{page.name}: <style>"
        assert "style" not in attrs, f"{page.name}: style= på <{tag}>"
        handlers = [a for a in attrs if a.startswith("on")]
        assert not handlers, f"{page.name}: {handlers} på <{tag}>"
        if tag == "script":
            assert attrs.get("src"), f"{page.name}: inline <script>"
        for attr in ("src", "href"):
            value = attrs.get(attr) or ""
            if tag in ("script", "link", "img"):
                assert not re.match(r"(https?:)?//", value), f"{page.name}: ekstern ressurs {value}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_do_not_render_markup_from_strings(script: Path) -> None:
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script.read_text(encoding="utf-8"), flags=re.S)
    for pattern in (
        r"\.innerHTML\b",
        r"\.outerHTML\s*=",
        r"insertAdjacentHTML",
        r"document\.write",
        r"\beval\(",
        r"new Function\(",
        r"setAttribute\(\s*['\"]style",
        r"createContextualFragment",
    ):
        assert not re.search(pattern, code), f"{script.name}: {pattern}"


@pytest.mark.parametrize("sheet", STYLES, ids=lambda p: p.name)
def test_styles_load_nothing_from_the_net(sheet: Path) -> None:
    css = sheet.read_text(encoding="utf-8")
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css), sheet.name
