"""HTTP routes of reports for operations."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from backend.db import ReadSessionDep
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
