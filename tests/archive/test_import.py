"""Import: every file format and bad-row case, idempotency, changed rows, dry run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.archive import archive_for, import_files, show
from assistant.archive.fields import project_text
from tests.archive.conftest import RECORDS, write_jsonl

HEADER = "År,Tittel,Sektorer,Kommuner,Søkt beløp,Rapportert beløp,Status\r\n"


def _vector(services, pid: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    got = archive_for(services).store._col.get(ids=[pid], include=["embeddings"])
    return np.asarray(got["embeddings"][0])


def test_windows_1252_csv(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = HEADER + (
        '2017,Connected Living i Gjøvikregionen,"Helse kommunen, Kommunehelse, Pleie og omsorg",'
        '"Gjøvik, Nordre Land, Søndre Land, Vestre Toten, Østre Toten",1 100 000 kr,600 000,Aktiv\r\n'
        "2018,Askeprogrammet – kollektiv sykkel og gange,"
        '"Arbeid; Samferdsel og framkomst",Asker,1.000.000,"1,0 mill.",Fullført\r\n'
    )
    path = tmp_path / "arkiv.csv"
    path.write_bytes(text.encode("cp1252"))
    report = import_files(services, [path])
    assert report.failed == 0
    assert report.total("new") == 2
    recs = archive_for(services).db.get_many(list(archive_for(services).db.all_ids()))
    by_title = {r["tittel"]: r for r in recs.values()}
    cl = by_title["Connected Living i Gjøvikregionen"]
    assert cl["kommuner"] == ["Gjøvik", "Nordre Land", "Søndre Land", "Vestre Toten", "Østre Toten"]
    assert cl["sektorer"] == ["Helse kommunen", "Kommunehelse", "Pleie og omsorg"]
    assert (cl["søkt_beløp"], cl["rapportert_beløp"], cl["status"]) == (1_100_000, 600_000, "Aktiv")
    aske = by_title["Askeprogrammet – kollektiv sykkel og gange"]
    assert aske["sektorer"] == ["Arbeid", "Samferdsel og framkomst"]
    assert (aske["søkt_beløp"], aske["rapportert_beløp"]) == (1_000_000, 1_000_000)


def test_semicolon_csv_with_bom_and_odd_headers(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        " ÅR ;tittel;  Sektorer ;KOMMUNER;Søkt  beløp;Rapportert beløp;Status;Embete;Tildelt beløp;Stjerne\n"
        "2019;Digi Viken Øst;Administrasjon og styring;Sarpsborg, Fredrikstad;1 600 000;;Aktiv;"
        "Statsforvalteren i Oslo og Viken;1,6 mill.;ja\n"
    )
    path = tmp_path / "arkiv.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = import_files(services, [path])
    assert report.failed == 0 and report.total("new") == 1
    rec = next(
        iter(archive_for(services).db.get_many(list(archive_for(services).db.all_ids())).values())
    )
    assert rec["år"] == 2019 and rec["tittel"] == "Digi Viken Øst"
    assert rec["kommuner"] == ["Sarpsborg", "Fredrikstad"]
    assert rec["tildelt_beløp"] == 1_600_000 and rec["rapportert_beløp"] is None
    assert rec["stjerne"] is True and rec["embete"] == "Statsforvalteren i Oslo og Viken"


def test_tab_separated(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "År\tTittel\tSektorer\tKommuner\tSøkt beløp\tRapportert beløp\tStatus\n"
        "2020\tSmartKom innovasjon\tAdministrasjon og styring\tRåde;Hvaler\t1 000 000\t\tAktiv\n"
    )
    path = tmp_path / "arkiv.tsv.csv"
    path.write_text(text, encoding="utf-8")
    report = import_files(services, [path])
    assert report.failed == 0 and report.total("new") == 1


def test_broken_rows_reported_with_line_numbers(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "År;Tittel;Sektorer;Kommuner;Søkt beløp;Rapportert beløp;Status\n"
        "2018;God rad;Kultur;Molde;100 000;;Aktiv\n"
        "2018;;Kultur;Molde;100 000;;Aktiv\n"
        "2018;Feil beløp;Kultur;Molde;mange penger;;Aktiv\n"
        "2018;For få felt;Kultur\n"
        "20x8;Feil år;Kultur;Molde;100 000;;Aktiv\n"
        "2019;Også god;Oppvekst;Aukra;200 000;50 000;Fullført\n"
    )
    path = tmp_path / "brutt.csv"
    path.write_text(text, encoding="utf-8")
    report = import_files(services, [path])
    assert report.files[0].errors == [
        "linje 3: mangler tittel",
        "linje 4: ugyldig beløp «mange penger»",
        "linje 5: 3 felt, ventet 7",
        "linje 6: ugyldig år «20x8»",
    ]
    assert report.failed == 4
    assert report.total("new") == 2
    assert archive_for(services).db.count() == 2
    assert archive_for(services).store.count() == 2


def test_json_list_and_jsonl_with_bad_line(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    j = tmp_path / "liste.json"
    j.write_text(json.dumps(RECORDS[:2], ensure_ascii=False), encoding="utf-8")
    jl = tmp_path / "poster.jsonl"
    jl.write_text(
        json.dumps(RECORDS[2], ensure_ascii=False)
        + "\n{ikke json\n"
        + json.dumps({"år": 2020, "kommuner": ["Hamar"]})
        + "\n",
        encoding="utf-8",
    )
    report = import_files(services, [j, jl])
    assert report.files[0].new == 2 and report.files[0].errors == []
    assert report.files[1].new == 1
    errors = report.files[1].errors
    assert [e.split(" (")[0] for e in errors] == [
        "linje 2: ugyldig JSON",
        "linje 3: mangler tittel",
    ]
    assert archive_for(services).db.count() == 3


def test_missing_and_unknown_files(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "notat.txt"
    other.write_text("hei", encoding="utf-8")
    report = import_files(services, [tmp_path / "finnes-ikke.csv", other])
    assert report.files[0].errors == ["filen finnes ikke"]
    assert report.files[1].errors == ["ukjent filtype «.txt»: bruk .json, .jsonl eller .csv"]
    assert report.failed == 2


def test_reimport_changes_nothing(services, records_file: Path) -> None:  # type: ignore[no-untyped-def]
    import_files(services, [records_file])
    arch = archive_for(services)
    gen = arch.store.generation
    vec = _vector(services, "c3")
    again = import_files(services, [records_file])
    assert (again.total("new"), again.total("changed"), again.total("unchanged")) == (0, 0, 5)
    assert again.embedded == 0
    assert arch.store.generation == gen  # nothing written, BM25 stays valid
    assert arch.db.count() == arch.store.count() == 5
    assert np.array_equal(_vector(services, "c3"), vec)


def test_hash_id_is_stable(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rec = {"år": 2020, "tittel": "Uten id", "kommuner": ["Hitra"], "sektorer": ["Kommunehelse"]}
    path = write_jsonl(tmp_path / "uten-id.jsonl", [rec])
    first = import_files(services, [path])
    second = import_files(services, [path])
    assert first.total("new") == 1 and second.total("unchanged") == 1
    (pid,) = archive_for(services).db.all_ids()
    assert pid.startswith("p-")


def test_changed_row_updates_record_and_vector(loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    arch = archive_for(loaded)
    before = _vector(loaded, "c3")
    changed = [dict(r) for r in RECORDS]
    changed[2]["beskrivelse"] = "Kunstig intelligens varsler fall hos beboere med demens."
    changed[2]["rapportert_beløp"] = 1_500_000
    report = import_files(loaded, [write_jsonl(tmp_path / "ny.jsonl", changed)])
    assert (report.total("changed"), report.total("unchanged")) == (1, 4)
    assert report.embedded == 1
    rec = show(loaded, "c3")
    assert rec is not None and rec["rapportert_beløp"] == 1_500_000
    after = _vector(loaded, "c3")
    assert not np.allclose(before, after)
    expected = loaded.embedder.embed_passages([project_text(changed[2])])[0]
    assert np.allclose(after, expected, atol=1e-6)
    hits = arch.lexical.search("demens", 5)
    assert [i for i, _ in hits] == ["c3"]  # BM25 rebuilt from the new text


def test_dry_run_writes_nothing(services, records_file: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_files(services, [records_file], dry_run=True)
    assert report.dry_run and report.total("new") == 5
    assert "prøvekjøring" in report.summary()
    arch = archive_for(services)
    assert arch.db.count() == 0 and arch.store.count() == 0


def test_reconcile_repairs_missing_vectors(loaded, records_file: Path) -> None:  # type: ignore[no-untyped-def]
    arch = archive_for(loaded)
    arch.store.delete(["a1"])  # e.g. the collection was reset behind our back
    report = import_files(loaded, [records_file])
    assert report.total("unchanged") == 5
    assert arch.store.count() == 5
