"""Unit of work: one Session per use case, committed explicitly, rolled back on error."""

from __future__ import annotations

from types import TracebackType
from typing import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


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


def uow_factory(engine: Engine) -> UowFactory:
    makers = sessionmaker(bind=engine, expire_on_commit=False)
    return lambda: UnitOfWork(makers)
