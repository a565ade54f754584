"""Collective complaints (篇5 §2(6)): three or more units, one category, a few days — one major case."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.complaint_views import ComplaintView
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.context import UiContext

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def proposals_for(ctx: UiContext) -> list[list[ComplaintView]]:
    """Proposals of the current project, or of every project when the whole company is shown."""
    window = ctx.services.settings.collective_window_days()
    projects = [ctx.project_id] if ctx.project_id is not None else [p.id for p in ctx.services.settings.projects()]
    groups: list[list[ComplaintView]] = []
    for project_id in projects:
        groups += ctx.services.complaints.collective_proposals(project_id, window)
    return groups


def group_summary(group: list[ComplaintView]) -> str:
    units = "、".join(dict.fromkeys(v.unit for v in group))
    return f"「{group[0].category}」{len({v.unit for v in group})} 户：{units}"


class CollectiveDialog(QDialog):
    """Lists the proposals with a tick per case; 合并 opens one collective case per ticked group."""

    grouped = Signal(int)  # id of a new collective case

    def __init__(self, ctx: UiContext, groups: list[list[ComplaintView]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("合并集体投诉")
        window = ctx.services.settings.collective_window_days()
        intro = QLabel(f"以下未结案投诉在 {window} 天内来自三户或以上、类别相同，可合并为一宗集体投诉"
                       "（按重大投诉处理，原投诉保留并关联，篇5 §2(6)）。勾选要合并的投诉：")
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["投诉", "房号", "投诉人", "受理时间", "投诉主题"])
        self.tree.setRootIsDecorated(True)
        for group in groups:
            top = QTreeWidgetItem([group_summary(group)])
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            top.setCheckState(0, Qt.CheckState.Checked)
            for v in group:
                child = QTreeWidgetItem([v.number, v.unit, v.complainant, f"{v.received_at:%m-%d %H:%M}", v.subject])
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Checked)
                child.setData(0, ID_ROLE, v.id)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        for c in range(4):
            self.tree.resizeColumnToContents(c)
        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton("合并为集体投诉", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 420)

    def chosen(self) -> list[list[int]]:
        result = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            ids = [int(top.child(j).data(0, ID_ROLE)) for j in range(top.childCount())
                   if top.child(j).checkState(0) == Qt.CheckState.Checked]
            if ids:
                result.append(ids)
        return result

    @Slot()
    def merge(self) -> None:
        chosen = self.chosen()
        if not chosen:
            msgbox.warning(self, "未选择投诉", "请勾选要合并的投诉")
            return
        made = []
        try:
            for ids in chosen:
                made.append(self.ctx.services.complaints.group_collective(ids, self.ctx.operator))
        except DomainError as exc:
            msgbox.warning(self, "不能合并", exc.message)
            if made:
                self.ctx.data_changed.emit("complaints")
            return
        self.ctx.data_changed.emit("complaints")
        for detail in made:
            self.grouped.emit(detail.id)
        self.accept()


def offer_grouping(ctx: UiContext, parent: QWidget, complaint_id: int,
                   on_grouped: Callable[[int], None] | None = None) -> bool:
    """After a registration: if the new case completes a collective proposal, ask to group it."""
    groups = [g for g in proposals_for(ctx) if any(v.id == complaint_id for v in g)]
    if not groups:
        return False
    group = groups[0]
    window = ctx.services.settings.collective_window_days()

    def merge() -> None:
        try:
            detail = ctx.services.complaints.group_collective([v.id for v in group], ctx.operator)
        except DomainError as exc:
            msgbox.warning(parent, "不能合并", exc.message)
            return
        ctx.data_changed.emit("complaints")
        if on_grouped is not None:
            on_grouped(detail.id)

    msgbox.question(parent, "可能是集体投诉",
                    f"{window} 天内已有{group_summary(group)}，共 {len(group)} 宗同类投诉。\n"
                    "是否合并为一宗集体投诉（按重大投诉处理，篇5 §2(6)）？",
                    on_yes=merge, yes_text="合并为集体投诉", no_text="暂不合并")
    return True
