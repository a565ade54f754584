"""Defects (缺陷) and accidents (事故) of the plant (篇1 §1, §5). A major defect and every accident are
reported to superiors at once: they are registered as major complaints so the emergency banner and
its reporting ladder (篇2 §6–7) show them, linked both ways."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from wuye_desktop.domain.complaint import Action
from wuye_desktop.domain.errors import NotFoundError, ValidationError
from wuye_desktop.domain.repairs import MAJOR_EQUIPMENT_CATEGORY, DeviceState, Severity, Source
from wuye_desktop.domain.repairs_drafts import AccidentDraft, DefectDraft, RemovalDraft, RequestDraft
from wuye_desktop.domain.validators import length_error, not_future_error, required_error
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.services.repairs_common import RepairBase
from wuye_desktop.services.repairs_rows import accident_view, defect_view
from wuye_desktop.services.repairs_views import AccidentView, DefectView
from wuye_desktop.storage.models_repairs import AccidentRow, DefectRow, DeviceRow, DeviceStateRow, WorkOrderRow

if TYPE_CHECKING:
    from wuye_desktop.services.repairs_orders import WorkOrderService

_DEFECT_ALERT_FIELDS = {"phone": "contact_phone", "complainant": "found_by", "subject": "description",
                        "unit": "device_id"}
_ACCIDENT_ALERT_FIELDS = {"phone": "contact_phone", "complainant": "recorded_by", "subject": "what",
                          "unit": "place"}


class DefectService:
    def __init__(self, base: RepairBase) -> None:
        self._b = base

    def report(self, draft: DefectDraft, by: str, mark_degraded: bool = True) -> DefectView:
        """Record a defect; a serious or major one marks a running device 带病运行 when asked, a
        major one raises the alert (篇1 §5 「发现设备重大缺陷…向上级如实汇报」)."""
        now = self._b.clock()
        draft.validate(now)
        assert draft.found_at is not None and draft.device_id is not None
        with self._b.uow() as uow:
            device = self._device(uow.session, draft.device_id)
            project_id, place, label = device.project_id, device.location, f"{device.code} {device.name}"
        alert = None
        if draft.severity is Severity.MAJOR:
            alert = self._b.alert_draft(
                received_at=draft.found_at, who=draft.found_by, place=place, phone=draft.contact_phone,
                subject=f"设备重大缺陷：{label}", content=draft.description, category=MAJOR_EQUIPMENT_CATEGORY)
            self._b.check_alert(alert, _DEFECT_ALERT_FIELDS)
        with self._b.uow() as uow:
            s = uow.session
            device = self._device(s, draft.device_id)
            project = self._b.project(s, device.project_id)
            row = DefectRow(project_id=project_id, device_id=device.id,
                            number=self._b.next_number(s, project, "QX", draft.found_at.year, DefectRow.number),
                            found_at=draft.found_at, found_by=draft.found_by.strip(),
                            description=draft.description.strip(), severity=draft.severity.value,
                            made_safe=draft.made_safe.strip(), due_date=draft.due_date, created_at=now)
            s.add(row)
            if mark_degraded and draft.severity is not Severity.MINOR and device.state == DeviceState.INTACT.value:
                device.state = DeviceState.DEGRADED.value
                device.updated_at = now
                s.add(DeviceStateRow(device_id=device.id, at=draft.found_at, state=device.state, by=by,
                                     note=f"发现{draft.severity.value}缺陷"))
            s.flush()
            defect_id, number = row.id, row.number
            uow.commit()
        if alert is not None:
            alert_id = self._b.raise_alert(alert, project_id, by, f"由设备缺陷 {number} 登记（重大缺陷）",
                                           {"defect_id": str(defect_id), "defect": number})
            with self._b.uow() as uow:
                self._load(uow.session, defect_id).alert_complaint_id = alert_id
                uow.commit()
        return self.get(defect_id)

    def remove(self, defect_id: int, draft: RemovalDraft, restore_intact: bool = True) -> DefectView:
        """The defect is removed (消除缺陷); the device is 完好 again when no other defect is open."""
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, defect_id)
            if row.removed_at is not None:
                raise ValidationError.single("removed_at", f"缺陷 {row.number} 已于{row.removed_at:%Y-%m-%d}消除")
            draft.validate(now, row.found_at)
            row.removed_at, row.removed_by, row.removal_note = draft.removed_at, draft.removed_by.strip(), draft.note.strip()
            device = self._device(s, row.device_id)
            others = s.scalar(select(DefectRow.id).where(DefectRow.device_id == device.id, DefectRow.id != row.id,
                                                         DefectRow.removed_at.is_(None)))
            if restore_intact and others is None and device.state == DeviceState.DEGRADED.value:
                device.state = DeviceState.INTACT.value
                device.updated_at = now
                s.add(DeviceStateRow(device_id=device.id, at=draft.removed_at, state=device.state,
                                     by=draft.removed_by, note=f"缺陷 {row.number} 已消除"))
            alert_id, number = row.alert_complaint_id, row.number
            uow.commit()
        if alert_id:
            self._b.note_on_complaint(alert_id, draft.removed_by, f"设备缺陷 {number} 已消除：{draft.note.strip()}")
        return self.get(defect_id)

    def work_order_for(self, defect_id: int, by: str, orders: "WorkOrderService") -> int:
        """Open an internal work order to remove the defect; returns the order id."""
        defect = self.get(defect_id)
        with self._b.uow() as uow:
            device = self._device(uow.session, defect.device_id)
            location = device.location
        draft = RequestDraft(received_at=self._b.clock(), source=Source.INTERNAL, client="", unit="", phone="",
                             subject=f"消除缺陷 {defect.number}：{defect.description}"[:100], category="其他",
                             location=location, description=defect.description, received_by=by,
                             device_id=defect.device_id)
        detail = orders.register(draft, defect.project_id, by)
        with self._b.uow() as uow:
            row = uow.session.get(WorkOrderRow, detail.id)
            assert row is not None
            row.defect_id = defect_id
            uow.commit()
        return int(detail.id)

    def defects(self, project_id: int | None, open_only: bool = False, device_id: int | None = None,
                limit: int = 2000) -> list[DefectView]:
        with self._b.uow() as uow:
            s = uow.session
            stmt = select(DefectRow, DeviceRow.code, DeviceRow.name).join(DeviceRow, DeviceRow.id == DefectRow.device_id)
            if project_id is not None:
                stmt = stmt.where(DefectRow.project_id == project_id)
            if open_only:
                stmt = stmt.where(DefectRow.removed_at.is_(None))
            if device_id is not None:
                stmt = stmt.where(DefectRow.device_id == device_id)
            stmt = stmt.order_by(DefectRow.removed_at.is_(None).desc(), DefectRow.found_at.desc()).limit(limit)
            return [defect_view(d, f"{code} {name}") for d, code, name in s.execute(stmt)]

    def get(self, defect_id: int) -> DefectView:
        with self._b.uow() as uow:
            row = self._load(uow.session, defect_id)
            device = self._device(uow.session, row.device_id)
            return defect_view(row, f"{device.code} {device.name}")

    @staticmethod
    def _load(s: Session, defect_id: int) -> DefectRow:
        row = s.get(DefectRow, defect_id)
        if row is None:
            raise NotFoundError("该缺陷记录不存在")
        return row

    @staticmethod
    def _device(s: Session, device_id: int) -> DeviceRow:
        device = s.get(DeviceRow, device_id)
        if device is None:
            raise ValidationError.single("device_id", "所选设备不存在")
        return device

# What 原因与措施 edits (issue 7).
FINDINGS_EDIT: EditShape[AccidentView] = EditShape(
    "事故记录", {"cause": "事故原因", "measures": "整改措施", "losses": "损失情况"}, lambda v: v.number)


class AccidentService:
    def __init__(self, base: RepairBase) -> None:
        self._b = base

    def record(self, draft: AccidentDraft, project_id: int | None, by: str) -> AccidentView:
        """Record an accident and raise the alert; a report already made is entered as the ladder's
        「上报公司主管领导」 step with its time (篇1 §5, 篇2 §6)."""
        now = self._b.clock()
        draft.validate(now)
        assert draft.occurred_at is not None
        alert = self._b.alert_draft(received_at=draft.occurred_at, who=draft.recorded_by, place=draft.place,
                                    phone=draft.contact_phone, subject=f"设备事故：{draft.what.splitlines()[0]}",
                                    content=draft.what, category=draft.category)
        self._b.check_alert(alert, _ACCIDENT_ALERT_FIELDS)
        with self._b.uow() as uow:
            s = uow.session
            project = self._b.project(s, project_id)
            if draft.device_id is not None:
                device = s.get(DeviceRow, draft.device_id)
                if device is None or device.project_id != project.id:
                    raise ValidationError.single("device_id", "所选设备不属于本管理处")
            row = AccidentRow(project_id=project.id, device_id=draft.device_id,
                              number=self._b.next_number(s, project, "SG", draft.occurred_at.year, AccidentRow.number),
                              occurred_at=draft.occurred_at, place=draft.place.strip(), category=draft.category,
                              what=draft.what.strip(), reported_to=draft.reported_to.strip(),
                              reported_at=draft.reported_at, cause=draft.cause.strip(),
                              measures=draft.measures.strip(), losses=draft.losses.strip(),
                              recorded_by=draft.recorded_by.strip(), created_at=now)
            s.add(row)
            s.flush()
            accident_id, number, pid = row.id, row.number, project.id
            uow.commit()
        alert_id = self._b.raise_alert(alert, pid, by, f"由设备事故 {number} 登记",
                                       {"accident_id": str(accident_id), "accident": number})
        with self._b.uow() as uow:
            self._load(uow.session, accident_id).alert_complaint_id = alert_id
            uow.commit()
        if draft.reported_at is not None:
            self._b.note_on_complaint(alert_id, draft.recorded_by, f"已上报{draft.reported_to}",
                                      action=Action.LADDER_REPORT_LEADER, at=draft.reported_at)
        return self.get(accident_id)

    def report(self, accident_id: int, reported_to: str, at: datetime | None, by: str) -> AccidentView:
        """The immediate report to the superior, with its time (a deadline: 5 minutes, see domain)."""
        now = self._b.clock()
        errors = {}
        if e := required_error("上报对象", reported_to, 40):
            errors["reported_to"] = e
        if e := not_future_error("上报时间", at, now):
            errors["reported_at"] = e
        if errors:
            raise ValidationError(errors)
        with self._b.uow() as uow:
            row = self._load(uow.session, accident_id)
            if row.reported_at is not None:
                raise ValidationError.single("reported_at", f"已于{row.reported_at:%Y-%m-%d %H:%M}上报")
            if at < row.occurred_at:  # type: ignore[operator]
                raise ValidationError.single("reported_at", "上报时间不能早于发生时间")
            row.reported_to, row.reported_at = reported_to.strip(), at
            alert_id = row.alert_complaint_id
            uow.commit()
        if alert_id:
            self._b.note_on_complaint(alert_id, by, f"已上报{reported_to.strip()}",
                                      action=Action.LADDER_REPORT_LEADER, at=at)
        return self.get(accident_id)

    def update_findings(self, accident_id: int, cause: str, measures: str, losses: str, close: bool,
                        by: str, expected_version: int | None = None) -> AccidentView:
        """Cause and measures (篇1 §1 「事故处理」); closing needs both and the report. ``expected_version``
        (the view's) refuses a save over someone else's (issue 7)."""
        now = self._b.clock()
        errors = {k: e for k, e in (("cause", length_error("事故原因", cause, 5000)),
                                    ("measures", length_error("整改措施", measures, 5000)),
                                    ("losses", length_error("损失情况", losses, 2000))) if e}
        if close:
            if not cause.strip():
                errors["cause"] = "结案前须写明事故原因"
            if not measures.strip():
                errors["measures"] = "结案前须写明整改措施"
        if errors:
            raise ValidationError(errors)
        with self._b.uow() as uow:
            row = self._load(uow.session, accident_id)
            if expected_version is not None and row.version != expected_version:
                uow.session.rollback()
                raise FINDINGS_EDIT.conflict(self.get(accident_id))
            if close and row.reported_at is None:
                raise ValidationError.single("reported_at", "事故尚未记录上报上级，不能结案")
            row.cause, row.measures, row.losses = cause.strip(), measures.strip(), losses.strip()
            if close:
                row.closed_at = now
            alert_id, number = row.alert_complaint_id, row.number
            FINDINGS_EDIT.commit(uow, lambda: self.get(accident_id))
        if close and alert_id:
            self._b.note_on_complaint(alert_id, by, f"设备事故 {number} 已结案：原因 {cause.strip()}；措施 {measures.strip()}")
        return self.get(accident_id)

    def accidents(self, project_id: int | None, limit: int = 2000) -> list[AccidentView]:
        with self._b.uow() as uow:
            s = uow.session
            stmt = select(AccidentRow).order_by(AccidentRow.occurred_at.desc()).limit(limit)
            if project_id is not None:
                stmt = stmt.where(AccidentRow.project_id == project_id)
            rows = list(s.scalars(stmt))
            labels = {i: f"{c} {n}" for i, c, n in s.execute(select(DeviceRow.id, DeviceRow.code, DeviceRow.name)
                                                               .where(DeviceRow.id.in_({r.device_id for r in rows})))}
            return [accident_view(r, labels.get(r.device_id or 0, "")) for r in rows]

    def get(self, accident_id: int) -> AccidentView:
        with self._b.uow() as uow:
            row = self._load(uow.session, accident_id)
            device = uow.session.get(DeviceRow, row.device_id) if row.device_id else None
            return accident_view(row, f"{device.code} {device.name}" if device else "")

    @staticmethod
    def _load(s: Session, accident_id: int) -> AccidentRow:
        row = s.get(AccidentRow, accident_id)
        if row is None:
            raise NotFoundError("该事故记录不存在")
        return row
