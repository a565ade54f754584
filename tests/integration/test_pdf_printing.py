"""PrintService on a real database: a case driven through its life cycle, printed on the three papers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.unit.test_export_pdf_forms import assert_all_fonts_embedded, has_run, page_texts, table_rows
from wuye_desktop.domain.complaint import Action, Channel, Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.complaints import StepInput
from wuye_desktop.services.container import Services
from wuye_desktop.services.printing import safe_file_part


def register(services: Services, clock: FakeClock, channel: Channel = Channel.WRITTEN, kind: Kind = Kind.GENERAL,
             category: str = "装修噪音") -> int:
    clock.set(datetime(2026, 9, 18, 14, 40))
    project = services.settings.projects()[0]
    detail = services.complaints.register(ComplaintDraft(
        received_at=datetime(2026, 9, 18, 14, 30), complainant="张三", unit="A座1203", phone="13800138000",
        subject="楼上装修噪音影响休息", content="楼上1303单元连续三天晚上九点后仍在电钻施工。", channel=channel,
        kind=kind, category=category, first_responder="李四", front_desk_at=datetime(2026, 9, 18, 14, 40)),
        project.id, "王五")
    return detail.id


def step(services: Services, clock: FakeClock, cid: int, action: Action, at: datetime, note: str = "",
         **data: str) -> None:
    clock.set(at)
    services.complaints.act(cid, StepInput(action, "王五", at, note, data))


def drive_to_closed(services: Services, clock: FakeClock, cid: int) -> None:
    step(services, clock, cid, Action.VERIFY, datetime(2026, 9, 18, 14, 50), "已电话联系1303业主，确认正在装修。")
    step(services, clock, cid, Action.DISPATCH, datetime(2026, 9, 18, 15, 0), "请立即上门",
         department="保安部", due_at="2026-09-19T12:00:00")
    step(services, clock, cid, Action.COMPLETE, datetime(2026, 9, 18, 21, 30), "保安上门劝止，业主承诺晚上不再施工。")
    step(services, clock, cid, Action.FEEDBACK, datetime(2026, 9, 18, 22, 0))
    step(services, clock, cid, Action.REPLY, datetime(2026, 9, 19, 9, 0), "经查，1303单元装修施工超出规定时间，已制止。")
    # Completion reported Fri 09-18: two working days end Mon 09-21 (Sun 09-20 is a 调休 workday) — 09-22 is late.
    step(services, clock, cid, Action.REVISIT, datetime(2026, 9, 22, 10, 0), "客户表示已安静",
         method="电话", satisfaction="满意")
    step(services, clock, cid, Action.CLOSE, datetime(2026, 9, 22, 10, 30), confirmed_by="张三")


@pytest.fixture
def company(services: Services) -> str:
    services.settings.set_company_name("深圳市海悦物业管理有限公司")
    return "深圳市海悦物业管理有限公司"


def test_complaint_record_goes_to_the_print_folder_named_by_case_number(services: Services, clock: FakeClock,
                                                                         company: str) -> None:
    cid = register(services, clock)
    step(services, clock, cid, Action.DISPATCH, datetime(2026, 9, 18, 15, 0), "", department="保安部",
         due_at="2026-09-19T12:00:00")
    number = services.complaints.get(cid).row.number

    out = services.printing.complaint_record(cid)

    assert out == services.paths.root / "print" / f"{number}-客户投诉记录表.pdf"
    texts = page_texts(out)
    assert len(texts) == 1
    for expected in ("客户投诉记录表", company, "管理处：本管理处", f"编号：{number}", "楼上装修噪音影响休息", "电钻施工"):
        assert expected in texts[0]
    rows = table_rows(out)
    assert ["投诉方式", "书面"] == rows[2][2:4]
    assert ["派单部门", "保安部", "派单时间", "2026-09-18 15:00"] in rows
    assert ["处理期限", "2026-09-19 12:00", "派单人", "王五"] in rows
    assert_all_fonts_embedded(out)


def test_handling_record_of_a_closed_case_shows_history_late_revisit_and_checklist(
        services: Services, clock: FakeClock, company: str, tmp_path: Path) -> None:
    cid = register(services, clock)
    drive_to_closed(services, clock, cid)

    out = services.printing.handling_record(cid, tmp_path / "处理表.pdf")

    assert out == tmp_path / "处理表.pdf"
    texts = page_texts(out)
    assert len(texts) == 1, "a normal closed case is one page"
    text = texts[0]
    for expected in ("客户意见处理表", "已电话联系1303业主，确认正在装修。", "派往保安部，期限 09-19 12:00；请立即上门",
                     "电话、满意；客户表示已安静", "客户确认：张三", "※超时完成", "√听清楚", "√记清楚", "报告（不适用）",
                     "客户确认（签字）", "主管审核（签字）"):
        assert expected in text, expected
    assert_all_fonts_embedded(out)


def test_reply_letter_prints_the_recorded_reply(services: Services, clock: FakeClock, company: str) -> None:
    cid = register(services, clock)
    drive_to_closed(services, clock, cid)

    text = page_texts(services.printing.reply_letter(cid))[0]

    assert "书面回复函" in text and "尊敬的张三（房号：A座1203）" in text
    assert "经查，1303单元装修施工超出规定时间，已制止。" in text
    assert "2026年9月19日" in text  # the day of the reply


def test_no_letter_for_a_phone_complaint_or_before_the_reply(services: Services, clock: FakeClock) -> None:
    phone = register(services, clock, channel=Channel.PHONE)
    with pytest.raises(DomainError, match="不是书面投诉"):
        services.printing.reply_letter(phone)
    written = register(services, clock)
    with pytest.raises(DomainError, match="还没有记录回复客户的内容"):
        services.printing.reply_letter(written)
    assert not (services.paths.root / "print").exists() or not any((services.paths.root / "print").glob("*回复函*"))


def test_a_major_case_with_its_emergency_ladder_still_prints(services: Services, clock: FakeClock) -> None:
    cid = register(services, clock, kind=Kind.MAJOR, category="电梯困人")
    step(services, clock, cid, Action.LADDER_NOTIFY_DEPT, datetime(2026, 9, 18, 14, 42))
    step(services, clock, cid, Action.LADDER_REPORT_LEADER, datetime(2026, 9, 18, 14, 50))
    clock.set(datetime(2026, 9, 18, 16, 0))

    out = services.printing.handling_record(cid)
    text = "".join(page_texts(out))

    assert "知会相关部门" in text and "上报公司主管领导" in text
    rows = table_rows(out)
    # 篇2 §6: the leader within 5 minutes of the receipt (14:35) — told at 14:50, late for ever.
    assert has_run(rows, ["上报领导", "09-18 14:35", "09-18 14:50", "※超时完成"]), rows
    # 篇2 §7: the board within 10 minutes of the leader (15:00) — still not done at 16:00.
    assert has_run(rows, ["电话上报董事", "09-18 15:00", "※已超时"]), rows


def test_case_numbers_become_safe_file_names() -> None:
    assert safe_file_part("TS/2026:1*") == "TS_2026_1_"
    assert safe_file_part("  ") == "投诉"
