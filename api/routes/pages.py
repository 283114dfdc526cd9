"""The web pages and the embeddable widget: static files from ``api/web/``.

Pages are plain HTML with small vanilla JS (no build step, no inline script or style, so the
CSP can forbid both). They read everything they show from the ``/v1`` API.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from assistant.errors import NotFoundError

WEB = Path(__file__).resolve().parent.parent / "web"
PAGES = {
    "/": "index.html",
    "/sjekk": "sjekk.html",
    "/prosjekter": "prosjekter.html",
    "/widget-demo": "widget-demo.html",
}

router = APIRouter(include_in_schema=False)


def _page(name: str) -> FileResponse:
    path = WEB / "pages" / name
    if not path.is_file():
        raise NotFoundError("Fant ikke siden.")
    return FileResponse(path, media_type="text/html; charset=utf-8")


def _endpoint(name: str) -> Callable[[], FileResponse]:
    def serve_page() -> FileResponse:
        return _page(name)

    return serve_page


for _route, _name in PAGES.items():
    router.add_api_route(_route, _endpoint(_name), methods=["GET"])


@router.get("/widget.js")
def widget() -> FileResponse:
    return FileResponse(WEB / "static" / "widget.js", media_type="text/javascript; charset=utf-8")


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(WEB / "static" / "favicon.svg", media_type="image/svg+xml")
