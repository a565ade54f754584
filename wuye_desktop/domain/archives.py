"""Client archives (篇3): units, clients, occupancy, employees and the twelve kinds of archive records.

Pure rules and drafts: what a unit, a client, a stay in a unit and an archive record must hold, how a
unit's text (A座1203, 3栋2单元501) is read, and which kind of the archive each registration form feeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from wuye_desktop.domain import id_validators as idv
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.domain.grouping import normalize_unit
from wuye_desktop.domain.validators import length_error, normalize_phone, phone_error

UNIT_KINDS: tuple[str, ...] = ("住宅", "商铺", "写字间")
CLIENT_KINDS: tuple[str, ...] = ("个人", "单位")
ROLES: tuple[str, ...] = ("业主", "租户")
ID_TYPES: tuple[str, ...] = ("居民身份证", "统一社会信用代码", "护照", "其他")
LEAVE_KINDS: tuple[str, ...] = ("辞职", "辞退")


@dataclass(frozen=True)
class ArchiveKind:
    code: str
    label: str
    source: str  # the line of 篇3 §3 it implements


# 篇3 §3: 「一般客户档案包括以下的资料」 — the twelve kinds, in the order of the rule book.
ARCHIVE_KINDS: tuple[ArchiveKind, ...] = (
    ArchiveKind("unit_data", "客户单位资料", "篇3 §3.1"),
    ArchiveKind("fees", "缴费记录及押金", "篇3 §3.2"),
    ArchiveKind("renovation", "装修工程文件", "篇3 §3.3"),
    ArchiveKind("move_in", "迁入资料", "篇3 §3.4"),
    ArchiveKind("supplement", "资料补充", "篇3 §3.5"),
    ArchiveKind("contacts", "联络资料", "篇3 §3.6"),
    ArchiveKind("emergency", "紧急联络人", "篇3 §3.7"),
    ArchiveKind("correspondence", "往来文件", "篇3 §3.8"),
    ArchiveKind("violations", "违规及欠费", "篇3 §3.9"),
    ArchiveKind("repairs", "请修记录", "篇3 §3.10"),
    ArchiveKind("complaints", "投诉记录", "篇3 §3.11"),
    ArchiveKind("engineering", "二次装修工程档案", "篇3 §3.12"),
)
KIND_BY_CODE: dict[str, ArchiveKind] = {k.code: k for k in ARCHIVE_KINDS}
KIND_CODES: tuple[str, ...] = tuple(k.code for k in ARCHIVE_KINDS)
# Kinds a clerk records by hand (repairs and complaints come from their own desks).
ENTRY_KINDS: tuple[str, ...] = tuple(c for c in KIND_CODES if c not in ("repairs", "complaints"))

# Which kind of the archive each registration form belongs to (篇3 §5 forms → §3 kinds).
FORM_KIND: dict[str, str] = {
    "qms-pm-31301": "move_in",       # 客户档案登记表: filled when the client moves in
    "qms-pm-31302": "emergency",
    "qms-pm-31303": "supplement",
    "qms-pm-31304": "correspondence",
    "qms-pm-31305": "supplement",
    "qms-pm-31306": "supplement",
    "qms-pm-31307": "contacts",      # phone lines are the client's contact data
    "qms-pm-31308": "contacts",
    "qms-pm-31309": "contacts",
    "qms-pm-31310": "contacts",
    "qms-pm-31311": "unit_data",     # the company's people
    "qms-pm-31312": "unit_data",
    "qms-pm-31313": "supplement",
    "qms-pm-31314": "contacts",
    "qms-pm-31315": "supplement",
    "qms-pm-31316": "unit_data",
    "qms-pm-31317": "supplement",
    "qms-pm-31318": "move_in",
}


def kind_of_form(number: str) -> str:
    return FORM_KIND.get(number.lower(), "supplement")


# --- units -------------------------------------------------------------------------------------------

_UNIT_RE = re.compile(
    r"^(?P<building>[0-9A-Za-z一二三四五六七八九十]+(?:栋|座|幢|号楼|楼|区))?"
    r"(?P<entrance>[0-9一二三四五六七八九十]+单元)?"
    r"(?P<room>[0-9A-Za-z]{3,6})(?:室|房)?$")


def unit_label(building: str, entrance: str, room: str) -> str:
    """How the office writes a unit: A座1203, 3栋2单元501 (the complaint desk's 房号)."""
    return f"{building.strip()}{entrance.strip()}{room.strip()}"


def floor_of_room(room: str) -> int | None:
    """1203 → 12, 501 → 5: the room number's digits before the last two."""
    digits = re.sub(r"\D", "", room)
    if len(digits) < 3:
        return None
    return int(digits[:-2])


@dataclass(frozen=True)
class ParsedUnit:
    building: str
    entrance: str
    floor: int | None
    room: str


def parse_unit(text: str) -> ParsedUnit | None:
    """A unit as typed (A座1203, 3栋2单元501, B座 0801室) → its parts; None when it cannot be read."""
    cleaned = normalize_unit(text).replace("-", "")
    m = _UNIT_RE.match(cleaned)
    if not m or not m.group("building"):
        return None
    room = m.group("room")
    return ParsedUnit(m.group("building"), m.group("entrance") or "", floor_of_room(room), room)


def unit_key(label: str) -> str:
    """The key two unit texts are compared by (domain.grouping.normalize_unit)."""
    return normalize_unit(label).replace("室", "").replace("房", "")


@dataclass(frozen=True)
class UnitDraft:
    building: str
    room: str
    kind: str = "住宅"
    entrance: str = ""
    floor: int | None = None
    floor_area: Decimal | str | None = None
    remarks: str = ""

    @property
    def label(self) -> str:
        return unit_label(self.building, self.entrance, self.room)

    def cleaned(self) -> "UnitDraft":
        floor = self.floor if self.floor is not None else floor_of_room(self.room)
        return replace(self, building=self.building.strip(), entrance=self.entrance.strip(),
                       room=self.room.strip(), remarks=self.remarks.strip(), floor=floor)

    def validate(self) -> "UnitDraft":
        """The cleaned draft with floor_area as Decimal; ValidationError naming each bad field."""
        d = self.cleaned()
        errors: dict[str, str] = {}
        if not d.building:
            errors["building"] = "楼栋不能为空（如 A座、3栋）"
        elif e := length_error("楼栋", d.building, 20):
            errors["building"] = e
        if e := length_error("单元", d.entrance, 20):
            errors["entrance"] = e
        if not d.room:
            errors["room"] = "房号不能为空（如 1203）"
        elif e := length_error("房号", d.room, 20):
            errors["room"] = e
        if d.kind not in UNIT_KINDS:
            errors["kind"] = f"房屋类型「{d.kind}」不是可选项（可选：{'、'.join(UNIT_KINDS)}）"
        if d.floor is None:
            if "room" not in errors:
                errors["floor"] = "楼层不能为空"
        elif not -10 <= d.floor <= 200:
            errors["floor"] = f"楼层「{d.floor}」超出范围（-10–200）"
        area = None
        if d.floor_area not in (None, ""):
            try:
                area = Decimal(str(d.floor_area).replace(",", "").replace("㎡", "").strip())
                if not area.is_finite() or area <= 0 or area > 100000:
                    errors["floor_area"] = f"建筑面积「{d.floor_area}」应大于0且不超过100000㎡"
                elif area != area.quantize(Decimal("0.01")):
                    errors["floor_area"] = "建筑面积最多保留2位小数"
            except InvalidOperation:
                errors["floor_area"] = f"建筑面积「{d.floor_area}」不是有效的数值"
        if e := length_error("备注", d.remarks, 1000):
            errors["remarks"] = e
        if errors:
            raise ValidationError(errors)
        return replace(d, floor_area=area)


# --- clients ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClientDraft:
    name: str
    kind: str = "个人"
    id_type: str = ""
    id_no: str = ""
    phone: str = ""
    email: str = ""
    contact: str = ""
    address: str = ""
    nature: str = ""        # 单位性质
    industry: str = ""
    legal_rep: str = ""     # 法定代表人/负责人
    remarks: str = ""

    def validate(self, today: date) -> "ClientDraft":
        """Cleaned and checked (ID numbers by their checksum, 篇3 §2 「准确、有效」)."""
        d = replace(self, **{k: " ".join(str(getattr(self, k)).split()) for k in (
            "name", "kind", "id_type", "id_no", "phone", "email", "contact", "address", "nature", "industry",
            "legal_rep")}, remarks=self.remarks.strip())
        errors: dict[str, str] = {}
        if not d.name:
            errors["name"] = "客户名称不能为空"
        elif e := length_error("客户名称", d.name, 80):
            errors["name"] = e
        if d.kind not in CLIENT_KINDS:
            errors["kind"] = f"客户类型「{d.kind}」不是可选项（可选：个人、单位）"
        if d.id_type and d.id_type not in ID_TYPES:
            errors["id_type"] = f"证件类型「{d.id_type}」不是可选项（可选：{'、'.join(ID_TYPES)}）"
        id_no = d.id_no
        if id_no and not d.id_type:
            errors["id_type"] = "填写了证件号码，请选择证件类型"
        elif id_no:
            message = None
            if d.id_type == "居民身份证":
                message = idv.id_card_error("证件号码", id_no, today)
                id_no = idv.normalize_id_card(id_no)
            elif d.id_type == "统一社会信用代码":
                message = idv.uscc_error("证件号码", id_no)
                id_no = idv.normalize_uscc(id_no)
            elif d.id_type == "护照":
                message = idv.passport_error("证件号码", id_no)
                id_no = idv.normalize_passport(id_no)
            elif e := length_error("证件号码", id_no, 40):
                message = e
            if message:
                errors["id_no"] = message
        phone = d.phone
        if phone:
            if e := phone_error("联系电话", phone):
                errors["phone"] = e
            else:
                phone = normalize_phone(phone)
        email = d.email
        if email:
            if e := idv.email_error("电子邮箱", email):
                errors["email"] = e
            else:
                email = idv.normalize_email(email)
        for key, label, limit in (("contact", "联系人", 40), ("address", "通讯地址", 120), ("nature", "单位性质", 20),
                                  ("industry", "所属行业", 40), ("legal_rep", "法定代表人", 40),
                                  ("remarks", "备注", 2000)):
            if e := length_error(label, getattr(d, key), limit):
                errors[key] = e
        if errors:
            raise ValidationError(errors)
        return replace(d, id_no=id_no, phone=phone, email=email)


@dataclass(frozen=True)
class OccupancyDraft:
    """A client in a unit over a period (一户一档: a stay that ends is kept as 退场, never deleted)."""

    unit_id: int
    client_id: int
    role: str = "业主"
    move_in: date | None = None
    move_out: date | None = None
    note: str = ""

    def validate(self, today: date) -> "OccupancyDraft":
        errors: dict[str, str] = {}
        if self.role not in ROLES:
            errors["role"] = f"客户身份「{self.role}」不是可选项（可选：业主、租户）"
        if self.move_in is None:
            errors["move_in"] = "入住日期不能为空"
        if self.move_out is not None:
            if self.move_in is not None and self.move_out < self.move_in:
                errors["move_out"] = f"迁出日期不能早于入住日期（{self.move_in:%Y-%m-%d}）"
            elif self.move_out > today:
                errors["move_out"] = f"迁出日期不能晚于今天（{today:%Y-%m-%d}）"
        if e := length_error("说明", self.note, 200):
            errors["note"] = e
        if errors:
            raise ValidationError(errors)
        return replace(self, note=self.note.strip())


def stay_state(move_out: date | None, today: date) -> str:
    """在住 while the stay lasts; 退场 once the client has moved out (the file stays under the unit)."""
    return "退场" if move_out is not None and move_out <= today else "在住"


@dataclass(frozen=True)
class EmployeeDraft:
    """A person working for a client company (a commercial building's tenants have staff)."""

    name: str
    post: str = ""
    id_type: str = ""
    id_no: str = ""
    phone: str = ""
    started_on: date | None = None
    remarks: str = ""

    def validate(self, today: date) -> "EmployeeDraft":
        d = replace(self, name=" ".join(self.name.split()), post=self.post.strip(), id_no=self.id_no.strip(),
                    phone=self.phone.strip(), remarks=self.remarks.strip())
        errors: dict[str, str] = {}
        if not d.name:
            errors["name"] = "员工姓名不能为空"
        elif e := length_error("员工姓名", d.name, 40):
            errors["name"] = e
        if e := length_error("职务", d.post, 40):
            errors["post"] = e
        id_no = d.id_no
        if id_no:
            if d.id_type == "居民身份证":
                if e := idv.id_card_error("证件号码", id_no, today):
                    errors["id_no"] = e
                id_no = idv.normalize_id_card(id_no)
            elif d.id_type == "护照":
                if e := idv.passport_error("证件号码", id_no):
                    errors["id_no"] = e
                id_no = idv.normalize_passport(id_no)
            elif not d.id_type:
                errors["id_type"] = "填写了证件号码，请选择证件类型"
        phone = d.phone
        if phone:
            if e := phone_error("联系电话", phone):
                errors["phone"] = e
            else:
                phone = normalize_phone(phone)
        if d.started_on is not None and d.started_on > today:
            errors["started_on"] = f"入职日期不能晚于今天（{today:%Y-%m-%d}）"
        if errors:
            raise ValidationError(errors)
        return replace(d, id_no=id_no, phone=phone)


# --- archive records (entries) ------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryDraft:
    """One dated record of a client's or unit's archive: a payment, a letter, a violation, a document …

    ``deposit`` marks a fee that is a deposit held (篇3 §3.2 「各样应付之押金」); it is returned
    when ``returned_on`` is set.
    """

    kind: str
    occurred_on: date | None
    title: str
    detail: str = ""
    amount: Decimal | str | None = None
    deposit: bool = False
    returned_on: date | None = None
    reference: str = ""  # receipt, letter or file number
    by: str = ""

    def validate(self, today: date) -> "EntryDraft":
        d = replace(self, title=" ".join(self.title.split()), detail=self.detail.strip(),
                    reference=self.reference.strip(), by=self.by.strip())
        errors: dict[str, str] = {}
        if d.kind not in ENTRY_KINDS:
            errors["kind"] = "请选择档案类别"
        if d.occurred_on is None:
            errors["occurred_on"] = "日期不能为空"
        elif d.occurred_on > today:
            errors["occurred_on"] = f"日期不能晚于今天（{today:%Y-%m-%d}）"
        if not d.title:
            errors["title"] = "事项不能为空"
        elif e := length_error("事项", d.title, 100):
            errors["title"] = e
        if e := length_error("内容", d.detail, 5000):
            errors["detail"] = e
        if e := length_error("单据/文件编号", d.reference, 40):
            errors["reference"] = e
        amount = None
        if d.amount not in (None, ""):
            try:
                amount = Decimal(str(d.amount).replace(",", "").replace("元", "").strip())
                if not amount.is_finite() or abs(amount) > Decimal("99999999"):
                    errors["amount"] = f"金额「{d.amount}」超出范围"
                elif amount != amount.quantize(Decimal("0.01")):
                    errors["amount"] = "金额最多保留2位小数"
            except InvalidOperation:
                errors["amount"] = f"金额「{d.amount}」不是有效的金额"
        if d.deposit and amount is None and "amount" not in errors:
            errors["amount"] = "押金须填写金额"
        if d.returned_on is not None:
            if not d.deposit:
                errors["returned_on"] = "只有押金才有退还日期"
            elif d.occurred_on is not None and d.returned_on < d.occurred_on:
                errors["returned_on"] = f"退还日期不能早于收取日期（{d.occurred_on:%Y-%m-%d}）"
            elif d.returned_on > today:
                errors["returned_on"] = f"退还日期不能晚于今天（{today:%Y-%m-%d}）"
        if errors:
            raise ValidationError(errors)
        return replace(d, amount=amount)


# --- links between forms (FORMS.md) ---------------------------------------------------------------------

@dataclass(frozen=True)
class ExpiryRule:
    form: str
    field: str       # the date field that expires
    what: str        # 停车证, 身份卡 …
    # (field, values) that end the record early: a cancelled card or a returned key no longer expires.
    ended_when: tuple[tuple[str, tuple[str, ...]], ...] = ()


# Expiry reminders (FORMS.md: permits, cards, foreign employees' visas, leases).
EXPIRY_RULES: tuple[ExpiryRule, ...] = (
    ExpiryRule("qms-pm-31306", "valid_until", "停车证"),
    ExpiryRule("qms-pm-31313", "valid_until", "身份卡", (("card_state", ("挂失", "注销")),)),
    ExpiryRule("qms-pm-31311", "visa_expiry", "签证/居留许可"),
    ExpiryRule("qms-pm-31301", "lease_to", "租期"),
    ExpiryRule("qms-pm-31305", "end_on", "车位租期", (("space_state", ("空置",)),)),
    ExpiryRule("qms-pm-31303", "valid_until", "非机动车车牌"),
    ExpiryRule("qms-pm-31312", "valid_until", "常驻单位登记"),
    ExpiryRule("qms-pm-31317", "custody_to", "钥匙代管期"),
)
EXPIRY_BY_FORM: dict[str, ExpiryRule] = {r.form: r for r in EXPIRY_RULES}
DEFAULT_REMINDER_DAYS = 30


def days_left(expires_on: date, today: date) -> int:
    return (expires_on - today).days


def expiry_text(expires_on: date, today: date) -> str:
    left = days_left(expires_on, today)
    if left < 0:
        return f"已过期{-left}天"
    if left == 0:
        return "今天到期"
    return f"还有{left}天"


# Forms that are part of one phone number's life (FORMS.md: 31307–31310, 31314), and the field(s)
# holding the number.
PHONE_FORMS: dict[str, tuple[str, ...]] = {
    "qms-pm-31307": ("numbers_assigned",),
    "qms-pm-31308": ("phone_no",),
    "qms-pm-31309": ("phone_no",),
    "qms-pm-31310": ("phone_no",),
    "qms-pm-31314": ("phone_no",),
}
_PHONE_IN_TEXT = re.compile(r"1[3-9]\d{9}(?!\d)|(?:0\d{2,3}-?)?\d{7,8}(?!\d)")


def phones_in(text: str) -> list[str]:
    """Phone numbers inside a text such as 「0755-26881234、0755-26881235」, normalised."""
    return [phone_key(m) for m in _PHONE_IN_TEXT.findall(text or "")]


def phone_key(value: str) -> str:
    """Digits only: 0755-2688 1234 and 075526881234 are the same line."""
    return re.sub(r"\D", "", normalize_phone(value or ""))


@dataclass(frozen=True)
class MeterReading:
    record_id: int
    read_on: date
    meter: str         # 水表 / 电表
    meter_no: str
    reading: Decimal


def lower_readings(previous: list[MeterReading], current: list[MeterReading]) -> list[tuple[MeterReading, MeterReading]]:
    """(last, new) pairs where a meter reads lower than its last reading before the new date (FORMS.md:
    「a reading lower than the last one is an error to confirm, not to store silently」)."""
    result = []
    for new in current:
        earlier = [p for p in previous if p.meter == new.meter and p.meter_no == new.meter_no
                   and p.read_on <= new.read_on and p.record_id != new.record_id]
        if not earlier:
            continue
        last = max(earlier, key=lambda p: (p.read_on, p.record_id))
        if new.reading < last.reading:
            result.append((last, new))
    return result


def id_tail(value: str, n: int = 4) -> str:
    text = (value or "").strip().replace(" ", "")
    return text[-n:] if len(text) >= n else ""


class LowerReadingError(DomainError):
    """A meter reads lower than its last reading (31318): stored only with a confirmation and a reason."""

    def __init__(self, pairs: list[tuple[MeterReading, MeterReading]]) -> None:
        self.pairs = list(pairs)
        parts = []
        for last, new in self.pairs:
            unit = "m³" if new.meter == "水表" else "kWh"
            number = f"（{new.meter_no}）" if new.meter_no and not new.meter_no.startswith("u:") else ""
            parts.append(f"{new.meter}{number}底数 {new.reading} {unit} 低于上次（{last.read_on:%Y-%m-%d}）的 "
                         f"{last.reading} {unit}")
        super().__init__("；".join(parts) + "。如确因换表、表具故障等原因，请确认并填写原因后再保存")

    def confirmation(self, reason: str) -> str:
        lines = [f"{new.meter}底数低于上次（{last.read_on:%Y-%m-%d} {last.reading} → {new.reading}）"
                 for last, new in self.pairs]
        return "已确认：" + "；".join(lines) + f"；原因：{reason.strip()}"


# --- list queries (filtered, searched and paged in SQL by storage.archive_queries) -------------------------

def search_terms(text: str) -> list[str]:
    """「王 1203」 → two terms that must both match (each may be a name, initials, unit, phone …)."""
    return [t for t in text.strip().lower().split() if t][:5]


@dataclass(frozen=True)
class ClientQuery:
    project_id: int | None = None
    search: str = ""
    kind: str = ""                  # 个人 | 单位 | "" (all)
    state: str = ""                 # 在住 | 退场 | 无房屋 | ""
    today: date | None = None


@dataclass(frozen=True)
class UnitQuery:
    project_id: int | None = None
    search: str = ""
    building: str = ""
    kind: str = ""
    vacant_only: bool = False
    today: date | None = None


@dataclass(frozen=True)
class RecordQuery:
    form_number: str
    project_id: int | None = None
    search: str = ""
    unit_id: int | None = None
    client_id: int | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    expiring_before: date | None = None
