"""Filters in the query (all three modes) and figures to the krone, against hand-computed values."""

from __future__ import annotations

import pytest

from assistant.archive import ProjectFilters, similar, stats
from assistant.errors import InputError

Q = "velferdsteknologi"

CASES = [
    (ProjectFilters(sector="pleie og omsorg"), {"a1", "c3"}),
    (ProjectFilters(municipality="Malvik"), {"a1", "e5"}),
    (ProjectFilters(from_year=2019, to_year=2020), {"b2", "c3"}),
    (ProjectFilters(from_year=2021), {"d4", "e5"}),
    (ProjectFilters(min_amount=700_000), {"c3", "e5"}),  # tildelt, else søkt
    (ProjectFilters(max_amount=600_000), {"a1", "b2", "d4"}),
    (ProjectFilters(embete="innlandet"), {"c3", "d4"}),
    (ProjectFilters(status="FULLFØRT"), {"a1", "c3"}),
    (ProjectFilters(sector="Kommunehelse", from_year=2020), {"e5"}),
    (ProjectFilters(municipality="Hamar", max_amount=300_001), {"d4"}),
]


@pytest.mark.parametrize(("filters", "expected"), CASES)
def test_filters_apply_inside_every_retriever(loaded, filters, expected) -> None:  # type: ignore[no-untyped-def]
    dense = {h["id"] for h in similar(loaded, Q, k=10, filters=filters, mode="dense")}
    hybrid = {h["id"] for h in similar(loaded, Q, k=10, filters=filters, mode="hybrid")}
    bm25 = {h["id"] for h in similar(loaded, Q, k=10, filters=filters, mode="bm25")}
    assert dense == expected  # the dense query ranks exactly the matching projects
    assert hybrid == expected
    assert bm25 <= expected  # BM25 only returns projects that contain a query term
    with_term = {"a1", "c3", "e5"} & expected
    assert bm25 == with_term


def test_unknown_filter_values_name_the_known_ones(loaded) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="sektoren «Helse».*Kommunehelse"):
        similar(loaded, Q, filters=ProjectFilters(sector="Helse"))
    with pytest.raises(InputError, match="kommunen «Oslo»"):
        similar(loaded, Q, filters=ProjectFilters(municipality="Oslo"))
    with pytest.raises(InputError, match="Fra-år 2022 er etter til-år 2020"):
        similar(loaded, Q, filters=ProjectFilters(from_year=2022, to_year=2020))
    with pytest.raises(InputError, match="Minste beløp"):
        similar(loaded, Q, filters=ProjectFilters(min_amount=2, max_amount=1))


def test_why_reasons(loaded) -> None:  # type: ignore[no-untyped-def]
    hits = similar(loaded, "Velferdsteknologi i Malvik for pleie og omsorg", k=5)
    by_id = {h["id"]: h for h in hits}
    assert by_id["a1"]["why"] == [
        "felles sektor: Pleie og omsorg",
        "felles ord: velferdsteknologi",
        "samme kommune: Malvik",
    ]
    # Hamar/Stange are in Innlandet, Malvik in Trøndelag: no region reason for c3
    assert not any(w.startswith(("samme kommune", "samme region")) for w in by_id["c3"]["why"])
    hits = similar(loaded, "Velferdsteknologi i Trondheim", k=5)
    e5 = next(h for h in hits if h["id"] == "e5")
    assert "samme region: Trøndelag" in e5["why"]


def test_stats_by_year_to_the_krone(loaded) -> None:  # type: ignore[no-untyped-def]
    assert stats(loaded, by="år") == [
        {
            "gruppe": 2018,
            "antall": 1,
            "søkt_beløp": 1_000_000,
            "tildelt_beløp": 600_000,
            "rapportert_beløp": 550_000,
        },
        {
            "gruppe": 2019,
            "antall": 1,
            "søkt_beløp": 800_000,
            "tildelt_beløp": 400_000,
            "rapportert_beløp": 0,
        },
        {
            "gruppe": 2020,
            "antall": 1,
            "søkt_beløp": 2_500_000,
            "tildelt_beløp": 1_600_000,
            "rapportert_beløp": 1_234_567,
        },
        {
            "gruppe": 2021,
            "antall": 2,
            "søkt_beløp": 1_050_001,
            "tildelt_beløp": 750_000,
            "rapportert_beløp": 333_333,
        },
    ]


def test_stats_by_sector_counts_multi_sector_projects_in_each(loaded) -> None:  # type: ignore[no-untyped-def]
    rows = {r["gruppe"]: r for r in stats(loaded, by="sektor")}
    assert rows["Pleie og omsorg"] == {
        "gruppe": "Pleie og omsorg",
        "antall": 2,
        "søkt_beløp": 3_500_000,
        "tildelt_beløp": 2_200_000,
        "rapportert_beløp": 1_784_567,
    }
    assert rows["Kommunehelse"]["antall"] == 2
    assert (rows["Kommunehelse"]["søkt_beløp"], rows["Kommunehelse"]["rapportert_beløp"]) == (
        1_750_000,
        883_333,
    )
    assert rows["Oppvekst"]["søkt_beløp"] == 300_001 and rows["Oppvekst"]["tildelt_beløp"] == 0
    assert sum(r["antall"] for r in rows.values()) == 7  # 5 projects, two with two sectors


def test_stats_by_municipality_embete_status_and_years(loaded) -> None:  # type: ignore[no-untyped-def]
    kom = {r["gruppe"]: r for r in stats(loaded, by="kommune")}
    assert kom["Hamar"] == {
        "gruppe": "Hamar",
        "antall": 2,
        "søkt_beløp": 2_800_001,
        "tildelt_beløp": 1_600_000,
        "rapportert_beløp": 1_234_567,
    }
    assert sorted(kom) == ["Hamar", "Malvik", "Melhus", "Stange", "Trondheim"]
    emb = {r["gruppe"]: r for r in stats(loaded, by="embete")}
    assert emb["Statsforvalteren i Trøndelag"]["søkt_beløp"] == 2_550_000
    assert emb["Statsforvalteren i Trøndelag"]["tildelt_beløp"] == 1_750_000
    st = {r["gruppe"]: r["antall"] for r in stats(loaded, by="status")}
    assert st == {"Aktiv": 2, "Avslått": 1, "Fullført": 2}
    assert [r["gruppe"] for r in stats(loaded, by="år", from_year=2020)] == [2020, 2021]
    assert [r["gruppe"] for r in stats(loaded, by="sektor", from_year=2021, to_year=2021)] == [
        "Kommunehelse",
        "Oppvekst",
        "Samfunnssikkerhet og beredskap",
    ]


def test_dense_filtered_search_matches_chroma_where(loaded) -> None:  # type: ignore[no-untyped-def]
    from assistant.archive import archive_for
    from assistant.archive.search import resolve_filters
    from assistant.store.filters import to_where

    arch = archive_for(loaded)
    vec = loaded.embedder.embed_query(Q)
    for filters, _ in CASES:
        spec = resolve_filters(arch, filters)
        ours = arch.dense().search(vec, 10, arch.lexical.columns.mask(spec))
        chroma = arch.store.query(vec, 10, where=to_where(spec))
        assert [i for i, _ in ours] == [i for i, _ in chroma]
        assert [round(s, 4) for _, s in ours] == [round(s, 4) for _, s in chroma]
