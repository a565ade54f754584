"""The complaint desk's paper as PDF files: 客户投诉记录表, 客户意见处理表 and the written-reply letter.

Maps a case (ComplaintDetail) to the plain data of export.pdf_complaint and picks the file name;
files go to ``<data folder>/print`` unless the caller names one.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from wuye_desktop.domain.complaint import Action, Channel
from wuye_desktop.domain.deadlines import RULES_BY_STEP, Status
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.complaint_views import ComplaintDetail, EventView
from wuye_desktop.services.complaints import ComplaintService
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.services.settings import SettingsService

if TYPE_CHECKING:
    from wuye_desktop.export import pdf_complaint as pdf

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_file_part(text: str) -> str:
    """A case number as part of a file name on Windows too (the ledger may bring 「TS/2026/1」)."""
    return _UNSAFE.sub("_", text).strip(" .") or "投诉"


class PrintService:
    def __init__(self, complaints: ComplaintService, settings: SettingsService, paths: DataPaths) -> None:
        self._complaints = complaints
        self._settings = settings
        self._paths = paths

    @property
    def folder(self) -> Path:
        return self._paths.root / "print"

    def complaint_record(self, complaint_id: int, out: Path | None = None) -> Path:
        """客户投诉记录表 (篇5 §2(4)): the complaint as received and its dispatch."""
        from wuye_desktop.export import pdf_complaint as pdf  # lazy import: a faster start (issue 8)
        d = self._complaints.get(complaint_id)
        dispatch = d.last_event(Action.DISPATCH)
        info = None
        if dispatch is not None:
            info = pdf.DispatchInfo(dispatch.data.get("department", ""), dispatch.at,
                                    _parse(dispatch.data.get("due_at", "")), dispatch.by)
        return _write(lambda target: pdf.complaint_record_pdf(self._facts(d), info, target),
                      out or self._default(d, "客户投诉记录表"))

    def handling_record(self, complaint_id: int, out: Path | None = None) -> Path:
        """客户意见处理表 (篇5 §1(5)): the handling record the customer confirms and that is filed."""
        from wuye_desktop.export import pdf_complaint as pdf  # lazy import: a faster start (issue 8)
        d = self._complaints.get(complaint_id)
        revisit = d.last_event(Action.REVISIT)
        record = pdf.HandlingRecord(
            facts=self._facts(d),
            verification="；".join(e.note for e in d.events if e.action in (Action.VERIFY, Action.EXPLAIN)
                                  and e.note),
            result=_note(d.last_event(Action.COMPLETE)),
            reply=_note(d.last_event(Action.REPLY)),
            timeline=tuple(pdf.TimelineEntry(e.action.value, e.at, e.by, _describe(e)) for e in d.events),
            deadlines=tuple(
                pdf.DeadlineEntry(x.label, _wording(x.step), x.due_at, x.done_at, x.status.value,
                                  x.status in (Status.DONE_LATE, Status.OVERDUE))
                for x in d.deadlines if x.due_at is not None),
            revisit=pdf.RevisitInfo(revisit.data.get("method", ""), revisit.data.get("satisfaction", ""),
                                    revisit.at, revisit.by, revisit.note) if revisit else None,
            checklist=tuple(pdf.CheckEntry(c.label, c.done, c.applies) for c in d.checklist),
            state=d.row.state,
        )
        return _write(lambda target: pdf.handling_record_pdf(record, target),
                      out or self._default(d, "客户意见处理表"))

    def reply_letter(self, complaint_id: int, out: Path | None = None) -> Path:
        """The written reply to a written complaint (篇5 §2(7))."""
        from wuye_desktop.export import pdf_complaint as pdf  # lazy import: a faster start (issue 8)
        d = self._complaints.get(complaint_id)
        if d.channel is not Channel.WRITTEN:
            raise DomainError(f"投诉 {d.row.number} 不是书面投诉，不需要书面回复函")
        reply = d.last_event(Action.REPLY)
        if reply is None or not d.written_reply.strip():
            raise DomainError(f"投诉 {d.row.number} 还没有记录回复客户的内容，不能打印书面回复函")
        letter = pdf.ReplyLetter(
            number=d.row.number, company=self._settings.company_name(), project=d.project_name,
            complainant=d.row.complainant, unit=d.row.unit, subject=d.row.subject,
            received_at=d.row.received_at, reply=d.written_reply, replied_at=reply.at)
        return _write(lambda target: pdf.reply_letter_pdf(letter, target),
                      out or self._default(d, "书面回复函"))

    def _facts(self, d: ComplaintDetail) -> pdf.CaseFacts:
        from wuye_desktop.export import pdf_complaint as pdf  # lazy import: a faster start (issue 8)
        r = d.row
        return pdf.CaseFacts(
            number=r.number, company=self._settings.company_name(), project=d.project_name,
            received_at=r.received_at, complainant=r.complainant, unit=r.unit, phone=r.phone,
            subject=r.subject, content=d.content, channel=r.channel, kind=r.kind, category=r.category,
            first_responder=r.first_responder, department=r.department, remarks=d.remarks)

    def _default(self, d: ComplaintDetail, form: str) -> Path:
        return self.folder / f"{safe_file_part(d.row.number)}-{form}.pdf"


def _write(render, target: Path) -> Path:  # type: ignore[no-untyped-def]
    """Render to ``target``; when that file is open in a viewer (Windows locks it), use 「-2」, 「-3」 …"""
    for attempt in range(1, 10):
        candidate = target if attempt == 1 else target.with_name(f"{target.stem}-{attempt}{target.suffix}")
        try:
            return render(candidate)  # type: ignore[no-any-return]
        except PermissionError:
            continue
    return render(target)  # type: ignore[no-any-return]  # let the last error speak


def _parse(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _note(event: EventView | None) -> str:
    return event.note if event else ""


def _wording(step: str) -> str:
    if step == "department_due":
        return "部门承诺"
    rule = RULES_BY_STEP.get(step)
    return rule.wording if rule else ""


def _describe(e: EventView) -> str:
    """The 说明 column of the timeline: the step's own data in words, then the clerk's note."""
    parts: list[str] = []
    data = e.data
    if e.action is Action.DISPATCH and data.get("department"):
        due = _parse(data.get("due_at", ""))
        parts.append(f"派往{data['department']}" + (f"，期限 {due:%m-%d %H:%M}" if due else ""))
    elif e.action is Action.RESPOND:
        due = _parse(data.get("due_at", ""))
        if due:
            parts.append(f"新的承诺完成时间 {due:%m-%d %H:%M}")
    elif e.action is Action.COMPLETE and data.get("work_done_at"):
        done = _parse(data["work_done_at"])
        if done:
            parts.append(f"实际完成 {done:%m-%d %H:%M}")
    elif e.action is Action.REVISIT:
        parts.append("、".join(x for x in (data.get("method", ""), data.get("satisfaction", "")) if x))
    elif e.action is Action.CLOSE and data.get("confirmed_by"):
        parts.append(f"客户确认：{data['confirmed_by']}")
    elif e.action is Action.ESCALATE and data.get("head"):
        parts.append(f"协调人：{data['head']}")
    if e.note:
        parts.append(e.note)
    return "；".join(p for p in parts if p)
