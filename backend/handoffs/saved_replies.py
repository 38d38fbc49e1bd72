"""Saved replies: the agents' shared answers, kept, listed, changed and removed (operator key,
as the console's other agent routes). What `{order_number}` becomes is the console's business."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.bounds import IdInPath, RowId
from backend.db import SessionDep
from backend.errors import Conflict, NotFound
from backend.models import Agent, SavedReply, utcnow
from backend.openapi import errors

router = APIRouter(prefix="/agents/replies", tags=["agents"])


class SavedReplyIn(BaseModel):
    title: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=2000)
    agent_id: RowId

    @field_validator("title", "text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value


class SavedReplyOut(BaseModel):
    id: int
    title: str
    text: str
    agent_id: int | None
    updated_at: dt.datetime


def _out(reply: SavedReply) -> SavedReplyOut:
    return SavedReplyOut(
        id=reply.id,
        title=reply.title,
        text=reply.text,
        agent_id=reply.agent_id,
        updated_at=reply.updated_at,
    )


def all_replies(session: Session) -> Sequence[SavedReply]:
    return session.scalars(select(SavedReply).order_by(SavedReply.title)).all()


def _save(session: Session, reply: SavedReply, body: SavedReplyIn) -> SavedReplyOut:
    if session.get(Agent, body.agent_id) is None:
        raise NotFound(f"No agent {body.agent_id}.", code="unknown_agent")
    reply.title, reply.text, reply.agent_id, reply.updated_at = (
        body.title,
        body.text,
        body.agent_id,
        utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(reply)
            session.flush()
    except IntegrityError:
        raise Conflict(
            f"There is already a saved reply called {body.title!r}.", code="title_taken"
        ) from None
    return _out(reply)


@router.get("", response_model=list[SavedReplyOut])
def list_saved_replies(session: SessionDep) -> list[SavedReplyOut]:
    return [_out(r) for r in all_replies(session)]


@router.post("", response_model=SavedReplyOut, status_code=201, responses=errors(404, 409))
def add_saved_reply(body: SavedReplyIn, session: SessionDep) -> SavedReplyOut:
    """409 `title_taken` when another reply has the title."""
    return _save(session, SavedReply(), body)


@router.put("/{reply_id}", response_model=SavedReplyOut, responses=errors(404, 409))
def change_saved_reply(
    reply_id: IdInPath, body: SavedReplyIn, session: SessionDep
) -> SavedReplyOut:
    reply = session.get(SavedReply, reply_id)
    if reply is None:
        raise NotFound(f"No saved reply {reply_id}.")
    return _save(session, reply, body)


@router.delete("/{reply_id}", status_code=204, responses=errors(404))
def remove_saved_reply(reply_id: IdInPath, session: SessionDep) -> Response:
    reply = session.get(SavedReply, reply_id)
    if reply is None:
        raise NotFound(f"No saved reply {reply_id}.")
    session.delete(reply)
    return Response(status_code=204)
