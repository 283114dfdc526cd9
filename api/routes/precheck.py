"""Pre-check over HTTP: a JSON draft or an uploaded file, one endpoint. Nothing is stored.

Uploads are read under the UPLOAD read limits (assistant/readers/limits.py: sizes, counts, CPU time);
reading and checking queue for ``SKJONN_PRECHECK_CONCURRENCY`` slots in arrival order, like
answers, so a burst of uploads cannot take every core.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.deps import ServicesDep, content_type
from assistant.errors import BadRequestError, InputError, TooLargeError, UnsupportedTypeError
from assistant.precheck import draft_from_mapping, parse_draft, run_precheck
from assistant.precheck.municipalities import Gazetteer
from assistant.precheck.parse import FORMATS, unwrap_eval_file
from assistant.readers import limits
from assistant.readers.textio import LoadError, loads_json
from assistant.rounds import registry
from assistant.settings import BUNDLED_CORPUS

router = APIRouter(tags=["forhåndssjekk"])

MAX_UPLOAD = 10 * 1024 * 1024
SCHEMA = BUNDLED_CORPUS / "rules" / "schema" / "precheck-draft.schema.json"

_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "Feltene i ISORD-skjemaet; se GET /v1/precheck/schema.",
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


@router.get("/precheck/schema")
def schema() -> Any:
    """JSON Schema for utkastet (feltene i ISORD-skjemaet)."""
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@router.post("/precheck", openapi_extra=_BODY_DOC)
async def precheck(
    request: Request,
    sv: ServicesDep,
    round: Annotated[str | None, Query(description="Runde, f.eks. 2025")] = None,
) -> Any:
    """Sjekk et utkast mot reglene for runden: JSON med feltene, eller en fil i feltet `file`
    (.pdf, .docx, .md, .txt, .json; høyst 10 MB). Utkastet lagres ikke."""
    ctype = content_type(request)
    if ctype == "application/json":
        raw = await request.body()
        try:
            data = loads_json(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise BadRequestError("Utkastet er ikke gyldig JSON.") from None
        except LoadError:
            raise BadRequestError("Utkastet er nestet for dypt til å være et utkast.") from None
        async with request.app.state.precheck_slots:
            draft = await run_in_threadpool(draft_from_mapping, unwrap_eval_file(data))
            report = await run_in_threadpool(run_precheck, draft, sv.settings, sv, round_name=round)
    elif ctype == "multipart/form-data":
        # the form spools to disk past 1 MB: a queued upload holds no big buffer
        async with request.form(max_files=1, max_fields=5) as form:
            upload, name = _the_upload(form)
            async with request.app.state.precheck_slots:  # fair: first come, first served
                data = await upload.read(MAX_UPLOAD + 1)
                if len(data) > MAX_UPLOAD:
                    raise TooLargeError(
                        "Filen er for stor (over 10 MB). Last opp selve søknadsteksten."
                    )
                draft = await run_in_threadpool(
                    _parse_upload, data, name, Gazetteer.of(registry(sv.settings))
                )
                del data
                report = await run_in_threadpool(
                    run_precheck, draft, sv.settings, sv, round_name=round
                )
    else:
        raise UnsupportedTypeError(
            "Send utkastet som JSON eller som en fil (multipart/form-data, feltet «file»)."
        )
    status = registry(sv.settings).status_of(report.round_key, sv.settings.today_date())
    return {**report.public(), "round_status": status}


def _parse_upload(data: bytes, name: str, places: Gazetteer) -> Any:
    with limits.applied(limits.UPLOAD):
        return parse_draft(data, name, places)


def _the_upload(form: Any) -> tuple[UploadFile, str]:
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise InputError("Legg ved utkastet som en fil i feltet «file».")
    name = upload.filename or "utkast.txt"
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise UnsupportedTypeError(
            f"Filtypen {suffix or '(uten endelse)'} støttes ikke. Bruk en av: {', '.join(FORMATS)}."
        )
    return upload, name
