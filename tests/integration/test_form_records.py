"""The 18 registration forms as records: filled, listed, searched, printed filled and blank, exported as
ledgers — and the links between forms (FORMS.md). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
import pytest

from tests.conftest import FakeClock
from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.archives import LowerReadingError
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.formspecs import format_value
from wuye_desktop.formspecs.samples import sample_values
from wuye_desktop.services.container import Services
from wuye_desktop.storage.archive_queries import RecordQuery

NUMBERS = [f"qms-pm-313{n:02d}" for n in range(1, 19)]
ID_A = "110101199003091234"
ID_B = "110101199003171234"


@pytest.fixture
def pid(any_services: Services) -> int:
    return any_services.settings.projects()[0].id


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def pages(path: Path) -> int:
    with pdfplumber.open(path) as doc:
        return len(doc.pages)


def filled(svc: Services, number: str, seed: int = 3, **changes: Any) -> dict[str, Any]:
    values = sample_values(svc.form_records.spec(number), seed)
    values.update(changes)
    return values


def a_text_value(svc: Services, number: str, values: dict[str, Any]) -> str:
    """A filled value of the form as printed (a list field that is plain text)."""
    spec = svc.form_records.spec(number)
    for f in spec.list_fields():
        text = format_value(f, values.get(f.key))
        if text and not f.masked and f.type in ("text", "choice", "integer") and len(text) >= 2:
            return text
    raise AssertionError(number)


@pytest.mark.parametrize("number", NUMBERS)
def test_each_form_is_filled_listed_found_printed_and_exported(any_services: Services, pid: int, number: str,
                                                               tmp_path: Path) -> None:
    svc = any_services
    forms = svc.form_records
    spec = forms.spec(number)
    values = filled(svc, number)
    saved = forms.save(number, values, pid, "陈静")
    page = forms.page(RecordQuery(number, pid))
    assert [v.id for v in page.rows] == [saved.id] and page.total == 1
    assert len(page.rows[0].cells) == len(spec.list_fields())

    # the list is searched by a name or identifier the record carries
    word = next(w for w in saved_search_words(svc, saved.id) if len(w) >= 2)
    assert forms.page(RecordQuery(number, pid, search=word)).total == 1
    assert forms.page(RecordQuery(number, pid, search="不存在的客户xyz")).total == 0

    filled_pdf = forms.print_record(saved.id, "陈静", tmp_path / "filled.pdf")
    text = pdf_text(filled_pdf)
    assert spec.code in text and spec.title.replace(" ", "") in text
    assert a_text_value(svc, number, values).replace(" ", "") in text
    blank_pdf = forms.print_blank(number, tmp_path / "blank.pdf", pid)
    blank = pdf_text(blank_pdf)
    assert spec.code in blank and spec.title in blank and pages(blank_pdf) == 1
    typed = [format_value(f, values.get(f.key)) for f in spec.list_fields() if f.type == "text"]
    assert typed and all(t.replace(" ", "") not in blank for t in typed if len(t) >= 4)

    out = tmp_path / f"{number}.xlsx"
    assert forms.export_ledger(RecordQuery(number, pid), out, "陈静") == 1
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[3]]
    assert header[0] == "序号" and spec.fields().__next__().label in header[1]
    assert ws.freeze_panes == "A4" and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$3:$3"
    assert ws["A1"].value.endswith(f"{spec.title}台账")


def saved_search_words(svc: Services, record_id: int) -> list[str]:
    from wuye_desktop.storage.models_archives import FormRecordRow

    with svc.uow() as uow:
        return uow.session.get(FormRecordRow, record_id).search_text.split()  # type: ignore[union-attr]


def test_a_bad_value_is_refused_with_the_field_named(any_services: Services, pid: int) -> None:
    forms = any_services.form_records
    values = filled(any_services, "qms-pm-31306", plate="粤B1234", phone="1380013800")
    with pytest.raises(ValidationError) as caught:
        forms.save("qms-pm-31306", values, pid, "陈静")
    assert "车牌号码「粤B1234」" in caught.value.errors["plate"]
    assert "联系电话" in caught.value.errors["phone"]
    contacts = [{"name": "李四", "relation": "配偶", "mobile": "12345"}]
    with pytest.raises(ValidationError) as caught:
        forms.save("qms-pm-31302", filled(any_services, "qms-pm-31302", contacts=contacts), pid, "陈静")
    assert caught.value.errors["contacts[0].mobile"].startswith("紧急联络人第1行手机")
    assert forms.page(RecordQuery("qms-pm-31306", pid)).total == 0


def test_records_link_to_unit_and_client_and_show_in_the_archive(any_services: Services, pid: int) -> None:
    svc = any_services
    unit = svc.archives.save_unit(pid, arc.UnitDraft("A座", "1203", "写字间"))
    client = svc.archives.save_client(pid, arc.ClientDraft("深圳市华信科技有限公司", "单位"))
    svc.archives.move_in(arc.OccupancyDraft(unit.id, client.id, "租户", date(2026, 1, 1)), "陈静")
    rec = svc.form_records.save("qms-pm-31302", filled(svc, "qms-pm-31302", unit="a座 1203",
                                                       client="深圳市华信科技有限公司"), pid, "陈静")
    assert (rec.unit_id, rec.client_id) == (unit.id, client.id)
    archive = svc.archives.client_archive(client.id, "陈静")
    assert [i.title for i in archive.items["emergency"]] == ["QMS-PM-31302 客户紧急联络表"]
    assert svc.form_records.page(RecordQuery("qms-pm-31302", pid, client_id=client.id)).total == 1


def test_masked_in_lists_and_ledgers_whole_in_the_record_and_when_asked(any_services: Services, pid: int,
                                                                          tmp_path: Path) -> None:
    svc = any_services
    values = filled(svc, "qms-pm-31313", id_type="居民身份证", id_no=ID_A, holder_phone="13800138000",
                    holder="王伟")
    rec = svc.form_records.save("qms-pm-31313", values, pid, "陈静")
    assert svc.form_records.get(rec.id).values["id_no"] == ID_A
    spec = svc.form_records.spec("qms-pm-31313")
    out = tmp_path / "cards.xlsx"
    svc.form_records.export_ledger(RecordQuery("qms-pm-31313", pid), out, "陈静")
    row = {h.value: c.value for h, c in zip(openpyxl.load_workbook(out).active[3],
                                            openpyxl.load_workbook(out).active[4])}
    assert row["证件号码"] == "110***********1234" and row["联系电话"] == "138****8000"
    whole = tmp_path / "cards-whole.xlsx"
    svc.form_records.export_ledger(RecordQuery("qms-pm-31313", pid), whole, "刘芳", whole=True)
    ws = openpyxl.load_workbook(whole).active
    row = {h.value: c.value for h, c in zip(ws[3], ws[4])}
    assert row["证件号码"] == ID_A
    log = svc.archives.access_log(pid).rows
    assert (log[0].who, log[0].action, log[0].whole) == ("刘芳", "导出（完整）", True)
    assert (log[1].action, log[1].whole) == ("导出", False)
    assert spec.title in log[0].what


def test_batch_printing_puts_selected_records_into_one_pdf(any_services: Services, pid: int,
                                                           tmp_path: Path) -> None:
    svc = any_services
    ids = [svc.form_records.save("qms-pm-31306", filled(svc, "qms-pm-31306", seed=i), pid, "陈静").id
           for i in range(5)]
    seen: list[tuple[int, int]] = []
    out = svc.form_records.print_batch(ids[:3], "陈静", tmp_path / "batch.pdf",
                                       progress=lambda d, t, _m: seen.append((d, t)))
    assert pages(out) == 3 and seen[-1] == (3, 3)
    plates = [svc.form_records.get(i).values["plate"] for i in ids[:3]]
    text = pdf_text(out)
    assert all(p in text for p in plates)

    def cancel(done: int, total: int, text: str) -> None:
        if done >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        svc.form_records.print_batch(ids, "陈静", tmp_path / "cancelled.pdf", progress=cancel)
    assert not (tmp_path / "cancelled.pdf").exists()
    with pytest.raises(ValidationError):
        svc.form_records.print_batch([ids[0], svc.form_records.save(
            "qms-pm-31305", filled(svc, "qms-pm-31305"), pid, "陈静").id], "陈静")


def test_a_leaver_s_cards_and_keys_are_revoked_in_one_click(any_services: Services, pid: int,
                                                            clock: FakeClock) -> None:
    svc = any_services
    forms = svc.form_records
    company = "安达物流有限公司"
    card = forms.save("qms-pm-31313", filled(svc, "qms-pm-31313", client=company, holder="赵强", id_type="居民身份证",
                                             id_no=ID_A, card_state="有效", card_no="88001234"), pid, "陈静")
    other = forms.save("qms-pm-31313", filled(svc, "qms-pm-31313", seed=4, client=company, holder="钱多多",
                                              id_type="居民身份证", id_no=ID_B, card_state="有效"), pid, "陈静")
    lost = forms.save("qms-pm-31313", filled(svc, "qms-pm-31313", seed=5, client=company, holder="赵强",
                                             id_type="居民身份证", id_no=ID_A, card_state="注销"), pid, "陈静")
    keys = forms.save("qms-pm-31317", filled(svc, "qms-pm-31317", client=company, returned_on=None, collectors=[
        {"name": "赵强", "id_no": ID_A, "mobile": "13800138000"},
        {"name": "孙丽", "mobile": "13900139000"}]), pid, "陈静")
    leaver = forms.save("qms-pm-31316", filled(svc, "qms-pm-31316", client=company, employee="赵强",
                                               id_type="居民身份证", id_no=ID_A, left_on=date(2026, 9, 20),
                                               revoked_on=None, card_numbers=None), pid, "陈静")
    cards, custody = svc.form_links.leaver_items(leaver.id)
    assert [c.record_id for c in cards] == [card.id]  # not the colleague's, not the cancelled one
    assert [k.record_id for k in custody] == [keys.id]
    assert svc.form_links.revoke(leaver.id, [card.id], [keys.id], "陈静") == 2
    assert forms.get(card.id).values["card_state"] == "注销"
    assert "因赵强" in forms.get(card.id).values["remarks"]
    assert [r["name"] for r in forms.get(keys.id).values["collectors"]] == ["孙丽"]
    after = forms.get(leaver.id).values
    assert after["revoked_on"] == clock().date() and "88001234" in after["card_numbers"]
    assert svc.form_links.leaver_items(leaver.id) == ([], [])
    assert forms.get(other.id).values["card_state"] == "有效" and lost.id


def test_permits_and_spaces_refer_to_each_other(any_services: Services, pid: int, clock: FakeClock) -> None:
    svc = any_services
    today = clock().date()
    space = svc.form_records.save("qms-pm-31305", filled(svc, "qms-pm-31305", space_no="B2-018", plate="粤B12345",
                                                         space_state="已租"), pid, "陈静")
    old = svc.form_records.save("qms-pm-31306", filled(svc, "qms-pm-31306", space_no="b2-018", plate="粤B12345",
                                                       issued_on=today - timedelta(days=400),
                                                       valid_until=today - timedelta(days=35)), pid, "陈静")
    new = svc.form_records.save("qms-pm-31306", filled(svc, "qms-pm-31306", seed=9, space_no="B2-018",
                                                       plate="粤BD12345", issued_on=today,
                                                       valid_until=today + timedelta(days=365)), pid, "陈静")
    links = svc.form_links.parking_links(space.id)
    assert {(l.record_id, l.state) for l in links} == {(old.id, "已过期"), (new.id, "有效")}
    assert [l.record_id for l in svc.form_links.parking_links(new.id)] == [space.id, old.id]


def test_expiry_reminders_list_days_left(any_services: Services, pid: int, clock: FakeClock) -> None:
    svc = any_services
    today = clock().date()
    soon = svc.form_records.save("qms-pm-31311", filled(svc, "qms-pm-31311", visa_expiry=today + timedelta(days=5)),
                                 pid, "陈静")
    late = svc.form_records.save("qms-pm-31306", filled(svc, "qms-pm-31306", issued_on=today - timedelta(days=40),
                                                        valid_until=today - timedelta(days=3)), pid, "陈静")
    svc.form_records.save("qms-pm-31306", filled(svc, "qms-pm-31306", seed=8, issued_on=today,
                                                 valid_until=today + timedelta(days=200)), pid, "陈静")
    svc.form_records.save("qms-pm-31313", filled(svc, "qms-pm-31313", card_state="注销", issued_on=today,
                                                 valid_until=today + timedelta(days=2)), pid, "陈静")
    reminders = svc.form_links.reminders(pid, 30)
    assert [(r.record_id, r.what, r.days_left, r.text) for r in reminders] == [
        (late.id, "停车证", -3, "已过期3天"), (soon.id, "签证/居留许可", 5, "还有5天")]


def test_a_lower_meter_reading_needs_a_confirmation_and_a_reason(any_services: Services, pid: int) -> None:
    svc = any_services
    first = filled(svc, "qms-pm-31318", unit="A座1203", read_on=date(2026, 3, 1), water_meter_no="SB100200",
                   water_reading="120.5", electricity_meter_no="DB300400", electricity_reading="5000", occasion="入住")
    svc.form_records.save("qms-pm-31318", first, pid, "陈静")
    lower = dict(first, read_on=date(2026, 9, 1), water_reading="100.0", electricity_reading="5600", occasion="交接")
    with pytest.raises(LowerReadingError) as caught:
        svc.form_records.save("qms-pm-31318", lower, pid, "陈静")
    assert "水表（SB100200）底数 100.0 m³ 低于上次（2026-03-01）的 120.5 m³" in caught.value.message
    assert "电表" not in caught.value.message
    rec = svc.form_records.save("qms-pm-31318", lower, pid, "陈静", confirm_reason="换表，新表从0起计")
    assert rec.confirmation.endswith("原因：换表，新表从0起计")
    series = svc.form_links.meter_series(rec.id)
    assert [(p.read_on, p.water_reading) for p in series] == [(date(2026, 3, 1), Decimal("120.5")),
                                                              (date(2026, 9, 1), Decimal("100.0"))]
    higher = dict(first, read_on=date(2026, 9, 10), water_reading="101.0", electricity_reading="5610")
    svc.form_records.save("qms-pm-31318", higher, pid, "陈静")  # compared with the newest reading


def test_a_phone_number_s_life_reads_as_one_list(any_services: Services, pid: int) -> None:
    svc = any_services
    line = "0755-26881234"
    svc.form_records.save("qms-pm-31307", filled(svc, "qms-pm-31307", numbers_assigned=f"{line}、0755-26881235",
                                                 registered_on=date(2026, 1, 5)), pid, "陈静")
    svc.form_records.save("qms-pm-31308", filled(svc, "qms-pm-31308", phone_no="075526881234", change_kind="停机",
                                                 registered_on=date(2026, 5, 5)), pid, "陈静")
    svc.form_records.save("qms-pm-31310", filled(svc, "qms-pm-31310", phone_no=line,
                                                 registered_on=date(2026, 7, 1)), pid, "陈静")
    svc.form_records.save("qms-pm-31314", filled(svc, "qms-pm-31314", phone_no="0755-26889999",
                                                 registered_on=date(2026, 8, 1)), pid, "陈静")
    history = svc.form_links.phone_history("0755 2688 1234", pid)
    assert [(h.form_number, h.on) for h in history] == [
        ("qms-pm-31307", date(2026, 1, 5)), ("qms-pm-31308", date(2026, 5, 5)), ("qms-pm-31310", date(2026, 7, 1))]
    assert history[1].state == "停机"


def test_broken_definitions_stop_only_the_forms(any_services: Services, tmp_path: Path) -> None:
    bad = tmp_path / "forms"
    bad.mkdir()
    (bad / "qms-pm-31301.toml").write_text('number = "qms-pm-31301"\ntitle = "客户档案登记表"\n[[sections]]\n'
                                           'title = "一"\nfields = [ { key = "unit", label = "房号", type = "txt" } ]\n',
                                           encoding="utf-8")
    forms = any_services.form_records
    forms.reload(bad)
    assert forms.definition_error is not None
    assert "qms-pm-31301.toml" in forms.definition_error.message and "txt" in forms.definition_error.message
    with pytest.raises(DomainError) as caught:
        forms.spec("qms-pm-31301")
    assert caught.value.message.startswith("登记表定义文件有误")
    assert any_services.archives.units  # the rest works
