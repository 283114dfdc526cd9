"""Drafts never reach disk or logs unless --save; personal data is masked in log lines."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.precheck.privacy import MaskingFilter, get_logger, mask
from tests.precheck.helpers import MARKER, clean_draft

PERSONAL = "Kontakt Kari på kari.nordmann@malvik.kommune.no eller 918 76 543, fnr 01019912345."


def _draft_file(tmp_path: Path) -> Path:
    data = clean_draft(tittel=f"Prosjekt {MARKER}", merknad_fra_søker=f"{MARKER}. {PERSONAL}")
    p = tmp_path / "inn" / "utkast.json"
    p.parent.mkdir()
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def _files_containing(root: Path, needle: str) -> list[Path]:
    hits = []
    for p in root.rglob("*"):
        if p.is_file() and needle.encode() in p.read_bytes():
            hits.append(p)
    return hits


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKJONN_EMBEDDER", "fake")
    monkeypatch.setenv("SKJONN_TODAY", "2024-05-15")


def test_no_draft_text_on_disk_or_in_logs(
    env, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    src = _draft_file(tmp_path)
    caplog.set_level(logging.DEBUG)
    res = CliRunner().invoke(main, ["-vv", "precheck", str(src)], catch_exceptions=False)
    assert res.exit_code == 0
    assert MARKER in res.output  # the report quotes the draft to the user ...
    data_dir = tmp_path / "data"
    assert data_dir.is_dir()
    assert _files_containing(data_dir, MARKER) == []  # ... but nothing is written to disk
    assert not (data_dir / "precheck").exists()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert any("precheck round=" in r.getMessage() for r in caplog.records)
    assert MARKER not in logged and "01019912345" not in logged and "kari.nordmann" not in logged


def test_save_writes_draft_and_report(env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = _draft_file(tmp_path)
    res = CliRunner().invoke(main, ["precheck", str(src), "--save"], catch_exceptions=False)
    assert res.exit_code == 0
    saved = list((tmp_path / "data" / "precheck").glob("*.json"))
    assert len(saved) == 1
    stored = json.loads(saved[0].read_text(encoding="utf-8"))
    assert stored["draft"]["tittel"] == f"Prosjekt {MARKER}"
    assert stored["report"]["round"] == "Prosjektskjønn 2025"


def test_mask_personal_data() -> None:
    assert mask(PERSONAL) == "Kontakt Kari på [e-post] eller [telefon], fnr [fødselsnummer]."
    assert mask("+47 91234567 og 73 80 12 34") == "[telefon] og [telefon]"
    assert mask("søkt 150 000 kr i 2024") == "søkt 150 000 kr i 2024"


def test_log_lines_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    log = get_logger("assistant.precheck.test")
    with caplog.at_level(logging.INFO, logger="assistant.precheck.test"):
        log.info("utkast fra %s", "ola@example.no, 01019912345")
    assert caplog.records[-1].getMessage() == "utkast fra [e-post], [fødselsnummer]"
    assert isinstance(log.filters[0], MaskingFilter)
