"""Real Norwegian municipality names by county (2024 counties), for regions and synthetic data.

A county with a region file (``corpus/regions/*.yaml``, the round registry's) takes its
municipalities from there; the configured registry's regions (an operator's own county) are
consulted first when a caller passes it.

Not every municipality is listed: enough for "same region" reasons and for realistic
synthetic records. Former municipalities that appear in the public archive (Molde's
neighbours before the 2020 mergers, Meland, Lindås, Ski, Oppegård, ...) map to the county
they belong to today.
"""

from __future__ import annotations

from functools import cache

from assistant.rounds import Registry, load_registry
from assistant.settings import BUNDLED_CORPUS

COUNTIES: dict[str, tuple[str, ...]] = {
    "Østfold": (
        "Fredrikstad",
        "Sarpsborg",
        "Halden",
        "Moss",
        "Indre Østfold",
        "Råde",
        "Hvaler",
        "Aremark",
        "Marker",
        "Rakkestad",
        "Skiptvet",
        "Våler",
    ),
    "Akershus": (
        "Asker",
        "Bærum",
        "Lillestrøm",
        "Lørenskog",
        "Nordre Follo",
        "Ullensaker",
        "Nittedal",
        "Nannestad",
        "Eidsvoll",
        "Nesodden",
        "Frogn",
        "Vestby",
        "Ås",
        "Aurskog-Høland",
        "Enebakk",
        "Gjerdrum",
        "Hurdal",
        "Nes",
        "Rælingen",
        "Lunner",
        "Jevnaker",
    ),
    "Oslo": ("Oslo",),
    "Buskerud": (
        "Drammen",
        "Kongsberg",
        "Ringerike",
        "Lier",
        "Øvre Eiker",
        "Modum",
        "Hole",
        "Flå",
        "Nesbyen",
        "Gol",
        "Hemsedal",
        "Ål",
        "Hol",
        "Sigdal",
        "Krødsherad",
        "Flesberg",
        "Rollag",
        "Nore og Uvdal",
    ),
    "Innlandet": (
        "Hamar",
        "Lillehammer",
        "Gjøvik",
        "Ringsaker",
        "Stange",
        "Elverum",
        "Kongsvinger",
        "Vågå",
        "Lom",
        "Skjåk",
        "Sel",
        "Dovre",
        "Lesja",
        "Gausdal",
        "Øyer",
        "Nordre Land",
        "Søndre Land",
        "Vestre Toten",
        "Østre Toten",
        "Gran",
        "Tynset",
        "Trysil",
    ),
    "Vestfold": ("Tønsberg", "Sandefjord", "Larvik", "Horten", "Holmestrand", "Færder"),
    "Telemark": (
        "Skien",
        "Porsgrunn",
        "Bamble",
        "Notodden",
        "Kragerø",
        "Vinje",
        "Tinn",
        "Midt-Telemark",
        "Seljord",
        "Kviteseid",
    ),
    "Agder": (
        "Kristiansand",
        "Arendal",
        "Grimstad",
        "Lillesand",
        "Lindesnes",
        "Farsund",
        "Flekkefjord",
        "Vennesla",
        "Risør",
        "Tvedestrand",
        "Valle",
        "Bykle",
        "Lyngdal",
        "Evje og Hornnes",
    ),
    "Rogaland": (
        "Stavanger",
        "Sandnes",
        "Haugesund",
        "Sola",
        "Randaberg",
        "Klepp",
        "Time",
        "Hå",
        "Eigersund",
        "Strand",
        "Karmøy",
        "Tysvær",
        "Vindafjord",
        "Suldal",
        "Sauda",
        "Hjelmeland",
    ),
    "Vestland": (
        "Bergen",
        "Bjørnafjorden",
        "Alver",
        "Askøy",
        "Øygarden",
        "Voss",
        "Stord",
        "Kvinnherad",
        "Sunnfjord",
        "Kinn",
        "Stad",
        "Sogndal",
        "Luster",
        "Årdal",
        "Lærdal",
        "Aurland",
        "Gloppen",
        "Ullensvang",
    ),
    "Møre og Romsdal": (
        "Ålesund",
        "Molde",
        "Kristiansund",
        "Volda",
        "Ørsta",
        "Hustadvika",
        "Aukra",
        "Rauma",
        "Vestnes",
        "Sunndal",
        "Surnadal",
        "Gjemnes",
        "Averøy",
        "Tingvoll",
        "Smøla",
        "Aure",
        "Stranda",
        "Fjord",
        "Herøy",
        "Ulstein",
        "Hareid",
        "Sula",
        "Giske",
        "Sykkylven",
        "Vanylven",
        "Sande",
    ),
    "Nordland": (
        "Bodø",
        "Narvik",
        "Rana",
        "Vefsn",
        "Alstahaug",
        "Brønnøy",
        "Vågan",
        "Vestvågøy",
        "Hadsel",
        "Sortland",
        "Fauske",
        "Saltdal",
        "Meløy",
        "Steigen",
        "Lødingen",
        "Andøy",
        "Øksnes",
        "Bø",
        "Hemnes",
        "Rødøy",
    ),
    "Troms": (
        "Tromsø",
        "Harstad",
        "Senja",
        "Målselv",
        "Bardu",
        "Balsfjord",
        "Lyngen",
        "Storfjord",
        "Kåfjord",
        "Skjervøy",
        "Nordreisa",
        "Kvænangen",
        "Karlsøy",
        "Ibestad",
        "Salangen",
        "Lavangen",
        "Dyrøy",
        "Sørreisa",
        "Gratangen",
    ),
    "Finnmark": (
        "Alta",
        "Hammerfest",
        "Vadsø",
        "Sør-Varanger",
        "Vardø",
        "Karasjok",
        "Kautokeino",
        "Porsanger",
        "Nordkapp",
        "Tana",
        "Nesseby",
        "Lebesby",
        "Gamvik",
        "Berlevåg",
        "Båtsfjord",
        "Hasvik",
        "Loppa",
        "Måsøy",
    ),
}


def _region_files() -> dict[str, tuple[str, ...]]:
    """Counties with a region file in the bundled corpus (regions/*.yaml): their lists win."""
    reg = load_registry([BUNDLED_CORPUS.resolve()], strict=False)
    return {r.name: r.municipalities for r in reg.regions.values()}


def _region_former() -> dict[str, str]:
    reg = load_registry([BUNDLED_CORPUS.resolve()], strict=False)
    return {n: r.name for r in reg.regions.values() for n in r.former}


COUNTIES.update(_region_files())

# Former municipalities and regional names seen in the archive, mapped to today's county.
_FORMER = {
    "Eide": "Møre og Romsdal",
    "Fræna": "Møre og Romsdal",
    "Midsund": "Møre og Romsdal",
    "Nesset": "Møre og Romsdal",
    "Meland": "Vestland",
    "Lindås": "Vestland",
    "Ski": "Akershus",
    "Oppegård": "Akershus",
    "Vest-Agder": "Agder",
    "Aust-Agder": "Agder",
    "Indre Namdal": "Trøndelag",
    "Alle kommuner i Trøndelag": "Trøndelag",
    "Værnesregionen": "Trøndelag",
    "Gjøvikregionen": "Innlandet",
}

# Old county names used in embete names ("Fylkesmannen i Oppland") → today's county.
_OLD_COUNTIES = {
    "oppland": "Innlandet",
    "hedmark": "Innlandet",
    "hordaland": "Vestland",
    "sogn og fjordane": "Vestland",
    "nord-trøndelag": "Trøndelag",
    "sør-trøndelag": "Trøndelag",
    "oslo og akershus": "Akershus",
    "oslo og viken": "Akershus",
    "viken": "Akershus",
    "vest-agder": "Agder",
    "aust-agder": "Agder",
    "troms og finnmark": "Troms",
    "vestfold og telemark": "Vestfold",
}


@cache
def _municipality_county() -> dict[str, str]:
    out = {m.lower(): c for c, ms in COUNTIES.items() for m in ms}
    out.update({m.lower(): c for m, c in _FORMER.items()})
    out.update({m.lower(): c for m, c in _region_former().items()})
    return out


def county_of(municipality: str, places: Registry | None = None) -> str | None:
    """Today's county of a municipality name (case-insensitive), or None when unknown; the
    region files of ``places`` (the configured round registry) come first."""
    if places is not None:
        region = places.region_of(municipality)
        if region is not None:
            return region.name
    return _municipality_county().get(municipality.strip().lower())


def county_of_embete(embete: str | None) -> str | None:
    """ "Statsforvalteren i Trøndelag" → "Trøndelag"; old county names map to today's."""
    if not embete:
        return None
    low = embete.strip().lower()
    for prefix in ("statsforvalteren i ", "fylkesmannen i "):
        if low.startswith(prefix):
            low = low[len(prefix) :]
            break
    for county in COUNTIES:
        if county.lower() == low:
            return county
    return _OLD_COUNTIES.get(low)


def regions_of(
    municipalities: list[str], embete: str | None = None, places: Registry | None = None
) -> set[str]:
    """Counties of the listed municipalities; the embete's county when none is known."""
    out = {c for c in (county_of(m, places) for m in municipalities) if c}
    if not out:
        c = county_of_embete(embete)
        if c:
            out.add(c)
    return out
