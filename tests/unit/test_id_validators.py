"""Identity and contact validators of the registration forms, and the masking of personal data."""

from __future__ import annotations

from datetime import date

import pytest

from wuye_desktop.domain.id_validators import (
    email_error,
    id_card_check_char,
    id_card_error,
    is_new_energy_plate,
    landline_error,
    mobile_error,
    normalize_plate,
    passport_error,
    plate_error,
    uscc_check_char,
    uscc_error,
)
from wuye_desktop.domain.masking import mask_id, mask_name, mask_phone

TODAY = date(2026, 9, 18)


def id_number(first17: str) -> str:
    return first17 + id_card_check_char(first17)


# --- 居民身份证 ---

def test_the_checksum_follows_iso_7064_mod_11_2() -> None:
    # Published example of GB 11643-1999: 11010519491231002X.
    assert id_card_check_char("11010519491231002") == "X"
    assert id_card_error("身份证号码", "11010519491231002X", TODAY) is None
    assert id_card_error("身份证号码", "11010519491231002x", TODAY) is None  # lower-case x is accepted


@pytest.mark.parametrize("first17", ["44030419900307123", "31010420000229456", "11010119370707001"])
def test_valid_numbers_built_with_their_checksum_pass(first17: str) -> None:
    assert id_card_error("身份证号码", id_number(first17), TODAY) is None


def test_a_wrong_check_character_is_named() -> None:
    good = id_number("44030419900307123")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert id_card_error("身份证号码", wrong, TODAY) == f"身份证号码「{wrong}」校验位不正确，请核对号码"


@pytest.mark.parametrize("value, words", [
    ("4403041990030712", "应为18位（现有16位）"),
    ("44030419900307123A", "前17位应为数字"),
    (id_number("99030419900307123"), "不是有效的省级行政区划代码"),
    (id_number("44030419900230123"), "出生日期「19900230」不是有效日期"),
    (id_number("44030418991231123"), "不是有效日期"),
])
def test_malformed_numbers_say_what_is_wrong(value: str, words: str) -> None:
    message = id_card_error("身份证号码", value, TODAY)
    assert message is not None and message.startswith("身份证号码「") and words in message


def test_a_birth_date_after_today_is_rejected() -> None:
    tomorrow = id_number("440304" + "20260919" + "123")
    assert "晚于今天" in (id_card_error("身份证号码", tomorrow, TODAY) or "")
    assert id_card_error("身份证号码", tomorrow, date(2026, 9, 19)) is None


# --- 统一社会信用代码 ---

def test_a_real_credit_code_is_valid() -> None:
    assert uscc_error("统一社会信用代码", "91350100M000100Y43") is None
    assert uscc_error("统一社会信用代码", "91350100m000100y43") is None  # typed in lower case


def test_a_credit_code_with_a_wrong_check_character_is_rejected() -> None:
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert uscc_error("统一社会信用代码", "91350100M000100Y44") == \
        "统一社会信用代码「91350100M000100Y44」校验位不正确，请核对代码"


@pytest.mark.parametrize("value, words", [
    ("91350100M000100Y4", "应为18位（现有17位）"),
    ("91350100M000100I43", "无效字符「I」"),
    ("913501A0M000100Y43", "第3–8位应为行政区划代码"),
])
def test_malformed_credit_codes(value: str, words: str) -> None:
    assert words in (uscc_error("统一社会信用代码", value) or "")


# --- passports, plates, e-mail, phones ---

@pytest.mark.parametrize("value", ["E12345678", "EA1234567", "G12345678", "C01X00T47", "123456789", "X1234567"])
def test_passport_numbers(value: str) -> None:
    assert passport_error("护照号码", value) is None


@pytest.mark.parametrize("value", ["E123", "E1234567890123456789012", "ABCDEFGH", "E12-345678", "护照123456"])
def test_bad_passport_numbers(value: str) -> None:
    assert passport_error("护照号码", value) == f"护照号码「{value}」格式不正确：护照号码应为5–20位字母和数字"


@pytest.mark.parametrize("value", [
    "粤B12345", "粤BD12345", "粤B D12345", "粤B·D12345", "粤b·f12341",
    "粤B12345D", "京AF0236", "沪A1234学", "粤Z1234港", "粤BDA1234",
])
def test_plates_ordinary_and_new_energy(value: str) -> None:
    assert plate_error("车牌号码", value) is None


@pytest.mark.parametrize("value", ["粤B1234", "粤BI2345", "粤B123456", "AB12345", "粤12345B", "京AF1234X"])
def test_bad_plates_are_named(value: str) -> None:
    message = plate_error("车牌号码", value)
    assert message is not None and message.startswith(f"车牌号码「{value}」格式不正确")


def test_plate_normalisation_and_new_energy_detection() -> None:
    assert normalize_plate("粤b·d12345") == "粤BD12345"
    assert is_new_energy_plate("粤B D12345") and is_new_energy_plate("粤B12345F")
    assert not is_new_energy_plate("粤B12345")


@pytest.mark.parametrize("value", ["li.ming@huaxin.com.cn", "a+b@x.io", "service@pcinv.cn"])
def test_emails(value: str) -> None:
    assert email_error("电子邮箱", value) is None


@pytest.mark.parametrize("value", ["li.ming", "a@b", "a@@b.cn", "a b@c.cn", "@b.cn", "a..b@c.cn", "张三@qq.com"])
def test_bad_emails(value: str) -> None:
    assert email_error("电子邮箱", value) == f"电子邮箱「{value}」不是有效的电子邮箱地址（如 name@example.com）"


def test_mobile_and_landline_each_reject_the_other() -> None:
    assert mobile_error("手机", "13800138000") is None
    assert mobile_error("手机", "+86 138 0013 8000") is None
    assert "应为11位数字" in (mobile_error("手机", "0755-12345678") or "")
    assert "手机号码应为11位数字" in (mobile_error("手机", "1380013800") or "")
    assert landline_error("办公电话", "0755-83001234") is None
    assert landline_error("办公电话", "83001234") is None
    assert landline_error("办公电话", "13800138000") == "办公电话「13800138000」不是有效的固定电话号码（如 0755-12345678）"


# --- masking (PIPL) ---

def test_masking_of_id_numbers_and_phones() -> None:
    assert mask_id("110101199003071234") == "110***********1234"
    assert mask_id("91350100M000100Y43") == "913***********0Y43"
    assert mask_id("E12345678") == "E******78"
    assert mask_id("") == ""
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("+86 138 0013 8000") == "138****8000"
    assert mask_phone("0755-83001234") == "0755-****1234"
    assert mask_phone("") == ""
    assert mask_name("张三") == "张*" and mask_name("欧阳娜娜") == "欧**娜"
