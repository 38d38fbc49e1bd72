"""The bearer keys of /v1 and their scopes (shared/CONTRACT.md "Keys").

`BACKEND_API_KEY` is the customer-facing key (what the bot and the gateway do for customers);
`BACKEND_OPERATOR_KEY` is for operations. Each route takes exactly one scope: a missing or unknown
key gets 401, a known key of the other scope 403, so the bot's key can't ship a line or re-date
a purchase order, and the operator's key isn't needed by anything that faces customers.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend.errors import Forbidden, Unauthorized
from backorder_common.settings import Settings

_bearer = HTTPBearer(auto_error=False)


class Scope(StrEnum):
    CUSTOMER = "customer"
    OPERATOR = "operator"


class Keys:
    """The two keys, read once when the app is made."""

    def __init__(self, settings: Settings) -> None:
        self.by_scope = {
            Scope.CUSTOMER: settings.api_key(),
            Scope.OPERATOR: settings.operator_key(),
        }
        if self.by_scope[Scope.CUSTOMER] == self.by_scope[Scope.OPERATOR]:
            raise ValueError(
                "BACKEND_API_KEY and BACKEND_OPERATOR_KEY must differ: one key for both scopes"
                " would give the bot every operation"
            )

    def scope_of(self, given: str) -> Scope | None:
        found = None
        for scope, key in self.by_scope.items():
            # both compared every time, so the time taken doesn't tell which one matched
            if secrets.compare_digest(given.encode(), key.encode()):
                found = scope
        return found


def _require(scope: Scope) -> Any:
    async def check(  # async: a plain check, no trip through the thread pool
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        keys: Keys = request.app.state.keys
        found = keys.scope_of(credentials.credentials if credentials else "")
        if found is None:
            raise Unauthorized("A valid API key is required (Authorization: Bearer <key>).")
        if found is not scope:
            setting = "BACKEND_OPERATOR_KEY" if scope is Scope.OPERATOR else "BACKEND_API_KEY"
            raise Forbidden(f"This route needs the {scope} key ({setting}).")

    check.__name__ = f"require_{scope}_key"
    return check


require_customer_key = _require(Scope.CUSTOMER)
require_operator_key = _require(Scope.OPERATOR)
CUSTOMER = [Depends(require_customer_key)]
OPERATOR = [Depends(require_operator_key)]
