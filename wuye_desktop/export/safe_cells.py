"""One rule for every workbook the program writes: user text is written as text, never as a formula.

A cell whose text starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) could be taken
by Excel for a formula ("formula injection", e.g. ``=HYPERLINK(…)`` typed into a complaint): it is
written as a string cell with Excel's quote prefix, so it shows exactly as typed and is never
calculated, even after the clerk edits the cell. Control characters that the xlsx format cannot
hold are dropped (openpyxl would refuse the whole workbook), and text longer than Excel's
32,767-character cell limit is cut with an ellipsis.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_TEXT = 32_767


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def safe_cell_text(value: Any) -> Any:
    """``value`` fit for a cell: text cleaned of control characters and within Excel's limit;
    other values (numbers, dates, None) unchanged."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS.sub("", value)
    if len(text) > MAX_CELL_TEXT:
        text = text[:MAX_CELL_TEXT - 1] + "…"
    return text


def set_safe(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell (normal or write-only) by the rule above."""
    value = safe_cell_text(value)
    cell.value = value
    if isinstance(value, str) and value and is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
