"""HTTP routes of reports for operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backend.db import ReadSessionDep
from backend.handoffs.endpoints import NowDep, SettingsDep
from backend.handoffs.report import DeskReport, desk_report
from backend.reports.service import backorders_csv

router = APIRouter(prefix="/reports", tags=["operations"])


@router.get(
    "/backorders.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}}
)
def backorders(session: ReadSessionDep, request: Request) -> Response:
    """Every back-ordered line with its queue position, restock date and ship window."""
    return Response(
        backorders_csv(session, request.app.state.settings),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="backorders.csv"'},
    )


@router.get("/handoffs", response_model=DeskReport)
def handoffs(
    session: ReadSessionDep,
    settings: SettingsDep,
    now: NowDep,
    days: Annotated[int, Query(ge=1, le=92)] = 14,
) -> DeskReport:
    """The support desk for the last `days` days (today included): tickets opened, resolved and
    cancelled, median first response and resolution, ratings after handoffs; per day and per
    agent (the agent console's supervisor view)."""
    tz = settings.store_timezone()
    return desk_report(session, now.astimezone(tz).date(), days, tz)
