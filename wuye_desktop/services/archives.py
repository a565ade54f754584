"""Client archives (篇3): the unit register, clients (persons and companies), who lives where and when,
company employees, the archive's dated records with scanned files, and the archive of a client or a
unit put together from all of them — every view written to the access log.

一户一档: a stay that ends is kept as 退场 under its unit, never deleted; nothing here deletes a client.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.errors import NotFoundError, ValidationError
from wuye_desktop.formspecs.values import from_json
from wuye_desktop.services.archives_log import EXPORT, EXPORT_WHOLE, VIEW, access_page, write_log
from wuye_desktop.services.archives_views import (
    ArchiveItem,
    ClientArchive,
    ClientView,
    EmployeeView,
    EntryView,
    Page,
    StayView,
    UnitArchive,
    UnitView,
)
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.complaint_views import AttachmentView
from wuye_desktop.services.complaints import pinyin_initials
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.services.form_records import FormRecordService, summary
from wuye_desktop.storage import archive_queries as aq
from wuye_desktop.storage.models import ComplaintRow, ProjectRow
from wuye_desktop.storage.models_archives import (
    ArchiveAttachmentRow,
    ClientRow,
    ComplaintLinkRow,
    EmployeeRow,
    EntryRow,
    FormRecordRow,
    OccupancyRow,
    UnitRow,
)
from wuye_desktop.storage.uow import UowFactory

# (project_id, unit label) → the unit's repair requests as archive lines (篇3 §3.10), or None when the
# repairs area offers no per-unit query.
RepairsLookup = Callable[[int, str], list[ArchiveItem]]

MAX_ATTACHMENT = 50 * 1024 * 1024


def client_search_text(name: str, contact: str, phone: str, id_no: str, units: list[str], email: str = "") -> str:
    words = [name.replace(" ", ""), pinyin_initials(name), arc.phone_key(phone), arc.id_tail(id_no),
             contact, pinyin_initials(contact) if contact else "", email]
    for label in units:
        words += [label, arc.unit_key(label)]
    return " ".join(dict.fromkeys(w.lower() for w in words if w))[:400]


# The fields of a client and of a unit edit, keyed like ClientDraft / UnitDraft, for the 「保存冲突」 dialog (issue 7).
CLIENT_LABELS = {"kind": "客户类型", "name": "客户名称", "id_type": "证件类型", "id_no": "证件号码",
                 "phone": "联系电话", "email": "电子邮箱", "contact": "联系人", "address": "联系地址",
                 "nature": "单位性质", "industry": "所属行业", "legal_rep": "法定代表人/负责人", "remarks": "备注"}

CLIENT_EDIT: EditShape[ClientView] = EditShape("客户", CLIENT_LABELS, lambda v: v.name)


UNIT_LABELS = {"building": "楼栋", "entrance": "单元", "room": "房号", "floor": "楼层", "kind": "房屋类型",
               "floor_area": "建筑面积（㎡）", "remarks": "备注"}
UNIT_EDIT: EditShape[UnitView] = EditShape("房屋", UNIT_LABELS, lambda v: v.label)


class ArchiveService:
    def __init__(self, uow: UowFactory, clock: Clock, forms: FormRecordService, attachments_dir: Path,
                 repairs: RepairsLookup | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._forms = forms
        self._attachments = attachments_dir
        self._repairs = repairs

    def today(self) -> date:
        return self._clock().date()

    # --- units --------------------------------------------------------------------------------------------
    def save_unit(self, project_id: int, draft: arc.UnitDraft, unit_id: int | None = None,
                  expected_version: int | None = None) -> UnitView:
        d = draft.validate()
        now = self._clock()
        with self._uow() as uow:
            s = uow.session
            if s.get(ProjectRow, project_id) is None:
                raise NotFoundError("所选管理处不存在，请重新选择")
            key = arc.unit_key(d.label)
            clash = s.scalar(select(UnitRow.id).where(UnitRow.project_id == project_id, UnitRow.unit_key == key))
            if clash is not None and clash != unit_id:
                raise ValidationError.single("room", f"房屋「{d.label}」已登记")
            row = s.get(UnitRow, unit_id) if unit_id is not None else None
            if unit_id is not None and row is None:
                raise NotFoundError("该房屋不存在或已被删除")
            if row is not None:
                UNIT_EDIT.check(row, expected_version, partial(self._unit_view, s, row))
            if row is None:
                row = UnitRow(project_id=project_id, created_at=now)
                s.add(row)
            row.project_id = project_id
            row.building, row.entrance, row.room = d.building, d.entrance, d.room
            row.floor = d.floor  # type: ignore[assignment]
            row.kind, row.floor_area, row.remarks = d.kind, d.floor_area, d.remarks  # type: ignore[assignment]
            row.label, row.unit_key, row.updated_at = d.label, key, now
            try:
                UNIT_EDIT.commit(uow, lambda: self.unit(unit_id or 0))
            except IntegrityError as exc:
                raise ValidationError.single("room", f"房屋「{d.label}」已登记") from exc
            return self._unit_view(s, row)

    def unit(self, unit_id: int) -> UnitView:
        with self._uow() as uow:
            return self._unit_views(uow.session, [self._unit_row(uow.session, unit_id)])[0]

    def units(self, q: aq.UnitQuery, offset: int = 0, limit: int = 500) -> Page:
        q = q if q.today is not None else aq.UnitQuery(**{**q.__dict__, "today": self.today()})
        with self._uow() as uow:
            s = uow.session
            total = s.scalar(select(func.count()).select_from(aq.unit_statement(q).subquery())) or 0
            rows = list(s.scalars(aq.unit_statement(q).offset(offset).limit(limit)))
            return Page(tuple(self._unit_views(s, rows)), total)

    def find_units(self, project_id: int | None, text: str, limit: int = 50) -> list[UnitView]:
        """Units whose label contains ``text`` (a picker's matches)."""
        return list(self.units(aq.UnitQuery(project_id, search=text), 0, limit).rows)

    def find_clients(self, project_id: int | None, text: str, limit: int = 50) -> list[ClientView]:
        """Clients found by name, initials, unit, phone or ID last digits (a picker's matches)."""
        return list(self.clients(aq.ClientQuery(project_id, search=text), 0, limit, with_total=False).rows)

    def buildings(self, project_id: int | None) -> list[str]:
        stmt = select(UnitRow.building).distinct().order_by(UnitRow.building)
        if project_id is not None:
            stmt = stmt.where(UnitRow.project_id == project_id)
        with self._uow() as uow:
            return list(uow.session.scalars(stmt))

    def find_unit(self, project_id: int, text: str) -> UnitView | None:
        with self._uow() as uow:
            row = uow.session.scalar(select(UnitRow).where(UnitRow.project_id == project_id,
                                                           UnitRow.unit_key == arc.unit_key(text)))
            return self._unit_views(uow.session, [row])[0] if row else None

    @staticmethod
    def _unit_row(s: Session, unit_id: int) -> UnitRow:
        row = s.get(UnitRow, unit_id)
        if row is None:
            raise NotFoundError(f"房屋（编号 {unit_id}）不存在")
        return row

    def _unit_view(self, s: Session, row: UnitRow) -> UnitView:
        return self._unit_views(s, [row])[0]

    def _unit_views(self, s: Session, rows: list[UnitRow]) -> list[UnitView]:
        today = self.today()
        ids = [r.id for r in rows]
        occupants: dict[int, list[str]] = {}
        if ids:
            for unit_id, name in s.execute(
                    select(OccupancyRow.unit_id, ClientRow.name).join(ClientRow, ClientRow.id == OccupancyRow.client_id)
                    .where(OccupancyRow.unit_id.in_(ids),
                           or_(OccupancyRow.move_out.is_(None), OccupancyRow.move_out > today))
                    .order_by(OccupancyRow.move_in)):
                occupants.setdefault(unit_id, []).append(name)
        return [UnitView(r.id, r.project_id, r.building, r.entrance, r.floor, r.room, r.kind, r.floor_area, r.label,
                         r.remarks, "、".join(dict.fromkeys(occupants.get(r.id, []))),
                         "在住" if occupants.get(r.id) else "空置", r.version) for r in rows]

    # --- clients --------------------------------------------------------------------------------------------
    def save_client(self, project_id: int, draft: arc.ClientDraft, client_id: int | None = None,
                    expected_version: int | None = None) -> ClientView:
        d = draft.validate(self.today())
        now = self._clock()
        with self._uow() as uow:
            s = uow.session
            if s.get(ProjectRow, project_id) is None:
                raise NotFoundError("所选管理处不存在，请重新选择")
            if d.id_no:
                clash = s.scalar(select(ClientRow).where(ClientRow.project_id == project_id, ClientRow.id_no == d.id_no,
                                                         ClientRow.id != (client_id or 0)).limit(1))
                if clash is not None:
                    raise ValidationError.single("id_no", f"证件号码已登记在客户「{clash.name}」名下")
            if client_id is None:
                row = ClientRow(project_id=project_id, created_at=now)
                s.add(row)
            else:
                row = self._client_row(s, client_id)
                CLIENT_EDIT.check(row, expected_version, partial(self._client_view, s, row))
            for key in ("kind", "name", "id_type", "id_no", "phone", "email", "contact", "address", "nature",
                        "industry", "legal_rep", "remarks"):
                setattr(row, key, getattr(d, key))
            row.initials = pinyin_initials(d.name)
            row.phone_digits = arc.phone_key(d.phone)
            row.updated_at = now
            with CLIENT_EDIT.saving(uow, lambda: self.client(client_id or 0)):  # a lost race shows at the flush
                s.flush()
                self._refresh_search(s, row)
                uow.commit()
            return self._client_view(s, row)

    def _refresh_search(self, s: Session, row: ClientRow) -> None:
        labels = list(s.scalars(select(UnitRow.label).join(OccupancyRow, OccupancyRow.unit_id == UnitRow.id)
                                .where(OccupancyRow.client_id == row.id)))
        row.search_text = client_search_text(row.name, row.contact, row.phone, row.id_no, labels, row.email)

    def client(self, client_id: int) -> ClientView:
        with self._uow() as uow:
            return self._client_views(uow.session, [self._client_row(uow.session, client_id)])[0]

    def clients(self, q: aq.ClientQuery, offset: int = 0, limit: int = 200, with_total: bool = True) -> Page:
        if q.state and q.today is None:
            q = aq.ClientQuery(q.project_id, q.search, q.kind, q.state, self.today())
        with self._uow() as uow:
            rows = aq.client_page(uow.session, q, offset, limit)
            if with_total and offset == 0 and len(rows) < limit:
                total, capped = len(rows), False  # a short first page is the whole list: no second scan
            else:
                total, capped = aq.client_count(uow.session, q) if with_total else (len(rows), False)
            return Page(tuple(self._client_views(uow.session, rows)), total, capped)

    @staticmethod
    def _client_row(s: Session, client_id: int) -> ClientRow:
        row = s.get(ClientRow, client_id)
        if row is None:
            raise NotFoundError(f"客户（编号 {client_id}）不存在")
        return row

    def _client_view(self, s: Session, row: ClientRow) -> ClientView:
        return self._client_views(s, [row])[0]

    def _client_views(self, s: Session, rows: list[ClientRow]) -> list[ClientView]:
        today = self.today()
        ids = [r.id for r in rows]
        live: dict[int, list[str]] = {}
        past: dict[int, list[str]] = {}
        if ids:
            for client_id, label, move_out in s.execute(
                    select(OccupancyRow.client_id, UnitRow.label, OccupancyRow.move_out)
                    .join(UnitRow, UnitRow.id == OccupancyRow.unit_id).where(OccupancyRow.client_id.in_(ids))
                    .order_by(OccupancyRow.move_in)):
                target = past if arc.stay_state(move_out, today) == "退场" else live
                target.setdefault(client_id, []).append(label)
        views = []
        for r in rows:
            units = live.get(r.id) or past.get(r.id) or []
            state = "在住" if live.get(r.id) else ("退场" if past.get(r.id) else "无房屋")
            views.append(ClientView(r.id, r.project_id, r.kind, r.name, r.id_type, r.id_no, r.phone, r.email,
                                    r.contact, r.address, r.nature, r.industry, r.legal_rep, r.remarks, r.version,
                                    "、".join(dict.fromkeys(units)), state))
        return views

    # --- stays (move in, move out) -------------------------------------------------------------------------
    def move_in(self, draft: arc.OccupancyDraft, by: str) -> StayView:
        d = draft.validate(self.today())
        with self._uow() as uow:
            s = uow.session
            unit = self._unit_row(s, d.unit_id)
            client = self._client_row(s, d.client_id)
            if unit.project_id != client.project_id:
                raise ValidationError.single("unit", "客户和房屋不属于同一个管理处")
            open_stay = s.scalar(select(OccupancyRow).where(OccupancyRow.unit_id == d.unit_id,
                                                            OccupancyRow.client_id == d.client_id,
                                                            OccupancyRow.move_out.is_(None)))
            if open_stay is not None:
                raise ValidationError.single("unit", f"客户「{client.name}」已在「{unit.label}」入住，未迁出")
            row = OccupancyRow(unit_id=d.unit_id, client_id=d.client_id, role=d.role, move_in=d.move_in,
                               move_out=d.move_out, note=d.note, created_at=self._clock(), created_by=by[:40])
            s.add(row)
            s.flush()
            self._refresh_search(s, client)
            uow.commit()
            return self._stay_views(s, [row])[0]

    def move_out(self, stay_id: int, on: date | None, by: str, note: str = "") -> StayView:
        """The stay ends; its records stay in the unit's archive as 退场 (一户一档)."""
        with self._uow() as uow:
            s = uow.session
            row = s.get(OccupancyRow, stay_id)
            if row is None:
                raise NotFoundError("该入住记录不存在")
            if row.move_out is not None:
                raise ValidationError.single("move_out", f"已于 {row.move_out:%Y-%m-%d} 迁出")
            draft = arc.OccupancyDraft(row.unit_id, row.client_id, row.role, row.move_in, on,
                                       "；".join(x for x in (row.note, note.strip()) if x)[:200])
            if on is None:
                raise ValidationError.single("move_out", "迁出日期不能为空")
            d = draft.validate(self.today())
            row.move_out, row.note = d.move_out, d.note
            uow.commit()
            return self._stay_views(s, [row])[0]

    def stays(self, *, unit_id: int | None = None, client_id: int | None = None) -> list[StayView]:
        with self._uow() as uow:
            stmt = select(OccupancyRow).order_by(OccupancyRow.move_in, OccupancyRow.id)
            if unit_id is not None:
                stmt = stmt.where(OccupancyRow.unit_id == unit_id)
            if client_id is not None:
                stmt = stmt.where(OccupancyRow.client_id == client_id)
            return self._stay_views(uow.session, list(uow.session.scalars(stmt)))

    def _stay_views(self, s: Session, rows: list[OccupancyRow]) -> list[StayView]:
        today = self.today()
        units = {u.id: u.label for u in s.scalars(select(UnitRow).where(UnitRow.id.in_({r.unit_id for r in rows})))}
        names = {c.id: c.name for c in s.scalars(select(ClientRow).where(ClientRow.id.in_({r.client_id for r in rows})))}
        return [StayView(r.id, r.unit_id, units.get(r.unit_id, ""), r.client_id, names.get(r.client_id, ""), r.role,
                         r.move_in, r.move_out, arc.stay_state(r.move_out, today), r.note) for r in rows]

    # --- employees of a client company --------------------------------------------------------------------
    def save_employee(self, client_id: int, draft: arc.EmployeeDraft, employee_id: int | None = None) -> EmployeeView:
        d = draft.validate(self.today())
        with self._uow() as uow:
            s = uow.session
            client = self._client_row(s, client_id)
            if client.kind != "单位":
                raise ValidationError.single("name", f"「{client.name}」是个人客户，只有单位客户才有员工")
            row = s.get(EmployeeRow, employee_id) if employee_id is not None else None
            if row is None:
                row = EmployeeRow(client_id=client_id, created_at=self._clock())
                s.add(row)
            for key in ("name", "post", "id_type", "id_no", "phone", "started_on", "remarks"):
                setattr(row, key, getattr(d, key))
            uow.commit()
            return _employee_view(row)

    def employee_left(self, employee_id: int, on: date, kind: str) -> EmployeeView:
        if kind not in arc.LEAVE_KINDS:
            raise ValidationError.single("leave_kind", "请选择离职类别（辞职或辞退）")
        with self._uow() as uow:
            row = uow.session.get(EmployeeRow, employee_id)
            if row is None:
                raise NotFoundError("该员工不存在")
            row.left_on, row.leave_kind = on, kind
            uow.commit()
            return _employee_view(row)

    def employees(self, client_id: int) -> list[EmployeeView]:
        with self._uow() as uow:
            return [_employee_view(r) for r in uow.session.scalars(
                select(EmployeeRow).where(EmployeeRow.client_id == client_id).order_by(EmployeeRow.id))]

    # --- archive records and scanned files -------------------------------------------------------------------
    def add_entry(self, draft: arc.EntryDraft, *, client_id: int | None = None, unit_id: int | None = None,
                  entry_id: int | None = None) -> EntryView:
        if client_id is None and unit_id is None and entry_id is None:
            raise ValidationError.single("client", "档案记录须属于一位客户或一处房屋")
        d = draft.validate(self.today())
        now = self._clock()
        with self._uow() as uow:
            s = uow.session
            if entry_id is not None:
                row = s.get(EntryRow, entry_id)
                if row is None:
                    raise NotFoundError("该档案记录不存在")
            else:
                if client_id is not None:
                    self._client_row(s, client_id)
                if unit_id is not None:
                    self._unit_row(s, unit_id)
                row = EntryRow(client_id=client_id, unit_id=unit_id, created_at=now)
                s.add(row)
            for key in ("kind", "occurred_on", "title", "detail", "amount", "deposit", "returned_on", "reference",
                        "by"):
                setattr(row, key, getattr(d, key))
            row.updated_at = now
            uow.commit()
            return self._entry_view(s, row)

    def return_deposit(self, entry_id: int, on: date, by: str) -> EntryView:
        """A deposit held is paid back (篇3 §3.2: every deposit held and returned)."""
        view = self.entry(entry_id)
        if not view.deposit:
            raise ValidationError.single("returned_on", f"「{view.title}」不是押金")
        if view.returned_on is not None:
            raise ValidationError.single("returned_on", f"「{view.title}」已于 {view.returned_on:%Y-%m-%d} 退还")
        draft = arc.EntryDraft(view.kind, view.occurred_on, view.title, view.detail, view.amount, True, on,
                               view.reference, view.by or by)
        return self.add_entry(draft, entry_id=entry_id)

    def entry(self, entry_id: int) -> EntryView:
        with self._uow() as uow:
            row = uow.session.get(EntryRow, entry_id)
            if row is None:
                raise NotFoundError("该档案记录不存在")
            return self._entry_view(uow.session, row)

    def _entry_view(self, s: Session, r: EntryRow) -> EntryView:
        files = tuple(self._forms.attachment_view(a) for a in s.scalars(
            select(ArchiveAttachmentRow).where(ArchiveAttachmentRow.entry_id == r.id).order_by(ArchiveAttachmentRow.id)))
        return EntryView(r.id, r.client_id, r.unit_id, r.kind, r.occurred_on, r.title, r.detail, r.amount, r.deposit,
                         r.returned_on, r.reference, r.by, files)

    def add_attachment(self, source: Path, by: str, *, entry_id: int | None = None,
                       record_id: int | None = None) -> AttachmentView:
        """Copy a scan into the data folder (like the complaint desk's); the stored name never comes from the user."""
        if (entry_id is None) == (record_id is None):
            raise ValidationError.single("file", "附件须属于一条档案记录或一份登记表")
        if not source.is_file():
            raise ValidationError.single("file", f"找不到文件「{source}」")
        if source.stat().st_size > MAX_ATTACHMENT:
            raise ValidationError.single("file", "附件不能超过50MB")
        suffix = "".join(c for c in source.suffix.lower() if c.isalnum() or c == ".")[:10]
        stored = f"{uuid.uuid4().hex}{suffix}"
        folder = self._attachments
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / stored
        shutil.copy2(source, target)
        try:
            with self._uow() as uow:
                s = uow.session
                if entry_id is not None and s.get(EntryRow, entry_id) is None:
                    raise NotFoundError("该档案记录不存在")
                if record_id is not None and s.get(FormRecordRow, record_id) is None:
                    raise NotFoundError("该登记表记录不存在")
                row = ArchiveAttachmentRow(entry_id=entry_id, record_id=record_id, original_name=source.name[:200],
                                           stored_name=stored, added_at=self._clock(), added_by=by[:40])
                s.add(row)
                uow.commit()
                return self._forms.attachment_view(row)
        except Exception:
            target.unlink(missing_ok=True)
            raise

    # --- the archive of a client / a unit (one screen each) -----------------------------------------------------
    def client_archive(self, client_id: int, by: str, *, log: bool = True) -> ClientArchive:
        """Everything the office keeps about a client, in the twelve kinds of 篇3 §3; the view is logged
        (a screen refreshing what it already shows passes ``log=False``)."""
        with self._uow() as uow:
            s = uow.session
            row = self._client_row(s, client_id)
            client = self._client_views(s, [row])[0]
            stays = self._stay_views(s, list(s.scalars(select(OccupancyRow).where(
                OccupancyRow.client_id == client_id).order_by(OccupancyRow.move_in))))
            employees = tuple(_employee_view(e) for e in s.scalars(
                select(EmployeeRow).where(EmployeeRow.client_id == client_id).order_by(EmployeeRow.id)))
            items: dict[str, list[ArchiveItem]] = {k: [] for k in arc.KIND_CODES}
            for st in stays:
                items["move_in"].append(ArchiveItem("move_in", st.move_in, "入住", f"{st.role}入住 {st.unit_label}",
                                                    st.note, status=st.state, ref="stay", ref_id=st.id))
                if st.move_out:
                    items["move_in"].append(ArchiveItem("move_in", st.move_out, "迁出", f"迁出 {st.unit_label}",
                                                        st.note, status="退场", ref="stay", ref_id=st.id))
            self._entry_items(s, items, EntryRow.client_id == client_id)
            self._record_items(s, items, FormRecordRow.client_id == client_id)
            self._complaint_items(s, items, ComplaintLinkRow.client_id == client_id)
            notes = self._repair_items(items, row.project_id, stays)
            if log:
                write_log(s, self._clock(), by, VIEW, f"查看客户档案：{row.name}", client_id=client_id,
                          project_id=row.project_id)
            uow.commit()
        return ClientArchive(client, tuple(stays), employees, _sorted(items), notes)

    def unit_archive(self, unit_id: int, by: str, *, log: bool = True) -> UnitArchive:
        """一户一档: the unit's archive, with the files of households that left kept as 退场."""
        with self._uow() as uow:
            s = uow.session
            row = self._unit_row(s, unit_id)
            unit = self._unit_views(s, [row])[0]
            stays = self._stay_views(s, list(s.scalars(select(OccupancyRow).where(
                OccupancyRow.unit_id == unit_id).order_by(OccupancyRow.move_in))))
            items: dict[str, list[ArchiveItem]] = {k: [] for k in arc.KIND_CODES}
            for st in stays:
                items["move_in"].append(ArchiveItem("move_in", st.move_in, "入住", f"{st.client_name}（{st.role}）入住",
                                                    st.note, status=st.state, ref="stay", ref_id=st.id))
                if st.move_out:
                    items["move_in"].append(ArchiveItem("move_in", st.move_out, "迁出", f"{st.client_name}迁出",
                                                        st.note, status="退场", ref="stay", ref_id=st.id))
            self._entry_items(s, items, EntryRow.unit_id == unit_id)
            self._record_items(s, items, FormRecordRow.unit_id == unit_id)
            self._complaint_items(s, items, ComplaintLinkRow.unit_id == unit_id)
            notes: tuple[str, ...] = ()
            if self._repairs is not None:
                items["repairs"].extend(self._repairs(row.project_id, row.label))
            else:
                notes = ("维修模块未提供按房号查询，请修记录暂不显示",)
            if log:
                write_log(s, self._clock(), by, VIEW, f"查看房屋档案：{row.label}", unit_id=unit_id,
                          project_id=row.project_id)
            uow.commit()
        return UnitArchive(unit, tuple(stays), _sorted(items), notes)

    def _entry_items(self, s: Session, items: dict[str, list[ArchiveItem]], condition: Any) -> None:
        counts = self._attachment_counts(s, ArchiveAttachmentRow.entry_id)
        for e in s.scalars(select(EntryRow).where(condition)):
            status = ("已退还 " + f"{e.returned_on:%Y-%m-%d}" if e.returned_on else "未退还") if e.deposit else ""
            source = "押金" if e.deposit else "档案记录"
            items.setdefault(e.kind, []).append(ArchiveItem(e.kind, e.occurred_on, source, e.title, e.detail, e.amount,
                                                            status, "entry", e.id, counts.get(e.id, 0)))

    def _record_items(self, s: Session, items: dict[str, list[ArchiveItem]], condition: Any) -> None:
        counts = self._attachment_counts(s, ArchiveAttachmentRow.record_id)
        for r in s.scalars(select(FormRecordRow).where(condition).order_by(FormRecordRow.id)):
            spec = self._forms.specs.get(r.form_number)
            if spec is None:
                continue
            values = from_json(spec, r.data or {})
            kind = arc.kind_of_form(r.form_number)
            items[kind].append(ArchiveItem(kind, r.registered_on, "登记表", f"{spec.code} {spec.title}",
                                           summary(spec, values), status=_expiry_status(r.expires_on, self.today()),
                                           ref="record", ref_id=r.id, attachments=counts.get(r.id, 0)))
            # Deposits written on forms count among the fees (篇3 §3.2).
            for title, amount, paid, returned in _deposits(spec, values):
                items["fees"].append(ArchiveItem("fees", paid or r.registered_on, "押金", title,
                                                 f"见{spec.title}", amount,
                                                 f"已退还 {returned:%Y-%m-%d}" if returned else "未退还",
                                                 "record", r.id))

    def _complaint_items(self, s: Session, items: dict[str, list[ArchiveItem]], condition: Any) -> None:
        for c in s.scalars(select(ComplaintRow).join(ComplaintLinkRow, ComplaintLinkRow.complaint_id == ComplaintRow.id)
                           .where(condition).order_by(ComplaintRow.received_at)):
            items["complaints"].append(ArchiveItem("complaints", c.received_at.date(), "投诉",
                                                   f"{c.number} {c.subject}", f"{c.complainant}（{c.category}）",
                                                   status=c.state, ref="complaint", ref_id=c.id))

    def _repair_items(self, items: dict[str, list[ArchiveItem]], project_id: int,
                      stays: list[StayView]) -> tuple[str, ...]:
        if self._repairs is None:
            return ("维修模块未提供按房号查询，请修记录暂不显示",)
        for label in dict.fromkeys(st.unit_label for st in stays):
            periods = [(st.move_in, st.move_out) for st in stays if st.unit_label == label]
            for item in self._repairs(project_id, label):
                # Only requests made while the client lived or worked there belong to the client's file.
                if item.on is None or any(a <= item.on and (b is None or item.on <= b) for a, b in periods):
                    items["repairs"].append(item)
        return ()

    @staticmethod
    def _attachment_counts(s: Session, column: Any) -> dict[int, int]:
        return {k: int(v) for k, v in s.execute(select(column, func.count()).where(column.is_not(None))
                                                 .group_by(column))}

    # --- access log ------------------------------------------------------------------------------------------------
    def log(self, who: str, action: str, what: str, *, client_id: int | None = None, unit_id: int | None = None,
            project_id: int | None = None, whole: bool = False) -> None:
        with self._uow() as uow:
            write_log(uow.session, self._clock(), who, action, what, client_id=client_id, unit_id=unit_id,
                      project_id=project_id, whole=whole)
            uow.commit()

    def access_log(self, project_id: int | None, client_id: int | None = None, offset: int = 0,
                   limit: int = 200, action: str = "") -> Page:
        return access_page(self._uow, project_id, client_id, offset, limit, action)



def _employee_view(r: EmployeeRow) -> EmployeeView:
    return EmployeeView(r.id, r.client_id, r.name, r.post, r.id_type, r.id_no, r.phone, r.started_on, r.left_on,
                        r.leave_kind)


def _sorted(items: dict[str, list[ArchiveItem]]) -> dict[str, tuple[ArchiveItem, ...]]:
    """Each kind newest first (undated lines last)."""
    return {k: tuple(sorted(v, key=lambda i: (i.on or date.min, i.ref_id), reverse=True)) for k, v in items.items()}


def _expiry_status(expires: date | None, today: date) -> str:
    return arc.expiry_text(expires, today) if expires else ""


def _deposits(spec: Any, values: dict[str, Any]) -> list[tuple[str, Any, date | None, date | None]]:
    """Deposits a form records: 31301's rows of 押金, a 押金 field (31306 permits, 31313 cards)."""
    found = []
    if spec.has_field("deposits"):
        for row in values.get("deposits") or []:
            if row.get("amount") is not None:
                found.append((str(row.get("item") or "押金"), row.get("amount"), row.get("paid_on"),
                              row.get("refunded_on")))
    if spec.has_field("deposit") and values.get("deposit") is not None:
        issued = values.get("issued_on") if isinstance(values.get("issued_on"), date) else None
        returned = None
        if values.get("card_state") == "注销":
            returned = values.get("revoked_on") if isinstance(values.get("revoked_on"), date) else None
        found.append((f"{spec.title}押金", values.get("deposit"), issued, returned))
    return found


def archive_facts(archive: ClientArchive, whole: bool) -> list[tuple[str, str]]:
    """A client's facts for an export cover sheet: ID number and phone masked unless ``whole``."""
    c = archive.client
    return [("客户名称", c.name), ("客户类型", c.kind), ("证件类型", c.id_type),
            ("证件号码", c.id_no if whole else c.id_masked), ("联系电话", c.phone if whole else c.phone_masked),
            ("联系人", c.contact), ("电子邮箱", c.email), ("通讯地址", c.address), ("单位性质", c.nature),
            ("所属行业", c.industry), ("法定代表人/负责人", c.legal_rep), ("房屋", c.units), ("状态", c.state),
            ("备注", c.remarks)]


def item_rows(items: tuple[ArchiveItem, ...]) -> list[list[object]]:
    return [[i.on, i.source, i.title, i.detail, format_value_amount(i.amount), i.status, i.attachments or ""]
            for i in items]


def format_value_amount(amount: Any) -> str:
    return f"{amount:,.2f}" if amount is not None else ""



def repairs_lookup(orders: Any) -> RepairsLookup:
    """The repairs area's per-unit query (WorkOrderFilter.unit, exact unit text) as archive lines (篇3 §3.10)."""
    from wuye_desktop.domain.repairs import WorkOrderFilter

    def lookup(project_id: int, label: str) -> list[ArchiveItem]:
        page = orders.page(WorkOrderFilter(project_id=project_id, unit=label), 0, 500, with_total=False)
        return [ArchiveItem("repairs", v.received_at.date(), "维修工单", f"{v.number} {v.subject}",
                            "　".join(x for x in (v.category, v.client, v.technician and f"维修人：{v.technician}") if x),
                            status=v.state, ref="order", ref_id=v.id) for v in page.rows]

    return lookup
