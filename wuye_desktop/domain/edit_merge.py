"""Three-way merge of one record's edit (issue 7): what the clerk opened with, what they typed, what is stored now.

Pure rules behind the 「保存冲突」 dialog: fields only others changed are taken from them, fields only the clerk
changed keep the clerk's value, fields both changed differently wait for the clerk's choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum, StrEnum


class Kind(StrEnum):
    THEIRS = "theirs"      # only the other clerk changed it: theirs is taken
    MINE = "mine"          # only this clerk changed it: mine is kept
    SAME = "same"          # both changed it to the same value
    CONFLICT = "conflict"  # both changed it differently: the clerk chooses


class Choice(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"


CHOICE_LABELS = {Choice.MINE: "保留我的", Choice.THEIRS: "采用他人的"}


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    base: object
    theirs: object
    mine: object
    kind: Kind


def _norm(value: object) -> object:
    """Values that mean the same to a clerk compare equal: None and "", a list and a tuple."""
    if value is None:
        return ""
    if isinstance(value, Enum) and not isinstance(value, str):
        return value.value
    if isinstance(value, (list, tuple)):
        return tuple(_norm(v) for v in value)
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _norm(v)) for k, v in value.items() if _norm(v) != ""))
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).normalize()
    return value


def same(a: object, b: object) -> bool:
    return _norm(a) == _norm(b)


def changes(base: Mapping[str, object], mine: Mapping[str, object], current: Mapping[str, object],
            labels: Mapping[str, str]) -> list[FieldChange]:
    """Every field that either side changed since the dialog opened, in the order of ``labels`` then of ``mine``.

    Only keys the dialog submits (``mine``) count; a key the stored record lacks is not compared.
    """
    keys = [k for k in labels if k in mine] + [k for k in mine if k not in labels]
    out: list[FieldChange] = []
    for key in keys:
        if key not in current:
            continue
        b, m, t = base.get(key), mine.get(key), current.get(key)
        they = not same(t, b)
        me = not same(m, b)
        if not they and not me:
            continue
        if they and me:
            kind = Kind.SAME if same(t, m) else Kind.CONFLICT
        else:
            kind = Kind.THEIRS if they else Kind.MINE
        out.append(FieldChange(key, labels.get(key, key), b, t, m, kind))
    return out


def merged(mine: Mapping[str, object], found: list[FieldChange],
           choices: Mapping[str, Choice]) -> dict[str, object]:
    """The values to save: mine, with others' changes taken and each conflict settled by ``choices``.

    Raises KeyError naming a conflicting field that has no choice yet.
    """
    out = dict(mine)
    for change in found:
        if change.kind is Kind.THEIRS or change.kind is Kind.SAME:
            out[change.key] = change.theirs
        elif change.kind is Kind.CONFLICT:
            choice = choices[change.key]
            out[change.key] = change.theirs if choice == Choice.THEIRS else change.mine
    return out


def shown(value: object) -> str:
    """A value as a clerk reads it: 空 for nothing, 是/否, dates yyyy-MM-dd."""
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if value.second or value.microsecond:
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return str(label) if isinstance(label, str) else str(value.value)
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [shown(v) for v in value]
        return "、".join(items) if items else "空"
    if isinstance(value, Mapping):
        parts = [f"{k}：{shown(v)}" for k, v in value.items() if not same(v, None)]
        return "；".join(parts) if parts else "空"
    return str(value)
