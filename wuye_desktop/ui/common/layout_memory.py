"""Remembered layout (issue 8): the column widths of every table and the sizes of every splitter
under a window are saved to the UI settings when it closes and restored when it (or a page built
later) appears — generically, by each widget's place in the window.

A widget's key is its path from the window: objectNames where set (give important views one),
else the class name and its index among same-class siblings. Only column WIDTHS are restored
(never hidden, moved or sorted columns, which the tabs manage), and only when the column count
still matches, so a changed table simply starts fresh.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QSettings
from PySide6.QtWidgets import QDialog, QHeaderView, QSplitter, QTableView, QTreeView, QWidget

PREFIX = "layout"


def widget_key(widget: QWidget, root: QWidget) -> str:
    parts: list[str] = []
    node: QObject | None = widget
    while node is not None and node is not root:
        parent = node.parent()
        name = node.objectName()
        if not name:
            siblings = [c for c in parent.children() if type(c) is type(node)] if parent is not None else [node]
            name = f"{type(node).__name__}{siblings.index(node)}"
        parts.append(name)
        node = parent
    return "/".join(reversed(parts))


def _header_widths(header: QHeaderView) -> list[int]:
    return [header.sectionSize(i) for i in range(header.count())]


class LayoutMemory:
    def __init__(self, root: QWidget, settings: QSettings, prefix: str = PREFIX) -> None:
        self.root = root
        self.settings = settings
        self.prefix = prefix
        self._restored: set[str] = set()

    def _headers(self) -> dict[str, QHeaderView]:
        headers: dict[str, QHeaderView] = {}
        views: list[QTableView | QTreeView] = [*self.root.findChildren(QTableView), *self.root.findChildren(QTreeView)]
        for view in views:
            if inside_dialog(view, self.root):
                continue  # dialogs come and go; only the window's own tables are remembered
            header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
            headers[f"{self.prefix}/{widget_key(view, self.root)}/columns"] = header
        return headers

    def _splitters(self) -> dict[str, QSplitter]:
        return {f"{self.prefix}/{widget_key(s, self.root)}/splitter": s for s in self.root.findChildren(QSplitter)
                if not inside_dialog(s, self.root)}

    def restore(self) -> int:
        """Restore what was saved for every table and splitter not restored yet; returns how many."""
        count = 0
        for key, header in self._headers().items():
            if key in self._restored or header.count() == 0:
                continue  # a view without a model yet is tried again on the next call
            self._restored.add(key)
            saved = self.settings.value(key)
            widths = _as_ints(saved)
            if not widths or len(widths) != header.count():
                continue
            last = header.count() - 1
            for i, width in enumerate(widths):
                if width > 0 and not header.isSectionHidden(i) and \
                        header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive and \
                        not (i == last and header.stretchLastSection()):
                    header.resizeSection(i, width)
            count += 1
        for key, splitter in self._splitters().items():
            if key in self._restored:
                continue
            self._restored.add(key)
            state = self.settings.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty() and splitter.restoreState(state):
                count += 1
        return count

    def save(self) -> None:
        for key, header in self._headers().items():
            if header.count():
                self.settings.setValue(key, ",".join(str(w) for w in _header_widths(header)))
        for key, splitter in self._splitters().items():
            self.settings.setValue(key, splitter.saveState())


def _as_ints(value: object) -> list[int]:
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        return []
    try:
        return [int(str(v)) for v in items]
    except ValueError:
        return []


def inside_dialog(widget: QObject, root: QObject) -> bool:
    """Whether ``widget`` lies in a dialog below ``root`` (a dialog is its own window: its tables and keys
    are its own)."""
    node = widget.parent()
    while node is not None and node is not root:
        if isinstance(node, QDialog):
            return True
        node = node.parent()
    return False
