"""Ranking the sentence units of the retrieved passages for one question part.

Each unit gets features (dense similarity, idf-weighted coverage of the question's own
words and of the carried ones, whether it holds a value of the asked kind, round fit) and a
score. Table rows are units too: their cells are reordered so the asked cell comes first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.questions import QType
from assistant.answer.scoring import Group, TermStats, dense_norm
from assistant.answer.sentences import (
    Unit,
    amounts_in,
    counts_in,
    dates_in,
    is_gap,
    split_units,
    years_mentioned,
)
from assistant.answer.years import grant_years
from assistant.models import Hit
from assistant.readers.tables import Row

# words that point at a table column (question word → header word)
_CELL_SYNONYMS = {
    "innvilget": ("innvilget", "tildelt", "fikk", "tilskudd", "penger", "støtte"),
    "tildelt": ("tildelt", "fikk", "tildelte", "fordelt", "innvilget", "penger", "tilskudd"),
    "søkt": ("søkt", "søkte", "søknadsbeløp", "søkt om", "søkte om"),
    "søknader": ("søknader", "søknad", "søkte", "søkt", "kom inn"),
    "søknadsfrist": ("søknadsfrist", "frist", "fristen", "søke", "søknad", "søknadsfristen"),
    "rapporteringsfrist": ("rapporteringsfrist", "rapport", "rapportere", "rapportering"),
    "2019": ("2019",),
    "2020, avsatt": ("2020", "avsatt"),
    "status 2020": ("2020", "status", "beløp", "mye"),
    "metode og frist": ("metode", "frist", "søke", "skjema", "hvordan"),
}


@dataclass
class PartQuery:
    """What one part of the question asks, for ranking."""

    text: str  # the part's own words (bokmål)
    query: str  # with carried context, for retrieval
    qtype: QType
    year: int | None
    pinned: bool
    is_round: bool
    compare: list[int] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)  # the user's words and their terms
    intent: str = ""  # "diff": what changed / is new; "define": what a term means
    term: str = ""  # the term a "define" question asks about
    foreign_ok: bool = False  # the question names another county: its practice may answer
    own_query: str = ""  # a later part's own words (without those of the parts before it)


_NOVEL = re.compile(
    r"\b(i tillegg|mot bare|mot\b|mens|ikke var nevnt|endret|endringene|flyttet|tydeligere|"
    r"eget punkt|tydelig at|annerledes|nye vurderingsmomenter|nytt i|en ny)\b",
    re.I,
)
_SAME = re.compile(r"\b(samme|både|likt|like)\b", re.I)
_DEFINES = re.compile(r"\b(betyr|handler om|er|innebærer|kalles|menes)\b", re.I)

FOREIGN = "Andre fylker"  # region of the documents about other counties

_FINDERS = {"date": dates_in, "amount": amounts_in, "count": counts_in}


def finder_for(qtype: QType) -> Any:
    return _FINDERS.get(qtype)


def unit_value(qtype: QType, text: str) -> bool:
    finder = _FINDERS.get(qtype)
    return bool(finder(text)) if finder else False


def value_after_term(
    qtype: QType, text: str, focus: dict[str, float], groups: list[Group], stats: TermStats
) -> bool:
    """The first value of the asked kind comes after a word of the question ("fristen …
    var 20. juni"), not before it ("… 1. juni …, mens søknadsfristen var 20. juni")."""
    finder = _FINDERS.get(qtype)
    if finder is None:
        return True
    values = finder(text)
    if not values:
        return False
    first = text.find(values[0])
    if not focus:
        return True
    top = max(focus.values())
    strong = {s for s, w in focus.items() if w >= 0.5 * top and not s.isdigit()}
    wanted = strong | {a for g in groups for a in g.alts}
    before = re.findall(r"\w+", text[: max(first, 0)])[-8:]  # the words just before it
    return any(stats.stems(w) & wanted for w in before)


def make_units(hits: list[Hit], qtype: QType, question: str, stats: TermStats) -> list[Unit]:
    units: list[Unit] = []
    for ci, h in enumerate(hits):
        row_json = h.meta.get("table_row")
        if row_json:
            row = Row.from_json(str(row_json))
            order = cell_order(row, question, qtype, stats)
            u = Unit(row.sentence(order), ci, 0)
            u.features["row"] = 1.0
            units.append(u)
            continue
        units.extend(Unit(t, ci, oi) for oi, t in enumerate(split_units(h.text)))
    return units


def cell_order(row: Row, question: str, qtype: QType, stats: TermStats) -> list[int]:
    """The cells the question points at, best first; all cells (in order) when it points at
    none. A row answers with what was asked, not with every column."""
    q = question.lower()
    qstems = stats.stems(question)

    def relevance(i: int) -> float:
        c = row.cells[i]
        h = c.header.lower()
        score = 0.0
        words = _CELL_SYNONYMS.get(h, (h,))
        if any(re.search(rf"\b{re.escape(w)}", q) for w in words):
            score += 1.0
        if stats.stems(c.header) & qstems:
            score += 0.5
        unit = (c.unit or "").lower()
        if qtype == "count" and unit == "antall":
            score += 0.6
        if qtype == "amount" and unit and unit != "antall":
            score += 0.6
        if qtype == "date" and dates_in(c.value):
            score += 0.6
        return score

    scored = sorted(range(len(row.cells)), key=lambda i: (-relevance(i), i))
    asked = [i for i in scored if relevance(i) >= 1.0]
    return asked[:3] if asked else scored


# Weights of the unit score: these starting values, or the ones tuned on the dev splits
# (``python -m evals.tune``) when ``weights.json`` is there.
WEIGHTS_FILE = Path(__file__).with_name("weights.json")
_START: dict[str, float] = {
    "dense_n": 0.45,
    "cov": 0.45,
    "prior": 0.08,
    "value_cue": 0.175,  # +1 with a value of the asked kind, -1 without (value questions)
    "lead_ok": 0.08,
    "list3": 0.2,
    "list_colon": 0.08,
    "ybonus": 1.0,
    "is_gap": -0.03,
    "both": 0.15,
    "novel": 0.12,  # +1 contrast words, -1 sameness words, for "what is new" questions
    "define_head": 0.12,
    "brevity": -0.04,
    "grant": 0.09,  # +1 names the asked grant year, -1 names only others
    "foreign": -0.3,
    "names": 0.1,
    "row": 0.0,
    "faq": 0.0,
    "value_year": 0.15,  # the first value belongs to the asked year (+1) or another (-1)
    "faq_title": 0.15,  # the FAQ question the unit answers matches the user's question
}
WEIGHTS: dict[str, float] = {
    **_START,
    **(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")) if WEIGHTS_FILE.exists() else {}),
}
_NAME = re.compile(r"(?<!^)(?<![.:;!?]\s)\b[A-ZÆØÅ][a-zæøå]{2,}")
_ASKS_NAMES = re.compile(
    r"\b(hvilke kommuner|hvem|hvilke prosjekter|hvilket prosjekt|hvilken kommune)\b", re.I
)


_YEAR_AT = re.compile(r"(?<![\d.])(20[0-4]\d)(?![\d])")


def _value_year(qtype: QType, text: str, year: int) -> float:
    """+1 when the first value of the asked kind stands nearest to the asked year, -1 when
    it stands nearest to another year ("23,0 millioner kroner i 2019, og for 2020 …")."""
    finder = _FINDERS[qtype]
    first = finder(text)[0]
    pos = text.find(first)
    years = [(m.start(), int(m.group(1))) for m in _YEAR_AT.finditer(text)]
    years = [(p, y) for p, y in years if not (pos <= p < pos + len(first))]
    if not years:
        return 0.0
    nearest = min(years, key=lambda py: (abs(py[0] - pos), py[0] < pos))[1]
    return 1.0 if nearest == year else -1.0


def unit_is_gap(u: Unit) -> bool:
    """A unit that says the sources do not give what was asked. For a table row only the
    asked (first) cell counts: "søknadsfrist 20. juni 2024; rapporteringsfrist ikke
    oppgitt" answers a question about the application deadline."""
    if u.features.get("row") and ": " in u.text:
        return is_gap(u.text.split(": ", 1)[1].split(";")[0])
    return is_gap(u.text)


# The dates of a round: to apply, to report, and when the grants are announced. A question
# about one is not answered by the date of another.
_DEADLINE_KINDS = {
    "report": re.compile(r"\brapport\w*", re.I),
    "apply": re.compile(r"\b(søknadsfrist\w*|søke|søker|søknad\w*|søkje|søknad)\b", re.I),
    "decision": re.compile(r"\b(svar|tildel\w*|kunngj\w*|vedtak\w*|offentliggj\w*)\b", re.I),
}


def _other_deadline(pq: PartQuery, text: str) -> bool:
    """A date question about one kind of deadline or date ("når må vi rapportere?", "når
    får vi svar?") and a unit
    whose dates all belong to the other kind ("Søknadsfristen … var 20. juni 2024"); a
    unit that gives both ("…, og rapporteringsfristen var 1. juni 2022") answers."""
    if pq.qtype != "date":
        return False
    asked = {k for k, rx in _DEADLINE_KINDS.items() if rx.search(pq.text)}
    if "decision" in asked:  # "når får vi svar på søknaden?" asks for the decision
        asked = {"decision"}
    if len(asked) != 1:
        return False
    kinds: set[str] = set()
    start = 0
    for d in dates_in(text):
        at = text.find(d, start)
        if at < 0:
            continue
        before = " ".join(text[start:at].split()[-8:])  # the words leading up to this date
        said = {k for k, rx in _DEADLINE_KINDS.items() if rx.search(before)}
        if not said and not kinds:
            return False  # a date of no stated kind may be the one asked for
        kinds |= said  # "… 20. juni 2024 for 2025, mot 1. september 2020 …": the same kind
        start = at + len(d)
    return bool(kinds) and not kinds & asked


def unit_features(
    u: Unit,
    d: float,
    stats: TermStats,
    focus: dict[str, float],
    carried: dict[str, float],
    hit: Hit,
    pq: PartQuery,
) -> dict[str, Any]:
    """The raw features of one unit for one question part."""
    q = dict(carried)
    q.update(focus)
    ctx = f"{hit.title} {hit.meta.get('section', '')}"
    cy = int(hit.year or 0)
    named = years_mentioned(u.text)
    value = unit_value(pq.qtype, u.text) and not _other_deadline(pq, u.text)
    is_value_q = pq.qtype in ("date", "amount", "count")
    novel = 0.0
    if pq.intent == "diff":
        novel = 1.0 if _NOVEL.search(u.text) else (-1.0 if _SAME.search(u.text) else 0.0)
    define_head = 0.0
    if pq.intent == "define" and pq.term:
        head = u.text[:80].lower()
        i = head.find(pq.term[:6])
        define_head = 1.0 if i >= 0 and _DEFINES.search(head[i:]) else 0.0
    gy = grant_years(u.text)
    grant = 0.0
    if pq.year and pq.pinned and gy and not pq.compare:
        grant = 1.0 if pq.year in gy else -1.0
    foreign = (
        1.0
        if not pq.foreign_ok and hit.kind != "project" and hit.meta.get("region") == FOREIGN
        else 0.0
    )
    faq_title = 0.0
    if hit.kind == "faq":  # the FAQ's own question is its section title
        faq_title = stats.coverage(focus, str(hit.meta.get("section", "")), "", pq.groups)
    value_year = 0.0
    if pq.qtype in ("amount", "count") and pq.year and pq.pinned and value:
        value_year = _value_year(pq.qtype, u.text, pq.year)
    names = 0.0
    if _ASKS_NAMES.search(pq.text):
        names = 1.0 if len(_NAME.findall(u.text)) >= 2 else 0.0
    return {
        "dense": float(d),
        "dense_n": dense_norm(float(d)),
        "cov": stats.coverage(q, u.text, ctx, pq.groups),
        "cov_focus": stats.coverage(focus, u.text, ctx, pq.groups),
        "cov_chunk": stats.coverage(focus, hit.text, ctx, pq.groups),
        "prior": 1.0 / (1 + u.chunk_index),
        "value_cue": (1.0 if value else -1.0) if is_value_q else 0.0,
        "lead_ok": 1.0
        if is_value_q and value_after_term(pq.qtype, u.text, focus, pq.groups, stats)
        else 0.0,
        "list3": 1.0 if pq.qtype == "list" and u.text.count("; ") >= 2 else 0.0,
        "list_colon": 1.0 if pq.qtype == "list" and ":" in u.text else 0.0,
        "ybonus": _year_bonus(pq, cy, named),
        "is_gap": 1.0 if unit_is_gap(u) else 0.0,
        "both": 1.0
        if pq.compare and all(y in named or (y - 1) in named for y in pq.compare)
        else 0.0,
        "novel": novel,
        "define_head": define_head,
        "brevity": min(max(len(u.text) - 220, 0) / 200, 2.0) if pq.qtype != "list" else 0.0,
        "grant": grant,
        "foreign": foreign,
        "names": names,
        "row": u.features.get("row", 0.0),
        "faq": 1.0 if hit.kind == "faq" else 0.0,
        "value_year": value_year,
        "faq_title": faq_title,
        "year": cy,
        "value": 1.0 if value else 0.0,
        "kind": hit.kind,
    }


def rank_units(
    units: list[Unit],
    dense: np.ndarray,
    stats: TermStats,
    focus: dict[str, float],
    carried: dict[str, float],
    hits: list[Hit],
    pq: PartQuery,
    weights: dict[str, float] | None = None,
) -> list[Unit]:
    """Fill ``unit.features`` (with ``score``) and return the units best first."""
    w = weights or WEIGHTS
    for u, d in zip(units, dense, strict=True):
        f = unit_features(u, float(d), stats, focus, carried, hits[u.chunk_index], pq)
        f["score"] = sum(w.get(k, 0.0) * float(f[k]) for k in w)
        u.features.update(f)
    return sorted(units, key=lambda u: -u.features["score"])


def _year_bonus(pq: PartQuery, chunk_year: int, named: set[int]) -> float:
    year, pinned = pq.year, pq.pinned
    if pq.compare:
        hit = [y for y in pq.compare if y in named or y == chunk_year]
        return 0.05 * len(hit)
    bonus = 0.0
    if year and chunk_year and pq.is_round:
        if chunk_year == year:
            bonus = 0.12 if pinned else 0.04
        else:
            bonus = -0.25 if pinned else -0.08
    if year and named:
        if year in named:
            bonus += 0.1
        elif (year - 1) not in named:  # the deadline year of the round is fine
            bonus -= 0.2 if pinned else 0.1
    return bonus


def about_year(u: Unit, year: int) -> bool:
    """The unit belongs to the round ``year``: its chunk's year, or the years it names
    (the round's deadline year counts), or no year at all."""
    cy = u.features.get("year")
    named = years_mentioned(u.text)
    if named:
        return year in named or (year - 1) in named and not (named - {year - 1})
    return not cy or cy == year


def promote(ranked: list[Unit], wanted: Any, within: float = 0.8, depth: int = 6) -> list[Unit]:
    """Move the best close unit (score ≥ ``within`` × the top's) that is ``wanted`` first."""
    if not ranked or wanted(ranked[0]):
        return ranked
    top = ranked[0].features["score"]
    for i, u in enumerate(ranked[1:depth], start=1):
        if u.features["score"] >= within * top and wanted(u):
            return [u, *ranked[:i], *ranked[i + 1 :]]
    return ranked


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(min(len(a), len(b)), 1)


_WHERE_Q = re.compile(
    r"^\s*(?:og\s+)?hvor\b(?!\s+(?:mye|mange|lenge|stor\w*|ofte|langt|høy\w*|gammel|tidlig|sent))",
    re.I,
)
_PLACE = re.compile(
    r"\bISORD\b|\bportal\w*|\bdatabase\w*|\bnettside\w*|tilskuddskalender\w*|https?://|\S@\S|"
    r"\be-post\b|\bskjema\w*",
    re.I,
)


_NAME_Q = re.compile(
    r"\b(?:hva|kva)\s+(?:het|heter|hette|heitte|heiter|kalles|kallast)\b|\b(?:navnet|namnet)\s+på\b",
    re.I,
)


def asks_name(question: str) -> bool:
    """ "hva het det barnehageprosjektet …?", "navnet på …": the question wants a name."""
    return bool(_NAME_Q.search(question))


# a title as the corpus writes one: «Liten og ny», or "Liten og ny i barnehagen – god …"
_TITLED = re.compile(
    r"«[^»]{4,}»|^[A-ZÆØÅ][^.;:]{3,80}\s[–—]\s|\b(?:prosjektet|prosjektene)\s+[A-ZÆØÅ]"
)


def choose(ranked: list[Unit], stats: TermStats, pq: PartQuery, limit: int = 2) -> list[Unit]:
    """The best unit, and a second one when it adds to it (not a repeat, same round)."""
    if not ranked:
        return []
    wants_name = asks_name(pq.text)

    def of_year(u: Unit) -> bool:
        """Not about another grant year than the one asked ("for 2020-midlene")."""
        gy = grant_years(u.text)
        return not (pq.year and pq.pinned and gy and pq.year not in gy and not pq.compare)

    if pq.qtype in ("date", "amount", "count"):
        ranked = promote(ranked, lambda u: u.features.get("value", 0.0) > 0 and of_year(u))
    money_q = pq.qtype == "amount" or (
        pq.qtype == "yesno" and bool(re.search(r"beløp|penger|kroner|\bmill", pq.text, re.I))
    )
    if money_q and ranked and _paid_to_other(ranked[0], stats, pq):
        # "… gikk 4,0 millioner til de såkalte fire hovedmålsetningene": a part of the sum
        ranked = promote(
            ranked,
            lambda u: bool(amounts_in(u.text)) and not _paid_to_other(u, stats, pq),
            within=0.85,
        )
    wants_place = pq.qtype not in ("date", "amount", "count") and bool(_WHERE_Q.match(pq.text))
    if wants_place:
        # "hvor skal vi rapportere?" asks for a place: a sentence that names one, if close
        ranked = promote(ranked, lambda u: bool(_PLACE.search(u.text)), within=0.8, depth=8)
    elif wants_name:
        # "hva het det barnehageprosjektet …?" asks for a name: a sentence that gives a title
        ranked = promote(ranked, lambda u: bool(_TITLED.search(u.text)), within=0.8, depth=8)
    if pq.compare and pq.intent == "diff":
        # "har kravene til søknaden endret seg …?": a sentence on the requirements, not the
        # deadline's change, though the deadline is the change the top sentence tells of
        top0 = ranked[0]
        ranked = promote(ranked, lambda u: _names_more(u, top0, stats, pq), within=0.8, depth=8)
    before = ranked[0]
    ranked = promote(ranked, lambda u: _gap_names_asked(u, before, stats, pq), within=0.65, depth=8)
    gap_named = ranked[0] is not before
    if pq.year and not pq.pinned and pq.is_round and not pq.compare and not wants_name:
        # no year named: the current round's rule first, if one is close (a project in the
        # archive is no round's rule: its year does not count against it)
        ranked = promote(
            ranked,
            lambda u: (
                (u.features.get("kind") == "project" or _of_round(u, pq.year))
                and (not wants_place or bool(_PLACE.search(u.text)))
            ),  # the place stays first
            within=0.8,
            depth=8,
        )
    top = ranked[0]
    chosen = [top]
    seen = [stats.stems(top.text)]

    def fresh(u: Unit) -> bool:
        """Adds to what is chosen: at least three content stems none of them has."""
        st = stats.stems(u.text)
        return all(len(st - s) >= 3 and overlap(st, s) <= 0.8 for s in seen)

    needs_value = pq.qtype in ("date", "amount", "count")

    def add(u: Unit) -> None:
        chosen.append(u)
        seen.append(stats.stems(u.text))

    if pq.compare:
        both = [
            u
            for u in ranked[1:12]
            if u.features["score"] >= 0.6 * top.features["score"]
            and all(y in grant_years(u.text) or y in _deadline_rounds(u.text) for y in pq.compare)
            and (not needs_value or u.features.get("value"))
        ]
        for u in both[:2]:
            if fresh(u):
                add(u)
        for y in pq.compare:  # one unit per compared year, unless one already covers it
            if any(y in _years_about(u.text) for u in chosen):
                continue
            for u in ranked[1:15]:
                if u.features["score"] < 0.5 * top.features["score"]:
                    break
                if needs_value and not u.features.get("value"):
                    continue
                if (y in _years_about(u.text) or u.features.get("year") == y) and fresh(u):
                    add(u)
                    break

        def order(u: Unit) -> tuple[int, int]:
            """The sentence on both years first, then the years in the question's order."""
            named: AbstractSet[int | None] = (
                grant_years(u.text) or years_mentioned(u.text) or {u.features.get("year")}
            )
            hits = [i for i, y in enumerate(pq.compare) if y in named]
            return (0 if len(hits) == len(pq.compare) else 1, hits[0] if hits else 9)

        return sorted(chosen, key=order)[:3]
    if (
        not gap_named
        and top.features.get("kind") == "faq"
        and top.order > 0
        and top.features.get("faq_title", 0) >= 0.55
    ):
        # the FAQ entry asks the user's question: answer from its start, as it was written
        first = next((u for u in ranked if u.chunk_index == top.chunk_index and u.order == 0), None)
        if first is not None and not (
            finder_for(pq.qtype) and not unit_value(pq.qtype, first.text)
        ):
            top = first
            chosen[0] = top
            seen[0] = stats.stems(top.text)
    nxt = _next_in_faq(ranked, top)
    if nxt is not None and fresh(nxt) and (unit_is_gap(top) or not unit_is_gap(nxt)):
        # read whole, but without a caveat on something else ("Kildene sier ikke om et
        # interkommunalt selskap …") that would turn the answer into a refusal
        add(nxt)  # a FAQ answer is written to be read whole
    finder = _FINDERS.get(pq.qtype)
    top_values = set(finder(top.text)) if finder else set()
    for u in ranked[1:]:
        if len(chosen) >= limit or u.features["score"] < 0.85 * top.features["score"]:
            break
        if not fresh(u):
            continue
        if unit_is_gap(u) and not unit_is_gap(top):
            continue  # "the sources do not say …" next to an answer only muddles it
        if finder and set(finder(u.text)) - top_values:
            continue  # another value of the asked kind would blur the answer
        if pq.year and not (about_year(u, pq.year) and of_year(u)):
            continue
        if u.features["cov_focus"] < 0.5 * top.features["cov_focus"]:
            continue  # about something else than what was asked
        add(u)
    return chosen


_PAID_TO = re.compile(r"\b(?:gikk|går|ble brukt|brukes)\b[^.;]*?\btil\s+(?P<to>[^.;,]+)", re.I)


def _paid_to_other(u: Unit, stats: TermStats, pq: PartQuery) -> bool:
    """The sentence gives an amount that went to something the question does not name:
    "Innenfor fellesløftet 0–24 gikk 4,0 millioner kroner … til de fire hovedmålsetningene"
    answers "hvor mye fikk 0–24?" with a part, not the whole."""
    m = _PAID_TO.search(u.text)
    found = amounts_in(u.text)
    first = u.text.find(found[0]) if found else -1
    if not m or not 0 <= m.start() < first:
        return False  # "X fikk 5,46 millioner, og av dette gikk 1,5 til Y": the whole first
    asked = stats.stems(pq.text)
    weights = stats.weights(m.group("to"))
    named = {s for s, w in weights.items() if w >= RARE_IDF}
    return bool(named) and not named & asked


_CHANGE_STEMS = frozenset({"endr", "end", "ny", "nytt", "forskjel", "annerled", "likt", "samm"})


def _names_more(u: Unit, top: Unit, stats: TermStats, pq: PartQuery) -> bool:
    """``u`` holds a rare word of the question (not a word of change) that the top lacks,
    and loses none the top has."""
    asked = stats.weights(pq.text)
    named = {s for s, w in asked.items() if w >= RARE_IDF and s not in _CHANGE_STEMS}
    mine, theirs = stats.stems(u.text), stats.stems(top.text)
    return bool((named - theirs) & mine) and not (named & theirs) - mine


RARE_IDF = 3.0  # in few chunks: a word that names a thing, not a common verb


def _gap_names_asked(u: Unit, top: Unit, stats: TermStats, pq: PartQuery) -> bool:
    """``u`` says the sources do not give a thing the question names and the top does not
    mention, and covers more of the question than the top: "Kildene oppgir ikke noe
    telefonnummer" answers "hva er telefonnummeret …?" better than the e-mail address."""
    if pq.qtype == "list" or not unit_is_gap(u) or unit_is_gap(top) or top.features.get("value"):
        return False  # a list asks for items, and a found value answers
    asked = stats.weights(pq.text)
    if not asked:
        return False
    rare = max(max(asked.values()) * 0.6, RARE_IDF)
    gap_stems, top_stems = stats.stems(u.text), stats.stems(top.text)
    named = {s for s, w in asked.items() if w >= rare}
    if not (named - top_stems) & gap_stems or (named & top_stems) - gap_stems:
        return False  # it must name more of what was asked, and lose none of it
    return sum(w for s, w in asked.items() if s in gap_stems) > sum(
        w for s, w in asked.items() if s in top_stems
    )


def _of_round(u: Unit, year: int | None) -> bool:
    """The unit states a rule of round ``year``: it names that round, or no round and comes
    from that round's document or a document of every year."""
    gy = grant_years(u.text)
    if gy:
        return year in gy
    return u.features.get("year") in (year, 0, None)


# "lysarket fra 2020", "presentasjonen for 2021-runden" date a source, not what it reports
_SOURCE_YEAR = re.compile(
    r"\b(?:lysark|presentasjon|nettside|side|tilskuddskalender)\w*\s+(?:fra|frå)\s+(20[0-4]\d)\b",
    re.I,
)


def _years_about(text: str) -> set[int]:
    """The years a sentence reports on: its grant years ("2019-midlene") if it names any,
    else the years it names, leaving out a year that only dates a source."""
    named = grant_years(text)
    if named:
        return named
    dated = {int(y) for y in _SOURCE_YEAR.findall(text)}
    return (years_mentioned(text) - dated) or years_mentioned(text)


def _deadline_rounds(text: str) -> set[int]:
    """Rounds a sentence speaks of through their deadline year ("fristen i 2024")."""
    return {y + 1 for y in years_mentioned(text)} if re.search(r"frist", text, re.I) else set()


def _next_in_faq(ranked: list[Unit], top: Unit) -> Unit | None:
    if top.order != 0 or top.features.get("kind") != "faq":
        return None
    for u in ranked:
        if u.chunk_index == top.chunk_index and u.order == 1:
            return u if len(u.text) < 260 else None
    return None
