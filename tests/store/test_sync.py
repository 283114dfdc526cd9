"""BM25 follows the store by the records changed since, also in another process's index."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from assistant.services import Services
from assistant.settings import Settings
from tests.fixtures.chroma_server import chroma_server


def _doc(n: int, words: str = "") -> str:
    parts = [f"# Syntetisk dokument {n}\n"]
    for j in range(10):
        parts.append(f"## Avsnitt {n}.{j}\n\nKommunene samarbeider om tema {j} i prosjekt {n}.\n")
    if words:
        parts.append(f"## Nytt\n\n{words}\n")
    return "\n".join(parts)


def _tree(root: Path, n: int) -> Path:
    (root / "background").mkdir(parents=True)
    for i in range(n):
        (root / "background" / f"dok-{i}.md").write_text(_doc(i), encoding="utf-8")
    return root


def _updates(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("assistant.store")]


def test_another_server_with_its_own_data_dir_follows_by_the_changes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two servers share one Chroma server; each keeps BM25 in its own data dir."""
    caplog.set_level(logging.INFO)
    root = _tree(tmp_path / "docs", 20)
    with chroma_server(tmp_path / "chroma") as url:
        a = Services(Settings(data_dir=tmp_path / "a", embedder="fake", chroma_url=url))
        b = Services(Settings(data_dir=tmp_path / "b", embedder="fake", chroma_url=url))
        assert not a.ingestor(progress=False).run([root]).failed
        assert b.searcher().search("samarbeider", k=3, mode="bm25")  # b's own full build
        assert (tmp_path / "b" / "bm25" / "skjonn" / "state.json").exists()

        (root / "background" / "dok-ny.md").write_text(
            _doc(99, "Kvartsittbrudd og reinbeitedistrikt."), encoding="utf-8"
        )
        (root / "background" / "dok-3.md").unlink()
        (root / "background" / "dok-5.md").write_text(
            _doc(5, "Snøskuterløyper i fjellet."), encoding="utf-8"
        )
        report = a.ingestor(progress=False).run([root])
        assert (report.count("new"), report.count("changed"), report.count("removed")) == (1, 1, 1)
        caplog.clear()

        hits = b.searcher().search("kvartsittbrudd", k=3, mode="bm25")
        assert hits and hits[0].meta["source"].endswith("dok-ny.md")
        hits = b.searcher().search("snøskuterløyper", k=3, mode="bm25")
        assert hits and hits[0].meta["source"].endswith("dok-5.md")
        assert set(b.lexical.ids) == set(a.store.ids())
        assert not any("dok-3.md" in str(m.get("source")) for m in b.lexical.metas)
        msgs = _updates(caplog)
        assert not any("rebuilding" in m for m in msgs), msgs
        assert any(m.startswith("BM25 skjonn:") and "new or changed" in m for m in msgs), msgs


def test_a_second_services_on_the_same_store_sees_an_import(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    from assistant.archive import ProjectFilters, archive_for, synth
    from assistant.archive.importer import import_records
    from assistant.archive.search import similar

    writer = archive_for(Services(settings))
    import_records(writer, synth(30, 2))
    reader = archive_for(Services(Settings(data_dir=settings.data_dir, embedder="fake")))
    flt = ProjectFilters(sector="Samfunnssikkerhet og beredskap")
    assert similar(reader, "velferdsteknologi", k=3, filters=flt)  # index and dense matrix
    caplog.set_level(logging.INFO)

    new = {
        "id": "ny-1",
        "år": 2024,
        "tittel": "Isbjørnberedskap på fjellet",
        "kommuner": ["Røros"],
        "sektorer": ["Samfunnssikkerhet og beredskap"],
        "beskrivelse": "Felles beredskap.",
    }
    changed = dict(synth(30, 2)[4], tittel="Snøskuterløyper for alle")
    import_records(writer, [new, changed])
    hits = similar(reader, "isbjørnberedskap", k=3)
    assert hits[0].id == "ny-1"
    hits = similar(reader, "snøskuterløyper", k=3)
    assert hits[0].id == changed["id"]
    hits = similar(reader, "isbjørnberedskap", k=3, filters=flt)  # the exact dense search
    assert hits[0].id == "ny-1"
    msgs = _updates(caplog)
    assert not any("rebuilding" in m for m in msgs), msgs
    assert any("2 new or changed of 31" in m for m in msgs), msgs

    dense = reader.dense()
    assert dense.ids == reader.lexical.ids
    want = reader.store.vectors(dense.ids)
    np.testing.assert_allclose(dense.matrix, np.stack([want[i] for i in dense.ids]))


def test_a_reader_that_looked_mid_write_sees_the_rest_when_the_writer_is_done(
    settings: Settings,
) -> None:
    sv = Services(settings)
    store = sv.store
    vec = np.ones((1, sv.embedder.dim), dtype=np.float32)
    for n in range(10):
        store.upsert([f"d{n}"], vec, [f"Dokument nummer {n} om skole."], [{"n": n}])
    store.bump_generation()
    assert len(sv.lexical) == 10

    store.bump_generation()  # a writer starts
    store.upsert(["w1"], vec, ["Legevakt om natten."], [{}])
    assert sv.lexical.has("w1")  # a reader looks now
    store.upsert(["w2"], vec, ["Legevakt på dagtid."], [{}])
    store.delete(["d0"])
    store.bump_generation()  # the writer is done
    lex = sv.lexical
    assert lex.has("w2") and not lex.has("d0")
    assert {i for i, _ in lex.search("legevakt", 5)} == {"w1", "w2"}


def test_a_replaced_store_is_rebuilt_in_full(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    sv = Services(settings)
    vec = np.ones((3, sv.embedder.dim), dtype=np.float32)
    sv.store.upsert(["a", "b", "c"], vec, ["en", "to", "tre"], [{}, {}, {}])
    sv.store.bump_generation()
    assert len(sv.lexical) == 3
    sv.store.reset()  # e.g. `skjonn ingest --reset` elsewhere
    sv.store.upsert(["x"], vec[:1], ["fire"], [{}])
    sv.store.bump_generation()
    caplog.set_level(logging.INFO)
    assert sv.lexical.ids == ["x"]
    assert any("rebuilding BM25" in m for m in _updates(caplog))
