"""The visit programme (篇4 二.2): yearly plans, the visits that fulfil them, their progress, and
what is due this month. Opinions heard at a visit become items to handle (篇4 二.1(4))."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.errors import NotFoundError, ValidationError
from wuye_desktop.domain.revisit_programme import (
    PlanDraft,
    PlanKind,
    VisitDraft,
    VisitMark,
    progress,
    split_targets,
)
from wuye_desktop.domain.revisit_voice import OpinionSource, split_lines
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.services.revisits_views import DueEntry, PlanView, VisitView
from wuye_desktop.services.revisits_voice import new_opinion, project_of
from wuye_desktop.storage.models_revisits import OpinionRow, RevisitPlanRow, VisitRow
from wuye_desktop.storage.uow import UowFactory

# Where an opinion heard at a programme visit comes from.
OPINION_SOURCE: dict[PlanKind, OpinionSource] = {
    PlanKind.DIRECTOR: OpinionSource.DIRECTOR,
    PlanKind.AREA: OpinionSource.AREA,
    PlanKind.FORUM: OpinionSource.FORUM,
    PlanKind.EVENT: OpinionSource.EVENT,
}


# What 修改回访计划 edits (issue 7); the names are one household or area a line, as in the form.
PLAN_EDIT: EditShape[PlanView] = EditShape(
    "回访计划", {"kind": "计划类型", "year": "年度", "title": "计划名称", "owner": "负责人", "times_per_year": "每年次数",
             "targets": "名单 / 区域", "note": "备注"}, lambda v: v.title, {"targets": lambda v: "\n".join(v.targets)})


class ProgrammeService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    # --- plans ------------------------------------------------------------------------------------
    def plans(self, project_id: int | None, year: int) -> list[PlanView]:
        today = self._clock().date()
        with self._uow() as uow:
            s = uow.session
            stmt = select(RevisitPlanRow).where(RevisitPlanRow.year == year).order_by(RevisitPlanRow.kind,
                                                                                     RevisitPlanRow.id)
            if project_id is not None:
                stmt = stmt.where(RevisitPlanRow.project_id == project_id)
            plans = list(s.scalars(stmt))
            marks = self._marks(s, [p.id for p in plans], year)
            return [self._plan_view(p, marks.get(p.id, []), today) for p in plans]

    def plan(self, plan_id: int) -> PlanView:
        today = self._clock().date()
        with self._uow() as uow:
            row = self._load_plan(uow.session, plan_id)
            return self._plan_view(row, self._marks(uow.session, [row.id], row.year).get(row.id, []), today)

    def save_plan(self, project_id: int, draft: PlanDraft, plan_id: int | None = None,
                  expected_version: int | None = None) -> PlanView:
        """Create or change a plan; ``expected_version`` (the view's) refuses a change over someone else's."""
        draft.validate()
        now = self._clock()
        kind = PlanKind(draft.kind)
        times = {PlanKind.AREA: 4, PlanKind.FORUM: 2}.get(kind, draft.times_per_year)
        with self._uow() as uow:
            s = uow.session
            project_of(s, project_id)
            row = self._load_plan(s, plan_id) if plan_id else None
            if row is not None and expected_version is not None and row.version != expected_version:
                s.rollback()
                raise PLAN_EDIT.conflict(self.plan(row.id))
            if row is None:
                row = RevisitPlanRow(project_id=project_id, created_at=now)
                s.add(row)
            row.year, row.kind, row.title, row.owner = draft.year, kind.value, draft.title.strip(), draft.owner.strip()
            row.targets = "\n".join(split_targets(draft.targets))
            row.times_per_year, row.note = times, draft.note.strip()
            if plan_id:
                PLAN_EDIT.commit(uow, lambda: self.plan(plan_id))
            else:
                uow.commit()
            saved_id = row.id
        return self.plan(saved_id)

    def due_this_month(self, project_id: int | None, today: date | None = None) -> list[DueEntry]:
        """Targets of this year's plans still due in their current period; those ending this month first."""
        today = today or self._clock().date()
        entries = [DueEntry(p.id, p.title, p.kind, p.owner, item)
                   for p in self.plans(project_id, today.year) for item in p.progress.due_now]
        return sorted(entries, key=lambda e: (not e.item.ends_this_month, e.item.period.end, e.plan_title))

    # --- visits -------------------------------------------------------------------------------------
    def visits(self, project_id: int | None, year: int, plan_id: int | None = None,
               kind: str = "") -> list[VisitView]:
        with self._uow() as uow:
            s = uow.session
            stmt = select(VisitRow).where(VisitRow.held_at >= datetime(year, 1, 1),
                                          VisitRow.held_at < datetime(year + 1, 1, 1))
            if project_id is not None:
                stmt = stmt.where(VisitRow.project_id == project_id)
            if plan_id is not None:
                stmt = stmt.where(VisitRow.plan_id == plan_id)
            if kind:
                stmt = stmt.where(VisitRow.kind == kind)
            rows = list(s.scalars(stmt.order_by(VisitRow.held_at.desc(), VisitRow.id.desc())))
            return self._visit_views(s, rows)

    def visit(self, visit_id: int) -> VisitView:
        with self._uow() as uow:
            row = uow.session.get(VisitRow, visit_id)
            if row is None:
                raise NotFoundError("该回访记录不存在或已被删除")
            return self._visit_views(uow.session, [row])[0]

    def record_visit(self, project_id: int, draft: VisitDraft) -> VisitView:
        """Record a visit; each line of its opinions becomes an item to handle (篇4 二.1(2)(4))."""
        now = self._clock()
        with self._uow() as uow:
            s = uow.session
            project_of(s, project_id)
            plan = self._load_plan(s, draft.plan_id) if draft.plan_id else None
            targets = split_targets(plan.targets) if plan else ()
            draft.validate(now, targets)
            assert draft.held_at is not None
            if plan is not None:
                if plan.project_id != project_id:
                    raise ValidationError.single("plan", "所选计划不属于当前管理处")
                if plan.kind != draft.kind:
                    raise ValidationError.single("plan", f"所选计划是「{plan.kind}」，与回访形式不符")
                if plan.year != draft.held_at.year:
                    raise ValidationError.single("held_at", f"所选计划是{plan.year}年度的，时间应在该年内")
            row = VisitRow(project_id=project_id, plan_id=plan.id if plan else None, kind=draft.kind,
                           target=draft.target.strip(), held_at=draft.held_at, by=draft.by.strip(),
                           place=draft.place.strip(), attendees=draft.attendees.strip(),
                           content=draft.content.strip(), satisfaction=draft.satisfaction, created_at=now)
            s.add(row)
            s.flush()
            source = OPINION_SOURCE[PlanKind(draft.kind)].value
            resident, unit = _resident_of(draft.target) if draft.kind == PlanKind.DIRECTOR.value else ("", "")
            for line in split_lines(draft.opinions):
                new_opinion(s, project_id, source, draft.held_at, line, now, resident=resident, unit=unit,
                            source_ref=draft.target.strip(), visit_id=row.id)
            uow.commit()
            return self._visit_views(s, [row])[0]

    # --- helpers ------------------------------------------------------------------------------------
    @staticmethod
    def _load_plan(s: Session, plan_id: int | None) -> RevisitPlanRow:
        row = s.get(RevisitPlanRow, plan_id) if plan_id else None
        if row is None:
            raise NotFoundError("该回访计划不存在或已被删除")
        return row

    @staticmethod
    def _marks(s: Session, plan_ids: list[int], year: int) -> dict[int, list[VisitMark]]:
        marks: dict[int, list[VisitMark]] = {}
        if not plan_ids:
            return marks
        for plan_id, target, held_at in s.execute(
                select(VisitRow.plan_id, VisitRow.target, VisitRow.held_at).where(
                    VisitRow.plan_id.in_(plan_ids), VisitRow.held_at >= datetime(year, 1, 1),
                    VisitRow.held_at < datetime(year + 1, 1, 1))):
            if plan_id is not None:
                marks.setdefault(plan_id, []).append(VisitMark(target, held_at.date()))
        return marks

    @staticmethod
    def _plan_view(p: RevisitPlanRow, marks: list[VisitMark], today: date) -> PlanView:
        targets = split_targets(p.targets)
        kind = PlanKind(p.kind)
        return PlanView(p.id, p.project_id, p.year, p.kind, p.title, p.owner, targets, p.times_per_year, p.note,
                        progress(kind, p.year, targets, p.times_per_year, marks, today), p.version)

    @staticmethod
    def _visit_views(s: Session, rows: list[VisitRow]) -> list[VisitView]:
        ids = [r.id for r in rows]
        counts: dict[int, tuple[int, int]] = {}
        titles: dict[int, str] = {}
        if ids:
            for visit_id, total, open_ in s.execute(
                    select(OpinionRow.visit_id, func.count(OpinionRow.id),
                           func.sum(case((OpinionRow.handled_at.is_(None), 1), else_=0)))
                    .where(OpinionRow.visit_id.in_(ids)).group_by(OpinionRow.visit_id)):
                counts[visit_id] = (int(total), int(open_))
            plan_ids = {r.plan_id for r in rows if r.plan_id}
            if plan_ids:
                titles = _pairs(s.execute(select(RevisitPlanRow.id, RevisitPlanRow.title)
                                        .where(RevisitPlanRow.id.in_(plan_ids))))
        return [VisitView(r.id, r.project_id, r.plan_id, titles.get(r.plan_id or 0, ""), r.kind, r.target,
                          r.held_at, r.by, r.place, r.attendees, r.content, r.satisfaction,
                          *counts.get(r.id, (0, 0)), version=r.version) for r in rows]


def _resident_of(target: str) -> tuple[str, str]:
    """「3栋2单元501 张三」 → (张三, 3栋2单元501): a household line of the director's list."""
    parts = target.strip().split()
    if len(parts) >= 2:
        return parts[-1][:40], " ".join(parts[:-1])[:40]
    return "", target.strip()[:40]


def _pairs(result: Any) -> dict[Any, Any]:
    """Two-column query rows as a dict."""
    return {row[0]: row[1] for row in result}
