"""The 登记表 page: the 18 forms on the left, the chosen form's records on the right (searched in SQL,
incl. pinyin initials; personal data masked); new, open, print, batch print, blank form, ledger — and
the links of FORMS.md for the forms that have them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.auth import Permission
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.formspecs import FormSpec
from wuye_desktop.services.archives_views import FormRecordView, Page
from wuye_desktop.ui.archives.form_dialog import FormRecordDialog
from wuye_desktop.ui.archives.links_dialogs import LinkedRecordsDialog, MeterSeriesDialog, RevokeDialog
from wuye_desktop.ui.archives.models import Col, PagedModel, date_text
from wuye_desktop.ui.archives.people_pages import SEARCH_DELAY_MS, make_table, set_widths
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.paper import PdfJob, XlsxExport, print_folder, safe_name, show_pdf
from wuye_desktop.ui.context import UiContext

NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1
PERIODS = ("全部记录", "本月登记", "今年登记", "30天内到期及已过期")
# The link action each form offers (FORMS.md).
LINK_ACTIONS = {
    "qms-pm-31316": "收回身份卡和钥匙…",
    "qms-pm-31305": "相关停车证…",
    "qms-pm-31306": "对应车位…",
    "qms-pm-31318": "表底数记录…",
    **{n: "号码历史…" for n in arc.PHONE_FORMS},
}


def record_columns(spec: FormSpec) -> list[Col]:
    cols = [Col("编号", lambda v: str(v.id), 60)]
    def cell(i: int) -> Callable[[FormRecordView], str]:
        return lambda v: v.cells[i] if i < len(v.cells) else ""

    for i, f in enumerate(spec.list_fields()):
        width = {"date": 90, "datetime": 125, "choice": 80, "mobile": 110, "landline": 120, "phone": 120,
                 "id_card": 170, "id_number": 170, "uscc": 170, "passport": 110, "plate": 90, "integer": 70,
                 "decimal": 90, "money": 90}.get(f.type, max(80, 14 * len(f.label) + 30))
        if f.key in ("client", "owner", "holder", "employee", "applicant", "name_foreign", "org_name_foreign"):
            width = 180
        cols.append(Col(f.label, cell(i), width))
    if arc.EXPIRY_BY_FORM.get(spec.number):
        cols.append(Col("到期", lambda v: date_text(v.expires_on), 90))
    cols.append(Col("录入人", lambda v: v.created_by, 70))
    return cols


class FormsPage(QWidget):
    """登记表: one list per form type."""

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec: FormSpec | None = None
        self.forms_list = QListWidget(self)
        self.forms_list.setObjectName("formTypes")
        self.forms_list.setFixedWidth(250)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.title = QLabel(self)
        self.title.setObjectName("formListTitle")
        self.search = QLineEdit(self)
        self.search.setObjectName("recordSearch")
        self.search.setPlaceholderText("姓名、拼音首字母、房号、电话、车牌、卡号或证件号后4位")
        self.search.setClearButtonEnabled(True)
        self.period = QComboBox(self)
        self.period.setObjectName("recordPeriod")
        self.period.addItems(list(PERIODS))
        self.new_button = QPushButton("新登记", self)
        self.open_button = QPushButton("打开", self)
        self.print_button = QPushButton("打印", self)
        self.batch_button = QPushButton("批量打印所选", self)
        self.blank_button = QPushButton("打印空白表", self)
        self.export_button = QToolButton(self)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.export_button)
        self.export_masked = QAction("导出台账（证件号码和电话部分隐藏）", self)
        self.export_whole = QAction("导出台账（完整证件号码和电话，记入查阅记录）", self)
        menu.addAction(self.export_masked)
        menu.addAction(self.export_whole)
        self.export_button.setMenu(menu)
        self.export_button.setDefaultAction(self.export_masked)
        self.export_button.setText("导出台账")
        self.export_whole.setEnabled(ctx.can(Permission.EXPORT_PERSONAL))  # issue 7: whole data by role
        self.link_button = QPushButton(self)
        self.link_button.hide()
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.period)
        head.addWidget(QLabel("查找：", self))
        head.addWidget(self.search, 1)
        bar = QHBoxLayout()
        for w in (self.new_button, self.open_button, self.print_button, self.batch_button, self.blank_button,
                  self.export_button, self.link_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.model = PagedModel([Col("编号", lambda v: str(v.id), 60)], self._fetch, self)
        self.view = make_table(self.model, "recordTable")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.count_label = QLabel(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(head)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.count_label)
        split = QSplitter(self)
        split.addWidget(self.forms_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.error_label)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        self.period.currentIndexChanged.connect(self.reload)
        self.forms_list.currentRowChanged.connect(self._form_chosen)
        self.new_button.clicked.connect(self.new_record)
        self.open_button.clicked.connect(self.open_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.batch_button.clicked.connect(self.batch_print)
        self.blank_button.clicked.connect(self.print_blank)
        self.export_masked.triggered.connect(self.export_ledger)
        self.export_whole.triggered.connect(self.export_ledger_whole)
        self.link_button.clicked.connect(self.follow_link)
        self.view.doubleClicked.connect(self._open_index)
        self.model.reloaded.connect(self._count)
        self.fill_forms()

    # --- the form types ---------------------------------------------------------------------------------
    def fill_forms(self) -> None:
        forms = self.ctx.services.form_records
        current = self.spec.number if self.spec else None
        self.forms_list.blockSignals(True)
        self.forms_list.clear()
        if forms.definition_error is not None:
            self.error_label.setText("登记表定义文件有误，登记表暂不能使用（其他功能不受影响）：\n"
                                     + forms.definition_error.message)
            self.error_label.show()
            self.forms_list.blockSignals(False)
            for w in (self.new_button, self.open_button, self.print_button, self.batch_button, self.blank_button,
                      self.export_button, self.search):
                w.setEnabled(False)
            return
        counts = forms.count_by_form(self.ctx.project_id)
        for number, spec in forms.specs.items():
            item = QListWidgetItem(f"{number[-5:]}　{spec.title}（{counts.get(number, 0)}）")
            item.setData(NUMBER_ROLE, number)
            item.setToolTip(f"{spec.code} {spec.title}")
            self.forms_list.addItem(item)
        self.forms_list.blockSignals(False)
        numbers = list(forms.specs)
        self.forms_list.setCurrentRow(numbers.index(current) if current in numbers else 0)

    def choose(self, number: str) -> None:
        for i in range(self.forms_list.count()):
            if self.forms_list.item(i).data(NUMBER_ROLE) == number:
                self.forms_list.setCurrentRow(i)
                return

    @Slot(int)
    def _form_chosen(self, row: int) -> None:
        if row < 0:
            return
        number = str(self.forms_list.item(row).data(NUMBER_ROLE))
        self.spec = self.ctx.services.form_records.spec(number)
        self.title.setText(f"<b>{self.spec.title}</b>　{self.spec.code}")
        self.model.set_columns(record_columns(self.spec))
        set_widths(self.view, self.model)
        expiring = self.period.findText("30天内到期及已过期")
        if arc.EXPIRY_BY_FORM.get(number) is None and self.period.currentIndex() == expiring:
            self.period.setCurrentIndex(0)
        item = cast(QStandardItemModel, self.period.model()).item(expiring)
        if item is not None:
            item.setEnabled(arc.EXPIRY_BY_FORM.get(number) is not None)
        link = LINK_ACTIONS.get(number)
        self.link_button.setVisible(link is not None)
        self.link_button.setText(link or "")
        self.reload()

    # --- the list -----------------------------------------------------------------------------------------
    def query(self) -> arc.RecordQuery | None:
        if self.spec is None:
            return None
        today = self.ctx.now().date()
        period = self.period.currentText()
        first = {"本月登记": today.replace(day=1), "今年登记": today.replace(month=1, day=1)}.get(period)
        soon = today + timedelta(days=30) if period == "30天内到期及已过期" else None
        return arc.RecordQuery(self.spec.number, self.ctx.project_id, self.search.text(), registered_from=first,
                               expiring_before=soon)

    def _fetch(self, offset: int, limit: int, with_total: bool) -> Page:
        q = self.query()
        if q is None:
            return Page((), 0)
        return self.ctx.services.form_records.page(q, offset, limit, with_total)

    @Slot()
    def reload(self) -> None:
        if self.spec is not None:
            self.model.reload()

    @Slot()
    def _count(self) -> None:
        self.count_label.setText(self.model.count_text("份") + "　（按住 Ctrl 或 Shift 可多选，批量打印所选记录）")

    def selected(self) -> list[FormRecordView]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [r for r in (self.model.row_at(n) for n in rows) if isinstance(r, FormRecordView)]

    def current(self) -> FormRecordView | None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, FormRecordView) else None

    def _need_one(self) -> FormRecordView | None:
        record = self.current()
        if record is None:
            self.status_message.emit("请先在列表中选择一份记录")
        return record

    # --- records -----------------------------------------------------------------------------------------------
    @Slot()
    def new_record(self) -> FormRecordDialog | None:
        if self.spec is None:
            return None
        dialog = FormRecordDialog(self.ctx, self.spec, parent=self)
        dialog.record_saved.connect(self._saved)
        dialog.print_requested.connect(self.print_record)
        dialog.open()
        return dialog

    @Slot(int)
    def _saved(self, record_id: int) -> None:
        self.fill_forms()
        self.status_message.emit(f"已保存（记录 {record_id}）")

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        self.open_selected()

    @Slot()
    def open_selected(self) -> FormRecordDialog | None:
        record = self._need_one()
        return self.open_record(record.id) if record else None

    def open_record(self, record_id: int) -> FormRecordDialog | None:
        forms = self.ctx.services.form_records
        try:
            record = forms.get(record_id)
            spec = forms.spec(record.form_number)
        except DomainError as exc:
            msgbox.warning(self, "不能打开", exc.message)
            return None
        dialog = FormRecordDialog(self.ctx, spec, record, parent=self)
        dialog.record_saved.connect(self._saved)
        dialog.print_requested.connect(self.print_record)
        dialog.open()
        return dialog

    # --- paper --------------------------------------------------------------------------------------------------
    def _target(self, stem: str) -> Any:
        return print_folder(self.ctx.services.paths.root) / f"{safe_name(stem)}-{self.ctx.now():%Y%m%d-%H%M%S}.pdf"

    @Slot()
    def print_selected(self) -> None:
        record = self._need_one()
        if record is not None:
            self.print_record(record.id)

    @Slot(int)
    def print_record(self, record_id: int) -> Any:
        forms, by = self.ctx.services.form_records, self.ctx.operator
        target = self._target(f"登记表-{record_id}")
        hide = self.ctx.print_options()  # the paper shows no more than this user's screen (issue 7)
        return show_pdf(self, f"打印登记表（记录 {record_id}）", lambda: forms.print_record(record_id, by, target, **hide))

    @Slot()
    def print_blank(self) -> Any:
        if self.spec is None:
            return None
        spec, forms, project = self.spec, self.ctx.services.form_records, self.ctx.working_project_id
        target = self._target(f"{spec.code}-{spec.title}-空白表")
        return show_pdf(self, f"{spec.title}（空白表）", lambda: forms.print_blank(spec.number, target, project))

    @Slot()
    def batch_print(self) -> PdfJob | None:
        records = self.selected()
        if self.spec is None or not records:
            msgbox.information(self, "批量打印", "请先在列表中选择要打印的记录（可按住 Ctrl 或 Shift 多选，Ctrl+A 全选）。")
            return None
        ids = [r.id for r in records]
        forms, by, spec = self.ctx.services.form_records, self.ctx.operator, self.spec
        target = self._target(f"{spec.title}-{len(ids)}份")
        hide = self.ctx.print_options()
        return PdfJob(self, f"{spec.title}（{len(ids)}份）",
                      lambda progress: forms.print_batch(ids, by, target, progress, **hide))

    @Slot()
    def export_ledger(self, whole: bool = False) -> XlsxExport | None:
        q = self.query()
        if q is None or self.spec is None:
            return None
        forms, by = self.ctx.services.form_records, self.ctx.operator
        q = arc.RecordQuery(q.form_number, q.project_id)  # the ledger holds every record of the form
        export = XlsxExport(self.ctx.settings, self.ctx.now, self, f"{self.spec.title}台账",
                            lambda out, progress: forms.export_ledger(q, out, by, whole=whole, progress=progress),
                            "份", "paths/archive_export_dir",
                            "\n（证件号码和电话为完整显示，已记入查阅记录）" if whole else "")
        export.ask_file()
        return export

    @Slot()
    def export_ledger_whole(self) -> XlsxExport | None:
        return self.export_ledger(True)

    # --- links between forms (FORMS.md) ----------------------------------------------------------------------------
    @Slot()
    def follow_link(self) -> Any:
        record = self._need_one()
        if record is None or self.spec is None:
            return None
        links = self.ctx.services.form_links
        number = self.spec.number
        try:
            if number == "qms-pm-31316":
                dialog: Any = RevokeDialog(self.ctx, record.id, self)
            elif number in ("qms-pm-31305", "qms-pm-31306"):
                dialog = LinkedRecordsDialog(self.ctx, "车位与停车证", links.parking_links(record.id),
                                             "按车位编号和车牌号码查找；已过期的停车证以红字显示。", self)
            elif number == "qms-pm-31318":
                dialog = MeterSeriesDialog(self.ctx, links.meter_series(record.id), self)
            else:
                fields = arc.PHONE_FORMS[number]
                whole = self.ctx.services.form_records.get(record.id)  # list rows carry only the list fields
                text = " ".join(str(whole.values.get(k) or "") for k in fields)
                phones = arc.phones_in(text)
                if not phones:
                    msgbox.information(self, "号码历史", "这份记录没有电话号码。")
                    return None
                dialog = LinkedRecordsDialog(self.ctx, f"号码历史：{self.ctx.show_phone(phones[0])}",
                                             links.phone_history(phones[0], self.ctx.project_id),
                                             "同一号码的报装、变更、备租/售、过户、移机记录，按日期排列。", self)
        except DomainError as exc:
            msgbox.warning(self, "不能查看", exc.message)
            return None
        dialog.record_requested.connect(self.open_record)
        dialog.open()
        return dialog
