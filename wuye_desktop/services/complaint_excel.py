"""Complaints to and from Excel: the filtered list out, the office's ledger (投诉登记台账) in.

The import is all-or-nothing: ``preview_import`` reads and checks every row and lists every
bad one (Excel row number, column, reason); ``commit_import`` writes all cases and their
implied history in one transaction, or nothing.

How a ledger row becomes a case (the ledger has times, not a history):
- 受理时间 is both the receipt and the front desk's receipt (RECEIVE + TO_FRONT_DESK).
- 派单时间 → DISPATCH to 责任部门. The ledger has no promised time, so the department's due
  time (限期处理) is read as 完成时间 when the case was completed (the department is not
  blamed for a deadline nobody wrote down), else 派单时间 + 24 h — a day, so an open
  imported case shows up as overdue once it has been with the department for a day.
- 完成时间 → COMPLETE; the ledger marks a case done when the customer was told, so
  FEEDBACK (篇2 §8) and REPLY (篇2 §5) are recorded at the same time.
- 回访时间 + 回访结果 → REVISIT (method 「其他」: ledgers do not say how).
- CLOSE is never implied: closing needs the customer's confirmation (篇5 §1(5)).
- A 重大 case received more than 48 h ago does not light the emergency banner: it is history
  (ComplaintService.import_cases). Deadlines missed in the past show as 超时, as the rules say.
"""

from __future__ import annotations

import calendar as _calendar
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from wuye_desktop.domain.complaint import Action, Channel, Kind, Satisfaction
from wuye_desktop.domain.draft import LABELS, ComplaintDraft
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.domain.validators import length_error, not_future_error, order_error, parse_datetime_text
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.complaint_views import ComplaintView
from wuye_desktop.services.complaints import ComplaintService, StepInput
from wuye_desktop.services.settings import SettingsService

if TYPE_CHECKING:
    from wuye_desktop.export.ledger_reader import LedgerRow, LedgerSheet

Progress = Callable[[int, int, str], None]

DEFAULT_CATEGORY = "其他物业服务"      # 篇5 §2(5): 「其他物业服务」 when a ledger row names none
DISPATCH_DUE_WITHOUT_COMPLETION = timedelta(hours=24)
IMPORT_NOTE = "据投诉登记台账导入"
EARLIEST = datetime(2000, 1, 1)

CHANNELS: dict[str, Channel] = {
    "来访": Channel.VISIT, "上门": Channel.VISIT, "来人": Channel.VISIT, "面谈": Channel.VISIT,
    "电话": Channel.PHONE, "来电": Channel.PHONE,
    "书面": Channel.WRITTEN, "来信": Channel.WRITTEN, "信件": Channel.WRITTEN, "书信": Channel.WRITTEN,
    "其他": Channel.OTHER, "其它": Channel.OTHER,
}
KINDS: dict[str, Kind] = {
    "一般": Kind.GENERAL, "一般投诉": Kind.GENERAL,
    "重大": Kind.MAJOR, "重大投诉": Kind.MAJOR, "突发事件": Kind.MAJOR,
    "非合理": Kind.UNREASONABLE, "非合理投诉": Kind.UNREASONABLE, "不合理": Kind.UNREASONABLE,
    "建议": Kind.SUGGESTION, "合理化建议": Kind.SUGGESTION,
}
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class RowError:
    row: int        # Excel row number
    column: str     # the column as the file names it
    reason: str


@dataclass(frozen=True)
class LedgerCase:
    """One good ledger row, ready to be written."""

    row: int
    draft: ComplaintDraft
    dispatched_at: datetime | None
    completed_at: datetime | None
    revisited_at: datetime | None
    revisit_result: str


@dataclass(frozen=True)
class ImportPreview:
    path: Path
    project_id: int
    cases: tuple[LedgerCase, ...]
    errors: tuple[RowError, ...]
    warnings: tuple[str, ...]
    rows_read: int

    @property
    def ok(self) -> bool:
        """Importable: at least one row and not one bad row."""
        return not self.errors and bool(self.cases)

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})


def parse_month(text: str) -> tuple[date, date]:
    """「2026-09」 → (2026-09-01, 2026-09-30); a Chinese message naming the field otherwise."""
    m = MONTH_RE.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
        raise ValidationError.single("month", f"月份「{text}」格式不正确，应为 年-月，如 2026-09")
    year, month = int(m.group(1)), int(m.group(2))
    return date(year, month, 1), date(year, month, _calendar.monthrange(year, month)[1])


class ComplaintExcelService:
    def __init__(self, complaints: ComplaintService, settings: SettingsService, clock: Clock) -> None:
        self._complaints = complaints
        self._settings = settings
        self._clock = clock
        # Other areas that follow cases written without ComplaintService.act (the revisits area creates
        # the revisit tasks of imported completed cases). Called after the import's commit.
        self.after_import: list[Callable[[], object]] = []

    # --- Excel out ------------------------------------------------------------------------------------
    def export_list(self, f: ComplaintFilter, out: Path, progress: Progress | None = None,
                    month: str | None = None) -> int:
        """The filtered list (optionally: received in ``month`` YYYY-MM) to a workbook; returns the count."""
        from wuye_desktop.export.xlsx_complaints import write_complaint_list  # lazy import: a faster start (issue 8)
        if out.suffix.lower() != ".xlsx":
            raise ValidationError.single("file", f"导出文件名应以 .xlsx 结尾（现为「{out.name}」）")
        if month:
            first, last = parse_month(month)
            f = f.with_(received_from=first, received_to=last)
        now = self._clock()
        total = self._complaints.page(f, 0, 1).total
        scope = self._settings.project(f.project_id).name if f.project_id is not None else "全公司"
        parts = [f"管理处：{scope}"]
        if month:
            parts.append(f"受理月份：{first:%Y年%m月}")
        elif f.received_from or f.received_to:
            parts.append(f"受理日期：{f.received_from or ''}至{f.received_to or ''}")
        parts += [f"导出时间：{now:%Y-%m-%d %H:%M}", f"共 {total} 宗"]
        if progress:
            progress(0, total, "正在读取投诉…")

        def rows() -> Iterator[list[object]]:
            for batch in self._complaints.all_rows(f):
                for v in batch:
                    yield export_values(v, now)

        return write_complaint_list(out, f"{self._settings.company_name()}客户投诉清单", "　".join(parts), rows(),
                                    total=total, progress=progress)

    # --- Excel in -------------------------------------------------------------------------------------
    def preview_import(self, path: Path, project_id: int, progress: Progress | None = None) -> ImportPreview:
        """Read and check every row of the ledger; nothing is written."""
        from wuye_desktop.export.ledger_reader import REQUIRED_COLUMNS, read_ledger  # lazy import: a faster start (issue 8)
        self._settings.project(project_id)  # NotFoundError in Chinese when it is gone
        sheet = read_ledger(path, progress)
        now = self._clock()
        errors: list[RowError] = []
        warnings: list[str] = []
        for col in sheet.unknown:
            warnings.append(f"第{col.letter}列「{col.header}」不是台账的列，已忽略")
        for first, second in sheet.duplicates:
            errors.append(RowError(sheet.header_row, second.header,
                                   f"与第{first.letter}列「{first.header}」重复（第{second.letter}列）"))
        for name in REQUIRED_COLUMNS:
            if name not in sheet.columns:
                errors.append(RowError(sheet.header_row, name, f"缺少必填列「{name}」"))
        if errors:  # without the columns every row would repeat the same complaint
            return ImportPreview(path, project_id, (), tuple(errors), tuple(warnings), len(sheet.rows))
        if not sheet.rows:
            warnings.append("表头下面没有数据行")

        cases: list[LedgerCase] = []
        seen_numbers: dict[str, int] = {}
        defaulted_category = 0
        total = len(sheet.rows)
        for i, ledger_row in enumerate(sheet.rows, start=1):
            if progress and i % 500 == 0:
                progress(i, total, f"正在检查第 {ledger_row.row} 行")
            case, row_errors, used_default = _check_row(ledger_row, sheet, now)
            defaulted_category += used_default
            if case and case.draft.number:
                earlier = seen_numbers.get(case.draft.number)
                if earlier is not None:
                    row_errors.append(RowError(ledger_row.row, sheet.column_label("投诉编号"),
                                               f"投诉编号「{case.draft.number}」与第{earlier}行重复"))
                else:
                    seen_numbers[case.draft.number] = ledger_row.row
            errors += row_errors
            if case and not row_errors:
                cases.append(case)
        if seen_numbers:
            for number in sorted(self._complaints.existing_numbers(seen_numbers)):
                errors.append(RowError(seen_numbers[number], sheet.column_label("投诉编号"),
                                       f"投诉编号「{number}」已存在于系统中"))
            clash = {e.row for e in errors}
            cases = [c for c in cases if c.row not in clash]
        if defaulted_category:
            warnings.append(f"{defaulted_category} 行未填投诉类别，按「{DEFAULT_CATEGORY}」记录")
        if "投诉方式" not in sheet.columns:
            warnings.append("没有「投诉方式」列：投诉方式记为「其他」")
        if "性质" not in sheet.columns:
            warnings.append("没有「性质」列：性质记为「一般」")
        order = {c.header: _column_index(c.letter) for c in sheet.columns.values()}
        errors.sort(key=lambda e: (e.row, order.get(e.column, 0)))  # as the clerk reads the sheet
        if progress:
            progress(total, total, "检查完毕")
        return ImportPreview(path, project_id, tuple(cases), tuple(errors), tuple(warnings), len(sheet.rows))

    def commit_import(self, preview: ImportPreview, by: str, progress: Progress | None = None) -> int:
        """Write every case of a clean preview in ONE transaction; nothing at all if anything is wrong."""
        if preview.errors:
            raise DomainError(f"台账中有 {preview.bad_rows} 行错误，未导入任何数据；请改正后重新检查")
        if not preview.cases:
            raise DomainError("台账中没有可导入的投诉")
        by = by.strip()
        if not by:
            raise ValidationError.single("by", "经办人不能为空")
        batch = [(c.draft, _steps(c, by)) for c in preview.cases]
        count = self._complaints.import_cases(batch, preview.project_id, progress)
        if progress:
            progress(count, count, "正在更新回访任务…")
        for follow in self.after_import:
            try:
                follow()
            except Exception:  # the cases are in; the follower can catch up later (it is idempotent)
                logging.getLogger(__name__).exception("导入后的后续处理失败")
        return count


def export_values(v: ComplaintView, now: datetime) -> list[object]:
    """One list row in COMPLAINT_COLUMNS order (18 columns; a unit test holds them together)."""
    return [
        v.number, v.received_at, v.complainant, v.unit, v.phone, v.subject, v.channel, v.category, v.kind,
        v.state, v.department, v.first_responder, v.dispatched_at, v.completed_at,
        v.revisit_due.date() if v.revisit_due else None, v.revisited_at, v.revisit_result,
        "、".join(v.overdue_labels(now)),
    ]


def _steps(case: LedgerCase, by: str) -> list[StepInput]:
    """The history a ledger row implies (see the module docstring)."""
    d = case.draft
    assert d.received_at is not None
    steps = [StepInput(Action.RECEIVE, d.first_responder or by, d.received_at, IMPORT_NOTE),
             StepInput(Action.TO_FRONT_DESK, by, d.received_at, IMPORT_NOTE)]
    if case.dispatched_at:
        due = case.completed_at or case.dispatched_at + DISPATCH_DUE_WITHOUT_COMPLETION
        steps.append(StepInput(Action.DISPATCH, by, case.dispatched_at, IMPORT_NOTE,
                               {"department": d.department, "due_at": due.isoformat(sep=" ")}))
    if case.completed_at:
        steps += [StepInput(Action.COMPLETE, by, case.completed_at, IMPORT_NOTE),
                  StepInput(Action.FEEDBACK, by, case.completed_at, IMPORT_NOTE),
                  # An empty reply text: the ledger does not say what the customer was told, so no
                  # reply letter is printed from an import (PrintService.reply_letter says so).
                  StepInput(Action.REPLY, by, case.completed_at, "")]
    if case.revisited_at:
        steps.append(StepInput(Action.REVISIT, by, case.revisited_at, IMPORT_NOTE,
                               {"satisfaction": case.revisit_result, "method": "其他"}))
    return steps


def _column_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + (ord(ch) - 64)
    return n


# --- one ledger row -----------------------------------------------------------------------------------

def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed into a number cell
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value).strip()


def _time(value: object) -> datetime | None | str:
    """A datetime, None for blank, or the Chinese reason it is not a time."""
    from openpyxl.utils.datetime import from_excel  # lazy import: a faster start (issue 8)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, time.min)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial date in a cell without a date format
            return from_excel(value).replace(microsecond=0)  # type: ignore[no-any-return]
        return f"「{value}」不是有效的时间"
    parsed = parse_datetime_text(str(value))
    if parsed is None:
        return f"「{value}」不是有效的时间，应为日期格式或如 2026-09-18 14:30 的文字"
    return parsed


def _check_row(r: LedgerRow, sheet: LedgerSheet, now: datetime) -> tuple[LedgerCase | None, list[RowError], int]:
    """(the case or None, this row's errors, 1 when the default category was used)."""
    errors: list[RowError] = []
    label = sheet.column_label

    def err(name: str, reason: str) -> None:
        if not any(e.column == label(name) for e in errors):
            errors.append(RowError(r.row, label(name), reason))

    times: dict[str, datetime | None] = {}
    for name in ("受理时间", "派单时间", "完成时间", "回访时间"):
        value = _time(r.values.get(name))
        if isinstance(value, str):
            err(name, f"{name}{value}")
            times[name] = None
        else:
            times[name] = value
            if value is not None and (e := not_future_error(name, value, now)):
                err(name, e)
            elif value is not None and value < EARLIEST:
                # A year typed into a number cell (2026 → 1905-07-18) must not pass as a date.
                err(name, f"{name}「{value:%Y-%m-%d}」早于{EARLIEST.year}年，请检查是否填错")
    text = {k: _text(r.values.get(k)) for k in (
        "投诉编号", "投诉人", "房号", "联系电话", "投诉主题", "投诉内容", "投诉方式", "投诉类别", "性质",
        "首问人", "责任部门", "回访结果", "备注")}

    channel = Channel.OTHER
    if text["投诉方式"]:
        channel = CHANNELS.get(text["投诉方式"], None)  # type: ignore[assignment]
        if channel is None:
            err("投诉方式", f"投诉方式「{text['投诉方式']}」无法识别，应为 来访、电话、书面 或 其他")
            channel = Channel.OTHER
    kind = Kind.GENERAL
    if text["性质"]:
        kind = KINDS.get(text["性质"], None)  # type: ignore[assignment]
        if kind is None:
            err("性质", f"性质「{text['性质']}」无法识别，应为 一般、重大、非合理 或 建议")
            kind = Kind.GENERAL
    category, used_default = text["投诉类别"], 0
    if not category:
        if kind is Kind.MAJOR:
            err("投诉类别", "重大投诉须填写投诉类别（如 电梯困人、水浸）")
        else:
            category, used_default = DEFAULT_CATEGORY, 1
    if e := length_error("投诉类别", category, 20):
        err("投诉类别", e)
    if e := length_error("责任部门", text["责任部门"], 40):
        err("责任部门", e)
    if e := length_error("备注", text["备注"], 10000):
        err("备注", e)

    received, dispatched, completed, revisited = (times["受理时间"], times["派单时间"], times["完成时间"],
                                                  times["回访时间"])
    # The implied events must follow the life cycle and each other in time (篇2 §2–§5).
    if dispatched and not text["责任部门"]:
        err("责任部门", "填写了派单时间，责任部门不能为空")
    if completed and not dispatched and not any(e.column == label("派单时间") for e in errors):
        err("派单时间", "填写了完成时间，派单时间不能为空")
    if revisited and not completed and not any(e.column == label("完成时间") for e in errors):
        err("完成时间", "填写了回访时间，完成时间不能为空")
    result = text["回访结果"]
    if result and result not in {s.value for s in Satisfaction}:
        err("回访结果", f"回访结果「{result}」无法识别，应为 满意、基本满意 或 不满意")
    elif result and not revisited and not any(e.column == label("回访时间") for e in errors):
        err("回访时间", "填写了回访结果，回访时间不能为空")
    elif revisited and not result:
        err("回访结果", "填写了回访时间，回访结果不能为空（满意、基本满意或不满意）")
    for name, value, earlier_name, earlier in (
            ("派单时间", dispatched, "受理时间", received),
            ("完成时间", completed, "派单时间" if dispatched else "受理时间", dispatched or received),
            ("回访时间", revisited, "完成时间", completed)):
        if e := order_error(name, value, earlier_name, earlier):
            err(name, e)

    draft = ComplaintDraft(
        received_at=received, complainant=text["投诉人"], unit=text["房号"], phone=text["联系电话"],
        subject=text["投诉主题"], content=text["投诉内容"], channel=channel, kind=kind, category=category,
        first_responder=text["首问人"], department=text["责任部门"], front_desk_at=received,
        number=text["投诉编号"], remarks=text["备注"],
    )
    try:
        # Ledger categories are the office's own free text (not only the lists of 篇5 §2(5)(6)).
        draft.validate(now, allow_any_category=True)
    except ValidationError as exc:
        for key, message in exc.errors.items():
            column = "受理时间" if key == "front_desk_at" else LABELS.get(key, key)
            if not (key == "received_at" and any(e.column == label("受理时间") for e in errors)):
                err(column, message)
    if errors:
        return None, errors, used_default
    return LedgerCase(r.row, replace(draft.cleaned(), front_desk_at=received), dispatched, completed,
                      revisited, result), [], used_default
