"""Optimistic locking of the edit use cases (issue 7): a save naming an older version, or losing the race
at commit (StaleDataError), raises EditConflictError with the record as it is now, keyed like the edit input."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, Protocol, TypeVar

from sqlalchemy.orm.exc import StaleDataError

from wuye_desktop.domain.errors import DomainError, EditConflictError
from wuye_desktop.storage.uow import UnitOfWork, UowFactory

V = TypeVar("V")


class RecordChangedError(DomainError):
    """A step (not an edit with a merge) lost the race to another clerk's save of the same record: nothing of
    it was saved; the clerk reopens the record and does it again on what is stored now."""


STALE_MESSAGE = "这条记录刚被他人修改并保存，您这次的操作没有保存；请关闭后重新打开，核对后再做一次"


class GuardedUnitOfWork:
    """Wraps any unit of work (the program's, or the demo builder's single transaction): its commit turns a
    lost race (StaleDataError of a versioned row) into a Chinese rule message instead of an unexpected error."""

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner

    def __enter__(self) -> "GuardedUnitOfWork":
        self._inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.__exit__(*exc)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:  # session, flush … of the wrapped unit of work
        return getattr(self._inner, name)

    def commit(self) -> None:
        try:
            self._inner.commit()
        except StaleDataError as exc:
            self._inner.session.rollback()
            raise RecordChangedError(STALE_MESSAGE) from exc


def guarded(factory: UowFactory) -> UowFactory:
    """Units of work from ``factory`` (same sessions, same audit trail) with the guarded commit."""
    def make() -> UnitOfWork:
        return GuardedUnitOfWork(factory())  # type: ignore[return-value]
    return make


class _Versioned(Protocol):
    version: int


class _Committing(Protocol):
    def commit(self) -> None: ...


def plain(value: object) -> object:
    """The value as the conflict dialog compares and shows it: enums by their Chinese value, sequences as tuples."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return tuple(plain(v) for v in value)
    return value


@dataclass(frozen=True)
class EditShape(Generic[V]):
    """What one edit dialog edits: the record's name (「设备」), the Chinese label of each key (the keys are the
    fields of the edit input and of the form), and how to read those values from the view it was opened with."""

    what: str
    labels: Mapping[str, str]
    title: Callable[[V], str]  # 「GD-01 生活水泵」: names the record in the message
    readers: Mapping[str, Callable[[V], object]] = field(default_factory=dict)  # where a view names a key otherwise
    version_of: Callable[[V], int] = lambda view: view.version  # type: ignore[attr-defined]

    def values(self, view: V) -> dict[str, object]:
        return {k: plain(self.readers[k](view) if k in self.readers else getattr(view, k)) for k in self.labels}

    def mine(self, draft: object) -> dict[str, object]:
        """The keys of the shape from an edit input (a draft dataclass or a mapping)."""
        if isinstance(draft, Mapping):
            return {k: plain(draft[k]) for k in self.labels if k in draft}
        return {k: plain(getattr(draft, k)) for k in self.labels if hasattr(draft, k)}

    def conflict(self, view: V) -> EditConflictError:
        version = self.version_of(view)
        return EditConflictError(
            f"{self.what}「{self.title(view)}」在您打开后已被他人修改并保存（现为第{version}版），"
            "请查看对方的改动后合并或重新载入", version, self.values(view), dict(self.labels))

    def check(self, row: _Versioned, expected_version: int | None, view: Callable[[], V]) -> None:
        """Refuse a save made on an older version than the row's."""
        if expected_version is not None and row.version != expected_version:
            raise self.conflict(view())

    def commit(self, uow: _Committing, reload: Callable[[], V]) -> None:
        """Commit; a concurrent save that won the race (the versioned UPDATE matched no row) becomes a conflict
        carrying the record as re-read in a fresh session."""
        with self.saving(uow, reload):
            uow.commit()

    @contextmanager
    def saving(self, uow: _Committing, reload: Callable[[], V]) -> Iterator[None]:
        """Like ``commit`` for a block that also flushes before it commits: a lost race at any flush of the
        block becomes the conflict too, not an unexpected StaleDataError."""
        try:
            yield
        except (StaleDataError, RecordChangedError) as exc:
            session = getattr(uow, "session", None)
            if session is not None:
                session.rollback()
            raise self.conflict(reload()) from exc

