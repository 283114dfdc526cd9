"""Questions and answers: ``/v1/chat`` (JSON or server-sent events) and ``/v1/feedback``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.deps import ChatDep, JSONBody
from assistant.errors import InputError
from assistant.feedback import MAX_COMMENT, MAX_TEXT, Feedback
from assistant.models import Citation

router = APIRouter(tags=["svar"])


class Turn(BaseModel):
    model_config = ConfigDict(strict=True)  # JSON types as the schema says: no "1" for 1

    role: Literal["user", "assistant"]
    content: str = Field(max_length=8000)


class ChatRequest(BaseModel):
    model_config = ConfigDict(strict=True)

    question: str = Field(description="Spørsmålet, på norsk.", max_length=20000)
    history: list[Turn] = Field(default_factory=list, max_length=50)
    year: int | None = Field(default=None, ge=2000, le=2100, description="Runde (år).")


class ChatResponse(BaseModel):
    answer: str
    answered: bool
    year: int | None
    citations: list[Citation]
    contact: str | None


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(strict=True)

    question: str = Field(min_length=1, max_length=MAX_TEXT)
    answer: str = Field(default="", max_length=4 * MAX_TEXT)
    helpful: bool
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


# after ".", "!", "?" or a "[n]" marker, before a capital: "20. juni" stays whole
_SENTENCE_END = re.compile(r"(?<=[.!?\]])\s+(?=[A-ZÆØÅ«])")


def _stream(result: dict[str, Any]) -> Iterator[str]:
    """Sentence events whose texts, joined by spaces, are the answer; then the whole result."""
    for sentence in _SENTENCE_END.split(result["answer"]):
        yield _sse("sentence", {"text": sentence})
    yield _sse("done", result)


@router.post(
    "/chat",
    response_model=ChatResponse,
    dependencies=[JSONBody],
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def chat(req: ChatRequest, request: Request, service: ChatDep) -> Any:
    """Svar med kilder. Med `Accept: text/event-stream` strømmes svaret setning for setning."""
    if len(req.question) > service.sv.settings.max_question_chars:  # as the schema says
        raise InputError("Spørsmålet er for langt. Kort det ned.")
    # Answers are CPU-bound: a few at a time, first come first served (asyncio's semaphore
    # is fair), instead of dozens of threads fighting over the GIL and the cores.
    async with request.app.state.answer_slots:
        answer = await run_in_threadpool(
            service.ask, req.question, [t.model_dump() for t in req.history], req.year
        )
    result = answer.public()
    if "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(
            _stream(result),
            media_type="text/event-stream",
            headers={"cache-control": "no-store", "x-accel-buffering": "no"},
        )
    return result


@router.post("/feedback", status_code=201, dependencies=[JSONBody])
def feedback(req: FeedbackRequest, service: ChatDep) -> dict[str, int]:
    """«Var svaret nyttig?» Lagres slik at saksbehandlere ser hva som mangler."""
    fid = service.add_feedback(Feedback(req.question, req.answer, req.helpful, req.comment))
    return {"id": fid}
