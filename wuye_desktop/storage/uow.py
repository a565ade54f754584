"""Unit of work: one Session per use case, committed explicitly, rolled back on error."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from wuye_desktop.storage.audit import AuditContext


class UnitOfWork:
    """``with uow_factory() as uow: …; uow.commit()`` — anything not committed is rolled back."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self.session: Session

    def __enter__(self) -> "UnitOfWork":
        self.session = self._factory()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()


UowFactory = Callable[[], UnitOfWork]


def uow_factory(engine: Engine, audit: "AuditContext | None" = None) -> UowFactory:
    """Sessions on ``engine``; with ``audit`` every change they flush is written to the audit trail
    in the same transaction (storage/audit.py): the actor and clock come from ``audit``."""
    makers = sessionmaker(bind=engine, expire_on_commit=False)
    if audit is not None:
        from wuye_desktop.storage import audit as audit_trail

        audit_trail.install(makers, audit)
    return lambda: UnitOfWork(makers)
