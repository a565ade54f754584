"""Pure rules of the revisits area: rates, task status, the programme's periods, questionnaire answers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.revisit_figures import Rate
from wuye_desktop.domain.revisit_programme import PlanKind, VisitMark, periods, progress, split_targets
from wuye_desktop.domain.revisit_survey import (
    Question,
    QuestionDraft,
    QuestionKind,
    QuestionnaireDraft,
    normalize_answer,
    tally,
)
from wuye_desktop.domain.revisits import TaskStatus, task_status

DUE = datetime(2026, 9, 29, 23, 59, 59)


@pytest.mark.parametrize(("n", "d", "digits", "text"), [
    (0, 0, 1, "—"), (2, 3, 1, "66.7%"), (3, 3, 1, "100.0%"), (0, 5, 1, "0.0%"), (3, 400, 2, "0.75%"),
    (5, 0, 2, "—"),
])
def test_rate_text(n: int, d: int, digits: int, text: str) -> None:
    assert Rate(n, d, digits).text == text


@pytest.mark.parametrize(("state", "done", "now", "status"), [
    ("待回访", None, datetime(2026, 9, 29, 23, 59, 59), TaskStatus.OPEN),
    ("待回访", None, datetime(2026, 9, 30, 0, 0, 0), TaskStatus.OVERDUE),
    ("已回访", datetime(2026, 9, 29, 18, 0), datetime(2026, 10, 9), TaskStatus.ON_TIME),
    ("已回访", datetime(2026, 9, 30, 9, 0), datetime(2026, 10, 9), TaskStatus.LATE),
    ("已取消", None, datetime(2026, 10, 9), TaskStatus.CANCELLED),
])
def test_task_status_against_the_clock(state: str, done: datetime | None, now: datetime,
                                       status: TaskStatus) -> None:
    assert task_status(state, DUE, done, now) is status


def test_periods_follow_the_rule_book() -> None:
    assert [p.label for p in periods(PlanKind.AREA, 2026, 4)] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert [p.end for p in periods(PlanKind.FORUM, 2026, 2)] == [date(2026, 6, 30), date(2026, 12, 31)]
    assert [p.label for p in periods(PlanKind.DIRECTOR, 2026, 2)] == ["上半年", "下半年"]
    assert [p.label for p in periods(PlanKind.DIRECTOR, 2026, 1)] == ["全年"]


def test_event_plan_counts_events_and_targets_are_cleaned() -> None:
    marks = [VisitMark("中秋游园", date(2026, 9, 20)), VisitMark("端午包粽子", date(2026, 6, 19))]
    p = progress(PlanKind.EVENT, 2026, (), 4, marks, date(2026, 9, 24))
    assert (p.required, p.done, p.missed) == (4, 2, 0)
    assert [d.target for d in p.due_now] == ["节日社区活动（还差2次）"]
    assert p.percent == 50
    assert split_targets(" 1栋\n\n1栋；\n2栋, ") == ("1栋", "2栋")


def test_questionnaire_design_errors_name_the_question() -> None:
    with pytest.raises(ValidationError) as info:
        QuestionnaireDraft("", questions=(QuestionDraft("单选", "满意吗？", ("是", "是")),)).validate()
    assert info.value.errors == {"title": "问卷标题不能为空", "questions": "第1题：选项不能重复"}
    with pytest.raises(ValidationError) as info:
        QuestionnaireDraft("调查", questions=(QuestionDraft("评分", "打分", scale=20),)).validate()
    assert info.value.errors == {"questions": "第1题：评分题的最高分应为3–10分"}


def test_answers_are_normalised_and_tallied() -> None:
    single = Question("1", 1, QuestionKind.SINGLE, "满意吗", ("满意", "不满意"))
    multi = Question("2", 2, QuestionKind.MULTIPLE, "改进", ("保洁", "绿化", "安保"))
    rating = Question("3", 3, QuestionKind.RATING, "打分", scale=5)
    assert normalize_answer(multi, ["安保", "保洁"]) == (["保洁", "安保"], None)
    assert normalize_answer(rating, "4分") == (4, None)
    assert normalize_answer(rating, "6") == (None, "第3题应填1–5分")
    assert normalize_answer(single, "一般") == (None, "第1题的答案「一般」不是该题的选项")
    results = tally([single, multi, rating], [{"1": "满意", "2": ["保洁"], "3": 5}, {"1": "满意", "3": 2}, {}])
    assert results[0].counts == (("满意", 2), ("不满意", 0)) and results[0].answered == 2
    assert results[1].answered == 1
    assert results[2].average == 3.5 and results[2].counts[4] == ("5分", 1)
