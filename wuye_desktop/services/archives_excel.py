"""Client archives to and from Excel: the client list out, a client's archive out, an office's client list in.

The import is all-or-nothing like the complaint ledger's (services.complaint_excel): ``preview_import``
reads and checks every row and lists every bad one (Excel row number, column, reason);
``commit_import`` writes the units, clients, stays and emergency contacts in one transaction, or
nothing. ID numbers and phones leave the program masked unless the clerk asks for them whole, which
is logged (PIPL).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.domain.masking import mask_id, mask_phone
from wuye_desktop.domain.validators import normalize_phone, parse_datetime_text, phone_error
from wuye_desktop.export.columns import Column
from wuye_desktop.services.archives import ArchiveService, archive_facts, client_search_text, item_rows
from wuye_desktop.services.archives_log import EXPORT, EXPORT_WHOLE, write_log
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.complaint_excel import RowError
from wuye_desktop.services.complaints import pinyin_initials
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage import archive_queries as aq
from wuye_desktop.storage.models_archives import ClientRow, EntryRow, OccupancyRow, UnitRow
from wuye_desktop.storage.uow import UowFactory

Progress = Callable[[int, int, str], None]

CLIENT_EXPORT_COLUMNS: tuple[Column, ...] = (
    Column("序号", 7), Column("客户名称", 26), Column("客户类型", 9), Column("房屋", 22), Column("状态", 8),
    Column("证件类型", 16), Column("证件号码", 22), Column("联系电话", 16), Column("联系人", 10),
    Column("电子邮箱", 24), Column("通讯地址", 30), Column("单位性质", 12), Column("所属行业", 12),
    Column("法定代表人/负责人", 14), Column("备注", 30),
)
COMPANY_WORDS = ("公司", "事务所", "代表处", "中心", "银行", "株式会社", "集团", "协会", "学校", "医院", "商行", "工作室")


@dataclass(frozen=True)
class ClientListRow:
    """One good row of an office's client list."""

    row: int
    unit: arc.UnitDraft
    client: arc.ClientDraft
    role: str
    move_in: date | None
    emergency_name: str = ""
    emergency_relation: str = ""
    emergency_phone: str = ""


@dataclass(frozen=True)
class ClientImportPreview:
    path: Path
    project_id: int
    rows: tuple[ClientListRow, ...]
    errors: tuple[RowError, ...]
    warnings: tuple[str, ...]
    rows_read: int
    new_units: int = 0
    new_clients: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})


@dataclass(frozen=True)
class ImportResult:
    units: int
    clients: int
    stays: int
    contacts: int


class ArchiveExcelService:
    def __init__(self, uow: UowFactory, clock: Clock, settings: SettingsService, archives: ArchiveService) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings
        self._archives = archives

    # --- out -----------------------------------------------------------------------------------------------------
    def export_clients(self, q: aq.ClientQuery, out: Path, by: str, *, whole: bool = False,
                       progress: Progress | None = None) -> int:
        """The client list; ID numbers and phones masked unless ``whole`` (and that is logged)."""
        from wuye_desktop.export.xlsx_archives import write_ledger  # lazy import: a faster start (issue 8)
        if out.suffix.lower() != ".xlsx":
            raise ValidationError.single("file", f"导出文件名应以 .xlsx 结尾（现为「{out.name}」）")
        now = self._clock()
        first = self._archives.clients(q, 0, 1)
        total = first.total if not first.capped else 0
        scope = self._settings.project(q.project_id).name if q.project_id is not None else "全公司"
        note = "证件号码和电话为完整显示，请妥善保管" if whole else "证件号码和电话已部分隐藏"
        subtitle = "　".join((f"管理处：{scope}", f"导出时间：{now:%Y-%m-%d %H:%M}", f"共 {total} 户", note))

        def rows() -> Iterable[list[object]]:
            offset, n = 0, 0
            while True:
                page = self._archives.clients(q, offset, 1000, with_total=False)
                if not page.rows:
                    return
                for c in page.rows:
                    n += 1
                    yield [n, c.name, c.kind, c.units, c.state, c.id_type, c.id_no if whole else c.id_masked,
                           c.phone if whole else c.phone_masked, c.contact, c.email, c.address, c.nature,
                           c.industry, c.legal_rep, c.remarks]
                offset += len(page.rows)

        count = write_ledger(out, f"{self._settings.company_name()}客户名单", subtitle, CLIENT_EXPORT_COLUMNS, rows(),
                             total=total, progress=progress, sheet_title="客户名单")
        with self._uow() as uow:
            write_log(uow.session, now, by, EXPORT_WHOLE if whole else EXPORT, f"客户名单（{count}户）→ {out.name}",
                      project_id=q.project_id, whole=whole)
            uow.commit()
        return count

    def export_archive(self, client_id: int, out: Path, by: str, *, whole: bool = False) -> Path:
        """One client's archive as a workbook (a sheet per kind of 篇3 §3); the export is logged."""
        from wuye_desktop.export.xlsx_archives import write_archive_workbook  # lazy import: a faster start (issue 8)
        archive = self._archives.client_archive(client_id, by, log=False)  # the export itself is logged below
        sheets: list[tuple[str, tuple[str, ...], list[list[object]]]] = [("入住记录", ("房屋", "身份", "入住日期", "迁出日期", "状态", "说明"),
                   [[s.unit_label, s.role, s.move_in, s.move_out, s.state, s.note] for s in archive.stays])]
        if archive.employees:
            sheets.append(("员工", ("姓名", "职务", "证件号码", "联系电话", "入职日期", "状态"),
                           [[e.name, e.post, e.id_no if whole else mask_id(e.id_no),
                             e.phone if whole else mask_phone(e.phone), e.started_on, e.state]
                            for e in archive.employees]))
        headers = ("日期", "来源", "事项", "内容", "金额（元）", "状态", "附件数")
        for kind in arc.ARCHIVE_KINDS:
            sheets.append((kind.label, headers, item_rows(archive.items.get(kind.code, ()))))
        path = write_archive_workbook(out, f"客户档案：{archive.client.name}", archive_facts(archive, whole), sheets)
        self._archives.log(by, EXPORT_WHOLE if whole else EXPORT, f"导出客户档案：{archive.client.name} → {out.name}",
                           client_id=client_id, project_id=archive.client.project_id, whole=whole)
        return path

    # --- in ------------------------------------------------------------------------------------------------------
    def preview_import(self, path: Path, project_id: int, progress: Progress | None = None) -> ClientImportPreview:
        """Read and check every row of the client list; nothing is written."""
        from wuye_desktop.export.xlsx_archives import CLIENT_LIST_REQUIRED, read_client_list  # lazy import: a faster start (issue 8)
        self._settings.project(project_id)
        sheet = read_client_list(path, progress)
        today = self._clock().date()
        errors: list[RowError] = []
        warnings: list[str] = []
        for col in sheet.unknown:
            warnings.append(f"第{col.letter}列「{col.header}」不是客户名单的列，已忽略")
        for a, b in sheet.duplicates:
            errors.append(RowError(sheet.header_row, b.header, f"与第{a.letter}列「{a.header}」重复（第{b.letter}列）"))
        for name in CLIENT_LIST_REQUIRED:
            if name not in sheet.columns:
                errors.append(RowError(sheet.header_row, name, f"缺少必填列「{name}」"))
        if errors:
            return ClientImportPreview(path, project_id, (), tuple(errors), tuple(warnings), len(sheet.rows))
        if not sheet.rows:
            warnings.append("表头下面没有数据行")
        good: list[ClientListRow] = []
        seen: dict[tuple[str, str], int] = {}
        no_date = 0
        for i, r in enumerate(sheet.rows, start=1):
            if progress and i % 500 == 0:
                progress(i, len(sheet.rows), f"正在检查第 {r.row} 行")
            row, row_errors = _check_row(r.row, r.values, sheet.column_label, today)
            if row is not None:
                key = (arc.unit_key(row.unit.label), row.client.id_no or row.client.name)
                if key in seen:
                    row_errors.append(RowError(r.row, sheet.column_label("客户名称"),
                                               f"与第{seen[key]}行重复（同一房屋、同一客户）"))
                else:
                    seen[key] = r.row
            errors += row_errors
            if row is not None and not row_errors:
                no_date += row.move_in is None
                good.append(row)
        new_units, new_clients = self._count_new(project_id, good)
        if no_date:
            warnings.append(f"{no_date} 行未填入住日期，按导入当天（{today:%Y-%m-%d}）记录入住")
        order = {c.header: _col_index(c.letter) for c in sheet.columns.values()}
        errors.sort(key=lambda e: (e.row, order.get(e.column, 0)))
        return ClientImportPreview(path, project_id, tuple(good), tuple(errors), tuple(warnings), len(sheet.rows),
                                   new_units, new_clients)

    def _count_new(self, project_id: int, rows: list[ClientListRow]) -> tuple[int, int]:
        with self._uow() as uow:
            s = uow.session
            units = set(s.scalars(select(UnitRow.unit_key).where(UnitRow.project_id == project_id)))
            ids = set(s.scalars(select(ClientRow.id_no).where(ClientRow.project_id == project_id,
                                                              ClientRow.id_no != "")))
        new_units = {arc.unit_key(r.unit.label) for r in rows} - units
        new_clients = {r.client.id_no or (r.client.name, r.client.phone) for r in rows} - ids
        return len(new_units), len(new_clients)

    def commit_import(self, preview: ClientImportPreview, by: str, progress: Progress | None = None) -> ImportResult:
        """Write every row of a clean preview in ONE transaction; nothing at all if anything is wrong."""
        if preview.errors:
            raise DomainError(f"客户名单中有 {preview.bad_rows} 行错误，未导入任何数据；请改正后重新检查")
        if not preview.rows:
            raise DomainError("客户名单中没有可导入的客户")
        now = self._clock()
        today = now.date()
        total = len(preview.rows)
        units_new = clients_new = stays = contacts = 0
        with self._uow() as uow:
            s = uow.session
            units = {u.unit_key: u for u in s.scalars(select(UnitRow).where(UnitRow.project_id == preview.project_id))}
            by_id = {c.id_no: c for c in s.scalars(select(ClientRow).where(
                ClientRow.project_id == preview.project_id, ClientRow.id_no != ""))}
            by_name: dict[tuple[str, str], ClientRow] = {}
            touched: dict[int, ClientRow] = {}
            labels: dict[int, list[str]] = {}
            with s.no_autoflush:
                for i, r in enumerate(preview.rows, start=1):
                    key = arc.unit_key(r.unit.label)
                    unit = units.get(key)
                    if unit is None:
                        u = r.unit
                        unit = UnitRow(project_id=preview.project_id, building=u.building, entrance=u.entrance,
                                       floor=u.floor, room=u.room, kind=u.kind, floor_area=u.floor_area,
                                       label=u.label, unit_key=key, remarks="", created_at=now, updated_at=now)
                        s.add(unit)
                        units[key] = unit
                        units_new += 1
                    c = r.client
                    client = by_id.get(c.id_no) if c.id_no else by_name.get((c.name, c.phone))
                    if client is None:
                        client = ClientRow(project_id=preview.project_id, kind=c.kind, name=c.name,
                                           initials=pinyin_initials(c.name), id_type=c.id_type, id_no=c.id_no,
                                           phone=c.phone, phone_digits=arc.phone_key(c.phone), email=c.email,
                                           contact=c.contact, address=c.address, nature="", industry="",
                                           legal_rep="", remarks=c.remarks, search_text="", created_at=now,
                                           updated_at=now)
                        s.add(client)
                        clients_new += 1
                        if c.id_no:
                            by_id[c.id_no] = client
                        else:
                            by_name[(c.name, c.phone)] = client
                    s.flush()
                    touched[client.id] = client
                    already = s.scalar(select(OccupancyRow.id).where(
                        OccupancyRow.unit_id == unit.id, OccupancyRow.client_id == client.id,
                        OccupancyRow.move_out.is_(None)))
                    if already is None:
                        s.add(OccupancyRow(unit_id=unit.id, client_id=client.id, role=r.role,
                                           move_in=r.move_in or today, move_out=None, note="据客户名单导入",
                                           created_at=now, created_by=by[:40]))
                        stays += 1
                    labels.setdefault(client.id, []).append(unit.label)
                    if r.emergency_name:
                        s.add(EntryRow(client_id=client.id, unit_id=unit.id, kind="emergency", occurred_on=today,
                                       title=f"{r.emergency_name}（{r.emergency_relation or '紧急联系人'}）",
                                       detail=f"电话：{r.emergency_phone}" if r.emergency_phone else "",
                                       amount=None, deposit=False, returned_on=None, reference="",
                                       by=by[:40], created_at=now, updated_at=now))
                        contacts += 1
                    if progress and (i % 200 == 0 or i == total):
                        progress(i, total, f"正在写入第 {i} 行（共 {total} 行）")
                s.flush()
                for client in touched.values():
                    known = list(s.scalars(select(UnitRow.label).join(OccupancyRow, OccupancyRow.unit_id == UnitRow.id)
                                           .where(OccupancyRow.client_id == client.id)))
                    client.search_text = client_search_text(client.name, client.contact, client.phone, client.id_no,
                                                            known or labels.get(client.id, []), client.email)
            uow.commit()
        return ImportResult(units_new, clients_new, stays, contacts)


def _col_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + (ord(ch) - 64)
    return n


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    return " ".join(str(value).split())


def _date(value: object) -> date | None | str:
    from openpyxl.utils.datetime import from_excel  # lazy import: a faster start (issue 8)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return from_excel(value).date()  # type: ignore[no-any-return]
        return f"「{value}」不是有效的日期"
    parsed = parse_datetime_text(str(value))
    if parsed is None:
        return f"「{value}」不是有效的日期（如 2026-09-18）"
    return parsed.date()


# Which column a draft's field key is reported under.
_UNIT_COLUMN = {"building": "楼栋", "entrance": "单元", "room": "房号", "floor": "楼层", "kind": "房屋类型",
                "floor_area": "建筑面积", "remarks": "备注"}
_CLIENT_COLUMN = {"name": "客户名称", "kind": "客户类型", "id_type": "证件类型", "id_no": "证件号码",
                  "phone": "联系电话", "email": "电子邮箱", "contact": "联系人", "address": "通讯地址", "remarks": "备注"}


def _check_row(number: int, values: dict[str, object], label: Callable[[str], str],
               today: date) -> tuple[ClientListRow | None, list[RowError]]:
    errors: list[RowError] = []

    def err(column: str, reason: str) -> None:
        if not any(e.column == label(column) for e in errors):
            errors.append(RowError(number, label(column), reason))

    t = {k: _text(values.get(k)) for k in (
        "楼栋", "单元", "楼层", "房号", "房屋类型", "建筑面积", "客户名称", "客户类型", "客户身份", "证件类型", "证件号码",
        "联系电话", "联系人", "电子邮箱", "通讯地址", "紧急联系人", "紧急联系人关系", "紧急联系人电话", "备注")}
    # The unit: separate columns (楼栋/单元/楼层/房号) or the whole unit in 房号 (A座1203, 3栋2单元501).
    unit: arc.UnitDraft | None = None
    floor: int | None = None
    if t["楼层"]:
        if re.fullmatch(r"-?\d{1,3}", t["楼层"]):
            floor = int(t["楼层"])
        else:
            err("楼层", f"楼层「{t['楼层']}」应为整数")
    kind = t["房屋类型"] or "住宅"
    if not t["房号"]:
        err("房号", "房号不能为空")
    elif t["楼栋"]:
        entrance = t["单元"] + ("单元" if t["单元"].isdigit() else "")
        unit = arc.UnitDraft(t["楼栋"], t["房号"], kind, entrance, floor, t["建筑面积"] or None)
    else:
        parsed = arc.parse_unit(t["房号"])
        if parsed is None:
            err("房号", f"房号「{t['房号']}」无法识别：请写成 A座1203、3栋2单元501，或分列填写楼栋、单元、房号")
        else:
            unit = arc.UnitDraft(parsed.building, parsed.room, kind, parsed.entrance,
                                 floor if floor is not None else parsed.floor, t["建筑面积"] or None)
    if unit is not None:
        try:
            unit = unit.validate()
        except ValidationError as exc:
            for key, message in exc.errors.items():
                err(_UNIT_COLUMN.get(key, "房号"), message)
            unit = None
    # The client.
    client_kind = t["客户类型"]
    if not client_kind:
        client_kind = "单位" if (t["证件类型"] == "统一社会信用代码"
                               or t["客户名称"].endswith(COMPANY_WORDS)) else "个人"
    id_type = t["证件类型"]
    if t["证件号码"] and not id_type:
        id_type = "统一社会信用代码" if client_kind == "单位" else "居民身份证"
    draft = arc.ClientDraft(t["客户名称"], client_kind, id_type, t["证件号码"], t["联系电话"], t["电子邮箱"], t["联系人"],
                            t["通讯地址"], remarks=t["备注"])
    client: arc.ClientDraft | None = None
    try:
        client = draft.validate(today)
    except ValidationError as exc:
        for key, message in exc.errors.items():
            err(_CLIENT_COLUMN.get(key, "客户名称"), message)
    role = t["客户身份"] or "业主"
    if role not in arc.ROLES:
        err("客户身份", f"客户身份「{role}」应为 业主 或 租户")
    move_in = _date(values.get("入住日期"))
    if isinstance(move_in, str):
        err("入住日期", f"入住日期{move_in}")
        move_in = None
    elif move_in is not None and move_in > today:
        err("入住日期", f"入住日期不能晚于今天（{today:%Y-%m-%d}）")
    e_phone = t["紧急联系人电话"]
    if e_phone:
        if bad_phone := phone_error("紧急联系人电话", e_phone):
            err("紧急联系人电话", bad_phone)
        else:
            e_phone = normalize_phone(e_phone)
        if not t["紧急联系人"]:
            err("紧急联系人", "填写了紧急联系人电话，紧急联系人不能为空")
    if errors or unit is None or client is None:
        return None, errors
    return ClientListRow(number, unit, client, role, move_in, t["紧急联系人"], t["紧急联系人关系"], e_phone), []

