"""The visit programme of 篇4 二.2: plans for the year, their periods, and progress against the clock.

- 主任登门回访: the office director visits a chosen list of households 1–2 times a year (二.2(1)).
- 物管员区域回访: each property clerk visits each of their areas once a quarter (二.2(2)).
- 住户座谈会: a residents' forum every half year (二.2(3)).
- 节日社区活动: festival and community events where residents are heard; a number per year (二.2(4)).

A plan with targets (households, areas) needs each target visited once in each period; a plan
without targets needs ``required`` visits per period. Progress counts what is done in periods,
what was missed in periods already over, and what is still due in the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.complaint import Satisfaction
from wuye_desktop.domain.validators import length_error, not_future_error, required_error


class PlanKind(StrEnum):
    DIRECTOR = "主任登门回访"
    AREA = "物管员区域回访"
    FORUM = "住户座谈会"
    EVENT = "节日社区活动"


SOURCES: dict[PlanKind, str] = {
    PlanKind.DIRECTOR: "篇4 二.2(1)",
    PlanKind.AREA: "篇4 二.2(2)",
    PlanKind.FORUM: "篇4 二.2(3)",
    PlanKind.EVENT: "篇4 二.2(4)",
}

MAX_TARGETS = 500


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # inclusive

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _quarters(year: int) -> list[Period]:
    ends = [date(year, 3, 31), date(year, 6, 30), date(year, 9, 30), date(year, 12, 31)]
    starts = [date(year, 1, 1), date(year, 4, 1), date(year, 7, 1), date(year, 10, 1)]
    return [Period(f"第{'一二三四'[i]}季度", starts[i], ends[i]) for i in range(4)]


def _halves(year: int) -> list[Period]:
    return [Period("上半年", date(year, 1, 1), date(year, 6, 30)),
            Period("下半年", date(year, 7, 1), date(year, 12, 31))]


def periods(kind: PlanKind, year: int, times_per_year: int) -> list[Period]:
    """The periods in which a plan's targets must each be visited once."""
    if kind is PlanKind.AREA:
        return _quarters(year)
    if kind is PlanKind.FORUM:
        return _halves(year)
    if kind is PlanKind.DIRECTOR and times_per_year == 2:
        return _halves(year)
    return [Period("全年", date(year, 1, 1), date(year, 12, 31))]


def split_targets(text: str) -> tuple[str, ...]:
    """One target per line (a household 「3栋2单元501 张三」 or an area 「1–3栋」), blanks and repeats dropped."""
    seen: dict[str, None] = {}
    for line in text.replace("\r", "\n").split("\n"):
        item = line.strip().strip("；;，,")
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


@dataclass(frozen=True)
class PlanDraft:
    kind: str
    year: int
    title: str
    owner: str
    targets: str = ""
    times_per_year: int = 1
    note: str = ""

    def validate(self) -> None:
        errors: dict[str, str] = {}
        try:
            kind = PlanKind(self.kind)
        except ValueError:
            errors["kind"] = "请选择计划类型"
            raise ValidationError(errors) from None
        if not 2000 <= self.year <= 2100:
            errors["year"] = "年度应在2000–2100之间"
        if e := required_error("计划名称", self.title, 60):
            errors["title"] = e
        if e := required_error("负责人" if kind is not PlanKind.DIRECTOR else "办公室主任", self.owner, 40):
            errors["owner"] = e
        targets = split_targets(self.targets)
        if kind is PlanKind.DIRECTOR and not targets:
            errors["targets"] = "请填写登门回访的住户名单（每行一户，如「3栋2单元501 张三」）"
        elif kind is PlanKind.AREA and not targets:
            errors["targets"] = "请填写负责的区域（每行一个区域，如「1–3栋」「5栋1单元」）"
        elif len(targets) > MAX_TARGETS:
            errors["targets"] = f"名单不能超过{MAX_TARGETS}行（现有{len(targets)}行）"
        elif any(len(t) > 100 for t in targets):
            errors["targets"] = "名单中每行不能超过100个字"
        if kind is PlanKind.DIRECTOR and self.times_per_year not in (1, 2):
            errors["times_per_year"] = "主任登门回访每年1～2次（篇4 二.2(1)）"
        elif kind is PlanKind.EVENT and not 1 <= self.times_per_year <= 50:
            errors["times_per_year"] = "全年活动次数应为1–50次"
        if e := length_error("备注", self.note, 2000):
            errors["note"] = e
        if errors:
            raise ValidationError(errors)

    def required_per_period(self) -> int:
        """Visits a plan without targets needs in each period."""
        return self.times_per_year if PlanKind(self.kind) is PlanKind.EVENT else 1


@dataclass(frozen=True)
class VisitMark:
    """A recorded visit as progress sees it."""

    target: str
    day: date


@dataclass(frozen=True)
class DueItem:
    target: str       # 「3栋2单元501 张三」, 「1–3栋」, or 「座谈会」 for a plan without targets
    period: Period
    ends_this_month: bool


@dataclass(frozen=True)
class PlanProgress:
    required: int        # visits the whole year asks for
    done: int            # of those, done (each target once per period)
    missed: int          # due in periods already over and not done
    due_now: tuple[DueItem, ...]  # still due in the current period

    @property
    def text(self) -> str:
        parts = [f"已完成 {self.done}/{self.required}"]
        if self.missed:
            parts.append(f"逾期未完成 {self.missed}")
        if self.due_now:
            parts.append(f"本期待完成 {len(self.due_now)}")
        return "，".join(parts)

    @property
    def percent(self) -> int:
        return 0 if self.required <= 0 else round(100 * self.done / self.required)


def progress(kind: PlanKind, year: int, targets: tuple[str, ...], times_per_year: int,
             visits: list[VisitMark], today: date) -> PlanProgress:
    """Where a plan stands on ``today``; visits outside the plan's year are ignored."""
    plan_periods = periods(kind, year, times_per_year)
    required_count = times_per_year if kind is PlanKind.EVENT else 1
    label = kind.value if kind in (PlanKind.FORUM, PlanKind.EVENT) else ""
    required = done = missed = 0
    due_now: list[DueItem] = []
    for period in plan_periods:
        inside = [v for v in visits if period.contains(v.day)]
        if targets:
            wanted = list(targets)
            have = {v.target for v in inside}
            pending = [t for t in wanted if t not in have]
            required += len(wanted)
            done += len(wanted) - len(pending)
        else:
            required += required_count
            got = min(len(inside), required_count)
            done += got
            short = required_count - got
            pending = [label if short == 1 else f"{label}（还差{short}次）"] if short else []
            if short and period.end < today:
                missed += short
                continue
        if not pending:
            continue
        if period.end < today:
            missed += len(pending)
        elif period.contains(today):
            this_month = period.end.year == today.year and period.end.month == today.month
            due_now.extend(DueItem(t, period, this_month) for t in pending)
    return PlanProgress(required, done, missed, tuple(due_now))


@dataclass(frozen=True)
class VisitDraft:
    """One visit of the programme: a door visit, an area round, a forum or an event."""

    kind: str
    held_at: datetime | None
    by: str
    target: str = ""
    place: str = ""
    attendees: str = ""
    content: str = ""
    satisfaction: str = ""
    opinions: str = ""          # one opinion per line; each becomes an item to handle
    plan_id: int | None = None

    def validate(self, now: datetime, targets: tuple[str, ...] = ()) -> None:
        errors: dict[str, str] = {}
        try:
            kind = PlanKind(self.kind)
        except ValueError:
            raise ValidationError({"kind": "请选择回访形式"}) from None
        if e := not_future_error("时间", self.held_at, now):
            errors["held_at"] = e
        who = "主持人" if kind is PlanKind.FORUM else ("组织人" if kind is PlanKind.EVENT else "回访人")
        if e := required_error(who, self.by, 80):
            errors["by"] = e
        if kind in (PlanKind.DIRECTOR, PlanKind.AREA):
            label = "回访住户" if kind is PlanKind.DIRECTOR else "回访区域"
            if e := required_error(label, self.target, 100):
                errors["target"] = e
            elif targets and self.target.strip() not in targets:
                errors["target"] = f"{label}「{self.target.strip()}」不在计划名单中"
        else:
            if e := required_error("名称" if kind is PlanKind.EVENT else "会议名称", self.target, 100):
                errors["target"] = e
        if kind is PlanKind.FORUM:
            # 篇4 二.2(3): a forum is recorded with its place, attendees and minutes.
            if e := required_error("地点", self.place, 100):
                errors["place"] = e
            if e := required_error("参会人员", self.attendees, 2000):
                errors["attendees"] = e
            if e := required_error("会议纪要", self.content, 10000):
                errors["content"] = e
        else:
            if e := length_error("地点", self.place, 100):
                errors["place"] = e
            if e := length_error("参加人员", self.attendees, 2000):
                errors["attendees"] = e
            if e := required_error("回访记录" if kind in (PlanKind.DIRECTOR, PlanKind.AREA) else "活动记录",
                                   self.content, 10000):
                errors["content"] = e
        if self.satisfaction and self.satisfaction not in {s.value for s in Satisfaction}:
            errors["satisfaction"] = "满意度应为满意、基本满意或不满意"
        if e := length_error("意见建议", self.opinions, 5000):
            errors["opinions"] = e
        if errors:
            raise ValidationError(errors)
