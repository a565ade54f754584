"""The complaint's vocabulary and its life cycle as an explicit state machine (篇2, 篇5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from wuye_desktop.domain.errors import TransitionError


class Channel(StrEnum):
    """How the complaint arrived (篇2 §1, 篇5 §2(7))."""

    VISIT = "来访"
    PHONE = "电话"
    WRITTEN = "书面"
    OTHER = "其他"


class Kind(StrEnum):
    """What kind of complaint it is; channel and kind are separate (RULES.md)."""

    GENERAL = "一般"
    MAJOR = "重大"
    UNREASONABLE = "非合理"
    SUGGESTION = "合理化建议"


# 篇5 §2(5): general complaints handled through the management centre.
GENERAL_CATEGORIES: tuple[str, ...] = (
    "装修噪音",
    "公共设施故障",
    "室内设施维修",
    "邮件报纸遗失",
    "环境卫生绿化",
    "鼠虫害防治",
    "其他物业服务",
)

# 篇5 §2(6) and 篇2 §6: major complaints and emergencies.
MAJOR_CATEGORIES: tuple[str, ...] = (
    "火灾",
    "电梯困人",
    "爆炸",
    "突发停电",
    "水浸",
    "盗窃破坏",
    "刑事案件",
    "集体投诉",
    "主要设备故障",
    "主体结构破坏",
    "紧急抢险抢修",
    "需开发商解决",
)

COLLECTIVE_CATEGORY = "集体投诉"


def categories_for(kind: Kind) -> tuple[str, ...]:
    """The category list a clerk chooses from for ``kind``."""
    if kind is Kind.MAJOR:
        return MAJOR_CATEGORIES
    return GENERAL_CATEGORIES


class Satisfaction(StrEnum):
    SATISFIED = "满意"
    BASIC = "基本满意"
    UNSATISFIED = "不满意"


class State(StrEnum):
    RECEIVED = "已受理"
    AT_FRONT_DESK = "前台处理中"
    DISPATCHED = "已派单"
    COMPLETED = "已完成"
    FEEDBACK_GIVEN = "已反馈"
    REPLIED = "已回复客户"
    REVISITED = "已回访"
    EXPLAINED = "已解释"
    ESCALATED = "部门负责人协调中"
    CLOSED = "已结案"


OPEN_STATES: frozenset[State] = frozenset(s for s in State if s is not State.CLOSED)


class Action(StrEnum):
    """Every recorded step of a case; the value is the clerk-facing name of the event."""

    RECEIVE = "受理"
    TO_FRONT_DESK = "交前台"
    VERIFY = "核实"
    DISPATCH = "派单"
    RESPOND = "部门回应"
    COMPLETE = "处理完成"
    FEEDBACK = "反馈首问人"
    REPLY = "回复客户"
    REVISIT = "回访"
    CLOSE = "结案"
    EXPLAIN = "解释（非合理投诉）"
    ESCALATE = "升级部门负责人"
    REOPEN = "重新打开"
    NOTE = "跟进记录"
    REPORT = "报告领导"
    GROUP = "并入集体投诉"
    # The emergency ladder of 篇2 §6–7 (recorded with one click, no state change).
    LADDER_NOTIFY_DEPT = "知会相关部门"
    LADDER_REPORT_LEADER = "上报公司主管领导"
    LADDER_OFFICE_WRITTEN = "管理处书面报告"
    LADDER_PHONE_BOARD = "电话上报董事领导"
    LADDER_LEADER_WRITTEN = "领导书面报告"
    LADDER_DEVELOPER_VERIFY = "发展商跟进验证"


LADDER_ACTIONS: tuple[Action, ...] = (
    Action.LADDER_NOTIFY_DEPT,
    Action.LADDER_REPORT_LEADER,
    Action.LADDER_OFFICE_WRITTEN,
    Action.LADDER_PHONE_BOARD,
    Action.LADDER_LEADER_WRITTEN,
    Action.LADDER_DEVELOPER_VERIFY,
)

# Actions allowed in any open state without changing it.
_ANYTIME: frozenset[Action] = frozenset({Action.NOTE, Action.REPORT, Action.VERIFY, *LADDER_ACTIONS})

# The one table of allowed transitions: (state, action) -> next state.
TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.RECEIVED, Action.TO_FRONT_DESK): State.AT_FRONT_DESK,
    (State.AT_FRONT_DESK, Action.DISPATCH): State.DISPATCHED,
    (State.AT_FRONT_DESK, Action.EXPLAIN): State.EXPLAINED,
    (State.DISPATCHED, Action.DISPATCH): State.DISPATCHED,  # handed on to another department
    (State.DISPATCHED, Action.RESPOND): State.DISPATCHED,
    (State.DISPATCHED, Action.COMPLETE): State.COMPLETED,
    (State.COMPLETED, Action.FEEDBACK): State.FEEDBACK_GIVEN,
    (State.FEEDBACK_GIVEN, Action.REPLY): State.REPLIED,
    (State.REPLIED, Action.REVISIT): State.REVISITED,
    (State.REVISITED, Action.CLOSE): State.CLOSED,
    (State.REVISITED, Action.REOPEN): State.AT_FRONT_DESK,
    (State.EXPLAINED, Action.ESCALATE): State.ESCALATED,
    (State.EXPLAINED, Action.CLOSE): State.CLOSED,
    (State.ESCALATED, Action.CLOSE): State.CLOSED,
    (State.CLOSED, Action.REOPEN): State.AT_FRONT_DESK,
}


def next_state(state: State, action: Action, kind: Kind | None = None) -> State:
    """The state after ``action``; raises TransitionError when the step is not allowed."""
    if action is Action.EXPLAIN and kind is Kind.MAJOR:
        # 篇2 §3 covers unreasonable complaints; a major case is never explained away (篇2 §6).
        raise TransitionError("重大投诉（突发事件）不能按非合理投诉处理")
    if (state, action) in TRANSITIONS:
        return TRANSITIONS[(state, action)]
    if action in _ANYTIME and state in OPEN_STATES:
        return state
    raise TransitionError(f"当前状态「{state.value}」下不能执行「{action.value}」")


def allowed_actions(state: State, kind: Kind | None = None) -> list[Action]:
    """The actions the case screen offers in ``state`` (state-changing ones first)."""
    moves = [a for (s, a) in TRANSITIONS if s is state and not (a is Action.EXPLAIN and kind is Kind.MAJOR)]
    if state in OPEN_STATES:
        moves += [a for a in (Action.VERIFY, Action.NOTE, Action.REPORT) if a not in moves]
    return moves


@dataclass(frozen=True)
class Event:
    """One recorded step: what, when, who, a note and the step's own data."""

    action: Action
    at: datetime
    by: str
    note: str = ""
    data: dict[str, str] | None = None

    def get(self, key: str, default: str = "") -> str:
        return (self.data or {}).get(key, default)

