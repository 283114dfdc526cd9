"""AnswerService: the question-answering use case shared by CLI and API.

Flow: validate → trim history → rewrite follow-ups → pick the round → hybrid retrieval
→ rank sentence units → abstain or compose 1–4 cited sentences → (optional) LLM answer,
verified against the passages, with the extractive answer as fallback.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from assistant.answer.followup import content_words, rewrite, trim_history
from assistant.answer.llm import SYSTEM, build_prompt, looks_like_injection, make_chat_model, verify
from assistant.answer.questions import QUESTION_WORDS, question_type
from assistant.answer.scoring import TermStats, score_units
from assistant.answer.sentences import (
    AMOUNT,
    DATE,
    MONTHS,
    Unit,
    amounts_in,
    dates_in,
    is_gap,
    is_negative,
    numbers_in,
    split_units,
    years_mentioned,
)
from assistant.answer.unitvecs import UnitVectors
from assistant.answer.years import Rounds, YearChoice, detect_year
from assistant.errors import InputError
from assistant.models import Answer, Citation, Hit
from assistant.services import Services
from assistant.store.analyzer import STOPWORDS, _stem, words
from assistant.store.lexical import LexicalIndex

log = logging.getLogger(__name__)


def norsk_dato(d: dt.date) -> str:
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


class AnswerService:
    def __init__(self, services: Services) -> None:
        self.sv = services
        self.settings = services.settings
        self._units: UnitVectors | None = None
        self._gen = -1
        self._stats: TermStats | None = None
        self._rounds = Rounds()
        self.chat = make_chat_model(self.settings)

    # ------------------------------------------------------------------ state
    def _refresh(self, lex: LexicalIndex | None = None) -> None:
        """Term statistics and rounds follow the BM25 index (rebuilt with the store)."""
        lex = lex or self.sv.lexical
        if lex.generation != self._gen:
            self._stats = TermStats.build(lex.analyzer, lex.texts)
            self._rounds = Rounds.from_corpus(lex.texts, lex.metas)
            self._gen = lex.generation

    @property
    def units(self) -> UnitVectors:
        if self._units is None:
            self._units = UnitVectors(self.sv)
        return self._units

    @property
    def rounds(self) -> Rounds:
        self._refresh()
        return self._rounds

    def contact(self) -> str:
        return f"{self.settings.contact_name} ({self.settings.contact_email})"

    # ------------------------------------------------------------------ API
    def ask(
        self,
        question: str,
        history: list[dict[str, str]] | None = None,
        year: int | None = None,
    ) -> Answer:
        t0 = time.perf_counter()
        q = " ".join((question or "").split())
        if not q:
            raise InputError("Spørsmålet er tomt. Skriv hva du lurer på.")
        limit = self.settings.max_question_chars
        if len(q) > limit:
            raise InputError(f"Spørsmålet er for langt (over {limit} tegn). Kort det ned.")
        searcher = self.sv.searcher()
        self._refresh(searcher.lexical)  # the index the searcher holds: no second store check
        hist = trim_history(history or [], self.settings.history_turns)
        rw = rewrite(q, hist)
        choice = self._choose_year(q, year, rw.history_year)
        if choice.unknown:
            ans = self._abstain(
                choice.unknown, f"Jeg finner ingen regler for {choice.unknown} i kildene."
            )
        else:
            prev = [h["content"] for h in hist if h["role"] == "user"]
            qtype = question_type(q)
            if rw.is_followup and qtype == "text" and prev:
                qtype = question_type(prev[-1])  # "Og hva med næringsutvikling?" keeps the form
            ans = self._answer(searcher, q, rw.query, rw.focus, choice, qtype)
        log.info(
            "ask answered=%s year=%s citations=%d ms=%.0f",
            ans.answered,
            ans.year,
            len(ans.citations),
            1000 * (time.perf_counter() - t0),
        )
        return ans

    # ------------------------------------------------------------------ steps
    def _choose_year(self, q: str, year: int | None, history_year: int | None) -> YearChoice:
        rounds = self._rounds
        today = self.settings.today_date()
        if year:
            ok = year in rounds.deadlines or year in rounds.covered_years
            return YearChoice(year, True) if ok else YearChoice(None, True, unknown=year)
        choice = detect_year(q, rounds, today)
        if not choice.pinned and history_year:
            carried = detect_year(str(history_year), rounds, today)
            if carried.year:
                return carried
        return choice

    def _abstain(self, year: int | None, why: str = "") -> Answer:
        text = (
            (why + " " if why else "")
            + "Kildene jeg har, svarer ikke på dette. Ta kontakt med "
            + f"{self.settings.contact_name} på {self.settings.contact_email}."
        )
        return Answer(text, False, year, [], self.contact())

    def _answer(
        self, searcher: Any, q: str, query: str, focus: str, choice: YearChoice, qtype: str
    ) -> Answer:
        assert self._stats is not None
        is_round = bool(choice.year and choice.year in self._rounds.deadlines)
        filters = {"year": [choice.year, 0]} if choice.pinned and is_round else None
        qvec = self.sv.embedder.embed_query(query)
        hits: list[Hit] = searcher.search(query, k=8, filters=filters, query_vector=qvec)
        safe = [h for h in hits if not looks_like_injection(h.text)]
        if len(safe) < len(hits):
            log.warning(
                "dropped %d passage(s) that address instructions to a model: %s",
                len(hits) - len(safe),
                sorted({h.source for h in hits if h not in safe}),
            )
        hits = safe
        if not hits:
            return self._abstain(choice.year)
        units: list[Unit] = []
        for ci, h in enumerate(hits):
            units.extend(Unit(t, ci, oi) for oi, t in enumerate(split_units(h.text)))
        if not units:
            return self._abstain(choice.year)
        dense = self.units.get([u.text for u in units]) @ qvec
        skip = {self._stats.analyzer(w)[0] for w in QUESTION_WORDS if self._stats.analyzer(w)}
        focus_w = {s: w for s, w in self._stats.weights(focus).items() if s not in skip}
        carried_w = {
            s: 0.5 * w
            for s, w in self._stats.weights(query).items()
            if s not in focus_w and s not in skip
        }
        contexts = [f"{h.title} {h.meta.get('section', '')}" for h in hits]
        score_units(
            units,
            dense,
            self._stats,
            focus_w,
            carried_w,
            contexts,
            qtype,
            choice.year,
            choice.pinned,
            [int(h.year or 0) for h in hits],
            [h.text for h in hits],
            is_round,
        )
        ranked = sorted(units, key=lambda u: -u.features["score"])
        best = ranked[0]
        support = self.support(best)
        log.debug("support=%.3f best=%r", support, best.text[:80])
        if support < self.settings.abstain_threshold or not content_words(focus):
            return self._abstain(choice.year)
        evidence = " ".join([best.text, hits[best.chunk_index].text, contexts[best.chunk_index]])
        missing = missing_entities(focus, evidence) + missing_heads(
            focus, evidence, self._stats.analyzer.vocab
        )
        if missing:
            return self._abstain(
                choice.year, f"Kildene sier ingenting om {', '.join(missing)} her."
            )
        if _WHY.match(focus):  # "why" needs a reason in the sources, not just the topic
            # reasons are often stated once, in a nearby sentence: look a little further
            topic = {t for t in focus_w if not t.isdigit()}

            def gives_reason(u: Unit) -> bool:  # a reason, and about the question's topic
                return _states_reason(u.text) and bool(topic & self._stats.stems(u.text))

            ranked = _promote(ranked, gives_reason, 0.5, 20)
            if not _states_reason(ranked[0].text):
                return self._abstain(choice.year, "Kildene gir ingen begrunnelse for dette.")
        chosen = self._select(_value_first(ranked, qtype), choice)
        if not _has_value(qtype, chosen[:2]) and not is_gap(best.text):
            return self._abstain(choice.year, "Kildene oppgir ikke det du spør etter.")
        ans = self._compose(q, qtype, chosen, hits, choice)
        if self.chat is not None:
            ans = self._llm_answer(q, hits[:5], choice, chosen, hits) or ans
        if is_gap(best.text):  # the sources say they do not state it: point onwards
            ans.contact = self.contact()
            ans.answer += (
                f" Ta kontakt med {self.settings.contact_name} på {self.settings.contact_email}."
            )
        return ans

    def _llm_answer(
        self, q: str, passages: list[Hit], choice: YearChoice, chosen: list[Unit], hits: list[Hit]
    ) -> Answer | None:
        """The LLM's answer when it verifies against the passages; None means fall back."""
        assert self.chat is not None
        note = self._year_note(chosen, hits, choice)
        try:
            text = self.chat.complete(SYSTEM, build_prompt(q, passages, note)).strip()
        except Exception as exc:  # noqa: BLE001 - any backend failure falls back
            log.warning("LLM failed, using the extractive answer: %s", exc)
            return None
        why = verify(text, passages)
        if why:
            log.warning("LLM answer rejected, using the extractive answer: %s", why)
            return None
        used = sorted({int(m) for m in re.findall(r"\[(\d+)\]", text)})
        renum = {old: new for new, old in enumerate(used, 1)}
        text = re.sub(r"\[(\d+)\]", lambda m: f"[{renum[int(m.group(1))]}]", text)
        cites = [
            Citation(
                n=renum[o],
                title=passages[o - 1].title,
                source=passages[o - 1].source,
                year=passages[o - 1].year,
                location=passages[o - 1].location,
                snippet=" ".join(passages[o - 1].text.split())[:300],
            )
            for o in used
        ]
        if note and note not in text:
            text = f"{text} {note}"
        return Answer(text, True, choice.year, cites, None, backend="llm")

    @staticmethod
    def support(best: Unit) -> float:
        """How well the best sentence carries the question (calibrated on evals/answers)."""
        return 0.5 * best.features["dense_n"] + 0.5 * best.features["cov_focus"]

    def _select(self, ranked: list[Unit], choice: YearChoice) -> list[Unit]:
        top = ranked[0]
        chosen = [top]
        seen = [set(self._stats.analyzer(top.text))] if self._stats else []
        for u in ranked[1:]:
            if len(chosen) >= 3 or u.features["score"] < 0.85 * top.features["score"]:
                break
            stems = set(self._stats.analyzer(u.text)) if self._stats else set()
            if any(len(stems & s) / max(min(len(stems), len(s)), 1) > 0.7 for s in seen):
                continue  # repeats (or is part of) a sentence already chosen
            if choice.year and not _about_year(u, choice.year):
                continue  # another round's rule goes into the "older round" note instead
            chosen.append(u)
            seen.append(stems)
        newest = top.features["year"] == choice.year or choice.year in years_mentioned(top.text)
        if not choice.pinned and choice.year and newest:
            older = self._older_round_unit(ranked, top, choice.year)
            if older is not None:
                chosen.append(older)
        return chosen

    def _older_round_unit(self, ranked: list[Unit], top: Unit, year: int) -> Unit | None:
        prev = self._rounds.previous(year)
        if prev is None:
            return None
        for u in ranked[1:15]:
            if u.features["score"] < 0.6 * top.features["score"] or not _about_year(u, prev):
                continue
            if _about_year(u, year) and u.features["year"] != prev:
                continue
            differs = (
                is_gap(top.text)  # the newest round is silent: what the older one said helps
                or dates_in(u.text) != dates_in(top.text)
                or amounts_in(u.text) != amounts_in(top.text)
            )
            if differs:
                u.features["older"] = prev
                return u
        return None

    def _lead_value(self, pattern: re.Pattern[str], sentence: str, q: str) -> str:
        """The value in ``sentence`` that belongs to what ``q`` asks about.

        "… søknadsfristen … var 1. september 2020, og rapporteringsfristen var 1. juni 2022"
        answers "Og hva med rapporteringsfristen?" with 1. juni 2022: the value right after
        a word of the question (before it only if nothing follows).
        """
        assert self._stats is not None
        values = [
            m
            for m in pattern.finditer(sentence)
            if not re.fullmatch(r"(19|20)\d\d", m.group(0).strip())
        ]
        wanted = {t for t in self._stats.stems(q) if not t.isdigit()}
        weights = self._stats.weights(q)
        anchors = [
            m
            for m in re.finditer(r"\w+", sentence)
            if wanted & self._stats.stems(m.group(0)) and weights.get(_stem(m.group(0).lower()), 0)
        ]
        if not values or not anchors:
            return values[0].group(0).strip() if values else ""

        def distance(v: re.Match[str]) -> tuple[float, int]:
            best = float("inf")
            for a in anchors:
                gap = v.start() - a.end()
                # after its word ("fristen var 1. juni") beats before it; rarer words count more
                cost = (gap if gap >= 0 else 3 * -gap) / (
                    1 + weights.get(_stem(a.group(0).lower()), 0)
                )
                best = min(best, cost)
            return best, v.start()

        return min(values, key=distance).group(0).strip()

    def _compose(
        self, q: str, qtype: str, chosen: list[Unit], hits: list[Hit], choice: YearChoice
    ) -> Answer:
        cites: dict[int, Citation] = {}
        parts: list[str] = []
        for u in chosen:
            h = hits[u.chunk_index]
            if u.chunk_index not in cites:
                cites[u.chunk_index] = Citation(
                    n=len(cites) + 1,
                    title=h.title,
                    source=h.source,
                    year=h.year,
                    location=h.location,
                    snippet=" ".join(h.text.split())[:300],
                )
            n = cites[u.chunk_index].n
            text = u.text.rstrip()
            if u.features.get("older"):
                text = f"Til sammenligning, for prosjektskjønn {u.features['older']}: " + text
            parts.append(_with_marker(text, n))
        top = chosen[0].text
        lead = ""
        already = re.match(r"^(ja|nei)\b", top.strip(), re.I)  # the source says it itself
        if qtype == "yesno" and chosen[0].features["cov_focus"] >= 0.45 and not already:
            lead = "Nei." if is_negative(top) != is_negative(q) else "Ja."
        elif qtype == "date" and dates_in(top):
            lead = self._lead_value(DATE, top, q) + "."
        elif qtype == "amount" and amounts_in(top) and not is_gap(top):
            lead = self._lead_value(AMOUNT, top, q) + "."
        elif qtype == "count" and numbers_in(top) and not is_gap(top):
            lead = numbers_in(top)[0] + "."
        note = self._year_note(chosen, hits, choice)
        body = " ".join(p for p in [lead, *parts, note] if p)
        return Answer(body, True, choice.year, list(cites.values()), None)

    def _year_note(self, chosen: list[Unit], hits: list[Hit], choice: YearChoice) -> str:
        if not choice.year or choice.year not in self._rounds.deadlines:
            return ""  # only rounds of rules get the note; other years are in the sentences
        rules = any(
            (hits[u.chunk_index].kind in ("guideline", "faq") and hits[u.chunk_index].year)
            or choice.year in years_mentioned(u.text)
            for u in chosen
        )
        if not rules:
            return ""
        deadline = self._rounds.deadlines.get(choice.year)
        frist = f" (søknadsfrist {norsk_dato(deadline)})" if deadline else ""
        if choice.pinned:
            return f"Svaret gjelder prosjektskjønn {choice.year}{frist}."
        return f"Svaret gjelder den nyeste runden i kildene, prosjektskjønn {choice.year}{frist}."


_ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÆØÅ][a-zæøåA-ZÆØÅ-]{2,})\b")
_COMMON = {
    "Statsforvalteren",
    "Statsforvalterens",
    "Fylkesmannen",
    "Trøndelag",
    "ISORD",
    "KS",
    "Prosjektskjønn",
    "Skjønnsmidler",
    "Helseplattformen",
    "FNs",
    "Kommunal",
    "Norge",
}


def missing_entities(question: str, evidence: str) -> list[str]:
    """Proper names in the question (not its first word) that the evidence never names."""
    ev = evidence.lower()
    out = []
    for m in _ENTITY.finditer(question):
        name = m.group(1)
        if m.start() == 0 or name in _COMMON:
            continue
        stem = name.lower()[: max(4, len(name) - 2)]  # "Hitras" ~ "Hitra"
        if stem not in ev:
            out.append(name)
    return out


def missing_heads(question: str, evidence: str, vocab: frozenset[str]) -> list[str]:
    """Compounds the corpus never uses whose head it never uses on its own either.

    "vurderingsutvalget" is not in the corpus; its first part "vurdering" is, but its head
    "utvalg" (what the word is about) is neither a word of the corpus nor in the evidence,
    which only speaks of "vurderingsmomenter": the sources say nothing about a committee.
    "sluttrapporten" and "e-postadresse" pass: "rapport" and "adresse" are corpus words.
    """
    ev = evidence.lower()
    out = []
    for w in words(question):
        if len(w) < 9 or w in STOPWORDS or w.isdigit() or _stem(w) in vocab or w in ev:
            continue  # short, or a word the corpus uses

        splits = [(w[:i], _stem(w[i:])) for i in range(len(w) - 4, 3, -1)]
        known = [(first, head) for first, head in splits if _stem(first) in vocab]
        if not known or any(head in vocab for _, head in known):
            continue  # not a compound of corpus words, or one of corpus words only
        head = known[0][1]  # behind the longest known first part
        if len(head) >= 4 and head not in ev:
            out.append(w)
    return out


def _about_year(u: Unit, year: int) -> bool:
    """The unit belongs to the round ``year``: its chunk's year, or the years it names
    (the round's deadline year counts), or no year at all."""
    cy = u.features["year"]
    named = years_mentioned(u.text)
    if named:
        return year in named or (year - 1) in named and not (named - {year - 1})
    return not cy or cy == year


_WHY = re.compile(r"^\s*(og\s+)?hvorfor\b", re.I)
_REASON = re.compile(
    r"\b(fordi|derfor|for å|slik at|på grunn av|årsak\w*|skyldes|hensikt\w*|"
    r"formål\w*|ellers|ville|sikre|bidra til)\b",
    re.I,
)


# "For å søke i ISORD må kommunen …": a purpose clause that introduces an instruction
_INSTRUCTION = re.compile(r"^\s*for å\b[^.]*\bmå\b", re.I)


def _states_reason(text: str) -> bool:
    return bool(_REASON.search(text)) and not _INSTRUCTION.match(text)


def _promote(
    ranked: list[Unit], wanted: Callable[[Unit], bool], within: float = 0.8, depth: int = 5
) -> list[Unit]:
    """Move the best close sentence (score ≥ ``within`` × the top's) that is ``wanted`` first."""
    if wanted(ranked[0]):
        return ranked
    top = ranked[0].features["score"]
    for i, u in enumerate(ranked[1:depth], start=1):
        if u.features["score"] >= within * top and wanted(u):
            return [u, *ranked[:i], *ranked[i + 1 :]]
    return ranked


def _value_first(ranked: list[Unit], qtype: str) -> list[Unit]:
    """A date/amount/count question leads with the best close sentence that has the value."""
    return _promote(ranked, lambda u: _has_value(qtype, [u]))


def _has_value(qtype: str, units: list[Unit]) -> bool:
    """A date, amount or count question needs that value in a chosen sentence (or a gap)."""
    finder = {"date": dates_in, "amount": amounts_in, "count": numbers_in}.get(qtype)
    if finder is None:
        return True
    return any(finder(u.text) or is_gap(u.text) for u in units)


def _with_marker(text: str, n: int) -> str:
    m = re.search(r"[.!?]+$", text)
    if m:
        return f"{text[: m.start()]} [{n}]{text[m.start() :]}"
    return f"{text} [{n}]."
