"""Residents' voice: opinions to handle (篇4 二.1(4)), suggestions (篇4 一.4), peer visits (篇4 一.7).

Every opinion, demand, suggestion or complaint heard in a revisit, a visit, a forum or a
questionnaire becomes an item that is handled and answered — 「事事有着落、件件有回音」 (篇4 一.5);
major ones go to the head. A suggestion is recorded, reported to the head, decided, turned into
a rectification plan with an owner and a due date, and posted publicly with the residents to be
praised 「爱我小区」; its proposer has priority in the 「文明户」 selection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.validators import (
    length_error,
    not_future_error,
    order_error,
    phone_error,
    required_error,
)


class OpinionSource(StrEnum):
    REVISIT = "投诉回访"
    DIRECTOR = "主任登门回访"
    AREA = "物管员区域回访"
    FORUM = "住户座谈会"
    EVENT = "节日社区活动"
    QUESTIONNAIRE = "问卷调查"
    OTHER = "其他"


class OpinionCategory(StrEnum):
    OPINION = "意见"
    DEMAND = "要求"
    SUGGESTION = "建议"
    COMPLAINT = "投诉"
    QUESTION = "询问"


class OpinionState(StrEnum):
    OPEN = "待处理"
    REPORTED = "已报主任"
    HANDLED = "已处理"


def opinion_state(handled_at: datetime | None, reported_at: datetime | None) -> OpinionState:
    if handled_at is not None:
        return OpinionState.HANDLED
    return OpinionState.REPORTED if reported_at is not None else OpinionState.OPEN


def split_lines(text: str) -> list[str]:
    """Several opinions typed one per line."""
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


@dataclass(frozen=True)
class OpinionDraft:
    source: str
    heard_at: datetime | None
    content: str
    category: str = OpinionCategory.OPINION.value
    resident: str = ""
    unit: str = ""
    major: bool = False
    due_at: datetime | None = None   # the promised reply time, when one was given (篇4 二.1(3))
    source_ref: str = ""

    def validate(self, now: datetime) -> None:
        errors: dict[str, str] = {}
        if self.source not in {s.value for s in OpinionSource}:
            errors["source"] = "请选择意见来源"
        if self.category not in {c.value for c in OpinionCategory}:
            errors["category"] = "请选择意见类别"
        if e := not_future_error("听取时间", self.heard_at, now):
            errors["heard_at"] = e
        if e := required_error("意见内容", self.content, 2000):
            errors["content"] = e
        if e := length_error("住户", self.resident, 40):
            errors["resident"] = e
        if e := length_error("房号", self.unit, 40):
            errors["unit"] = e
        if e := length_error("来源说明", self.source_ref, 100):
            errors["source_ref"] = e
        if self.due_at is not None and self.heard_at is not None and self.due_at <= self.heard_at:
            errors["due_at"] = f"答复期限应晚于听取时间（{self.heard_at:%Y-%m-%d %H:%M}）"
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class ReportInput:
    """A major opinion reported to the head (篇4 二.1(4) 「重大问题向公司请示解决」)."""

    head: str
    at: datetime | None
    instruction: str = ""

    def validate(self, now: datetime, heard_at: datetime) -> None:
        errors: dict[str, str] = {}
        if e := required_error("报告对象（主任）", self.head, 40):
            errors["head"] = e
        if e := not_future_error("报告时间", self.at, now) or order_error("报告时间", self.at, "听取时间", heard_at):
            errors["at"] = e
        if e := length_error("主任批示", self.instruction, 2000):
            errors["instruction"] = e
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class HandleInput:
    handler: str
    at: datetime | None
    result: str

    def validate(self, now: datetime, heard_at: datetime) -> None:
        errors: dict[str, str] = {}
        if e := required_error("处理人", self.handler, 40):
            errors["handler"] = e
        if e := not_future_error("处理时间", self.at, now) or order_error("处理时间", self.at, "听取时间", heard_at):
            errors["at"] = e
        if e := required_error("处理结果及答复", self.result, 2000):
            errors["result"] = e
        if errors:
            raise ValidationError(errors)


# --- suggestions (合理化建议, 篇4 一.4) ----------------------------------------------------------

class Decision(StrEnum):
    ADOPT = "采纳"
    PARTLY = "部分采纳"
    REJECT = "不采纳"


class SuggestionState(StrEnum):
    RECORDED = "已登记"
    REPORTED = "已报主任"
    REJECTED = "不采纳"
    RECTIFYING = "整改中"
    DONE = "已完成整改"
    PUBLISHED = "已张榜公布"


def suggestion_state(reported_at: datetime | None, decision: str, done_at: datetime | None,
                     published_on: date | None) -> SuggestionState:
    if published_on is not None:
        return SuggestionState.PUBLISHED
    if decision == Decision.REJECT.value:
        return SuggestionState.REJECTED
    if decision:
        return SuggestionState.DONE if done_at is not None else SuggestionState.RECTIFYING
    return SuggestionState.REPORTED if reported_at is not None else SuggestionState.RECORDED


@dataclass(frozen=True)
class SuggestionDraft:
    proposed_at: datetime | None
    proposer: str
    unit: str
    content: str
    recorded_by: str
    phone: str = ""

    def validate(self, now: datetime) -> None:
        errors: dict[str, str] = {}
        if e := not_future_error("提出时间", self.proposed_at, now):
            errors["proposed_at"] = e
        if e := required_error("建议人", self.proposer, 40):
            errors["proposer"] = e
        if e := required_error("房号", self.unit, 40):
            errors["unit"] = e
        if self.phone.strip() and (e := phone_error("联系电话", self.phone)):
            errors["phone"] = e
        if e := required_error("建议内容", self.content, 5000):
            errors["content"] = e
        if e := required_error("记录人", self.recorded_by, 40):
            errors["recorded_by"] = e
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class DecisionInput:
    """The head's decision; an adopted suggestion gets a rectification plan, owner and due date."""

    head: str
    decided_at: datetime | None
    decision: str
    note: str = ""
    plan: str = ""
    owner: str = ""
    due_on: date | None = None

    def validate(self, now: datetime, proposed_at: datetime) -> None:
        errors: dict[str, str] = {}
        if e := required_error("主任", self.head, 40):
            errors["head"] = e
        if e := not_future_error("决定时间", self.decided_at, now) or order_error(
                "决定时间", self.decided_at, "提出时间", proposed_at):
            errors["decided_at"] = e
        if self.decision not in {d.value for d in Decision}:
            errors["decision"] = "请选择主任的决定（采纳、部分采纳或不采纳）"
        elif self.decision == Decision.REJECT.value:
            if not self.note.strip():
                errors["note"] = "不采纳时须写明理由，以便答复住户"
        else:
            if e := required_error("整改措施", self.plan, 2000):
                errors["plan"] = e
            if e := required_error("整改负责人", self.owner, 40):
                errors["owner"] = e
            if self.due_on is None:
                errors["due_on"] = "整改期限不能为空"
            elif self.decided_at is not None and self.due_on < self.decided_at.date():
                errors["due_on"] = f"整改期限不能早于决定日期（{self.decided_at:%Y-%m-%d}）"
        if e := length_error("决定说明", self.note, 2000):
            errors.setdefault("note", e)
        if errors:
            raise ValidationError(errors)


# --- peer companies' visits (篇4 一.7) -------------------------------------------------------------

@dataclass(frozen=True)
class PeerVisitDraft:
    visited_on: date | None
    company: str
    visitors: str
    headcount: int
    received_by: str
    content: str = ""
    note: str = ""

    def validate(self, today: date) -> None:
        errors: dict[str, str] = {}
        if self.visited_on is None:
            errors["visited_on"] = "参观日期不能为空"
        elif self.visited_on > today:
            errors["visited_on"] = f"参观日期不能晚于今天（{today:%Y-%m-%d}）"
        if e := required_error("来访单位", self.company, 100):
            errors["company"] = e
        if e := length_error("来访人员", self.visitors, 200):
            errors["visitors"] = e
        if not 1 <= self.headcount <= 500:
            errors["headcount"] = "来访人数应为1–500人"
        if e := required_error("接待人", self.received_by, 40):
            errors["received_by"] = e
        if e := length_error("介绍内容", self.content, 2000):
            errors["content"] = e
        if e := length_error("备注", self.note, 2000):
            errors["note"] = e
        if errors:
            raise ValidationError(errors)


OPINION_FILTERS: tuple[str, ...] = ("全部", "未处理", "逾期未答复", OpinionState.REPORTED.value,
                                    OpinionState.HANDLED.value, "重大问题")


@dataclass(frozen=True)
class OpinionFilter:
    project_id: int | None = None
    status: str = "全部"
    source: str = ""
    search: str = ""
    year: int | None = None
