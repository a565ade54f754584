"""The clock every service is given; tests pass their own to travel in time."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Local wall-clock time to the second (the office works in one time zone)."""
    return datetime.now().replace(microsecond=0)
