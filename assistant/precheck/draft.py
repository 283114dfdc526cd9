"""The draft application: the ISORD form fields with Norwegian keys, validated from a mapping.

Validation errors are ``InputError`` with a Norwegian message that names the field and says
what is wrong. Unknown keys are kept (in ``extra``) and ignored by the checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import InputError

TEXT_FIELDS = (
    "utlysning",
    "tittel",
    "søker",
    "merknad_fra_søker",
    "utfordringer",
    "mål_og_gjennomføring",
    "begrunnelse_virkemidler",
    "overføring_og_spredning",
)
LIST_FIELDS = ("samarbeidskommuner", "roller_som_styrkes", "sektorer", "virkemidler", "vedlegg")
AMOUNT_FIELDS = ("totalkostnad", "søknadsbeløp")
ALL_FIELDS = (
    TEXT_FIELDS
    + LIST_FIELDS
    + AMOUNT_FIELDS
    + (
        "innsendt",
        "samarbeidspartnere",
        "budsjett",
        "kommunal_egenfinansiering",
        "annen_finansiering",
    )
)


@dataclass
class BudgetPost:
    post: str
    beløp: int


@dataclass
class Draft:
    tittel: str
    søker: str
    utlysning: str = ""
    samarbeidskommuner: list[str] = field(default_factory=list)
    innsendt: dt.date | None = None
    merknad_fra_søker: str = ""
    utfordringer: str = ""
    mål_og_gjennomføring: str = ""
    roller_som_styrkes: list[str] = field(default_factory=list)
    sektorer: list[str] = field(default_factory=list)
    virkemidler: list[str] = field(default_factory=list)
    begrunnelse_virkemidler: str = ""
    overføring_og_spredning: str = ""
    samarbeidspartnere: list[dict[str, str]] = field(default_factory=list)
    budsjett: list[BudgetPost] = field(default_factory=list)
    totalkostnad: int | None = None
    søknadsbeløp: int | None = None
    egen_beløp: int | None = None
    egen_form: str = ""
    annen_kilde: str = ""
    annen_beløp: int | None = None
    vedlegg: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # What the reader found and where (assistant.precheck.reading.Reading); set by parse_draft
    # and by the engine for JSON drafts. Not part of the JSON form.
    reading: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The draft in the JSON format (the schema's shape); unknown keys included."""
        out: dict[str, Any] = {k: getattr(self, k) for k in TEXT_FIELDS + LIST_FIELDS}
        out.update(
            innsendt=self.innsendt.isoformat() if self.innsendt else None,
            samarbeidspartnere=self.samarbeidspartnere,
            budsjett=[{"post": b.post, "beløp": b.beløp} for b in self.budsjett],
            totalkostnad=self.totalkostnad,
            søknadsbeløp=self.søknadsbeløp,
            kommunal_egenfinansiering=(
                {"beløp": self.egen_beløp, "form": self.egen_form}
                if self.egen_beløp is not None
                else None
            ),
            annen_finansiering=(
                {"kilde": self.annen_kilde, "beløp": self.annen_beløp}
                if self.annen_beløp is not None or self.annen_kilde
                else None
            ),
        )
        out.update(self.extra)
        return out

    def text_fields(self) -> dict[str, str]:
        """Every free-text part of the draft by field name (for keyword evidence)."""
        parts = {k: str(getattr(self, k) or "") for k in TEXT_FIELDS if k != "utlysning"}
        parts["budsjett"] = "\n".join(b.post for b in self.budsjett)
        parts["annen_finansiering"] = self.annen_kilde
        parts["kommunal_egenfinansiering"] = self.egen_form
        parts["virkemidler"] = ", ".join(self.virkemidler)
        parts["samarbeidspartnere"] = "; ".join(
            f"{p.get('navn', '')} ({p.get('rolle', '')})" for p in self.samarbeidspartnere
        )
        if isinstance(self.extra.get("annen_tekst"), str):
            parts["annen_tekst"] = self.extra["annen_tekst"]
        return {k: v for k, v in parts.items() if v.strip()}


def _fail(name: str, what: str) -> InputError:
    return InputError(f"Feltet «{name}» {what}.")


def _describe(value: Any) -> str:
    kinds = {
        str: "tekst",
        bool: "sann/usann",
        int: "et tall",
        float: "et desimaltall",
        list: "en liste",
        dict: "et objekt",
        type(None): "null",
    }
    return kinds.get(type(value), type(value).__name__)


def _text(data: dict[str, Any], name: str, required: bool = False) -> str:
    v = data.get(name)
    if v is None:
        if required:
            raise _fail(name, "mangler, men er påkrevd")
        return ""
    if not isinstance(v, str):
        raise _fail(name, f"må være tekst, men er {_describe(v)}")
    if required and not v.strip():
        raise _fail(name, "er tomt, men er påkrevd")
    return v.strip()


def _str_list(data: dict[str, Any], name: str) -> list[str]:
    v = data.get(name)
    if v is None:
        return []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise _fail(name, f"må være en liste med tekster, men er {_describe(v)}")
    return [x.strip() for x in v if x.strip()]


def _amount(v: Any, name: str) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _fail(name, f"må være et helt beløp i kroner (tall), men er {_describe(v)}")
    if isinstance(v, float) and not v.is_integer():
        raise _fail(name, "må være et helt beløp i kroner, uten øre")
    if v < 0:
        raise _fail(name, "kan ikke være negativt")
    return int(v)


def _object(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    v = data.get(name)
    if v is None:
        return None
    if not isinstance(v, dict):
        raise _fail(name, f"må være et objekt eller null, men er {_describe(v)}")
    return v


def _date(data: dict[str, Any], name: str) -> dt.date | None:
    v = data.get(name)
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise _fail(name, f"må være en dato som tekst (ÅÅÅÅ-MM-DD), men er {_describe(v)}")
    try:
        return dt.date.fromisoformat(v.strip()[:10])
    except ValueError:
        raise _fail(name, f"må være en dato på formen ÅÅÅÅ-MM-DD, men er «{v[:20]}»") from None


def draft_from_mapping(data: Any) -> Draft:
    """Validate a JSON object and build a ``Draft``; errors name the field in Norwegian."""
    if not isinstance(data, dict):
        raise InputError(
            f"Utkastet må være et JSON-objekt med feltnavn som nøkler, men er {_describe(data)}."
        )
    # keyword arguments of Draft by name: which value goes to which field is known at run time
    texts: dict[str, Any] = {
        k: _text(data, k, required=k in ("tittel", "søker")) for k in TEXT_FIELDS
    }
    lists: dict[str, Any] = {k: _str_list(data, k) for k in LIST_FIELDS}
    amounts: dict[str, Any] = {k: _amount(data.get(k), k) for k in AMOUNT_FIELDS}
    partners_raw = data.get("samarbeidspartnere") or []
    if not isinstance(partners_raw, list):
        raise _fail(
            "samarbeidspartnere",
            f"må være en liste med {{navn, rolle}}, men er {_describe(partners_raw)}",
        )
    partners: list[dict[str, str]] = []
    for i, p in enumerate(partners_raw, 1):
        if isinstance(p, str):
            partners.append({"navn": p.strip(), "rolle": ""})
        elif isinstance(p, dict) and isinstance(p.get("navn"), str):
            partners.append({"navn": p["navn"].strip(), "rolle": str(p.get("rolle") or "").strip()})
        else:
            raise _fail("samarbeidspartnere", f"element {i} må ha «navn» (tekst)")
    budget_raw = data.get("budsjett") or []
    if not isinstance(budget_raw, list):
        raise _fail(
            "budsjett", f"må være en liste med {{post, beløp}}, men er {_describe(budget_raw)}"
        )
    budget: list[BudgetPost] = []
    for i, b in enumerate(budget_raw, 1):
        if not isinstance(b, dict) or not isinstance(b.get("post"), str):
            raise _fail(
                "budsjett", f"element {i} må være et objekt med «post» (tekst) og «beløp» (tall)"
            )
        amt = _amount(b.get("beløp"), f"budsjett[{i}].beløp")
        if amt is None:
            raise _fail(f"budsjett[{i}].beløp", "mangler")
        budget.append(BudgetPost(b["post"].strip(), amt))
    own = _object(data, "kommunal_egenfinansiering")
    other = _object(data, "annen_finansiering")
    own_form = own.get("form") if own else ""
    if own_form is not None and not isinstance(own_form, str):
        raise _fail("kommunal_egenfinansiering.form", "må være tekst")
    other_src = other.get("kilde") if other else ""
    if other_src is not None and not isinstance(other_src, str):
        raise _fail("annen_finansiering.kilde", "må være tekst")
    return Draft(
        **texts,
        **lists,
        **amounts,
        innsendt=_date(data, "innsendt"),
        samarbeidspartnere=partners,
        budsjett=budget,
        egen_beløp=_amount(own.get("beløp"), "kommunal_egenfinansiering.beløp") if own else None,
        egen_form=(own_form or "").strip(),
        annen_kilde=(other_src or "").strip(),
        annen_beløp=_amount(other.get("beløp"), "annen_finansiering.beløp") if other else None,
        extra={k: v for k, v in data.items() if k not in ALL_FIELDS},
    )
