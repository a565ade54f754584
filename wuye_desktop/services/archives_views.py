"""Frozen views of the client archives handed to the UI, the exports and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from wuye_desktop.domain.masking import mask_id, mask_phone
from wuye_desktop.services.complaint_views import AttachmentView


@dataclass(frozen=True)
class UnitView:
    id: int
    project_id: int
    building: str
    entrance: str
    floor: int
    room: str
    kind: str
    floor_area: Decimal | None
    label: str
    remarks: str
    occupants: str = ""     # current clients, 、-joined
    state: str = "空置"     # 在住 | 空置
    version: int = 1

    @property
    def area_text(self) -> str:
        return f"{self.floor_area:.2f} ㎡" if self.floor_area is not None else ""


@dataclass(frozen=True)
class ClientView:
    id: int
    project_id: int
    kind: str
    name: str
    id_type: str
    id_no: str
    phone: str
    email: str
    contact: str
    address: str
    nature: str
    industry: str
    legal_rep: str
    remarks: str
    version: int
    units: str = ""          # units the client lives or works in now (or last, when 退场)
    state: str = ""          # 在住 | 退场 | 无房屋

    @property
    def id_masked(self) -> str:
        """Lists and exports show 110***********1234 (PIPL); the record itself shows it whole."""
        return mask_id(self.id_no)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


@dataclass(frozen=True)
class StayView:
    id: int
    unit_id: int
    unit_label: str
    client_id: int
    client_name: str
    role: str
    move_in: date
    move_out: date | None
    state: str   # 在住 | 退场
    note: str


@dataclass(frozen=True)
class EmployeeView:
    id: int
    client_id: int
    name: str
    post: str
    id_type: str
    id_no: str
    phone: str
    started_on: date | None
    left_on: date | None
    leave_kind: str

    @property
    def state(self) -> str:
        return f"已{self.leave_kind or '离职'}" if self.left_on else "在职"


@dataclass(frozen=True)
class EntryView:
    id: int
    client_id: int | None
    unit_id: int | None
    kind: str
    occurred_on: date
    title: str
    detail: str
    amount: Decimal | None
    deposit: bool
    returned_on: date | None
    reference: str
    by: str
    attachments: tuple[AttachmentView, ...] = ()


@dataclass(frozen=True)
class ArchiveItem:
    """One dated line of an archive screen, whatever it comes from."""

    kind: str                  # domain.archives.KIND_CODES
    on: date | None
    source: str                # 档案记录 | 登记表 | 押金 | 维修工单 | 投诉
    title: str
    detail: str = ""
    amount: Decimal | None = None
    status: str = ""           # 押金：已退还/未退还；工单、投诉：状态
    ref: str = ""              # entry | record | order | complaint | stay
    ref_id: int = 0
    attachments: int = 0


@dataclass(frozen=True)
class ClientArchive:
    client: ClientView
    stays: tuple[StayView, ...]
    employees: tuple[EmployeeView, ...]
    items: dict[str, tuple[ArchiveItem, ...]]
    notes: tuple[str, ...] = ()   # e.g. repairs read by unit

    def count(self, kind: str) -> int:
        return len(self.items.get(kind, ()))


@dataclass(frozen=True)
class UnitArchive:
    unit: UnitView
    stays: tuple[StayView, ...]
    items: dict[str, tuple[ArchiveItem, ...]]
    notes: tuple[str, ...] = ()

    def count(self, kind: str) -> int:
        return len(self.items.get(kind, ()))


@dataclass(frozen=True)
class Page:
    rows: tuple[Any, ...]
    total: int
    capped: bool = False


@dataclass(frozen=True)
class FormRecordView:
    """One filled form: typed values (formspecs.from_json) and where it belongs."""

    id: int
    form_number: str
    project_id: int
    unit_id: int | None
    client_id: int | None
    unit_text: str
    client_text: str
    values: dict[str, Any]
    registered_on: date | None
    expires_on: date | None
    confirmation: str
    created_at: datetime
    updated_at: datetime
    created_by: str
    updated_by: str
    version: int
    cells: tuple[str, ...] = ()                 # the list columns, masked (PIPL)
    attachments: tuple[AttachmentView, ...] = field(default=())


@dataclass(frozen=True)
class ReminderView:
    record_id: int
    form_number: str
    form_title: str
    what: str            # 停车证, 身份卡 …
    subject: str         # permit number / holder / plate …
    unit_text: str
    client_text: str
    expires_on: date
    days_left: int
    text: str            # 还有5天 / 已过期3天


@dataclass(frozen=True)
class LinkedRecord:
    """A record another one refers to (a card of a leaver, a permit of a space, a line's history …)."""

    record_id: int
    form_number: str
    form_title: str
    on: date | None
    summary: str
    state: str = ""
    unit_text: str = ""
    client_text: str = ""


@dataclass(frozen=True)
class MeterPoint:
    record_id: int
    read_on: date
    occasion: str
    water_meter_no: str
    water_reading: Decimal | None
    electricity_meter_no: str
    electricity_reading: Decimal | None
    confirmation: str = ""


@dataclass(frozen=True)
class AccessLogView:
    id: int
    at: datetime
    who: str
    action: str
    what: str
    client_id: int | None
    client_name: str
    unit_label: str
    whole: bool


@dataclass(frozen=True)
class UnmatchedComplaint:
    complaint_id: int
    number: str
    received_at: datetime
    complainant: str
    unit: str
    phone: str
    subject: str
    project_id: int
    reason: str          # why it was not matched
