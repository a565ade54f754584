"""What every repairs service shares: the unit of work, clock, calendar, numbering, file copies and
the alert that makes a major defect, accident or urgent repair show in the emergency banner."""

from __future__ import annotations

import logging
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from wuye_desktop.domain.complaint import Action, Channel, Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import DomainError, NotFoundError, ValidationError
from wuye_desktop.services.calendar import CalendarService
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.complaints import ComplaintService, StepInput
from wuye_desktop.storage.models import NumberSequenceRow, ProjectRow
from wuye_desktop.storage.uow import UowFactory

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"}


@dataclass
class RepairBase:
    uow: UowFactory
    clock: Clock
    calendar: CalendarService
    complaints: ComplaintService
    files_dir: Path

    # --- lookups ------------------------------------------------------------------------------
    @staticmethod
    def project(s: Session, project_id: int | None) -> ProjectRow:
        project = s.get(ProjectRow, project_id) if project_id is not None else None
        if project is None:
            raise NotFoundError("所选管理处不存在，请先在「设置」中选择或建立管理处")
        return project

    @staticmethod
    def next_number(s: Session, project: ProjectRow, prefix: str, year: int, column: InstrumentedAttribute[str]) -> str:
        """「BX-A01-2026-00001」 style numbers, per project, prefix and year."""
        scope = f"{prefix}-{project.code}"[:20]
        seq = s.scalar(select(NumberSequenceRow).where(NumberSequenceRow.scope == scope,
                                                       NumberSequenceRow.year == year))
        if seq is None:
            seq = NumberSequenceRow(scope=scope, year=year, last=0)
            s.add(seq)
        while True:
            seq.last += 1
            number = f"{prefix}-{project.code}-{year}-{seq.last:05d}"
            if s.scalar(select(column).where(column == number)) is None:
                return number

    # --- files ----------------------------------------------------------------------------------
    def copy_in(self, source: Path, images_only: bool = False) -> str:
        """Copy a file into the data folder; the stored name never comes from the user."""
        if not source.is_file():
            raise ValidationError.single("file", f"找不到文件「{source}」")
        if source.stat().st_size > MAX_FILE_BYTES:
            raise ValidationError.single("file", "文件不能超过50MB")
        suffix = "".join(c for c in source.suffix.lower() if c.isalnum() or c == ".")[:10]
        if images_only and suffix not in IMAGE_SUFFIXES:
            raise ValidationError.single("photo", "照片须为图片文件（png、jpg 等）")
        stored = f"{uuid.uuid4().hex}{suffix}"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, self.files_dir / stored)
        return stored

    def path_of(self, stored: str) -> str:
        return str(self.files_dir / stored) if stored else ""

    def discard(self, stored: str) -> None:
        if stored:
            (self.files_dir / stored).unlink(missing_ok=True)

    # --- the alert through the complaint desk (篇2 §6, 篇1 §5) ---------------------------------------
    def alert_draft(self, *, received_at: datetime, who: str, place: str, phone: str, subject: str,
                    content: str, category: str, channel: Channel = Channel.OTHER) -> ComplaintDraft:
        """A major complaint that puts the matter in the emergency banner with its ladder."""
        draft = ComplaintDraft(
            received_at=received_at, complainant=who[:40], unit=(place or "公共区域")[:40], phone=phone,
            subject=subject[:100], content=content[:10000], channel=channel, kind=Kind.MAJOR,
            category=category, first_responder=who[:40], department="工程部",
            front_desk_at=max(received_at, self.clock()),
        ).cleaned()
        return draft

    def check_alert(self, draft: ComplaintDraft, field_of: dict[str, str]) -> None:
        """Validate the alert before anything is saved; messages land on the repair form's fields."""
        try:
            draft.validate(self.clock())
        except ValidationError as exc:
            raise ValidationError({field_of.get(k, k): v for k, v in exc.errors.items()}) from exc

    def raise_alert(self, draft: ComplaintDraft, project_id: int, by: str, link_note: str,
                    link_data: dict[str, str]) -> int:
        """Register the major complaint and note the link on it; returns its id."""
        detail = self.complaints.register(draft, project_id, by)
        self.note_on_complaint(detail.id, by, link_note, link_data)
        return detail.id

    def note_on_complaint(self, complaint_id: int, by: str, note: str, data: dict[str, str] | None = None,
                          action: Action = Action.NOTE, at: datetime | None = None) -> bool:
        """Record a step on a linked complaint; a closed case or a step already done is left alone."""
        try:
            self.complaints.act(complaint_id, StepInput(action, by or "维修主管", at=at, note=note, data=data))
            return True
        except DomainError as exc:
            log.info("complaint %s not updated: %s", complaint_id, exc.message)
            return False
