"""Field validators shared by every form: each returns a Chinese message naming the field, or None."""

from __future__ import annotations

import re
from datetime import datetime

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Landline: optional area code 0xx/0xxx, 7–8 digit number, optional extension; 400/800 hotlines.
LANDLINE_RE = re.compile(r"^(0\d{2,3}-?[1-9]\d{6,7}|[2-9]\d{6,7})(-\d{1,6})?$")
HOTLINE_RE = re.compile(r"^[48]00-?\d{3}-?\d{4}$")


def normalize_phone(value: str) -> str:
    """Strip spaces and the +86 prefix a clerk may paste; keep the dash of an area code."""
    text = value.strip().replace(" ", "").replace("（", "(").replace("）", ")")
    text = text.replace("(", "").replace(")", "-") if text.startswith("(") else text
    if text.startswith("+86"):
        text = text[3:].lstrip("-")
    return text


def phone_error(label: str, value: str) -> str | None:
    text = normalize_phone(value)
    if not text:
        return f"{label}不能为空"
    if text.isdigit() and text.startswith("1"):
        if len(text) != 11:
            return f"{label}「{value}」不是有效的手机号码：手机号码应为11位数字"
        if not MOBILE_RE.match(text):
            return f"{label}「{value}」不是有效的手机号码：第二位应为3–9"
        return None
    if LANDLINE_RE.match(text) or HOTLINE_RE.match(text):
        return None
    return f"{label}「{value}」格式不正确：应为11位手机号码或固定电话（如 0755-12345678）"


def required_error(label: str, value: str | None, max_len: int | None = None) -> str | None:
    text = (value or "").strip()
    if not text:
        return f"{label}不能为空"
    return length_error(label, text, max_len)


def length_error(label: str, value: str | None, max_len: int | None) -> str | None:
    if max_len is not None and value is not None and len(value) > max_len:
        return f"{label}不能超过{max_len}个字（现有{len(value)}个字）"
    return None


def not_future_error(label: str, value: datetime | None, now: datetime) -> str | None:
    if value is None:
        return f"{label}不能为空"
    # A minute of grace for clocks that differ between PCs.
    if (value - now).total_seconds() > 60:
        return f"{label}不能晚于当前时间（{now:%Y-%m-%d %H:%M}）"
    return None


def order_error(label: str, value: datetime | None, earlier_label: str, earlier: datetime | None) -> str | None:
    if value is not None and earlier is not None and value < earlier:
        return f"{label}不能早于{earlier_label}（{earlier:%Y-%m-%d %H:%M}）"
    return None


def parse_datetime_text(text: str) -> datetime | None:
    """Times as clerks type them: 2026-09-18 14:30, 2026/9/18 14:30, 2026年9月18日 14:30, or a date."""
    cleaned = text.strip().replace("年", "-").replace("月", "-").replace("日", " ").replace("/", "-")
    cleaned = cleaned.replace("T", " ").replace("：", ":")
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    return None


PROJECT_CODE_RE = re.compile(r"[A-Za-z0-9]{1,10}")


def project_code_error(code: str | None) -> str | None:
    """A 管理处's code begins every case number (HY-2026-00001): 1–10 letters or digits."""
    if PROJECT_CODE_RE.fullmatch((code or "").strip()):
        return None
    return "管理处代码应为1–10位字母或数字（投诉编号以它开头，如 HY-2026-00001）"
