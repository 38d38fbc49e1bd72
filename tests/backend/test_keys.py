"""Key scopes: the customer-facing key can't call operations, the operator's key can't act for
customers; a missing or unknown key gets 401, a key of the other scope 403 (CONTRACT "Keys")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.auth import Keys
from backorder_common.settings import Settings
from tests.conftest import API_KEY, OPERATOR_KEY

# Every operation of shared/CONTRACT.md "Keys"; every other /v1 route is customer-facing.
OPERATOR_ROUTES = {
    ("POST", "/v1/purchase-orders"),
    ("PATCH", "/v1/purchase-orders/{po_number}/{sku}"),
    ("POST", "/v1/purchase-orders/{po_number}/{sku}/receive"),
    ("POST", "/v1/orders/{order_number}/lines/{line_no}/ship"),
    ("GET", "/v1/reports/backorders.csv"),
    ("GET", "/v1/outbox/dead"),
    ("POST", "/v1/outbox/{notification_id}/replay"),
    ("GET", "/v1/outbox/stats"),
    ("POST", "/v1/agents/authenticate"),
    ("POST", "/v1/agents/password"),
    ("PUT", "/v1/handoffs/clock"),
    # an agent acting on the ticket's verified order from the console
    ("POST", "/v1/handoffs/{ticket_id}/order/lines/{line_no}/cancel"),
    ("POST", "/v1/handoffs/{ticket_id}/order/lines/{line_no}/swap"),
    ("POST", "/v1/handoffs/{ticket_id}/order/subscribe"),
    ("PUT", "/v1/agents/{agent_id}/presence"),
    ("GET", "/v1/reports/handoffs"),
    # the agents' saved replies
    ("GET", "/v1/agents/replies"),
    ("POST", "/v1/agents/replies"),
    ("PUT", "/v1/agents/replies/{reply_id}"),
    ("DELETE", "/v1/agents/replies/{reply_id}"),
}


def v1_routes(client: TestClient) -> list[tuple[str, str]]:
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/v1/")
        for method in operations
    )


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_operator_routes_are_the_contract_s(client: TestClient) -> None:
    routes = set(v1_routes(client))
    assert routes >= OPERATOR_ROUTES
    assert len(routes) > len(OPERATOR_ROUTES) + 15  # the customer-facing rest


def test_each_route_refuses_the_other_scope_with_403_and_no_key_with_401(
    client: TestClient,
) -> None:
    for method, path in v1_routes(client):
        url = concrete(path)
        needed, other = (
            (OPERATOR_KEY, API_KEY)
            if (method, path) in OPERATOR_ROUTES
            else (API_KEY, OPERATOR_KEY)
        )
        for key, status in ((other, 403), ("not-a-key", 401), (None, 401)):
            headers = {"Authorization": f"Bearer {key}" if key else ""}
            response = client.request(method, url, headers=headers, json={})
            assert response.status_code == status, (method, path, key, response.text)
            assert response.json()["code"] == ("forbidden" if status == 403 else "unauthorized")
        allowed = client.request(method, url, headers={"Authorization": f"Bearer {needed}"})
        assert allowed.status_code not in (401, 403), (method, path, allowed.text)


def test_the_bot_s_key_can_no_longer_ship_or_redate(client: TestClient) -> None:
    assert client.post("/v1/orders/100042/lines/1/ship").status_code == 403
    redate = client.patch("/v1/purchase-orders/PO-1/GPU-1", json={"expected_date": "2026-12-09"})
    assert redate.status_code == 403
    assert client.post("/v1/outbox/1/replay").status_code == 403


def test_one_key_for_both_scopes_is_refused() -> None:
    with pytest.raises(ValueError, match="must differ"):
        Keys(Settings(backend_api_key="same-key", backend_operator_key="same-key"))


def test_the_operator_key_is_generated_into_var_when_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backorder_common.settings

    # the repository's var/, in the test's own directory
    monkeypatch.setattr(backorder_common.settings, "VAR_DIR", tmp_path / "var")
    settings = Settings(backend_api_key=None, backend_operator_key=None)
    key = settings.operator_key()
    assert len(key) >= 40 and key == settings.operator_key() != settings.api_key()
    stored = tmp_path / "var" / "backend_operator_key"
    assert stored.read_text().strip() == key and stored.stat().st_mode & 0o077 == 0
