"""`wuye-desktop export revisits|opinions|suggestions -o FILE.xlsx`: what the office gets on disk."""

from __future__ import annotations

import argparse
from datetime import datetime

import pytest
from openpyxl import load_workbook

from wuye_desktop.cli_revisits import register_exports
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.revisit_voice import OpinionDraft, SuggestionDraft
from tests.integration.test_revisit_flow import complete_case, only_task, revisit


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="wuye-desktop")
    sub = parser.add_subparsers(dest="command")
    exp = sub.add_parser("export")
    register_exports(exp.add_subparsers(dest="what", required=True))
    return parser.parse_args(list(argv))


def test_export_revisits_lists_the_required_columns(services, clock, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    done_id = complete_case(services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    open_id = complete_case(services, clock, datetime(2026, 10, 8, 9, 0), datetime(2026, 10, 8, 15, 0), unit="8栋301")
    clock.set(datetime(2026, 10, 12, 9, 0))
    services.revisits.record(only_task(services, done_id).id, revisit(at=datetime(2026, 9, 30, 9, 0)))
    out = tmp_path / "回访.xlsx"
    args = parse("export", "revisits", "-o", str(out), "--year", "2026")
    assert args.handler(services, args) == 0
    assert capsys.readouterr().out.strip() == f"已导出 2 个回访任务到 {out}"
    ws = load_workbook(out).active
    assert [ws.cell(2, c).value for c in range(1, 8)] == ["投诉/维修单编号", "来源", "回访期限", "回访时间", "方式",
                                                       "回访结果", "状态"]
    rows = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(1, 8)] for r in (3, 4)}
    late = only_task(services, done_id)
    waiting = only_task(services, open_id)
    assert rows[late.number] == [late.number, "投诉", datetime(2026, 9, 29, 23, 59, 59), datetime(2026, 9, 30, 9, 0),
                                 "电话", "满意", "超时回访"]
    assert rows[waiting.number] == [waiting.number, "投诉", datetime(2026, 10, 10, 23, 59, 59), None, None, None,
                                    "逾期未回访"]
    assert ws.cell(3, 1).font.color is not None and ws.cell(3, 1).font.color.rgb.endswith("C62828")  # late: red


def test_export_opinions_and_suggestions(services, clock, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    pid = services.settings.projects()[0].id
    services.revisits.opinions.add(pid, OpinionDraft("住户座谈会", datetime(2026, 9, 20, 15, 0), "停车位不足"))
    services.revisits.suggestions.add(pid, SuggestionDraft(datetime(2026, 9, 1, 10, 0), "张三", "3栋501",
                                                          "建议增设快递柜", "王前台"))
    for what, header, value in (("opinions", "意见内容", "停车位不足"), ("suggestions", "建议内容", "建议增设快递柜")):
        out = tmp_path / f"{what}.xlsx"
        args = parse("export", what, "-o", str(out))
        assert args.handler(services, args) == 0
        ws = load_workbook(out).active
        headers = [c.value for c in ws[2]]
        assert ws.cell(3, headers.index(header) + 1).value == value
    assert "已导出 1 条建议到" in capsys.readouterr().out


def test_unknown_project_and_bad_file_name_are_plain_errors(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    args = parse("export", "revisits", "-o", str(tmp_path / "x.xlsx"), "--project", "ZZ")
    with pytest.raises(DomainError, match="没有代码为「ZZ」的管理处（现有：XM）"):
        args.handler(services, args)
    args = parse("export", "opinions", "-o", str(tmp_path / "x.csv"))
    with pytest.raises(DomainError, match="输出文件应以 .xlsx 结尾"):
        args.handler(services, args)


def test_export_revisits_of_one_source(services, clock, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.test_revisit_work_orders import completed_order, order_task

    complete_case(services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    order_id = completed_order(services, clock, datetime(2026, 9, 25, 8, 0), datetime(2026, 9, 25, 10, 0))
    services.repairs.orders.step_observers.clear()  # a second order written as before migration 0007
    other = completed_order(services, clock, datetime(2026, 9, 28, 8, 0), datetime(2026, 9, 28, 10, 0), unit="8栋301")
    out = tmp_path / "维修单回访.xlsx"
    args = parse("export", "revisits", "-o", str(out), "--source", "维修单")
    assert args.handler(services, args) == 0
    said = capsys.readouterr().out
    assert "新建了 1 个回访任务（已完成处理的投诉、已完工的维修单）。" in said and f"已导出 2 个回访任务到 {out}" in said
    ws = load_workbook(out).active
    assert sorted((ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (3, 4)) == sorted(
        [(order_task(services, order_id).number, "维修单"), (order_task(services, other).number, "维修单")])
    assert ws.cell(5, 1).value is None
    with pytest.raises(SystemExit):
        parse("export", "revisits", "-o", str(out), "--source", "报修")
