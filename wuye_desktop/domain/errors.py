"""Errors the business rules raise; every message is Chinese and fit to show a clerk."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken; ``message`` is shown to the clerk as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Bad input in one or more fields: ``errors`` maps field key -> Chinese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))

    @classmethod
    def single(cls, field: str, message: str) -> "ValidationError":
        return cls({field: message})


class TransitionError(DomainError):
    """A step of the life cycle that the case's state does not allow."""


class NotFoundError(DomainError):
    """A record that does not exist (any more)."""
