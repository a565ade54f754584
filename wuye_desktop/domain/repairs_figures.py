"""The supervisor's monthly figures as plain arithmetic on counts (篇1 §5 「提高设备使用完好率」).

* 设备完好率 = devices in state 完好 ÷ devices in service at the end of the month. In service means
  running: 完好 or 带病运行. 停用 (taken out of service) and 报废 devices are left out — issue 4
  defines the rate over 「在用设备」, and the seed (篇1 §5) asks to raise the rate of equipment *in
  use* (「设备使用完好率」). A device that is broken but still switched on is 带病运行 and lowers it.
* 计划完成率 = plan tasks of the month done ÷ tasks of the month; 按时完成率 = done on time ÷ tasks.
* 维修及时率 = work orders received in the month with no late step ÷ those whose outcome is known
  (finished, or already past a deadline). Orders still open and not yet due are not counted.

A rate with nothing to count is ``None`` (shown as 「—」), never a misleading 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass


def rate(part: int, whole: int) -> float | None:
    return None if whole <= 0 else part / whole


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@dataclass(frozen=True)
class MonthFigures:
    year: int
    month: int
    devices_intact: int
    devices_in_service: int
    devices_degraded: int
    devices_stopped: int
    tasks_planned: int
    tasks_done: int
    tasks_on_time: int
    tasks_overdue: int
    orders_received: int
    orders_finished: int
    orders_counted: int
    orders_timely: int
    open_defects: int = 0
    accidents: int = 0

    @property
    def intact_rate(self) -> float | None:
        return rate(self.devices_intact, self.devices_in_service)

    @property
    def plan_completion_rate(self) -> float | None:
        return rate(self.tasks_done, self.tasks_planned)

    @property
    def plan_on_time_rate(self) -> float | None:
        return rate(self.tasks_on_time, self.tasks_planned)

    @property
    def timeliness_rate(self) -> float | None:
        return rate(self.orders_timely, self.orders_counted)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"
