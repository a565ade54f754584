"""Client archive rules without a database: units as written, drafts with Chinese messages, links between forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.formspecs import load_all
from wuye_desktop.locations import FORMS_DIR

TODAY = date(2026, 9, 24)


@pytest.mark.parametrize(("text", "building", "entrance", "floor", "room"), [
    ("A座1203", "A座", "", 12, "1203"),
    ("3栋2单元501", "3栋", "2单元", 5, "501"),
    ("b座 0801室", "B座", "", 8, "0801"),
    ("１２栋１单元１８０４", "12栋", "1单元", 18, "1804"),
])
def test_units_are_read_as_the_office_writes_them(text: str, building: str, entrance: str, floor: int,
                                                  room: str) -> None:
    parsed = arc.parse_unit(text)
    assert parsed == arc.ParsedUnit(building, entrance, floor, room)


@pytest.mark.parametrize("text", ["", "1203", "大堂", "A座"])
def test_an_unreadable_unit_is_none(text: str) -> None:
    assert arc.parse_unit(text) is None


def test_unit_keys_ignore_blanks_case_and_full_width_digits() -> None:
    assert arc.unit_key("a座 １２０３") == arc.unit_key("A座1203")
    assert arc.unit_key("3栋2单元501") != arc.unit_key("3栋2单元502")


def test_a_unit_draft_names_each_bad_field() -> None:
    with pytest.raises(ValidationError) as caught:
        arc.UnitDraft("", "", kind="别墅", floor_area="abc").validate()
    errors = caught.value.errors
    assert errors["building"].startswith("楼栋不能为空")
    assert errors["room"].startswith("房号不能为空")
    assert "房屋类型「别墅」不是可选项" in errors["kind"]
    assert "建筑面积「abc」不是有效的数值" == errors["floor_area"]


def test_a_unit_draft_takes_the_floor_from_the_room_and_the_area_as_decimal() -> None:
    d = arc.UnitDraft("A座", "1203", "写字间", floor_area="120.50").validate()
    assert d.floor == 12 and d.floor_area == Decimal("120.50") and d.label == "A座1203"
    with pytest.raises(ValidationError) as caught:
        arc.UnitDraft("A座", "1203", floor_area="12.345").validate()
    assert caught.value.errors["floor_area"] == "建筑面积最多保留2位小数"


def test_a_client_with_a_bad_id_number_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        arc.ClientDraft("王伟", "个人", "居民身份证", "110101199003071235", phone="1380013800").validate(TODAY)
    assert "校验位不正确" in caught.value.errors["id_no"]
    assert "不是有效的手机号码" in caught.value.errors["phone"]


def test_a_company_with_a_good_credit_code_is_cleaned() -> None:
    d = arc.ClientDraft(" 深圳市华信科技有限公司 ", "单位", "统一社会信用代码", "91440300MA5DCXXXX0").validate
    with pytest.raises(ValidationError):  # a made-up code fails its checksum
        d(TODAY)
    from wuye_desktop.domain.id_validators import uscc_check_char

    body = "91440300MA5DCXXXX"
    good = arc.ClientDraft("深圳市华信科技有限公司", "单位", "统一社会信用代码", (body + uscc_check_char(body)).lower(),
                           phone="0755 2688 1234").validate(TODAY)
    assert good.id_no == body + uscc_check_char(body)
    assert good.phone == "075526881234"


def test_an_id_number_needs_its_type() -> None:
    with pytest.raises(ValidationError) as caught:
        arc.ClientDraft("王伟", "个人", "", "110101199003091234").validate(TODAY)
    assert caught.value.errors == {"id_type": "填写了证件号码，请选择证件类型"}


def test_a_stay_ends_as_retired_never_before_it_began() -> None:
    with pytest.raises(ValidationError) as caught:
        arc.OccupancyDraft(1, 1, "租户", date(2026, 5, 1), date(2026, 4, 30)).validate(TODAY)
    assert caught.value.errors["move_out"] == "迁出日期不能早于入住日期（2026-05-01）"
    assert arc.stay_state(None, TODAY) == "在住"
    assert arc.stay_state(date(2026, 9, 24), TODAY) == "退场"
    assert arc.stay_state(date(2026, 9, 25), TODAY) == "在住"


def test_a_deposit_needs_an_amount_and_is_returned_after_it_was_paid() -> None:
    with pytest.raises(ValidationError) as caught:
        arc.EntryDraft("fees", date(2026, 9, 1), "装修押金", deposit=True).validate(TODAY)
    assert caught.value.errors == {"amount": "押金须填写金额"}
    with pytest.raises(ValidationError) as caught:
        arc.EntryDraft("fees", date(2026, 9, 1), "装修押金", amount="2000", deposit=True,
                       returned_on=date(2026, 8, 1)).validate(TODAY)
    assert caught.value.errors == {"returned_on": "退还日期不能早于收取日期（2026-09-01）"}
    ok = arc.EntryDraft("fees", date(2026, 9, 1), "装修押金", amount="2,000.00", deposit=True).validate(TODAY)
    assert ok.amount == Decimal("2000.00")


def test_repairs_and_complaints_are_not_entered_by_hand() -> None:
    with pytest.raises(ValidationError) as caught:
        arc.EntryDraft("complaints", date(2026, 9, 1), "投诉").validate(TODAY)
    assert caught.value.errors == {"kind": "请选择档案类别"}


def test_twelve_kinds_in_the_order_of_the_rule_book_and_every_form_has_one() -> None:
    assert len(arc.ARCHIVE_KINDS) == 12
    assert [k.label for k in arc.ARCHIVE_KINDS][:2] == ["客户单位资料", "缴费记录及押金"]
    assert arc.ARCHIVE_KINDS[-1].source == "篇3 §3.12"
    specs = load_all(FORMS_DIR)
    assert set(arc.FORM_KIND) == set(specs)
    assert all(arc.kind_of_form(n) in arc.KIND_CODES for n in specs)
    for rule in arc.EXPIRY_RULES:  # every expiry field exists in its form
        assert specs[rule.form].field(rule.field).type == "date"


def test_a_lower_reading_than_the_last_is_found_per_meter() -> None:
    old = [arc.MeterReading(1, date(2026, 1, 1), "水表", "SB1", Decimal("120")),
           arc.MeterReading(2, date(2026, 5, 1), "水表", "SB1", Decimal("150")),
           arc.MeterReading(3, date(2026, 5, 1), "电表", "DB1", Decimal("900"))]
    new = [arc.MeterReading(0, date(2026, 9, 1), "水表", "SB1", Decimal("140")),
           arc.MeterReading(0, date(2026, 9, 1), "电表", "DB1", Decimal("950"))]
    lower = arc.lower_readings(old, new)
    assert [(a.reading, b.reading) for a, b in lower] == [(Decimal("150"), Decimal("140"))]
    # a reading dated before the last one is compared with what came before it
    assert arc.lower_readings(old, [arc.MeterReading(0, date(2026, 3, 1), "水表", "SB1", Decimal("130"))]) == []
    error = arc.LowerReadingError(lower)
    assert "水表（SB1）底数 140 m³ 低于上次（2026-05-01）的 150 m³" in error.message
    assert error.confirmation("换表").endswith("原因：换表")


def test_phone_numbers_are_found_in_text_and_compared_by_digits() -> None:
    assert arc.phones_in("0755-26881234、0755-26881235") == ["075526881234", "075526881235"]
    assert arc.phone_key("0755 2688 1234") == arc.phone_key("0755-26881234")
    assert arc.phones_in("13800138000") == ["13800138000"]


def test_expiry_texts() -> None:
    assert arc.expiry_text(date(2026, 9, 29), TODAY) == "还有5天"
    assert arc.expiry_text(date(2026, 9, 24), TODAY) == "今天到期"
    assert arc.expiry_text(date(2026, 9, 21), TODAY) == "已过期3天"
