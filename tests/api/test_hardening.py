"""Hostile input over real HTTP against the real app: never a 5xx, always ``{error, message}``
with the security headers, the documented names and headers (issue #14, points 3-5, 9, 11, 12).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from assistant.settings import Settings
from tests.fixtures import hostile
from tests.fixtures.server import live_app

TOKEN = "hemmelig-admin-nøkkel"
HOST = "https://www.statsforvalteren.no"


@pytest.fixture(scope="module")
def base_url(fake_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import shutil

    data = tmp_path_factory.mktemp("hardening") / "data"
    shutil.copytree(fake_dir, data)
    settings = Settings(
        data_dir=data, embedder="fake", admin_token=TOKEN, cors_origins=HOST, rate_limit=0
    )
    with live_app(settings) as url:
        yield url


def _is_error(r: httpx.Response) -> None:
    """An error answer as documented: JSON {error, message} and the security headers."""
    assert r.status_code < 500, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json"), r.headers
    body = r.json()
    assert set(body) == {"error", "message"} and body["message"], body
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src" in r.headers["content-security-policy"]


def _upload(url: str, name: str, data: bytes) -> httpx.Response:
    return httpx.post(f"{url}/v1/precheck", files={"file": (name, data)}, timeout=120)


# -- point 4: 5xx on bad input ---------------------------------------------------------------


def test_non_ascii_bearer_token_is_unauthorized_not_500(base_url: str) -> None:
    for value in ("Bearer nøkkel", "Bearer \u00e6\u00f8\u00e5", f"Bearer {TOKEN}x"):
        r = httpx.get(
            f"{base_url}/v1/admin/gaps", headers={"authorization": value.encode("latin-1")}
        )
        assert r.status_code == 401 and r.json()["error"] == "unauthorized", r.text
    ok = httpx.get(
        f"{base_url}/v1/admin/gaps", headers={"authorization": f"Bearer {TOKEN}".encode()}
    )
    assert ok.status_code == 200  # a non-ASCII token configured works when sent as UTF-8


def test_json_nested_100000_deep_is_bad_request(base_url: str) -> None:
    deep = hostile.deep_json()
    for path in ("/v1/chat", "/v1/precheck", "/v1/search", "/v1/feedback"):
        r = httpx.post(
            f"{base_url}{path}", content=deep, headers={"content-type": "application/json"}
        )
        _is_error(r)
        assert r.status_code == 400 and r.json()["error"] == "bad_request", (path, r.text)
    r = _upload(base_url, "utkast.json", deep)
    _is_error(r)
    assert r.status_code == 422 and "nestet for dypt" in r.json()["message"]


def test_pdf_with_unsupported_encryption_is_422(base_url: str) -> None:
    for data in (hostile.pdf_encrypted(), hostile.pdf_encrypted(b"/FooSecurity", 1)):
        r = _upload(base_url, "utkast.pdf", data)
        _is_error(r)
        assert r.status_code == 422 and "kryptert på en måte" in r.json()["message"]


# -- point 3: decompression and CPU bombs ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build", "reason"),
    [
        ("utkast.docx", lambda: hostile.docx_zip_bomb(300), "utpakket"),
        ("utkast.docx", lambda: hostile.docx_paragraphs(100_000), "for mange avsnitt"),
        ("utkast.docx", lambda: hostile.docx_paragraphs(1_000_000), "XML-elementer"),
        ("utkast.pdf", lambda: hostile.pdf_pages(60_000), "for mange objekter"),
        ("utkast.pdf", lambda: hostile.pdf_flate_bomb(200), "for store strømmer"),
        ("utkast.txt", lambda: b"a\n" * 5_000_000, "for mange linjer"),
    ],
    ids=["zip-300MiB", "docx-100k", "docx-1M", "pdf-60k-pages", "pdf-flate", "txt-5M-lines"],
)
def test_upload_bombs_are_413_too_large(base_url: str, name: str, build, reason: str) -> None:  # type: ignore[no-untyped-def]
    r = _upload(base_url, name, build())
    _is_error(r)
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    assert reason in r.json()["message"] and r.json()["message"].startswith("Dokumentet er")


def test_ordinary_upload_still_works(base_url: str) -> None:
    md = b"Tittel: Digital dialog\nS\xc3\xb8ker: Malvik kommune\n\n## Utfordringer\n\nF\xc3\xa5 deltar.\n"
    r = _upload(base_url, "utkast.md", md)
    assert r.status_code == 200, r.text
    assert r.json()["findings"]


# -- point 5: one error path, security headers on 500; store faults are 503 ------------------


def test_unexpected_error_is_json_500_with_security_and_cors_headers(settings: Settings) -> None:
    s = settings.model_copy(update={"cors_origins": HOST})
    app = create_app(s)

    def boom() -> None:  # stands in for a bug in a route
        raise RuntimeError("a bug")

    app.add_api_route("/v1/boom", boom)
    with live_app(s, app) as url:
        r = httpx.get(f"{url}/v1/boom", headers={"origin": HOST})
    assert r.status_code == 500
    assert r.json() == {"error": "internal", "message": "Noe gikk galt hos oss. Prøv igjen senere."}
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["access-control-allow-origin"] == HOST


# -- point 9: header size ---------------------------------------------------------------------


def _raw(url: str, head: bytes, chunk: int = 65536) -> tuple[bytes, int]:
    """Send ``head`` in chunks until the server answers or closes; (answer, bytes sent)."""
    host, port = url.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        try:
            for i in range(0, len(head), chunk):
                sock.sendall(head[i : i + chunk])
                sent += chunk
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        try:
            while part := sock.recv(65536):
                data += part
        except (ConnectionResetError, TimeoutError):
            pass
    return data, sent


@pytest.mark.parametrize("mib", [8, 64])
def test_huge_headers_get_431_before_they_are_read(base_url: str, mib: int) -> None:
    head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Stor: " + b"a" * (mib * 1024 * 1024)
    answer, sent = _raw(base_url, head + b"\r\n\r\n")
    status, _, rest = answer.partition(b"\r\n")
    assert status.startswith(b"HTTP/1.1 431"), answer[:200]
    assert b'"error": "headers_too_large"' in rest and b"nosniff" in rest
    assert sent < 4 * 1024 * 1024  # the server hung up long before the header ended
    long_url = b"GET /healthz?" + b"q" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    assert _raw(base_url, long_url)[0].startswith(b"HTTP/1.1 431")
    # an ordinary request with a few KB of headers is fine, also after the refusals
    r = httpx.get(f"{base_url}/healthz", headers={"x-ok": "b" * 8000})
    assert r.status_code == 200


# -- point 11: forwarded headers only from configured proxies -----------------------------------


def test_rotating_x_forwarded_for_does_not_sidestep_the_rate_limit(settings: Settings) -> None:
    s = settings.model_copy(update={"rate_limit": 3})
    with live_app(s) as url:
        codes = [
            httpx.get(f"{url}/v1/rounds", headers={"x-forwarded-for": f"10.0.0.{i}"}).status_code
            for i in range(6)
        ]
    assert codes == [200, 200, 200, 429, 429, 429]


def test_a_trusted_proxy_gives_each_client_its_own_bucket(settings: Settings) -> None:
    s = settings.model_copy(update={"rate_limit": 2, "trusted_proxies": "127.0.0.1"})
    with live_app(s) as url:
        a = [
            httpx.get(f"{url}/v1/rounds", headers={"x-forwarded-for": "10.0.0.1"}) for _ in range(3)
        ]
        b = httpx.get(f"{url}/v1/rounds", headers={"x-forwarded-for": "10.0.0.2"})
    assert [r.status_code for r in a] == [200, 200, 429] and b.status_code == 200


# -- point 12: contract -------------------------------------------------------------------------


def test_405_names_the_allowed_methods(base_url: str) -> None:
    r = httpx.get(f"{base_url}/v1/chat")
    _is_error(r)
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert r.json()["error"] == "method_not_allowed"
    r = httpx.delete(f"{base_url}/v1/projects/search")
    assert r.status_code == 405 and r.headers["allow"] == "GET"


def test_framework_400s_use_the_documented_names(base_url: str) -> None:
    r = httpx.post(
        f"{base_url}/v1/chat",
        content=b'{"question": "\xff\xfe hva"}',
        headers={"content-type": "application/json"},
    )
    _is_error(r)
    assert r.status_code == 400 and r.json()["error"] == "bad_request"
    r = httpx.post(
        f"{base_url}/v1/precheck",
        content=b"--x\r\nfoo\r\n",
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    _is_error(r)
    assert r.json()["error"] in {"bad_request", "invalid_input"}


def test_refused_cors_preflight_is_json(base_url: str) -> None:
    r = httpx.options(
        f"{base_url}/v1/chat",
        headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
    )
    _is_error(r)
    assert r.status_code == 400 and r.json()["error"] == "cors_rejected"
    assert "opprinnelse" in r.json()["message"] and "SKJONN_CORS_ORIGINS" in r.json()["message"]


def test_openapi_states_the_enforced_question_length(base_url: str) -> None:
    schema = httpx.get(f"{base_url}/openapi.json").json()
    question = schema["components"]["schemas"]["ChatRequest"]["properties"]["question"]
    assert question["maxLength"] == 2000
    chat = schema["paths"]["/v1/chat"]["post"]["responses"]
    assert {"400", "413", "415", "422", "429", "503"} <= set(chat)
    err = chat["422"]["content"]["application/json"]["schema"]
    assert err == {"$ref": "#/components/schemas/ErrorBody"}


def test_readyz_reports_projects(base_url: str) -> None:
    body = httpx.get(f"{base_url}/readyz").json()
    assert body["status"] == "ready" and body["projects"] == 53 and body["chunks"] > 100


# -- 200+ hostile requests ----------------------------------------------------------------------


def _hostile_requests() -> Iterator[tuple[str, str, dict]]:
    junk_json = [
        b"",
        b"{",
        b"null",
        b"[]",
        b'"x"',
        b"1e999999",
        b'{"question": null}',
        b'{"question": 5}',
        b'{"question": "' + b"a" * 50_000 + b'"}',
        b'{"question": "\\u0000\\ud800"}',
        b'{"question": "hei", "history": "x"}',
        b'{"question": "hei", "history": [{"role": "user"}]}',
        b'{"question": "hei", "year": "to tusen"}',
        b'{"question": "hei", "year": 99999999999999999999999}',
        b'{"query": "", "k": -1}',
        b'{"query": "frist", "k": 10000000}',
        b'{"query": "frist", "kind": "hemmelig"}',
        b'{"question": "", "helpful": "kanskje"}',
        b'{"tittel": {"a": [1, 2, {"b": null}]}, "s\xc3\xb8ker": 5}',
        b'{"budsjett": [{"post": null, "bel\xc3\xb8p": "mye"}]}',
        hostile.deep_json(3_000),
        b"\xef\xbb\xbf{}",
    ]
    for path in ("/v1/chat", "/v1/search", "/v1/feedback", "/v1/precheck"):
        for body in junk_json:
            yield "POST", path, {"content": body, "headers": {"content-type": "application/json"}}
        for ctype in (
            "text/plain",
            "application/xml",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "",
        ):
            yield "POST", path, {"content": b"question=hei", "headers": {"content-type": ctype}}
    queries = [
        {"k": "-1"},
        {"k": "abc"},
        {"k": "100000"},
        {"from_year": "1800"},
        {"from_year": "2030", "to_year": "2000"},
        {"min_amount": "-5"},
        {"max_amount": "1e99"},
        {"format": "xml"},
        {"q": "\x00"},
        {"q": "a" * 30_000},
        {"q": "' OR 1=1 --"},
        {"sector": "ukjent sektor"},
        {"municipality": "<script>"},
        {"status": "x" * 500},
        {"by": "passord"},
        {"round": "1999"},
        {"round": "../../etc/passwd"},
        {"limit": "0"},
        {"limit": "x"},
    ]
    for path in ("/v1/projects/search", "/v1/projects/stats", "/v1/rules", "/v1/admin/gaps"):
        for q in queries:
            yield "GET", path, {"params": q}
    for path in (
        "/v1/projects/%00",
        "/v1/projects/" + "x" * 5000,
        "/v1/projects/..%2F..%2Fetc%2Fpasswd",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/v1/%ff%fe",
        "/%c0%ae%c0%ae/",
        "/v1/projects/p-' OR '1'='1",
    ):
        yield "GET", path, {}
    for method in ("PUT", "DELETE", "PATCH", "TRACE"):
        for path in (
            "/v1/chat",
            "/v1/precheck",
            "/v1/projects/search",
            "/v1/admin/ingest",
            "/readyz",
        ):
            yield method, path, {}
    for auth in (
        "Bearer",
        "Basic YWRtaW46YWRtaW4=",
        "Bearer " + "x" * 10_000,
        "bearer x y",
        "Bearer\tx",
    ):
        yield "GET", "/v1/admin/gaps", {"headers": {"authorization": auth}}
        yield "POST", "/v1/admin/ingest", {"headers": {"authorization": auth}}
    uploads = [
        {"files": {"file": ("utkast.exe", b"MZ")}},
        {"files": {"file": ("utkast", b"tekst")}},
        {"files": {"file": ("utkast.pdf", b"%PDF-1.7 bare tull")}},
        {"files": {"file": ("utkast.docx", b"PK\x03\x04 ikke zip")}},
        {"files": {"file": ("utkast.txt", b"\x00\x01\x02")}},
        {"files": {"file": ("utkast.md", b"")}},
        {"files": {"annet": ("utkast.md", b"Tittel: x")}},
        {"files": [("file", ("a.md", b"Tittel: a")), ("file", ("b.md", b"Tittel: b"))]},
        {"data": {f"f{i}": "x" for i in range(20)}},
        {"files": {"file": ("../../etc/passwd.md", b"Tittel: x\nS\xc3\xb8ker: y")}},
        {"files": {"file": ("utkast.json", b'{"tittel": "x"')}},
        {"files": {"file": ("utkast.json", b"[1, 2, 3]")}},
        {"files": {"file": ("utkast.docx", hostile.docx_many_members(2_000))}},
        {"files": {"file": ("utkast.docx", hostile.docx_table_cells(100, 100))}},
        {
            "files": {
                "file": (
                    "utkast.md",
                    "# T\n\nSøker: X\n\nSøknadsbeløp: 9".encode() + b"9" * 400 + b" kr\n",
                )
            }
        },
    ]
    for kw in uploads:
        yield "POST", "/v1/precheck", kw


def test_hostile_requests_never_get_a_5xx(base_url: str) -> None:
    requests = list(_hostile_requests())
    assert len(requests) >= 200
    statuses: dict[int, int] = {}
    with httpx.Client(timeout=60) as client:
        for method, path, kw in requests:
            r = client.request(method, f"{base_url}{path}", **kw)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            assert r.status_code < 500, (method, path, r.status_code, r.text[:300])
            if r.status_code >= 400:
                _is_error(r)
    time.sleep(0.1)
    assert httpx.get(f"{base_url}/readyz").status_code == 200  # and the server is fine
    assert sum(statuses.values()) == len(requests)
