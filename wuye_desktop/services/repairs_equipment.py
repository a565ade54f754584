"""The equipment register (设备台账, 篇1 §1–2): devices, their state history, drawings and documents,
and the device's one screen with its whole history. A device with history is scrapped, never deleted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.errors import NotFoundError, ValidationError
from wuye_desktop.domain.repairs import DOCUMENT_KINDS, DeviceState, WorkOrderFilter
from wuye_desktop.domain.repairs_drafts import DeviceDraft
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.services.repairs_common import RepairBase
from wuye_desktop.services.repairs_rows import (
    accident_view,
    defect_view,
    device_view,
    order_view,
    plan_view,
    proposal_view,
    task_view,
)
from wuye_desktop.services.repairs_views import DeviceCard, DeviceView, DocumentView, StateChangeView
from wuye_desktop.storage import repair_queries
from wuye_desktop.storage.models import ProjectRow
from wuye_desktop.storage.models_repairs import (
    AccidentRow,
    DefectRow,
    DeviceDocumentRow,
    DeviceRow,
    DeviceStateRow,
    PlanDeviceRow,
    PlanRow,
    PlanTaskRow,
    ProposalRow,
    WorkOrderRow,
)

# What 修改设备 edits (issue 7: a save on an older version shows what changed meanwhile).
DEVICE_EDIT: EditShape[DeviceView] = EditShape(
    "设备", {"code": "设备编号", "name": "设备名称", "system": "所属系统", "location": "安装位置", "model": "规格型号",
            "maker": "生产厂家", "install_date": "安装日期", "state": "状态", "notes": "备注"},
    lambda v: f"{v.code} {v.name}")


class DeviceService:
    def __init__(self, base: RepairBase) -> None:
        self._b = base

    # --- writing ----------------------------------------------------------------------------------
    def create(self, draft: DeviceDraft, project_id: int | None, by: str) -> DeviceView:
        now = self._b.clock()
        draft = draft.cleaned()
        draft.validate(now.date())
        with self._b.uow() as uow:
            s = uow.session
            project = self._b.project(s, project_id)
            self._check_code(s, project.id, draft.code, None)
            row = DeviceRow(project_id=project.id, code=draft.code, name=draft.name, system=draft.system,
                            location=draft.location, model=draft.model, maker=draft.maker,
                            install_date=draft.install_date, state=draft.state.value, notes=draft.notes,
                            created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            # The register starts at the install date when known, so the intact rate of earlier
            # months counts the device from then on.
            start = datetime.combine(draft.install_date, datetime.min.time()) if draft.install_date else now
            s.add(DeviceStateRow(device_id=row.id, at=min(start, now), state=row.state, by=by, note="登记入账"))
            uow.commit()
            return device_view(row)

    def update(self, device_id: int, draft: DeviceDraft, by: str, note: str = "",
               expected_version: int | None = None) -> DeviceView:
        """Change the register; ``expected_version`` (the view's) refuses a save over someone else's."""
        now = self._b.clock()
        draft = draft.cleaned()
        draft.validate(now.date())
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, device_id)
            DEVICE_EDIT.check(row, expected_version, lambda: device_view(row))
            self._check_code(s, row.project_id, draft.code, row.id)
            row.code, row.name, row.system, row.location = draft.code, draft.name, draft.system, draft.location
            row.model, row.maker, row.install_date, row.notes = draft.model, draft.maker, draft.install_date, draft.notes
            if draft.state.value != row.state:
                self._change_state(s, row, draft.state, by, note or "修改台账", now)
            row.updated_at = now
            DEVICE_EDIT.commit(uow, lambda: self.get(device_id))
            return device_view(row, self._open_defects(s, row.id))

    def set_state(self, device_id: int, state: DeviceState, by: str, note: str) -> DeviceView:
        """完好 / 带病运行 / 停用 / 报废, logged with who and why (the intact rate reads the log)."""
        now = self._b.clock()
        if not note.strip():
            raise ValidationError.single("note", "状态变更须写明原因")
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, device_id)
            if row.state == DeviceState.SCRAPPED.value:
                raise ValidationError.single("state", f"设备「{row.name}」已报废，不能再改变状态")
            if state.value == row.state:
                raise ValidationError.single("state", f"设备已是「{state.value}」状态")
            self._change_state(s, row, state, by, note.strip(), now)
            uow.commit()
            return device_view(row, self._open_defects(s, row.id))

    def scrap(self, device_id: int, by: str, note: str) -> DeviceView:
        return self.set_state(device_id, DeviceState.SCRAPPED, by, note)

    def delete(self, device_id: int) -> None:
        """Only a device entered by mistake, with no history at all, can be deleted (issue 4)."""
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, device_id)
            history = self.history_counts(s, device_id)
            if any(history.values()):
                what = "、".join(f"{k}{n}条" for k, n in history.items() if n)
                raise ValidationError.single(
                    "device", f"设备「{row.code} {row.name}」已有{what}，不能删除；不再使用的设备请改为「报废」")
            stored = list(s.scalars(select(DeviceDocumentRow.stored_name).where(
                DeviceDocumentRow.device_id == device_id)))
            s.execute(delete(DeviceDocumentRow).where(DeviceDocumentRow.device_id == device_id))
            s.execute(delete(DeviceStateRow).where(DeviceStateRow.device_id == device_id))
            s.delete(row)
            uow.commit()
        for name in stored:
            self._b.discard(name)

    @staticmethod
    def history_counts(s: Session, device_id: int) -> dict[str, int]:
        def n(column: object, *extra: object) -> int:
            return s.scalar(select(func.count()).where(column == device_id, *extra)) or 0  # type: ignore[arg-type]

        return {"维修工单": n(WorkOrderRow.device_id), "缺陷记录": n(DefectRow.device_id),
                "事故记录": n(AccidentRow.device_id), "保养计划": n(PlanDeviceRow.device_id),
                "技改方案": n(ProposalRow.device_id)}

    def add_document(self, device_id: int, source: Path, kind: str, by: str) -> DocumentView:
        if kind not in DOCUMENT_KINDS:
            raise ValidationError.single("kind", "请选择资料类别")
        stored = self._b.copy_in(source)
        now = self._b.clock()
        try:
            with self._b.uow() as uow:
                self._load(uow.session, device_id)
                doc = DeviceDocumentRow(device_id=device_id, kind=kind, original_name=source.name[:200],
                                        stored_name=stored, added_at=now, added_by=by)
                uow.session.add(doc)
                uow.commit()
                return self._doc_view(doc)
        except Exception:
            self._b.discard(stored)
            raise

    def remove_document(self, document_id: int) -> None:
        with self._b.uow() as uow:
            doc = uow.session.get(DeviceDocumentRow, document_id)
            if doc is None:
                raise NotFoundError("该资料已被删除")
            stored = doc.stored_name
            uow.session.delete(doc)
            uow.commit()
        self._b.discard(stored)

    # --- reading --------------------------------------------------------------------------------------
    def devices(self, project_id: int | None, system: str = "", state: str = "", search: str = "",
             include_scrapped: bool = True) -> list[DeviceView]:
        with self._b.uow() as uow:
            s = uow.session
            stmt = select(DeviceRow).order_by(DeviceRow.system, DeviceRow.code)
            if project_id is not None:
                stmt = stmt.where(DeviceRow.project_id == project_id)
            if system:
                stmt = stmt.where(DeviceRow.system == system)
            if state:
                stmt = stmt.where(DeviceRow.state == state)
            elif not include_scrapped:
                stmt = stmt.where(DeviceRow.state != DeviceState.SCRAPPED.value)
            text = search.strip()
            if text:
                p = f"%{text}%"
                stmt = stmt.where(or_(DeviceRow.code.ilike(p), DeviceRow.name.like(p), DeviceRow.location.like(p),
                                      DeviceRow.model.ilike(p), DeviceRow.maker.like(p)))
            rows = list(s.scalars(stmt))
            open_defects = dict(s.execute(select(DefectRow.device_id, func.count()).where(
                DefectRow.removed_at.is_(None)).group_by(DefectRow.device_id)).all())
            return [device_view(r, open_defects.get(r.id, 0)) for r in rows]

    def get(self, device_id: int) -> DeviceView:
        with self._b.uow() as uow:
            row = self._load(uow.session, device_id)
            return device_view(row, self._open_defects(uow.session, device_id))

    def labels(self, ids: list[int]) -> dict[int, str]:
        with self._b.uow() as uow:
            return {i: f"{c} {n}" for i, c, n in uow.session.execute(
                select(DeviceRow.id, DeviceRow.code, DeviceRow.name).where(DeviceRow.id.in_(ids)))}

    def card(self, device_id: int) -> DeviceCard:
        """Facts, documents, state changes and every work order, defect, accident and plan task."""
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, device_id)
            label = f"{row.code} {row.name}"
            project = s.get(ProjectRow, row.project_id)
            orders = repair_queries.page(s, WorkOrderFilter(device_id=device_id), now, 0, 500)
            defects = s.scalars(select(DefectRow).where(DefectRow.device_id == device_id)
                                .order_by(DefectRow.found_at.desc()))
            accidents = s.scalars(select(AccidentRow).where(AccidentRow.device_id == device_id)
                                  .order_by(AccidentRow.occurred_at.desc()))
            plans = list(s.scalars(select(PlanRow).join(PlanDeviceRow).where(PlanDeviceRow.device_id == device_id)))
            plan_by_id = {p.id: p for p in plans}
            all_ids = {d.device_id for p in plans for d in p.devices}
            labels = {i: f"{c} {n}" for i, c, n in s.execute(
                select(DeviceRow.id, DeviceRow.code, DeviceRow.name).where(DeviceRow.id.in_(all_ids)))}
            tasks = s.scalars(select(PlanTaskRow).where(PlanTaskRow.plan_id.in_(plan_by_id),
                                                        PlanTaskRow.scheduled <= now.date())
                              .order_by(PlanTaskRow.scheduled.desc()).limit(300))
            task_views = []
            for t in tasks:
                plan = plan_by_id[t.plan_id]
                text = "、".join(labels.get(d.device_id, "") for d in plan.devices)
                task_views.append(task_view(t, plan, text, self._b.path_of(t.photo_stored), now))
            states = s.scalars(select(DeviceStateRow).where(DeviceStateRow.device_id == device_id)
                               .order_by(DeviceStateRow.at.desc(), DeviceStateRow.id.desc()))
            proposals = s.scalars(select(ProposalRow).where(ProposalRow.device_id == device_id)
                                  .order_by(ProposalRow.proposed_on.desc()))
            docs = s.scalars(select(DeviceDocumentRow).where(DeviceDocumentRow.device_id == device_id)
                             .order_by(DeviceDocumentRow.id))
            return DeviceCard(
                device=device_view(row, self._open_defects(s, device_id)),
                project_name=project.name if project else "",
                documents=tuple(self._doc_view(d) for d in docs),
                orders=tuple(order_view(o) for o in orders),
                defects=tuple(defect_view(d, label) for d in defects),
                accidents=tuple(accident_view(a, label) for a in accidents),
                tasks=tuple(task_views),
                states=tuple(StateChangeView(x.at, x.state, x.by, x.note) for x in states),
                proposals=tuple(proposal_view(p, label) for p in proposals),
                plans=tuple(plan_view(p, labels, None, 0) for p in plans))

    # --- helpers ---------------------------------------------------------------------------------------
    def _doc_view(self, d: DeviceDocumentRow) -> DocumentView:
        return DocumentView(d.id, d.kind, d.original_name, self._b.path_of(d.stored_name), d.added_at, d.added_by)

    @staticmethod
    def _open_defects(s: Session, device_id: int) -> int:
        return s.scalar(select(func.count()).where(DefectRow.device_id == device_id,
                                                   DefectRow.removed_at.is_(None))) or 0

    @staticmethod
    def _change_state(s: Session, row: DeviceRow, state: DeviceState, by: str, note: str, now: datetime) -> None:
        row.state = state.value
        row.updated_at = now
        s.add(DeviceStateRow(device_id=row.id, at=now, state=state.value, by=by, note=note[:500]))

    @staticmethod
    def _check_code(s: Session, project_id: int, code: str, own_id: int | None) -> None:
        other = s.scalar(select(DeviceRow.id).where(DeviceRow.project_id == project_id, DeviceRow.code == code))
        if other is not None and other != own_id:
            raise ValidationError.single("code", f"设备编号「{code}」已存在")

    @staticmethod
    def _load(s: Session, device_id: int) -> DeviceRow:
        row = s.get(DeviceRow, device_id)
        if row is None:
            raise NotFoundError(f"设备（编号 {device_id}）不存在或已被删除")
        return row
