"""Domain errors that carry their HTTP status, rendered by one handler in backend.app."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400
    code = "bad_request"
    headers: dict[str, str] = {}

    def __init__(self, message: str, code: str | None = None, **extra: object) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra

    def body(self) -> dict[str, object]:
        return {"detail": self.message, "code": self.code, **self.extra}


class Unauthorized(DomainError):
    status_code = 401
    code = "unauthorized"
    headers = {"WWW-Authenticate": "Bearer"}


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class Invalid(DomainError):
    status_code = 422
    code = "invalid"


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"
