"""HTTP routes of the order API: lookup and the changes a verified customer may make."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from backend.bounds import LineNoInPath
from backend.db import SessionDep, read_session
from backend.openapi import errors
from backend.orders import service
from backend.orders.schemas import (
    CancelLineRequest,
    LookupRequest,
    OrderOut,
    Proof,
    SwapOut,
    SwapRequest,
)

router = APIRouter(prefix="/orders", tags=["orders"])
operations_router = APIRouter(prefix="/orders", tags=["operations"])

OrderNumber = Annotated[str, Path(min_length=1, max_length=40)]
LineNo = LineNoInPath
NOT_FOUND = errors(
    404,
    429,
    _404="No order matches that number and proof (the same body either way)",
    _429="Too many failed verifications of this order number by this client",
)


def not_found() -> JSONResponse:
    # Returned, not raised: the request must still commit the failure it recorded.
    return JSONResponse({"detail": service.NOT_FOUND_MESSAGE, "code": "not_found"}, status_code=404)


def refused(verdict: service.Verdict[Any]) -> JSONResponse:
    """The 429 of a locked verification, else the 404 of a failed one."""
    if verdict.retry_after is None:
        return not_found()
    return too_many(verdict.retry_after)


def too_many(seconds: int) -> JSONResponse:
    return JSONResponse(
        {
            "detail": service.LOCKED_MESSAGE,
            "code": "too_many_attempts",
            "retry_after_seconds": seconds,
        },
        status_code=429,
        headers={"Retry-After": str(seconds)},
    )


@router.post("/lookup", response_model=OrderOut, responses=NOT_FOUND)
async def lookup_order(body: LookupRequest, request: Request):  # noqa: ANN201
    """An order's lines and their back-order state, once the email or postal code matches."""
    # The busiest route: its database work runs in one trip through the thread pool (a sync
    # route with a session dependency takes three), and the view is serialised here, as
    # FastAPI would do it (by alias), instead of being validated once more.
    return await run_in_threadpool(_lookup, body, request.app.state)


def _lookup(body: LookupRequest, state: Any) -> Response:
    with read_session(state.sessionmaker) as session:
        verdict, write = service.verified_facts(session, body.order_number, body, body.client_id)
        order = verdict.order
        view = None if order is None else service.order_view(order, state.settings)
    if write is not service.nothing:
        # The lock-out's counters are written in a transaction of their own: the lookup reads.
        with state.sessionmaker() as writer:
            wait = write(writer)
            writer.commit()
        if wait is not None:
            verdict.retry_after = wait
    if view is None:
        return refused(verdict)
    return Response(view.model_dump_json(by_alias=True), media_type="application/json")


@router.post("/{order_number}/cancel", response_model=OrderOut, responses=NOT_FOUND | errors(409))
def cancel_order(order_number: OrderNumber, body: Proof, session: SessionDep, request: Request):  # noqa: ANN201
    """Cancel every line not shipped yet (409 `nothing_to_cancel` when none is left)."""
    verdict = service.verified_order(session, order_number, body, body.client_id, for_update=True)
    order = verdict.order
    if order is None:
        return refused(verdict)
    service.cancel_order(session, order)
    return service.fresh_view(session, order_number, request.app.state.settings)


@router.post(
    "/{order_number}/lines/{line_no}/cancel",
    response_model=OrderOut,
    responses=NOT_FOUND | errors(409),
)
def cancel_line(
    order_number: OrderNumber,
    line_no: LineNo,
    body: CancelLineRequest,
    session: SessionDep,
    request: Request,
):  # noqa: ANN201
    """Cancel one line, or `quantity` of its units (that part becomes a cancelled line of its
    own); a shipped line is refused (409 `line_shipped`: return it instead)."""
    verdict = service.verified_order(session, order_number, body, body.client_id, for_update=True)
    order = verdict.order
    if order is None:
        return refused(verdict)
    service.cancel_line(session, order, line_no, quantity=body.quantity)
    return service.fresh_view(session, order_number, request.app.state.settings)


@router.post(
    "/{order_number}/lines/{line_no}/swap",
    response_model=SwapOut,
    responses=NOT_FOUND | errors(409),
)
def swap_line(
    order_number: OrderNumber,
    line_no: LineNo,
    body: SwapRequest,
    session: SessionDep,
    request: Request,
):  # noqa: ANN201
    """Move a back-ordered line to a product in stock, with the price difference."""
    verdict = service.verified_order(session, order_number, body, body.client_id, for_update=True)
    order = verdict.order
    if order is None:
        return refused(verdict)
    swapped = service.swap_line(session, order, line_no, body.sku)
    return service.swap_view(session, order_number, swapped, request.app.state.settings)


@operations_router.post(
    "/{order_number}/lines/{line_no}/ship",
    response_model=OrderOut,
    responses=errors(404, 409, _409="The line is not ready"),
)
def ship_line(
    order_number: OrderNumber, line_no: LineNo, session: SessionDep, request: Request
) -> OrderOut:
    """Operations: the warehouse dispatched a ready line; its units leave stock."""
    order = service.get_order(session, order_number)
    service.ship_line(session, order, line_no)
    return service.fresh_view(session, order_number, request.app.state.settings)
