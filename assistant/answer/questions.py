"""What kind of answer a question wants: a date, an amount, a yes/no, or text."""

from __future__ import annotations

import re
from typing import Literal

QType = Literal["date", "amount", "count", "yesno", "list", "text"]

_DATE_Q = re.compile(
    r"\b(\w*frist\w*|dato\w*|innen hvilken|hvilken dag|hvilket år|hvilken måned|"
    r"tidspunkt|klokkeslett)\b",
    re.I,
)
# "når" asks for a time unless the question opens with "hva/hvem/hvor", where it is a
# conjunction ("hva ser dere etter når dere vurderer søknadene?"); after a verb of asking it
# asks for a time even there ("hva … vet dere når fristen er?")
_WHEN_Q = re.compile(
    r"\b(lurer på|vet (du|dere|man|vi)|si|sier|fortell|vite|spør om|usikker på)\s+når\b",
    re.I,
)
_AMOUNT_Q = re.compile(
    r"\b(hvor mye|beløp\w*|minstebeløp\w*|kroner|hvor store?|sum\w*|ramme\w*|"
    r"hvor mange (millioner|kroner)|prosent\w*)\b",
    re.I,
)
_YESNO_Q = re.compile(
    r"^\s*(kan|kunne|er|må|måtte|får|gis|gjelder|gjaldt|skal|skulle|støttes|finnes|har|hadde|"
    r"blir|dekker|kreves|trenger|bør|burde|holder|teller|regnes|godtas|tillates|ble|var|fikk|"
    r"gir|fins|går|gikk|økte|sank|steg|falt|vil|betyr|stemmer|inngår|omfatter|kom|kommer|fantes|"
    r"holder|lønner)\b",
    re.I,
)


_COUNT_Q = re.compile(r"\bhvor mange\b(?! (millioner|kroner))", re.I)

# Words that shape a question but carry no topic; they must not count as missing terms.
QUESTION_WORDS = frozenset(
    """
    mye finnes betyr vi gjøre hvordan skjer egentlig da helt altså eksempel noen noe
    lurer spørsmål hei takk gjerne vite fortelle forklare si hvilket hvilken står sto
    kunne kan skal må får fikk også fortsatt nå lov mulig går an typ liksom
    vel visst forresten dere deres gi gis finnes fins har hatt ha være vært bli blitt
    """.split()
)


_LIST_Q = re.compile(
    r"^\s*(og\s+)?(hvilke|hva slags|hva (gis|støttes|dekkes) (det )?ikke|hva (er|var) (kriteriene|fellesløftene|"
    r"kravene|rammene|unntakene)|list\w*)\b",
    re.I,
)
_WHO_WHY = re.compile(r"^\s*(og\s+)?(hvem|hvorfor|hvordan|hvilke|hvilken|hvilket)\b", re.I)


_CLAUSE = re.compile(
    r"\s+[–—-]\s+|[:;]\s+|,\s+(?=(?:og\s+|men\s+)?\w+\s+(?:vi|jeg|man|de|det|dette|den|kommunen)\b)"
    # "0–24 utsatte barn og unge, gikk beløpet ned …?": the topic, then the question
    r"|,\s+(?=(?:gikk|ble|fikk|kom|økte|sank|steg|falt)\s)"
)


def _asking_clause(question: str) -> str:
    """The clause that asks: "vi har fått et tilskudd … – kan vi bruke …?" asks the last."""
    clauses = [c.strip() for c in _CLAUSE.split(question.strip()) if c.strip()]
    for c in reversed(clauses):
        c2 = re.sub(r"^(og|men|så)\s+", "", c, flags=re.I)
        if _YESNO_Q.match(c2) or re.match(
            r"^(når|hva|hvem|hvor|hvordan|hvorfor|hvilke|hvilken)\b", c2, re.I
        ):
            return c2
    return question.strip()


# "Ble det mer eller mindre …?", "flere eller færre": a choice between two, not a yes/no
_EITHER_OR = re.compile(
    r"\b(mer|flere|større|høyere|lengre|tidligere|før|likt?) eller "
    r"(mindre|færre|lavere|kortere|senere|etter|ulikt?|forskjellig)\b"
    # "fikk flest prosjekter penger i 2019 eller i 2020?": one of the two years
    r"|\b20\d\d\s+eller\s+(?:i\s+|for\s+)?20\d\d\b"
    # "fikk fellesløftene eller innovasjonsprosjektene mest penger?": one of the two
    r"|\beller\b[^?]*\b(mest|flest|størst|høyest|minst|færrest|lavest)\b"
    r"|\b(mest|flest|størst|høyest|minst|færrest|lavest)\b[^?]*\beller\b",
    re.I,
)


def question_type(question: str) -> QType:
    q = _asking_clause(question)
    if _YESNO_Q.match(q) and not _EITHER_OR.search(q):
        return "yesno"
    if _LIST_Q.match(q) and not re.search(r"\b(frist|dato)\w*", q, re.I):
        return "list"
    if _WHO_WHY.match(q) and not re.search(r"\b(frist|dato|beløp|år|måned)\w*\b", q, re.I):
        return "text"
    if _COUNT_Q.search(q):
        return "count"
    if _DATE_Q.search(q) or (
        re.search(r"\bnår\b", q, re.I)
        and (not re.match(r"^\s*(og\s+)?(hva|hvem|hvor)\b", q, re.I) or _WHEN_Q.search(q))
    ):
        return "date"
    if _AMOUNT_Q.search(q):
        return "amount"
    return "text"
