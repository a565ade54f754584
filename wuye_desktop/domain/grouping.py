"""Collective complaints and duplicates (篇5 §2(6): 客户集体投诉（三家以上）)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class CaseKey:
    id: int
    number: str
    unit: str
    category: str
    received_at: datetime


def normalize_unit(unit: str) -> str:
    """Compare units the way a clerk would: ignore blanks, case and full-width digits."""
    table = str.maketrans("０１２３４５６７８９－", "0123456789-")
    return "".join(unit.split()).translate(table).upper()


def collective_candidates(cases: list[CaseKey], window_days: int = 3, min_units: int = 3) -> list[list[CaseKey]]:
    """Groups of open cases of one category from ``min_units`` or more different units whose
    receipt times all lie within ``window_days`` of each other; largest groups first."""
    by_category: dict[str, list[CaseKey]] = {}
    for case in cases:
        by_category.setdefault(case.category, []).append(case)
    groups: list[list[CaseKey]] = []
    window = timedelta(days=window_days)
    for items in by_category.values():
        items.sort(key=lambda c: c.received_at)
        best: list[CaseKey] = []
        start = 0
        for end in range(len(items)):
            while items[end].received_at - items[start].received_at > window:
                start += 1
            span = items[start:end + 1]
            if len({normalize_unit(c.unit) for c in span}) >= min_units and len(span) > len(best):
                best = list(span)
        if best:
            groups.append(best)
    groups.sort(key=len, reverse=True)
    return groups


def is_duplicate(unit: str, category: str, received_at: datetime, other: CaseKey, days: int = 7) -> bool:
    """Same unit and category within ``days`` days warns on registration."""
    return (normalize_unit(unit) == normalize_unit(other.unit) and category == other.category
            and abs(received_at - other.received_at) <= timedelta(days=days))
