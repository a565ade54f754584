"""Outsourced works with the electrical-part quality checks (篇1 §3) and the safety log of unsafe
work stopped (篇1 §4)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from wuye_desktop.domain.errors import NotFoundError, ValidationError
from wuye_desktop.domain.repairs import CheckResult, WorkState
from wuye_desktop.domain.repairs_records import CheckDraft, SafetyDraft, VerifyDraft, WorkDraft
from wuye_desktop.domain.validators import normalize_phone
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.services.repairs_common import RepairBase
from wuye_desktop.services.repairs_rows import check_view, safety_view, work_view
from wuye_desktop.services.repairs_views import CheckView, SafetyView, WorkView
from wuye_desktop.storage.models_repairs import OutsourcedWorkRow, QualityCheckRow, SafetyRecordRow

# What 修改外包工程 edits (issue 7).
WORK_EDIT: EditShape[WorkView] = EditShape(
    "外包工程", {"name": "工程名称", "contractor": "施工单位", "contact": "联系人", "phone": "联系电话",
             "start_date": "开工日期", "end_date": "竣工日期", "scope": "工程内容", "supervisor": "管理人", "state": "状态"},
    lambda v: v.name)


class WorksService:
    def __init__(self, base: RepairBase) -> None:
        self._b = base

    def create(self, draft: WorkDraft, project_id: int | None) -> WorkView:
        draft.validate()
        with self._b.uow() as uow:
            s = uow.session
            project = self._b.project(s, project_id)
            row = OutsourcedWorkRow(project_id=project.id, state=WorkState.ONGOING.value)
            self._fill(row, draft)
            s.add(row)
            s.flush()
            uow.commit()
            return work_view(row)

    def update(self, work_id: int, draft: WorkDraft, state: WorkState,
               expected_version: int | None = None) -> WorkView:
        """``expected_version`` (the view's) refuses a save over someone else's (issue 7)."""
        draft.validate()
        with self._b.uow() as uow:
            row = self._load(uow.session, work_id)
            WORK_EDIT.check(row, expected_version, lambda: work_view(row))
            if state is WorkState.ACCEPTED:
                open_checks = [c for c in row.checks if c.result == CheckResult.FAILED.value and c.verified_at is None]
                if open_checks:
                    raise ValidationError.single("state", "还有未验证的整改，不能验收")
                if not row.checks:
                    raise ValidationError.single("state", "电气部分尚未做质量检查，不能验收（篇1 §3）")
            self._fill(row, draft)
            row.state = state.value
            WORK_EDIT.commit(uow, lambda: self.get(work_id))
            return work_view(row)

    def check(self, work_id: int, draft: CheckDraft) -> CheckView:
        """A quality check: checklist items with pass/fail, result, rectification demanded."""
        draft.validate(self._b.clock())
        with self._b.uow() as uow:
            row = self._load(uow.session, work_id)
            check = QualityCheckRow(
                checked_at=draft.checked_at, checked_by=draft.checked_by.strip(),
                items=[{"text": i.text.strip(), "ok": i.ok, "note": i.note.strip()} for i in draft.items],
                result=draft.result.value, rectification=draft.rectification.strip(),
                rectify_due=draft.rectify_due if draft.result is CheckResult.FAILED else None)
            row.checks.append(check)
            uow.commit()
            return check_view(check)

    def verify(self, check_id: int, draft: VerifyDraft) -> CheckView:
        """The demanded rectification was done and verified → 整改后合格."""
        with self._b.uow() as uow:
            check = uow.session.get(QualityCheckRow, check_id)
            if check is None:
                raise NotFoundError("该检查记录不存在")
            if check.result != CheckResult.FAILED.value:
                raise ValidationError.single("verified_at", "只有「不合格，限期整改」的检查需要整改验证")
            if check.verified_at is not None:
                raise ValidationError.single("verified_at", f"已于{check.verified_at:%Y-%m-%d}验证")
            draft.validate(self._b.clock(), check.checked_at)
            check.verified_at, check.verified_by, check.verify_note = (draft.verified_at, draft.verified_by.strip(),
                                                                       draft.note.strip())
            uow.commit()
            return check_view(check)

    def works(self, project_id: int | None) -> list[WorkView]:
        with self._b.uow() as uow:
            stmt = select(OutsourcedWorkRow).order_by(OutsourcedWorkRow.start_date.desc(), OutsourcedWorkRow.id.desc())
            if project_id is not None:
                stmt = stmt.where(OutsourcedWorkRow.project_id == project_id)
            return [work_view(r) for r in uow.session.scalars(stmt)]

    def get(self, work_id: int) -> WorkView:
        with self._b.uow() as uow:
            return work_view(self._load(uow.session, work_id))

    @staticmethod
    def _fill(row: OutsourcedWorkRow, d: WorkDraft) -> None:
        row.name, row.contractor, row.contact = d.name.strip(), d.contractor.strip(), d.contact.strip()
        row.phone = normalize_phone(d.phone) if d.phone.strip() else ""
        row.start_date, row.end_date = d.start_date, d.end_date  # type: ignore[assignment]
        row.scope, row.supervisor = d.scope.strip(), d.supervisor.strip()

    @staticmethod
    def _load(s: Session, work_id: int) -> OutsourcedWorkRow:
        row = s.get(OutsourcedWorkRow, work_id)
        if row is None:
            raise NotFoundError("该外包工程不存在")
        return row


class SafetyService:
    def __init__(self, base: RepairBase) -> None:
        self._b = base

    def record(self, draft: SafetyDraft, project_id: int | None) -> SafetyView:
        draft.validate(self._b.clock())
        with self._b.uow() as uow:
            s = uow.session
            project = self._b.project(s, project_id)
            row = SafetyRecordRow(project_id=project.id, at=draft.at, place=draft.place.strip(), who=draft.who.strip(),
                                  what=draft.what.strip(), measure=draft.measure.strip(),
                                  stopped_by=draft.stopped_by.strip(), follow_up=draft.follow_up.strip())
            s.add(row)
            s.flush()
            uow.commit()
            return safety_view(row)

    def records(self, project_id: int | None, start: date | None = None, end: date | None = None) -> list[SafetyView]:
        with self._b.uow() as uow:
            stmt = select(SafetyRecordRow).order_by(SafetyRecordRow.at.desc()).limit(5000)
            if project_id is not None:
                stmt = stmt.where(SafetyRecordRow.project_id == project_id)
            if start:
                stmt = stmt.where(SafetyRecordRow.at >= datetime.combine(start, time.min))
            if end:
                stmt = stmt.where(SafetyRecordRow.at <= datetime.combine(end, time.max))
            return [safety_view(r) for r in uow.session.scalars(stmt)]
