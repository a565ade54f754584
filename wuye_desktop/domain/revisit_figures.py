"""The revisit figures of a month or a year (篇4 二.1(4)): rates that read 「—」 when nothing happened.

Definitions (the reports issue shows these words next to the numbers):
- 回访率: tasks due in the period (cancelled ones left out) that were revisited ÷ tasks due in it.
  Tasks are complaints' and customers' work orders' alike (issue 5: 篇4 二 asks that residents be
  revisited after what the office handled for them, and 篇5 §2(5) counts repairs among the complaints
  handled); so are the on-time and satisfaction rates. The effective complaint rate counts complaints.
- 及时回访率: of the same tasks, those revisited by their due time ÷ tasks due in the period.
- 满意率: revisits done in the period judged 满意 or 基本满意 ÷ revisits done in the period.
- 意见处理率 (回访处理率, target 100 %): opinion items heard in the period that are handled ÷ items
  heard in it.
- 有效投诉率 (target < 1 %): reasonable complaints received in the period — kind neither 非合理 nor
  合理化建议, and originals merged into a collective case counted once through that case — ÷
  households served (the project's 服务户数; the company: the sum over its active projects).
"""

from __future__ import annotations

from dataclasses import dataclass

EMPTY = "—"


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    digits: int = 1

    @property
    def value(self) -> float | None:
        """The share (0–1), or None when there is nothing to divide by."""
        return None if self.denominator <= 0 else self.numerator / self.denominator

    @property
    def text(self) -> str:
        value = self.value
        if value is None:
            return EMPTY
        return f"{value * 100:.{self.digits}f}%"

    @property
    def detail(self) -> str:
        return EMPTY if self.denominator <= 0 else f"{self.numerator}/{self.denominator}"


@dataclass(frozen=True)
class PeriodCounts:
    """Raw counts of one period, filled by the service from SQL."""

    tasks_due: int = 0
    tasks_done: int = 0
    tasks_on_time: int = 0
    revisits_done: int = 0
    revisits_satisfied: int = 0
    opinions: int = 0
    opinions_handled: int = 0
    reasonable_complaints: int = 0
    households: int = 0


@dataclass(frozen=True)
class RevisitFigures:
    label: str                  # 「2026年9月」 or 「2026年」
    counts: PeriodCounts

    @property
    def revisit_rate(self) -> Rate:
        return Rate(self.counts.tasks_done, self.counts.tasks_due)

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.counts.tasks_on_time, self.counts.tasks_due)

    @property
    def satisfaction_rate(self) -> Rate:
        return Rate(self.counts.revisits_satisfied, self.counts.revisits_done)

    @property
    def opinions_handled_rate(self) -> Rate:
        return Rate(self.counts.opinions_handled, self.counts.opinions)

    @property
    def effective_complaint_rate(self) -> Rate:
        return Rate(self.counts.reasonable_complaints, self.counts.households, digits=2)

    def rates(self) -> list[tuple[str, Rate]]:
        """The five figures in the order every screen and report shows them."""
        return [("回访率", self.revisit_rate), ("及时回访率", self.on_time_rate),
                ("满意率", self.satisfaction_rate), ("意见处理率", self.opinions_handled_rate),
                ("有效投诉率", self.effective_complaint_rate)]


TARGETS: dict[str, str] = {
    "意见处理率": "目标 100%（篇4 二.1(4)）",
    "有效投诉率": "目标 1% 以下（篇4 二.1(4)）",
    "及时回访率": "2个工作日内回访（篇2 §5、§7）",
}
