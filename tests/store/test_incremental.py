"""BM25 grown by increments scores like a full build; saved increments are cheap and load back."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.archive import synth
from assistant.store.lexical import LexicalIndex
from assistant.store.sync import index_text

QUERIES = [
    "velferdsteknologi i hjemmetjenesten",
    "legevakt om natten legevakt",  # a token twice counts twice
    "digital byggesaksbehandling og veiledning",
    "rekruttering av sykepleiere",
    "egenfinansieringskravet",
    "ord som ikke finnes",
]


def _docs(n: int, seed: int) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for r in synth(n, seed):
        meta = {"title": r["tittel"], "year": r["år"]}
        out.append((r["id"], str(r["beskrivelse"]), meta))
    return out


def _full(
    tmp: Path, docs: list[tuple[str, str, dict[str, Any]]], vocab: Any = None
) -> LexicalIndex:
    idx = LexicalIndex(tmp)
    idx.build(
        [d[0] for d in docs],
        [d[1] for d in docs],
        [d[2] for d in docs],
        generation=1,
        index_texts=[index_text(d[1], d[2]) for d in docs],
        vocab=vocab,
    )
    return idx


def _added(docs: list[tuple[str, str, dict[str, Any]]]) -> list[tuple[str, str, dict, str]]:
    return [(i, t, m, index_text(t, m)) for i, t, m in docs]


def _assert_same(a: LexicalIndex, b: LexicalIndex) -> None:
    assert sorted(a.ids) == sorted(b.ids)
    for q in QUERIES:
        sa = dict(zip(a.ids, a.scores(q).tolist(), strict=True))
        sb = dict(zip(b.ids, b.scores(q).tolist(), strict=True))
        assert sa.keys() == sb.keys()
        for k in sa:
            assert sa[k] == pytest.approx(sb[k], rel=1e-5, abs=1e-6), (q, k)
        ra = [(round(-s, 4), i) for i, s in a.search(q, 10)]
        rb = [(round(-s, 4), i) for i, s in b.search(q, 10)]
        assert sorted(ra) == sorted(rb), q  # the same top 10 (ties in either order)


def test_increments_score_like_a_full_build(tmp_path: Path) -> None:
    docs = _docs(60, seed=3)
    idx = _full(tmp_path / "inc", docs[:40])
    first = idx
    # add ten, change two of the base and remove three (one of them added just now)
    changed = [(docs[5][0], "Velferdsteknologi og legevakt i nye lokaler.", {"title": "Ny"})]
    changed.append((docs[7][0], "", {"title": ""}))  # no tokens at all
    idx = idx.updated([], _added(docs[40:50]), generation=2)
    idx = idx.updated([docs[1][0], docs[2][0], docs[45][0]], _added(changed), generation=3)
    idx = idx.updated([], _added(docs[50:]), generation=4)
    assert idx.generation == 4 and first.generation == 1 and len(first) == 40  # untouched
    now = {i: (t, m) for i, t, m in docs}
    for i, t, m in changed:
        now[i] = (t, m)
    for gone in (docs[1][0], docs[2][0], docs[45][0]):
        del now[gone]
    same = _full(tmp_path / "full", [(i, t, m) for i, (t, m) in now.items()], idx.analyzer.vocab)
    _assert_same(idx, same)
    assert idx.doc(docs[5][0]) == (changed[0][1], changed[0][2])
    assert idx.doc(docs[1][0]) is None


def test_removing_every_document_that_holds_a_term(tmp_path: Path) -> None:
    docs = [
        ("a", "Legevakt om natten.", {}),
        ("b", "Velferdsteknologi i hjemmet.", {}),
        ("c", "Velferdsteknologi og legevakt.", {}),
        ("d", "Byggesak på nett.", {}),
        ("e", "Skole og barnehage.", {}),
    ]
    idx = _full(tmp_path / "inc", docs).updated(["a", "c"], [], generation=2)
    assert idx.search("legevakt", 5) == []
    _assert_same(idx, _full(tmp_path / "full", [docs[1], docs[3], docs[4]], idx.analyzer.vocab))


def test_scores_are_those_of_bm25s(tmp_path: Path) -> None:
    """The same variant and parameters as the bm25s index this replaced (Lucene, k1 1.5,
    b 0.75, empty documents as the token «_»)."""
    import bm25s

    docs = _docs(50, seed=5) + [("tom", "", {})]
    idx = _full(tmp_path / "full", docs)
    ref = bm25s.BM25()
    ref.index([idx.analyzer(index_text(t, m)) or ["_"] for _, t, m in docs], show_progress=False)
    for q in QUERIES:
        toks = [t for t in idx.analyzer(q) if t in ref.vocab_dict]
        want = ref.get_scores(toks) if toks else np.zeros(len(docs))
        np.testing.assert_allclose(idx.scores(q), want, rtol=1e-5, atol=1e-6)


def test_a_saved_increment_loads_back_and_shares_the_base_files(tmp_path: Path) -> None:
    docs = _docs(30, seed=4)
    d = tmp_path / "bm25" / "projects"
    idx = _full(d, docs[:25])
    idx.save()
    base_inode = os.stat(d / "base.npz").st_ino
    idx = idx.updated([docs[0][0]], _added(docs[25:]), generation=9)
    idx.save()
    assert os.stat(d / "base.npz").st_ino == base_inode  # linked, not written again
    assert sorted(p.name for p in d.parent.iterdir()) == ["projects"]  # no tmp/old left
    back = LexicalIndex.load(d)
    assert back.generation == 9 and back.ids == idx.ids
    assert back.analyzer.vocab == idx.analyzer.vocab
    _assert_same(back, idx)


def test_an_unreadable_or_older_index_is_rebuilt(tmp_path: Path) -> None:
    d = tmp_path / "bm25"
    idx = _full(d, _docs(5, seed=1))
    idx.save()
    (d / "base.npz").write_bytes(b"not numpy")
    assert LexicalIndex.load(d).generation == -1
    (d / "state.json").write_text('{"generation": 3, "analyzer": 2}')  # bm25s's files
    assert LexicalIndex.load(d).generation == -1


def test_a_full_rebuild_is_due_past_a_fifth_of_the_base(tmp_path: Path) -> None:
    docs = _docs(40, seed=2)
    idx = _full(tmp_path, docs[:20])
    assert not idx.needs_rebuild([d[0] for d in docs[20:24]])  # 4 of 20
    assert idx.needs_rebuild([d[0] for d in docs[20:25]])  # 5 of 20
    idx = idx.updated([docs[0][0], docs[1][0]], _added(docs[20:22]), generation=2)
    assert idx.touched() == 4
    assert idx.touched([docs[0][0], docs[22][0]]) == 5  # one already counted
    assert idx.needs_rebuild([docs[0][0]]) is False
    assert idx.needs_rebuild([docs[22][0]]) is True
