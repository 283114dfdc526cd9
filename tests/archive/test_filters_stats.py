"""Filters in the query (all three modes) and figures to the krone, against hand-computed values."""

from __future__ import annotations

import pytest

from assistant.archive import ProjectFilters, similar, stats, stats_report
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
    dense = {h.id for h in similar(loaded, Q, k=10, filters=filters, mode="dense")}
    hybrid = {h.id for h in similar(loaded, Q, k=10, filters=filters, mode="hybrid")}
    bm25 = {h.id for h in similar(loaded, Q, k=10, filters=filters, mode="bm25")}
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
    hits = [
        h.public() for h in similar(loaded, "Velferdsteknologi i Malvik for pleie og omsorg", k=5)
    ]
    by_id = {h["id"]: h for h in hits}
    assert by_id["a1"]["why"] == [
        "felles sektor: Pleie og omsorg",
        "felles ord: velferdsteknologi",
        "samme kommune: Malvik",
    ]
    # Hamar/Stange are in Innlandet, Malvik in Trøndelag: no region reason for c3
    assert not any(w.startswith(("samme kommune", "samme region")) for w in by_id["c3"]["why"])
    hits = [h.public() for h in similar(loaded, "Velferdsteknologi i Trondheim", k=5)]
    e5 = next(h for h in hits if h["id"] == "e5")
    assert "samme region: Trøndelag" in e5["why"]


def _row(gruppe, antall, søkt, tildelt, rapportert):  # type: ignore[no-untyped-def]
    """A figures row; each amount is (sum over the known ones or None, how many are known)."""
    return {
        "gruppe": gruppe,
        "antall": antall,
        "søkt_beløp": søkt[0],
        "søkt_kjent": søkt[1],
        "tildelt_beløp": tildelt[0],
        "tildelt_kjent": tildelt[1],
        "rapportert_beløp": rapportert[0],
        "rapportert_kjent": rapportert[1],
    }


def test_stats_by_year_to_the_krone(loaded) -> None:  # type: ignore[no-untyped-def]
    assert stats(loaded, by="år") == [
        _row(2018, 1, (1_000_000, 1), (600_000, 1), (550_000, 1)),
        # b2 has no reported amount: unknown, not 0 kr
        _row(2019, 1, (800_000, 1), (400_000, 1), (None, 0)),
        _row(2020, 1, (2_500_000, 1), (1_600_000, 1), (1_234_567, 1)),
        # d4 has no granted or reported amount: the sums cover e5 only, and say so
        _row(2021, 2, (1_050_001, 2), (750_000, 1), (333_333, 1)),
    ]


def test_stats_report_total_counts_known_amounts(loaded) -> None:  # type: ignore[no-untyped-def]
    report = stats_report(loaded, "sektor")
    assert report["total"] == {
        "antall": 5,
        "søkt_beløp": 5_350_001,
        "søkt_kjent": 5,
        "tildelt_beløp": 3_350_000,
        "tildelt_kjent": 4,
        "rapportert_beløp": 2_117_900,
        "rapportert_kjent": 3,
    }
    # a group whose amounts are all unknown has no sum at all
    oppvekst = next(g for g in report["groups"] if g["gruppe"] == "Oppvekst")
    assert (oppvekst["tildelt_beløp"], oppvekst["tildelt_kjent"]) == (None, 0)


def test_stats_report_follows_the_search_filters_and_query(loaded) -> None:  # type: ignore[no-untyped-def]
    from assistant.archive import browse

    f = ProjectFilters(municipality="Hamar")
    total, rows = browse(loaded, f)
    report = stats_report(loaded, "år", f)
    assert total == report["total"]["antall"] == 2
    assert [g["gruppe"] for g in report["groups"]] == [2020, 2021]
    assert report["total"]["tildelt_beløp"] == 1_600_000
    assert report["total"]["tildelt_kjent"] == 1  # d4 (Hamar, 2021) has no granted amount
    # with a query: exactly the k hits the search lists
    hits = [h.public() for h in similar(loaded, Q, k=2, filters=ProjectFilters(from_year=2019))]
    report = stats_report(loaded, "år", ProjectFilters(from_year=2019), Q, k=2)
    assert report["total"]["antall"] == len(hits) == 2
    assert report["query"] == Q
    hit_years = sorted({h["år"] for h in hits})
    assert [g["gruppe"] for g in report["groups"]] == hit_years
    with pytest.raises(InputError, match="sektoren «Helse»"):
        stats_report(loaded, "år", ProjectFilters(sector="Helse"))


def test_stats_by_sector_counts_multi_sector_projects_in_each(loaded) -> None:  # type: ignore[no-untyped-def]
    rows = {r["gruppe"]: r for r in stats(loaded, by="sektor")}
    assert rows["Pleie og omsorg"] == _row(
        "Pleie og omsorg", 2, (3_500_000, 2), (2_200_000, 2), (1_784_567, 2)
    )
    assert rows["Kommunehelse"]["antall"] == 2
    assert (rows["Kommunehelse"]["søkt_beløp"], rows["Kommunehelse"]["rapportert_beløp"]) == (
        1_750_000,
        883_333,
    )
    assert rows["Oppvekst"]["søkt_beløp"] == 300_001 and rows["Oppvekst"]["tildelt_beløp"] is None
    assert sum(r["antall"] for r in rows.values()) == 7  # 5 projects, two with two sectors


def test_stats_by_municipality_embete_status_and_years(loaded) -> None:  # type: ignore[no-untyped-def]
    kom = {r["gruppe"]: r for r in stats(loaded, by="kommune")}
    assert kom["Hamar"] == _row("Hamar", 2, (2_800_001, 2), (1_600_000, 1), (1_234_567, 1))
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

    arch = archive_for(loaded)
    vec = loaded.embedder.embed_query(Q)
    for filters, _ in CASES:
        spec = resolve_filters(arch, filters)
        ours = arch.dense().search(vec, 10, arch.lexical.columns.mask(spec))
        chroma = arch.store.query(vec, 10, where=spec)
        assert [i for i, _ in ours] == [i for i, _ in chroma]
        assert [round(s, 4) for _, s in ours] == [round(s, 4) for _, s in chroma]
