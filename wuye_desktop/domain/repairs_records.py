"""Drafts of the supervisor's other records: plans and tasks, upgrade proposals, outsourced works
and their quality checks, tools/instruments/spares/drawings and loans, and the safety log (篇1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from wuye_desktop.domain.repairs import (
    CheckResult,
    Decision,
    ItemKind,
    Period,
    PlanKind,
    STOCK_REASONS,
)
from wuye_desktop.domain.repairs_drafts import Errors, date_not_future, optional_phone_error, parse_money
from wuye_desktop.domain.repairs_schedule import MAX_EVERY_N_DAYS
from wuye_desktop.domain.validators import length_error, not_future_error, required_error

# --- plans and tasks ------------------------------------------------------------------------------------


@dataclass
class PlanDraft:
    """A maintenance or inspection plan for one device or a group (篇1 §2 「检修计划」)."""

    name: str
    kind: PlanKind
    period: Period
    start_date: date | None
    device_ids: tuple[int, ...]
    content: str
    responsible: str = ""
    every_n: int = 1
    window_days: int = 0
    end_date: date | None = None

    def validate(self) -> None:
        e = Errors()
        e.put("name", required_error("计划名称", self.name, 60))
        if self.start_date is None:
            e.put("start_date", "首次日期不能为空")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            e.put("end_date", "结束日期不能早于首次日期")
        if self.period is Period.EVERY_N_DAYS and not 1 <= self.every_n <= MAX_EVERY_N_DAYS:
            e.put("every_n", f"间隔天数应为1–{MAX_EVERY_N_DAYS}天")
        if not 0 <= self.window_days <= 60:
            e.put("window_days", "完成宽限应为0–60天")
        if not self.device_ids:
            e.put("device_ids", "请至少选择一台设备")
        e.put("content", required_error("保养（巡检）内容", self.content, 2000))
        e.put("responsible", length_error("负责人", self.responsible, 40))
        e.raise_if_any()


@dataclass
class TaskDoneDraft:
    done_at: datetime | None
    done_by: str
    notes: str
    photo: str = ""     # a file path, optional proof

    def validate(self, now: datetime, scheduled: date) -> None:
        e = Errors()
        e.put("done_at", not_future_error("完成时间", self.done_at, now))
        if self.done_at and self.done_at.date() < scheduled and (scheduled - self.done_at.date()).days > 31:
            e.put("done_at", "完成时间比计划日期早一个多月，请检查")
        e.put("done_by", required_error("执行人", self.done_by, 40))
        e.put("notes", required_error("执行情况", self.notes, 2000))
        e.raise_if_any()


@dataclass
class ProposalDraft:
    """A technical upgrade proposal (技改方案, 篇1 §2, §5)."""

    title: str
    reason: str
    plan: str
    cost: str
    proposed_by: str
    proposed_on: date | None
    device_id: int | None = None

    def validate(self, today: date) -> int:
        e = Errors()
        e.put("title", required_error("方案名称", self.title, 60))
        e.put("reason", required_error("改造理由", self.reason, 2000))
        e.put("plan", required_error("方案内容", self.plan, 5000))
        fen, error = parse_money("预算费用", self.cost)
        e.put("cost", error)
        e.put("proposed_by", required_error("提出人", self.proposed_by, 40))
        if self.proposed_on is None:
            e.put("proposed_on", "提出日期不能为空")
        e.put("proposed_on", date_not_future("提出日期", self.proposed_on, today))
        e.raise_if_any()
        return fen


@dataclass
class DecisionDraft:
    decision: Decision
    decided_by: str
    decided_on: date | None
    note: str = ""

    def validate(self, today: date, proposed_on: date) -> None:
        e = Errors()
        if self.decision is Decision.PENDING:
            e.put("decision", "请选择决定（批准实施、不批准或暂缓）")
        e.put("decided_by", required_error("决定人", self.decided_by, 40))
        if self.decided_on is None:
            e.put("decided_on", "决定日期不能为空")
        else:
            e.put("decided_on", date_not_future("决定日期", self.decided_on, today))
            if self.decided_on < proposed_on:
                e.put("decided_on", "决定日期不能早于提出日期")
        e.put("note", length_error("决定意见", self.note, 2000))
        e.raise_if_any()


# --- outsourced works --------------------------------------------------------------------------------------


@dataclass
class WorkDraft:
    name: str
    contractor: str
    start_date: date | None
    end_date: date | None = None
    contact: str = ""
    phone: str = ""
    scope: str = ""
    supervisor: str = ""

    def validate(self) -> None:
        e = Errors()
        e.put("name", required_error("工程名称", self.name, 80))
        e.put("contractor", required_error("施工单位", self.contractor, 80))
        if self.start_date is None:
            e.put("start_date", "开工日期不能为空")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            e.put("end_date", "竣工日期不能早于开工日期")
        e.put("contact", length_error("联系人", self.contact, 40))
        e.put("phone", optional_phone_error("联系电话", self.phone))
        e.put("scope", length_error("工程内容", self.scope, 5000))
        e.put("supervisor", length_error("管理人", self.supervisor, 40))
        e.raise_if_any()


@dataclass(frozen=True)
class CheckItem:
    text: str
    ok: bool
    note: str = ""


@dataclass
class CheckDraft:
    """A quality check of the electrical part (篇1 §3): items, result, rectification demanded."""

    checked_at: datetime | None
    checked_by: str
    items: tuple[CheckItem, ...]
    result: CheckResult
    rectification: str = ""
    rectify_due: date | None = None

    def validate(self, now: datetime) -> None:
        e = Errors()
        e.put("checked_at", not_future_error("检查时间", self.checked_at, now))
        e.put("checked_by", required_error("检查人", self.checked_by, 40))
        if not self.items:
            e.put("items", "请至少列出一项检查内容")
        elif any(not i.text.strip() for i in self.items):
            e.put("items", "检查项目的内容不能为空")
        failed = [i for i in self.items if not i.ok]
        if self.result is CheckResult.RECTIFIED:
            e.put("result", "新的检查不能直接记为「整改后合格」，请在原检查上记录整改验证")
        elif failed and self.result is CheckResult.PASSED:
            e.put("result", f"有{len(failed)}项不合格，结论不能为「合格」")
        elif not failed and self.result is CheckResult.FAILED:
            e.put("result", "没有不合格项，结论应为「合格」")
        if self.result is CheckResult.FAILED:
            e.put("rectification", required_error("整改要求", self.rectification, 2000))
            if self.rectify_due is None:
                e.put("rectify_due", "整改期限不能为空")
            elif self.checked_at and self.rectify_due < self.checked_at.date():
                e.put("rectify_due", "整改期限不能早于检查日期")
        e.raise_if_any()


@dataclass
class VerifyDraft:
    verified_at: datetime | None
    verified_by: str
    note: str

    def validate(self, now: datetime, checked_at: datetime) -> None:
        e = Errors()
        e.put("verified_at", not_future_error("验证时间", self.verified_at, now))
        if self.verified_at and self.verified_at < checked_at:
            e.put("verified_at", "验证时间不能早于检查时间")
        e.put("verified_by", required_error("验证人", self.verified_by, 40))
        e.put("note", required_error("整改情况", self.note, 2000))
        e.raise_if_any()


# --- tools, instruments, spares, drawings --------------------------------------------------------------------


@dataclass
class ItemDraft:
    kind: ItemKind
    code: str
    name: str
    unit: str
    location: str
    quantity: int = 0
    spec: str = ""
    reorder_level: int = 0
    calibration_due: date | None = None
    notes: str = ""

    def validate(self, editing: bool = False) -> None:
        e = Errors()
        e.put("code", required_error("编号", self.code, 30))
        e.put("name", required_error("名称", self.name, 60))
        e.put("unit", required_error("计量单位", self.unit, 8))
        e.put("location", required_error("存放位置", self.location, 60))
        e.put("spec", length_error("规格型号", self.spec, 60))
        if not editing and self.quantity < 0:
            e.put("quantity", "数量不能为负数")
        if self.reorder_level < 0:
            e.put("reorder_level", "补货线不能为负数")
        if self.kind is not ItemKind.INSTRUMENT and self.calibration_due is not None:
            e.put("calibration_due", "只有仪器仪表需要填写检定日期")
        e.put("notes", length_error("备注", self.notes, 2000))
        e.raise_if_any()


@dataclass
class MovementDraft:
    quantity: int
    reason: str
    by: str
    note: str = ""

    def validate(self) -> None:
        e = Errors()
        if self.reason not in STOCK_REASONS or self.reason in ("领用", "退料"):
            e.put("reason", "请选择出入库原因（采购入库、盘点调整或报损）")
        e.put("by", required_error("经办人", self.by, 40))
        e.put("note", length_error("说明", self.note, 500))
        if self.quantity == 0:
            e.put("quantity", "数量不能为0")
        e.raise_if_any()


@dataclass
class LoanDraft:
    borrower: str
    quantity: int
    lent_at: datetime | None
    due_back: date | None
    by: str
    purpose: str = ""

    def validate(self, now: datetime) -> None:
        e = Errors()
        e.put("borrower", required_error("借用人", self.borrower, 40))
        if self.quantity <= 0:
            e.put("quantity", "借出数量应大于0")
        e.put("lent_at", not_future_error("借出时间", self.lent_at, now))
        if self.due_back is None:
            e.put("due_back", "应还日期不能为空")
        elif self.lent_at and self.due_back < self.lent_at.date():
            e.put("due_back", "应还日期不能早于借出日期")
        e.put("by", required_error("经办人", self.by, 40))
        e.put("purpose", length_error("用途", self.purpose, 200))
        e.raise_if_any()


@dataclass
class CalibrationDraft:
    calibrated_on: date | None
    next_due: date | None
    by: str
    note: str = ""

    def validate(self, today: date) -> None:
        e = Errors()
        if self.calibrated_on is None:
            e.put("calibrated_on", "检定日期不能为空")
        e.put("calibrated_on", date_not_future("检定日期", self.calibrated_on, today))
        if self.next_due is None:
            e.put("next_due", "下次检定日期不能为空")
        elif self.calibrated_on and self.next_due <= self.calibrated_on:
            e.put("next_due", "下次检定日期应晚于本次检定日期")
        e.put("by", required_error("经办人", self.by, 40))
        e.raise_if_any()


# --- safety --------------------------------------------------------------------------------------------------


@dataclass
class SafetyDraft:
    """Unsafe work stopped (篇1 §4 「制止违反安规…的施工、作业」): who, where, what, measure."""

    at: datetime | None
    place: str
    who: str
    what: str
    measure: str
    stopped_by: str
    follow_up: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def validate(self, now: datetime) -> None:
        e = Errors()
        e.put("at", not_future_error("时间", self.at, now))
        e.put("place", required_error("地点", self.place, 80))
        e.put("who", required_error("作业人员（单位）", self.who, 80))
        e.put("what", required_error("违章情况", self.what, 2000))
        e.put("measure", required_error("采取的措施", self.measure, 2000))
        e.put("stopped_by", required_error("制止人", self.stopped_by, 40))
        e.put("follow_up", length_error("后续跟进", self.follow_up, 2000))
        e.raise_if_any()
