"""Which columns each revisits workbook has: views in, ``export.xlsx_revisits`` sheets out."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from wuye_desktop.domain.revisit_figures import TARGETS, RevisitFigures
from wuye_desktop.domain.revisit_survey import QuestionKind, answer_text
from wuye_desktop.services.revisits_views import (
    OpinionView,
    ResponseView,
    RevisitTaskView,
    SuggestionView,
    SurveyResults,
)

CHART_ROWS = 15

TASK_HEADERS = ("投诉/维修单编号", "来源", "回访期限", "回访时间", "方式", "回访结果", "状态", "住户", "房号", "联系电话",
                "主题", "处理完成时间", "回访负责人", "回访人", "回访记录", "管理处")


def tasks_workbook(rows: list[RevisitTaskView], projects: dict[int, str], now: datetime, out: Path) -> Path:
    """Complaints' and work orders' revisits in one list; 「来源」 tells them apart."""
    from wuye_desktop.export.xlsx_revisits import Sheet, write_workbook  # lazy import: a faster start (issue 8)
    data = [[v.number, v.source, v.due_at, v.done_at, v.method, v.result_text, v.status(now).value, v.complainant,
             v.unit, v.phone, v.subject, v.completed_at, v.assignee, v.visitor, v.content,
             projects.get(v.project_id, "")]
            for v in rows]
    red = frozenset(i for i, v in enumerate(rows) if v.is_late(now))
    return write_workbook([Sheet("回访任务", f"回访任务一览（投诉、维修单；导出时间 {now:%Y-%m-%d %H:%M}）", TASK_HEADERS,
                                 data, (20, 7, 17, 17, 8, 16, 11, 10, 14, 14, 28, 17, 11, 10, 40, 14), red,
                                 "回访期限：投诉处理完成、维修完工后2个工作日内（篇2 §5、§7）；红色为逾期未回访或超时回访。")],
                          out)


OPINION_HEADERS = ("听取时间", "来源", "来源说明", "类别", "住户", "房号", "意见内容", "重大", "答复期限", "报告主任",
                   "主任批示", "处理人", "处理时间", "处理结果及答复", "状态", "管理处")


def opinions_workbook(rows: list[OpinionView], projects: dict[int, str], now: datetime, out: Path) -> Path:
    from wuye_desktop.export.xlsx_revisits import Sheet, write_workbook  # lazy import: a faster start (issue 8)
    data = [[v.heard_at, v.source, v.source_ref, v.category, v.resident, v.unit, v.content, "是" if v.major else "",
             v.due_at, v.reported_at, v.instruction, v.handler, v.handled_at, v.result, v.state.value,
             projects.get(v.project_id, "")] for v in rows]
    red = frozenset(i for i, v in enumerate(rows) if v.is_late(now))
    handled = sum(1 for v in rows if v.handled_at)
    note = f"共 {len(rows)} 条，已处理 {handled} 条；回访处理率目标 100%（篇4 二.1(4)）。红色为未按约定时间答复。"
    return write_workbook([Sheet("意见处理", f"住户意见处理一览（导出时间 {now:%Y-%m-%d %H:%M}）", OPINION_HEADERS,
                                 data, (17, 12, 18, 6, 10, 14, 40, 6, 17, 17, 20, 10, 17, 36, 9, 14), red, note)],
                          out)


SUGGESTION_HEADERS = ("提出时间", "建议人", "房号", "联系电话", "建议内容", "记录人", "报告主任时间", "主任",
                      "决定", "决定说明", "整改措施", "整改负责人", "整改期限", "完成时间", "整改结果", "公布日期",
                      "爱我小区表彰", "状态", "管理处")


def suggestions_workbook(rows: list[SuggestionView], projects: dict[int, str], today: date, out: Path) -> Path:
    from wuye_desktop.export.xlsx_revisits import Sheet, write_workbook  # lazy import: a faster start (issue 8)
    data = [[v.proposed_at, v.proposer, v.unit, v.phone, v.content, v.recorded_by, v.reported_at, v.head, v.decision,
             v.decision_note, v.plan, v.owner, v.due_on, v.done_at, v.done_note, v.published_on,
             "是" if v.praised and v.decision and v.decision != "不采纳" else "", v.state.value,
             projects.get(v.project_id, "")] for v in rows]
    red = frozenset(i for i, v in enumerate(rows) if v.is_late(today))
    return write_workbook([Sheet("合理化建议", f"合理化建议一览（导出日期 {today:%Y-%m-%d}）", SUGGESTION_HEADERS, data,
                                 (17, 10, 14, 14, 36, 10, 17, 10, 9, 24, 36, 10, 12, 17, 30, 12, 8, 11, 14), red,
                                 "篇4 一.4：主任决定整改计划并张榜公布，表彰「爱我小区」住户，建议人优先评选「文明户」。")],
                          out)


def answers_workbook(results: SurveyResults, responses: list[ResponseView], out: Path) -> Path:
    from wuye_desktop.export.xlsx_revisits import ChartSpec, Sheet, write_workbook  # lazy import: a faster start (issue 8)
    q = results.questionnaire
    headers = ("序号", "答卷人", "房号", "回收日期") + tuple(f"{x.position}. {x.text}" for x in q.questions)
    data = [[i, r.respondent, r.unit, r.returned_on] + [answer_text(x, r.answers.get(x.key)) for x in q.questions]
            for i, r in enumerate(responses, start=1)]
    answers = Sheet("答卷", f"{q.title}——答卷（共 {len(responses)} 份）", headers, data,
                    (6, 10, 14, 12) + tuple(24 for _ in q.questions))
    rows: list[list[object]] = []
    charts: list[ChartSpec] = []
    for r in results.results:
        head = len(rows)
        rows.append([f"{r.question.position}. {r.question.text}（{r.question.kind.value}）", r.summary, ""])
        if r.question.kind is QuestionKind.TEXT:
            rows.extend([[f"  {t}", "", ""] for t in r.texts])
            rows.append(["", "", ""])
            continue
        first = len(rows)
        for label, count in r.counts:
            share = f"{count / r.answered * 100:.1f}%" if r.answered else "—"
            rows.append([label, count, share])
        charts.append(ChartSpec(r.question.text[:30], first, len(rows) - 1, 1, 5))
        # A chart beside its question is about 13 rows tall: keep blocks apart so charts never overlap.
        rows.extend([["", "", ""] for _ in range(max(1, head + CHART_ROWS - len(rows)))])
    stats = Sheet("统计", f"{q.title}——逐题统计", ("选项", "人数", "比例"), rows, (40, 14, 10), charts=charts)
    return write_workbook([answers, stats], out)


def figures_workbook(figures: list[RevisitFigures], out: Path) -> Path:
    from wuye_desktop.export.xlsx_revisits import Sheet, write_workbook  # lazy import: a faster start (issue 8)
    headers = ("期间", "回访率", "及时回访率", "满意率", "意见处理率", "有效投诉率", "应回访", "已回访", "按时回访",
               "回访满意（含基本满意）", "完成回访", "意见条数", "已处理", "有效投诉", "服务户数")
    data = []
    for f in figures:
        c = f.counts
        data.append([f.label] + [rate.text for _, rate in f.rates()] + [
            c.tasks_due, c.tasks_done, c.tasks_on_time, c.revisits_satisfied, c.revisits_done, c.opinions,
            c.opinions_handled, c.reasonable_complaints, c.households])
    note = "；".join(f"{k}{v}" for k, v in TARGETS.items()) + "。「—」表示该期间没有可计算的数据。"
    return write_workbook([Sheet("回访统计", f"回访与意见统计（{figures[-1].label if figures else ''}）", headers, data,
                                 (12, 9, 10, 9, 10, 10, 8, 8, 8, 12, 9, 9, 8, 9, 9), note=note)], out)
