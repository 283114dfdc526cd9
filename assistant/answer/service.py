"""AnswerService: the question-answering use case shared by the CLI and the web.

One question goes through small steps over one ``Turn`` state:

    normalise → round → split → (per part) retrieve → rank → choose → decide → compose

- normalise: language (bokmål, nynorsk, English), spelling and split words, against the
  corpus vocabulary (``normalise``);
- round: which round the question is about; the named one, the one of the history, else
  the current (open) round, and the answer says which;
- split: several questions in one message are answered in order; comparisons per round;
- retrieve/rank/choose: hybrid search, then the sentences (and table rows) of the hits
  ranked for the part (``select``);
- decide: a calibrated model says whether the best sentence answers the part (``decide``);
  a part the sources say nothing about is refused with the contact, and a sentence saying
  the sources do not give a value is a refusal too;
- compose: at most a sentence or two per part, Ja/Nei first for yes/no, [n] markers, plain
  text (``compose``). With an LLM configured, it may write the answer from the same passages;
  it is verified and the extractive answer is the fallback.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.answer.compose import (
    Composer,
    comparative_yes_no,
    comparison_lead,
    narrow_list,
    plain,
    without_lead,
    yes_no,
)
from assistant.answer.decide import DecisionModel
from assistant.answer.followup import Rewritten, content_words, rewrite, trim_history
from assistant.answer.llm import SYSTEM, build_prompt, looks_like_injection, make_chat_model, verify
from assistant.answer.normalise import Normalised, Normaliser, Vocabulary
from assistant.answer.parts import Part, compared_years, split_parts
from assistant.answer.questions import QUESTION_WORDS, QType, question_type
from assistant.answer.scoring import Group, TermStats
from assistant.answer.select import (
    FOREIGN,
    RARE_IDF,
    PartQuery,
    asks_name,
    choose,
    finder_for,
    make_units,
    rank_units,
    unit_is_gap,
)
from assistant.answer.sentences import (
    Unit,
    amounts_in,
    caveat_split,
    counts_in,
    is_gap,
    years_mentioned,
)
from assistant.answer.unitvecs import UnitVectors
from assistant.answer.years import Rounds, YearChoice, detect_year, grant_years
from assistant.errors import InputError
from assistant.lang import en
from assistant.lang.nb import COUNTIES, STOPWORDS, SYNONYMS, contact_sentence, format_date
from assistant.lang.nb import stem as _stem
from assistant.models import Answer, Citation, Hit
from assistant.rounds import contact_of, registry
from assistant.store.analyzer import words
from assistant.store.backends import Backends
from assistant.store.filters import Filter
from assistant.store.lexical import LexicalIndex

log = logging.getLogger(__name__)

_ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÆØÅ][a-zæøåA-ZÆØÅ-]{2,})\b")
_COMMON_NAMES = frozenset(
    "Statsforvalteren Statsforvalterens Fylkesmannen Trøndelag ISORD KS Prosjektskjønn "
    "Skjønnsmidler FNs Kommunal Norge Og Hva Hvem Hvor Når Kan Må Er".split()
)


_PRONOUN_LEAD = re.compile(
    r"\b(det|den|de|dem|disse|dette|deres|dens)\b|^\s*(og\s+)?(hva|hvem)\s+med\b", re.I
)


_OWN_QUESTION = re.compile(
    r"^\s*(og\s+)?(når|hva|hvem|hvor|hvordan|hvorfor|hvilke|hvilken|hvilket|kan|må|er|får)\b", re.I
)
_ASKS_ON = re.compile(r"^\s*(og\s+hva\b|hva\s+(så\s+)?med\b)", re.I)  # not "og hvor sender vi den?"


def _asks_its_own(text: str) -> bool:
    """A follow-up with its own question word ("hvor gikk den grensa?") keeps its own
    form; "Og hva ble resultatet for 2025?" and "Hva med næring, da?" ask what the turn
    before asked."""
    return bool(_OWN_QUESTION.match(text)) and not _ASKS_ON.match(text)


_POINTS_BACK = re.compile(
    r"^\s*(og|men|enn|hva med|hva så med|samme)\b|\b(det|den|de|dem|disse|dette|deres)\s*\??\s*$",
    re.I,
)


def _part_rewrite(text: str, before: str) -> Rewritten:
    """A later part leans on the parts before it only when it points back ("og for 2018?",
    "… og hvor lenge varte det?") or has hardly any words of its own; "hvor søker vi" and
    "hva er den nye adressen til arkivet" stand on their own."""
    own = content_words(text)
    if before and (
        _POINTS_BACK.search(text) or len(own) <= 1 or (len(own) <= 3 and _PRONOUN_LEAD.search(text))
    ):
        carried = [w for w in content_words(before) if w not in content_words(text)]
        return Rewritten(f"{text} {' '.join(carried[:8])}".strip(), text, None, True)
    return Rewritten(text, text, None, False)


_DIFF_Q = re.compile(r"\b(nytt|nye|endr\w*|forskjell\w*|annerledes|forandr\w*|flyttet)\b", re.I)
_DEFINE_Q = re.compile(
    r"\bhva\s+(?:betyr|menes med|innebærer|er)\s+(?:egentlig\s+)?(?:en\s+|et\s+)?([a-zæøå-]{5,})\b",
    re.I,
)


def _names_county(text: str) -> bool:
    low = f" {' '.join(words(text))} "
    return any(f" {c} " in low for c in COUNTIES)


def _intent(text: str) -> tuple[str, str]:
    """ "diff" for what changed or is new; "define" (and the term) for what a word means."""
    if _DIFF_Q.search(text):
        return "diff", ""
    m = _DEFINE_Q.search(text)
    if m and m.group(1).lower() not in STOPWORDS:
        return "define", m.group(1).lower()
    return "", ""


_SYNONYM_KEYS = {tuple(_stem(w) for w in words(k)): k for k in SYNONYMS}
_SYNONYM_STEMS = {
    stems: SYNONYMS[k] for stems, k in sorted(_SYNONYM_KEYS.items(), key=lambda kv: -len(kv[0]))
}

_WHY = re.compile(r"^\s*(og\s+)?(hvorfor|kvifor|why)\b", re.I)
_REASON = re.compile(
    r"\b(fordi|derfor|for å|slik at|på grunn av|årsak\w*|skyldes|hensikt\w*|formål\w*|ellers|"
    r"ville|sikre|bidra til|begrunnelse\w*)\b",
    re.I,
)
_INSTRUCTION = re.compile(r"^\s*for å\b[^.]*\bmå\b", re.I)  # "For å søke … må kommunen …"


def _states_reason(text: str) -> bool:
    return bool(_REASON.search(text)) and not _INSTRUCTION.match(text)


@dataclass
class PartResult:
    part: Part
    pq: PartQuery
    hits: list[Hit] = field(default_factory=list)
    chosen: list[Unit] = field(default_factory=list)
    answered: bool = False
    gap: bool = False  # the sources say they do not give this
    conflict: Unit | None = None  # another source gives another value for the same thing
    repeat: bool = False  # answered by a sentence an earlier part already quoted
    p: float = 0.0
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class Turn:
    """The state of one question on its way to an answer."""

    question: str
    norm: Normalised
    choice: YearChoice
    parts: list[PartResult] = field(default_factory=list)
    followup: bool = False  # rewritten from the history ("når var den?")


def _shown(pr: PartResult, n_parts: int) -> list[Unit]:
    """The chosen units the answer says: three for a comparison, or an explanation or list
    asked alone; two for another question asked alone; one per part of several."""
    limit = 3 if pr.pq.compare else (2 if n_parts == 1 else 1)
    if n_parts == 1 and pr.pq.qtype in ("text", "list"):
        limit = 3  # an explanation or a list often needs a third sentence
    return pr.chosen[:limit]


class AnswerService:
    def __init__(self, services: Backends, model: DecisionModel | None = None) -> None:
        self.sv = services
        self.settings = services.settings
        self._units: UnitVectors | None = None
        self._gen = -1
        self._stats: TermStats | None = None
        self._rounds = Rounds()
        self._norm: Normaliser | None = None
        self.model = model or DecisionModel.load()
        self.weights: dict[str, float] | None = None  # the unit score's weights (tuning)
        self.trace: list[tuple[PartQuery, list[Unit]]] | None = None  # evals: ranked units
        self.chat = make_chat_model(self.settings)
        self.decide_enabled = True  # the eval turns it off to fit the model

    # ------------------------------------------------------------------ state
    def _refresh(self, lex: LexicalIndex | None = None) -> None:
        """Term statistics, rounds and vocabulary follow the BM25 index (and the store)."""
        lex = lex or self.sv.lexical
        if lex.generation != self._gen:
            self._stats = TermStats.build(lex.analyzer, lex.texts)
            self._rounds = Rounds.from_corpus(
                lex.texts,
                lex.metas,
                registry(self.settings).deadlines(self.settings.region),
            )
            heads = [f"{m.get('title', '')} {m.get('section', '')}" for m in lex.metas]
            self._norm = Normaliser(Vocabulary([*lex.texts, *heads]))
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

    def _other_regions(self) -> list[str]:
        """Names of the registry's regions other than this assistant's own (their guidelines
        are another county's rules)."""
        reg = registry(self.settings)
        own = reg.region(self.settings.region).key
        return [r.name for r in reg.regions.values() if r.key != own]

    def contact(self) -> str:
        name, email = contact_of(self.settings)
        return f"{name} ({email})"

    def _contact_sentence(self) -> str:
        return contact_sentence(*contact_of(self.settings))

    # ------------------------------------------------------------------ API
    def ask(
        self,
        question: str,
        history: list[dict[str, str]] | None = None,
        year: int | None = None,
    ) -> Answer:
        t0 = time.perf_counter()
        q = self._validate(question)
        searcher = self.sv.searcher()
        self._refresh(searcher.lexical)
        turn = self._understand(q, history or [], year)
        if turn.choice.unknown:
            ans = self._refusal(
                turn.choice.unknown, f"Jeg finner ingen regler for {turn.choice.unknown} i kildene."
            )
        else:
            for pr in turn.parts:
                self._answer_part(searcher, turn, pr)
            ans = self._compose(turn)
        ans.details = {
            "lang": turn.norm.lang,
            "normalised": turn.norm.text,
            "corrections": turn.norm.corrections,
            "parts": [
                {"text": pr.part.text, "qtype": pr.pq.qtype, "p": round(pr.p, 3), **pr.features}
                for pr in turn.parts
            ],
        }
        log.info(
            "ask answered=%s year=%s lang=%s parts=%d citations=%d ms=%.0f",
            ans.answered,
            ans.year,
            turn.norm.lang,
            len(turn.parts),
            len(ans.citations),
            1000 * (time.perf_counter() - t0),
        )
        return ans

    # ------------------------------------------------------------------ steps
    def _validate(self, question: str) -> str:
        q = " ".join((question or "").split())
        if not q:
            raise InputError("Spørsmålet er tomt. Skriv hva du lurer på.")
        limit = self.settings.max_question_chars
        if len(q) > limit:
            raise InputError(f"Spørsmålet er for langt (over {limit} tegn). Kort det ned.")
        return q

    def _understand(self, q: str, history: list[dict[str, str]], year: int | None) -> Turn:
        assert self._norm is not None
        norm = self._norm(q)
        hist = [
            {"role": h["role"], "content": self._norm(h["content"]).text}
            if h["role"] == "user"
            else h
            for h in trim_history(history, self.settings.history_turns)
        ]
        rw = rewrite(norm.text, hist)
        text = rw.focus if rw.is_followup else norm.text  # "og året før?" → "og i 2019?"
        choice = self._choose_year(text, year, rw.history_year)
        turn = Turn(q, norm, choice, followup=rw.is_followup)
        parts = split_parts(text)
        rounds = sorted(self._rounds.deadlines)
        current = self._rounds.current(self.settings.today_date())
        prev_text = ""
        prev_type: QType | None = None
        english_yesno = norm.lang == "en" and en.yes_no_question(norm.original)
        for i, part in enumerate(parts):
            qtype = question_type(part.text)
            if qtype == "text" and part.context:
                # "Fristen nå er 20. juni – hva var den for 2021?" asks for a date
                with_ctx = question_type(f"{part.context} {part.text}")
                qtype = with_ctx if with_ctx in ("date", "amount", "count") else qtype
            if i == 0 and english_yesno:
                qtype = "yesno"
            if i == 0:
                query = rw.query if rw.is_followup else part.text
                query = f"{query} {part.context}".strip()
                if rw.is_followup and qtype == "text" and not _asks_its_own(part.text):
                    users = [h["content"] for h in hist if h["role"] == "user"]
                    if users:
                        qtype = question_type(users[-1])  # "Og hva med 2021?" keeps the form
            else:
                sub = _part_rewrite(part.text, f"{part.context} {prev_text}".strip())
                query = sub.query
                if (
                    sub.is_followup
                    and qtype == "text"
                    and prev_type
                    and not _OWN_QUESTION.match(part.text)
                ):
                    qtype = prev_type  # "og for 2018-midlene?" asks what the part before asked
                if not sub.is_followup:  # try it with the words before it too
                    carried = [
                        w for w in content_words(prev_text) if w not in content_words(part.text)
                    ]
                    query = f"{part.text} {' '.join(carried[:8])}".strip()
            compare = (
                compared_years(f"{part.context} {part.text}", rounds, current)
                if len(parts) <= 2
                else []
            )
            pchoice = choice
            named = [int(y) for y in re.findall(r"(?<!\d)20[0-4]\d(?!\d)", part.text)]
            if i > 0 and named and not year:
                pchoice = self._choose_year(part.text, None, None)
            is_round = bool(pchoice.year and pchoice.year in self._rounds.deadlines)
            extra, groups = self._synonyms(query)
            own_extra, _ = self._synonyms(part.text)
            intent, term = _intent(part.text)
            pq = PartQuery(
                text=part.text,
                query=f"{query} {extra}".strip(),
                qtype=qtype,
                year=pchoice.year,
                pinned=pchoice.pinned,
                is_round=is_round,
                compare=compare,
                groups=groups,
                intent=intent,
                term=term,
                foreign_ok=_names_county(f"{norm.original} {part.text}"),
                own_query=f"{part.text} {own_extra}".strip(),
            )
            turn.parts.append(PartResult(part, pq))
            prev_text, prev_type = f"{prev_text} {part.context} {part.text}".strip(), qtype
        return turn

    def _synonyms(self, text: str) -> tuple[str, list[Group]]:
        """Corpus terms for the user's everyday words: extra query words, and one concept
        group per word or phrase found (matched on stems: "næringsprosjekter" finds
        "næringsprosjekt")."""
        assert self._stats is not None
        seq = [s for w in words(text) for s in [_stem(w)]]
        joined = f" {' '.join(seq)} "
        extra: list[str] = []
        groups: list[Group] = []
        for key, terms in _SYNONYM_STEMS.items():  # longest first; a match uses its words up
            pattern = f" {' '.join(key)} "
            if pattern not in joined:
                continue
            joined = joined.replace(pattern, " \x00 ")
            extra.extend(SYNONYMS[_SYNONYM_KEYS[key]])
            alts = frozenset(s for t in terms for s in self._stats.analyzer(t))
            key_stems = frozenset(s for s in key if s not in STOPWORDS)
            idfs = sorted(self._stats.idf.get(a, self._stats.max_idf) for a in alts)
            weight = idfs[len(idfs) // 2] if idfs else 1.0  # as much as the corpus terms weigh
            groups.append(Group(key_stems, alts, weight))
        return " ".join(extra), groups

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
        if not choice.pinned and not choice.unknown:
            return YearChoice(rounds.current(today), False)
        return choice

    def _answer_part(self, searcher: Any, turn: Turn, pr: PartResult) -> None:
        """Answer one part. A later part is tried on its own words and with the words of
        the parts before it ("… og hvor mange fikk penger?" needs them, "hvor søker vi"
        does not); the reading that continues the previous part, or else the one the
        decision trusts more, is kept."""
        own = pr.pq
        if not pr.part.follows or own.own_query == own.query:
            self._answer_with(searcher, turn, pr, own)
            return
        carried = PartResult(pr.part, own)
        self._answer_with(searcher, turn, carried, own)
        alone = PartResult(pr.part, replace(own, query=own.own_query))
        self._answer_with(searcher, turn, alone, alone.pq)
        before = {
            h.id
            for other in turn.parts
            if other is not pr
            for u in other.chosen
            for h in [other.hits[u.chunk_index]]
        }
        continues = bool(carried.chosen) and (
            carried.hits[carried.chosen[0].chunk_index].id in before
        )
        pick = carried if continues or carried.p > alone.p + 0.05 else alone
        if carried.repeat and alone.answered and len(content_words(pr.part.text)) >= 2:
            # "… vanlig drift? og kan to kommuner søke sammen?": the words carried over found
            # the part before's own sentence; a part with words of its own asks something new
            pick = alone
        pr.__dict__.update(pick.__dict__)

    def _answer_with(self, searcher: Any, turn: Turn, pr: PartResult, pq: PartQuery) -> None:
        assert self._stats is not None
        filters = Filter()
        if pq.pinned and pq.is_round and not pq.compare:
            filters = filters.one_of("year", [pq.year, 0])
        if not pq.foreign_ok:  # other counties' practice only when the question asks for it
            filters = filters.none_of("region", [FOREIGN, *self._other_regions()])
        qvec = self.sv.embedder.embed_query(pq.query)
        hits: list[Hit] = searcher.search(pq.query, k=8, filters=filters or None, query_vector=qvec)
        safe = [h for h in hits if not looks_like_injection(h.text)]
        if len(safe) < len(hits):
            log.warning(
                "dropped %d passage(s) that address instructions to a model", len(hits) - len(safe)
            )
        pr.hits = safe
        # table cells follow the whole question: "… 2020, og hvor mange fikk penger?" asks two
        units = make_units(safe, pq.qtype, turn.norm.text, self._stats)
        if not units:
            return
        dense = self.units.similarities(units, safe, qvec, self.settings.sentence_vectors)
        skip = {s for w in QUESTION_WORDS for s in self._stats.analyzer(w)}
        grouped = {s for g in pq.groups for s in g.key}
        focus = {
            s: w
            for s, w in self._stats.weights(pq.text).items()
            if s not in skip and s not in grouped
        }
        carried = {
            s: 0.5 * w
            for s, w in self._stats.weights(pq.query).items()
            if s not in focus and s not in skip and s not in grouped and not s.isdigit()
        }
        ranked = rank_units(units, dense, self._stats, focus, carried, safe, pq, self.weights)
        if self.trace is not None:
            self.trace.append((pq, ranked))
        used = {
            u.text
            for other in turn.parts
            if other is not pr and other.answered
            for u in other.chosen
        }
        shown = {
            u.text
            for other in turn.parts
            if other is not pr and other.answered
            for u in _shown(other, len(turn.parts))
        }
        if pr.part.follows and ranked and ranked[0].text in shown:
            # the sentence an earlier part quoted answers this part too: say it once
            pr.chosen, pr.repeat, pr.answered, pr.p = [ranked[0]], True, True, 1.0
            pr.features = {"repeat": 1.0}
            return
        # no sentence twice across parts; a table row may answer two parts (said once)
        ranked = [u for u in ranked if u.text not in used or u.features.get("row")] or ranked
        value_q = pq.qtype in ("date", "amount", "count")

        def gap(u: Unit) -> bool:
            return unit_is_gap(u) and not self._answers_before_gap(u.text, pq)

        if not value_q and gap(ranked[0]):
            # "the sources do not give the deadline" does not answer "must we report?"
            top = ranked[0].features["score"]
            alt = next((u for u in ranked[1:6] if not gap(u)), None)
            if alt is not None and alt.features["score"] >= 0.9 * top:
                ranked = [alt, *[u for u in ranked if u is not alt]]
        many = len(turn.parts) == 1 and pq.qtype in ("text", "list")
        ranked, pr.conflict = self._resolve_conflict(ranked, pq, safe)
        pr.chosen = choose(ranked, self._stats, pq, limit=3 if many else 2)
        pr.gap = gap(pr.chosen[0])
        # the decision reads the strongest chosen unit (a FAQ answer may start before it)
        best = max(pr.chosen, key=lambda u: u.features["score"])
        pr.features = self._features(turn, pr, best, focus)
        own_words = content_words(pq.text) or (turn.followup and content_words(pq.query))
        if not own_words and not pq.compare and len(turn.parts) == 1:
            # "hva?" alone asks nothing; "når var den?" after a turn asks about its topic
            pr.answered, pr.p = False, 0.0
            return
        if pr.features["why_no_reason"] and self.decide_enabled:
            pr.answered, pr.p = False, 0.0  # "why" needs a stated reason, not the topic
            return
        decision = self.model.decide(pr.features)
        pr.p = decision.p
        pr.answered = decision.answer or not self.decide_enabled

    def _answers_before_gap(self, text: str, pq: PartQuery) -> bool:
        """A yes/no question is answered by a statement that has its gap only in a caveat:
        "må vi ha egenfinansiering?" by "… krever kommunal egenfinansiering, men kildene
        oppgir ingen prosentsats", but not "er det noen prosentsats?", which the caveat
        is about."""
        split = caveat_split(text) if pq.qtype == "yesno" else None
        if split is None:
            return False
        assert self._stats is not None
        stems = self._stats.stems
        asked = {s for s in stems(pq.text) if not s.isdigit()}
        return not (stems(split[1]) - stems(split[0])) & asked

    def _resolve_conflict(
        self, ranked: list[Unit], pq: PartQuery, hits: list[Hit]
    ) -> tuple[list[Unit], Unit | None]:
        """Two sources that give different values for what was asked: the round's own
        guideline wins, and the other one is shown as a conflict, never silently used."""
        if pq.qtype not in ("date", "amount", "count") or not ranked:
            return ranked, None
        finder = finder_for(pq.qtype)
        top = ranked[0]
        close = [
            u
            for u in ranked[:8]
            if finder(u.text)
            and u.features["cov_focus"] >= 0.8 * top.features["cov_focus"]
            and u.features["score"] >= 0.7 * top.features["score"]
        ]
        if len(close) < 2:
            return ranked, None

        def official(u: Unit) -> bool:
            """From the round's own guideline, and about that round (not a comparison)."""
            h = hits[u.chunk_index]
            gy = grant_years(u.text)
            return (
                h.kind == "guideline"
                and (not pq.year or h.year == pq.year)
                and (not gy or not pq.year or pq.year in gy)
            )

        lead = next((u for u in close if official(u)), None)
        if lead is None:
            return ranked, None
        value = finder(lead.text)[0]

        def values(u: Unit) -> set[str]:  # "1. september 2020 kl. 23.59" is "1. september 2020"
            return {re.sub(r"\s*kl\..*$", "", v).replace("\u00a0", " ") for v in finder(u.text)}

        assert self._stats is not None
        stats = self._stats
        lead_stems = {s for s in stats.stems(lead.text) if not s.isdigit()}

        def same_thing(u: Unit) -> bool:
            """About the same rule of the same round, in other words: a real conflict."""
            gy = grant_years(u.text)
            if pq.year and (pq.year not in gy if gy else pq.year not in years_mentioned(u.text)):
                return False
            stems = {s for s in stats.stems(u.text) if not s.isdigit()}
            return len(stems & lead_stems) / max(min(len(stems), len(lead_stems)), 1) >= 0.8

        other = next(
            (
                u
                for u in close
                if hits[u.chunk_index].source != hits[lead.chunk_index].source
                and not official(u)
                and hits[u.chunk_index].kind != "faq"
                and not values(u) & values(lead)
                and same_thing(u)
            ),
            None,
        )
        if other is None:
            return ranked, None
        log.warning("conflicting values for one question: %r vs %r", value, finder(other.text)[0])
        rest = [u for u in ranked if u is not lead and u is not other]
        return [lead, *rest], other

    def _features(
        self, turn: Turn, pr: PartResult, best: Unit, focus: dict[str, float]
    ) -> dict[str, float]:
        assert self._norm is not None
        vocab = self._norm.vocab
        own = [
            w
            for w in words(pr.pq.text)
            if w not in STOPWORDS and w not in QUESTION_WORDS and len(w) > 2 and not w.isdigit()
        ]
        unknown = [w for w in own if not vocab.known(w) and not vocab.compound_of_known(w)]
        evidence = " ".join(
            [best.text, pr.hits[best.chunk_index].text, pr.hits[best.chunk_index].title]
        ).lower()
        names = [
            m.group(1)
            for m in _ENTITY.finditer(turn.norm.text)
            if m.group(1) not in _COMMON_NAMES
            and m.group(1).lower()[: max(4, len(m.group(1)) - 2)] not in evidence
            and not vocab.known(m.group(1))
        ]
        asked_years = {int(y) for y in re.findall(r"(?<!\d)20[0-4]\d(?!\d)", pr.pq.text)}
        said = set().union(*(years_mentioned(u.text) for u in pr.chosen)) if pr.chosen else set()
        said |= {int(pr.hits[u.chunk_index].year or 0) for u in pr.chosen}
        # a deadline falls the year before its round ("fristen i 2024" is the 2025 round);
        # a sum or count "for 2022" is not answered by the figures of 2021
        near = said | {y - 1 for y in said} | {y + 1 for y in said}
        if pr.pq.qtype in ("amount", "count") and not re.search(r"frist", pr.pq.text, re.I):
            near = said
        year_missing = 1.0 if asked_years and not asked_years & near else 0.0
        value_ok = 1.0
        if pr.pq.qtype in ("date", "amount", "count"):
            value_ok = 1.0 if any(u.features.get("value") for u in pr.chosen) else 0.0
        leans_back = pr.pq.query != pr.pq.text and len(content_words(pr.pq.text)) <= 3
        return {
            "dense_n": best.features["dense_n"],
            # a follow-up's own words are few ("Hva med 2019?"): judge it with what it carries
            "cov_focus": max(best.features["cov_focus"], best.features["cov"])
            if leans_back
            else best.features["cov_focus"],
            "cov_chunk": best.features["cov_chunk"],
            "value_ok": value_ok,
            "unknown_frac": len(unknown) / len(own) if own else 0.0,
            "names_missing": min(len(names), 2) / 2,
            "score": best.features["score"],
            "is_row": best.features.get("row", 0.0),
            "gap_near": 1.0
            if any(
                is_gap(u.text) and not self._answers_before_gap(u.text, pr.pq) for u in pr.chosen
            )
            else 0.0,
            "year_missing": year_missing,
            "why_no_reason": 1.0
            if _WHY.match(pr.pq.text) and not any(_states_reason(u.text) for u in pr.chosen)
            else 0.0,
        }

    # ------------------------------------------------------------------ answers
    def _refusal(self, year: int | None, why: str = "") -> Answer:
        text = (
            (why + " " if why else "")
            + "Kildene jeg har, svarer ikke på dette. "
            + self._contact_sentence()
        )
        return Answer(text, False, year, [], self.contact())

    def _compose(self, turn: Turn) -> Answer:
        answered = [pr for pr in turn.parts if pr.answered and pr.chosen]
        if not answered:
            return self._refusal(turn.choice.year)
        hits = [h for pr in turn.parts for h in pr.hits]
        offsets, n = [], 0
        for pr in turn.parts:
            offsets.append(n)
            n += len(pr.hits)
        comp = Composer(hits)
        out: list[str] = []
        all_gaps = True
        rows_said: set[str] = set()
        for pr, off in zip(turn.parts, offsets, strict=True):
            if not (pr.answered and pr.chosen):
                out.append(f"Kildene svarer ikke på «{pr.part.text.rstrip('?')}».")
                continue
            if pr.repeat:
                all_gaps = all_gaps and pr.gap
                continue
            first = pr.chosen[0]
            if first.features.get("row"):
                hid = pr.hits[first.chunk_index].id
                if hid in rows_said:
                    all_gaps = all_gaps and pr.gap
                    continue  # the row an earlier part quoted holds this answer too
                rows_said.add(hid)
            units = [Unit(u.text, u.chunk_index + off, u.order, u.features) for u in pr.chosen]
            lead = self._comparison(pr) if pr.pq.compare and not pr.gap else ""
            title = (
                pr.hits[first.chunk_index].title if first.features.get("kind") == "project" else ""
            )
            if not lead and title and asks_name(pr.part.text) and title not in first.text:
                # "hva het prosjektet om de minste i barnehagen?": the record's title first
                lead = f"Prosjektet heter «{title}» [{comp.cite(units[0])}]."
            if not lead and pr.pq.qtype == "yesno" and not pr.gap:
                judged = self._comparative(pr, units)
                lead = judged if judged is not None else yes_no(pr.part.text, units[0])
                if lead and without_lead(units[0].text) != units[0].text:
                    u = units[0]  # our "Ja." before the sentence's own "Nei, …"
                    units[0] = Unit(without_lead(u.text), u.chunk_index, u.order, u.features)
            if lead:
                out.append(lead)
            # a choice ("… fellesløftene eller innovasjon …?") needs both sides of the list
            choice = pr.pq.compare or re.search(r"\beller\b", pr.part.text, re.I)
            named = set() if choice else self._named(pr.part.text)
            stems = self._stats.stems if self._stats is not None else None
            for u in units[: len(_shown(pr, len(turn.parts)))]:
                text = narrow_list(u.text, named, stems) if named and stems else u.text
                out.append(comp.sentence(Unit(text, u.chunk_index, u.order, u.features)))
            if pr.conflict is not None:
                c = Unit(pr.conflict.text, pr.conflict.chunk_index + off, 0, pr.conflict.features)
                title = pr.hits[pr.conflict.chunk_index].title
                out.append(
                    f"Merk: en annen kilde, «{title}», oppgir noe annet: "
                    + comp.sentence(c)
                    + " Retningslinjen for runden gjelder."
                )
            all_gaps = all_gaps and pr.gap
        note = self._round_note(turn, answered)
        if note:
            out.append(note)
        if turn.norm.lang == "en":
            out.append(
                "(Svaret er på bokmål, som kildene. Answered in Norwegian, as the sources are.)"
            )
        text = " ".join(out)
        year = turn.choice.year
        if all_gaps:
            text += " " + self._contact_sentence()
            return Answer(text, False, year, comp.citations, self.contact())
        ans = Answer(text, True, year, comp.citations, None)
        if self.chat is not None:
            ans = self._llm_answer(turn, answered) or ans
        return ans

    @staticmethod
    def _comparison(pr: PartResult) -> str:
        """ "Mindre." or "1,4 mill. kr mer i 2019 enn i 2020." from the two years' figures in
        the chosen sentences, for a question that asks which year had more or how much."""
        money = pr.pq.qtype == "amount" or not re.search(
            r"\b(mange|flere|færre)\b", pr.part.text, re.I
        )
        finder = amounts_in if money else counts_in
        return comparison_lead(pr.part.text, [u.text for u in pr.chosen], finder, money)

    def _named(self, text: str) -> set[str]:
        """The rare stems of a question: the names of things it asks about."""
        assert self._stats is not None
        return {s for s, w in self._stats.weights(text).items() if w >= RARE_IDF}

    @staticmethod
    def _comparative(pr: PartResult, units: list[Unit]) -> str | None:
        """A yes/no question that compares two figures ("flere søknader på oppvekst enn på
        helse?") is answered from the figures, or gets no yes/no at all."""
        money = not re.search(r"\b(mange|flere|færre)\b", pr.part.text, re.I)
        return comparative_yes_no(pr.part.text, units, amounts_in if money else counts_in)

    def _round_note(self, turn: Turn, answered: list[PartResult]) -> str:
        """Say which round a rule belongs to when the sentences do not say it themselves."""
        year = turn.choice.year
        if not year or year not in self._rounds.deadlines:
            return ""
        if any(pr.pq.compare for pr in answered):
            return ""
        chosen = [u for pr in answered for u in pr.chosen]
        rules = any(
            (pr.hits[u.chunk_index].kind in ("guideline", "faq") and pr.hits[u.chunk_index].year)
            for pr in answered
            for u in pr.chosen
        )
        if not rules or any(year in years_mentioned(u.text) for u in chosen):
            return ""
        if any(grant_years(u.text) and year not in grant_years(u.text) for u in chosen):
            return ""  # a sentence about another round: the note would contradict it
        deadline = self._rounds.deadlines.get(year)
        frist = f" (søknadsfrist {format_date(deadline)})" if deadline else ""
        return f"Svaret gjelder prosjektskjønn {year}{frist}."

    def _llm_answer(self, turn: Turn, answered: list[PartResult]) -> Answer | None:
        """The LLM's answer when it verifies against the passages; None means fall back."""
        assert self.chat is not None
        passages = []
        for pr in answered:
            for h in pr.hits[:4]:
                if h not in passages:
                    passages.append(h)
        note = self._round_note(turn, answered)
        try:
            text = self.chat.complete(SYSTEM, build_prompt(turn.norm.text, passages, note)).strip()
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
                snippet=plain(passages[o - 1].text)[:300],
            )
            for o in used
        ]
        if note and note not in text:
            text = f"{text} {note}"
        return Answer(text, True, turn.choice.year, cites, None, backend="llm")
