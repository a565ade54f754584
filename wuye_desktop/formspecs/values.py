"""Values of a form record: check them against the definition, convert, print and mask them.

What a record's values may be (the entry dialog, an import and the database all feed this):

- a dict {field key: value}; a missing key, ``None`` or a blank string means "not filled in";
- text-like fields (text, multiline, phones, id numbers, plate, e-mail, passport): ``str``;
- date: ``datetime.date`` or text (2026-09-18, 2026/9/18, 2026年9月18日);
  datetime: ``datetime.datetime`` or text (2026-09-18 14:30);
- integer: ``int`` or digits; decimal and money: ``Decimal``/``int``/``float`` or text (1,200.50);
- choice: the option's text; with ``multiple = true`` a list of options (or one text joined by 、);
- bool: ``True``/``False`` or 是/否;
- repeat: a list of row dicts with the same rules; rows left entirely blank are ignored.

``clean_record`` returns the typed values (the types above, normalised: 粤b·d12345 → 粤BD12345);
``validate_record`` returns {key: Chinese message naming the field}. Row errors are keyed
``contacts[1].mobile`` with the 0-based row index; the message counts rows from 1 (第2行).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Callable

from wuye_desktop.domain import id_validators as idv
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.masking import mask_id, mask_phone
from wuye_desktop.domain.validators import normalize_phone, parse_datetime_text
from wuye_desktop.formspecs.model import (
    ID_DOCUMENT_RULES,
    MASKED_ID_TYPES,
    MASKED_PHONE_TYPES,
    FieldSpec,
    FormSpec,
)

YES = "是"
NO = "否"
_CHOICE_SPLIT = re.compile(r"[、,，;；]")


class _Bad(Exception):
    """A value that cannot be converted; carries the Chinese message."""


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, dict)):
        return len(value) == 0
    return False


def validate_record(spec: FormSpec, values: dict[str, Any], *, today: date | None = None) -> dict[str, str]:
    """{field key: Chinese message} for every bad field of ``values``; empty when all is well.

    ``today`` bounds birth dates in ID numbers and ``not_future`` dates; services pass their
    clock's date. Without it the computer's date is used.
    """
    return _Cleaner(today or date.today()).record(spec.fields(), values)[1]


def clean_record(spec: FormSpec, values: dict[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """The typed, normalised values of every field of the form; raises ValidationError when any is bad."""
    clean, errors = _Cleaner(today or date.today()).record(spec.fields(), values)
    if errors:
        raise ValidationError(errors)
    return clean


def coerce_lenient(field: FieldSpec, value: Any) -> Any:
    """The typed value if it converts, else the value as it came (for printing what is stored)."""
    if is_blank(value):
        return None
    try:
        return _Cleaner(date.max).convert(field, value, field.label)
    except _Bad:
        return value


class _Cleaner:
    def __init__(self, today: date) -> None:
        self.today = today

    def record(self, fields: Any, values: dict[str, Any], prefix: str = "",
               label_prefix: str = "") -> tuple[dict[str, Any], dict[str, str]]:
        fields = tuple(fields)
        clean: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for f in fields:
            key = prefix + f.key
            label = label_prefix + f.label
            raw = values.get(f.key)
            if f.is_repeat:
                rows, row_errors = self.rows(f, raw, key, label)
                clean[f.key] = rows
                errors.update(row_errors)
                continue
            if is_blank(raw):
                clean[f.key] = None
                if f.required:
                    errors[key] = f"请选择{label}" if f.type in ("choice", "bool") else f"{label}不能为空"
                continue
            try:
                clean[f.key] = self.convert(f, raw, label)
            except _Bad as bad:
                clean[f.key] = None
                errors[key] = str(bad)
        # Rules between fields, once each field is fine by itself.
        by_key = {f.key: f for f in fields}
        for f in fields:
            key = prefix + f.key
            if key in errors or clean.get(f.key) is None:
                continue
            label = label_prefix + f.label
            if f.type == "id_number":
                message = self.id_number(f, clean[f.key], clean.get(f.depends_on), label)
                if message:
                    errors[key] = message
            if f.after and clean.get(f.after) is not None and prefix + f.after not in errors:
                earlier = clean[f.after]
                if _as_datetime(clean[f.key]) < _as_datetime(earlier):
                    errors[key] = (f"{label}不能早于{label_prefix}{by_key[f.after].label}"
                                   f"（{format_value(by_key[f.after], earlier)}）")
        return clean, errors

    def rows(self, f: FieldSpec, raw: Any, key: str, label: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
        assert f.repeat is not None
        errors: dict[str, str] = {}
        if is_blank(raw):
            raw_rows: list[Any] = []
        elif isinstance(raw, (list, tuple)) and all(isinstance(r, dict) for r in raw):
            raw_rows = list(raw)
        else:
            return [], {key: f"{label}的内容格式不正确"}
        # Rows left entirely blank (an empty line of the entry table) do not count.
        filled = [r for r in raw_rows if not all(is_blank(v) for v in r.values())]
        if len(filled) > f.repeat.max_rows:
            errors[key] = f"{label}最多{f.repeat.max_rows}行（现有{len(filled)}行）"
        if len(filled) < f.repeat.min_rows:
            errors[key] = f"{label}至少要填写{f.repeat.min_rows}行"
        rows: list[dict[str, Any]] = []
        for index, row in enumerate(filled):
            clean, row_errors = self.record(f.repeat.fields, row, f"{key}[{index}].", f"{label}第{index + 1}行")
            rows.append(clean)
            errors.update(row_errors)
        return rows, errors

    def id_number(self, f: FieldSpec, value: str, doc_type: Any, label: str) -> str | None:
        # Document types without a rule of their own (其他, 港澳台居民证件 …) keep the basic check.
        rule = ID_DOCUMENT_RULES.get(doc_type) if isinstance(doc_type, str) else None
        return self.check(rule, label, value) if rule else None

    def check(self, rule: str, label: str, value: str) -> str | None:
        if rule == "id_card":
            return idv.id_card_error(label, value, self.today)
        if rule == "uscc":
            return idv.uscc_error(label, value)
        if rule == "passport":
            return idv.passport_error(label, value)
        return None

    def convert(self, f: FieldSpec, raw: Any, label: str) -> Any:
        return _convert(self, f, raw, label)


# --- converters: one per type; raise _Bad with the message naming the field ---

def _as_text(raw: Any) -> str:
    return raw if isinstance(raw, str) else str(raw)


def _text(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> str:
    text = _as_text(raw)
    text = text.strip() if f.type == "multiline" else " ".join(text.split())
    if f.type == "multiline":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    limit = f.effective_max_length
    if limit is not None and len(text) > limit:
        raise _Bad(f"{label}不能超过{limit}个字（现有{len(text)}个字）")
    return text


def _date(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> date:
    if isinstance(raw, datetime):
        value = raw.date()
    elif isinstance(raw, date):
        value = raw
    else:
        parsed = parse_datetime_text(_as_text(raw))
        if parsed is None or parsed.time() != datetime.min.time():
            raise _Bad(f"{label}「{raw}」不是有效的日期（如 2026-09-18）")
        value = parsed.date()
    if value.year < 1900 or value.year > 2100:
        raise _Bad(f"{label}「{value:%Y-%m-%d}」年份超出范围（1900–2100）")
    if f.not_future and value > c.today:
        raise _Bad(f"{label}不能晚于今天（{c.today:%Y-%m-%d}）")
    return value


def _datetime(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> datetime:
    if isinstance(raw, datetime):
        value = raw.replace(second=0, microsecond=0, tzinfo=None)
    elif isinstance(raw, date):
        value = datetime(raw.year, raw.month, raw.day)
    else:
        parsed = parse_datetime_text(_as_text(raw))
        if parsed is None:
            raise _Bad(f"{label}「{raw}」不是有效的时间（如 2026-09-18 14:30）")
        value = parsed.replace(second=0)
    if value.year < 1900 or value.year > 2100:
        raise _Bad(f"{label}「{value:%Y-%m-%d %H:%M}」年份超出范围（1900–2100）")
    if f.not_future and value.date() > c.today:
        raise _Bad(f"{label}不能晚于今天（{c.today:%Y-%m-%d}）")
    return value


def _bounds(f: FieldSpec, value: Decimal, label: str) -> None:
    if f.min is not None and value < f.min:
        raise _Bad(f"{label}不能小于{_plain(f.min)}{f.unit}")
    if f.max is not None and value > f.max:
        raise _Bad(f"{label}不能大于{_plain(f.max)}{f.unit}")


def _integer(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> int:
    if isinstance(raw, bool):
        raise _Bad(f"{label}应为整数")
    if isinstance(raw, int):
        value = raw
    else:
        text = _as_text(raw).strip().replace(",", "").replace("，", "")
        if f.unit and text.endswith(f.unit):
            text = text[: -len(f.unit)].strip()
        if not re.fullmatch(r"[+-]?\d{1,15}", text):
            raise _Bad(f"{label}「{raw}」不是整数")
        value = int(text)
    if f.min is None and value < 0:
        raise _Bad(f"{label}不能为负数")
    _bounds(f, Decimal(value), label)
    return value


def _decimal(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> Decimal:
    money = f.type == "money"
    what = "金额" if money else "数值"
    if isinstance(raw, bool):
        raise _Bad(f"{label}「{raw}」不是有效的{what}")
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, (int, float)):
        value = Decimal(str(raw))
    else:
        text = _as_text(raw).strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
        for suffix in (f.unit, "元"):
            if suffix and text.endswith(suffix):
                text = text[: -len(suffix)].strip()
        if not re.fullmatch(r"[+-]?(\d{1,15}(\.\d*)?|\.\d+)", text):
            raise _Bad(f"{label}「{raw}」不是有效的{what}")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _Bad(f"{label}「{raw}」不是有效的{what}") from None
    if not value.is_finite():
        raise _Bad(f"{label}「{raw}」不是有效的{what}")
    places = 2 if money else f.decimals
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise _Bad(f"{label}最多保留{places}位小数" if places else f"{label}应为整数")
    if f.min is None and value < 0:
        raise _Bad(f"{label}不能为负数")
    _bounds(f, value, label)
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # beyond 28 digits (e.g. 1e+26 pasted from a sheet): found by hypothesis
        raise _Bad(f"{label}「{raw}」数值过大") from None


_Converter = Callable[[_Cleaner, FieldSpec, Any, str], Any]


def _phone_like(normalize: Callable[[str], str], check: Callable[[str, str], str | None]) -> _Converter:
    def convert(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> str:
        text = _as_text(raw).strip()
        message = check(label, text)
        if message:
            raise _Bad(message)
        return normalize(text)
    return convert


def _id_card(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> str:
    text = _as_text(raw).strip()
    message = idv.id_card_error(label, text, c.today)
    if message:
        raise _Bad(message)
    return idv.normalize_id_card(text)


def _id_number(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> str:
    # The rule depends on the document type chosen; checked in _Cleaner.record once both are known.
    text = idv.normalize_id_card(_as_text(raw))
    if not re.fullmatch(r"[0-9A-Za-z\-()（）]{3,30}", text):
        raise _Bad(f"{label}「{raw}」格式不正确：应为3–30位字母或数字")
    return text


def _choice(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> str | tuple[str, ...]:
    if f.multiple:
        items = raw if isinstance(raw, (list, tuple, set, frozenset)) else _CHOICE_SPLIT.split(_as_text(raw))
        picked = [_as_text(i).strip() for i in items if _as_text(i).strip()]
        bad = [p for p in picked if p not in f.choices]
        if bad:
            raise _Bad(f"{label}「{bad[0]}」不是可选项（可选：{'、'.join(f.choices)}）")
        return tuple(o for o in f.choices if o in picked)  # in the order of the definition
    text = _as_text(raw).strip()
    if text not in f.choices:
        raise _Bad(f"{label}「{text}」不是可选项（可选：{'、'.join(f.choices)}）")
    return text


def _bool(c: _Cleaner, f: FieldSpec, raw: Any, label: str) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _as_text(raw).strip()
    if text in (YES, "1", "true", "True", "√", "✓", "有"):
        return True
    if text in (NO, "0", "false", "False", "×", "无"):
        return False
    raise _Bad(f"{label}「{raw}」应为「是」或「否」")


_CONVERTERS: dict[str, _Converter] = {
    "text": _text,
    "multiline": _text,
    "date": _date,
    "datetime": _datetime,
    "integer": _integer,
    "decimal": _decimal,
    "money": _decimal,
    "mobile": _phone_like(normalize_phone, idv.mobile_error),
    "landline": _phone_like(normalize_phone, idv.landline_error),
    "phone": _phone_like(normalize_phone, idv.any_phone_error),
    "id_card": _id_card,
    "uscc": _phone_like(idv.normalize_uscc, idv.uscc_error),
    "passport": _phone_like(idv.normalize_passport, idv.passport_error),
    "id_number": _id_number,
    "plate": _phone_like(idv.normalize_plate, idv.plate_error),
    "email": _phone_like(idv.normalize_email, idv.email_error),
    "choice": _choice,
    "bool": _bool,
}


def _convert(cleaner: _Cleaner, f: FieldSpec, raw: Any, label: str) -> Any:
    converter: _Converter = _CONVERTERS[f.type] if f.type in _CONVERTERS else _text
    return converter(cleaner, f, raw, label)


def _as_datetime(value: date) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- printing and masking ------------------------------------------------------------------------

def format_value(field: FieldSpec, value: Any, *, with_unit: bool = True) -> str:
    """The value as text for paper, lists and ledgers: 2026-09-18, 120.50 ㎡, 1,200.00 元, 是/否."""
    if is_blank(value):
        return ""
    value = coerce_lenient(field, value) if isinstance(value, str) and field.type not in (
        "text", "multiline") else value
    unit = f" {field.unit}" if with_unit and field.unit else ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}" if field.type == "datetime" else f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        if field.type == "money":
            return f"{value:,.2f}{unit}"
        return f"{value:.{field.decimals}f}{unit}"
    if isinstance(value, int) and field.type in ("integer", "decimal", "money"):
        return f"{value}{unit}"
    if isinstance(value, (list, tuple)) and field.type == "choice":
        return "、".join(str(v) for v in value)
    if isinstance(value, (list, tuple)) and field.is_repeat:
        return f"{len(value)}行"
    return str(value)


def mask_value(field: FieldSpec, value: Any) -> str:
    """The value as lists and exports show it: ID numbers and phones masked (PIPL)."""
    text = format_value(field, value)
    if not text:
        return ""
    if field.type in MASKED_ID_TYPES:
        return mask_id(text)
    if field.type in MASKED_PHONE_TYPES:
        return mask_phone(text)
    return text


def chosen_options(field: FieldSpec, value: Any) -> frozenset[str]:
    """Options of a choice/bool field that are ticked for ``value`` (tolerates unconverted text)."""
    if is_blank(value):
        return frozenset()
    if field.type == "bool":
        if isinstance(value, bool):
            return frozenset({YES if value else NO})
        text = str(value).strip()
        return frozenset({YES}) if text in (YES, "1", "true", "True") else (
            frozenset({NO}) if text in (NO, "0", "false", "False") else frozenset())
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(str(v).strip() for v in value)
    if field.multiple:
        return frozenset(p.strip() for p in _CHOICE_SPLIT.split(str(value)) if p.strip())
    return frozenset({str(value).strip()})


# --- JSON for storage ----------------------------------------------------------------------------

def to_json(spec: FormSpec, values: dict[str, Any]) -> dict[str, Any]:
    """Typed values (from clean_record) → JSON-safe values: dates as ISO text, decimals as text."""
    return {f.key: _json_value(f, values.get(f.key)) for f in spec.fields()}


def _json_value(field: FieldSpec, value: Any) -> Any:
    if value is None:
        return [] if field.is_repeat else None
    if field.is_repeat:
        assert field.repeat is not None
        return [{sub.key: _json_value(sub, row.get(sub.key)) for sub in field.repeat.fields} for row in value]
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple):
        return list(value)
    return value


def from_json(spec: FormSpec, data: dict[str, Any]) -> dict[str, Any]:
    """The inverse of to_json: typed values again (bad stored values are kept as they are)."""
    return {f.key: _from_json_value(f, data.get(f.key)) for f in spec.fields()}


def _from_json_value(field: FieldSpec, value: Any) -> Any:
    if field.is_repeat:
        assert field.repeat is not None
        rows = value if isinstance(value, list) else []
        return [{sub.key: _from_json_value(sub, row.get(sub.key)) for sub in field.repeat.fields}
                for row in rows if isinstance(row, dict)]
    return coerce_lenient(field, value)
