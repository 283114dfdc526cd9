"""The README's example outputs are the real ones (see tests/fixtures/readme.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.fixtures import readme
from tests.fixtures.files import copy_sqlite
from tests.fixtures.server import live_app

EXAMPLES = readme.examples(readme.README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def app_url(warm_dir: Path) -> Iterator[str]:
    with live_app(Settings(data_dir=warm_dir, today=dt.date.fromisoformat(readme.TODAY))) as url:
        yield url


def test_the_readme_has_checked_examples() -> None:
    names = [e.argv[:2] for e in EXAMPLES]
    for wanted in (["skjonn", "ingest"], ["skjonn", "status"], ["skjonn", "precheck"]):
        assert wanted in names
    assert ["skjonn", "similar"] in names and ["skjonn", "projects"] in names
    assert all(e.expected for e in EXAMPLES), "et eksempel uten vist utdata"


def test_matching_with_elisions() -> None:
    expected = ["a … c", "…", "z … s"]
    assert readme.matches(expected, "a b c\nx\ny\nz 1.2 s\n")
    assert readme.matches(expected, "a  c\nz 3 s")
    assert not readme.matches(expected, "a b c\nx\n")
    assert not readme.matches(expected, "a b d\nz 1 s\n")
    assert not readme.matches(["a"], "a\nb\n")  # nothing extra at the end
    ex = readme.Example("skjonn x", "skjonn x", ["a … c", "tid: … s"], (0, 0))
    assert readme.renewed(ex, "a b c\ntid: 9.9 s\nny 1.5 s\n") == ["a … c", "tid: … s", "ny … s"]
    # what ingest embedded depends on the vector cache: elided when a block is rewritten
    line = "dokumenter: 6 nye; 272 biter skrevet, 272 biter og 815 setninger innebygd; 40.1 s"
    assert readme.renewed(ex, line) == ["dokumenter: 6 nye; 272 biter skrevet, … innebygd; … s"]
    assert readme.renewed(ex, "Totalt: 53 poster; 53 innebygd; 4.5 s") == [
        "Totalt: 53 poster; … innebygd; … s"
    ]
    # citation markers are kept, process ids are not
    assert readme.renewed(ex, "svar [1]. Serverprosessen [42] er startet") == [
        "svar [1]. Serverprosessen […] er startet"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_readme_example_matches_the_real_output(
    ex: readme.Example, warm_dir: Path, app_url: str, tmp_path: Path
) -> None:
    # ingest runs in an empty data dir; the vector cache is copied in, so it embeds nothing new
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    copy_sqlite(warm_dir / "vectors.sqlite", fresh / "vectors.sqlite")  # the app has it open
    output = readme.run(ex, warm_dir, fresh, app_url)
    assert readme.matches(ex.expected, output), (
        f"README-eksempelet «{ex.name}» stemmer ikke med det kommandoen skriver (kjør "
        f"`make readme`): {readme.mismatch(ex.expected, output)}"
    )
