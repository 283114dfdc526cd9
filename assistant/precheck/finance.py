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
from assistant.lang.nb.fold import search_either as either
from assistant.precheck.blocks import HEADING, ITEM, KV, ROW, TEXT, Block
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
# "Budsjett (mill. kr)", "Beløp i 1000 kr": the unit of the bare numbers in the table below
_UNIT = re.compile(r"(?i)\b(?:i\s+)?(?P<unit>mill(?:ioner|\.)?|1 ?000|tusen)\s*(?:kr\b|kroner|nok)")
_BARE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_COMPANY = re.compile(r"\b(SA|AS|ASA|BA)\b|(?i:frivillig\w*|forening|\blag\b)")
_FIN_HEADER = re.compile(r"^(finansiering|finansieringsplan|kilde|kjelde|inntekter)", re.I)
_COST_HEADER = re.compile(r"^(post|kostnad|kostnader|utgift|utgifter|budsjettpost|tiltak)", re.I)
_BREAKDOWN = re.compile(r"^(av dette|av det|herav|hvorav|derav|fordelt på|fordelt som)\b", re.I)
_BRACKETED_AMOUNTS = re.compile(r"\s*\([^()]*\d[^()]*\)")
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


def value_amount(value: str) -> int | None:
    """The amount a labelled value gives: "450000 (Stjørdal 270 000, …)" is 450 000, and in
    "500 000 kr. Egenfinansiering: 300 000 kr" only the first sentence is the value."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", value.strip(), maxsplit=1)[0]
    return amount_of(_BRACKETED_AMOUNTS.sub("", first))


def is_none(text: str) -> bool:
    return bool(_NONE.match(text)) or is_zero(text)


_MUNICIPAL = re.compile(r"(?<!fylkes)kommun", re.I)  # a county council is other funding


def _municipal(label: str) -> bool:
    return bool(_MUNICIPAL.search(label)) or bool(find_municipalities(label))


def classify(label: str, financing: bool) -> tuple[str, bool]:
    """(role, certain) of a budget or financing line by its label."""
    if either(_TOTAL, label.strip()):
        funding = financing or bool(_FUNDING_WORD.search(label))
        return ("funding_total" if funding else "cost_total"), True
    if either(_APPLIED, label):
        return "applied", True
    if (either(_OTHER, label) or _COMPANY.search(label)) and not _MUNICIPAL.search(label):
        return ("other", True) if financing or either(_OWN_STRONG, label) else ("post", True)
    if either(_OWN_STRONG, label) or (
        financing and (either(_OWN_WEAK, label) or _municipal(label))
    ):
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
        self.scale = 0  # kroner per bare number in the table ("mill. kr": 1 000 000)
        self.split_at = 0  # "Post | Beløp | Finansiering | Beløp": financing from this cell
        self.cost_table = False  # under a "Post | Beløp" header, before its sum row
        self.by_source = False  # "Post | Egeninnsats | Prosjektskjønn": a row's total is its sum
        self.own_posts: list[Line] = []  # "Egne timer (egenfinansiering) | 80 000" as a cost

    def section(self, name: str) -> None:
        self.financing = name in ("finansiering", "annen_finansiering")
        self.after_sum = False
        self.cost_table = name == "budsjett"  # its lines are costs until a sum or financing
        self.by_source = False
        self.scale = 0
        self.split_at = 0

    def unit(self, text: str) -> None:
        m = _UNIT.search(text)
        if m and not find_amounts(text, lenient=False):
            self.scale = 1_000_000 if m.group("unit").lower().startswith("mill") else 1000

    def scaled(self, cell: str) -> int | None:
        if self.scale and _BARE_NUMBER.fullmatch(cell.strip()):
            return round(float(cell.strip().replace(",", ".")) * self.scale)
        return amount_of(cell)

    def add(self, label: str, amount: int, source: str, structured: bool) -> None:
        role, certain = classify(label, self.financing or self.after_sum)
        if role == "own" and structured and self.cost_table and not self.financing:
            # a cost the municipality carries, listed among the costs: the financing table
            # says it again; it is own funding only when nothing else says so (see finish)
            role = "post"
            self.own_posts.append(Line("own", " ".join(label.split()), amount, source))
        if role in ("applied", "own") or (role == "other" and certain):
            self.financing = True
        line = Line(role, " ".join(label.split()).strip(" :|–-"), amount, source, certain)
        if not structured:
            self.prose.append(line)
        elif role == "post":
            self.fin.posts.append(line)
        elif role == "cost_total":
            self.after_sum = True
            self.cost_table = False
            self.fin.cost_total = self.fin.cost_total or Amount(amount, source)
        elif role == "funding_total":
            self.fin.funding_total = self.fin.funding_total or Amount(amount, source)
        elif role == "applied" and any(
            f.role == "applied" and f.amount == amount for f in self.fin.funding
        ):
            # "Søknadsbeløp: 650 000" above the table and "Prosjektskjønn | 650 000" in it
            # are one amount said twice, not two funding lines
            return
        else:
            self.fin.funding.append(line)

    def row(self, cells: list[str], source: str) -> None:
        if self.split_at and len(cells) > self.split_at:
            left, right = cells[: self.split_at], cells[self.split_at :]
            split_at, self.split_at = self.split_at, 0
            financing = self.financing
            self.financing = False
            self.row(left, source)
            self.financing = True
            self.row(right, source)
            self.financing, self.split_at = financing, split_at
            return
        cells = [c for c in cells if c.strip()]
        if not cells:
            return
        amounts = [(i, self.scaled(c)) for i, c in enumerate(cells)]
        found = [(i, a) for i, a in amounts if a is not None]
        if not found or (len(cells) > 1 and found[-1][0] == 0):
            for cell in cells:
                self.unit(cell)
            fin_cells = [i for i, c in enumerate(cells) if i and _FIN_HEADER.match(c.strip())]
            if fin_cells and _COST_HEADER.match(cells[0].strip()):
                self.split_at = fin_cells[0]
                return
            head = cells[0].strip().lower()
            sources = [classify(c, True)[0] for c in cells[1:]]
            self.by_source = len(sources) >= 2 and all(
                r in ("applied", "own") or (r == "other" and classify(c, True)[1])
                for r, c in zip(sources, cells[1:], strict=True)
            )
            if _FIN_HEADER.match(head):
                self.financing, self.after_sum, self.cost_table = True, False, False
            elif _COST_HEADER.match(head):
                self.financing, self.after_sum, self.cost_table = False, False, True
            return
        i, amount = found[-1]  # the last amount column is the row's total
        first = found[0][0]
        if self.by_source:  # each amount column is one source of the cost: the row is their sum
            amount = sum(a for j, a in found if j >= max(first, 1))
        label = " ".join(cells[:first]) if first else cells[0]
        self.add(label, amount, source, structured=True)

    def prose_text(self, text: str, source_prefix: str = "") -> None:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            # "300 000 kr (Ørland 200 000, Åfjord 100 000)": the brackets break the sum down
            bare = _BRACKETED_AMOUNTS.sub("", sentence)
            for clause in _CLAUSES.split(bare):
                clause = clause.strip()
                if not clause or _BREAKDOWN.match(clause):
                    continue
                found = find_amounts(clause, lenient=False)
                if not found:
                    continue
                label = clause[: found[0][1]].strip() or clause
                self.add(source_prefix + label, found[0][0], sentence.strip(), structured=False)

    def block(self, b: Block) -> None:
        if b.kind == HEADING:
            self.unit(b.text)
            return
        if b.kind == ROW:
            self.row(b.cells, b.quote())
        elif b.kind == KV:
            value = b.value
            if is_none(value) and re.search(r"annen|anna|andre", b.key, re.I):
                self.fin.other_none = self.fin.other_none or b.quote()
                return
            amount = value_amount(value) if len(value.split()) <= 6 else None
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
            several = sum(1 for f in found if f[0] >= 1000) > 1  # "Søkt: 500 000. Egen: 300 000"
            if (
                found
                and not several
                and words <= 14
                and found[-1][2] >= len(b.text.rstrip(" .,-")) - 4
            ):
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
    if r.own_posts and not any(f.role == "own" for f in fin.funding):
        fin.funding.extend(r.own_posts)
    for role, attr in (("cost_total", "cost_total"), ("funding_total", "funding_total")):
        if getattr(fin, attr) is None:
            prose = next((p for p in r.prose if p.role == role), None)
            setattr(fin, attr, Amount(prose.amount, prose.source) if prose else None)
    _totals(fin)
    for role, value, source in header:
        amount = value_amount(value)
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
        if role != "applied":
            kept = _without_summary(lines)
            # every check sees the sum once: the summary line leaves the funding lines
            fin.funding = [f for f in fin.funding if f in kept or f not in lines]
            lines = kept
        value = lines[0].amount if role == "applied" else sum(f.amount for f in lines)
        source = "; ".join(f.source for f in lines)
        setattr(fin, role, Amount(value, source))
    if fin.other is None and fin.other_none:
        fin.other = Amount(0, fin.other_none)


def _without_summary(lines: list[Line]) -> list[Line]:
    """Own or other funding said once as a sum and once line by line ("Egenfinansiering |
    500 000" above, "egeninnsats | 420 000" and "kontantbidrag | 80 000" in the financing
    table) counts once: a line that names no one and is the sum of the others is left out.
    "Melhus kommune | 250 000" beside Skaun's and Midtre Gauldal's 125 000 is a share."""
    for i, line in enumerate(lines):
        rest = lines[:i] + lines[i + 1 :]
        if rest and line.amount == sum(f.amount for f in rest) and not _municipal(line.label):
            return rest
    return lines


_APPLIED_PROSE = re.compile(r"\bsøk(?:er|jer|te)\b.{0,80}?\bom\b", re.I)
_TOTAL_PROSE = re.compile(
    r"\b(samla|samlet|samlede|total|totale)\s+(kostnad\w*|budsjett\w*|prosjektkostnad\w*|ramme\w*)\b|"
    r"\bkoster\s+(til sammen|totalt|i alt|samla|samlet)\b",
    re.I,
)
_OWN_NAMED = re.compile(
    r"\b(egenandel(en)?|eigendel(en)?|eigenandel(en)?|egenfinansiering(en)?|"
    r"eigenfinansiering(a)?|egne midler|eigne midlar|eiga finansiering)\b(?P<gap>[^.\d]{0,40}?)"
    r"(?=(kr\.?\s*)?\d)",
    re.I,
)
# an amount as written in a sentence: "200 000 kroner", "kr 40 000", "95.000,-"
_PROSE_AMOUNT = r"(?P<amount>(?:kr\.?\s*)?\d[\d .\u00a0]*(?:,-)?\s*(?:kr\b|kroner|,-)?)"
_OWN_PROSE = re.compile(
    r"\b(?:bidra|bidrar|bidreg|bidrag|dekker|dekkjer|går (?:selv |sjølv )?inn|stiller|skyt(?:er)? inn)\b"
    r"(?:[^.\d]{0,60}?)\bmed\s+(?:(?:egeninnsats|eigeninnsats|arbeidsinnsats|egenandel|eigendel)\s+på\s+)?"
    + _PROSE_AMOUNT,
    re.I,
)
# the next partner's share in the same sentence: "… og Overhalla kommune med 100 000 kroner"
_MORE_OWN = re.compile(
    r"\s*(?:og|,)\s+(?:[A-ZÆØÅ][\wæøå\-]*\s+){1,3}(?:kommune\s+)?med\s+" + _PROSE_AMOUNT
)
# "Denne egenandelen, 800 000 kr, søkes dekket av prosjektskjønn": not the municipality's money
_OWN_SHARE_COVERED = re.compile(
    r"(?i)(søkes|søkjast|blir|vert|skal|dekkes|dekkast)\b[^.]{0,25}\b(dekket|dekt|dekkes|finansiert)?"
    r"[^.]{0,10}\b(av|med|gjennom) (prosjektskj[øo]nn|skjønnsmid)"
)


def fill_from_prose(fin: Finance, text: str) -> None:
    """The amount applied for, the total and own funding from sentences ("Vi søkjer om
    550 000 kr", "Samla kostnad er rekna til …", "Kommunen vil sjølv bidra med 40 000 kr"),
    each only when no line of the budget or the header gave it."""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|\n", text):
        if fin.applied is None:
            m = either(_APPLIED_PROSE, sentence)
            found = find_amounts(sentence[m.end() : m.end() + 120], lenient=False) if m else []
            if found:
                fin.applied = Amount(found[0][0], sentence.strip())
        if fin.cost_total is None and fin.funding_total is None:
            m = either(_TOTAL_PROSE, sentence)
            found = find_amounts(sentence[m.end() : m.end() + 80], lenient=False) if m else []
            if found:
                fin.cost_total = Amount(found[0][0], sentence.strip())
        if fin.own is None:
            m = either(_OWN_NAMED, sentence)
            found = find_amounts(sentence[m.end() : m.end() + 40], lenient=False) if m else []
            if (
                m
                and found
                and found[0][1] <= 6
                # "… i egenfinansiering, og vi søker om 520 000": the amount of the next clause
                and not re.search(r"(?i)\bkrav|forutset|,\s*(og|men|mens)\b|\bsøk", m["gap"])
                and not _OWN_SHARE_COVERED.search(sentence)
            ):
                fin.own = Amount(found[0][0], sentence.strip())
                continue
            m = either(_OWN_PROSE, sentence)
            value = amount_of(m.group("amount"), lenient=False) if m else None
            if m and value and re.search(r"(?i)\b(kommun\w*|vi)\b", sentence[: m.start()]):
                at = m.end()
                # "Namsos kommune bidrar med 200 000 kroner og Overhalla kommune med 100 000"
                while more := _MORE_OWN.match(sentence, at):
                    value += amount_of(more.group("amount"), lenient=False) or 0
                    at = more.end()
                fin.own = Amount(value, sentence.strip())
