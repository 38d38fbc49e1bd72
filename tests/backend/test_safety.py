"""Safety: every /v1 route needs the key, and no personal data reaches the logs."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.app import create_app
from tests.backend import factories as f


def test_every_v1_route_refuses_a_missing_key(settings, make_session):  # noqa: ANN001
    app = create_app(settings, sessionmaker=make_session)
    paths = {path: ops for path, ops in app.openapi()["paths"].items() if path.startswith("/v1")}
    assert sum(len(ops) for ops in paths.values()) >= 14
    with TestClient(app) as anonymous:
        for path, operations in paths.items():
            for method in operations:
                concrete = path.replace("{", "").replace("}", "")
                response = anonymous.request(method.upper(), concrete)
                assert response.status_code == 401, (method, path)


def test_failed_and_successful_lookups_log_no_personal_data(
    client: TestClient, session: Session, caplog: pytest.LogCaptureFixture
):
    order = f.order(
        session,
        [(f.product(session, on_hand=1), 1)],
        email="secret.person@example.com",
        postal_code="SW1A 1AA",
    )
    session.commit()
    caplog.set_level(logging.DEBUG)
    client.post(
        "/v1/orders/lookup",
        json={"order_number": order.order_number, "email": "wrong.person@example.com"},
    )
    client.post(
        "/v1/orders/lookup", json={"order_number": order.order_number, "email": order.email}
    )
    client.post(
        "/v1/orders/lookup", json={"order_number": order.order_number, "postal_code": "SW1A 1AA"}
    )
    text = caplog.text.casefold()
    for secret in ("secret.person", "wrong.person", "sw1a"):
        assert secret not in text
