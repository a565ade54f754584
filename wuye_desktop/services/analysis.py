"""The weekly and monthly analysis report (篇2 §9) for one project or the whole company: the period
against the previous period and the same period last year, computed with the 《客户月投诉统计表》's
counting rules (domain/stats.py) over any window, then written as a PDF and as a workbook."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.analysis import (
    AnalysisReport,
    OverdueItem,
    Period,
    PeriodFigures,
    TrendItem,
    parse_period,
    period_cutoff,
    rank,
    step_rows,
)
from wuye_desktop.domain.complaint import Kind
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.domain.repairs_figures import MonthFigures
from wuye_desktop.domain.revisit_figures import RevisitFigures
from wuye_desktop.domain.stats import (
    COMPLAINT_SUBTOTAL,
    STEP_LABELS,
    SUGGESTION_ROW,
    WHOLE_COMPANY,
    Counts,
    GroupKey,
    OverdueCase,
    StatRow,
    assess,
    category_rows,
    facts_from_columns,
    kind_rows,
    memoized,
    total,
)
from wuye_desktop.domain.workcalendar import WorkCalendar
from wuye_desktop.services.calendar import CalendarService
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage import revisit_queries, stats_queries
from wuye_desktop.storage.models import ComplaintEventRow, ComplaintRow
from wuye_desktop.storage.uow import UowFactory

ProgressFn = Callable[[int, int, str], None]
RepairsMonth = Callable[[int | None, int, int], MonthFigures]
TOP_UNITS = 10
ID_CHUNK = 900


def _no_progress(done: int, total: int, text: str = "") -> None:
    return None


@dataclass(frozen=True)
class Overview:
    """A period's figures with its categories and a trend: what the dashboard draws."""

    figures: PeriodFigures
    categories: tuple[StatRow, ...]
    trend: tuple[TrendItem, ...]


@dataclass(frozen=True)
class Written:
    report: AnalysisReport
    pdf: Path | None
    xlsx: Path | None


@dataclass
class _Window:
    groups: list[tuple[GroupKey, Counts]]
    overdue: list[OverdueCase]


class AnalysisService:
    def __init__(self, uow: UowFactory, clock: Clock, settings: SettingsService, calendar: CalendarService,
                 repairs_month: RepairsMonth | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings
        self._calendar = calendar
        self._repairs_month = repairs_month

    # --- figures ----------------------------------------------------------------------------------------
    def compute(self, period: Period, project_id: int | None = None,
                progress: ProgressFn | None = None) -> AnalysisReport:
        """The report's numbers; ``progress(done, total, text)`` between the steps."""
        report = progress or _no_progress
        now = self._clock()
        cutoff = period_cutoff(period, now)    # a period not begun is refused before any work
        scope = self._settings.project(project_id).name if project_id is not None else WHOLE_COMPANY
        company = self._settings.company_name()
        calendar = memoized(self._calendar.calendar())
        previous, last_year = period.previous(), period.same_last_year()
        # Repairs are counted by month (services/repairs_figures.py): a week shows the month it ends in.
        repairs_month = Period.month_of(period.last_day) if period.is_week else period
        if repairs_month.window[0] > now:
            repairs_month = repairs_month.previous()
        with self._uow() as uow:
            s = uow.session
            report(0, 6, f"正在统计{period.label}……")
            now_window = self._window(s, calendar, period, cutoff, project_id)
            current = self._figures(s, period, cutoff, project_id, now_window)
            report(1, 6, f"正在统计{previous.label}……")
            prev_cutoff = period_cutoff(previous, now)
            prev_window = self._window(s, calendar, previous, prev_cutoff, project_id)
            prev = self._figures(s, previous, prev_cutoff, project_id, prev_window)
            report(2, 6, f"正在统计{last_year.label}……")
            last_cutoff = period_cutoff(last_year, now)
            last = self._figures(s, last_year, last_cutoff, project_id,
                                 self._window(s, calendar, last_year, last_cutoff, project_id))
            report(3, 6, "正在统计排行与超时原因……")
            units = self._units(s, period, project_id)
            overdue = self._with_notes(s, now_window.overdue, cutoff)
            trend = self._trend(s, period, project_id)
        report(4, 6, "正在统计维修与设备……")
        current = self._with_repairs(current, project_id, repairs_month)
        prev = self._with_repairs(prev, project_id, repairs_month.previous())
        last = self._with_repairs(last, project_id, repairs_month.same_last_year())
        whole = current.complaints.received
        return AnalysisReport(
            period=period, company=company, scope=scope, generated_at=now, current=current, previous=prev,
            last_year=last, categories=rank(category_rows(now_window.groups), whole),
            units=rank(units, whole, TOP_UNITS), steps=step_rows(current.total, prev.total, STEP_LABELS),
            overdue=tuple(overdue), trend=trend,
            repairs_label=repairs_month.label if self._repairs_month else "")

    def overview(self, period: Period, project_id: int | None = None, trend: int = 12) -> Overview:
        """The period so far (figures, categories) and the ``trend`` periods ending with it."""
        now = self._clock()
        cutoff = period_cutoff(period, now)
        calendar = memoized(self._calendar.calendar())
        with self._uow() as uow:
            s = uow.session
            window = self._window(s, calendar, period, cutoff, project_id, overdue=False)
            figures = self._figures(s, period, cutoff, project_id, window)
            series = self._trend(s, period, project_id, trend)
        month = period if not period.is_week else Period.month_of(period.last_day)
        figures = self._with_repairs(figures, project_id, month)
        return Overview(figures, category_rows(window.groups), series)

    def _window(self, s: Session, calendar: WorkCalendar, period: Period, cutoff: datetime,
                project_id: int | None, overdue: bool = True) -> _Window:
        """Every case received in the period as it stood at the cut-off — the three sets of
        storage/stats_queries.py, exactly as the monthly statistics count them."""
        start, end = period.window
        groups = stats_queries.clean_group_counts(s, start, end, cutoff, project_id)
        late: list[OverdueCase] = []
        for row in stats_queries.column_cases(s, start, end, cutoff, project_id):
            facts = facts_from_columns(row, cutoff)
            groups.append((facts.key, facts.counts()))
            if facts.overdue and overdue:
                late.append(OverdueCase(row.number, row.received_at, row.unit, row.subject, row.category,
                                        row.department, row.state, facts.overdue))
        for case in stats_queries.exact_cases(s, start, end, cutoff, project_id):
            a = assess(case, calendar, cutoff)
            groups.append((a.facts.key, a.facts.counts()))
            if a.facts.overdue and overdue:
                late.append(OverdueCase(case.number, case.received_at, case.unit, case.subject, case.category,
                                        a.facts.department, a.state, a.facts.overdue))
        late.sort(key=lambda o: (o.received_at, o.number))
        return _Window(groups, late)

    @staticmethod
    def _figures(s: Session, period: Period, cutoff: datetime, project_id: int | None,
                 window: _Window) -> PeriodFigures:
        kinds = {r.label: r.counts for r in kind_rows(window.groups)}
        start, end = period.window
        served = revisit_queries.households(s, project_id)
        counts = revisit_queries.period_counts(s, start, min(end, cutoff), project_id, served)
        if cutoff < end:
            # While the period runs, a revisit not yet due is not yet missing; one already made early
            # counts as due and done (on time), so the rate is fair at any moment of the period.
            early = revisit_queries.done_early(s, cutoff, end, project_id)
            counts = replace(counts, tasks_due=counts.tasks_due + early, tasks_done=counts.tasks_done + early,
                             tasks_on_time=counts.tasks_on_time + early)
        revisit = RevisitFigures(period.label, counts)
        return PeriodFigures(period=period, cutoff=cutoff, total=total(c for _, c in window.groups),
                             complaints=kinds[COMPLAINT_SUBTOTAL],
                             major=kinds["重大投诉（突发事件）"].received,
                             suggestions=kinds[SUGGESTION_ROW].received, revisit=revisit)

    def _with_repairs(self, figures: PeriodFigures, project_id: int | None, month: Period) -> PeriodFigures:
        if self._repairs_month is None or month.window[0] > self._clock():
            return figures
        repairs = self._repairs_month(project_id, month.year, month.number)
        return PeriodFigures(figures.period, figures.cutoff, figures.total, figures.complaints, figures.major,
                             figures.suggestions, figures.revisit, repairs)

    @staticmethod
    def _units(s: Session, period: Period, project_id: int | None) -> list[tuple[str, int]]:
        """Complaints (not suggestions) per unit in the period, most first."""
        c = ComplaintRow
        start, end = period.window
        n = func.count(c.id)
        stmt = (select(c.unit, n).where(c.received_at >= start, c.received_at < end,
                                        c.kind != Kind.SUGGESTION.value)
                .group_by(c.unit).order_by(n.desc(), c.unit).limit(TOP_UNITS))
        if project_id is not None:
            stmt = stmt.where(c.project_id == project_id)
        return [(unit or "（未填写）", int(count)) for unit, count in s.execute(stmt)]

    @staticmethod
    def _with_notes(s: Session, cases: list[OverdueCase], cutoff: datetime) -> list[OverdueItem]:
        """Each overdue case with the last note written on it before the cut-off (why it is late)."""
        numbers = [o.number for o in cases]
        ids: dict[str, int] = {}
        for i in range(0, len(numbers), ID_CHUNK):
            for number, cid in s.execute(select(ComplaintRow.number, ComplaintRow.id)
                                         .where(ComplaintRow.number.in_(numbers[i:i + ID_CHUNK]))):
                ids[number] = cid
        notes: dict[int, tuple[str, datetime, str]] = {}
        wanted = list(ids.values())
        e = ComplaintEventRow
        for i in range(0, len(wanted), ID_CHUNK):
            stmt = (select(e.complaint_id, e.note, e.at, e.by)
                    .where(e.complaint_id.in_(wanted[i:i + ID_CHUNK]), e.note != "", e.at < cutoff)
                    .order_by(e.complaint_id, e.at, e.id))
            for cid, note, at, by in s.execute(stmt):
                notes[cid] = (note, at, by or "")   # the last one wins
        result = []
        for o in cases:
            found = notes.get(ids.get(o.number, -1))
            result.append(OverdueItem(o, *found) if found else OverdueItem(o))
        return result

    @staticmethod
    def _trend(s: Session, period: Period, project_id: int | None, n: int = 12) -> tuple[TrendItem, ...]:
        periods = period.trend(n)
        rows = stats_queries.trend_counts(s, [p.window for p in periods], project_id)
        acc = [[0, 0, 0] for _ in periods]
        for index, kind, _channel, count in rows:
            if not 0 <= index < len(periods):
                continue
            if kind == Kind.SUGGESTION.value:
                acc[index][2] += count
            else:
                acc[index][0] += count
                if kind == Kind.MAJOR.value:
                    acc[index][1] += count
        return tuple(TrendItem(p, *a) for p, a in zip(periods, acc))

    # --- files ------------------------------------------------------------------------------------------
    def write_pdf(self, period: Period, project_id: int | None, out: Path,
                  progress: ProgressFn | None = None) -> Path:
        path = self.write(period, project_id, pdf=out, progress=progress).pdf
        assert path is not None
        return path

    def write_xlsx(self, period: Period, project_id: int | None, out: Path,
                   progress: ProgressFn | None = None) -> Path:
        path = self.write(period, project_id, xlsx=out, progress=progress).xlsx
        assert path is not None
        return path

    def write(self, period: Period, project_id: int | None, *, pdf: Path | None = None, xlsx: Path | None = None,
              progress: ProgressFn | None = None) -> "Written":
        """Compute once, write the PDF and/or the workbook (the same numbers in both)."""
        from wuye_desktop.export.pdf_analysis import write_analysis_pdf  # lazy import: a faster start (issue 8)
        from wuye_desktop.export.xlsx_analysis import write_analysis_xlsx
        if pdf is not None and Path(pdf).suffix.lower() != ".pdf":
            raise ValidationError.single("out", f"输出文件「{Path(pdf).name}」应以 .pdf 结尾")
        if xlsx is not None and Path(xlsx).suffix.lower() != ".xlsx":
            raise ValidationError.single("xlsx", f"输出文件「{Path(xlsx).name}」应以 .xlsx 结尾")
        report = progress or _no_progress
        analysis = self.compute(period, project_id, report)
        written: list[Path | None] = [None, None]
        for i, (target, writer, what) in enumerate(((pdf, write_analysis_pdf, "PDF"),
                                                     (xlsx, write_analysis_xlsx, "Excel 工作簿"))):
            if target is None:
                continue
            report(5, 6, f"正在生成{what}……")
            try:
                written[i] = writer(analysis, Path(target))
            except PermissionError as exc:
                # On Windows a file open in a viewer or in Excel cannot be replaced.
                raise DomainError(f"无法写入「{target}」：文件可能正在其他程序中打开，请关闭后重试") from exc
        report(6, 6, "已完成")
        return Written(analysis, written[0], written[1])

    def write_for(self, month: str | None, week: str | None, project_code: str | None, *,
                  pdf: Path | None = None, xlsx: Path | None = None,
                  progress: ProgressFn | None = None) -> "Written":
        """The command line's form: ``--month 2026-09`` or ``--week 2026-W40``, ``--project HY``."""
        period = parse_period(month, week)
        return self.write(period, self.project_id(project_code), pdf=pdf, xlsx=xlsx, progress=progress)

    def project_id(self, code: str | None) -> int | None:
        if not code or not code.strip():
            return None
        wanted = code.strip().upper()
        projects = self._settings.projects(include_inactive=True)
        for p in projects:
            if p.code.upper() == wanted:
                return p.id
        codes = "、".join(p.code for p in projects) or "无"
        raise ValidationError.single("project", f"管理处代码「{code.strip()}」不存在（现有：{codes}）")
