"""Writing the answer: the chosen sentences in order, each with its [n] marker; a yes/no
question starts with Ja/Nei; citations name the document, round and section.

No raw Markdown reaches the user: list dashes, emphasis, heading marks and table pipes are
removed from answer sentences and from citation snippets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.answer.sentences import Unit, caveat_split, is_gap, is_negative
from assistant.lang.nb import amount_of, kr
from assistant.lang.nb.dates import MONTH_PATTERN
from assistant.models import Citation, Hit

_MD_LINE = re.compile(r"^\s*(?:#{1,6}\s+|[-*•]\s+|\d+[.)]\s+|>\s*)")
_MD_INLINE = re.compile(r"\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)|`")
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$|^\s*\|?\s*:?-{3,}")
_YESNO_LEAD = re.compile(r"^\s*(ja|nei)\b", re.I)


def plain(text: str) -> str:
    """Markdown to plain text: one line, no list marks, emphasis or table rows."""
    lines = []
    for line in text.splitlines():
        if _TABLE_LINE.match(line):
            continue
        line = _MD_LINE.sub("", line)
        line = _MD_INLINE.sub("", line)
        if line.strip():
            lines.append(line.strip())
    out = " ".join(lines)
    return " ".join(out.split())


def snippet(text: str, limit: int = 300) -> str:
    s = plain(text)
    if len(s) <= limit:
        return s
    cut = s[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def with_marker(text: str, n: int) -> str:
    text = text.rstrip()
    m = re.search(r"[.!?]+$", text)
    if m:
        return f"{text[: m.start()]} [{n}]{text[m.start() :]}"
    return f"{text} [{n}]."


_LIST_SENTENCE = re.compile(r"^(?P<intro>[^:;]{10,220}):\s+(?P<items>.+?)\.?$")


def narrow_list(text: str, named: set[str], stems: Any) -> str:
    """A list sentence cut to the items the question names: "kva kommune laga
    sjukepleieklinikk?" is answered by "…: Sykepleieklinikk (Hitra)", not by all eight
    projects. ``named``: the question's rare stems. Unchanged unless one or two of at
    least three items, and not the intro itself, hold such a stem."""
    m = _LIST_SENTENCE.match(text)
    if not m:
        return text
    items = [i.strip() for i in m.group("items").split("; ") if i.strip()]
    keys = named - stems(m.group("intro"))
    if len(items) < 3 or not keys:
        return text
    hit = [i for i in items if keys & stems(i)]
    if not hit or len(hit) > 2:
        return text
    return f"{m.group('intro')}: {'; '.join(hit)}."


def without_lead(text: str) -> str:
    """The sentence without its own "Ja," or "Nei," (when a lead of ours stands before it)."""
    rest = _YESNO_LEAD_WORD.sub("", text, count=1)
    return rest[:1].upper() + rest[1:] if rest != text else text


_YESNO_LEAD_WORD = re.compile(r"^\s*(?:ja|nei)\s*[,.]\s*", re.I)


def yes_no(question: str, top: Unit) -> str:
    """ "Ja." or "Nei." from the polarity of the question and of the sentence, or "" when
    the sentence says it itself or covers the question too loosely to tell."""
    negative_q = asks_negatively(question)
    own = _YESNO_LEAD.match(top.text)
    if own:
        # "Er ordinær drift utelukket?" – "Nei, prosjektskjønn gir ikke støtte til ordinær
        # drift": the sentence answers whether it is allowed, so its "Nei" means yes here
        if not negative_q and _PROHIBITION.search(question):
            return "Ja." if own.group(1).lower() == "nei" else "Nei."
        return ""
    if top.features.get("row") and ": " in top.text:  # a table row: 0 of what was asked is no
        first = top.text.split(": ", 1)[1].split(";")[0]
        if re.match(r"^\D*\b0\b(?![,.]\d)", first):
            return "Nei."
    if not negative_q and _two_years(question) and _differs_by_round(top.text):
        # "Er fristen den samme for 2021 og 2025?" – "… 20. juni 2024 …, og … 1. september 2020"
        if _ASKS_SAME.search(question):
            return "Nei."
        if _ASKS_CHANGE.search(question):
            return "Ja."
    if not negative_q and _SAYS_SAME.search(top.text) and not _CHANGED.search(top.text):
        if _ASKS_CHANGE.search(question):  # "Har kravene endret seg?" – "… er de samme …"
            return "Nei."
        if _ASKS_SAME.search(question):
            return "Ja."
    if not negative_q and _CHANGED.search(top.text):
        if _ASKS_CHANGE.search(question):  # "Har kriteriene endret seg?" – "… ble endret fra …"
            return "Ja."
        if _ASKS_SAME.search(question):  # "Var det likt for 2021?" – "… ble endret fra …"
            return "Nei."
    if not negative_q and _PROHIBITION.search(question):
        # "Er ordinær drift nevnt som eget unntak?": a sentence that forbids confirms it
        return "Ja." if is_negative(top.text) else "Nei."
    # a caveat after "men" ("…, men kildene oppgir ingen prosentsats") is not the answer
    split = caveat_split(top.text) if is_gap(top.text) else None
    said = split[0] if split else top.text
    yes = is_negative(said) == negative_q
    if _opposite(question, said):  # "må den være lang?" – "… skrive søknaden kortfattet"
        yes = not yes
    return "Ja." if yes else "Nei."


# Pairs of opposites: a sentence that says the one answers a question about the other with no
_OPPOSITES = (
    (
        re.compile(r"\b(lang|langt|lange|detaljert\w*|omfattende|grundig)\b", re.I),
        re.compile(r"\b(kort|kortfattet|korte|kortfatta)\b", re.I),
    ),
)


def _opposite(question: str, sentence: str) -> bool:
    return any(
        (a.search(question) and b.search(sentence) and not a.search(sentence))
        or (b.search(question) and a.search(sentence) and not b.search(sentence))
        for a, b in _OPPOSITES
    )


# A question about change or sameness between rounds, and a sentence that states a change.
_ASKS_CHANGE = re.compile(
    r"\b(endret|endra|endring\w*|forandr\w*|forskjell\w*|annerledes|annleis|nytt|nye)\b", re.I
)
_ASKS_SAME = re.compile(r"\b(likt?|like|samme|uendret|fortsatt|fremdeles)\b", re.I)
_CHANGED = re.compile(
    r"\b(ble endret|er endret|endret fra|endra frå|endret seg|i stedet for|ikke var nevnt|"
    r"var ikke nevnt|ikke nevnt for|nytt i|nye i|mot bare|mot 1\.)\b",
    re.I,
)
_SAYS_SAME = re.compile(r"\b(er|var) (de|det|den) samme\b|\buendret\b|\ber likt\b", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\.\s*({MONTH_PATTERN})\b", re.I)
_ROUND_NAMED = re.compile(
    r"\b(?:prosjektskjønn(?:et)?(?: for)?|runden)\s+(20\d\d)\b|\b(20\d\d)-midlene\b", re.I
)


def _two_years(question: str) -> bool:
    return len(set(re.findall(r"(?<!\d)20\d\d(?!\d)", question))) >= 2


def _differs_by_round(text: str) -> bool:
    """Two rounds named with two different dates: the sentence itself says they differ."""
    dates = {(d, m.lower()) for d, m in _DAY_MONTH.findall(text)}
    rounds = {a or b for a, b in _ROUND_NAMED.findall(text)}
    return len(dates) >= 2 and len(rounds) >= 2


# A question whose topic is itself a prohibition ("unntak", "forbud", "utelukket")
_PROHIBITION = re.compile(r"\b(unntak\w*|forbud\w*|forbudt|utelukk\w*|ulovlig)\b", re.I)


_CONDITION = re.compile(r"\b(hvis|dersom|selv om)\b[^,?]*", re.I)


def asks_negatively(question: str) -> bool:
    """ "Får vi ikke …?" asks negatively; "… hvis prosjektet ikke passer …?" does not: a
    negation inside a condition is part of the case, not of the question."""
    quoted = re.sub(r"«[^»]*»|'[^']*'|\"[^\"]*\"", " ", question)  # "gjelder 'ikke næring' …?"
    return is_negative(_CONDITION.sub(" ", quoted))


@dataclass
class Composer:
    hits: list[Hit]

    def __post_init__(self) -> None:
        self._cites: dict[int, Citation] = {}

    def cite(self, unit: Unit) -> int:
        ci = unit.chunk_index
        if ci not in self._cites:
            h = self.hits[ci]
            self._cites[ci] = Citation(
                n=len(self._cites) + 1,
                title=h.title,
                source=h.source,
                year=h.year,
                location=h.location,
                snippet=snippet(h.text),
            )
        return self._cites[ci].n

    def sentence(self, unit: Unit) -> str:
        return with_marker(plain(unit.text), self.cite(unit))

    @property
    def citations(self) -> list[Citation]:
        return sorted(self._cites.values(), key=lambda c: c.n)


# "Ble det satt av mer eller mindre … i 2020 enn i 2019?", "Hvor mye mer … i 2019 enn i 2020?"
_CHOICE = re.compile(
    r"\b(mer|flere|større|høyere)\s+eller\s+(mindre|færre|lavere)\b"
    r"|\b(mindre|færre|lavere)\s+eller\s+(mer|flere|større|høyere)\b",
    re.I,
)
_HOW_MUCH = re.compile(r"\bhvor\s+(?:mye|mange)\s+(mer|mindre|flere|færre)\b", re.I)
_MORE = {"mer": "mindre", "flere": "færre", "større": "mindre", "høyere": "lavere"}
_LESS = {v: k for k, v in _MORE.items()}
_THAN_YEAR = re.compile(r"\benn\s+(?:i\s+|for\s+)?(20[0-4]\d)\b", re.I)
_A_YEAR = re.compile(r"(?<![\d.,])(20[0-4]\d)(?![\d])")


def values_by_year(texts: list[str], years: list[int], finder: Any) -> dict[int, int]:
    """The first value of the asked kind each year has in the sentences: a value belongs to
    the year mentioned nearest to it ("23,0 millioner kroner i 2019, og for 2020 … 21,6")."""
    out: dict[int, int] = {}
    for text in texts:
        marks = [(m.start(), int(m.group(1))) for m in _A_YEAR.finditer(text)]
        start = 0
        for v in finder(text):
            at = text.find(v, start)
            if at < 0:
                continue
            start = at + len(v)
            end = at + len(v)
            # "4,5 millioner kroner i 2020": the year said right after the value is its year
            said = re.match(r"\s+(?:i|for)\s+(20[0-4]\d)\b", text[end:])
            after = [int(said.group(1))] if said else []
            near = [(abs(p - at), y) for p, y in marks if not at <= p < end]
            if not near:
                continue
            year = after[0] if after else min(near)[1]
            number = amount_of(v, lenient=False) if not v.isalpha() else None
            if number is None and re.fullmatch(r"\d+", v):
                number = int(v)
            if year in years and year not in out and number is not None:
                out[year] = number
    return out


def _said(n: int, money: bool) -> str:
    if not money:
        return str(n)
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}".replace(".", ",") + " mill. kr"
    return kr(n)


def comparison_lead(question: str, texts: list[str], finder: Any, money: bool) -> str:
    """The asked comparison of two years' figures, said first: "Mindre." for "mer eller
    mindre i 2020 enn i 2019?", "1,4 mill. kr mer i 2019 enn i 2020." for "hvor mye mer …";
    "" when the question asks no such thing or the sentences lack a figure for either year."""
    choice, how_much = _CHOICE.search(question), _HOW_MUCH.search(question)
    than = _THAN_YEAR.search(question)
    if not (choice or how_much) or not than:
        return ""
    ref = int(than.group(1))
    others = [int(y) for y in _A_YEAR.findall(question[: than.start()]) if int(y) != ref]
    if not others:
        return ""
    subject = others[0]
    values = values_by_year(texts, [subject, ref], finder)
    if subject not in values or ref not in values:
        return ""
    a, b = values[subject], values[ref]
    if choice:
        more = next(w for w in choice.groups() if w and w.lower() in _MORE).lower()
        word = more if a > b else _MORE[more] if a < b else ("like mye" if money else "like mange")
        return f"{word.capitalize()}."
    assert how_much is not None
    asked = how_much.group(1).lower()
    more = asked if asked in _MORE else _LESS[asked]
    word = more if a > b else _MORE[more]
    if a == b:
        return f"Det var like {'mye' if money else 'mange'} i {subject} som i {ref}."
    lead = f"{_said(abs(a - b), money)} {word} i {subject} enn i {ref}"
    return f"{lead[0].upper()}{lead[1:]}" + ("." if word == asked else f", ikke {asked}.")


# "Ble det søkt om mer i 2019 enn i 2020?", "Kom det flere søknader på oppvekst og velferd enn
# på helse og omsorg?": a yes/no question that compares two figures
_COMPARATIVE = re.compile(
    r"\b(mer|flere|større|høyere|mindre|færre|lavere)\b(?=[^?]*?\benn\b)", re.I
)
_THAN = re.compile(r"\benn\b", re.I)
_DOWN = {"ned", "sank", "falt", "minket", "redusert", "nedgang"}
_TREND = re.compile(
    r"\b(?P<way>ned|opp|sank|falt|minket|redusert|nedgang|økte|økt|økning|steg)\b[^?]*?"
    r"\bfra\s+(?P<a>20[0-4]\d)\s+til\s+(?P<b>20[0-4]\d)\b",
    re.I,
)


def _label_in(label: str, segment: str) -> bool:
    """Every word of a table row's label ("Oppvekst og velferd") is in the segment, by its
    first five letters (inflection)."""
    words = [w for w in re.findall(r"[a-zæøå]{3,}", label.lower()) if w not in {"og", "med"}]
    seg = segment.lower()
    return bool(words) and all(re.search(rf"\b{re.escape(w[:5])}", seg) for w in words)


def _row_value(text: str, question: str, finder: Any) -> int | None:
    """The figure a table row gives for what was asked: the count whose noun the question
    names ("flere søknader" → "13 søknader"), else the row's first figure."""
    found = finder(text.split(": ", 1)[1]) if ": " in text else []
    if not found:
        return None
    nouns = {w[:5] for w in re.findall(r"[a-zæøå]{4,}", question.lower())}
    rest = text.split(": ", 1)[1].lower()

    def named(v: str) -> bool:
        at = rest.find(v.lower())
        after = re.findall(r"[a-zæøå]{4,}", rest[at + len(v) : at + len(v) + 20]) if at >= 0 else []
        return bool(after) and after[0][:5] in nouns

    v = next((v for v in found if named(v)), found[0])
    number = amount_of(v, lenient=False) if not v.isalpha() else None
    if number is None and re.fullmatch(r"\d+", v):
        number = int(v)
    return number


def comparative_yes_no(question: str, units: list[Unit], finder: Any) -> str | None:
    """ "Ja." or "Nei." for a yes/no question that compares two figures, worked out from the
    figures in the chosen sentences (two years, or two table rows named in the question);
    "" when it compares but the figures are not both there (no guess from polarity); None
    when the question compares nothing."""
    trend = _TREND.search(question)
    if trend:  # "gikk beløpet ned fra 2019 til 2020?"
        y0, y1 = int(trend.group("a")), int(trend.group("b"))
        values = values_by_year([u.text for u in units], [y0, y1], finder)
        if y0 not in values or y1 not in values:
            return ""
        down = trend.group("way").lower() in _DOWN
        return "Ja." if (values[y1] < values[y0] if down else values[y1] > values[y0]) else "Nei."
    m = _COMPARATIVE.search(question)
    than = _THAN.search(question, m.end()) if m else None
    if m is None or than is None:
        return None
    more = m.group(1).lower() in _MORE
    before, after = question[: than.start()], question[than.end() :]
    a = b = None
    ref = _A_YEAR.search(after)
    subject = [int(y) for y in _A_YEAR.findall(before) if not ref or int(y) != int(ref.group(1))]
    if ref and subject:
        values = values_by_year([u.text for u in units], [subject[0], int(ref.group(1))], finder)
        a, b = values.get(subject[0]), values.get(int(ref.group(1)))
    else:
        for u in units:
            if not u.features.get("row") or " – " not in u.text:
                continue
            label = u.text.split(" – ", 1)[0]
            in_before, in_after = _label_in(label, before), _label_in(label, after)
            if in_before == in_after:
                continue
            value = _row_value(u.text, question, finder)
            if in_before and a is None:
                a = value
            elif in_after and b is None:
                b = value
    if a is None or b is None:
        return ""
    return "Ja." if (a > b if more else a < b) else "Nei."
