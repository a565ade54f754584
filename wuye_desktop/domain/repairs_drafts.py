"""What the supervisor types for repair requests, work-order steps, devices, defects and accidents,
each with ``validate(now)`` raising ValidationError({field: Chinese message naming the field})."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from wuye_desktop.domain.complaint import MAJOR_CATEGORIES, Satisfaction
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.repairs import (
    CUSTOMER_SOURCES,
    Charge,
    DeviceState,
    Severity,
    Source,
    Urgency,
)
from wuye_desktop.domain.validators import length_error, normalize_phone, not_future_error, phone_error, required_error


class Errors(dict[str, str]):
    """Collects the first message per field; ``raise_if_any()`` at the end."""

    def put(self, key: str, message: str | None) -> None:
        if message and key not in self:
            self[key] = message

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


_MONEY_RE = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_HOURS_RE = re.compile(r"^\d{1,4}(\.\d{1,2})?$")


def parse_money(label: str, text: str, required: bool = True) -> tuple[int, str | None]:
    """「120.5」/「¥120.50」/「120元」 → 12050 fen; an error message naming ``label`` otherwise."""
    cleaned = text.strip().replace("¥", "").replace("￥", "").replace("元", "").replace(",", "").strip()
    if not cleaned:
        return 0, (f"{label}不能为空" if required else None)
    if not _MONEY_RE.match(cleaned):
        return 0, f"{label}「{text.strip()}」不是有效的金额（如 120 或 120.50）"
    yuan, _, cents = cleaned.partition(".")
    return int(yuan) * 100 + int((cents + "00")[:2]), None


def parse_hours(label: str, text: str) -> tuple[int, str | None]:
    """「1.5」 (hours) → 90 minutes."""
    cleaned = text.strip().replace("小时", "").strip()
    if not cleaned:
        return 0, f"{label}不能为空"
    if not _HOURS_RE.match(cleaned):
        return 0, f"{label}「{text.strip()}」不是有效的小时数（如 1.5）"
    minutes = round(float(cleaned) * 60)
    if minutes > 24 * 60 * 30:
        return 0, f"{label}不能超过720小时"
    return minutes, None


def optional_phone_error(label: str, value: str) -> str | None:
    return phone_error(label, value) if value.strip() else None


def date_not_future(label: str, value: date | None, today: date) -> str | None:
    if value is not None and value > today:
        return f"{label}不能晚于今天（{today:%Y-%m-%d}）"
    return None


# --- repair requests and work-order steps -----------------------------------------------------------


@dataclass
class RequestDraft:
    """A repair request as received (篇2 §1's facts: time, who, where, phone, what)."""

    received_at: datetime | None
    source: Source
    client: str
    unit: str
    phone: str
    subject: str
    category: str = "其他"
    location: str = ""
    description: str = ""
    urgency: Urgency = Urgency.NORMAL
    received_by: str = ""
    device_id: int | None = None
    appointment_at: datetime | None = None

    def cleaned(self) -> "RequestDraft":
        return RequestDraft(self.received_at, self.source, self.client.strip(), self.unit.strip(),
                            normalize_phone(self.phone), self.subject.strip(), self.category.strip(),
                            self.location.strip(), self.description.strip(), self.urgency,
                            self.received_by.strip(), self.device_id, self.appointment_at)

    def validate(self, now: datetime) -> None:
        e = Errors()
        e.put("received_at", not_future_error("报修时间", self.received_at, now))
        customer = self.source in CUSTOMER_SOURCES
        if customer:
            e.put("client", required_error("报修人", self.client, 40))
            e.put("unit", required_error("房号", self.unit, 40))
            e.put("phone", phone_error("联系电话", self.phone))
        else:
            e.put("client", length_error("报修人", self.client, 40))
            e.put("unit", length_error("房号", self.unit, 40))
            e.put("phone", optional_phone_error("联系电话", self.phone))
            if not self.unit.strip() and not self.location.strip() and self.device_id is None:
                e.put("location", "内部报修须写明维修地点或选择设备")
        e.put("location", length_error("维修地点", self.location, 80))
        e.put("subject", required_error("报修内容", self.subject, 100))
        e.put("category", required_error("维修类别", self.category, 20))
        e.put("description", length_error("详细描述", self.description, 5000))
        e.put("received_by", required_error("受理人", self.received_by, 40))
        if self.appointment_at and self.received_at and self.appointment_at < self.received_at:
            e.put("appointment_at", "预约上门时间不能早于报修时间")
        e.raise_if_any()


@dataclass
class DispatchDraft:
    technician: str
    at: datetime | None
    promised_at: datetime | None
    team: str = ""
    appointment_at: datetime | None = None
    note: str = ""

    def validate(self, now: datetime, received_at: datetime) -> None:
        e = Errors()
        e.put("technician", required_error("维修人员", self.technician, 40))
        e.put("team", length_error("班组", self.team, 40))
        e.put("at", not_future_error("派工时间", self.at, now))
        if self.at and self.at < received_at:
            e.put("at", f"派工时间不能早于报修时间（{received_at:%Y-%m-%d %H:%M}）")
        if self.promised_at is None:
            e.put("promised_at", "限期完工时间不能为空")
        elif self.at and self.promised_at <= self.at:
            e.put("promised_at", "限期完工时间应晚于派工时间")
        if self.appointment_at and self.appointment_at < received_at:
            e.put("appointment_at", "预约上门时间不能早于报修时间")
        e.put("note", length_error("派工说明", self.note, 2000))
        e.raise_if_any()


@dataclass
class CompletionDraft:
    """Completion with the customer's sign-off (客户签认), labour and the charge."""

    finished_at: datetime | None
    result: str
    labour_hours: str
    charge: Charge = Charge.FREE
    charge_amount: str = ""
    signed_by: str = ""
    sign_note: str = ""
    arrived_at: datetime | None = None
    by: str = ""

    def validate(self, now: datetime, received_at: datetime, customer: bool,
                 started_at: datetime | None) -> tuple[int, int]:
        """Returns (labour minutes, charge in fen)."""
        e = Errors()
        e.put("finished_at", not_future_error("完工时间", self.finished_at, now))
        if self.finished_at and self.finished_at < received_at:
            e.put("finished_at", f"完工时间不能早于报修时间（{received_at:%Y-%m-%d %H:%M}）")
        arrived = self.arrived_at or started_at
        if started_at is None and self.arrived_at is None:
            e.put("arrived_at", "到场时间不能为空")
        if self.arrived_at:
            e.put("arrived_at", not_future_error("到场时间", self.arrived_at, now))
            if self.arrived_at < received_at:
                e.put("arrived_at", "到场时间不能早于报修时间")
        if arrived and self.finished_at and self.finished_at < arrived:
            e.put("finished_at", "完工时间不能早于到场时间")
        e.put("result", required_error("维修结果", self.result, 2000))
        minutes, error = parse_hours("工时", self.labour_hours)
        e.put("labour_hours", error)
        fen = 0
        if self.charge is Charge.CHARGED:
            fen, error = parse_money("收费金额", self.charge_amount)
            e.put("charge_amount", error)
            if error is None and fen == 0:
                e.put("charge_amount", "收费金额应大于0（免费维修请选「免费」）")
        if customer:
            e.put("signed_by", required_error("客户签认人", self.signed_by, 40))
        else:
            e.put("signed_by", required_error("验收人", self.signed_by, 40))
        e.put("sign_note", length_error("签认意见", self.sign_note, 500))
        e.put("by", required_error("经办人", self.by, 40))
        e.raise_if_any()
        return minutes, fen


@dataclass
class RevisitDraft:
    at: datetime | None
    by: str
    method: str
    satisfaction: str
    note: str

    def validate(self, now: datetime, completed_at: datetime | None) -> None:
        e = Errors()
        e.put("at", not_future_error("回访时间", self.at, now))
        if self.at and completed_at and self.at < completed_at:
            e.put("at", f"回访时间不能早于完工时间（{completed_at:%Y-%m-%d %H:%M}）")
        e.put("by", required_error("回访人", self.by, 40))
        if self.method not in REVISIT_METHODS:
            e.put("method", "请选择回访方式")
        if self.satisfaction not in {s.value for s in Satisfaction}:
            e.put("satisfaction", "请选择满意度（满意、基本满意或不满意）")
        e.put("note", required_error("回访记录", self.note, 2000))
        e.raise_if_any()


REVISIT_METHODS = ("电话", "上门", "其他")


# --- equipment, defects, accidents -------------------------------------------------------------------


@dataclass
class DeviceDraft:
    code: str
    name: str
    system: str
    location: str
    model: str = ""
    maker: str = ""
    install_date: date | None = None
    state: DeviceState = DeviceState.INTACT
    notes: str = ""

    def cleaned(self) -> "DeviceDraft":
        return DeviceDraft(self.code.strip(), self.name.strip(), self.system.strip(), self.location.strip(),
                           self.model.strip(), self.maker.strip(), self.install_date, self.state, self.notes.strip())

    def validate(self, today: date) -> None:
        e = Errors()
        e.put("code", required_error("设备编号", self.code, 30))
        e.put("name", required_error("设备名称", self.name, 60))
        e.put("system", required_error("所属系统", self.system, 20))
        e.put("location", required_error("安装位置", self.location, 80))
        e.put("model", length_error("规格型号", self.model, 60))
        e.put("maker", length_error("生产厂家", self.maker, 60))
        e.put("install_date", date_not_future("安装日期", self.install_date, today))
        e.put("notes", length_error("备注", self.notes, 2000))
        e.raise_if_any()


@dataclass
class DefectDraft:
    device_id: int | None
    found_at: datetime | None
    found_by: str
    description: str
    severity: Severity = Severity.MINOR
    made_safe: str = ""
    due_date: date | None = None
    contact_phone: str = ""

    def validate(self, now: datetime) -> None:
        e = Errors()
        if self.device_id is None:
            e.put("device_id", "请选择有缺陷的设备")
        e.put("found_at", not_future_error("发现时间", self.found_at, now))
        e.put("found_by", required_error("发现人", self.found_by, 40))
        e.put("description", required_error("缺陷情况", self.description, 2000))
        if self.severity in (Severity.SERIOUS, Severity.MAJOR):
            # 篇1 §4 「安全第一、预防为主」: a serious defect is not left without a safety measure.
            e.put("made_safe", required_error("已采取的安全措施", self.made_safe, 1000))
        else:
            e.put("made_safe", length_error("已采取的安全措施", self.made_safe, 1000))
        if self.due_date and self.found_at and self.due_date < self.found_at.date():
            e.put("due_date", "限期消除日期不能早于发现日期")
        if self.severity is Severity.MAJOR:
            # The alert is registered as a major complaint, which needs a phone (篇2 §1).
            e.put("contact_phone", phone_error("联系电话（上报用）", self.contact_phone))
        e.raise_if_any()


@dataclass
class RemovalDraft:
    removed_at: datetime | None
    removed_by: str
    note: str

    def validate(self, now: datetime, found_at: datetime) -> None:
        e = Errors()
        e.put("removed_at", not_future_error("消除时间", self.removed_at, now))
        if self.removed_at and self.removed_at < found_at:
            e.put("removed_at", f"消除时间不能早于发现时间（{found_at:%Y-%m-%d %H:%M}）")
        e.put("removed_by", required_error("消除人", self.removed_by, 40))
        e.put("note", required_error("处理情况", self.note, 2000))
        e.raise_if_any()


@dataclass
class AccidentDraft:
    """An accident (事故): what happened, reported to the superior (a deadline), cause, measures."""

    occurred_at: datetime | None
    place: str
    what: str
    recorded_by: str
    contact_phone: str
    category: str = "主要设备故障"
    device_id: int | None = None
    reported_to: str = ""
    reported_at: datetime | None = None
    cause: str = ""
    measures: str = ""
    losses: str = ""

    def validate(self, now: datetime) -> None:
        e = Errors()
        e.put("occurred_at", not_future_error("发生时间", self.occurred_at, now))
        e.put("place", required_error("发生地点", self.place, 80))
        e.put("what", required_error("事故经过", self.what, 5000))
        e.put("recorded_by", required_error("记录人", self.recorded_by, 40))
        e.put("contact_phone", phone_error("联系电话（上报用）", self.contact_phone))
        if self.category not in MAJOR_CATEGORIES:
            e.put("category", "请选择事故类别")
        e.put("reported_to", length_error("上报对象", self.reported_to, 40))
        if self.reported_at is not None:
            e.put("reported_at", not_future_error("上报时间", self.reported_at, now))
            if self.occurred_at and self.reported_at < self.occurred_at:
                e.put("reported_at", "上报时间不能早于发生时间")
            if not self.reported_to.strip():
                e.put("reported_to", "填写了上报时间，须写明上报给谁")
        e.put("cause", length_error("事故原因", self.cause, 5000))
        e.put("measures", length_error("整改措施", self.measures, 5000))
        e.put("losses", length_error("损失情况", self.losses, 2000))
        e.raise_if_any()
