"""Bokmål for search: the stop words BM25 leaves out and the Snowball stemmer it uses.

``assistant.store.analyzer`` tokenises and splits compounds; which words carry no meaning and
how a word is reduced to its stem is language, and lives here.
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer

# Our own list of Norwegian bokmål function words (kept short on purpose: content words
# such as "frist" or "søke" must stay searchable).
STOPWORDS = frozenset(
    """
    og i jeg det at en et den til er som på de med han av ikke der så var meg seg men
    ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan
    hans hvor eller hva skal selv sjøl her alle vil bli ble blitt kunne inn når være kom
    noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot å
    meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn
    inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært
    båe begge siden dykk dykkar dei deira deim di dine eg ein eit eitt elles honom hjå ho
    hoe henne hennar hennes hoss hossen ikkje ingi inkje korleis korso kva kvar kvarhelst
    kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre sia sidan so
    somt somme um upp vere vore verte vort varte vart the a an of to in is får fikk gjør
    gjelder må mer mest hos per via jo vel litt
    """.split()
)

COMPOUND_LINKS = ("", "s", "e")  # Norwegian compound linking elements ("prosjekt-s-plan")

_stemmer = Stemmer.Stemmer("norwegian")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball, applied twice: one pass leaves inflected forms apart
    ("telefonnummeret" → "telefonnummer", but "telefonnummer" → "telefonnumm")."""
    once = str(_stemmer.stemWord(word))
    return str(_stemmer.stemWord(once))
