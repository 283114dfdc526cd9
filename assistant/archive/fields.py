"""A project record's derived fields: clean lists, content hash, indexed text, vector metadata.

List fields (sectors, municipalities) become one boolean metadata key per normalised
value (``sek_pleie_og_omsorg: True``, ``kom_malvik: True``), so a single filter spec
works both as a Chroma ``where`` and as the numpy mask over BM25 metadata.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

from assistant.db import no_nul

SECTOR_PREFIX = "sek_"
MUNICIPALITY_PREFIX = "kom_"
REJECTED = frozenset({"avslått", "avvist", "trukket"})

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def norm(value: str) -> str:
    """Case- and space-insensitive form used to compare names."""
    return " ".join(str(value).split()).lower()


def slug(value: str) -> str:
    """ASCII key part: "Pleie og omsorg" → "pleie_og_omsorg", "Bærum" → "baerum"."""
    s = norm(value).translate(_FOLD)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


def sector_key(sector: str) -> str:
    return SECTOR_PREFIX + slug(sector)


def municipality_key(municipality: str) -> str:
    return MUNICIPALITY_PREFIX + slug(municipality)


def unique(values: list[str]) -> list[str]:
    """Drop empty and repeated (case-insensitive) values, keeping the first spelling."""
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        v = " ".join(str(v).split())
        if v and norm(v) not in seen:
            seen.add(norm(v))
            out.append(v)
    return out


def clean(rec: dict[str, Any]) -> dict[str, Any]:
    """A record as stored: list fields without repeats, no keys we do not know about lost, no
    NUL characters (they mean nothing in a record, and PostgreSQL's text cannot hold them)."""
    out = no_nul(dict(rec))
    out["kommuner"] = unique(list(out.get("kommuner") or []))
    out["sektorer"] = unique(list(out.get("sektorer") or []))
    return out


def content_hash(rec: dict[str, Any]) -> str:
    blob = json.dumps(rec, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def project_text(rec: dict[str, Any]) -> str:
    """What BM25 and the embedder see: title and description."""
    title = str(rec.get("tittel") or "").strip()
    desc = str(rec.get("beskrivelse") or "").strip()
    if not desc:
        return title
    return f"{title}. {desc}" if not title.endswith((".", "!", "?")) else f"{title} {desc}"


def amount(rec: dict[str, Any]) -> int | None:
    """The amount the amount filters use: tildelt, or søkt when tildelt is unknown."""
    for f in ("tildelt_beløp", "søkt_beløp"):
        if rec.get(f) is not None:
            return int(rec[f])
    return None


def funded(rec: dict[str, Any]) -> bool:
    """Archive projects got money unless the status says rejected or withdrawn."""
    return norm(rec.get("status") or "") not in REJECTED


def chroma_meta(rec: dict[str, Any]) -> dict[str, Any]:
    """Flat metadata for the vector store (and the BM25 mask built from it)."""
    meta: dict[str, Any] = {"kind": "archive_project", "funded": funded(rec)}
    if rec.get("år") is not None:
        meta["år"] = int(rec["år"])
    if rec.get("embete"):
        meta["embete"] = rec["embete"]
    if rec.get("status"):
        meta["status"] = rec["status"]
    a = amount(rec)
    if a is not None:
        meta["beløp"] = a
    for s in rec.get("sektorer") or []:
        meta[sector_key(s)] = True
    for m in rec.get("kommuner") or []:
        meta[municipality_key(m)] = True
    return meta
