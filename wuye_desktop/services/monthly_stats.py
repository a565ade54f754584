"""The 《客户月投诉统计表》 of a month for one project or the whole company (篇5 §2(8), 篇2 §9–10):
counted in the database where it can be, evaluated at the cut-off where it must, written to Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from wuye_desktop.domain.complaint import Kind
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.domain.stats import (
    WHOLE_COMPANY,
    Assessment,
    ClerkRow,
    ColumnCase,
    Counts,
    GroupKey,
    MajorEvent,
    MonthlyStats,
    OverdueCase,
    assess,
    category_rows,
    clerk_row,
    clerk_rows,
    department_rows,
    facts_from_columns,
    first_responder_rows,
    kind_rows,
    memoized,
    month_window,
    parse_month,
    report_cutoff,
    total,
    trend_months,
    trend_points,
)
from wuye_desktop.services.calendar import CalendarService
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage import stats_queries
from wuye_desktop.storage.uow import UowFactory

ProgressFn = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, text: str = "") -> None:
    return None


class MonthlyStatsService:
    def __init__(self, uow: UowFactory, clock: Clock, settings: SettingsService,
                 calendar: CalendarService | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings
        self._calendar = calendar or CalendarService(uow, clock)

    def compute(self, year: int, month: int, project_id: int | None = None, *,
                exact_only: bool = False) -> MonthlyStats:
        """The month's tables. ``exact_only`` evaluates every case from its events instead of
        grouping the clean ones in SQL — slower, used by tests to prove both paths agree."""
        now = self._clock()
        start, end = month_window(year, month)
        cutoff = report_cutoff(year, month, now)
        project_name = self._settings.project(project_id).name if project_id is not None else WHOLE_COMPANY
        company = self._settings.company_name()
        calendar = memoized(self._calendar.calendar())
        months = trend_months(year, month)
        bounds = [month_window(y, m) for y, m in months]
        with self._uow() as uow:
            s = uow.session
            groups: list[tuple[GroupKey, Counts]] = []
            clerks: list[ClerkRow] = []
            by_columns: list[ColumnCase] = []
            if exact_only:
                cases = stats_queries.all_cases(s, start, end, cutoff, project_id)
            else:
                groups = stats_queries.clean_group_counts(s, start, end, cutoff, project_id)
                clerks = stats_queries.clean_clerk_counts(s, start, end, cutoff, project_id)
                by_columns = stats_queries.column_cases(s, start, end, cutoff, project_id)
                clerks += stats_queries.column_clerk_counts(s, start, end, cutoff, project_id)
                cases = stats_queries.exact_cases(s, start, end, cutoff, project_id)
            trend_rows = stats_queries.trend_counts(s, bounds, project_id)
        assessed = [assess(case, calendar, cutoff) for case in cases]
        groups += [(a.facts.key, a.facts.counts()) for a in assessed]
        clerks += [clerk_row(step.by, step.action, 1, int(step.late)) for a in assessed for step in a.clerk_steps]
        overdue = [OverdueCase(a.case.number, a.case.received_at, a.case.unit, a.case.subject, a.case.category,
                               a.facts.department, a.state, a.facts.overdue)
                   for a in assessed if a.facts.overdue]
        for row in by_columns:
            facts = facts_from_columns(row, cutoff)
            groups.append((facts.key, facts.counts()))
            if facts.overdue:
                overdue.append(OverdueCase(row.number, row.received_at, row.unit, row.subject, row.category,
                                           row.department, row.state, facts.overdue))
        overdue.sort(key=lambda o: (o.received_at, o.number))
        return MonthlyStats(
            year=year, month=month, project_id=project_id, company=company, project_name=project_name,
            cutoff=cutoff, month_end=end, generated_at=now,
            categories=category_rows(groups), kinds=kind_rows(groups), total=total(c for _, c in groups),
            departments=department_rows(groups), first_responders=first_responder_rows(groups),
            clerks=clerk_rows(clerks), majors=_majors(assessed), overdue_cases=tuple(overdue),
            trend=trend_points(months, trend_rows))

    def write_workbook(self, year: int, month: int, project_id: int | None, out: Path,
                       progress: ProgressFn | None = None) -> Path:
        """Compute the month and write the workbook to ``out``; ``progress(done, total, text)``."""
        from wuye_desktop.export.xlsx_monthly import write_monthly_stats  # lazy import: a faster start (issue 8)
        out = Path(out)
        if out.suffix.lower() != ".xlsx":
            raise ValidationError.single("out", f"输出文件「{out.name}」应以 .xlsx 结尾")
        report = progress or _no_progress
        report(0, 2, "正在统计本月投诉……")
        stats = self.compute(year, month, project_id)
        report(1, 2, "正在生成 Excel 工作簿……")
        try:
            path = write_monthly_stats(stats, out)
        except PermissionError as exc:
            # On Windows a workbook open in Excel cannot be replaced.
            raise DomainError(f"无法写入「{out}」：文件可能正在 Excel 中打开，请关闭后重试") from exc
        report(2, 2, "已完成")
        return path

    def write_month(self, month: str, project_code: str | None, out: Path,
                    progress: ProgressFn | None = None) -> Path:
        """The command line's form: ``--month 2026-09`` and an optional ``--project HY``."""
        year, number = parse_month(month)
        project_id = None
        if project_code:
            wanted = project_code.strip().upper()
            found = [p for p in self._settings.projects(include_inactive=True) if p.code.upper() == wanted]
            if not found:
                raise ValidationError.single("project", f"管理处代码「{project_code.strip()}」不存在")
            project_id = found[0].id
        return self.write_workbook(year, number, project_id, out, progress)


def _majors(assessed: list[Assessment]) -> tuple[MajorEvent, ...]:
    return tuple(MajorEvent(a.case.number, a.case.received_at, a.case.unit, a.case.category, a.case.subject,
                            a.state, a.ladder)
                 for a in assessed if a.case.kind == Kind.MAJOR.value)
