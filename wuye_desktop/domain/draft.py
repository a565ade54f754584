"""What a clerk types to register a complaint, and its validation (篇2 §1, 篇5 §1(5))."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from wuye_desktop.domain.complaint import Channel, Kind, categories_for
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.validators import (
    length_error,
    normalize_phone,
    not_future_error,
    order_error,
    phone_error,
    required_error,
)

# Field keys and the labels that messages name.
LABELS: dict[str, str] = {
    "received_at": "受理时间",
    "front_desk_at": "前台接收时间",
    "complainant": "投诉人",
    "unit": "房号",
    "phone": "联系电话",
    "subject": "投诉主题",
    "content": "投诉内容",
    "channel": "投诉方式",
    "kind": "性质",
    "category": "投诉类别",
    "first_responder": "首问人",
    "department": "责任部门",
    "number": "投诉编号",
}


@dataclass
class ComplaintDraft:
    received_at: datetime | None
    complainant: str
    unit: str
    phone: str
    subject: str
    content: str = ""
    channel: Channel = Channel.PHONE
    kind: Kind = Kind.GENERAL
    category: str = ""
    first_responder: str = ""
    department: str = ""
    # When the front desk took it over; None = not yet handed to the front desk.
    front_desk_at: datetime | None = None
    number: str = ""
    remarks: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def validate(self, now: datetime, *, allow_any_category: bool = False) -> None:
        """Raise ValidationError naming every bad field; the five facts of 篇2 §1 are mandatory."""
        errors: dict[str, str] = {}

        def put(key: str, message: str | None) -> None:
            if message and key not in errors:
                errors[key] = message

        put("received_at", not_future_error(LABELS["received_at"], self.received_at, now))
        put("front_desk_at", not_future_error(LABELS["front_desk_at"], self.front_desk_at, now)
            if self.front_desk_at else None)
        put("front_desk_at", order_error(LABELS["front_desk_at"], self.front_desk_at,
                                         LABELS["received_at"], self.received_at))
        put("complainant", required_error(LABELS["complainant"], self.complainant, 40))
        put("unit", required_error(LABELS["unit"], self.unit, 40))
        put("phone", phone_error(LABELS["phone"], self.phone))
        put("subject", required_error(LABELS["subject"], self.subject, 100))
        put("content", length_error(LABELS["content"], self.content, 10000))
        put("first_responder", length_error(LABELS["first_responder"], self.first_responder, 40))
        put("number", length_error(LABELS["number"], self.number, 40))
        if not self.category:
            put("category", f"{LABELS['category']}不能为空")
        elif not allow_any_category and self.kind in (Kind.GENERAL, Kind.MAJOR) \
                and self.category not in categories_for(self.kind):
            put("category", f"{LABELS['category']}「{self.category}」不属于{self.kind.value}投诉的类别")
        if errors:
            raise ValidationError(errors)

    def cleaned(self) -> "ComplaintDraft":
        """The same draft with surrounding blanks removed and the phone normalised."""
        return ComplaintDraft(
            received_at=self.received_at,
            complainant=self.complainant.strip(),
            unit=self.unit.strip(),
            phone=normalize_phone(self.phone),
            subject=self.subject.strip(),
            content=self.content.strip(),
            channel=self.channel,
            kind=self.kind,
            category=self.category.strip(),
            first_responder=self.first_responder.strip(),
            department=self.department.strip(),
            front_desk_at=self.front_desk_at,
            number=self.number.strip(),
            remarks=self.remarks.strip(),
            extra=dict(self.extra),
        )
