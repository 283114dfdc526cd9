"""schemathesis over /openapi.json against the real app: no 5xx, no answer outside the schema.

Bounded and deterministic: at most ``EXAMPLES`` cases per operation and data mode (valid and
invalid input), schemathesis' deterministic generation, and a time budget for the run. Checks:
no server error, documented status codes, content types, headers and bodies, invalid input
rejected with a 4xx, and 405 with ``Allow`` for undocumented methods. The admin endpoints
are called with the token, so they are tested past the 401.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.conftest import TODAY
from tests.fixtures.server import live_app

EXAMPLES = 15
SECONDS = 150
TOKEN = "st-token-1"
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "unsupported_method",
        "allow_header_conformance",
    )
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_url(fake_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("openapi") / "data"
    shutil.copytree(fake_dir, data)
    settings = Settings(
        data_dir=data, embedder="fake", today=TODAY, rate_limit=0, admin_token=TOKEN
    )
    with live_app(settings) as url:
        yield url


def test_schemathesis_finds_no_5xx_and_no_schema_violation(api_url: str, tmp_path: Path) -> None:
    st = str(Path(sys.executable).with_name("st"))
    r = subprocess.run(
        [
            st,
            "run",
            f"{api_url}/openapi.json",
            "--checks",
            CHECKS,
            "--max-examples",
            str(EXAMPLES),
            "--generation-deterministic",
            "--max-time",
            str(SECONDS),
            "--workers",
            "1",
            "--request-timeout",
            "60",
            "--header",
            f"Authorization: Bearer {TOKEN}",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
        cwd=tmp_path,
    )
    summary = r.stdout[-3000:]
    assert r.returncode == 0, r.stdout[-20000:]
    assert " passed" in summary and "failed" not in summary.split("Test cases:")[-1], summary
