"""The complaint desk's use cases: register, drive through the life cycle, list, group, attach."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from wuye_desktop.domain import five_clear
from wuye_desktop.domain.complaint import (
    COLLECTIVE_CATEGORY,
    LADDER_ACTIONS,
    OPEN_STATES,
    Action,
    Channel,
    Event,
    Kind,
    Satisfaction,
    State,
    allowed_actions,
    next_state,
)
from wuye_desktop.domain.deadlines import RULES_BY_STEP, Evaluation, Status, closing_settles, evaluate
from wuye_desktop.domain.draft import LABELS as DRAFT_LABELS
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import (
    DomainError, EditConflictError, NotFoundError, TransitionError, ValidationError,
)
from wuye_desktop.domain.grouping import CaseKey, collective_candidates, is_duplicate
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.domain.validators import length_error, not_future_error
from wuye_desktop.services.calendar import CalendarService
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.complaint_views import (
    AttachmentView,
    ComplaintDetail,
    ComplaintView,
    EmergencyView,
    EventView,
    LadderStep,
    OpenStep,
    Page,
)
from wuye_desktop.storage import complaint_queries
from wuye_desktop.storage.models import AttachmentRow, ComplaintEventRow, ComplaintRow, NumberSequenceRow, ProjectRow
from wuye_desktop.storage.uow import UowFactory

LADDER_STEP_OF: dict[Action, str] = {
    Action.LADDER_NOTIFY_DEPT: "notify_department",
    Action.LADDER_REPORT_LEADER: "report_leader",
    Action.LADDER_OFFICE_WRITTEN: "office_written",
    Action.LADDER_PHONE_BOARD: "phone_board",
    Action.LADDER_LEADER_WRITTEN: "leader_written",
    Action.LADDER_DEVELOPER_VERIFY: "developer_verify",
}

REVISIT_METHODS = ("电话", "上门", "座谈会", "问卷", "其他")

# An observer of recorded steps: (session, case row, action) → None; see ComplaintService.step_observers.
StepObserver = Callable[[Session, ComplaintRow, Action], None]


class ConflictError(DomainError):
    """Someone else saved the case since it was opened."""


class DetailsConflictError(EditConflictError, ConflictError):
    """The registered facts were saved by someone else meanwhile: carries the case as it is now (issue 7)."""


# The facts ``update_details`` corrects, keyed like ComplaintDraft (the merge dialog's rows).
DETAIL_KEYS = ("number", "received_at", "complainant", "unit", "phone", "subject", "content", "channel", "kind",
               "category", "first_responder", "department", "remarks")
DETAIL_LABELS = {k: DRAFT_LABELS.get(k, "备注" if k == "remarks" else k) for k in DETAIL_KEYS}


def detail_values(row: ComplaintRow) -> dict[str, object]:
    """The case's correctable facts as ComplaintDraft values (enums typed)."""
    return {"number": row.number, "received_at": row.received_at, "complainant": row.complainant,
            "unit": row.unit, "phone": row.phone, "subject": row.subject, "content": row.content,
            "channel": Channel(row.channel), "kind": Kind(row.kind), "category": row.category,
            "first_responder": row.first_responder, "department": row.department, "remarks": row.remarks}


def pinyin_initials(name: str) -> str:
    """张三 → zs; letters and digits in the name are kept (lower case)."""
    # Imported on first use: pypinyin loads its phrase dictionary on import, a large part of the
    # start-up time (issue 8, bench/bench_scale.py); a search or a save pays it once.
    from pypinyin import Style, lazy_pinyin

    parts = lazy_pinyin(name.strip(), style=Style.FIRST_LETTER, errors=lambda s: list(s))
    return "".join(p for p in parts if p.strip()).lower()[:40]


@dataclass(frozen=True)
class StepInput:
    """What a clerk enters for one step of a case."""

    action: Action
    by: str
    at: datetime | None = None
    note: str = ""
    data: dict[str, str] | None = None


def _iso(value: datetime | None) -> str:
    return value.isoformat(sep=" ", timespec="minutes") if value else ""


def to_event(e: ComplaintEventRow) -> Event:
    return Event(Action(e.action), e.at, e.by, e.note, dict(e.data or {}))


def row_view(r: ComplaintRow) -> ComplaintView:
    return ComplaintView(
        id=r.id, project_id=r.project_id, number=r.number, received_at=r.received_at,
        complainant=r.complainant, unit=r.unit, phone=r.phone, subject=r.subject, channel=r.channel,
        kind=r.kind, category=r.category, state=r.state, department=r.department,
        first_responder=r.first_responder, dispatched_at=r.dispatched_at, completed_at=r.completed_at,
        revisit_due=r.revisit_due, revisited_at=r.revisited_at, revisit_result=r.revisit_result,
        next_due_at=r.next_due_at, next_due_step=r.next_due_step,
        done_late=tuple(x for x in r.late_steps.split("、") if x),
        open_steps=tuple(OpenStep(s["label"], datetime.fromisoformat(s["due"])) for s in (r.open_steps or [])),
        emergency_active=r.emergency_active, version=r.version,
    )


class ComplaintService:
    def __init__(self, uow: UowFactory, clock: Clock, calendar: CalendarService, attachments_dir: Path) -> None:
        self._uow = uow
        self._clock = clock
        self._calendar = calendar
        self._attachments = attachments_dir
        # Other areas react to a recorded step inside the same transaction (the revisits area creates
        # the revisit task of a completed case, 篇2 §5). Called after ``_refresh`` with the session,
        # the case row and the action; an observer that raises rolls the whole step back.
        self.step_observers: list[StepObserver] = []

    # --- registration -----------------------------------------------------------------------
    def register(self, draft: ComplaintDraft, project_id: int, by: str) -> ComplaintDetail:
        """Record a complaint with the five facts of 篇2 §1; the front desk's receipt is an event."""
        now = self._clock()
        draft = draft.cleaned()
        draft.validate(now)
        if draft.front_desk_at is None and draft.first_responder == "":
            raise ValidationError.single("first_responder", "首问人不能为空：尚未交前台的投诉须写明接报人")
        with self._uow() as uow:
            s = uow.session
            project = self._project(s, project_id)
            if draft.number:
                self._check_number_free(s, draft.number)
            row = self._new_row(s, project, draft, now)
            s.add(row)
            s.flush()
            self._add_event(row, Action.RECEIVE, draft.received_at, draft.first_responder or by,  # type: ignore[arg-type]
                            "", {}, now)
            if draft.front_desk_at is not None:
                self._add_event(row, Action.TO_FRONT_DESK, draft.front_desk_at, by, "", {}, now)
                row.state = State.AT_FRONT_DESK.value
            self._refresh(row, now)
            self._notify(s, row, Action.RECEIVE)
            uow.commit()
            return self._detail(s, row, now)

    def _new_row(self, s: Session, project: ProjectRow, draft: ComplaintDraft, now: datetime) -> ComplaintRow:
        assert draft.received_at is not None
        return ComplaintRow(
            project_id=project.id,
            number=draft.number or self._next_number(s, project, draft.received_at.year),
            received_at=draft.received_at, complainant=draft.complainant,
            complainant_initials=pinyin_initials(draft.complainant), unit=draft.unit, phone=draft.phone,
            subject=draft.subject, content=draft.content, channel=draft.channel.value,
            kind=draft.kind.value, category=draft.category, first_responder=draft.first_responder,
            department=draft.department, state=State.RECEIVED.value, remarks=draft.remarks,
            open_steps=[], created_at=now, updated_at=now,
        )

    def update_details(self, complaint_id: int, draft: ComplaintDraft, expected_version: int) -> ComplaintDetail:
        """Correct the registered facts (typos, a better category); the events stay as they are."""
        now = self._clock()
        draft = draft.cleaned()
        draft.validate(now)
        with self._uow() as uow:
            s = uow.session
            row = self._load(s, complaint_id)
            if row.version != expected_version:
                raise self._details_conflict(row)
            try:  # the queries below autoflush the versioned UPDATE: a lost race can show before the commit
                if draft.number and draft.number != row.number:
                    self._check_number_free(s, draft.number)
                    row.number = draft.number
                row.complainant, row.unit, row.phone = draft.complainant, draft.unit, draft.phone
                row.complainant_initials = pinyin_initials(draft.complainant)
                row.subject, row.content, row.remarks = draft.subject, draft.content, draft.remarks
                row.channel, row.kind, row.category = draft.channel.value, draft.kind.value, draft.category
                row.first_responder, row.department = draft.first_responder, draft.department
                if draft.received_at and draft.received_at != row.received_at:
                    row.received_at = draft.received_at
                    for e in row.events:
                        if e.action == Action.RECEIVE.value:
                            e.at = draft.received_at
                self._refresh(row, now)
                uow.commit()
            except StaleDataError:
                pass
            else:
                return self._detail(s, row, now)
        with self._uow() as uow:  # lost the race at commit: report the case as the winner left it
            raise self._details_conflict(self._load(uow.session, complaint_id))

    @staticmethod
    def _details_conflict(row: ComplaintRow) -> DetailsConflictError:
        return DetailsConflictError(f"投诉 {row.number} 已被他人修改（当前第{row.version}版）", row.version,
                                    detail_values(row), DETAIL_LABELS)

    def _check_number_free(self, s: Session, number: str) -> None:
        if s.scalar(select(ComplaintRow.id).where(ComplaintRow.number == number)) is not None:
            raise ValidationError.single("number", f"投诉编号「{number}」已存在")

    def _next_number(self, s: Session, project: ProjectRow, year: int) -> str:
        scope = f"TS-{project.code}"
        seq = s.scalar(select(NumberSequenceRow).where(NumberSequenceRow.scope == scope,
                                                       NumberSequenceRow.year == year))
        if seq is None:
            seq = NumberSequenceRow(scope=scope, year=year, last=0)
            s.add(seq)
        while True:
            seq.last += 1
            number = f"{project.code}-{year}-{seq.last:05d}"
            if s.scalar(select(ComplaintRow.id).where(ComplaintRow.number == number)) is None:
                return number

    @staticmethod
    def _project(s: Session, project_id: int) -> ProjectRow:
        project = s.get(ProjectRow, project_id)
        if project is None:
            raise NotFoundError("所选管理处不存在，请重新选择")
        return project

    # --- checks before registration ------------------------------------------------------------
    def duplicates_for(self, unit: str, category: str, received_at: datetime, project_id: int,
                       exclude_id: int | None = None) -> list[ComplaintView]:
        """Cases of the same unit and category within 7 days: a likely duplicate."""
        with self._uow() as uow:
            rows = uow.session.scalars(
                select(ComplaintRow).where(
                    ComplaintRow.project_id == project_id, ComplaintRow.category == category,
                    ComplaintRow.received_at >= received_at - timedelta(days=7),
                    ComplaintRow.received_at <= received_at + timedelta(days=7)))
            return [row_view(r) for r in rows if r.id != exclude_id and is_duplicate(
                unit, category, received_at, CaseKey(r.id, r.number, r.unit, r.category, r.received_at))]

    def collective_proposals(self, project_id: int, window_days: int = 3) -> list[list[ComplaintView]]:
        """Open ungrouped cases of three or more units sharing a category within the window."""
        with self._uow() as uow:
            rows = list(uow.session.scalars(
                select(ComplaintRow).where(
                    ComplaintRow.project_id == project_id, ComplaintRow.group_id.is_(None),
                    ComplaintRow.state.in_([s.value for s in OPEN_STATES]),
                    ComplaintRow.category != COLLECTIVE_CATEGORY,
                    ComplaintRow.kind.in_([Kind.GENERAL.value, Kind.MAJOR.value]),
                    ComplaintRow.received_at >= self._clock() - timedelta(days=max(window_days, 1) * 3))))
            by_id = {r.id: r for r in rows}
            groups = collective_candidates(
                [CaseKey(r.id, r.number, r.unit, r.category, r.received_at) for r in rows], window_days)
            return [[row_view(by_id[k.id]) for k in g] for g in groups]

    def group_collective(self, ids: list[int], by: str, subject: str = "") -> ComplaintDetail:
        """Open one collective (major) case for the originals and link them to it (篇5 §2(6))."""
        now = self._clock()
        if len(ids) < 2:
            raise ValidationError.single("members", "请至少选择两宗投诉合并为集体投诉")
        with self._uow() as uow:
            s = uow.session
            members = [self._load(s, i) for i in ids]
            if len({m.project_id for m in members}) > 1:
                raise ValidationError.single("members", "不同管理处的投诉不能合并")
            if any(m.group_id for m in members):
                raise ValidationError.single("members", "所选投诉中有已并入集体投诉的案件")
            first = min(members, key=lambda m: m.received_at)
            units = "、".join(dict.fromkeys(m.unit for m in members))
            draft = ComplaintDraft(
                received_at=first.received_at, complainant=f"{first.complainant}等{len(members)}户",
                unit=units[:40], phone=first.phone,
                subject=(subject or f"集体投诉：{first.category}（{len({m.unit for m in members})}户）")[:100],
                content="\n".join(f"{m.number} {m.unit} {m.complainant}：{m.subject}" for m in members),
                channel=Channel(first.channel), kind=Kind.MAJOR, category=COLLECTIVE_CATEGORY,
                first_responder=first.first_responder, department=first.department,
            )
            project = self._project(s, first.project_id)
            row = self._new_row(s, project, draft, now)
            s.add(row)
            s.flush()
            self._add_event(row, Action.RECEIVE, first.received_at, first.first_responder or by, "", {}, now)
            self._add_event(row, Action.TO_FRONT_DESK, now, by, "由相关投诉合并为集体投诉", {}, now)
            row.state = State.AT_FRONT_DESK.value
            for m in members:
                m.group_id = row.id
                self._add_event(m, Action.GROUP, now, by, f"并入集体投诉 {row.number}", {"group": row.number}, now)
                m.updated_at = now
            self._refresh(row, now)
            uow.commit()
            return self._detail(s, row, now)

    # --- the life cycle ----------------------------------------------------------------------------
    def act(self, complaint_id: int, step: StepInput, expected_version: int | None = None) -> ComplaintDetail:
        """Record one step; the state machine refuses steps the case's state does not allow."""
        now = self._clock()
        with self._uow() as uow:
            s = uow.session
            row = self._load(s, complaint_id, expected_version)
            state = State(row.state)
            new_state = next_state(state, step.action, Kind(row.kind))
            at = step.at or now
            data = {k: v for k, v in (step.data or {}).items() if v is not None}
            self._validate_step(row, step, at, data, now)
            if step.action in LADDER_ACTIONS and Kind(row.kind) is not Kind.MAJOR:
                raise TransitionError("只有重大投诉（突发事件）需要逐级上报")
            if step.action in LADDER_ACTIONS and any(e.action == step.action.value for e in row.events):
                raise TransitionError(f"「{step.action.value}」已经记录过了")
            if step.action is Action.CLOSE:
                missing = five_clear.missing_for_close([to_event(e) for e in row.events], Kind(row.kind),
                                                       row.content or row.subject, data.get("confirmed_by", ""))
                if missing:
                    raise TransitionError("「五清楚，一报告」尚未完成：" + "、".join(missing) + "，不能结案")
            if step.action is Action.DISPATCH:
                row.department = data["department"]
            if step.action is Action.EXPLAIN and row.kind != Kind.UNREASONABLE.value:
                # The front desk judged it unreasonable (篇2 §3): the case is 非合理 from now on.
                data["kind_before"] = row.kind
                row.kind = Kind.UNREASONABLE.value
            self._add_event(row, step.action, at, step.by.strip(), step.note.strip(), data, now)
            row.state = new_state.value
            row.updated_at = now
            self._refresh(row, now)
            self._notify(s, row, step.action)
            self._commit(uow)
            return self._detail(s, row, now)

    def _validate_step(self, row: ComplaintRow, step: StepInput, at: datetime, data: dict[str, str],
                       now: datetime) -> None:
        errors: dict[str, str] = {}
        a = step.action
        if not step.by.strip():
            errors["by"] = "经办人不能为空"
        if e := not_future_error("时间", at, now):
            errors["at"] = e
        elif at < row.received_at:
            errors["at"] = f"时间不能早于受理时间（{row.received_at:%Y-%m-%d %H:%M}）"
        if e := length_error("说明", step.note, 10000):
            errors["note"] = e

        def need_note(label: str) -> None:
            if not step.note.strip():
                errors["note"] = f"{label}不能为空"

        def need_time(key: str, label: str, after: datetime) -> datetime | None:
            raw = data.get(key, "")
            if not raw:
                errors[key] = f"{label}不能为空"
                return None
            try:
                value = datetime.fromisoformat(raw)
            except ValueError:
                errors[key] = f"{label}「{raw}」不是有效的时间"
                return None
            if value <= after:
                errors[key] = f"{label}应晚于{after:%Y-%m-%d %H:%M}"
            return value

        if a is Action.DISPATCH:
            if not data.get("department", "").strip():
                errors["department"] = "责任部门不能为空"
            need_time("due_at", "处理期限", at)
        elif a is Action.RESPOND:
            need_note("不能按时完成的原因")
            need_time("due_at", "新的承诺完成时间", at)
        elif a is Action.COMPLETE:
            need_note("处理结果")
            done = data.get("work_done_at", "")
            if done:
                try:
                    done_at = datetime.fromisoformat(done)
                    if done_at > at:
                        errors["work_done_at"] = "实际完成时间不能晚于反馈前台的时间"
                    elif done_at < row.received_at:
                        errors["work_done_at"] = "实际完成时间不能早于受理时间"
                except ValueError:
                    errors["work_done_at"] = f"实际完成时间「{done}」不是有效的时间"
        elif a is Action.REPLY:
            need_note("回复内容")
        elif a is Action.REVISIT:
            if data.get("satisfaction", "") not in {s.value for s in Satisfaction}:
                errors["satisfaction"] = "请选择满意度（满意、基本满意或不满意）"
            if data.get("method", "") not in REVISIT_METHODS:
                errors["method"] = "请选择回访方式"
            need_note("回访记录")
        elif a is Action.CLOSE:
            if not data.get("confirmed_by", "").strip():
                errors["confirmed_by"] = "客户确认人不能为空（由客户确认后收回存档）"
        elif a in (Action.EXPLAIN, Action.REOPEN, Action.NOTE, Action.REPORT, Action.VERIFY):
            need_note({Action.EXPLAIN: "解释内容", Action.REOPEN: "重新打开的原因",
                       Action.NOTE: "跟进记录", Action.REPORT: "报告内容",
                       Action.VERIFY: "核实情况"}[a])
        elif a is Action.ESCALATE:
            if not data.get("head", "").strip():
                errors["head"] = "出面协调的部门负责人不能为空"
        if errors:
            raise ValidationError(errors)

    # --- reading ------------------------------------------------------------------------------------
    def get(self, complaint_id: int) -> ComplaintDetail:
        with self._uow() as uow:
            return self._detail(uow.session, self._load(uow.session, complaint_id), self._clock())

    def page(self, f: ComplaintFilter, offset: int = 0, limit: int = 200, with_total: bool = True) -> Page:
        now = self._clock()
        with self._uow() as uow:
            rows = complaint_queries.page(uow.session, f, now, offset, limit)
            total, capped = complaint_queries.count(uow.session, f, now) if with_total else (len(rows), False)
            return Page(tuple(row_view(r) for r in rows), total, capped)

    def all_rows(self, f: ComplaintFilter, batch: int = 2000):  # type: ignore[no-untyped-def]
        """Every row of a filter in batches (for exports); yields lists of views."""
        offset = 0
        while True:
            chunk = self.page(f, offset, batch, with_total=False).rows
            if not chunk:
                return
            yield list(chunk)
            offset += len(chunk)

    def events_of(self, ids: list[int]) -> dict[int, list[EventView]]:
        with self._uow() as uow:
            result: dict[int, list[EventView]] = {i: [] for i in ids}
            for e in uow.session.scalars(select(ComplaintEventRow).where(
                    ComplaintEventRow.complaint_id.in_(ids)).order_by(ComplaintEventRow.at, ComplaintEventRow.id)):
                result[e.complaint_id].append(_event_view(e))
            return result

    def emergencies(self, project_id: int | None = None) -> list[EmergencyView]:
        """Major cases whose emergency ladder still has steps to do; they drive the banner."""
        now = self._clock()
        with self._uow() as uow:
            stmt = select(ComplaintRow).where(ComplaintRow.emergency_active.is_(True)).order_by(ComplaintRow.received_at)
            if project_id is not None:
                stmt = stmt.where(ComplaintRow.project_id == project_id)
            result = []
            for row in uow.session.scalars(stmt):
                evaluation = self._evaluate(row, now)
                done_by = {Action(e.action): e.by for e in row.events if e.action in {a.value for a in LADDER_ACTIONS}}
                steps = []
                for action, step in LADDER_STEP_OF.items():
                    d = next((x for x in evaluation.deadlines if x.step == step and x.cycle == 0), None)
                    rule = RULES_BY_STEP[step]
                    steps.append(LadderStep(step, rule.label, action, d.due_at if d else None,
                                            d.done_at if d else None, done_by.get(action, ""), rule.source))
                result.append(EmergencyView(row.id, row.number, row.project_id, row.category, row.unit,
                                            row.subject, row.received_at, tuple(steps)))
            return result

    # --- bulk import (the office's ledger, see services.complaint_excel) ---------------------------------
    def existing_numbers(self, numbers: Iterable[str]) -> set[str]:
        """Which of ``numbers`` are already case numbers (checked in chunks of 500)."""
        wanted = [n for n in dict.fromkeys(numbers) if n]
        found: set[str] = set()
        with self._uow() as uow:
            for i in range(0, len(wanted), 500):
                found.update(uow.session.scalars(
                    select(ComplaintRow.number).where(ComplaintRow.number.in_(wanted[i:i + 500]))))
        return found

    def import_cases(self, cases: Sequence[tuple[ComplaintDraft, Sequence[StepInput]]], project_id: int,
                     progress: Callable[[int, int, str], None] | None = None) -> int:
        """Write many past cases with their events in ONE transaction: all or nothing.

        The caller has validated drafts and step times (a ledger's rows); each case's steps start with
        RECEIVE and follow the state machine. Numbers are allocated like ``register`` does, but without a
        query per case so 10,000 rows take seconds. ``progress`` may raise to cancel (nothing is written).
        """
        now = self._clock()
        total = len(cases)
        if not cases:
            return 0
        given = [d.number for d, _ in cases if d.number]
        clash = self.existing_numbers(given)
        if clash:
            raise ValidationError.single("number", "投诉编号已存在：" + "、".join(sorted(clash)[:20]))
        with self._uow() as uow:
            s = uow.session
            project = self._project(s, project_id)
            # Everything the loop needs from the database is read first: no autoflush per case.
            years = {d.received_at.year for d, _ in cases if not d.number and d.received_at}
            scope = f"TS-{project.code}"
            sequences: dict[int, NumberSequenceRow] = {}
            taken: set[str] = set(given)
            for year in years:
                seq = s.scalar(select(NumberSequenceRow).where(NumberSequenceRow.scope == scope,
                                                               NumberSequenceRow.year == year))
                if seq is None:
                    seq = NumberSequenceRow(scope=scope, year=year, last=0)
                    s.add(seq)
                sequences[year] = seq
                taken.update(s.scalars(select(ComplaintRow.number).where(
                    ComplaintRow.number.like(f"{project.code}-{year}-%"))))
            # The ORM's unit of work costs ~2 ms a case with its events; rows are built by _new_row and
            # kept current by _refresh as in ``register``, then written with two bulk INSERTs.
            case_values: list[dict[str, object]] = []
            case_events: list[list[dict[str, object]]] = []
            with s.no_autoflush:
                for done, (draft, steps) in enumerate(cases, start=1):
                    assert draft.received_at is not None
                    number = draft.number
                    if not number:
                        seq = sequences[draft.received_at.year]
                        while True:
                            seq.last += 1
                            number = f"{project.code}-{draft.received_at.year}-{seq.last:05d}"
                            if number not in taken:
                                break
                        taken.add(number)
                    row = self._new_row(s, project, replace(draft, number=number), now)
                    values = {k: getattr(row, k) for k in _BULK_COLUMNS}
                    values.update(group_id=None, version=1)
                    events: list[dict[str, object]] = []
                    state = State.RECEIVED
                    for step in steps:
                        if step.action is not Action.RECEIVE:
                            state = next_state(state, step.action, draft.kind)
                        data = dict(step.data or {})
                        if step.action is Action.DISPATCH:
                            values["department"] = data.get("department", values["department"])
                        events.append({"action": step.action.value, "at": step.at or draft.received_at,
                                       "by": step.by, "note": step.note, "data": data, "recorded_at": now})
                    values["state"] = state.value
                    shadow = SimpleNamespace(**values, events=[SimpleNamespace(**e) for e in events])
                    self._refresh(shadow, now)  # type: ignore[arg-type]  # reads events, sets list columns
                    values.update({k: getattr(shadow, k) for k in _REFRESHED_COLUMNS})
                    if values["emergency_active"] and now - draft.received_at > IMPORT_LIVE_EMERGENCY:
                        # The banner is for live emergencies (篇2 §6–7); a ledger's old major case is
                        # history. It lights up again if a clerk records a step on it (_refresh).
                        values["emergency_active"] = False
                    case_values.append(values)
                    case_events.append(events)
                    if progress and (done % 200 == 0 or done == total):
                        progress(done, total, f"正在整理第 {done} 宗（共 {total} 宗）")
                if progress:
                    progress(total, total, "正在写入数据库…")
                try:
                    ids = list(s.scalars(insert(ComplaintRow).returning(ComplaintRow.id,
                                                                        sort_by_parameter_order=True), case_values))
                    rows = [dict(e, complaint_id=cid) for cid, evs in zip(ids, case_events) for e in evs]
                    if rows:  # the table itself: a plain executemany, no ORM bookkeeping per event
                        s.execute(insert(ComplaintEventRow.__table__), rows)
                    uow.commit()
                except IntegrityError as exc:  # a number registered meanwhile on another PC
                    raise ValidationError.single(
                        "number", "有投诉编号刚被他人占用，未导入任何数据；请重新检查台账后再导入") from exc
        return total

    # --- attachments ------------------------------------------------------------------------------------
    def add_attachment(self, complaint_id: int, source: Path, by: str) -> AttachmentView:
        """Copy a photo or scan into the data folder; the stored name never comes from the user."""
        if not source.is_file():
            raise ValidationError.single("file", f"找不到文件「{source}」")
        if source.stat().st_size > 50 * 1024 * 1024:
            raise ValidationError.single("file", "附件不能超过50MB")
        suffix = "".join(c for c in source.suffix.lower() if c.isalnum() or c == ".")[:10]
        stored = f"{uuid.uuid4().hex}{suffix}"
        self._attachments.mkdir(parents=True, exist_ok=True)
        target = self._attachments / stored
        shutil.copy2(source, target)
        now = self._clock()
        try:
            with self._uow() as uow:
                row = self._load(uow.session, complaint_id)
                att = AttachmentRow(original_name=source.name[:200], stored_name=stored, added_at=now, added_by=by)
                row.attachments.append(att)
                uow.commit()
                return self._attachment_view(att)
        except Exception:
            target.unlink(missing_ok=True)
            raise

    def _attachment_view(self, a: AttachmentRow) -> AttachmentView:
        return AttachmentView(a.id, a.original_name, str(self._attachments / a.stored_name), a.added_at, a.added_by)

    # --- helpers ----------------------------------------------------------------------------------------------
    def _load(self, s: Session, complaint_id: int, expected_version: int | None = None) -> ComplaintRow:
        row = s.get(ComplaintRow, complaint_id)
        if row is None:
            raise NotFoundError(f"投诉（编号 {complaint_id}）不存在或已被删除")
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(f"投诉 {row.number} 已被他人修改（当前第{row.version}版），请刷新后再操作")
        return row

    @staticmethod
    def _commit(uow) -> None:  # type: ignore[no-untyped-def]
        try:
            uow.commit()
        except StaleDataError as exc:
            raise ConflictError("该投诉刚被他人修改，请刷新后再操作") from exc

    def _notify(self, s: Session, row: ComplaintRow, action: Action) -> None:
        for observer in self.step_observers:
            observer(s, row, action)

    @staticmethod
    def _add_event(row: ComplaintRow, action: Action, at: datetime, by: str, note: str,
                   data: dict[str, str], now: datetime) -> None:
        row.events.append(ComplaintEventRow(action=action.value, at=at, by=by, note=note, data=data,
                                            recorded_at=now))

    def _evaluate(self, row: ComplaintRow, now: datetime) -> Evaluation:
        evaluation = evaluate([to_event(e) for e in row.events], Kind(row.kind), self._calendar.calendar(), now)
        return closing_settles(evaluation) if row.state == State.CLOSED.value else evaluation

    def _refresh(self, row: ComplaintRow, now: datetime) -> None:
        """Keep the list columns in step with the events so lists filter in SQL."""
        evaluation = self._evaluate(row, now)
        events = [to_event(e) for e in row.events]

        def last(action: Action) -> Event | None:
            found = [e for e in sorted(events, key=lambda e: e.at) if e.action is action]
            return found[-1] if found else None

        dispatch, complete, revisit, close = (last(Action.DISPATCH), last(Action.COMPLETE),
                                              last(Action.REVISIT), last(Action.CLOSE))
        reopen = last(Action.REOPEN)
        row.dispatched_at = dispatch.at if dispatch else None
        current_complete = complete if complete and (reopen is None or complete.at >= reopen.at) else None
        row.completed_at = (datetime.fromisoformat(current_complete.get("work_done_at"))
                            if current_complete and current_complete.get("work_done_at")
                            else (current_complete.at if current_complete else None))
        revisit_deadline = evaluation.find("revisit")
        row.revisit_due = revisit_deadline.due_at if revisit_deadline else None
        row.revisited_at = revisit.at if revisit else None
        row.revisit_result = revisit.get("satisfaction") if revisit else ""
        row.closed_at = close.at if close and row.state == State.CLOSED.value else None
        closed = row.state == State.CLOSED.value
        late = evaluation.late_labels if closed else evaluation.done_late_labels
        row.late_steps = "、".join(late)[:200]
        row.has_late = bool(late)
        open_steps = [] if closed else evaluation.open
        row.open_steps = [{"label": d.label, "due": d.due_at.isoformat()} for d in open_steps if d.due_at]
        nxt = open_steps[0] if open_steps else None
        row.next_due_at = nxt.due_at if nxt else None
        row.next_due_step = nxt.label if nxt else ""
        row.emergency_active = (not closed and Kind(row.kind) is Kind.MAJOR and any(
            d.emergency and d.cycle == 0 and d.status in (Status.PENDING, Status.OVERDUE, Status.WAITING)
            for d in evaluation.deadlines))

    def _detail(self, s: Session, row: ComplaintRow, now: datetime) -> ComplaintDetail:
        evaluation = self._evaluate(row, now)
        events = [to_event(e) for e in row.events]
        members = s.scalars(select(ComplaintRow).where(ComplaintRow.group_id == row.id)
                            .order_by(ComplaintRow.received_at)).all()
        warning = ""
        if evaluation.calendar_warnings:
            warning = self._calendar.year_status(evaluation.calendar_warnings[0]).text
        reply = next((e.note for e in reversed(events) if e.action is Action.REPLY), "")
        project = s.get(ProjectRow, row.project_id)
        state = State(row.state)
        allowed = allowed_actions(state, Kind(row.kind))
        if Kind(row.kind) is Kind.MAJOR and state in OPEN_STATES:
            done = {e.action for e in events}
            allowed += [a for a in LADDER_ACTIONS if a not in done]
        return ComplaintDetail(
            row=row_view(row), project_name=project.name if project else "", content=row.content,
            remarks=row.remarks, events=tuple(_event_view(e) for e in sorted(row.events, key=lambda e: (e.at, e.id or 0))),
            deadlines=evaluation.deadlines,
            checklist=tuple(five_clear.checklist(events, Kind(row.kind), row.content or row.subject)),
            allowed=tuple(allowed), attachments=tuple(self._attachment_view(a) for a in row.attachments),
            calendar_warning=warning, group_id=row.group_id, members=tuple(row_view(m) for m in members),
            written_reply=reply if row.channel == Channel.WRITTEN.value else "",
        )


# An imported major case older than the longest step of the emergency ladder (48 h, 篇2 §7) is history.
IMPORT_LIVE_EMERGENCY = timedelta(hours=48)

# The columns a bulk import writes: those _new_row fills and those _refresh keeps current.
_BULK_COLUMNS = ("project_id", "number", "received_at", "complainant", "complainant_initials", "unit", "phone",
                 "subject", "content", "channel", "kind", "category", "first_responder", "department", "state",
                 "remarks", "open_steps", "created_at", "updated_at")
_REFRESHED_COLUMNS = ("dispatched_at", "completed_at", "revisit_due", "revisited_at", "revisit_result",
                      "closed_at", "late_steps", "has_late", "open_steps", "next_due_at", "next_due_step",
                      "emergency_active")


def _event_view(e: ComplaintEventRow) -> EventView:
    return EventView(e.id, Action(e.action), e.at, e.by, e.note, dict(e.data or {}))
