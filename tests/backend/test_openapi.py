"""The OpenAPI document names what the API answers (issue 18): the error bodies, the statuses
each route can send, and the email-or-postal-code rule. Schemathesis checks the API against it
(test_api_schema.py, slow); these read the document itself."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def statuses(spec: dict[str, Any], method: str, path: str) -> set[str]:
    return set(spec["paths"][path][method]["responses"])


def test_error_statuses_are_documented_where_they_occur(client: TestClient) -> None:
    spec = document(client)
    assert {"200", "401", "403", "404", "413", "422", "429"} <= statuses(
        spec, "post", "/v1/orders/lookup"
    )
    assert {"404", "409", "429"} <= statuses(spec, "post", "/v1/orders/{order_number}/cancel")
    assert {"404", "409"} <= statuses(spec, "post", "/v1/handoffs/{ticket_id}/claim")
    assert {"404", "409"} <= statuses(spec, "patch", "/v1/purchase-orders/{po_number}/{sku}")
    assert {"200", "201"} <= statuses(spec, "post", "/v1/handoffs")
    assert {"200", "201", "404", "429"} <= statuses(spec, "post", "/v1/subscriptions")
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/v1/"):
                assert {"401", "403", "422"} <= set(operation["responses"]), (method, path)


def test_error_bodies_are_the_ones_sent(client: TestClient) -> None:
    spec = document(client)
    lookup = spec["paths"]["/v1/orders/lookup"]["post"]["responses"]
    assert lookup["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert "Retry-After" in lookup["429"]["headers"]
    refused = lookup["422"]["content"]["application/json"]["schema"]["anyOf"]
    assert {"$ref": "#/components/schemas/InvalidRequestOut"} in refused
    assert {"$ref": "#/components/schemas/ErrorOut"} in refused  # domain 422s
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    # and the bodies sent have those shapes
    assert set(client.post("/v1/orders/lookup", json={}).json()) == {"detail", "code"}


def test_the_email_or_postal_code_rule_is_in_the_schema(client: TestClient) -> None:
    lookup = document(client)["components"]["schemas"]["LookupRequest"]
    required = [option["required"] for option in lookup["anyOf"]]
    assert required == [["email"], ["postal_code"]]
    assert lookup["required"] == ["order_number"]
