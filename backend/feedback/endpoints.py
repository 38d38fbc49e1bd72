"""Customer feedback: a rating of 1 to 5 at the end of a conversation, with an optional comment."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from backend.db import SessionDep
from backend.models import Feedback
from backend.notifications.schemas import CONVERSATION_ID

router = APIRouter(prefix="/feedback", tags=["feedback"])


class FeedbackIn(BaseModel):
    conversation_id: str = Field(pattern=CONVERSATION_ID)
    channel: Literal["web", "telegram"]
    rating: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=2000)


class FeedbackOut(BaseModel):
    id: int


@router.post("", response_model=FeedbackOut, status_code=201)
def give_feedback(body: FeedbackIn, session: SessionDep) -> FeedbackOut:
    row = Feedback(**body.model_dump())
    session.add(row)
    session.flush()
    return FeedbackOut(id=row.id)
