"""Dependencies as Annotated aliases."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from assistant.chat import ChatService
from assistant.errors import AdminDisabledError, UnauthorizedError, UnsupportedTypeError
from assistant.services import Services


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_chat(request: Request) -> ChatService:
    return request.app.state.chat


ServicesDep = Annotated[Services, Depends(get_services)]
ChatDep = Annotated[ChatService, Depends(get_chat)]


def content_type(request: Request) -> str:
    """The media type of the body, without parameters: "application/json"."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def require_json(request: Request) -> None:
    if content_type(request) != "application/json":
        raise UnsupportedTypeError("Send forespørselen som JSON (Content-Type: application/json).")


def require_admin(request: Request) -> None:
    token = request.app.state.services.settings.admin_token
    if not token:
        raise AdminDisabledError(
            "Administrasjon er slått av. Sett SKJONN_ADMIN_TOKEN for å slå den på."
        )
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    # compare bytes: the header as sent (Starlette decodes it as latin-1), the token as UTF-8;
    # compare_digest refuses non-ASCII str
    sent = value.strip().encode("latin-1", "replace")
    if scheme.lower() != "bearer" or not hmac.compare_digest(sent, token.encode("utf-8")):
        raise UnauthorizedError("Mangler gyldig administratornøkkel (Authorization: Bearer …).")


JSONBody = Depends(require_json)
Admin = Depends(require_admin)
