"""What the pre-check read from a draft ("Lest som"), with the line each value came from.

A ``Reading`` is made for every draft: by the document reader for MD/TXT/DOCX/PDF, and from the
form fields for a JSON draft. The checks take their evidence from it, and the report starts
with its ``public()`` form so an applicant sees a misreading at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from assistant.lang.nb import format_date_numeric, format_month
from assistant.precheck.amounts import kr
from assistant.precheck.finance import Amount, Finance, Line


@dataclass
class Found:
    value: Any
    source: str  # the line as written, or "feltet «søker»" for a JSON draft
    strong: bool = True  # False: inferred from layout (the first line), not from a label


@dataclass
class Reading:
    format: str
    applicant: Found | None = None
    title: Found | None = None
    partners: Found | None = None
    date: Found | None = None  # value: datetime.date
    month: Found | None = None  # value: (year, month) when only the month is given
    round_hint: Found | None = None  # value: year named in the title, call or text
    sections: dict[str, str] = field(default_factory=dict)
    finance: Finance = field(default_factory=Finance)
    full_text: str = ""
    attachments: list[str] = field(default_factory=list)

    def section(self, *names: str) -> str:
        return "\n".join(self.sections[n] for n in names if self.sections.get(n))

    @property
    def goals(self) -> str:
        return self.section("mål") or self.section("mål_gjennomføring")

    @property
    def implementation(self) -> str:
        return self.section("mål_gjennomføring") or self.section("mål")

    def not_found(self) -> list[str]:
        """What a reader needs and did not find (said in the report; never blocks)."""
        out = []
        if self.applicant is None:
            out.append("søker")
        if self.date is None:
            out.append("dato" + (" (bare måned og år)" if self.month else ""))
        fin = self.finance
        if fin.applied is None:
            out.append("søknadsbeløp")
        if fin.own is None:
            out.append("kommunal egenfinansiering")
        if fin.total is None:
            out.append("totalkostnad")
        return out

    def public(self, round_name: str, round_reason: str) -> dict[str, Any]:
        fin = self.finance

        def amount(a: Amount | None) -> dict[str, Any] | None:
            return {"value": a.value, "source": a.source} if a else None

        def found(f: Found | None, value: Any = None) -> dict[str, Any] | None:
            if f is None:
                return None
            return {"value": f.value if value is None else value, "source": f.source}

        date = None
        if self.date:
            date = found(self.date, self.date.value.isoformat())
        elif self.month:
            y, m = self.month.value
            date = {"value": None, "month": format_month(y, m), "source": self.month.source}
        return {
            "format": self.format,
            "applicant": found(self.applicant),
            "title": found(self.title),
            "partners": found(self.partners) or {"value": [], "source": ""},
            "round": {"value": round_name, "reason": round_reason},
            "date": date,
            "amounts": {
                "applied": amount(fin.applied),
                "own_funding": amount(fin.own),
                "other_funding": amount(fin.other),
                "total_cost": amount(fin.total),
            },
            "budget_lines": [{"post": p.label, "amount": p.amount} for p in fin.posts],
            "not_found": self.not_found(),
        }


def describe_date(reading: Reading) -> str:
    if reading.date:
        return format_date_numeric(reading.date.value)
    if reading.month:
        y, m = reading.month.value
        return f"bare «{format_month(y, m)}» (ingen dag)"
    return "ikke funnet"


def render_read_as(public: dict[str, Any]) -> list[str]:
    """The "Lest som" lines of the plain-text report (Norwegian)."""

    def src(d: dict[str, Any] | None) -> str:
        if not d or not d.get("source"):
            return ""
        text = " ".join(str(d["source"]).split())
        text = text if len(text) <= 100 else text[:99].rstrip() + "…"
        return f"  (fra «{text}»)"

    def val(d: dict[str, Any] | None, key: str = "value") -> str:
        return "ikke funnet" if not d or d.get(key) in (None, "", []) else str(d[key])

    a = public["amounts"]

    def money(d: dict[str, Any] | None) -> str:
        return "ikke funnet" if not d else kr(d["value"])

    partners = public["partners"]
    date = public["date"]
    shown_date = (
        "ikke funnet"
        if not date
        else (date["value"] if date.get("value") else f"bare {date['month']} (ingen dag)")
    )
    lines = [
        "LEST SOM – sjekk at dette stemmer med utkastet",
        f"  Søker: {val(public['applicant'])}{src(public['applicant'])}",
        f"  Samarbeidskommuner: {', '.join(partners['value']) or 'ingen funnet'}{src(partners)}",
        f"  Runde: {public['round']['value']} ({public['round']['reason']})",
        f"  Dato: {shown_date}{src(date)}",
        f"  Søkt beløp: {money(a['applied'])}{src(a['applied'])}",
        f"  Kommunal egenfinansiering: {money(a['own_funding'])}{src(a['own_funding'])}",
        f"  Annen finansiering: {money(a['other_funding'])}{src(a['other_funding'])}",
        f"  Totalkostnad: {money(a['total_cost'])}{src(a['total_cost'])}",
    ]
    if public["not_found"]:
        lines.append(f"  Fant ikke: {', '.join(public['not_found'])}")
    return lines


def reading_from_form(d: Any, fmt: str = "json") -> Reading:
    """The reading of a JSON draft: every value comes from a named form field."""

    def field_src(name: str) -> str:
        return f"feltet «{name}»"

    fin = Finance(
        posts=[Line("post", b.post, b.beløp, f"{b.post}: {kr(b.beløp)}") for b in d.budsjett],
        applied=Amount(d.søknadsbeløp, field_src("søknadsbeløp"))
        if d.søknadsbeløp is not None
        else None,
        own=Amount(d.egen_beløp, field_src("kommunal_egenfinansiering"))
        if d.egen_beløp is not None
        else None,
        other=Amount(d.annen_beløp, field_src("annen_finansiering"))
        if d.annen_beløp is not None
        else None,
        cost_total=Amount(d.totalkostnad, field_src("totalkostnad"))
        if d.totalkostnad is not None
        else None,
    )
    plan = d.mål_og_gjennomføring
    texts = d.text_fields()
    return Reading(
        format=fmt,
        applicant=Found(d.søker, field_src("søker")) if d.søker else None,
        title=Found(d.tittel, field_src("tittel")) if d.tittel else None,
        partners=Found(list(d.samarbeidskommuner), field_src("samarbeidskommuner")),
        date=Found(d.innsendt, field_src("innsendt")) if d.innsendt else None,
        sections={
            "mål_gjennomføring": plan,
            "utfordringer": d.utfordringer,
            "begrunnelse": d.begrunnelse_virkemidler,
            "overføring": d.overføring_og_spredning,
        },
        finance=fin,
        full_text="\n".join(texts.values()),
        attachments=list(d.vedlegg),
    )


def as_date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None
