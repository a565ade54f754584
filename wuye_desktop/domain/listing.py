"""What a clerk asks a list for: filters, sort and search, as plain data every layer understands."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date


@dataclass(frozen=True)
class ComplaintFilter:
    project_id: int | None = None          # None = the whole company
    states: tuple[str, ...] = ()           # State values; empty = any
    open_only: bool = False
    kind: str = ""
    category: str = ""
    department: str = ""
    first_responder: str = ""              # 「我的首问案件」 (篇2 §8)
    received_from: date | None = None
    received_to: date | None = None        # inclusive
    overdue_only: bool = False
    due_within_hours: int | None = None
    emergency_only: bool = False
    search: str = ""                        # name, unit, phone, subject, pinyin initials
    sort_key: str = "received_at"
    descending: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    def with_(self, **changes: object) -> "ComplaintFilter":
        return replace(self, **changes)  # type: ignore[arg-type]


SORT_KEYS: tuple[str, ...] = (
    "number", "received_at", "complainant", "unit", "phone", "subject", "category", "kind",
    "state", "department", "first_responder", "next_due_at", "dispatched_at", "completed_at",
    "revisit_due", "revisited_at", "revisit_result", "channel",
)
