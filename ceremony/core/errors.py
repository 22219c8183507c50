"""Domain errors: operations raise them, views and the API turn them into answers."""
from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses; ``status`` is the HTTP status that fits it."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, details: list | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or []

    def to_dict(self) -> dict:
        """The API's one error body (``core.openapi.ErrorSchema``)."""
        from ceremony.core.openapi import error_body

        return error_body(self.status, self.message, field=self.field, errors=self.details)


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    status = 422


class RowError(InvalidInput):
    """An import refused whole; ``details`` lists every bad row: ``{"row", "field", "reason"}``."""

    def __init__(self, message: str, details: list[dict]):
        super().__init__(message, details=details)
