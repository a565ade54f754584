"""Masking of personal data in lists and exports (PIPL; issue «Client archives»: 110***********1234).

The record itself shows the value whole; lists, ledgers and exports show the masked form unless the
user asks for whole values (and that request is logged by the service).
"""

from __future__ import annotations

from wuye_desktop.domain.validators import normalize_phone


def mask_id(value: str | None) -> str:
    """An identity document number: first 3 and last 4 characters kept, the rest starred.

    110101199003071234 → 110***********1234. Short numbers (passports) keep fewer characters so
    that at least half of them stay hidden.
    """
    text = (value or "").strip().replace(" ", "")
    if not text:
        return ""
    n = len(text)
    if n >= 10:
        head, tail = 3, 4
    elif n >= 6:
        head, tail = 1, 2
    else:
        head, tail = 0, 1 if n > 1 else 0
    return text[:head] + "*" * (n - head - tail) + (text[n - tail:] if tail else "")


def mask_phone(value: str | None) -> str:
    """A phone number: 13800138000 → 138****8000; 0755-12345678 → 0755-****5678."""
    raw = (value or "").strip()
    if not raw:
        return ""
    text = normalize_phone(raw)
    if "-" in text:
        area, _, rest = text.partition("-")
        return f"{area}-{_mask_digits(rest)}"
    if len(text) == 11 and text.startswith("1"):
        return text[:3] + "****" + text[7:]
    return _mask_digits(text)


def _mask_digits(text: str) -> str:
    """Keep the last four characters, hide the middle; very short numbers are hidden but the last two."""
    n = len(text)
    if n <= 4:
        return "*" * (n - 1) + text[-1:] if n > 1 else "*"
    keep_head = 3 if n >= 11 else 0
    return text[:keep_head] + "*" * (n - keep_head - 4) + text[-4:]


def mask_name(value: str | None) -> str:
    """A person's name: 张三 → 张*, 欧阳娜娜 → 欧**娜 (used where a list must not show the whole name)."""
    text = (value or "").strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]
