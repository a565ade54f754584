"""Hostile files and long text on a real database: generated ledgers never crash the importer and each
rejection names row, column and reason in Chinese; 10,000-character fields and emoji survive the
complaint PDFs and the workbooks; formula-like text stays text; attachment names cannot reach
outside the data folder."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.export.xlsx_complaints import Column, write_complaint_list
from wuye_desktop.services.container import Services
from tests.integration.test_desk_rules import draft

CJK = re.compile(r"[\u4e00-\u9fff]")
LONG = ("楼上漏水，墙面发霉😀" * 1000)[:9998] + "🏠尾"   # exactly 10,000 characters, emoji included
HEADER = ["投诉编号", "受理时间", "投诉人", "房号", "联系电话", "投诉主题", "投诉内容", "投诉方式", "投诉类别", "性质",
          "首问人", "责任部门", "派单时间", "完成时间", "回访时间", "回访结果", "备注"]


def _pdf_text(path: Path) -> str:
    """The PDF's text without line breaks, page footers (第2页共5页) and page headers (编号：…)."""
    with pdfplumber.open(str(path)) as pdf:
        text = re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))
    return re.sub(r"第\d+页共\d+页(编号：[A-Z]+-\d{4}-\d{5})?", "", text)


def test_long_text_and_emoji_survive_the_complaint_pdfs(services: Services) -> None:
    case = services.complaints.register(draft(content=LONG, complainant="张三🏠", subject="楼上漏水💧"),
                                        services.settings.projects()[0].id, "张丽")
    assert services.complaints.get(case.id).content == LONG
    for make in (services.printing.complaint_record, services.printing.handling_record):
        text = _pdf_text(make(case.id))
        expected = re.sub(r"\s+", "", LONG)
        assert expected in text, "the whole 10,000-character text is in the PDF (form and appendix)"
        assert "张三🏠" in text and "楼上漏水💧" in text


def test_long_text_and_emoji_survive_the_workbooks(services: Services, tmp_path: Path) -> None:
    # Excel → database: the office's ledger with a 10,000-character text.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["", datetime(2025, 3, 3, 9, 0), "王五😀", "B座502", "13800138000", "+1 漏水🚿", LONG, "电话",
               "室内设施维修", "一般", "", "", None, None, None, "", "@备注"])
    wb.save(tmp_path / "台账.xlsx")
    preview = services.complaint_excel.preview_import(tmp_path / "台账.xlsx", services.settings.projects()[0].id)
    assert not preview.errors, preview.errors
    services.complaint_excel.commit_import(preview, "台账导入")
    view = services.complaints.page(ComplaintFilter(), 0, 10).rows[0]
    detail = services.complaints.get(view.id)
    assert detail.content == LONG and view.complainant == "王五😀" and view.subject == "+1 漏水🚿"
    # Database → Excel: the list keeps emoji, and formula-like text is written as text.
    out = tmp_path / "清单.xlsx"
    services.complaint_excel.export_list(ComplaintFilter(), out)
    sheet = openpyxl.load_workbook(out).active
    row = [c for c in sheet[4]]
    assert row[2].value == "王五😀"
    assert row[5].value == "+1 漏水🚿" and row[5].data_type == "s" and row[5].quotePrefix
    # A 10,000-character cell (and Excel's limit) through the shared writer.
    big = tmp_path / "长文本.xlsx"
    write_complaint_list(big, "长文本", "", [[LONG], ["x" * 40_000], ["控制\x01字符\x1f"]], [Column("内容", 60)])
    cells = [r[0].value for r in openpyxl.load_workbook(big).active.iter_rows(min_row=4)]
    assert cells[0] == LONG and len(cells[1]) == 32_767 and cells[1].endswith("…") and cells[2] == "控制字符"


def test_attachment_names_cannot_escape_the_data_folder(services: Services, tmp_path: Path) -> None:
    case = services.complaints.register(draft(), services.settings.projects()[0].id, "张丽")
    folder = tmp_path / "来源"
    folder.mkdir()
    names = ["..", "...", "..evil", "a..b", "CON.txt", "报告.pdf", "x.p\u202egnp.exe", "😀.png",
             "名" * 180 + ".jpeg", " leading space.docx", "semi;colon|pipe.txt", ".hidden"]
    stored_in = services.paths.attachments.resolve()
    for i, name in enumerate(names):
        source = folder / f"{i}" / name
        source.parent.mkdir()
        try:
            source.write_bytes(f"附件{i}".encode())
        except OSError:  # a name this file system refuses is no attack on the program
            continue
        view = services.complaints.add_attachment(case.id, source, "张丽")
        stored = Path(view.path).resolve()
        assert stored.parent == stored_in, f"{name!r} stored at {stored}"
        assert stored.read_bytes() == f"附件{i}".encode()
        assert "/" not in stored.name and "\\" not in stored.name and ".." not in stored.stem
        assert view.original_name == name[:200]  # shown to the clerk as it was, never used as a path
    # A path that is a folder or leads outside is refused with a Chinese message.
    with pytest.raises(DomainError) as info:
        services.complaints.add_attachment(case.id, folder, "张丽")
    assert "找不到文件" in info.value.message
    outside = services.paths.root.parent / "外面.txt"
    assert not outside.exists()


# --- generated ledgers -------------------------------------------------------------------------------------

cell = st.one_of(
    st.none(), st.integers(-10**9, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.sampled_from(["=SUM(A1:A9)", "@cmd", "-", "2026-13-45 25:61", "2025年3月3日", "电话", "重大", "一般",
                     "13800138000", "１３８００１３８０００", "A座1203", "公共设施故障", "满意", "TRUE"]),
)
headers = st.lists(st.one_of(st.sampled_from(HEADER), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                                                                  max_size=8)), min_size=0, max_size=12)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(headers, st.lists(st.lists(cell, max_size=14), max_size=6))
def test_generated_ledgers_never_crash_and_every_rejection_is_named(services: Services, tmp_path: Path,
                                                                   header: list[str], rows: list[list[object]]) -> None:
    path = tmp_path / "生成的台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    if header:
        ws.append(header)
    for r in rows:
        ws.append([f"'{v}" if isinstance(v, str) and v.startswith("=") else v for v in r])
    wb.save(path)
    try:
        preview = services.complaint_excel.preview_import(path, services.settings.projects()[0].id)
    except DomainError as exc:  # an unusable file as a whole (no header, empty sheet): one sentence
        assert CJK.search(exc.message), exc.message
        return
    for e in preview.errors:
        assert e.row >= 1 and e.column and CJK.search(e.reason), e
    for w in preview.warnings:
        assert CJK.search(w), w


def test_a_file_that_is_not_a_workbook_is_one_chinese_sentence(services: Services, tmp_path: Path) -> None:
    for name, data in (("乱码.xlsx", b"\x00\xff" * 100), ("空.xlsx", b""), ("文本.xlsx", "投诉".encode())):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(DomainError) as info:
            services.complaint_excel.preview_import(tmp_path / name, services.settings.projects()[0].id)
        assert CJK.search(info.value.message) and "Traceback" not in info.value.message
    shutil.rmtree(tmp_path, ignore_errors=True)
