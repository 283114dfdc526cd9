"""Which language a question is written in: bokmål ("nb"), nynorsk ("nn") or English ("en").

Short questions defeat statistical detectors, so this counts marker words that only one of
the three uses ("ikkje", "kva" for nynorsk; "the", "what" for English), weighed against
bokmål's own ("ikke", "hva"). Ties go to bokmål, the product's language.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.lang import en, nn

Lang = Literal["nb", "nn", "en"]

_WORD = re.compile(r"[a-zæøåéèüöäA-ZÆØÅÉÈÜÖÄ']+")
_NB_MARKERS = frozenset(
    """
    ikke hva hvem hvor hvordan hvorfor hvilke hvilken jeg vi de en et bare også noe noen mye
    flere hele sammen selv fra være blir ble fikk gjør kommer trenger gjelder gjaldt se si
    sier finnes mens hvis disse hvert søke søker tilskudd midler penger kommunene
    egenfinansiering egenandel tjenester vanlig løsning utenforskap bærekraft eksempel
    tidligere senere forskjell sammenlignet navn heter het kommuner statsforvalteren skole
    når må kan er var har og på til med om det som av
    """.split()
)
_EN_ONLY = en.MARKERS - {"for", "i", "to", "be", "is", "it", "have", "has"} - _NB_MARKERS
_NN_ONLY = nn.MARKERS - _NB_MARKERS
_EN_OPENERS = frozenset("is are does do did could should would must".split())


def detect(text: str) -> Lang:
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return "nb"
    en_hits = sum(1 for w in words if w in _EN_ONLY)
    nn_hits = sum(1 for w in words if w in _NN_ONLY)
    nb_hits = sum(1 for w in words if w in _NB_MARKERS)
    if words[0] in _EN_OPENERS:  # "Is …?", "Does …?": no Norwegian question starts so
        en_hits += 1
    if en_hits >= 2 and en_hits > nb_hits:
        return "en"
    if en_hits >= 1 and nb_hits == 0 and len(words) <= 4:
        return "en"
    if nn_hits >= 1 and nn_hits >= nb_hits - 1:
        return "nn"
    return "nb"
