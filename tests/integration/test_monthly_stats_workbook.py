"""The 《客户月投诉统计表》 workbook read back with openpyxl: what a clerk prints and hands in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.integration.test_monthly_stats import build_september
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.export.xlsx_monthly import SHEETS, text_width


def rows_by_label(ws: Worksheet) -> dict[str, list[object]]:
    return {row[0].value: [c.value for c in row] for row in ws.iter_rows() if isinstance(row[0].value, str)}


def header_columns(ws: Worksheet, header_rows: tuple[int, ...] = (3, 4)) -> dict[str, int]:
    """Header text (line breaks removed) → column number."""
    found: dict[str, int] = {}
    for r in header_rows:
        for cell in ws[r]:
            if isinstance(cell.value, str):
                found.setdefault(cell.value.replace("\n", ""), cell.column)
    return found


@pytest.fixture
def september_book(services, clock, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    data = build_september(services, clock)
    services.settings.set_company_name("深圳市海悦物业管理有限公司")
    seen: list[tuple[int, int, str]] = []
    out = services.monthly_stats.write_workbook(2026, 9, data.hy, tmp_path / "月报.xlsx",
                                                progress=lambda d, t, text: seen.append((d, t, text)))
    assert seen[0] == (0, 2, "正在统计本月投诉……") and seen[-1][:2] == (2, 2)
    return out


def test_sheets_and_titles(september_book: Path) -> None:
    wb = openpyxl.load_workbook(september_book)
    assert wb.sheetnames == list(SHEETS) == ["客户月投诉统计表", "按部门", "按首问人", "按经办人", "重大事件",
                                             "超时案件", "图表"]
    ws = wb["客户月投诉统计表"]
    assert ws["A1"].value == "客户月投诉统计表"
    assert ws["A1"].font.b
    assert ws["A2"].value == ("单位：深圳市海悦物业管理有限公司　海悦管理处　　月份：2026年9月　　"
                              "统计截至：2026年9月30日24:00")
    assert wb["按部门"]["A1"].value == "各责任部门投诉处理时效统计"


def test_main_sheet_figures_are_values_with_formats(september_book: Path) -> None:
    ws = openpyxl.load_workbook(september_book)["客户月投诉统计表"]
    cols = header_columns(ws)
    rows = rows_by_label(ws)
    total = rows["合计"]

    def at(row: list[object], header: str) -> object:
        return row[cols[header] - 1]

    assert [at(total, h) for h in ("受理数", "完成数", "按时完成数", "超时宗数", "核实", "派单", "限期处理", "回访超时",
                                   "上报领导", "领导书面报告", "发展商验证", "应回访", "已回访", "满意", "基本满意",
                                   "不满意")] == [10, 6, 5, 6, 1, 2, 1, 2, 1, 1, 1, 5, 4, 2, 1, 1]
    assert at(total, "按时完成率") == pytest.approx(5 / 6)
    assert (at(total, "回访率"), at(total, "满意率")) == (0.8, 0.75)
    assert [at(rows[c], "受理数") for c in ("装修噪音", "公共设施故障", "环境卫生绿化", "电梯困人")] == [1, 2, 2, 1]
    assert at(rows["公共设施故障"], "满意率") == 0.5
    assert at(rows["合理化建议"], "按时完成率") == "—"           # nothing completed: no rate, no zero
    assert (at(rows["非合理投诉"], "回访率"), at(rows["非合理投诉"], "满意率")) == ("—", "—")
    assert at(rows["其中：书面投诉"], "满意率") == 0.0
    total_row = next(r for r in ws.iter_rows() if r[0].value == "合计")
    rate = total_row[cols["按时完成率"] - 1]
    assert rate.number_format == "0.0%" and rate.data_type == "n"
    assert all(c.font.b for c in total_row)
    assert all(c.border.left.style == "thin" and c.border.bottom.style == "thin" for c in total_row)
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert "回访率80.0%（目标100%），满意率75.0%" in rows_by_label(ws)["小结：本月受理投诉及合理化建议共10宗，完成6宗，"
                                                               "按时完成率83.3%；回访4宗，回访率80.0%（目标100%），"
                                                               "满意率75.0%。"][0]


def test_print_setup_and_widths(september_book: Path) -> None:
    wb = openpyxl.load_workbook(september_book)
    for name in SHEETS:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert int(ws.page_setup.paperSize) == 9, name   # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, name
    main = wb["客户月投诉统计表"]
    assert main.print_title_rows == "$3:$4"
    assert main.freeze_panes == "B5"
    assert main.page_setup.fitToHeight == 0
    widest_label = max(text_width(str(c.value)) for c in main["A"][4:] if c.value and "：" not in str(c.value)
                       and not str(c.value).startswith(("一、", "二、", "说明", "小结", "制表", "2.", "3.", "4.")))
    assert main.column_dimensions["A"].width >= widest_label        # 重大投诉（突发事件） shows whole
    for col in ("B", "E", "W"):
        width = main.column_dimensions[col].width
        assert width >= max(text_width(line) for line in str(main[f"{col}3"].value or main[f"{col}4"].value)
                            .split("\n")), col
    overdue = wb["超时案件"]
    assert overdue.freeze_panes == "B4" and overdue.print_title_rows == "$3:$3"


def test_further_sheets(september_book: Path) -> None:
    wb = openpyxl.load_workbook(september_book)
    dept = rows_by_label(wb["按部门"])
    assert dept["工程部"][1:5] == [4, 3, 2, pytest.approx(2 / 3)]
    assert dept["（未派单）"][1:5] == [4, 1, 1, 1.0]      # U1, explained and closed
    assert dept["（未派单）"][10] == "—"                   # nothing revisited: no satisfaction rate
    assert rows_by_label(wb["按首问人"])["李四"][1] == 6
    clerks = rows_by_label(wb["按经办人"])
    assert clerks["王前台"][1:] == [5, 1, 4, 0, 0, 0.8]
    assert clerks["赵回访"][1:] == [0, 0, 0, 4, 1, 0.75]
    assert clerks["合计"][1:] == [6, 1, 5, 4, 1, 0.8]
    major = wb["重大事件"]
    row = [c for c in major[5]]
    assert row[2].value == datetime(2026, 9, 20, 20, 0) and row[2].number_format == "yyyy-mm-dd hh:mm"
    assert [c.value for c in row[7:]] == ["09-20 20:02", "09-20 20:08\n超时", "09-21 19:00", "09-20 20:15",
                                          "09-23 21:00\n超时", "09-21 09:00\n超时"]
    assert row[8].font.color.rgb.endswith("C00000") and not (row[7].font.color and
                                                             str(row[7].font.color.rgb).endswith("C00000"))
    overdue = wb["超时案件"]
    listed = [(r[4].value.split()[0], r[8].value) for r in overdue.iter_rows(min_row=4) if isinstance(r[0].value, int)]
    assert listed == [("G2", "派单"), ("G8", "核实、派单"), ("M1", "上报领导、领导书面报告、发展商验证"), ("G3", "回访"),
                      ("G4", "回访"), ("G7", "限期处理")]
    charts = wb["图表"]._charts
    assert len(charts) == 2
    trend = rows_by_label(wb["图表"])
    assert trend["2026年9月"] == ["2026年9月", 7, 1, 1, 1, 10, 1]


def test_an_empty_month_says_so(services, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 10, 20, 10, 0))
    out = services.monthly_stats.write_workbook(2026, 7, None, tmp_path / "七月.xlsx")
    wb = openpyxl.load_workbook(out)
    main = wb["客户月投诉统计表"]
    assert main["A5"].value == "本月无投诉记录"
    assert "A5:AA5" in {str(r) for r in main.merged_cells.ranges}
    labels = {c.value for c in main["A"]}
    assert "合计" not in labels and "一、按投诉类别" not in labels
    assert "全公司" in main["A2"].value and "2026年7月" in main["A2"].value
    for name in ("按部门", "按首问人", "按经办人", "重大事件", "超时案件"):
        column = [c.value for c in wb[name]["A"]]
        assert "本月无投诉记录" in column and "合计" not in column, name
        assert not any(isinstance(v, int) for v in column), name


def test_the_command_line_form_names_bad_input(services, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 10, 20, 10, 0))
    services.settings.save_project("海悦管理处", "HY")
    monthly = services.monthly_stats
    out = monthly.write_month("2026-09", "hy", tmp_path / "九月.xlsx")
    assert "海悦管理处" in openpyxl.load_workbook(out)["客户月投诉统计表"]["A2"].value
    cases = [(("2026/09", None, "a.xlsx"), {"month": "月份「2026/09」格式不对，应为 YYYY-MM，如 2026-09"}),
             (("2026-09", "ZZ", "a.xlsx"), {"project": "管理处代码「ZZ」不存在"}),
             (("2026-09", None, "a.pdf"), {"out": "输出文件「a.pdf」应以 .xlsx 结尾"}),
             (("2026-11", None, "a.xlsx"), {"month": "2026年11月尚未开始，不能统计"})]
    for (month, project, name), errors in cases:
        with pytest.raises(ValidationError) as info:
            monthly.write_month(month, project, tmp_path / name)
        assert info.value.errors == errors


def test_a_workbook_open_in_excel_is_reported_plainly(services, clock, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    clock.set(datetime(2026, 10, 20, 10, 0))

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("wuye_desktop.export.xlsx_monthly.os.replace", locked)
    target = tmp_path / "月报.xlsx"
    with pytest.raises(DomainError) as info:
        services.monthly_stats.write_workbook(2026, 9, None, target)
    assert info.value.message == f"无法写入「{target}」：文件可能正在 Excel 中打开，请关闭后重试"
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]   # no half-written file left behind
