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


class EditConflictError(DomainError):
    """Someone else saved the record after this clerk opened it (issue 7: nothing is silently overwritten).

    ``current`` holds the record as it is now in the database, keyed like the fields of the edit input the
    dialog submits (same keys, same plain Python values), ``labels`` the Chinese name of each key, and
    ``current_version`` the version a merged save must name. The UI compares ``current`` with what the dialog
    opened with (base) and what the clerk typed (mine) to show what changed meanwhile and merge or reload.
    """

    def __init__(self, message: str, current_version: int, current: dict[str, object],
                 labels: dict[str, str]) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.current = dict(current)
        self.labels = dict(labels)
