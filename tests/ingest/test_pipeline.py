"""Ingest is idempotent, replaces changed files, prunes deleted ones, survives kill -9,
reports bad files and keeps BM25 and Chroma in agreement, in both store modes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.services import Services
from assistant.settings import Settings
from assistant.store.backends import Backends
from ingest.pipeline import Ingestor
from tests.fixtures.chroma_server import chroma_server
from tests.fixtures.files import GUIDE_MD, make_pdf


@pytest.fixture(params=["embedded", "server"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "embedded":
        yield Settings(data_dir=tmp_path / "data", embedder="fake")
        return
    with chroma_server(tmp_path / "server") as url:
        yield Settings(data_dir=tmp_path / "data", embedder="fake", chroma_url=url)


def _tree(root: Path) -> Path:
    (root / "guidelines").mkdir(parents=True)
    (root / "guidelines" / "regler-2025.md").write_text(GUIDE_MD, encoding="utf-8")
    (root / "notat.txt").write_text(
        "Notat om fellesløft og digitalisering i kommunene.\n", encoding="utf-8"
    )
    make_pdf(root / "brev.pdf", ["Brev til kommunene om rapportering innen 1. juni."])
    return root


def _agree(sv: Services) -> set[str]:
    chroma_ids = set(sv.store.ids())
    assert chroma_ids == set(sv.lexical.ids), "BM25 and Chroma disagree"
    return chroma_ids


def test_idempotent_and_changes(store_settings: Settings, tmp_path: Path) -> None:
    root = _tree(tmp_path / "docs")
    # warm: sentence vectors at ingest too, so both caches are seen to skip unchanged text
    sv = Services(store_settings.model_copy(update={"sentence_vectors": "warm"}))
    r1 = sv.ingestor(progress=False).run([root])
    assert r1.count("new") == 3 and not r1.failed and r1.embedded > 0
    ids1 = _agree(sv)

    r2 = sv.ingestor(progress=False).run([root])
    assert r2.count("unchanged") == 3 and r2.embedded == 0 and r2.chunks == 0
    assert r2.embedded_sentences == 0
    assert _agree(sv) == ids1

    # a changed file replaces its chunks; unchanged text is not embedded again
    md = root / "guidelines" / "regler-2025.md"
    md.write_text(GUIDE_MD.replace("20. juni 2024", "21. juni 2024"), encoding="utf-8")
    r3 = sv.ingestor(progress=False).run([root])
    assert r3.count("changed") == 1 and r3.count("unchanged") == 2
    assert r3.embedded == 1  # only the section whose text changed
    assert r3.embedded_sentences == 1  # and its one new sentence
    texts = " ".join(sv.lexical.texts)
    assert "21. juni 2024" in texts and "20. juni 2024" not in texts
    hits = sv.searcher().search("søknadsfrist", k=3)
    assert hits[0].source == "guidelines/regler-2025.md"

    # a deleted file is pruned on the next ingest of its directory
    (root / "notat.txt").unlink()
    r4 = sv.ingestor(progress=False).run([root])
    assert r4.count("removed") == 1
    assert not any(m["source"] == "notat.txt" for m in sv.lexical.metas)
    _agree(sv)


def test_reset_empties_the_store(settings: Settings, tmp_path: Path) -> None:
    root = _tree(tmp_path / "docs")
    sv = Services(settings)
    sv.ingestor(progress=False).run([root])
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("Bare denne teksten om skjønnsmidler.", encoding="utf-8")
    r = sv.ingestor(progress=False).run([other], reset=True)
    assert r.count("new") == 1
    assert {m["source"] for m in sv.lexical.metas} == {"a.txt"}


def test_after_write_hooks_see_the_chunks_only_when_a_run_wrote(
    settings: Settings, tmp_path: Path
) -> None:
    """Ingest knows no answerer: what runs after a write is a hook the wiring registers."""
    root = _tree(tmp_path / "docs")
    seen: list[list[str]] = []

    def hook(texts: list[str], progress: bool) -> int:
        seen.append(texts)
        return 7

    ingestor = Ingestor(Backends(settings), progress=False, after_write=[hook, hook])
    assert ingestor.run([root]).embedded_sentences == 14
    assert len(seen) == 2 and any("fellesløft" in t for t in seen[0])
    assert ingestor.run([root]).embedded_sentences == 0  # nothing written: no hook
    assert len(seen) == 2
    assert Ingestor(Backends(settings), progress=False).run([root]).embedded_sentences == 0


def test_bad_files_are_reported_and_the_rest_goes_on(settings: Settings, tmp_path: Path) -> None:
    root = _tree(tmp_path / "docs")
    (root / "tom.md").write_bytes(b"")
    (root / "falsk.pdf").write_bytes(b"ikke en pdf")
    make_pdf(root / "skannet.pdf", [""])
    make_pdf(root / "kryptert.pdf", ["Hemmelig"], encrypt="pw")
    (root / "latin1.txt").write_bytes("Søknad fra Værøy om skjønnsmidler.".encode("cp1252"))
    (root / "bilde.png").write_bytes(b"\x89PNG....")
    big = root / "stor.txt"
    with big.open("wb") as f:  # 200 MB sparse file: refused by size, never read
        f.truncate(200 * 1024 * 1024)
    r = Services(settings).ingestor(progress=False).run([root])
    failed = {x.path: x.reason for x in r.failed}
    assert set(failed) == {"tom.md", "falsk.pdf", "skannet.pdf", "kryptert.pdf", "stor.txt"}
    assert "tom" in failed["tom.md"] and "for stor" in failed["stor.txt"]
    assert "tekstlag" in failed["skannet.pdf"]
    assert r.count("new") == 4  # the three good ones and the cp1252 text
    assert "bilde.png" in r.ignored


def test_resume_after_kill(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    for i in range(6):
        (root / f"dok{i}.txt").write_text(
            f"Dokument nummer {i} om prosjekt {i} og frister.\n", encoding="utf-8"
        )
    data = tmp_path / "data"
    env = dict(
        os.environ, SKJONN_DATA_DIR=str(data), SKJONN_EMBEDDER="fake", SKJONN_FAULT_KILL_AFTER="3"
    )
    skjonn = shutil.which("skjonn", path=str(Path(sys.executable).parent))
    assert skjonn
    proc = subprocess.run([skjonn, "ingest", str(root)], env=env, capture_output=True)
    assert proc.returncode == -9  # killed by SIGKILL between Chroma write and manifest commit
    env.pop("SKJONN_FAULT_KILL_AFTER")
    proc = subprocess.run([skjonn, "ingest", str(root), "--json"], env=env, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    sv = Services(Settings(data_dir=data, embedder="fake"))
    ids = _agree(sv)
    sources = [m["source"] for m in sv.lexical.metas]
    assert sorted(sources) == [f"dok{i}.txt" for i in range(6)]  # no duplicates, none missing
    assert len(ids) == 6
