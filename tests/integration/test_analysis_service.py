"""The weekly/monthly analysis report (篇2 §9) on known data, on SQLite and PostgreSQL: the same
counting as the 《客户月投诉统计表》, comparisons with the previous period and the same period last
year, rankings, overdue cases with their last notes, a week over the National Day holiday, an empty
period — and the PDF and workbook read back.

The September 2026 data set is the monthly statistics' one (tests/integration/test_monthly_stats.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from wuye_desktop.domain.analysis import Period, Verdict
from wuye_desktop.domain.complaint import Action
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.export.xlsx_analysis import SHEETS
from wuye_desktop.services.container import Services
from tests.conftest import FakeClock
from tests.integration.test_monthly_stats import HY_TOTAL, Builder, DataSet, build_september
from tests.unit.test_export_pdf_forms import assert_all_fonts_embedded, page_texts

T = datetime.fromisoformat


@pytest.fixture
def september(any_services: Services, clock: FakeClock) -> DataSet:
    return build_september(any_services, clock)


def test_the_month_is_counted_as_the_monthly_statistics_count_it(any_services: Services,
                                                                 september: DataSet) -> None:
    report = any_services.analysis.compute(Period.month(2026, 9), september.hy)
    stats = any_services.monthly_stats.compute(2026, 9, september.hy)
    assert report.current.total == stats.total == HY_TOTAL
    assert report.current.complaints.received == 9          # the suggestion S1 is not a complaint
    assert (report.current.major, report.current.suggestions) == (1, 1)
    assert report.current.complaints.on_time_rate == pytest.approx(5 / 6)
    assert [(o.case.number, o.case.steps) for o in report.overdue] == \
        [(o.number, o.steps) for o in stats.overdue_cases]
    assert report.scope == "海悦管理处" and report.cutoff_text == "2026年9月30日24:00"


def test_against_last_month_and_the_same_month_last_year(any_services: Services, september: DataSet) -> None:
    report = any_services.analysis.compute(Period.month(2026, 9), september.hy)
    assert report.previous.period == Period.month(2026, 8)
    assert report.last_year.period == Period.month(2025, 9)
    assert report.previous.complaints.received == 1          # A0, 23:59 on 31 August
    assert report.last_year.empty
    rows = {prev.metric.key: (prev, last) for prev, last in report.comparisons()}
    received_prev, received_last = rows["received"]
    assert (received_prev.text, received_prev.verdict) == ("增加8宗", Verdict.WORSE)
    assert received_last.text == "—"                        # nothing a year ago: no basis
    assert rows["on_time_rate"][0].text == "—"              # August completed nothing
    effective = rows["effective_rate"][0]                  # 8 reasonable of 800 households vs 1 of 800
    assert (effective.current, effective.base) == (pytest.approx(0.01), pytest.approx(0.00125))
    assert effective.text == "提高0.88个百分点"
    texts = [f.text for f in report.findings()]
    assert "有效投诉率 1.00%，较上月提高0.88个百分点，未达到目标 1% 以下" in texts
    assert "按时完成率：上月无可比数据，无从比较" in texts


def test_revisit_figures_are_the_revisits_areas_own(any_services: Services, september: DataSet) -> None:
    report = any_services.analysis.compute(Period.month(2026, 9), september.hy)
    own = any_services.revisits.figures(2026, 9, september.hy)
    assert report.current.revisit is not None
    assert report.current.revisit.counts == own.counts
    assert report.current.values()["revisit_rate"] == own.revisit_rate.value


def test_rankings_and_overdue_cases_with_their_last_note(any_services: Services, september: DataSet) -> None:
    report = any_services.analysis.compute(Period.month(2026, 9), september.hy)
    assert [(c.label, c.count) for c in report.categories] == [
        ("公共设施故障", 2), ("环境卫生绿化", 2), ("其他物业服务", 1), ("室内设施维修", 1), ("电梯困人", 1),
        ("装修噪音", 1), ("鼠虫害防治", 1)]
    assert report.categories[0].share == pytest.approx(2 / 9)
    assert [(u.label, u.count, u.share) for u in report.units] == [("A座1203", 9, 1.0)]
    assert {s.label: (s.current, s.previous) for s in report.steps} == {
        "核实": (1, 1), "派单": (2, 0), "限期处理": (1, 0), "回访": (2, 0), "上报领导": (1, 0),
        "领导书面报告": (1, 0), "发展商验证": (1, 0)}
    why = {o.case.subject.split()[0]: (o.last_note, o.last_note_at, o.last_note_by) for o in report.overdue}
    assert why["G2"] == ("回访记录", T("2026-09-14 09:00"), "赵回访")
    # G7 was finished only on 8 October: its 「已修复」 comes after the cut-off and is not the reason.
    assert why["G7"] == ("记录", T("2026-09-29 14:30"), "王前台")
    assert why["G8"][0] == ""                                # nothing written since it was received


def test_the_company_adds_every_project(any_services: Services, september: DataSet) -> None:
    report = any_services.analysis.compute(Period.month(2026, 9), None)
    assert report.scope == "全公司"
    assert report.current.complaints.received == 10          # B1 of 翠苑管理处 too
    assert report.current.revisit is not None and report.current.revisit.counts.households == 1300


def week_over_national_day(services: Services, clock: FakeClock) -> dict[str, int]:
    """W39 one case; W40 (28 Sep–4 Oct) three, of which N1 completed on Wed 30 Sep: its revisit is due
    two working days later, Fri 9 Oct, after the holiday (RULES.md 2026 facts)."""
    clock.set(datetime(2026, 10, 20, 10, 0))
    hy = services.settings.save_project("海悦管理处", "HY", 500).id
    b = Builder(services)
    b.register("P1", hy, "2026-09-22 10:00", front_desk="2026-09-22 10:05")
    b.handle("P1", "2026-09-22 10:30", "工程部", "2026-09-22 17:00", "2026-09-22 15:00", "2026-09-22 15:10",
             "2026-09-22 15:20", work_done="2026-09-22 14:40")
    b.register("N1", hy, "2026-09-30 09:00", category="公共设施故障", front_desk="2026-09-30 09:05")
    b.handle("N1", "2026-09-30 09:30", "工程部", "2026-09-30 17:00", "2026-09-30 15:00", "2026-09-30 15:10",
             "2026-09-30 15:20", work_done="2026-09-30 14:40")
    b.register("N2", hy, "2026-10-01 10:00", category="鼠虫害防治", front_desk="2026-10-01 10:05", unit="B座0801")
    b.register("N4", hy, "2026-10-04 23:59", category="鼠虫害防治", front_desk="2026-10-04 23:59", unit="B座0801")
    b.register("N3", hy, "2026-10-05 00:00", front_desk="2026-10-05 00:05")   # the next week
    return {"hy": hy, **b.ids}


def test_a_week_over_the_national_day_holiday(any_services: Services, clock: FakeClock) -> None:
    ids = week_over_national_day(any_services, clock)
    report = any_services.analysis.compute(Period.week(2026, 40), ids["hy"])
    assert report.period.title_text == "2026年第40周（2026年9月28日至10月4日）"
    assert report.current.complaints.received == 3           # N1, N2 and N4 at 23:59 on Sunday; not N3
    assert report.previous.period == Period.week(2026, 39)
    assert report.previous.complaints.received == 1
    assert report.last_year.period == Period.week(2025, 40)
    # N1's revisit is due Fri 9 Oct: at the cut-off (5 Oct 00:00) it is not late, so this week has no
    # overdue 回访 (P1 of the week before was never revisited: due Thu 24 Sep, overdue at its cut-off).
    assert {s.label: (s.current, s.previous) for s in report.steps} == {"核实": (2, 0), "派单": (1, 0),
                                                                       "回访": (0, 1)}
    assert [(o.case.subject.split()[0], o.case.steps) for o in report.overdue] == [
        ("N2", ("核实", "派单")), ("N4", ("核实",))]
    assert [(u.label, u.count) for u in report.units] == [("B座0801", 2), ("A座1203", 1)]
    assert [t.complaints for t in report.trend][-3:] == [0, 1, 3]
    assert report.repairs_label == "2026年10月"               # repairs are monthly: the month the week ends in


def test_an_empty_period_says_so_and_the_pdf_shows_no_zeros(services: Services, tmp_path: Path) -> None:
    report = services.analysis.compute(Period.month(2026, 3), None)
    assert report.empty
    assert all(v is None for k, v in report.current.values().items())
    out = services.analysis.write_pdf(Period.month(2026, 3), None, tmp_path / "三月.pdf")
    text = "\n".join(page_texts(out))
    assert "2026年3月无投诉、回访及意见记录，本期不作统计分析。" in text
    assert "主要指标" not in text and "0.0%" not in text
    book = load_workbook(services.analysis.write_xlsx(Period.month(2026, 3), None, tmp_path / "三月.xlsx"))
    values = [c.value for row in book[SHEETS[0]].iter_rows() for c in row if c.value is not None]
    assert "2026年3月无投诉、回访及意见记录，本期不作统计分析。" in values


def test_a_period_not_begun_is_refused_with_its_field(services: Services) -> None:
    with pytest.raises(ValidationError) as err:
        services.analysis.compute(Period.week(2026, 53), None)     # the clock says 24 September 2026
    assert err.value.errors == {"week": "2026年第53周尚未开始，不能统计"}


def test_the_pdf_read_back(services: Services, clock: FakeClock, tmp_path: Path) -> None:
    ds = build_september(services, clock)
    out = services.analysis.write_pdf(Period.month(2026, 9), ds.hy, tmp_path / "九月分析.pdf")
    pages = page_texts(out)
    first = pages[0]
    assert "报送：董事办、总经办、开发商客户服务部" in first
    assert "物业管理服务有限公司客户服务月分析报告" in first
    assert "统计范围：海悦管理处" in first and "统计期间：2026年9月" in first
    assert "按时完成率 83.3% — — — — 未达标（95% 以上）" in first      # the row of the figures table
    assert "受理投诉 9 1 增加8宗 — —" in first
    text = "\n".join(pages)
    for expected in ("图1 本期各类投诉宗数", "图2 近12个月受理趋势", "超时案件（共6宗）", "限期处理",
                     "记录（09-29 14:30 王前台）", "未见改进（4项）", "• 超时案件 6，较上月增加5宗", "口径说明",
                     "公共设施故障 2 22.2%", "1 A座1203 9 100.0%", "派单 2 0 增加2宗"):
        assert expected in text
    assert all(f"第 {i} 页 共 {len(pages)} 页" in page for i, page in enumerate(pages, 1))
    reader = PdfReader(str(out))
    assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842)
               for p in reader.pages)
    assert_all_fonts_embedded(out)


def test_the_workbook_holds_the_same_numbers(services: Services, clock: FakeClock, tmp_path: Path) -> None:
    ds = build_september(services, clock)
    out = services.analysis.write_xlsx(Period.month(2026, 9), ds.hy, tmp_path / "九月分析.xlsx")
    book = load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    summary = book[SHEETS[0]]
    rows = {r[0].value: [c.value for c in r] for r in summary.iter_rows() if r[0].value}
    assert rows["受理投诉"][:4] == ["受理投诉", 9, 1, "增加8宗"]
    assert rows["按时完成率"][1] == pytest.approx(5 / 6) and rows["按时完成率"][2] == "—"
    assert rows["有效投诉率"][1] == pytest.approx(0.01) and rows["有效投诉率"][6] == "未达标（目标 1% 以下）"
    on_time_cell = next(r[1] for r in summary.iter_rows() if r[0].value == "按时完成率")
    assert on_time_cell.number_format == "0.0%"
    assert "报送：董事办、总经办、开发商客户服务部" == summary["A1"].value
    groups = ["有所改进", "未见改进", "保持不变", "无从比较"]      # 「改进情况」 in the PDF's order and words
    labels = [r[0].value for r in summary.iter_rows() if r[0].value in groups]
    assert labels.count("未见改进") == 4 and labels == sorted(labels, key=groups.index)
    categories = [[c.value for c in r] for r in book["投诉类别"].iter_rows(min_row=6)]
    assert categories[0] == [1, "公共设施故障", 2, pytest.approx(2 / 9)]
    overdue = [[c.value for c in r] for r in book["超时案件"].iter_rows(min_row=6)]
    assert len(overdue) == 6
    g7 = next(r for r in overdue if r[3].startswith("G7"))
    assert (g7[7], g7[8], g7[9], g7[10]) == ("限期处理", "记录", T("2026-09-29 14:30"), "王前台")
    trend = [[c.value for c in r] for r in book["趋势"].iter_rows(min_row=6)]
    assert trend[-1][:3] == ["2026年9月", "2026年9月1日至9月30日", 9]
    assert int(summary.page_setup.paperSize) == 9 and summary.page_setup.fitToWidth == 1   # A4, one page wide


def test_bad_file_names_are_named(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as err:
        services.analysis.write(Period.month(2026, 9), None, pdf=tmp_path / "a.doc")
    assert err.value.errors == {"out": "输出文件「a.doc」应以 .pdf 结尾"}
    with pytest.raises(ValidationError) as err:
        services.analysis.write(Period.month(2026, 9), None, xlsx=tmp_path / "a.csv")
    assert err.value.errors == {"xlsx": "输出文件「a.csv」应以 .xlsx 结尾"}


def test_a_reopened_step_after_the_cut_off_does_not_change_last_months_report(services: Services,
                                                                              clock: FakeClock) -> None:
    ds = build_september(services, clock)
    before = services.analysis.compute(Period.month(2026, 9), ds.hy)
    b = Builder(services)
    b.ids = ds.ids
    clock.set(datetime(2026, 10, 21, 9, 0))
    b.act("G8", Action.VERIFY, "2026-10-21 09:00", note="已核实")   # long after September's cut-off
    after = services.analysis.compute(Period.month(2026, 9), ds.hy)
    assert after.current.total == before.current.total
    assert [o.last_note for o in after.overdue] == [o.last_note for o in before.overdue]
