"""Tools, instruments and meters, spare parts and drawings (篇1 §6): quantities and places, stock
movements, lending and return, reorder flags and calibration due dates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.errors import NotFoundError, ValidationError
from wuye_desktop.domain.repairs import LENDABLE_KINDS, ItemKind
from wuye_desktop.domain.repairs_records import CalibrationDraft, ItemDraft, LoanDraft, MovementDraft
from wuye_desktop.domain.repairs_stock import StockLevel, adjust, lend
from wuye_desktop.domain.validators import required_error
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.services.repairs_common import RepairBase
from wuye_desktop.services.repairs_rows import item_view, loan_view
from wuye_desktop.services.repairs_views import ItemView, LoanView, MovementView
from wuye_desktop.storage.models_repairs import (
    CalibrationRow,
    LoanRow,
    MaterialRow,
    StockItemRow,
    StockMovementRow,
    WorkOrderRow,
)

# What 修改 (工具、仪表、备件或图纸) edits; the quantity changes only through movements (issue 7).
ITEM_EDIT: EditShape[ItemView] = EditShape(
    "物品", {"kind": "类别", "code": "编号", "name": "名称", "spec": "规格型号", "unit": "计量单位", "location": "存放位置",
           "reorder_level": "补货线", "calibration_due": "下次检定", "notes": "备注"},
    lambda v: f"{v.code} {v.name}")


class StockService:
    def __init__(self, base: RepairBase) -> None:
        self._b = base

    # --- items ---------------------------------------------------------------------------------------
    def create(self, draft: ItemDraft, project_id: int | None, by: str) -> ItemView:
        draft.validate()
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            project = self._b.project(s, project_id)
            self._check_code(s, project.id, draft.code.strip(), None)
            row = StockItemRow(project_id=project.id, kind=draft.kind.value, code=draft.code.strip(),
                               name=draft.name.strip(), spec=draft.spec.strip(), unit=draft.unit.strip(),
                               location=draft.location.strip(), quantity=draft.quantity,
                               reorder_level=draft.reorder_level, calibration_due=draft.calibration_due,
                               notes=draft.notes.strip())
            s.add(row)
            s.flush()
            if draft.quantity:
                s.add(StockMovementRow(item_id=row.id, at=now, quantity=draft.quantity, reason="采购入库",
                                       balance=draft.quantity, by=by, note="建账"))
            uow.commit()
            return item_view(row)

    def update(self, item_id: int, draft: ItemDraft, expected_version: int | None = None) -> ItemView:
        """Change the item's facts; the quantity changes only through movements (kept as history).
        ``expected_version`` (the view's) refuses a save over someone else's (issue 7)."""
        draft.validate(editing=True)
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, item_id)
            ITEM_EDIT.check(row, expected_version, lambda: item_view(row, self._lent(s, item_id)))
            if draft.kind.value != row.kind and s.scalar(select(func.count()).where(
                    or_(MaterialRow.item_id == item_id, LoanRow.item_id == item_id))):
                raise ValidationError.single("kind", "已有领用或借用记录，不能更改类别")
            self._check_code(s, row.project_id, draft.code.strip(), row.id)
            row.kind, row.code, row.name, row.spec = draft.kind.value, draft.code.strip(), draft.name.strip(), draft.spec.strip()
            row.unit, row.location, row.reorder_level = draft.unit.strip(), draft.location.strip(), draft.reorder_level
            row.calibration_due, row.notes = draft.calibration_due, draft.notes.strip()
            ITEM_EDIT.commit(uow, lambda: self.get(item_id))
            return item_view(row, self._lent(s, item_id))

    def move(self, item_id: int, draft: MovementDraft) -> ItemView:
        """采购入库 (+), 盘点调整 (±) or 报损 (−); never below zero here (issues go through work orders)."""
        draft.validate()
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, item_id)
            row.quantity = adjust(row.quantity, draft.quantity, draft.reason)
            s.add(StockMovementRow(item_id=row.id, at=now, quantity=draft.quantity, reason=draft.reason,
                                   balance=row.quantity, by=draft.by.strip(), note=draft.note.strip()))
            uow.commit()
            return item_view(row, self._lent(s, item_id))

    def items(self, project_id: int | None, kind: str = "", search: str = "", reorder_only: bool = False,
              include_inactive: bool = False) -> list[ItemView]:
        with self._b.uow() as uow:
            s = uow.session
            stmt = select(StockItemRow).order_by(StockItemRow.kind, StockItemRow.code)
            if project_id is not None:
                stmt = stmt.where(StockItemRow.project_id == project_id)
            if kind:
                stmt = stmt.where(StockItemRow.kind == kind)
            if not include_inactive:
                stmt = stmt.where(StockItemRow.active.is_(True))
            if search.strip():
                p = f"%{search.strip()}%"
                stmt = stmt.where(or_(StockItemRow.code.ilike(p), StockItemRow.name.like(p),
                                      StockItemRow.spec.ilike(p), StockItemRow.location.like(p)))
            if reorder_only:
                stmt = stmt.where(StockItemRow.reorder_level > 0, StockItemRow.quantity < StockItemRow.reorder_level)
            rows = list(s.scalars(stmt))
            lent = dict(s.execute(select(LoanRow.item_id, func.sum(LoanRow.quantity)).where(
                LoanRow.returned_at.is_(None)).group_by(LoanRow.item_id)).all())
            return [item_view(r, int(lent.get(r.id, 0) or 0)) for r in rows]

    def get(self, item_id: int) -> ItemView:
        with self._b.uow() as uow:
            return item_view(self._load(uow.session, item_id), self._lent(uow.session, item_id))

    def spare_parts(self, project_id: int | None) -> list[ItemView]:
        return self.items(project_id, ItemKind.SPARE.value)

    def movements(self, item_id: int, limit: int = 500) -> list[MovementView]:
        with self._b.uow() as uow:
            s = uow.session
            rows = s.execute(select(StockMovementRow, WorkOrderRow.number)
                             .outerjoin(WorkOrderRow, WorkOrderRow.id == StockMovementRow.order_id)
                             .where(StockMovementRow.item_id == item_id)
                             .order_by(StockMovementRow.at.desc(), StockMovementRow.id.desc()).limit(limit))
            return [MovementView(m.id, m.item_id, m.at, m.quantity, m.reason, m.balance, number or "", m.by, m.note)
                    for m, number in rows]

    # --- lending ---------------------------------------------------------------------------------------
    def lend(self, item_id: int, draft: LoanDraft) -> LoanView:
        """Who, when, due back (篇1 §6); more than is on the shelf cannot be lent."""
        draft.validate(self._b.clock())
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, item_id)
            if ItemKind(row.kind) not in LENDABLE_KINDS:
                raise ValidationError.single("item", f"「{row.name}」是备品备件，请通过维修工单领用")
            lend(StockLevel(row.quantity, self._lent(s, item_id)), draft.quantity)
            loan = LoanRow(item_id=item_id, quantity=draft.quantity, borrower=draft.borrower.strip(),
                           purpose=draft.purpose.strip(), lent_at=draft.lent_at, lent_by=draft.by.strip(),
                           due_back=draft.due_back)
            s.add(loan)
            s.flush()
            uow.commit()
            return loan_view(loan, f"{row.code} {row.name}")

    def give_back(self, loan_id: int, at: datetime | None, by: str) -> LoanView:
        now = self._b.clock()
        if e := required_error("接收人", by, 40):
            raise ValidationError.single("by", e)
        with self._b.uow() as uow:
            s = uow.session
            loan = s.get(LoanRow, loan_id)
            if loan is None:
                raise NotFoundError("该借用记录不存在")
            if loan.returned_at is not None:
                raise ValidationError.single("returned_at", f"已于{loan.returned_at:%Y-%m-%d}归还")
            when = at or now
            if when > now or when < loan.lent_at:
                raise ValidationError.single("returned_at", "归还时间应在借出时间与当前时间之间")
            loan.returned_at, loan.returned_to = when, by.strip()
            item = self._load(s, loan.item_id)
            uow.commit()
            return loan_view(loan, f"{item.code} {item.name}")

    def loans(self, project_id: int | None, open_only: bool = True, item_id: int | None = None) -> list[LoanView]:
        with self._b.uow() as uow:
            s = uow.session
            stmt = select(LoanRow, StockItemRow.code, StockItemRow.name).join(
                StockItemRow, StockItemRow.id == LoanRow.item_id)
            if project_id is not None:
                stmt = stmt.where(StockItemRow.project_id == project_id)
            if open_only:
                stmt = stmt.where(LoanRow.returned_at.is_(None))
            if item_id is not None:
                stmt = stmt.where(LoanRow.item_id == item_id)
            stmt = stmt.order_by(LoanRow.returned_at.is_(None).desc(), LoanRow.due_back, LoanRow.id).limit(2000)
            return [loan_view(loan, f"{code} {name}") for loan, code, name in s.execute(stmt)]

    # --- calibration ----------------------------------------------------------------------------------
    def calibrate(self, item_id: int, draft: CalibrationDraft) -> ItemView:
        draft.validate(self._b.clock().date())
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, item_id)
            if row.kind != ItemKind.INSTRUMENT.value:
                raise ValidationError.single("item", "只有仪器仪表需要检定")
            s.add(CalibrationRow(item_id=item_id, calibrated_on=draft.calibrated_on, next_due=draft.next_due,
                                 by=draft.by.strip(), note=draft.note.strip()))
            row.calibration_due = draft.next_due
            uow.commit()
            return item_view(row, self._lent(s, item_id))

    # --- helpers -----------------------------------------------------------------------------------------
    @staticmethod
    def _lent(s: Session, item_id: int) -> int:
        return int(s.scalar(select(func.coalesce(func.sum(LoanRow.quantity), 0)).where(
            LoanRow.item_id == item_id, LoanRow.returned_at.is_(None))) or 0)

    @staticmethod
    def _check_code(s: Session, project_id: int, code: str, own_id: int | None) -> None:
        other = s.scalar(select(StockItemRow.id).where(StockItemRow.project_id == project_id,
                                                       StockItemRow.code == code))
        if other is not None and other != own_id:
            raise ValidationError.single("code", f"编号「{code}」已存在")

    @staticmethod
    def _load(s: Session, item_id: int) -> StockItemRow:
        row = s.get(StockItemRow, item_id)
        if row is None:
            raise NotFoundError("该物品不存在")
        return row
