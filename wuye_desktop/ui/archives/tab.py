"""The 客户档案 tab (篇3): clients, units, the 18 registration forms, expiry reminders, complaints to place,
and the access log — each a page; archives of a client or a unit open as their own screens."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.ui.archives.archive_dialog import ArchiveDialog
from wuye_desktop.ui.archives.forms_page import FormsPage
from wuye_desktop.ui.archives.other_pages import AccessLogPage, RemindersPage, UnmatchedPage
from wuye_desktop.ui.archives.people_pages import ClientsPage, UnitsPage
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.context import UiContext


class ArchivesTab(QWidget):
    status_message = Signal(str)
    open_complaint_requested = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.archives: dict[tuple[str, int], ArchiveDialog] = {}
        self.clients_page = ClientsPage(ctx)
        self.units_page = UnitsPage(ctx)
        self.forms_page = FormsPage(ctx)
        self.reminders_page = RemindersPage(ctx)
        self.unmatched_page = UnmatchedPage(ctx)
        self.log_page = AccessLogPage(ctx)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("archivePages")
        for page, title in ((self.clients_page, "客户"), (self.units_page, "房屋"), (self.forms_page, "登记表"),
                            (self.reminders_page, "到期提醒"), (self.unmatched_page, "投诉关联"),
                            (self.log_page, "查阅记录")):
            self.pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.pages)
        self._dirty = set(range(self.pages.count()))

        self.clients_page.archive_requested.connect(self.open_client)
        self.units_page.archive_requested.connect(self.open_unit)
        self.reminders_page.record_requested.connect(self.forms_page.open_record)
        for page in (self.clients_page, self.units_page, self.forms_page):
            page.status_message.connect(self.status_message)
        self.pages.currentChanged.connect(self._page_shown)
        ctx.project_changed.connect(self._on_project_changed)
        ctx.data_changed.connect(self._on_data_changed)
        self._page_shown(self.pages.currentIndex())

    # --- refreshing: the visible page now, the others when they are shown -----------------------------------
    @Slot(int)
    def _page_shown(self, index: int) -> None:
        if index in self._dirty:
            self._dirty.discard(index)
            page = self.pages.widget(index)
            if page is self.forms_page:
                self.forms_page.fill_forms()
            elif page is self.units_page:
                self.units_page.fill_buildings()
                self.units_page.reload()
            elif isinstance(page, (ClientsPage, RemindersPage, UnmatchedPage, AccessLogPage)):
                page.reload()

    def refresh(self) -> None:
        self._dirty = set(range(self.pages.count()))
        self._page_shown(self.pages.currentIndex())

    @Slot(object)
    def _on_project_changed(self, _project_id: object) -> None:
        self.refresh()

    @Slot(str)
    def _on_data_changed(self, area: str) -> None:
        if area in ("archives", "complaints", "settings"):
            self.refresh()

    # --- archive screens --------------------------------------------------------------------------------------
    @Slot(int)
    def open_client(self, client_id: int) -> ArchiveDialog | None:
        return self._open("client", client_id)

    @Slot(int)
    def open_unit(self, unit_id: int) -> ArchiveDialog | None:
        return self._open("unit", unit_id)

    def _open(self, kind: str, key: int) -> ArchiveDialog | None:
        existing = self.archives.get((kind, key))
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        try:
            dialog = ArchiveDialog(self.ctx, client_id=key if kind == "client" else None,
                                   unit_id=key if kind == "unit" else None, parent=self)
        except DomainError as exc:
            msgbox.warning(self, "档案不存在", exc.message)
            return None
        dialog.complaint_requested.connect(self.open_complaint_requested)
        dialog.destroyed.connect(partial(self._closed, (kind, key)))
        dialog.finished.connect(partial(self._closed, (kind, key)))
        self.archives[(kind, key)] = dialog
        self.log_page_dirty()
        dialog.show()
        return dialog

    def _closed(self, key: tuple[str, int], _obj: object = None) -> None:
        self.archives.pop(key, None)

    def log_page_dirty(self) -> None:
        index = self.pages.indexOf(self.log_page)
        if self.pages.currentIndex() == index:
            self.log_page.reload()
        else:
            self._dirty.add(index)


def report_broken_forms(parent: QWidget | None, form_records: object) -> QMessageBox | None:
    """At start: a broken form definition is reported with the file, the field and the problem (forms/README.md);
    the program stays usable for everything but the forms."""
    error = getattr(form_records, "definition_error", None)
    if error is None:
        return None
    return msgbox.warning(parent, "登记表定义文件有误",
                          "以下登记表定义文件有误，登记表暂不能使用；其他功能不受影响。请改正后重新启动程序。\n\n"
                          + "\n".join(error.problems))
