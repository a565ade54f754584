"""The archive access log (篇3 「使用」 stage; PIPL): every view, print and export of a client's archive.

Written inside the use case's own session so that a view or an export and its log line are one fact.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wuye_desktop.services.archives_views import AccessLogView, Page
from wuye_desktop.storage.models_archives import AccessLogRow, ClientRow, UnitRow
from wuye_desktop.storage.uow import UowFactory

VIEW = "查看"
PRINT = "打印"
EXPORT = "导出"
EXPORT_WHOLE = "导出（完整）"


def write_log(s: Session, at: datetime, who: str, action: str, what: str, *, client_id: int | None = None,
              unit_id: int | None = None, project_id: int | None = None, whole: bool = False) -> None:
    s.add(AccessLogRow(at=at, who=(who or "未署名")[:40], action=action[:20], what=what[:200], client_id=client_id,
                       unit_id=unit_id, project_id=project_id, whole=whole))


def access_page(uow: UowFactory, project_id: int | None, client_id: int | None = None, offset: int = 0,
                limit: int = 200, action: str = "") -> Page:
    """Newest first; one client's lines or a project's (None: the whole company)."""
    a = AccessLogRow
    stmt = select(a, ClientRow.name, UnitRow.label).outerjoin(ClientRow, ClientRow.id == a.client_id) \
        .outerjoin(UnitRow, UnitRow.id == a.unit_id)
    if client_id is not None:
        stmt = stmt.where(a.client_id == client_id)
    elif project_id is not None:
        stmt = stmt.where(a.project_id == project_id)
    if action:
        stmt = stmt.where(a.action == action)
    with uow() as w:
        total = w.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = w.session.execute(stmt.order_by(a.at.desc(), a.id.desc()).offset(offset).limit(limit)).all()
        return Page(tuple(AccessLogView(r.id, r.at, r.who, r.action, r.what, r.client_id, name or "", label or "",
                                        r.whole) for r, name, label in rows), total)
