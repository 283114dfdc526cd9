"""Dependencies as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.services import Services


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


ServicesDep = Annotated[Services, Depends(get_services)]


def get_answers(request: Request) -> object:
    from assistant.answer.service import AnswerService

    st = request.app.state
    if getattr(st, "answers", None) is None:
        st.answers = AnswerService(st.services)
    return st.answers


AnswersDep = Annotated[object, Depends(get_answers)]
