"""The API does what its OpenAPI says (issue 18): Schemathesis sends generated requests to every
operation, valid and invalid ones, with the key each needs, and asserts no 5xx, documented
status codes, content types and headers, and bodies that match the documented schemas.

On SQLite always, on PostgreSQL too when TEST_POSTGRES_URL is set (the `engine` fixture); each
operation's examples run inside the test's rolled-back transaction.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session, sessionmaker

from backend.app import create_app
from backorder_common.settings import Settings
from tests.backend import factories as f
from tests.backend.test_keys import OPERATOR_ROUTES
from tests.conftest import API_KEY, OPERATOR_KEY, TODAY

EXAMPLES = 50
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class CurrentSessions:
    """The sessionmaker of the running test's rolled-back transaction (the app is built at
    import, so that Schemathesis can list its operations, and may enter its lifespan again)."""

    make: sessionmaker[Session] | None = None

    def __call__(self, **options: Any) -> Session:
        assert self.make is not None
        return self.make(**options)


sessions = CurrentSessions()
app = create_app(
    Settings(
        database_url="sqlite://",
        backend_api_key=API_KEY,
        backend_operator_key=OPERATOR_KEY,
        backorder_today=TODAY,
    ),
    sessionmaker=sessions,  # type: ignore[arg-type]
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture
def seeded(make_session: sessionmaker[Session]) -> sessionmaker[Session]:
    # a little of everything, so that some generated requests find rows
    with make_session() as session:
        gpu = f.product(session, sku="GPU-S", on_hand=1)
        f.purchase_order(session, gpu, po_number="PO-S")
        f.order(session, [(gpu, 2)], order_number="100042", email="ada@example.com")
        session.commit()
    return make_session


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, seeded: sessionmaker[Session]
) -> None:
    sessions.make = seeded
    operation = (case.method.upper(), case.operation.path)
    key = OPERATOR_KEY if operation in OPERATOR_ROUTES else API_KEY
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
