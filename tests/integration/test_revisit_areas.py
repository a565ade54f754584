"""The programme, questionnaires, opinions, suggestions and peer visits on a real database, and the
paper and workbooks they produce (read back as a clerk would see them)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook

from wuye_desktop.domain.errors import TransitionError, ValidationError
from wuye_desktop.domain.revisit_programme import PlanDraft, VisitDraft
from wuye_desktop.domain.revisit_survey import QuestionDraft, QuestionnaireDraft, ResponseDraft
from wuye_desktop.domain.revisit_voice import (
    DecisionInput,
    HandleInput,
    OpinionDraft,
    OpinionFilter,
    PeerVisitDraft,
    ReportInput,
    SuggestionDraft,
)
from wuye_desktop.domain.revisits import TaskFilter
from tests.integration.test_revisit_flow import complete_case, only_task, revisit


def pdf_text(path: Path) -> tuple[str, int]:
    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages), len(pdf.pages)


def project(services) -> int:  # type: ignore[no-untyped-def]
    return services.settings.projects()[0].id


# --- programme -----------------------------------------------------------------------------------------

def test_area_plan_progress_and_what_is_due_this_month(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    prog = any_services.revisits.programme
    pid = project(any_services)
    plan = prog.save_plan(pid, PlanDraft("物管员区域回访", 2026, "刘物管区域回访", "刘物管", "1–3栋\n5栋1单元"))
    assert plan.times_per_year == 4 and plan.targets == ("1–3栋", "5栋1单元")
    for day, area in ((date(2026, 2, 10), "1–3栋"), (date(2026, 3, 5), "5栋1单元"), (date(2026, 5, 6), "1–3栋"),
                      (date(2026, 8, 1), "5栋1单元")):
        prog.record_visit(pid, VisitDraft("物管员区域回访", datetime.combine(day, datetime.min.time()).replace(hour=10),
                                          "刘物管", area, content="巡查走访，住户无异议", plan_id=plan.id))
    clock.set(datetime(2026, 9, 24, 9, 0))
    progress = prog.plan(plan.id).progress
    assert (progress.required, progress.done, progress.missed) == (8, 4, 1)
    assert progress.text == "已完成 4/8，逾期未完成 1，本期待完成 1"
    due = prog.due_this_month(pid)
    assert [(d.plan_title, d.item.target, d.item.period.end, d.item.ends_this_month) for d in due] == [
        ("刘物管区域回访", "1–3栋", date(2026, 9, 30), True)]


def test_forum_needs_place_attendees_and_minutes_and_its_opinions_become_items(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    prog = any_services.revisits.programme
    pid = project(any_services)
    plan = prog.save_plan(pid, PlanDraft("住户座谈会", 2026, "2026年住户座谈会", "王主任"))
    with pytest.raises(ValidationError) as info:
        prog.record_visit(pid, VisitDraft("住户座谈会", datetime(2026, 6, 20, 15, 0), "王主任", "上半年座谈会",
                                          plan_id=plan.id))
    assert info.value.errors == {"place": "地点不能为空", "attendees": "参会人员不能为空", "content": "会议纪要不能为空"}
    visit = prog.record_visit(pid, VisitDraft(
        "住户座谈会", datetime(2026, 6, 20, 15, 0), "王主任", "上半年座谈会", place="会所二楼",
        attendees="业主代表12人", content="通报上半年工作，听取意见", plan_id=plan.id,
        opinions="停车位紧张\n希望增加儿童游乐设施"))
    assert (visit.opinions, visit.opinions_open) == (2, 2)
    items = any_services.revisits.opinions.page(OpinionFilter(source="住户座谈会")).rows
    assert sorted(i.content for i in items) == ["停车位紧张", "希望增加儿童游乐设施"]
    assert prog.plan(plan.id).progress.text == "已完成 1/2，本期待完成 1"


def test_director_visit_must_name_a_household_of_the_list(any_services) -> None:  # type: ignore[no-untyped-def]
    prog = any_services.revisits.programme
    pid = project(any_services)
    plan = prog.save_plan(pid, PlanDraft("主任登门回访", 2026, "主任登门回访", "王主任", "3栋501 张三\n5栋1202 李梅",
                                         times_per_year=2))
    with pytest.raises(ValidationError) as info:
        prog.record_visit(pid, VisitDraft("主任登门回访", datetime(2026, 9, 1, 10, 0), "王主任", "9栋101 赵六",
                                          content="拜访", plan_id=plan.id))
    assert info.value.errors == {"target": "回访住户「9栋101 赵六」不在计划名单中"}
    with pytest.raises(ValidationError) as info:
        prog.save_plan(pid, PlanDraft("主任登门回访", 2026, "主任登门回访", "王主任", "", times_per_year=3))
    assert info.value.errors == {"targets": "请填写登门回访的住户名单（每行一户，如「3栋2单元501 张三」）",
                                 "times_per_year": "主任登门回访每年1～2次（篇4 二.2(1)）"}
    prog.record_visit(pid, VisitDraft("主任登门回访", datetime(2026, 9, 1, 10, 0), "王主任", "3栋501 张三",
                                      content="拜访住户", opinions="希望电梯按时维保", plan_id=plan.id))
    item = any_services.revisits.opinions.page(OpinionFilter(source="主任登门回访")).rows[0]
    assert (item.resident, item.unit, item.content) == ("张三", "3栋501", "希望电梯按时维保")


# --- questionnaires ---------------------------------------------------------------------------------------

def questionnaire() -> QuestionnaireDraft:
    return QuestionnaireDraft("2026年保洁服务专题调查", "请在方框内打√，谢谢！", (
        QuestionDraft("单选", "您对楼道保洁是否满意？", ("满意", "基本满意", "不满意")),
        QuestionDraft("多选", "您最希望改进哪些方面？", ("保洁", "绿化", "安保")),
        QuestionDraft("评分", "请为保洁员的服务态度打分", scale=5),
        QuestionDraft("文字", "您还有什么意见和建议？"),
    ))


def test_questionnaire_answers_results_pdf_and_workbook(any_services, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    surveys = any_services.revisits.surveys
    q = surveys.save(project(any_services), questionnaire())
    keys = [x.key for x in q.questions]
    answers = [
        {keys[0]: "满意", keys[1]: ["保洁", "安保"], keys[2]: 5, keys[3]: "垃圾清运要及时"},
        {keys[0]: "不满意", keys[1]: ["保洁"], keys[2]: "3"},
        {keys[0]: "满意", keys[2]: 4},
    ]
    for i, a in enumerate(answers):
        surveys.add_response(q.id, ResponseDraft(date(2026, 9, 20), f"住户{i + 1}", f"{i + 1}栋101", a), "王前台")
    with pytest.raises(ValidationError) as info:
        surveys.add_response(q.id, ResponseDraft(date(2026, 9, 25), answers={keys[0]: "很好", keys[2]: 9}), "王前台")
    assert info.value.errors == {"returned_on": "回收日期不能晚于今天（2026-09-24）",
                                 "answers": "第1题的答案「很好」不是该题的选项"}
    results = surveys.results(q.id).results
    assert results[0].counts == (("满意", 2), ("基本满意", 0), ("不满意", 1))
    assert results[1].counts == (("保洁", 2), ("绿化", 0), ("安保", 1)) and results[1].answered == 2
    assert results[2].summary == "3人作答，平均4.0分（满分5分）"
    assert results[3].texts == ("垃圾清运要及时",)
    item = any_services.revisits.opinions.page(OpinionFilter(source="问卷调查")).rows
    assert [(i.content, i.resident) for i in item] == [("垃圾清运要及时", "住户1")]
    with pytest.raises(TransitionError, match="题目不能再修改"):
        surveys.save(q.id and project(any_services), QuestionnaireDraft(q.title, "", questionnaire().questions[:2]),
                     q.id)
    renamed = surveys.save(project(any_services), QuestionnaireDraft("2026年保洁专题调查", "新说明",
                                                                     questionnaire().questions), q.id)
    assert renamed.title == "2026年保洁专题调查" and renamed.responses == 3

    text, pages = pdf_text(surveys.write_blank_pdf(q.id, tmp_path / "blank.pdf"))
    assert pages == 1
    assert "2026年保洁专题调查" in text and "3. 请为保洁员的服务态度打分（请打分，1–5分）" in text
    assert "□ 满意" in text and "□ 安保" in text

    book = load_workbook(surveys.export_answers(q.id, tmp_path / "answers.xlsx"))
    sheet = book["答卷"]
    assert [c.value for c in sheet[2]][:5] == ["序号", "答卷人", "房号", "回收日期", "1. 您对楼道保洁是否满意？"]
    assert [c.value for c in sheet[3]][4:8] == ["满意", "保洁、安保", "5分", "垃圾清运要及时"]
    stats = book["统计"]
    values = [[c.value for c in row] for row in stats.iter_rows(min_row=3, max_col=3)]
    assert ["不满意", 1, "33.3%"] in values
    assert len(stats._charts) == 3


# --- opinions and suggestions ------------------------------------------------------------------------------

def test_opinion_report_and_handle(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    opinions = any_services.revisits.opinions
    item = opinions.add(project(any_services), OpinionDraft("节日社区活动", datetime(2026, 9, 20, 19, 0),
                                                            "地下车库渗水严重", "投诉", "陈先生", "8栋301"))
    with pytest.raises(ValidationError) as info:
        opinions.report(item.id, ReportInput("", datetime(2026, 9, 19, 0, 0)))
    assert info.value.errors == {"head": "报告对象（主任）不能为空",
                                 "at": "报告时间不能早于听取时间（2026-09-20 19:00）"}
    reported = opinions.report(item.id, ReportInput("王主任", datetime(2026, 9, 21, 9, 0), "请工程部三天内查明"))
    assert reported.major and reported.state.value == "已报主任"
    handled = opinions.handle(item.id, HandleInput("工程部", datetime(2026, 9, 23, 17, 0), "已封堵渗水点并回复住户"))
    assert handled.state.value == "已处理"
    with pytest.raises(TransitionError):
        opinions.handle(item.id, HandleInput("工程部", datetime(2026, 9, 23, 17, 0), "再次"))
    assert opinions.page(OpinionFilter(status="重大问题")).total == 1


def test_suggestion_life_notice_and_model_household_list(any_services, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sug = any_services.revisits.suggestions
    pid = project(any_services)
    first = sug.add(pid, SuggestionDraft(datetime(2026, 9, 1, 10, 0), "张三", "3栋501", "建议东门增设快递柜",
                                         "王前台", "13800138000"))
    other = sug.add(pid, SuggestionDraft(datetime(2026, 9, 2, 10, 0), "李梅", "5栋1202", "建议取消周末施工",
                                         "王前台"))
    assert first.state.value == "已登记"
    with pytest.raises(TransitionError, match="请先将建议报告主任"):
        sug.decide(first.id, DecisionInput("王主任", datetime(2026, 9, 3, 9, 0), "采纳"))
    sug.report(first.id, "王主任", datetime(2026, 9, 1, 11, 0))
    sug.report(other.id, "王主任", datetime(2026, 9, 2, 11, 0))
    with pytest.raises(ValidationError) as info:
        sug.decide(first.id, DecisionInput("王主任", datetime(2026, 9, 3, 9, 0), "采纳", due_on=date(2026, 9, 1)))
    assert info.value.errors == {"plan": "整改措施不能为空", "owner": "整改负责人不能为空",
                                 "due_on": "整改期限不能早于决定日期（2026-09-03）"}
    adopted = sug.decide(first.id, DecisionInput("王主任", datetime(2026, 9, 3, 9, 0), "采纳",
                                                 plan="东门增设智能快递柜两组", owner="赵工程", due_on=date(2026, 9, 20)))
    assert adopted.state.value == "整改中" and adopted.is_late(date(2026, 9, 24))
    with pytest.raises(ValidationError, match="不采纳时须写明理由"):
        sug.decide(other.id, DecisionInput("王主任", datetime(2026, 9, 3, 9, 0), "不采纳"))
    sug.decide(other.id, DecisionInput("王主任", datetime(2026, 9, 3, 9, 0), "不采纳", note="施工许可由街道审批"))
    with pytest.raises(ValidationError, match="尚未采纳"):
        sug.publish([first.id, other.id], date(2026, 9, 24), tmp_path / "x.pdf")
    done = sug.complete(first.id, datetime(2026, 9, 22, 16, 0), "快递柜已安装使用")
    assert done.state.value == "已完成整改" and done.is_late(date(2026, 9, 24))  # done after its due date

    notice, pages = pdf_text(sug.publish([first.id], date(2026, 9, 24), tmp_path / "notice.pdf"))
    assert pages == 1
    assert "东门增设智能快递柜两组" in notice and "赵工程" in notice and "2026-09-20" in notice
    assert "3栋501 张三" in notice and "李梅" not in notice and "2026年9月24日" in notice
    assert sug.get(first.id).state.value == "已张榜公布"

    candidates = sug.candidates(pid, 2026)
    assert [(c.unit, c.proposer, c.suggestions, c.adopted) for c in candidates] == [
        ("3栋501", "张三", 1, 1), ("5栋1202", "李梅", 1, 0)]
    text, pages = pdf_text(sug.write_candidates_pdf(pid, 2026, tmp_path / "cand.pdf"))
    assert pages == 1 and "2026年度「文明户」优先评选名单" in text and "5栋1202" in text

    book = load_workbook(sug.export(pid, 2026, tmp_path / "s.xlsx"))
    ws = book.active
    assert ws.cell(2, 1).value == "提出时间" and ws.cell(2, 18).value == "状态"
    assert {ws.cell(r, 18).value for r in (3, 4)} == {"已张榜公布", "不采纳"}


def test_peer_visit_log(any_services) -> None:  # type: ignore[no-untyped-def]
    peers = any_services.revisits.peers
    with pytest.raises(ValidationError) as info:
        peers.save(project(any_services), PeerVisitDraft(date(2026, 9, 30), "", "", 0, ""))
    assert info.value.errors == {"visited_on": "参观日期不能晚于今天（2026-09-24）", "company": "来访单位不能为空",
                                 "headcount": "来访人数应为1–500人", "received_by": "接待人不能为空"}
    peers.save(project(any_services), PeerVisitDraft(date(2026, 9, 18), "华城物业", "刘经理等", 6, "王主任",
                                                     "介绍住户回访制度"))
    assert [(v.company, v.headcount) for v in peers.list(None, 2026)] == [("华城物业", 6)]


# --- the revisit record and the task list on paper --------------------------------------------------------

def test_revisit_record_pdf_and_task_workbook(any_services, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    task = only_task(any_services, case_id)
    blank, pages = pdf_text(any_services.revisits.write_record_pdf(task.id, tmp_path / "blank.pdf"))
    assert pages == 1 and "客户回访记录表" in blank and task.number in blank and "□ 基本满意" in blank
    clock.set(datetime(2026, 9, 28, 10, 0))
    any_services.revisits.record(task.id, revisit(satisfaction="基本满意", question="何时更换单元门？",
                                                  promised_at=datetime(2026, 9, 30, 17, 0)))
    path = any_services.revisits.write_record_pdf(task.id, tmp_path / "rec.pdf")
    text, pages = pdf_text(path)
    assert pages == 1
    assert "■ 基本满意" in text and "■ 电话" in text and "已更换灯管" in text
    assert "何时更换单元门？（约定 2026-09-30 17:00 前答复）" in text and "按时回访" in text
    assert "2026-09-29 23:59" in text

    book = load_workbook(any_services.revisits.export_tasks(TaskFilter(), tmp_path / "tasks.xlsx"))
    ws = book.active
    assert [ws.cell(2, c).value for c in range(1, 8)] == ["投诉/维修单编号", "来源", "回访期限", "回访时间", "方式",
                                                       "回访结果", "状态"]
    assert [ws.cell(3, c).value for c in range(1, 8)] == [
        task.number, "投诉", datetime(2026, 9, 29, 23, 59, 59), datetime(2026, 9, 28, 9, 30), "电话", "基本满意",
        "按时回访"]
