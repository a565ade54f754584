"""Residents' voice: opinions to handle (篇4 二.1(4)), suggestions with their public notice (篇4 一.4)
and the log of peer companies' visits (篇4 一.7)."""

from __future__ import annotations

import builtins

from datetime import date, datetime
from pathlib import Path
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from wuye_desktop.domain.complaint import Kind
from wuye_desktop.domain.errors import NotFoundError, TransitionError, ValidationError
from wuye_desktop.domain.revisit_voice import (
    Decision,
    DecisionInput,
    HandleInput,
    OpinionCategory,
    OpinionDraft,
    OpinionFilter,
    PeerVisitDraft,
    ReportInput,
    SuggestionDraft,
    SuggestionState,
    suggestion_state,
)
from wuye_desktop.domain.validators import length_error, not_future_error, order_error, required_error
from wuye_desktop.services import revisits_export
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.services.revisits_views import (
    CandidateView,
    OpinionPage,
    OpinionView,
    PeerVisitView,
    SuggestionView,
)
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage import revisit_queries
from wuye_desktop.storage.models import ComplaintRow, ProjectRow
from wuye_desktop.storage.models_revisits import OpinionRow, PeerVisitRow, SuggestionRow
from wuye_desktop.storage.uow import UowFactory

Progress = Callable[[int, int, str], None]


def project_of(s: Session, project_id: int) -> ProjectRow:
    project = s.get(ProjectRow, project_id)
    if project is None:
        raise NotFoundError("所选管理处不存在，请重新选择")
    return project


def new_opinion(s: Session, project_id: int, source: str, heard_at: datetime, content: str, now: datetime, *,
                category: str = OpinionCategory.OPINION.value, resident: str = "", unit: str = "",
                source_ref: str = "", due_at: datetime | None = None, major: bool = False,
                task_id: int | None = None, visit_id: int | None = None,
                response_id: int | None = None) -> OpinionRow:
    """Add one item to handle (the caller has validated the text)."""
    row = OpinionRow(project_id=project_id, source=source, source_ref=source_ref[:100], heard_at=heard_at,
                     resident=resident[:40], unit=unit[:40], category=category, content=content.strip(),
                     major=major, due_at=due_at, task_id=task_id, visit_id=visit_id, response_id=response_id,
                     head="", instruction="", handler="", result="", created_at=now, updated_at=now)
    s.add(row)
    return row

# What each step of an opinion or a suggestion writes (issue 7): a save on an older version shows these as they
# are now, keyed like the step's input and form. A step another clerk has done already is refused by its rule
# first (a plain message); the version check then catches any other save made meanwhile.
OPINION_REPORT_EDIT: EditShape[OpinionView] = EditShape(
    "意见", {"head": "报告对象（主任）", "at": "报告时间", "instruction": "主任批示"}, lambda v: v.content[:20],
    {"at": lambda v: v.reported_at})
OPINION_HANDLE_EDIT: EditShape[OpinionView] = EditShape(
    "意见", {"handler": "处理人", "at": "处理时间", "result": "处理结果及答复"}, lambda v: v.content[:20],
    {"at": lambda v: v.handled_at})
SUGGESTION_REPORT_EDIT: EditShape[SuggestionView] = EditShape(
    "合理化建议", {"head": "主任", "at": "报告时间"}, lambda v: v.content[:20], {"at": lambda v: v.reported_at})
DECISION_EDIT: EditShape[SuggestionView] = EditShape(
    "合理化建议", {"head": "主任", "decided_at": "决定时间", "decision": "决定", "note": "决定说明", "plan": "整改措施",
              "owner": "整改负责人", "due_on": "整改期限"}, lambda v: v.content[:20],
    {"note": lambda v: v.decision_note})
RECTIFIED_EDIT: EditShape[SuggestionView] = EditShape(
    "合理化建议", {"at": "完成时间", "note": "整改结果"}, lambda v: v.content[:20],
    {"at": lambda v: v.done_at, "note": lambda v: v.done_note})


def opinion_view(r: OpinionRow) -> OpinionView:
    return OpinionView(r.id, r.project_id, r.source, r.source_ref, r.heard_at, r.resident, r.unit, r.category,
                       r.content, r.major, r.due_at, r.reported_at, r.head, r.instruction, r.handled_at,
                       r.handler, r.result, r.task_id, r.visit_id, r.version)


class OpinionService:
    """Every opinion heard becomes an item, handled and answered (「件件有回音」, 篇4 一.5)."""

    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def page(self, f: OpinionFilter, offset: int = 0, limit: int = 200) -> OpinionPage:
        now = self._clock()
        with self._uow() as uow:
            rows = revisit_queries.opinion_page(uow.session, f, now, offset, limit)
            total = revisit_queries.opinion_count(uow.session, f, now)
            return OpinionPage(tuple(opinion_view(r) for r in rows), total)

    def get(self, opinion_id: int) -> OpinionView:
        with self._uow() as uow:
            return opinion_view(self._load(uow.session, opinion_id))

    def add(self, project_id: int, draft: OpinionDraft) -> OpinionView:
        now = self._clock()
        draft.validate(now)
        assert draft.heard_at is not None
        with self._uow() as uow:
            project_of(uow.session, project_id)
            row = new_opinion(uow.session, project_id, draft.source, draft.heard_at, draft.content, now,
                              category=draft.category, resident=draft.resident.strip(), unit=draft.unit.strip(),
                              source_ref=draft.source_ref.strip(), due_at=draft.due_at, major=draft.major)
            uow.commit()
            return opinion_view(row)

    def report(self, opinion_id: int, data: ReportInput, expected_version: int | None = None) -> OpinionView:
        """A major item goes to the head, whose instruction is kept (篇4 二.1(4))."""
        now = self._clock()
        with self._uow() as uow:
            row = self._load(uow.session, opinion_id)
            if row.handled_at is not None:
                raise TransitionError("该意见已处理完毕，不需要再报告主任")
            OPINION_REPORT_EDIT.check(row, expected_version, lambda: opinion_view(row))
            data.validate(now, row.heard_at)
            row.reported_at, row.head, row.instruction = data.at, data.head.strip(), data.instruction.strip()
            row.major = True
            row.updated_at = now
            OPINION_REPORT_EDIT.commit(uow, lambda: self.get(opinion_id))
            return opinion_view(row)

    def handle(self, opinion_id: int, data: HandleInput, expected_version: int | None = None) -> OpinionView:
        now = self._clock()
        with self._uow() as uow:
            row = self._load(uow.session, opinion_id)
            if row.handled_at is not None:
                raise TransitionError("该意见已处理完毕")
            OPINION_HANDLE_EDIT.check(row, expected_version, lambda: opinion_view(row))
            data.validate(now, row.heard_at)
            row.handled_at, row.handler, row.result = data.at, data.handler.strip(), data.result.strip()
            row.updated_at = now
            OPINION_HANDLE_EDIT.commit(uow, lambda: self.get(opinion_id))
            return opinion_view(row)

    def export(self, f: OpinionFilter, out: Path, progress: Progress | None = None) -> Path:
        now = self._clock()
        rows: list[OpinionView] = []
        offset = 0
        while True:
            chunk = self.page(f, offset, 2000).rows
            if not chunk:
                break
            rows.extend(chunk)
            offset += len(chunk)
            if progress:
                progress(len(rows), len(rows), f"已读取 {len(rows)} 条")
        return revisits_export.opinions_workbook(rows, _project_names(self._uow), now, out)

    @staticmethod
    def _load(s: Session, opinion_id: int) -> OpinionRow:
        row = s.get(OpinionRow, opinion_id)
        if row is None:
            raise NotFoundError("该意见不存在或已被删除")
        return row


def _project_names(uow_factory: UowFactory) -> dict[int, str]:
    with uow_factory() as uow:
        return {p.id: p.name for p in uow.session.scalars(select(ProjectRow))}


def suggestion_view(r: SuggestionRow) -> SuggestionView:
    return SuggestionView(
        r.id, r.project_id, r.complaint_id, r.proposed_at, r.proposer, r.unit, r.phone, r.content, r.recorded_by,
        r.reported_at, r.head, r.decided_at, r.decision, r.decision_note, r.plan, r.owner, r.due_on, r.done_at,
        r.done_note, r.published_on, r.praised,
        suggestion_state(r.reported_at, r.decision, r.done_at, r.published_on), r.version)


def suggestion_from_complaint(s: Session, row: ComplaintRow, now: datetime) -> SuggestionRow | None:
    """A 合理化建议 registered at the complaint desk is also a suggestion here (篇4 一.4), once."""
    if row.kind != Kind.SUGGESTION.value or row.id is None:
        return None
    if s.scalar(select(SuggestionRow.id).where(SuggestionRow.complaint_id == row.id)) is not None:
        return None
    content = row.subject if not row.content or row.content == row.subject else f"{row.subject}：{row.content}"
    suggestion = SuggestionRow(
        project_id=row.project_id, complaint_id=row.id, proposed_at=row.received_at, proposer=row.complainant,
        unit=row.unit, phone=row.phone, content=content, recorded_by=row.first_responder or "客户中心前台",
        head="", decision="", decision_note="", plan="", owner="", done_note="", praised=True,
        created_at=now, updated_at=now)
    s.add(suggestion)
    return suggestion


class SuggestionService:
    """合理化建议: record → report to the head → decision and rectification plan → done → posted."""

    def __init__(self, uow: UowFactory, clock: Clock, settings: SettingsService) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings

    def list(self, project_id: int | None, year: int | None = None) -> builtins.list[SuggestionView]:
        with self._uow() as uow:
            stmt = select(SuggestionRow).order_by(SuggestionRow.proposed_at.desc(), SuggestionRow.id.desc())
            if project_id is not None:
                stmt = stmt.where(SuggestionRow.project_id == project_id)
            if year is not None:
                stmt = stmt.where(SuggestionRow.proposed_at >= datetime(year, 1, 1),
                                  SuggestionRow.proposed_at < datetime(year + 1, 1, 1))
            return [suggestion_view(r) for r in uow.session.scalars(stmt)]

    def get(self, suggestion_id: int) -> SuggestionView:
        with self._uow() as uow:
            return suggestion_view(self._load(uow.session, suggestion_id))

    def add(self, project_id: int, draft: SuggestionDraft) -> SuggestionView:
        """Record a suggestion in detail when a resident brings it (篇4 一.4 「详细、认真地做好记录」)."""
        now = self._clock()
        draft.validate(now)
        assert draft.proposed_at is not None
        with self._uow() as uow:
            project_of(uow.session, project_id)
            row = SuggestionRow(project_id=project_id, proposed_at=draft.proposed_at, proposer=draft.proposer.strip(),
                                unit=draft.unit.strip(), phone=draft.phone.strip(), content=draft.content.strip(),
                                recorded_by=draft.recorded_by.strip(), head="", decision="", decision_note="",
                                plan="", owner="", done_note="", praised=True, created_at=now, updated_at=now)
            uow.session.add(row)
            uow.commit()
            return suggestion_view(row)

    def report(self, suggestion_id: int, head: str, at: datetime | None,
               expected_version: int | None = None) -> SuggestionView:
        """「及时向主任汇报」 (篇4 一.4)."""
        now = self._clock()
        with self._uow() as uow:
            row = self._load(uow.session, suggestion_id)
            if row.reported_at is not None:
                raise TransitionError("该建议已报告主任")
            SUGGESTION_REPORT_EDIT.check(row, expected_version, lambda: suggestion_view(row))
            errors: dict[str, str] = {}
            if e := required_error("主任", head, 40):
                errors["head"] = e
            if e := not_future_error("报告时间", at, now) or order_error("报告时间", at, "提出时间", row.proposed_at):
                errors["at"] = e
            if errors:
                raise ValidationError(errors)
            row.reported_at, row.head, row.updated_at = at, head.strip(), now
            SUGGESTION_REPORT_EDIT.commit(uow, lambda: self.get(suggestion_id))
            return suggestion_view(row)

    def decide(self, suggestion_id: int, data: DecisionInput, expected_version: int | None = None) -> SuggestionView:
        """The head decides; an adopted suggestion gets its rectification plan (篇4 一.4)."""
        now = self._clock()
        with self._uow() as uow:
            row = self._load(uow.session, suggestion_id)
            if row.reported_at is None:
                raise TransitionError("请先将建议报告主任，再登记主任的决定")
            if row.decision:
                raise TransitionError(f"主任已作出决定（{row.decision}）")
            DECISION_EDIT.check(row, expected_version, lambda: suggestion_view(row))
            data.validate(now, row.proposed_at)
            row.head = data.head.strip()
            row.decided_at, row.decision, row.decision_note = data.decided_at, data.decision, data.note.strip()
            if data.decision != Decision.REJECT.value:
                row.plan, row.owner, row.due_on = data.plan.strip(), data.owner.strip(), data.due_on
            row.praised = data.decision != Decision.REJECT.value
            row.updated_at = now
            DECISION_EDIT.commit(uow, lambda: self.get(suggestion_id))
            return suggestion_view(row)

    def complete(self, suggestion_id: int, at: datetime | None, note: str,
                 expected_version: int | None = None) -> SuggestionView:
        now = self._clock()
        with self._uow() as uow:
            row = self._load(uow.session, suggestion_id)
            if not row.decision or row.decision == Decision.REJECT.value:
                raise TransitionError("只有已采纳的建议才有整改可完成")
            if row.done_at is not None:
                raise TransitionError("该建议的整改已完成")
            RECTIFIED_EDIT.check(row, expected_version, lambda: suggestion_view(row))
            errors: dict[str, str] = {}
            assert row.decided_at is not None
            if e := not_future_error("完成时间", at, now) or order_error("完成时间", at, "决定时间", row.decided_at):
                errors["at"] = e
            if e := required_error("整改结果", note, 2000):
                errors["note"] = e
            if errors:
                raise ValidationError(errors)
            row.done_at, row.done_note, row.updated_at = at, note.strip(), now
            RECTIFIED_EDIT.commit(uow, lambda: self.get(suggestion_id))
            return suggestion_view(row)

    def set_praised(self, suggestion_id: int, praised: bool) -> SuggestionView:
        with self._uow() as uow:
            row = self._load(uow.session, suggestion_id)
            row.praised, row.updated_at = praised, self._clock()
            uow.commit()
            return suggestion_view(row)

    def publish(self, ids: builtins.list[int], on: date, out: Path) -> Path:
        """张榜公布 (篇4 一.4): the notice PDF of the chosen adopted suggestions, marked as posted."""
        from wuye_desktop.export import pdf_revisits  # lazy import: a faster start (issue 8)
        now = self._clock()
        if not ids:
            raise ValidationError.single("suggestions", "请选择要公布的建议（已采纳的）")
        if on > now.date():
            raise ValidationError.single("on", f"公布日期不能晚于今天（{now:%Y-%m-%d}）")
        with self._uow() as uow:
            s = uow.session
            rows = [self._load(s, i) for i in ids]
            if len({r.project_id for r in rows}) > 1:
                raise ValidationError.single("suggestions", "一张公告只能公布同一管理处的建议")
            rejected = [r for r in rows if not r.decision or r.decision == Decision.REJECT.value]
            if rejected:
                raise ValidationError.single("suggestions",
                                             f"「{rejected[0].content[:20]}」尚未采纳，不能张榜公布整改措施")
            project = project_of(s, rows[0].project_id)
            sheet = pdf_revisits.NoticeSheet(
                company=self._settings.company_name(), project=project.name, issued_on=on,
                measures=tuple(pdf_revisits.NoticeMeasure(
                    r.content, r.plan, r.owner, r.due_on,
                    "已完成" if r.done_at else "整改中") for r in rows),
                praised=tuple(dict.fromkeys((r.unit, r.proposer) for r in rows if r.praised)))
            path = pdf_revisits.write_public_notice(sheet, out)
            for r in rows:
                r.published_on = r.published_on or on
                r.updated_at = now
            uow.commit()
            return path

    def candidates(self, project_id: int | None, year: int) -> builtins.list[CandidateView]:
        """Every household that proposed in ``year``: priority in the 「文明户」 selection (篇4 一.4)."""
        found: dict[tuple[str, str], list[SuggestionView]] = {}
        for v in self.list(project_id, year):
            found.setdefault((v.unit, v.proposer), []).append(v)
        result = [CandidateView(unit, name, len(items),
                                sum(1 for i in items if i.decision and i.decision != Decision.REJECT.value),
                                min(i.proposed_at for i in items))
                  for (unit, name), items in found.items()]
        return sorted(result, key=lambda c: (-c.adopted, -c.suggestions, c.unit))

    def write_candidates_pdf(self, project_id: int, year: int, out: Path) -> Path:
        from wuye_desktop.export import pdf_revisits  # lazy import: a faster start (issue 8)
        with self._uow() as uow:
            project = project_of(uow.session, project_id).name
        sheet = pdf_revisits.CandidateSheet(
            company=self._settings.company_name(), project=project, year=year,
            rows=tuple(pdf_revisits.CandidateRow(c.unit, c.proposer, c.suggestions, c.adopted)
                       for c in self.candidates(project_id, year)),
            printed_on=self._clock().date())
        return pdf_revisits.write_candidate_list(sheet, out)

    def export(self, project_id: int | None, year: int | None, out: Path) -> Path:
        return revisits_export.suggestions_workbook(self.list(project_id, year), _project_names(self._uow),
                                               self._clock().date(), out)

    @staticmethod
    def _load(s: Session, suggestion_id: int) -> SuggestionRow:
        row = s.get(SuggestionRow, suggestion_id)
        if row is None:
            raise NotFoundError("该建议不存在或已被删除")
        return row


STATES_OF_NOTICE = (SuggestionState.RECTIFYING, SuggestionState.DONE, SuggestionState.PUBLISHED)

PEER_EDIT: EditShape[PeerVisitView] = EditShape(
    "同行参观记录", {"visited_on": "参观日期", "company": "来访单位", "visitors": "来访人员", "headcount": "人数",
               "received_by": "接待人", "content": "介绍内容", "note": "备注"}, lambda v: v.company)


def peer_view(r: PeerVisitRow) -> PeerVisitView:
    return PeerVisitView(r.id, r.project_id, r.visited_on, r.company, r.visitors, r.headcount, r.received_by,
                         r.content, r.note, r.version)


class PeerVisitService:
    """Peer property companies come to learn; they are received and shown round (篇4 一.7)."""

    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def list(self, project_id: int | None, year: int | None = None) -> builtins.list[PeerVisitView]:
        with self._uow() as uow:
            stmt = select(PeerVisitRow).order_by(PeerVisitRow.visited_on.desc(), PeerVisitRow.id.desc())
            if project_id is not None:
                stmt = stmt.where(PeerVisitRow.project_id == project_id)
            if year is not None:
                stmt = stmt.where(PeerVisitRow.visited_on >= date(year, 1, 1),
                                  PeerVisitRow.visited_on <= date(year, 12, 31))
            return [peer_view(r) for r in uow.session.scalars(stmt)]

    def save(self, project_id: int, draft: PeerVisitDraft, visit_id: int | None = None,
             expected_version: int | None = None) -> PeerVisitView:
        """Record a visit, or change one (``expected_version``: the view's; issue 7)."""
        now = self._clock()
        draft.validate(now.date())
        assert draft.visited_on is not None
        with self._uow() as uow:
            s = uow.session
            project_of(s, project_id)
            row = s.get(PeerVisitRow, visit_id) if visit_id else None
            if visit_id and row is None:
                raise NotFoundError("该参观记录不存在或已被删除")
            if row is not None:
                found = row
                PEER_EDIT.check(found, expected_version, lambda: peer_view(found))
            if row is None:
                row = PeerVisitRow(project_id=project_id, created_at=now)
                s.add(row)
            row.visited_on, row.company, row.visitors = draft.visited_on, draft.company.strip(), draft.visitors.strip()
            row.headcount, row.received_by = draft.headcount, draft.received_by.strip()
            row.content, row.note = draft.content.strip(), draft.note.strip()
            PEER_EDIT.commit(uow, lambda: self.get(visit_id or 0))
            return peer_view(row)

    def get(self, visit_id: int) -> PeerVisitView:
        with self._uow() as uow:
            row = uow.session.get(PeerVisitRow, visit_id)
            if row is None:
                raise NotFoundError("该参观记录不存在或已被删除")
            return peer_view(row)


def check_text(label: str, key: str, value: str, max_len: int, required: bool = True) -> None:
    error = required_error(label, value, max_len) if required else length_error(label, value, max_len)
    if error:
        raise ValidationError.single(key, error)
