"""Values of a form record: every bad field gets a Chinese message naming its label; good ones convert."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.id_validators import id_card_check_char
from wuye_desktop.formspecs import (
    FormSpec,
    clean_record,
    format_value,
    from_json,
    load_all,
    mask_value,
    to_json,
    validate_record,
)
from wuye_desktop.formspecs.samples import sample_values
from wuye_desktop.locations import FORMS_DIR

TODAY = date(2026, 9, 18)
ID = "44030419900307123" + id_card_check_char("44030419900307123")


@pytest.fixture(scope="module")
def specs() -> dict[str, FormSpec]:
    return load_all(FORMS_DIR)


def client_record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "unit": "A座1203", "client": "深圳市华信科技有限公司", "client_role": "租户", "client_kind": "单位",
        "id_type": "统一社会信用代码", "id_no": "91350100M000100Y43", "contact": "李明", "mobile": "13800138000",
        "email": "li.ming@huaxin.com.cn", "floor_area": "120.5", "lease_from": "2026-09-01", "lease_to": "2028-08-31",
        "registered_on": "2026/9/18", "clerk": "王芳",
        "deposits": [{"item": "装修押金", "amount": "5,000", "paid_on": date(2026, 9, 1)}],
    }
    record.update(changes)
    return record


@pytest.mark.parametrize("number", [f"qms-pm-313{n:02d}" for n in range(1, 19)])
def test_sample_records_of_every_form_are_valid(specs: dict[str, FormSpec], number: str) -> None:
    for seed in range(20):
        values = sample_values(specs[number], seed)
        assert validate_record(specs[number], values, today=date(2026, 12, 31)) == {}


def test_a_good_record_converts_to_typed_values(specs: dict[str, FormSpec]) -> None:
    clean = clean_record(specs["qms-pm-31301"], client_record(), today=TODAY)
    assert clean["registered_on"] == date(2026, 9, 18)
    assert clean["floor_area"] == Decimal("120.50")
    assert clean["deposits"] == [{"item": "装修押金", "amount": Decimal("5000.00"), "paid_on": date(2026, 9, 1),
                                  "receipt_no": None, "refunded_on": None}]
    assert clean["fax"] is None and clean["nature"] is None


def test_missing_required_fields_are_named(specs: dict[str, FormSpec]) -> None:
    errors = validate_record(specs["qms-pm-31301"], client_record(unit="  ", client_role=None, clerk=""), today=TODAY)
    assert errors == {"unit": "房号/单元不能为空", "client_role": "请选择客户身份", "clerk": "经办人不能为空"}


@pytest.mark.parametrize("key, value, message", [
    ("mobile", "1380013800", "手机「1380013800」不是有效的手机号码：手机号码应为11位数字"),
    ("mobile", "0755-83001234", "手机「0755-83001234」不是有效的手机号码：应为11位数字，以1开头"),
    ("office_phone", "13800138000", "办公电话「13800138000」不是有效的固定电话号码（如 0755-12345678）"),
    ("email", "li.ming", "电子邮箱「li.ming」不是有效的电子邮箱地址（如 name@example.com）"),
    ("floor_area", "120.555", "建筑面积最多保留2位小数"),
    ("floor_area", "-3", "建筑面积不能小于0㎡"),
    ("floor_area", "一百", "建筑面积「一百」不是有效的数值"),
    ("staff_total", "3.5", "员工人数「3.5」不是整数"),
    ("monthly_fee", "12.345", "月物业费最多保留2位小数"),
    ("monthly_fee", "abc", "月物业费「abc」不是有效的金额"),
    ("lease_to", "2026-08-31", "租期止不能早于租期起（2026-09-01）"),
    ("move_in_on", "2026-02-30", "入住日期「2026-02-30」不是有效的日期（如 2026-09-18）"),
    ("client_role", "房东", "客户身份「房东」不是可选项（可选：业主、租户）"),
    ("id_no", "91350100M000100Y44", "证件号码「91350100M000100Y44」校验位不正确，请核对代码"),
    ("contact", "李" * 21, "联系人不能超过20个字（现有21个字）"),
])
def test_bad_values_get_the_fields_label(specs: dict[str, FormSpec], key: str, value: Any, message: str) -> None:
    errors = validate_record(specs["qms-pm-31301"], client_record(**{key: value}), today=TODAY)
    assert errors == {key: message}


def test_the_id_number_rule_follows_the_document_type(specs: dict[str, FormSpec]) -> None:
    spec = specs["qms-pm-31301"]
    assert validate_record(spec, client_record(id_type="居民身份证", id_no=ID), today=TODAY) == {}
    wrong = ID[:17] + ("0" if ID[17] != "0" else "1")
    assert validate_record(spec, client_record(id_type="居民身份证", id_no=wrong), today=TODAY) == {
        "id_no": f"证件号码「{wrong}」校验位不正确，请核对号码"}
    assert validate_record(spec, client_record(id_type="护照", id_no="E12345678"), today=TODAY) == {}
    assert validate_record(spec, client_record(id_type="护照", id_no="E1"), today=TODAY) == {
        "id_no": "证件号码「E1」格式不正确：应为3–30位字母或数字"}
    assert validate_record(spec, client_record(id_type="其他", id_no="H1234567"), today=TODAY) == {}


def test_repeating_rows_are_checked_row_by_row(specs: dict[str, FormSpec]) -> None:
    spec = specs["qms-pm-31302"]
    base = {"unit": "A座1203", "client": "张三", "client_phone": "13800138000", "registered_on": "2026-09-18",
            "clerk": "王芳"}
    rows = [{"name": "李四", "relation": "配偶", "mobile": "13900139000"},
            {"name": "", "relation": "", "mobile": "", "address": ""},  # an empty line of the entry table
            {"name": "王五", "relation": "朋友", "mobile": "1390013900", "office_phone": "12"}]
    errors = validate_record(spec, {**base, "contacts": rows}, today=TODAY)
    # Row indices count filled rows from 0; the messages count from 1 as the clerk does.
    assert errors == {
        "contacts[1].office_phone": "紧急联络人第2行办公电话「12」不是有效的固定电话号码（如 0755-12345678）",
        "contacts[1].mobile": "紧急联络人第2行手机「1390013900」不是有效的手机号码：手机号码应为11位数字",
    }
    assert validate_record(spec, {**base, "contacts": []}, today=TODAY) == {"contacts": "紧急联络人至少要填写1行"}
    four = [{"name": f"联系人{i}", "relation": "朋友", "mobile": "13900139000"} for i in range(4)]
    assert validate_record(spec, {**base, "contacts": four}, today=TODAY) == {"contacts": "紧急联络人最多3行（现有4行）"}
    missing = [{"name": "李四", "mobile": "13900139000"}]
    assert validate_record(spec, {**base, "contacts": missing}, today=TODAY) == {
        "contacts[0].relation": "紧急联络人第1行与客户关系不能为空"}


def test_dates_that_cannot_be_in_the_future(specs: dict[str, FormSpec]) -> None:
    spec = specs["qms-pm-31318"]
    values = sample_values(spec, 1)
    values["read_on"] = "2026-09-19"
    assert validate_record(spec, values, today=TODAY) == {"read_on": "抄表日期不能晚于今天（2026-09-18）"}
    values["read_on"] = "2026-09-18"
    assert validate_record(spec, values, today=TODAY) == {}


def test_choices_several_at_once_and_yes_no(specs: dict[str, FormSpec]) -> None:
    spec = specs["qms-pm-31307"]
    values = sample_values(spec, 2)
    values["use"] = "电话、传真"
    assert clean_record(spec, values, today=date(2026, 12, 31))["use"] == ("电话", "传真")
    values["use"] = ["宽带", "电话"]
    assert clean_record(spec, values, today=date(2026, 12, 31))["use"] == ("电话", "宽带")  # in the form's order
    values["use"] = ["电报"]
    assert validate_record(spec, values, today=date(2026, 12, 31)) == {
        "use": "用途「电报」不是可选项（可选：电话、传真、专线、宽带）"}
    spec = specs["qms-pm-31316"]
    values = sample_values(spec, 2)
    values["card_returned"] = "否"
    assert clean_record(spec, values, today=date(2026, 12, 31))["card_returned"] is False
    values["card_returned"] = "也许"
    assert validate_record(spec, values, today=date(2026, 12, 31)) == {"card_returned": "身份卡已交回「也许」应为「是」或「否」"}


def test_plates_and_datetimes(specs: dict[str, FormSpec]) -> None:
    spec = specs["qms-pm-31306"]
    values = sample_values(spec, 3)
    values["plate"] = "粤B1234"
    errors = validate_record(spec, values, today=date(2026, 12, 31))
    assert errors == {"plate": "车牌号码「粤B1234」格式不正确：普通车牌为7位（如 粤B12345），新能源车牌为8位（如 粤BD12345）"}
    values["plate"] = "粤b d12345"
    assert clean_record(spec, values, today=date(2026, 12, 31))["plate"] == "粤BD12345"
    spec = specs["qms-pm-31304"]
    values = sample_values(spec, 3)
    values["event_at"] = "2026年9月18日 14:30"
    values["reported_at"] = "2026-09-18 14:10"
    assert validate_record(spec, values, today=TODAY) == {"reported_at": "报告时间不能早于发生时间（2026-09-18 14:30）"}


def test_printing_masking_and_json(specs: dict[str, FormSpec]) -> None:
    spec = specs["qms-pm-31301"]
    clean = clean_record(spec, client_record(monthly_fee="12000", staff_total=25), today=TODAY)
    assert format_value(spec.field("floor_area"), clean["floor_area"]) == "120.50 ㎡"
    assert format_value(spec.field("monthly_fee"), clean["monthly_fee"]) == "12,000.00 元"
    assert format_value(spec.field("staff_total"), clean["staff_total"]) == "25 人"
    assert format_value(spec.field("registered_on"), clean["registered_on"]) == "2026-09-18"
    assert mask_value(spec.field("mobile"), clean["mobile"]) == "138****8000"
    assert mask_value(spec.field("id_no"), clean["id_no"]) == "913***********0Y43"
    assert mask_value(spec.field("client"), clean["client"]) == "深圳市华信科技有限公司"
    stored = to_json(spec, clean)
    assert stored["registered_on"] == "2026-09-18" and stored["floor_area"] == "120.50"
    assert stored["deposits"][0]["amount"] == "5000.00"
    assert from_json(spec, stored) == clean
    spec = specs["qms-pm-31304"]
    clean = clean_record(spec, sample_values(spec, 5), today=date(2026, 12, 31))
    assert isinstance(clean["event_at"], datetime)
    assert from_json(spec, to_json(spec, clean)) == clean


def test_clean_record_raises_a_validation_error_with_every_field(specs: dict[str, FormSpec]) -> None:
    with pytest.raises(ValidationError) as info:
        clean_record(specs["qms-pm-31301"], client_record(unit="", mobile="123"), today=TODAY)
    assert set(info.value.errors) == {"unit", "mobile"}
