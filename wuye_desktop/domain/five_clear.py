"""「五清楚，一报告」 (篇5 §1) as a checklist filled by a case's events."""

from __future__ import annotations

from dataclasses import dataclass

from wuye_desktop.domain.complaint import Action, Event, Kind


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    hint: str
    done: bool
    applies: bool = True


def checklist(events: list[Event], kind: Kind, content: str, *, confirmed_by: str = "") -> list[CheckItem]:
    """The six points; ``confirmed_by`` is the customer confirming at closing (记清楚)."""
    actions = [e.action for e in events]
    has = actions.__contains__
    closed_with_confirmation = any(e.action is Action.CLOSE and e.get("confirmed_by") for e in events)
    unreasonable = has(Action.EXPLAIN)
    result_recorded = has(Action.REVISIT) or unreasonable
    major = kind is Kind.MAJOR
    return [
        CheckItem("listen", "听清楚", "投诉内容已完整记录", bool(content.strip())),
        CheckItem("ask", "问清楚", "已核实情况（核实、派单或解释）",
                  has(Action.VERIFY) or has(Action.DISPATCH) or unreasonable),
        CheckItem("follow", "跟清楚", "一跟到底：处理完成，或已向客户讲清并约定回复时间",
                  has(Action.COMPLETE) or unreasonable),
        CheckItem("reply", "复清楚", "已把处理过程及结果回复客户",
                  has(Action.REPLY) or unreasonable),
        CheckItem("record", "记清楚", "处理过程及结果已记录，并由客户确认",
                  result_recorded and (closed_with_confirmation or bool(confirmed_by.strip()))),
        CheckItem("report", "报告", "重大投诉已报告部门经理和中心领导",
                  (has(Action.REPORT) or has(Action.LADDER_REPORT_LEADER)) if major else True,
                  applies=major),
    ]


def missing_for_close(events: list[Event], kind: Kind, content: str, confirmed_by: str) -> list[str]:
    """Labels of the points still missing; a case cannot be closed while any is (篇5 §1)."""
    return [i.label for i in checklist(events, kind, content, confirmed_by=confirmed_by) if not i.done]
