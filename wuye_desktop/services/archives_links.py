"""Complaints of the desk linked to a unit and a client (篇3 §3.11 客户投诉记录).

The link lives in the archive's own table (complaint_link): existing cases are matched by their unit
text, normalised like the desk's grouping (domain.grouping.normalize_unit); new cases are matched as
they are registered (a step observer of the complaint desk); what cannot be matched is listed for the
clerk to resolve by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.complaint import Action
from wuye_desktop.domain.errors import NotFoundError, ValidationError
from wuye_desktop.services.archives_views import Page, UnmatchedComplaint
from wuye_desktop.services.clock import Clock
from wuye_desktop.storage.models import ComplaintRow
from wuye_desktop.storage.models_archives import ClientRow, ComplaintLinkRow, OccupancyRow, UnitRow
from wuye_desktop.storage.uow import UowFactory

AUTO = "自动"
MANUAL = "人工"

Progress = Callable[[int, int, str], None]


class ComplaintLinkService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    # --- matching -------------------------------------------------------------------------------------------
    def on_complaint_step(self, s: Session, row: ComplaintRow, action: Action) -> None:
        """Complaint desk observer: a newly received case is linked in its own transaction."""
        if action is not Action.RECEIVE or row.id is None:
            return
        if s.scalar(select(ComplaintLinkRow.id).where(ComplaintLinkRow.complaint_id == row.id)) is not None:
            return
        units = {k: i for k, i in s.execute(select(UnitRow.unit_key, UnitRow.id).where(
            UnitRow.project_id == row.project_id))}
        link = self._match(s, row, units, self._clock(), "")
        if link is not None:
            s.add(link)

    def match_existing(self, project_id: int | None = None, by: str = "",
                       progress: Progress | None = None) -> int:
        """Link every case without a link whose unit text names a registered unit; returns how many."""
        now = self._clock()
        linked = 0
        with self._uow() as uow:
            s = uow.session
            stmt = select(ComplaintRow).outerjoin(ComplaintLinkRow, ComplaintLinkRow.complaint_id == ComplaintRow.id) \
                .where(ComplaintLinkRow.id.is_(None))
            if project_id is not None:
                stmt = stmt.where(ComplaintRow.project_id == project_id)
            cases = list(s.scalars(stmt.order_by(ComplaintRow.id)))
            unit_maps: dict[int, dict[str, int]] = {}
            for i, c in enumerate(cases, start=1):
                units = unit_maps.get(c.project_id)
                if units is None:
                    units = unit_maps[c.project_id] = {k: u for k, u in s.execute(
                        select(UnitRow.unit_key, UnitRow.id).where(UnitRow.project_id == c.project_id))}
                link = self._match(s, c, units, now, by)
                if link is not None:
                    s.add(link)
                    linked += 1
                if progress and i % 200 == 0:
                    progress(i, len(cases), f"正在匹配第 {i} 宗")
            uow.commit()
        return linked

    def _match(self, s: Session, c: ComplaintRow, units: dict[str, int], now: datetime,
               by: str) -> ComplaintLinkRow | None:
        unit_id = units.get(arc.unit_key(c.unit))
        if unit_id is None:
            return None
        client_id = self._client_at(s, unit_id, c.received_at.date(), c.complainant, c.phone)
        return ComplaintLinkRow(complaint_id=c.id, unit_id=unit_id, client_id=client_id, matched_by=AUTO,
                                linked_at=now, linked_by=by[:40])

    @staticmethod
    def _client_at(s: Session, unit_id: int, day: date, complainant: str, phone: str) -> int | None:
        """Who lived in the unit that day: the one whose phone or name fits, else the only one."""
        rows = s.execute(select(ClientRow.id, ClientRow.name, ClientRow.phone_digits, ClientRow.contact)
                         .join(OccupancyRow, OccupancyRow.client_id == ClientRow.id)
                         .where(OccupancyRow.unit_id == unit_id, OccupancyRow.move_in <= day,
                                or_(OccupancyRow.move_out.is_(None), OccupancyRow.move_out >= day))).all()
        if not rows:
            return None
        digits = arc.phone_key(phone)
        for cid, _name, client_phone, _contact in rows:
            if digits and client_phone and digits == client_phone:
                return int(cid)
        name = complainant.strip()
        for cid, client_name, _phone, contact in rows:
            if name and (name == client_name or name == contact):
                return int(cid)
        # 王先生 / 王女士: the surname and a title
        for cid, client_name, _phone, contact in rows:
            if name and len(name) <= 4 and name.endswith(("先生", "女士", "小姐", "阿姨", "伯", "经理")) and (
                    client_name.startswith(name[0]) or (contact or "").startswith(name[0])):
                return int(cid)
        return int(rows[0][0]) if len({r[0] for r in rows}) == 1 else None

    # --- the clerk's list ---------------------------------------------------------------------------------------
    def unmatched(self, project_id: int | None, offset: int = 0, limit: int = 500) -> Page:
        """Cases with no unit linked: the unit text names no registered unit (or is written oddly)."""
        with self._uow() as uow:
            s = uow.session
            stmt = select(ComplaintRow).outerjoin(ComplaintLinkRow, ComplaintLinkRow.complaint_id == ComplaintRow.id) \
                .where(or_(ComplaintLinkRow.id.is_(None), ComplaintLinkRow.unit_id.is_(None)))
            if project_id is not None:
                stmt = stmt.where(ComplaintRow.project_id == project_id)
            total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = list(s.scalars(stmt.order_by(ComplaintRow.received_at.desc()).offset(offset).limit(limit)))
            known = {(p, k) for p, k in s.execute(select(UnitRow.project_id, UnitRow.unit_key))}
            result = []
            for c in rows:
                parsed = arc.parse_unit(c.unit)
                if (c.project_id, arc.unit_key(c.unit)) in known:
                    reason = "尚未匹配（点「自动匹配」）"
                elif parsed is None:
                    reason = "房号写法无法识别"
                else:
                    reason = "房屋未登记"
                result.append(UnmatchedComplaint(c.id, c.number, c.received_at, c.complainant, c.unit, c.phone,
                                                 c.subject, c.project_id, reason))
            return Page(tuple(result), total)

    def link(self, complaint_id: int, unit_id: int | None, client_id: int | None, by: str) -> None:
        """The clerk places a case by hand (unit and/or client)."""
        if unit_id is None and client_id is None:
            raise ValidationError.single("unit", "请选择房屋或客户")
        with self._uow() as uow:
            s = uow.session
            case = s.get(ComplaintRow, complaint_id)
            if case is None:
                raise NotFoundError("该投诉不存在")
            targets = (("房屋", s.get(UnitRow, unit_id) if unit_id is not None else None, unit_id),
                       ("客户", s.get(ClientRow, client_id) if client_id is not None else None, client_id))
            for label, target, key in targets:
                if key is None:
                    continue
                if target is None:
                    raise NotFoundError(f"所选{label}不存在")
                if target.project_id != case.project_id:
                    raise ValidationError.single("unit", f"所选{label}与投诉不属于同一个管理处")
            row = s.scalar(select(ComplaintLinkRow).where(ComplaintLinkRow.complaint_id == complaint_id))
            if row is None:
                row = ComplaintLinkRow(complaint_id=complaint_id, matched_by=MANUAL, linked_at=self._clock())
                s.add(row)
            row.unit_id, row.client_id = unit_id, client_id
            row.matched_by, row.linked_at, row.linked_by = MANUAL, self._clock(), by[:40]
            uow.commit()

    def link_of(self, complaint_id: int) -> tuple[int | None, int | None]:
        with self._uow() as uow:
            row = uow.session.scalar(select(ComplaintLinkRow).where(ComplaintLinkRow.complaint_id == complaint_id))
            return (row.unit_id, row.client_id) if row else (None, None)
