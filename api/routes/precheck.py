"""Pre-check over HTTP: a JSON draft or an uploaded file. Nothing is stored."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Query, UploadFile

from api.deps import ServicesDep
from assistant.errors import InputError
from assistant.precheck import draft_from_mapping, parse_draft, run_precheck
from assistant.settings import BUNDLED_CORPUS

router = APIRouter(tags=["forhåndssjekk"])

MAX_UPLOAD = 10 * 1024 * 1024
SCHEMA = BUNDLED_CORPUS / "rules" / "schema" / "precheck-draft.schema.json"


@router.get("/precheck/schema")
def schema() -> Any:
    """JSON Schema of the draft format."""
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@router.post("/precheck")
def precheck(
    sv: ServicesDep,
    draft: Annotated[dict[str, Any], Body(description="Utkastet, med feltene fra ISORD-skjemaet.")],
    round: Annotated[str | None, Query(description="Runde, f.eks. 2025")] = None,
) -> Any:
    report = run_precheck(draft_from_mapping(draft), sv.settings, sv, round_name=round)
    return report.public()


@router.post("/precheck/file")
async def precheck_file(
    sv: ServicesDep,
    file: Annotated[UploadFile, File(description="JSON, .md, .txt, .docx eller .pdf")],
    round: Annotated[str | None, Query()] = None,
) -> Any:
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InputError("Filen er for stor (over 10 MB). Last opp selve søknadsteksten.")
    report = run_precheck(
        parse_draft(data, file.filename or "utkast.json"), sv.settings, sv, round_name=round
    )
    return report.public()
