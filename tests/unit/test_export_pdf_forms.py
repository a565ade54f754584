"""The complaint desk's paper, read back as a clerk would see it: text, grid, one page, embedded font."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from wuye_desktop.export import pdf_complaint as pdf
from wuye_desktop.export.fonts import escape

FACTS = pdf.CaseFacts(
    number="HY-2026-00012", company="深圳市海悦物业管理有限公司", project="海悦花园管理处",
    received_at=datetime(2026, 9, 18, 14, 30), complainant="张三", unit="A座1203", phone="13800138000",
    subject="楼上装修噪音影响休息", content="楼上1303单元连续三天晚上九点后仍在电钻施工，影响老人和孩子休息。",
    channel="电话", kind="一般", category="装修噪音", first_responder="李四", department="保安部",
    remarks="客户要求当天答复。")


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as doc:
        return [p.extract_text() or "" for p in doc.pages]


def table_rows(path: Path, page: int = 0) -> list[list[str]]:
    """The form's grid row by row, filled cells only (stacked grids share one set of ruling lines)."""
    with pdfplumber.open(path) as doc:
        rows: list[list[str]] = []
        for table in doc.pages[page].extract_tables():
            rows += [[c.replace("\n", "") for c in row if c] for row in table]
        return rows


def has_run(rows: list[list[str]], cells: list[str]) -> bool:
    """Some row holds ``cells`` side by side."""
    n = len(cells)
    return any(r[i:i + n] == cells for r in rows for i in range(len(r) - n + 1))


def font_report(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font any page uses — what `pdffonts` lists."""
    seen: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            desc = target.get("/FontDescriptor")
            embedded = bool(desc) and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            seen[str(font["/BaseFont"])] = embedded
    return sorted(seen.items())


def assert_all_fonts_embedded(path: Path) -> None:
    report = font_report(path)
    assert report, "no font at all"
    assert all(embedded for _, embedded in report), report
    assert all("WenQuanYi" in name for name, _ in report), report  # no stray Helvetica


def test_complaint_record_is_one_a4_page_with_the_facts_in_its_grid(tmp_path: Path) -> None:
    dispatch = pdf.DispatchInfo("保安部", datetime(2026, 9, 18, 15, 0), datetime(2026, 9, 19, 12, 0), "王五")
    out = pdf.complaint_record_pdf(FACTS, dispatch, tmp_path / "r.pdf")

    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = page_texts(out)[0]
    for expected in ("客户投诉记录表", "深圳市海悦物业管理有限公司", "管理处：海悦花园管理处", "编号：HY-2026-00012",
                     "楼上装修噪音影响休息", "电钻施工", "接待人（签字）"):
        assert expected in text
    rows = table_rows(out)
    assert ["投诉人", "张三", "房号", "A座1203"] in rows
    assert ["派单部门", "保安部", "派单时间", "2026-09-18 15:00"] in rows
    assert ["性质", "一般投诉", "类别", "装修噪音"] in rows
    assert_all_fonts_embedded(out)


def test_handling_record_shows_timeline_deadlines_revisit_checklist_and_signatures(tmp_path: Path) -> None:
    record = pdf.HandlingRecord(
        facts=FACTS, verification="已电话联系1303业主，确认正在装修。", result="保安上门劝止。",
        timeline=tuple(pdf.TimelineEntry(step, datetime(2026, 9, 18, 14 + i // 6, i * 9 % 60), "王五", note)
                       for i, (step, note) in enumerate([
                           ("受理", ""), ("交前台", ""), ("核实", "确认正在装修"), ("派单", "派往保安部"),
                           ("处理完成", "保安上门劝止"), ("反馈首问人", ""), ("回复客户", "已电话告知"),
                           ("回访", "电话、满意"), ("结案", "客户确认：张三")])),
        deadlines=(
            pdf.DeadlineEntry("派单", "12小时", datetime(2026, 9, 19, 2, 40), datetime(2026, 9, 18, 15, 0),
                              "按时完成", False),
            pdf.DeadlineEntry("回访", "2个工作日", datetime(2026, 9, 21, 23, 59, 59),
                              datetime(2026, 9, 22, 10, 0), "超时完成", True),
        ),
        revisit=pdf.RevisitInfo("电话", "基本满意", datetime(2026, 9, 22, 10, 0), "王五", "客户表示已安静"),
        checklist=(pdf.CheckEntry("听清楚", True), pdf.CheckEntry("问清楚", True), pdf.CheckEntry("跟清楚", False),
                   pdf.CheckEntry("报告", True, applies=False)),
    )
    out = pdf.handling_record_pdf(record, tmp_path / "h.pdf")

    texts = page_texts(out)
    assert len(texts) == 1, "a normal case fits on one page"
    text = texts[0]
    for expected in ("客户意见处理表", "已电话联系1303业主", "※超时完成", "基本满意", "客户表示已安静",
                     "√听清楚", "□跟清楚", "报告（不适用）", "客户确认（签字）", "经办人（签字）", "主管审核（签字）"):
        assert expected in text, expected
    rows = table_rows(out)
    assert has_run(rows, ["派单", "09-19 02:40", "09-18 15:00", "按时完成"]), rows
    assert has_run(rows, ["回访", "09-21 23:59", "09-22 10:00", "※超时完成"]), rows
    assert any("结案" in r and "客户确认：张三" in r for r in rows)
    assert_all_fonts_embedded(out)


def test_reply_letter_addresses_the_complainant_and_carries_company_date_and_stamp(tmp_path: Path) -> None:
    letter = pdf.ReplyLetter("HY-2026-00012", "深圳市海悦物业管理有限公司", "海悦花园管理处", "张三", "A座1203",
                             "楼上装修噪音影响休息", datetime(2026, 9, 18, 14, 30),
                             "经查，1303单元装修施工超出规定时间。\n今后如再发生，请随时致电。",
                             datetime(2026, 9, 19, 9, 0))
    out = pdf.reply_letter_pdf(letter, tmp_path / "l.pdf")

    texts = page_texts(out)
    assert len(texts) == 1
    text = texts[0]
    for expected in ("书面回复函", "尊敬的张三（房号：A座1203）", "事由：关于“楼上装修噪音影响休息”的投诉回复",
                     "经查，1303单元装修施工超出规定时间。", "今后如再发生", "2026年9月19日", "（盖章）",
                     "编号：HY-2026-00012"):
        assert expected in text, expected
    assert text.count("深圳市海悦物业管理有限公司") == 2  # heading and signature
    assert_all_fonts_embedded(out)


def test_ten_thousand_characters_continue_on_an_appendix_instead_of_breaking_the_form(tmp_path: Path) -> None:
    long = "".join(f"第{i:04d}句投诉内容。" for i in range(1000))[:10_000]
    out = pdf.complaint_record_pdf(pdf.CaseFacts(**{**FACTS.__dict__, "content": long}), None, tmp_path / "big.pdf")

    texts = page_texts(out)
    assert 1 < len(texts) < 10
    first = texts[0]
    assert "续见附页" in first and "接待人（签字）" in first  # the form itself stays whole on page 1
    rest = "".join(texts[1:]).replace("\n", "")
    assert "附页（编号：HY-2026-00012）" in rest and "投诉内容（全文）" in rest
    assert long[-30:] in rest
    assert f"第 1 页 共 {len(texts)} 页" in first
    assert_all_fonts_embedded(out)


def test_huge_timeline_notes_do_not_crash_the_handling_record(tmp_path: Path) -> None:
    record = pdf.HandlingRecord(facts=FACTS, timeline=tuple(
        pdf.TimelineEntry("跟进记录", datetime(2026, 9, 18, 15, 0), "王五", "很长的说明" * 2000) for _ in range(3)))
    out = pdf.handling_record_pdf(record, tmp_path / "h.pdf")
    text = "".join(page_texts(out))
    assert "处理经过第3项「跟进记录」的说明（全文）" in text


def test_user_text_is_printed_literally_not_as_markup(tmp_path: Path) -> None:
    facts = pdf.CaseFacts(**{**FACTS.__dict__, "subject": "门禁<b>坏了</b> & 没人修", "content": "A<B\u3000C"})
    out = pdf.complaint_record_pdf(facts, None, tmp_path / "m.pdf")
    text = page_texts(out)[0]
    assert "门禁<b>坏了</b> & 没人修" in text
    assert "A<B" in text


@pytest.mark.parametrize("raw, markup", [
    ("a&b", "a&amp;b"), ("<x>", "&lt;x&gt;"), ("一\n二", "一<br/>二"), ("甲\u3000乙", "甲&nbsp;&nbsp;乙"),
])
def test_escape_for_paragraph_markup(raw: str, markup: str) -> None:
    assert escape(raw) == markup
