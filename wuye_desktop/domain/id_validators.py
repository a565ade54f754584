"""Validators for the identity and contact fields of the registration forms (篇3, FORMS.md).

Each ``*_error(label, value, …)`` returns a Chinese message naming the field, or None when the value
is fine; each ``normalize_*`` returns the form in which the value is stored. Empty values are the
caller's business (required or not): the validators assume a non-empty text.
"""

from __future__ import annotations

import re
from datetime import date

from wuye_desktop.domain.validators import LANDLINE_RE, HOTLINE_RE, MOBILE_RE, normalize_phone, phone_error

# --- 居民身份证 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence, check char ---

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# First two digits: the provinces, Taiwan (71), Hong Kong (81), Macao (82) and the residence
# permits of Taiwan residents (83).
_ID_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})


def id_card_check_char(first17: str) -> str:
    """The 18th character of a 居民身份证 number (ISO 7064 MOD 11-2) for its first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_card(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def id_card_birth_date(value: str) -> date | None:
    text = normalize_id_card(value)
    try:
        return date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None


def id_card_error(label: str, value: str, today: date) -> str | None:
    text = normalize_id_card(value)
    if len(text) != 18:
        return f"{label}「{value}」位数不正确：居民身份证号码应为18位（现有{len(text)}位）"
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        return f"{label}「{value}」格式不正确：前17位应为数字，最后一位为数字或X"
    if text[:2] not in _ID_PROVINCES:
        return f"{label}「{value}」格式不正确：前两位「{text[:2]}」不是有效的省级行政区划代码"
    birth = id_card_birth_date(text)
    if birth is None or birth.year < 1900:
        return f"{label}「{value}」中的出生日期「{text[6:14]}」不是有效日期"
    if birth > today:
        return f"{label}「{value}」中的出生日期{birth:%Y-%m-%d}晚于今天"
    if id_card_check_char(text[:17]) != text[17]:
        return f"{label}「{value}」校验位不正确，请核对号码"
    return None


# --- 统一社会信用代码 (GB 32100-2015): 18 characters of a 31-character alphabet, last is a check ---

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def uscc_error(label: str, value: str) -> str | None:
    text = normalize_uscc(value)
    if len(text) != 18:
        return f"{label}「{value}」位数不正确：统一社会信用代码应为18位（现有{len(text)}位）"
    bad = [c for c in text if c not in USCC_ALPHABET]
    if bad:
        return f"{label}「{value}」含有无效字符「{bad[0]}」（代码中不使用 I、O、Z、S、V）"
    if not text[2:8].isdigit():
        return f"{label}「{value}」格式不正确：第3–8位应为行政区划代码（数字）"
    if uscc_check_char(text[:17]) != text[17]:
        return f"{label}「{value}」校验位不正确，请核对代码"
    return None


# --- 护照 passport: Chinese passports (E12345678, EA1234567, G12345678) and foreign ones ---

_PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")
_CN_PASSPORT_RE = re.compile(r"^(E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8}|[DPS][0-9]{7})$")


def normalize_passport(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def passport_error(label: str, value: str) -> str | None:
    text = normalize_passport(value)
    if not _PASSPORT_RE.match(text) or not any(c.isdigit() for c in text):
        return f"{label}「{value}」格式不正确：护照号码应为5–20位字母和数字"
    return None


def is_chinese_passport(value: str) -> bool:
    return bool(_CN_PASSPORT_RE.match(normalize_passport(value)))


# --- 机动车号牌 (GA 36): 粤B12345 (7 characters) and new-energy 粤BD12345 / 粤B12345D (8) ---

PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"  # issuing-authority letters and plate letters skip I and O
_ORDINARY_RE = re.compile(
    rf"^[{PLATE_PROVINCES}][{_LETTER}](?:[{_LETTER}0-9]{{5}}|[{_LETTER}0-9]{{4}}[挂学警港澳领试超])$")
# Small new-energy cars: D/F (and, in newer series, A–K without I) then a letter or digit and 4 digits;
# large new-energy vehicles: 5 digits then D or F.
_NEW_ENERGY_RE = re.compile(
    rf"^[{PLATE_PROVINCES}][{_LETTER}](?:[A-HJK][{_LETTER}0-9][0-9]{{4}}|[0-9]{{5}}[DF])$")
_PLATE_SEPARATORS = re.compile(r"[\s·•・\-－.]")


def normalize_plate(value: str) -> str:
    """粤b·d12345 → 粤BD12345: separators dropped, letters upper-case."""
    return _PLATE_SEPARATORS.sub("", value.strip()).upper()


def plate_error(label: str, value: str) -> str | None:
    text = normalize_plate(value)
    if _ORDINARY_RE.match(text) or _NEW_ENERGY_RE.match(text):
        return None
    if text and text[0] not in PLATE_PROVINCES:
        return f"{label}「{value}」格式不正确：应以省份简称开头（如 粤B12345）"
    if len(text) not in (7, 8):
        return (f"{label}「{value}」格式不正确：普通车牌为7位（如 粤B12345），"
                f"新能源车牌为8位（如 粤BD12345）")
    return f"{label}「{value}」格式不正确（普通车牌如 粤B12345，新能源车牌如 粤BD12345）"


def is_new_energy_plate(value: str) -> bool:
    return bool(_NEW_ENERGY_RE.match(normalize_plate(value)))


# --- e-mail and phones ---

_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def normalize_email(value: str) -> str:
    return value.strip()


def email_error(label: str, value: str) -> str | None:
    text = normalize_email(value)
    if len(text) > 254 or not _EMAIL_RE.match(text) or ".." in text or text.startswith("."):
        return f"{label}「{value}」不是有效的电子邮箱地址（如 name@example.com）"
    return None


def mobile_error(label: str, value: str) -> str | None:
    text = normalize_phone(value)
    if text.isdigit() and text.startswith("1"):
        return phone_error(label, value)
    if MOBILE_RE.match(text):
        return None
    return f"{label}「{value}」不是有效的手机号码：应为11位数字，以1开头"


def landline_error(label: str, value: str) -> str | None:
    text = normalize_phone(value)
    if LANDLINE_RE.match(text) or HOTLINE_RE.match(text):
        return None
    return f"{label}「{value}」不是有效的固定电话号码（如 0755-12345678）"


def any_phone_error(label: str, value: str) -> str | None:
    """A mobile or a landline number (the shared rule of domain/validators.py)."""
    return phone_error(label, value)
