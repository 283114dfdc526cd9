from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import AnswersDep

router = APIRouter(tags=["svar"])


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=4000)


class AskRequest(BaseModel):
    question: str = Field(max_length=4000)
    history: list[Turn] = Field(default_factory=list, max_length=50)
    year: int | None = Field(default=None, ge=2000, le=2100)


class CitationPublic(BaseModel):
    n: int
    title: str
    source: str
    year: int | None
    location: str
    snippet: str


class AskResponse(BaseModel):
    answer: str
    answered: bool
    year: int | None
    citations: list[CitationPublic]
    contact: str | None


@router.post("/ask", response_model=AskResponse)
def ask(req: AskRequest, answers: AnswersDep) -> Any:
    ans = answers.ask(req.question, [t.model_dump() for t in req.history], req.year)  # type: ignore[attr-defined]
    return ans.public()
