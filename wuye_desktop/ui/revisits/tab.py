"""The 回访与意见 tab (篇4): revisit tasks, the visit programme, questionnaires, opinions to handle,
suggestions, peer visits and the figures — one page each. The main window wires it to the
complaint desk with signals; it never imports another tab."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import AREA
from wuye_desktop.ui.revisits.figures_page import FiguresPage
from wuye_desktop.ui.revisits.programme_page import ProgrammePage
from wuye_desktop.ui.revisits.survey_page import SurveyPage
from wuye_desktop.ui.revisits.tasks_page import TasksPage
from wuye_desktop.ui.revisits.voice_pages import OpinionsPage, PeersPage, SuggestionsPage


class RevisitsTab(QWidget):
    open_complaint_requested = Signal(int)
    open_work_order_requested = Signal(int)
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tasks = TasksPage(ctx)
        self.programme = ProgrammePage(ctx)
        self.surveys = SurveyPage(ctx)
        self.opinions = OpinionsPage(ctx)
        self.suggestions = SuggestionsPage(ctx)
        self.peers = PeersPage(ctx)
        self.figures = FiguresPage(ctx)
        self.pages = QTabWidget()
        self.pages.setObjectName("revisitPages")
        for page, title in ((self.tasks, "回访任务"), (self.programme, "回访计划"), (self.surveys, "问卷调查"),
                            (self.opinions, "意见处理"), (self.suggestions, "合理化建议"), (self.peers, "同行参观"),
                            (self.figures, "统计")):
            self.pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.pages)
        self._stale = {page: True for page in self._all_pages()}
        self.tasks.open_complaint_requested.connect(self.open_complaint_requested)
        self.tasks.open_work_order_requested.connect(self.open_work_order_requested)
        for page in (self.tasks, self.programme, self.surveys, self.opinions, self.suggestions):
            page.status_message.connect(self.status_message)
        self.pages.currentChanged.connect(self._page_changed)
        ctx.project_changed.connect(self._everything_changed)
        ctx.data_changed.connect(self._data_changed)

    def _all_pages(self) -> list[QWidget]:
        return [self.tasks, self.programme, self.surveys, self.opinions, self.suggestions, self.peers, self.figures]

    def _load(self, page: QWidget) -> None:
        self._stale[page] = False
        if page is self.tasks:
            self.tasks.refresh()
        else:
            page.reload()  # type: ignore[attr-defined]

    @Slot(int)
    def _page_changed(self, _index: int) -> None:
        page = self.pages.currentWidget()
        if self.isVisible() and self._stale.get(page):
            self._load(page)

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the tab reloads the page shown: the complaint desk may have completed or
        revisited cases meanwhile (their tasks already exist; this shows them)."""
        super().showEvent(event)
        if not event.spontaneous():
            for page in self._all_pages():
                self._stale[page] = True
            self._load(self.pages.currentWidget())

    @Slot(object)
    def _everything_changed(self, _project: object = None) -> None:
        """Every page reloads when next shown; the visible one at once."""
        for page in self._all_pages():
            self._stale[page] = True
        if self.isVisible():
            self._load(self.pages.currentWidget())

    @Slot(str)
    def _data_changed(self, area: str) -> None:
        if area == AREA:
            # A page of this tab saved something and reloaded itself; the others catch up when shown.
            current = self.pages.currentWidget()
            for page in self._all_pages():
                self._stale[page] = page is not current
        elif area in ("complaints", "settings", "repairs"):
            self._everything_changed()

    @Slot()
    def refresh(self) -> None:
        self._everything_changed()

    @Slot(int)
    def schedule_for(self, complaint_id: int) -> None:
        """A complaint was completed elsewhere: its revisit task exists already (created in the same
        transaction); show the task list with it selected."""
        self.pages.setCurrentWidget(self.tasks)
        self._stale[self.tasks] = False
        self.tasks.apply_filter()
        self.tasks.show_for_complaint(complaint_id)
