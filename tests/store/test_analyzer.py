"""Norwegian analysis: stems for inflection, vocabulary-checked compound parts."""

from __future__ import annotations

from assistant.search import rrf
from assistant.store.analyzer import Analyzer, split_compound, stem_tokens
from assistant.store.chroma import to_where
from assistant.store.filters import Filter, MetaColumns


def test_inflected_forms_share_a_stem() -> None:
    assert stem_tokens("søknadsfristen")[0] == stem_tokens("søknadsfrist")[0]
    assert stem_tokens("kommunene")[0] == stem_tokens("kommune")[0]
    assert stem_tokens("og det er i") == []  # function words are dropped


def test_compounds_split_against_the_vocabulary() -> None:
    vocab = set(stem_tokens("egenfinansiering krav rapportering frist"))
    assert split_compound("egenfinansieringskravet", vocab) == stem_tokens("egenfinansiering krav")
    assert split_compound("rapporteringsfristen", vocab) == stem_tokens("rapportering frist")
    assert split_compound("kommunestyret", vocab) == []  # parts unknown: no split
    toks = Analyzer(vocab)("Egenfinansieringskravet")
    assert stem_tokens("egenfinansiering")[0] in toks and stem_tokens("krav")[0] in toks


def test_rrf_rewards_agreement() -> None:
    fused = rrf({"bm25": ["a", "b", "c"], "dense": ["b", "a", "d"]}, {"bm25": 1, "dense": 1}, 60)
    order = [i for i, _, _ in fused]
    assert set(order[:2]) == {"a", "b"} and order[-1] in {"c", "d"}
    weighted = rrf({"bm25": ["a"], "dense": ["b"]}, {"bm25": 1.0, "dense": 2.0}, 60)
    assert weighted[0][0] == "b"


def test_filters_translate_to_both_backends() -> None:
    f = Filter().one_of("year", [2025, 0]).eq("kind", "guideline").range("amount", gte=100)
    assert to_where(f) == {
        "$and": [
            {"year": {"$in": [2025, 0]}},
            {"kind": {"$eq": "guideline"}},
            {"amount": {"$gte": 100}},
        ]
    }
    metas = [
        {"year": 2025, "kind": "guideline", "amount": 150},
        {"year": 0, "kind": "guideline", "amount": 50},
        {"year": 2021, "kind": "guideline", "amount": 500},
        {"year": 2025, "kind": "faq"},
    ]
    assert MetaColumns(metas).mask(f).tolist() == [True, False, False, False]


def test_inflections_that_one_snowball_pass_leaves_apart() -> None:
    assert stem_tokens("telefonnummeret") == stem_tokens("telefonnummer")


def test_a_stale_analyzer_version_forces_a_rebuild(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from assistant.store.lexical import LexicalIndex

    idx = LexicalIndex(tmp_path / "bm25")
    idx.build(["a"], ["Søknadsfristen er 20. juni."], [{}], generation=7)
    idx.save()
    assert LexicalIndex.load(tmp_path / "bm25").generation == 7
    state = json.loads((tmp_path / "bm25" / "state.json").read_text())
    state["analyzer"] = 1
    (tmp_path / "bm25" / "state.json").write_text(json.dumps(state))
    assert LexicalIndex.load(tmp_path / "bm25").generation == -1  # caller rebuilds
