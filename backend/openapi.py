"""The OpenAPI document says what the API answers: every error body and status it can send.

Routes name their own domain errors (`errors(404, 409)`); what every /v1 route can answer is
added here once: 401 (no key or an unknown one), 403 (the other scope's key), 422 (a request the
guard or the validation refuses, or a domain rule: one of two bodies), 413 (a body over the cap).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    """Every error but a refused request: what went wrong, in words and as a code."""

    detail: str
    code: str = Field(examples=["not_found", "already_claimed", "too_many_attempts"])
    retry_after_seconds: int | None = Field(
        default=None, description="429 only: when to try again (also the Retry-After header)"
    )


class Problem(BaseModel):
    loc: list[str | int] = Field(description='where: ["body", "email"], ["query", "q"], ...')
    msg: str
    type: str


class InvalidRequestOut(BaseModel):
    """A request refused before any work: each problem with its place."""

    detail: list[Problem]
    code: str = Field(examples=["invalid_request"])


DESCRIPTIONS = {
    400: "The request can't be done as asked",
    401: "No API key, or an unknown one (or, for agents, a wrong name or password)",
    403: "A key of the other scope: this route needs the other key",
    404: "Not found",
    409: "Conflicts with the current state",
    413: "The request body is over the cap (64 KB; a handoff 2 MB)",
    422: "Refused: invalid input (a list of problems) or a domain rule (detail and code)",
    429: "Too many failed attempts; try again after Retry-After seconds",
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}}


def errors(*codes: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route's own errors: `errors(404, 409, _409="Already claimed")`."""
    documented: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {
            "model": ErrorOut,
            "description": descriptions.get(f"_{code}", DESCRIPTIONS[code]),
        }
        if code == 429:
            entry["headers"] = RETRY_AFTER
        documented[code] = entry
    return documented


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def install(app: FastAPI) -> None:
    """Make `app.openapi()` add the answers every /v1 route can give."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for model in (ErrorOut, InvalidRequestOut, Problem):
            schemas[model.__name__] = model.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
            schemas.update(schemas[model.__name__].pop("$defs", {}))
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        for path, operations in document["paths"].items():
            if not path.startswith("/v1/"):
                continue
            for operation in operations.values():
                _complete(operation)
        app.openapi_schema = document
        return document

    app.openapi = build  # type: ignore[method-assign]


def _complete(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    error = _json(_ref("ErrorOut"))
    responses["401"] = {
        "description": DESCRIPTIONS[401],
        "content": error,
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
    }
    responses["403"] = {"description": DESCRIPTIONS[403], "content": error}
    # The guard refuses a NUL in any path or query on any route, so every route may answer 422.
    responses["422"] = {
        "description": DESCRIPTIONS[422],
        "content": _json({"anyOf": [_ref("InvalidRequestOut"), _ref("ErrorOut")]}),
    }
    if "requestBody" in operation:
        responses["413"] = {"description": DESCRIPTIONS[413], "content": error}
