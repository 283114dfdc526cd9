"""Amounts by role: applied for, own funding (0 included), other funding, totals, budget posts.

Read from table rows and "label: amount" lines in the budget and financing sections first,
prose ("Vi søkjer om 550 000 kr", "Kommunen vil sjølv bidra med 40 000 kr") only where no
line says it. A cost table is read as costs until a financing header ("Finansiering | Kr"), a
line about the money applied for, or its "Sum" row; after that lines are financing.
Every amount keeps the line it came from, so the report can show what it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.lang.nb import amount_of, find_amounts, is_zero
from assistant.precheck.blocks import ITEM, KV, ROW, TEXT, Block
from assistant.precheck.municipalities import find_municipalities

_NONE = re.compile(
    r"^\s*(ingen|nei|ikke aktuelt|ikkje aktuelt|ingen annen finansiering|inga|–|-)\s*([.,;]|$)",
    re.I,
)
_TOTAL = re.compile(
    r"^(sum|totalt?|i alt|samla|samlet|samlede)\b|\b(sum|totalt?)\s+(kostnad|finansiering|"
    r"inntekt|utgift)|totalkostnad|totalbudsjett|kostnad(er)? (totalt|i alt)",
    re.I,
)
_FUNDING_WORD = re.compile(r"finansiering|inntekt|finansiert", re.I)
_APPLIED = re.compile(
    r"søkt|søknadsbeløp|omsøkt|prosjektskjønn|skjønnsmid|søker om|søkjer om|det søkes", re.I
)
_OWN_STRONG = re.compile(
    r"egenfinansiering|eigenfinansiering|egenandel|eigendel|eigenandel|egne midler|"
    r"eigne midlar|eiga finansiering|egen finansiering|kommunal andel|kommunens andel",
    re.I,
)
_OWN_WEAK = re.compile(
    r"egeninnsats|eigeninnsats|arbeidsinnsats|arbeidstid|arbeidstimar|arbeidstimer|kontant|"
    r"kommun|næringsfond|investeringsbudsjett|driftsbudsjett|egen innsats|eigen innsats",
    re.I,
)
_OTHER = re.compile(
    r"tilskudd|tilskot|tilsagn|bufdir|helsedirektorat|udir\b|imdi|husbank|forskningsråd|"
    r"fylkeskommun|sparebank|bedrift|næringsforum|næringsliv|næringsforening|sponsor|stiftelse|"
    r"innovasjon norge|interreg|\bks\b|\bnav\b|departement|direktorat|statsforvaltar|"
    r"statsforvalter|fylkesmann",
    re.I,
)
_FIN_HEADER = re.compile(r"^(finansiering|finansieringsplan|kilde|kjelde|inntekter)", re.I)
_COST_HEADER = re.compile(r"^(post|kostnad|kostnader|utgift|utgifter|budsjettpost|tiltak)", re.I)
_BREAKDOWN = re.compile(r"^(av dette|av det|herav|hvorav|derav|fordelt på|fordelt som)\b", re.I)
_CLAUSES = re.compile(r";\s*|(?<=[.!?])\s+(?=[A-ZÆØÅ])|,\s+(?=[^\d\s])")


@dataclass
class Amount:
    value: int
    source: str  # the line or sentence it was read from


@dataclass
class Line:
    role: str  # "post", "applied", "own", "other", "cost_total", "funding_total"
    label: str
    amount: int
    source: str
    certain: bool = True  # False: a financing line whose label names no known source


@dataclass
class Finance:
    posts: list[Line] = field(default_factory=list)
    funding: list[Line] = field(default_factory=list)
    applied: Amount | None = None
    own: Amount | None = None
    other: Amount | None = None
    cost_total: Amount | None = None
    funding_total: Amount | None = None
    other_none: str = ""  # "Annen finansiering: ingen" as written
    own_mentioned: str = ""  # a sentence that names own funding without an amount

    @property
    def total(self) -> Amount | None:
        if self.cost_total:
            return self.cost_total
        if self.funding_total:
            return self.funding_total
        if len(self.posts) >= 2:
            return Amount(sum(p.amount for p in self.posts), "summen av budsjettpostene")
        return None


def is_none(text: str) -> bool:
    return bool(_NONE.match(text)) or is_zero(text)


def _municipal(label: str) -> bool:
    return bool(re.search(r"kommun", label, re.I)) or bool(find_municipalities(label))


def classify(label: str, financing: bool) -> tuple[str, bool]:
    """(role, certain) of a budget or financing line by its label."""
    if _TOTAL.search(label.strip()):
        funding = financing or bool(_FUNDING_WORD.search(label))
        return ("funding_total" if funding else "cost_total"), True
    if _APPLIED.search(label):
        return "applied", True
    if _OTHER.search(label) and not re.search(r"kommun", label, re.I):
        return ("other", True) if financing or _OWN_STRONG.search(label) else ("post", True)
    if _OWN_STRONG.search(label) or (financing and (_OWN_WEAK.search(label) or _municipal(label))):
        return "own", True
    if financing:
        return "other", False
    return "post", True


class _Reader:
    def __init__(self) -> None:
        self.fin = Finance()
        self.financing = False
        self.after_sum = False
        self.prose: list[Line] = []

    def section(self, name: str) -> None:
        self.financing = name in ("finansiering", "annen_finansiering")
        self.after_sum = False

    def add(self, label: str, amount: int, source: str, structured: bool) -> None:
        role, certain = classify(label, self.financing or self.after_sum)
        if role in ("applied", "own") or (role == "other" and certain):
            self.financing = True
        line = Line(role, " ".join(label.split()).strip(" :|–-"), amount, source, certain)
        if not structured:
            self.prose.append(line)
        elif role == "post":
            self.fin.posts.append(line)
        elif role == "cost_total":
            self.after_sum = True
            self.fin.cost_total = self.fin.cost_total or Amount(amount, source)
        elif role == "funding_total":
            self.fin.funding_total = self.fin.funding_total or Amount(amount, source)
        else:
            self.fin.funding.append(line)

    def row(self, cells: list[str], source: str) -> None:
        cells = [c for c in cells if c.strip()]
        if not cells:
            return
        amounts = [(i, amount_of(c)) for i, c in enumerate(cells)]
        found = [(i, a) for i, a in amounts if a is not None]
        if not found or (len(cells) > 1 and found[-1][0] == 0):
            head = cells[0].strip().lower()
            if _FIN_HEADER.match(head):
                self.financing, self.after_sum = True, False
            elif _COST_HEADER.match(head):
                self.financing, self.after_sum = False, False
            return
        i, amount = found[-1]  # the last amount column is the row's total
        first = found[0][0]
        label = " ".join(cells[:first]) if first else cells[0]
        self.add(label, amount, source, structured=True)

    def prose_text(self, text: str, source_prefix: str = "") -> None:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            for clause in _CLAUSES.split(sentence):
                clause = clause.strip()
                if not clause or _BREAKDOWN.match(clause):
                    continue
                found = find_amounts(clause, lenient=False)
                if not found:
                    continue
                label = clause[: found[0][1]].strip() or clause
                self.add(source_prefix + label, found[0][0], sentence.strip(), structured=False)

    def block(self, b: Block) -> None:
        if b.kind == ROW:
            self.row(b.cells, b.quote())
        elif b.kind == KV:
            value = b.value
            if is_none(value) and re.search(r"annen|anna|andre", b.key, re.I):
                self.fin.other_none = self.fin.other_none or b.quote()
                return
            amount = amount_of(value) if len(value.split()) <= 6 else None
            if amount is not None:
                self.add(b.key, amount, b.quote(), structured=True)
            elif _FIN_HEADER.match(b.key.strip()):
                self.financing = True
                self.prose_text(value)
            else:
                self.prose_text(f"{b.key}: {value}")
        elif b.kind in (ITEM, TEXT):
            found = find_amounts(b.text, lenient=True)
            words = len(b.text.split())
            if found and words <= 14 and found[-1][2] >= len(b.text.rstrip(" .,-")) - 4:
                start = found[-1][1]
                self.add(b.text[:start], found[-1][0], b.quote(), structured=True)
            else:
                self.prose_text(b.text)


def read_finance(
    budget_blocks: list[tuple[str, Block]], header: Sequence[tuple[str, str, str]] = ()
) -> Finance:
    """Amounts from the budget and financing sections ((section, block) pairs) and from the
    labelled header lines ((role, value, source) with role søkt/egen/annen/total)."""
    r = _Reader()
    current = None
    for name, b in budget_blocks:
        if name != current:
            r.section(name)
            current = name
        if name == "annen_finansiering" and b.kind in (TEXT, ITEM) and is_none(b.text):
            r.fin.other_none = r.fin.other_none or b.quote()
            continue
        r.block(b)
    fin = r.fin
    if not fin.funding:
        fin.funding = [p for p in r.prose if p.role in ("applied", "own", "other")]
    for role, attr in (("cost_total", "cost_total"), ("funding_total", "funding_total")):
        if getattr(fin, attr) is None:
            prose = next((p for p in r.prose if p.role == role), None)
            setattr(fin, attr, Amount(prose.amount, prose.source) if prose else None)
    _totals(fin)
    for role, value, source in header:
        amount = amount_of(value)
        if role == "annen" and is_none(value):
            fin.other = fin.other or Amount(0, source)
        elif amount is None:
            continue
        elif role == "søkt":
            fin.applied = Amount(amount, source)
        elif role == "egen" and fin.own is None:
            fin.own = Amount(amount, source)
        elif role == "annen" and fin.other is None:
            fin.other = Amount(amount, source)
        elif role == "total" and fin.cost_total is None:
            fin.cost_total = Amount(amount, source)
    return fin


def _totals(fin: Finance) -> None:
    for role in ("applied", "own", "other"):
        lines = [f for f in fin.funding if f.role == role]
        if not lines:
            continue
        value = lines[0].amount if role == "applied" else sum(f.amount for f in lines)
        source = "; ".join(f.source for f in lines)
        setattr(fin, role, Amount(value, source))
    if fin.other is None and fin.other_none:
        fin.other = Amount(0, fin.other_none)


_APPLIED_PROSE = re.compile(r"\bsøk(?:er|jer|te)\b.{0,80}?\bom\b", re.I)
_TOTAL_PROSE = re.compile(
    r"\b(samla|samlet|samlede|total|totale)\s+(kostnad\w*|budsjett\w*|prosjektkostnad\w*)\b|"
    r"\bkoster\s+(til sammen|totalt|i alt|samla|samlet)\b",
    re.I,
)
_OWN_NAMED = re.compile(
    r"\b(egenandel(en)?|eigendel(en)?|eigenandel(en)?|egenfinansiering(en)?|"
    r"eigenfinansiering(a)?|egne midler|eigne midlar|eiga finansiering)\b(?P<gap>[^.\d]{0,40}?)"
    r"(?=(kr\.?\s*)?\d)",
    re.I,
)
_OWN_PROSE = re.compile(
    r"\b(?:bidra|bidrar|bidreg|bidrag)\b(?:[^.\d]{0,30})\bmed\s+(?P<amount>(?:kr\.?\s*)?\d[\d .\u00a0]*\s*(?:kr\b|kroner|,-))",
    re.I,
)


def fill_from_prose(fin: Finance, text: str) -> None:
    """The amount applied for, the total and own funding from sentences ("Vi søkjer om
    550 000 kr", "Samla kostnad er rekna til …", "Kommunen vil sjølv bidra med 40 000 kr"),
    each only when no line of the budget or the header gave it."""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|\n", text):
        if fin.applied is None:
            m = _APPLIED_PROSE.search(sentence)
            found = find_amounts(sentence[m.end() : m.end() + 120], lenient=False) if m else []
            if found:
                fin.applied = Amount(found[0][0], sentence.strip())
        if fin.cost_total is None and fin.funding_total is None:
            m = _TOTAL_PROSE.search(sentence)
            found = find_amounts(sentence[m.end() : m.end() + 80], lenient=False) if m else []
            if found:
                fin.cost_total = Amount(found[0][0], sentence.strip())
        if fin.own is None:
            m = _OWN_NAMED.search(sentence)
            found = find_amounts(sentence[m.end() : m.end() + 40], lenient=False) if m else []
            if m and found and found[0][1] <= 6 and not re.search(r"(?i)\bkrav|forutset", m["gap"]):
                fin.own = Amount(found[0][0], sentence.strip())
                continue
            m = _OWN_PROSE.search(sentence)
            value = amount_of(m.group("amount"), lenient=False) if m else None
            if m and value and re.search(r"(?i)\b(kommun\w*|vi)\b", sentence[: m.start()]):
                fin.own = Amount(value, sentence.strip())
