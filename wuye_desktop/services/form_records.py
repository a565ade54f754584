"""The 18 registration forms' records (篇3 §5): one generic table, the FormSpec deciding fields and checks.

A record is checked by formspecs (the same definition lays out the entry dialog and the PDF), stored as
JSON, and linked to its unit and client; its search text (names, unit, phones, plates, ID last digits,
pinyin initials) feeds the form's list, its keys (line, plate, space, meter, card, person) the links
between forms (FORMS.md). Printing, batch printing and ledgers are logged in the access log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.errors import EditConflictError, DomainError, NotFoundError, ValidationError
from wuye_desktop.export.columns import Column
from wuye_desktop.formspecs import FieldSpec, FormDefinitionError, FormSpec, load_all
from wuye_desktop.formspecs.model import ID_TYPES, PHONE_TYPES
from wuye_desktop.formspecs.values import (
    clean_record,
    coerce_lenient,
    format_value,
    from_json,
    is_blank,
    mask_value,
    to_json,
    validate_record,
)
from wuye_desktop.locations import FORMS_DIR
from wuye_desktop.services.archives_log import EXPORT, EXPORT_WHOLE, PRINT, write_log
from wuye_desktop.services.archives_views import FormRecordView, Page
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.complaint_views import AttachmentView
from wuye_desktop.services.complaints import ConflictError, pinyin_initials
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.services.printing import safe_file_part
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage import archive_queries as aq
from wuye_desktop.storage.models import ProjectRow
from wuye_desktop.storage.models_archives import (
    ArchiveAttachmentRow,
    ClientRow,
    FormRecordKeyRow,
    FormRecordRow,
    OccupancyRow,
    UnitRow,
)
from wuye_desktop.storage.uow import UowFactory

Progress = Callable[[int, int, str], None]

# Text fields that name a person or a company: searched by name and by pinyin initials (zs → 张三).
NAME_KEYS = frozenset({
    "client", "owner", "holder", "employee", "contact", "applicant", "legal_rep", "chief_rep", "name", "name_cn",
    "name_foreign", "old_holder", "former_user", "receiver", "returned_to", "notified_by", "org_name_foreign",
})
# Identifiers a clerk looks a record up by.
IDENT_KEYS = frozenset({
    "tag_no", "permit_no", "space_no", "card_no", "contract_no", "bag_no", "space_assigned", "key_no", "visa_no",
    "frame_no", "water_meter_no", "electricity_meter_no", "approval_no", "queue_no",
})
# Keys of form_record_key: what a record refers to.
PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    "qms-pm-31313": ("holder",),
    "qms-pm-31316": ("employee",),
    "qms-pm-31317": ("applicant", "collectors.name"),
    "qms-pm-31311": ("name_foreign", "name_cn"),
}
ID_FIELDS: dict[str, tuple[str, ...]] = {
    "qms-pm-31313": ("id_no",),
    "qms-pm-31316": ("id_no",),
    "qms-pm-31317": ("collectors.id_no",),
    "qms-pm-31311": ("passport_no",),
}
METER_FORM = "qms-pm-31318"


def person_key(name: str) -> str:
    return "".join(str(name).split()).lower()[:60]


def search_text(spec: FormSpec, clean: dict[str, Any]) -> str:
    """Names (and their pinyin initials), unit, phone digits, plates, identifiers, ID last digits."""
    words: list[str] = []

    def add(f: FieldSpec, value: Any) -> None:
        if is_blank(value):
            return
        text = format_value(f, value, with_unit=False)
        if f.key == "unit":
            words.extend((text, arc.unit_key(text)))
        elif f.key in NAME_KEYS:
            words.extend((text.replace(" ", ""), pinyin_initials(text)))
        elif f.type in PHONE_TYPES:
            words.append(arc.phone_key(text))
        elif f.type in ID_TYPES:
            words.append(arc.id_tail(text))
        elif f.type == "plate" or f.key in IDENT_KEYS:
            words.append(text.replace(" ", ""))
        elif spec.number in arc.PHONE_FORMS and f.key in arc.PHONE_FORMS[spec.number]:
            words.extend(arc.phones_in(text))
        elif f.in_list and f.type == "text":
            words.append(text.replace(" ", ""))

    for f in spec.fields():
        value = clean.get(f.key)
        if f.is_repeat:
            assert f.repeat is not None
            for row in value or []:
                for sub in f.repeat.fields:
                    add(sub, row.get(sub.key))
        else:
            add(f, value)
    return " ".join(dict.fromkeys(w.lower() for w in words if w))[:600]


def _values_at(clean: dict[str, Any], path: str) -> list[Any]:
    if "." in path:
        group, key = path.split(".", 1)
        return [row.get(key) for row in clean.get(group) or [] if isinstance(row, dict)]
    return [clean.get(path)]


def meter_identity(meter_no: Any, unit_text: str) -> str:
    """A meter is its number; a form without one means 「the unit's meter」."""
    text = str(meter_no or "").strip().upper()
    return text if text else f"u:{arc.unit_key(unit_text)}"


def record_keys(spec: FormSpec, clean: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, value) pairs a record refers to: line, plate, space, card, water, power, person, idno."""
    keys: list[tuple[str, str]] = []
    for f in spec.fields():
        value = clean.get(f.key)
        if is_blank(value) or f.is_repeat:
            continue
        if f.type == "plate":
            keys.append(("plate", str(value)))
        elif f.key in ("space_no", "space_assigned"):
            keys.append(("space", str(value).strip().upper()))
        elif f.key == "card_no":
            keys.append(("card", str(value).strip()))
    if spec.number in arc.PHONE_FORMS:
        for key in arc.PHONE_FORMS[spec.number]:
            value = clean.get(key)
            if not is_blank(value):
                keys.extend(("line", p) for p in arc.phones_in(str(value)))
    if spec.number == METER_FORM:
        unit_text = str(clean.get("unit") or "")
        if clean.get("water_reading") is not None:
            keys.append(("water", meter_identity(clean.get("water_meter_no"), unit_text)))
        if clean.get("electricity_reading") is not None:
            keys.append(("power", meter_identity(clean.get("electricity_meter_no"), unit_text)))
    for path in PERSON_FIELDS.get(spec.number, ()):
        keys.extend(("person", person_key(v)) for v in _values_at(clean, path) if not is_blank(v))
    for path in ID_FIELDS.get(spec.number, ()):
        keys.extend(("idno", str(v).strip().upper()) for v in _values_at(clean, path) if not is_blank(v))
    return list(dict.fromkeys((k, v[:60]) for k, v in keys if v))


def expires_on(spec: FormSpec, clean: dict[str, Any]) -> date | None:
    """The date the record runs out, unless it has ended (a cancelled card, a vacant space)."""
    rule = arc.EXPIRY_BY_FORM.get(spec.number)
    if rule is None or not spec.has_field(rule.field):
        return None
    for key, ended in rule.ended_when:
        if clean.get(key) in ended:
            return None
    if spec.number == "qms-pm-31317" and clean.get("returned_on"):
        return None  # keys collected: the custody has ended
    value = clean.get(rule.field)
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def record_columns(spec: FormSpec, clean: dict[str, Any]) -> dict[str, Any]:
    """The stored columns of a checked record (also used by bench/bench_archives.py for bulk inserts)."""
    registered = clean.get("registered_on")
    return {
        "form_number": spec.number,
        "unit_text": str(clean.get("unit") or "")[:60],
        "client_text": str(clean.get("client") or "")[:100],
        "data": to_json(spec, clean),
        "search_text": search_text(spec, clean),
        "registered_on": registered if isinstance(registered, date) else None,
        "expires_on": expires_on(spec, clean),
    }


def summary(spec: FormSpec, values: dict[str, Any], *, masked: bool = True, limit: int = 120) -> str:
    """A record in one line for archive screens: its list columns but the unit, the client and the date."""
    parts = []
    for f in spec.list_fields():
        if f.key in ("unit", "client", "registered_on"):
            continue
        text = mask_value(f, values.get(f.key)) if masked else format_value(f, values.get(f.key))
        if text:
            parts.append(f"{f.label}{text}" if f.type not in ("text",) or f.key not in NAME_KEYS else text)
    return "，".join(parts)[:limit]


class RecordConflictError(EditConflictError, ConflictError):
    """A form record edit lost the race: carries the record as saved meanwhile (issue 7)."""


class FormRecordService:
    def __init__(self, uow: UowFactory, clock: Clock, settings: SettingsService, paths: DataPaths,
                 forms_dir: Path = FORMS_DIR) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings
        self._paths = paths
        self.specs: dict[str, FormSpec] = {}
        # A broken definition is reported at start (app.py) and stops only the forms, not the program.
        self.definition_error: FormDefinitionError | None = None
        self.forms_dir = forms_dir
        self.reload(forms_dir)

    # --- definitions ------------------------------------------------------------------------------------
    def reload(self, folder: Path | None = None) -> None:
        folder = folder or self.forms_dir
        self.forms_dir = folder
        try:
            self.specs = load_all(folder)
            self.definition_error = None
        except FormDefinitionError as exc:
            self.specs = {}
            self.definition_error = exc

    def spec(self, number: str) -> FormSpec:
        key = number.strip().lower()
        if self.definition_error is not None:
            raise DomainError("登记表定义文件有误，不能使用登记表：\n" + self.definition_error.message)
        spec = self.specs.get(key)
        if spec is None:
            known = "、".join(self.specs) or "无"
            raise NotFoundError(f"没有编号为「{number}」的登记表（现有：{known}）")
        return spec

    def title(self, number: str) -> str:
        spec = self.specs.get(number.lower())
        return spec.title if spec else number.upper()

    @property
    def folder(self) -> Path:
        return self._paths.root / "print"

    # --- saving ----------------------------------------------------------------------------------------------
    def save(self, number: str, values: dict[str, Any], project_id: int, by: str, *, record_id: int | None = None,
             expected_version: int | None = None, unit_id: int | None = None, client_id: int | None = None,
             confirm_reason: str | None = None) -> FormRecordView:
        """Check and store one record; ValidationError names each bad field (rows: ``contacts[1].mobile``).

        A 31318 reading lower than the meter's last one raises LowerReadingError unless ``confirm_reason``
        says why (FORMS.md: an error to confirm, not to store silently).
        """
        spec = self.spec(number)
        now = self._clock()
        clean = clean_record(spec, values, today=now.date())
        columns = record_columns(spec, clean)
        keys = record_keys(spec, clean)
        with self._uow() as uow:
            s = uow.session
            if self._settings_project(s, project_id) is None:
                raise NotFoundError("所选管理处不存在，请重新选择")
            row = None
            if record_id is not None:
                row = self._load(s, record_id)
                if expected_version is not None and row.version != expected_version:
                    raise self._record_conflict(s, spec, row)
            unit_id = unit_id if unit_id is not None else self._unit_for(s, project_id, columns["unit_text"])
            client_id = client_id if client_id is not None else self._client_for(
                s, project_id, unit_id, columns["client_text"])
            confirmation = row.confirmation if row is not None else ""
            if spec.number == METER_FORM:
                confirmation = self._check_readings(s, spec, clean, keys, record_id, confirm_reason) or confirmation
            if row is None:
                row = FormRecordRow(project_id=project_id, created_at=now, created_by=by[:40], **columns)
                s.add(row)
            else:
                for k, v in columns.items():
                    setattr(row, k, v)
                row.project_id = project_id
            row.unit_id, row.client_id = unit_id, client_id
            row.confirmation = confirmation
            row.updated_at, row.updated_by = now, by[:40]
            try:  # the versioned UPDATE runs at this flush: a lost race shows here, not only at the commit
                s.flush()
                s.execute(delete(FormRecordKeyRow).where(FormRecordKeyRow.record_id == row.id))
                if keys:
                    s.add_all(FormRecordKeyRow(record_id=row.id, kind=k, value=v) for k, v in keys)
                uow.commit()
            except StaleDataError:
                if record_id is None:
                    raise
            else:
                return self._view(s, spec, row, masked=False)
        with self._uow() as uow:  # lost the race at commit: report the record as the winner left it
            raise self._record_conflict(uow.session, spec, self._load(uow.session, record_id or 0))

    def _record_conflict(self, s: Session, spec: FormSpec, row: FormRecordRow) -> RecordConflictError:
        """The record as saved meanwhile, keyed like the values the form dialog submits (issue 7)."""
        labels = {f.key: f.label for f in spec.fields()}
        return RecordConflictError(f"这份{spec.title}（记录 {row.id}）已被他人修改", row.version,
                                   self._view(s, spec, row, masked=False).values, labels)

    def _check_readings(self, s: Session, spec: FormSpec, clean: dict[str, Any], keys: list[tuple[str, str]],
                        record_id: int | None, reason: str | None) -> str:
        read_on = clean.get("read_on")
        if not isinstance(read_on, date):
            return ""
        current: list[arc.MeterReading] = []
        previous: list[arc.MeterReading] = []
        for kind, meter, field in (("water", "水表", "water_reading"), ("power", "电表", "electricity_reading")):
            identity = next((v for k, v in keys if k == kind), None)
            if identity is None:
                continue
            current.append(arc.MeterReading(record_id or 0, read_on, meter, identity, clean[field]))
            for other in s.scalars(select(FormRecordRow).join(FormRecordKeyRow).where(
                    FormRecordRow.form_number == spec.number, FormRecordKeyRow.kind == kind,
                    FormRecordKeyRow.value == identity)):
                data = from_json(spec, other.data)
                value, on = data.get(field), data.get("read_on")
                if isinstance(value, Decimal) and isinstance(on, date) and other.id != record_id:
                    previous.append(arc.MeterReading(other.id, on, meter, identity, value))
        lower = arc.lower_readings(previous, current)
        if not lower:
            return ""
        error = arc.LowerReadingError(lower)
        if not (reason or "").strip():
            raise error
        return error.confirmation(reason or "")

    @staticmethod
    def _settings_project(s: Session, project_id: int) -> object:
        return s.get(ProjectRow, project_id)

    @staticmethod
    def _unit_for(s: Session, project_id: int, text: str) -> int | None:
        if not text.strip():
            return None
        return s.scalar(select(UnitRow.id).where(UnitRow.project_id == project_id,
                                                 UnitRow.unit_key == arc.unit_key(text)))

    def _client_for(self, s: Session, project_id: int, unit_id: int | None, name: str) -> int | None:
        """The named client: among the unit's clients first, else the only client of that name."""
        name = name.strip()
        if not name:
            return None
        if unit_id is not None:
            found = s.scalar(select(ClientRow.id).join(OccupancyRow, OccupancyRow.client_id == ClientRow.id).where(
                OccupancyRow.unit_id == unit_id, ClientRow.name == name).order_by(OccupancyRow.move_in.desc()).limit(1))
            if found is not None:
                return int(found)
        ids = list(s.scalars(select(ClientRow.id).where(ClientRow.project_id == project_id,
                                                        ClientRow.name == name).limit(2)))
        return ids[0] if len(ids) == 1 else None

    def set_values(self, record_id: int, changes: dict[str, Any], by: str, note: str = "") -> FormRecordView:
        """Change some values of a stored record (revocations, returns); re-checked like a save."""
        view = self.get(record_id)
        values = dict(view.values)
        values.update(changes)
        if note:
            values["remarks"] = "；".join(x for x in (str(values.get("remarks") or "").strip(), note) if x)
        return self.save(view.form_number, values, view.project_id, by, record_id=record_id,
                         unit_id=view.unit_id, client_id=view.client_id,
                         confirm_reason="（沿用原确认）" if view.confirmation else None)

    # --- reading -----------------------------------------------------------------------------------------------
    def get(self, record_id: int) -> FormRecordView:
        """The record with its values whole (the record itself shows personal data unmasked)."""
        with self._uow() as uow:
            row = self._load(uow.session, record_id)
            return self._view(uow.session, self.spec(row.form_number), row, masked=False)

    def page(self, q: aq.RecordQuery, offset: int = 0, limit: int = 200, with_total: bool = True) -> Page:
        spec = self.spec(q.form_number)
        with self._uow() as uow:
            rows = aq.record_page(uow.session, q, offset, limit)
            if with_total and offset == 0 and len(rows) < limit:
                total, capped = len(rows), False  # a short first page is the whole list: no second scan
            else:
                total, capped = aq.record_count(uow.session, q) if with_total else (len(rows), False)
            return Page(tuple(self._view(None, spec, r, masked=True) for r in rows), total, capped)

    def ids(self, q: aq.RecordQuery) -> list[int]:
        with self._uow() as uow:
            return aq.record_ids(uow.session, q, 0, None)

    def records(self, ids: Sequence[int]) -> list[FormRecordView]:
        """Records in the order of ``ids`` (values whole), read in chunks."""
        result: dict[int, FormRecordView] = {}
        with self._uow() as uow:
            for i in range(0, len(ids), 500):
                for row in uow.session.scalars(select(FormRecordRow).where(FormRecordRow.id.in_(ids[i:i + 500]))):
                    result[row.id] = self._view(None, self.spec(row.form_number), row, masked=False)
        return [result[i] for i in ids if i in result]

    def with_key(self, kind: str, value: str, forms: Iterable[str] | None = None,
                 project_id: int | None = None) -> list[FormRecordView]:
        """Records that refer to a line, a plate, a space, a card, a meter or a person."""
        stmt = select(FormRecordRow).join(FormRecordKeyRow).where(FormRecordKeyRow.kind == kind,
                                                                  FormRecordKeyRow.value == value)
        if forms is not None:
            stmt = stmt.where(FormRecordRow.form_number.in_(list(forms)))
        if project_id is not None:
            stmt = stmt.where(FormRecordRow.project_id == project_id)
        with self._uow() as uow:
            rows = uow.session.scalars(stmt.order_by(FormRecordRow.registered_on, FormRecordRow.id)).unique()
            return [self._view(None, self.specs[r.form_number], r, masked=False) for r in rows
                    if r.form_number in self.specs]

    def count_by_form(self, project_id: int | None) -> dict[str, int]:
        stmt = select(FormRecordRow.form_number, func.count()).group_by(FormRecordRow.form_number)
        if project_id is not None:
            stmt = stmt.where(FormRecordRow.project_id == project_id)
        with self._uow() as uow:
            return {n: int(c) for n, c in uow.session.execute(stmt)}

    def _load(self, s: Session, record_id: int, expected_version: int | None = None) -> FormRecordRow:
        row = s.get(FormRecordRow, record_id)
        if row is None:
            raise NotFoundError(f"登记表记录（编号 {record_id}）不存在或已被删除")
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(f"该记录已被他人修改（当前第{row.version}版），请关闭后重新打开")
        return row

    def _view(self, s: Session | None, spec: FormSpec, row: FormRecordRow, *, masked: bool) -> FormRecordView:
        """``masked``: a list row — only the list fields are read (a page of 200 stays fast) and shown masked;
        otherwise the whole record with every value typed and whole."""
        data = row.data or {}
        list_fields = spec.list_fields()
        if masked:
            values = {f.key: _stored_value(f, data.get(f.key)) for f in list_fields if not f.is_repeat}
        else:
            values = typed_values(spec, data)
        cells = tuple(mask_value(f, values.get(f.key)) if f.masked else format_value(f, values.get(f.key))
                      for f in list_fields)
        attachments: tuple[AttachmentView, ...] = ()
        if s is not None:
            attachments = tuple(self.attachment_view(a) for a in s.scalars(
                select(ArchiveAttachmentRow).where(ArchiveAttachmentRow.record_id == row.id)
                .order_by(ArchiveAttachmentRow.id)))
        return FormRecordView(
            id=row.id, form_number=row.form_number, project_id=row.project_id, unit_id=row.unit_id,
            client_id=row.client_id, unit_text=row.unit_text, client_text=row.client_text, values=values,
            registered_on=row.registered_on, expires_on=row.expires_on, confirmation=row.confirmation or "",
            created_at=row.created_at, updated_at=row.updated_at, created_by=row.created_by,
            updated_by=row.updated_by, version=row.version, cells=cells, attachments=attachments)

    def attachment_view(self, a: ArchiveAttachmentRow) -> AttachmentView:
        return AttachmentView(a.id, a.original_name, str(self._paths.attachments / "archives" / a.stored_name),
                              a.added_at, a.added_by)

    # --- paper ------------------------------------------------------------------------------------------------
    def _names(self, project_id: int | None) -> tuple[str, str]:
        company = self._settings.company_name()
        project = ""
        if project_id is not None:
            try:
                project = self._settings.project(project_id).name
            except DomainError:
                project = ""
        return company, project

    def _target(self, out: Path | None, stem: str) -> Path:
        if out is not None:
            return Path(out)
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / f"{safe_file_part(stem)}-{self._clock():%Y%m%d-%H%M%S}.pdf"

    def print_blank(self, number: str, out: Path | None = None, project_id: int | None = None) -> Path:
        """The paper form the front desk hands to residents (空白表)."""
        from wuye_desktop.export.pdf_forms import render_form  # lazy import: a faster start (issue 8)
        spec = self.spec(number)
        company, project = self._names(project_id)
        return render_form(spec, None, self._target(out, f"{spec.code}-{spec.title}-空白表"), company=company,
                           project=project, blank=True)

    def print_record(self, record_id: int, by: str, out: Path | None = None, *,
                     hide: frozenset[str] = frozenset()) -> Path:
        """One filled form as an A4 PDF (values whole: it is the record itself); the print is logged.

        ``hide`` ({"id", "phone"}): what the printing user's role may not see whole is printed masked, as
        on their screen (issue 7: the paper shows no more than the screen)."""
        from wuye_desktop.export.pdf_forms import render_form  # lazy import: a faster start (issue 8)
        view = self.get(record_id)
        spec = self.spec(view.form_number)
        company, project = self._names(view.project_id)
        path = render_form(spec, hidden_values(spec, view.values, hide), self._target(out, f"{spec.code}-{view.id}-{view.client_text}"),
                           company=company, project=project)
        with self._uow() as uow:
            write_log(uow.session, self._clock(), by, PRINT, f"{spec.code} {spec.title}（记录{view.id}）",
                      client_id=view.client_id, unit_id=view.unit_id, project_id=view.project_id)
            uow.commit()
        return path

    def print_batch(self, ids: Sequence[int], by: str, out: Path | None = None,
                    progress: Progress | None = None, *, hide: frozenset[str] = frozenset()) -> Path:
        """Selected records of one form into one PDF (each on its own page); logged per client."""
        from wuye_desktop.export.pdf_forms import render_batch  # lazy import: a faster start (issue 8)
        if not ids:
            raise ValidationError.single("records", "请先选择要打印的记录")
        if progress:
            progress(0, len(ids), "正在读取记录…")
        views = self.records(ids)
        numbers = {v.form_number for v in views}
        if len(numbers) != 1:
            raise ValidationError.single("records", "一次只能批量打印同一种登记表")
        spec = self.spec(numbers.pop())
        company, project = self._names(views[0].project_id if len({v.project_id for v in views}) == 1 else None)
        path = render_batch(spec, [hidden_values(spec, v.values, hide) for v in views],
                            self._target(out, f"{spec.code}-{spec.title}-{len(views)}份"),
                            company=company, project=project, progress=progress)
        now = self._clock()
        with self._uow() as uow:
            seen: set[tuple[int | None, int | None]] = set()
            for v in views:
                if (v.client_id, v.unit_id) in seen:
                    continue
                seen.add((v.client_id, v.unit_id))
                write_log(uow.session, now, by, PRINT, f"批量打印{spec.title}（共{len(views)}份）",
                          client_id=v.client_id, unit_id=v.unit_id, project_id=v.project_id)
            uow.commit()
        return path

    # --- the ledger (台账) ------------------------------------------------------------------------------------------
    def ledger_columns(self, spec: FormSpec) -> list[tuple[FieldSpec | None, Column]]:
        columns: list[tuple[FieldSpec | None, Column]] = [(None, Column("序号", 7))]
        for f in spec.fields():
            kind = "date" if f.type == "date" else ("datetime" if f.type == "datetime" else "text")
            width = {"multiline": 36, "repeat": 40, "date": 12, "datetime": 17, "id_number": 21, "id_card": 21,
                     "uscc": 21}.get(f.type, max(10.0, min(30.0, 2.1 * len(f.label) + 3)))
            if f.type in ("text",) and (f.max_length or 100) >= 60:
                width = max(width, 24)
            columns.append((f, Column(f.label + (f"（{f.unit}）" if f.unit else ""), width, kind)))
        columns.append((None, Column("录入时间", 17, "datetime")))
        return columns

    def export_ledger(self, q: aq.RecordQuery, out: Path, by: str, *, whole: bool = False,
                      progress: Progress | None = None) -> int:
        """A form's records as its ledger (台账); ID numbers and phones masked unless ``whole`` (logged)."""
        from wuye_desktop.export.xlsx_archives import write_ledger  # lazy import: a faster start (issue 8)
        if out.suffix.lower() != ".xlsx":
            raise ValidationError.single("file", f"导出文件名应以 .xlsx 结尾（现为「{out.name}」）")
        spec = self.spec(q.form_number)
        columns = self.ledger_columns(spec)
        ids = self.ids(q)
        total = len(ids)
        company, project = self._names(q.project_id)
        now = self._clock()
        note = "证件号码和电话为完整显示，请妥善保管" if whole else "证件号码和电话已部分隐藏"
        subtitle = "　".join(x for x in (spec.code, f"管理处：{project or '全公司'}", f"导出时间：{now:%Y-%m-%d %H:%M}",
                                        f"共 {total} 份", note) if x)

        def rows() -> Iterable[list[object]]:
            n = 0
            for i in range(0, total, 500):
                for v in self.records(ids[i:i + 500]):
                    n += 1
                    yield [n, *(self._ledger_value(f, v.values.get(f.key) if f else None, whole)
                                for f, _ in columns[1:-1]), v.updated_at]

        count = write_ledger(out, f"{company}{spec.title}台账", subtitle, [c for _, c in columns], rows(),
                             total=total, progress=progress, sheet_title=spec.title)
        with self._uow() as uow:
            write_log(uow.session, now, by, EXPORT_WHOLE if whole else EXPORT,
                      f"{spec.title}台账（{count}份）→ {out.name}", project_id=q.project_id, whole=whole)
            uow.commit()
        return count

    @staticmethod
    def _ledger_value(f: FieldSpec | None, value: Any, whole: bool) -> object:
        if f is None or is_blank(value):
            return None
        if f.is_repeat:
            assert f.repeat is not None
            lines = []
            for row in value:
                cells = [(mask_value(sub, row.get(sub.key)) if sub.masked and not whole
                          else format_value(sub, row.get(sub.key))) for sub in f.repeat.fields]
                lines.append(" ".join(c for c in cells if c))
            return "；".join(lines)
        if f.type in ("date", "datetime") and isinstance(value, (date, datetime)):
            return value
        return format_value(f, value) if whole or not f.masked else mask_value(f, value)


def hidden_values(spec: FormSpec, values: dict[str, Any], hide: frozenset[str]) -> dict[str, Any]:
    """``values`` with the ID numbers ("id" in ``hide``) and phones ("phone") masked, repeat rows too."""
    if not hide:
        return values

    def hidden(f: FieldSpec) -> bool:
        return ("id" in hide and f.type in ID_TYPES) or ("phone" in hide and f.type in PHONE_TYPES)

    out = dict(values)
    for f in spec.fields():
        value = values.get(f.key)
        if is_blank(value):
            continue
        if f.is_repeat and isinstance(value, list):
            assert f.repeat is not None
            subs = [sub for sub in f.repeat.fields if hidden(sub)]
            if subs:
                out[f.key] = [{**row, **{sub.key: mask_value(sub, row.get(sub.key)) for sub in subs
                                         if not is_blank(row.get(sub.key))}} if isinstance(row, dict) else row
                              for row in value]
        elif hidden(f):
            out[f.key] = mask_value(f, value)
    return out


def _stored_value(f: FieldSpec, value: Any) -> Any:
    """A stored (to_json) value typed again, the quick way for list rows: ISO dates and plain texts are
    what the services store; anything else goes through the validator's lenient conversion."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if f.type == "date" and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        elif f.type == "datetime":
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        elif f.type in ("text", "multiline", "mobile", "landline", "phone", "plate", "email", "passport", "uscc",
                        "id_card", "id_number"):
            return value
    return coerce_lenient(f, value)


def typed_values(spec: FormSpec, data: dict[str, Any]) -> dict[str, Any]:
    """formspecs.from_json for what this service stored (already checked and normalised), without
    re-parsing ISO dates and plain texts: batch printing reads 1,000 records in a fraction of a second."""
    values: dict[str, Any] = {}
    for f in spec.fields():
        raw = data.get(f.key)
        if f.is_repeat:
            assert f.repeat is not None
            rows = raw if isinstance(raw, list) else []
            values[f.key] = [{sub.key: _stored_value(sub, row.get(sub.key)) for sub in f.repeat.fields}
                             for row in rows if isinstance(row, dict)]
        else:
            values[f.key] = _stored_value(f, raw)
    return values
