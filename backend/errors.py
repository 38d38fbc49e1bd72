"""Domain errors that carry their HTTP status, rendered by one handler in backend.app."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"
