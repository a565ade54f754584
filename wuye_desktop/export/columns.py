"""A workbook column as the services describe it — apart from the writers, so describing columns does
not import openpyxl (a faster start, issue 8)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    width: float          # Excel character units; a Chinese character needs about 2
    kind: str = "text"    # text | datetime | date
