"""「导出Excel」: a non-blocking save dialog, the export as a job, the count told to the clerk."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.ui.complaints.export_action import export_complaints


def visible_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def register(ctx, name: str) -> None:
    ctx.services.complaints.register(ComplaintDraft(
        received_at=datetime(2026, 9, 23, 9, 0), complainant=name, unit="A座1203", phone="13800138000",
        subject="噪音", category="装修噪音", first_responder="李四"), ctx.working_project_id, "前台")


def test_export_asks_for_a_file_then_writes_the_filtered_list(ui_ctx, qtbot, tmp_path: Path) -> None:
    for name in ("张三", "李四", "王五"):
        register(ui_ctx, name)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    export = export_complaints(ui_ctx, parent, ComplaintFilter(search="张三"))
    chooser = parent.findChild(QFileDialog)
    assert chooser is not None and chooser.isVisible()
    assert chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    chooser.fileSelected.emit(str(tmp_path / "清单"))  # no suffix typed: .xlsx is added
    chooser.close()

    assert export.count == 1
    (box,) = visible_boxes()
    assert "已导出 1 宗投诉到" in box.text() and "清单.xlsx" in box.text()
    box.close()
    ws = openpyxl.load_workbook(tmp_path / "清单.xlsx").active
    assert ws["C4"].value == "张三" and ws["C5"].value is None


def test_a_file_excel_keeps_open_gets_a_plain_message(ui_ctx, qtbot, tmp_path: Path, monkeypatch) -> None:
    def locked(*_a, **_k):
        raise PermissionError(13, "Permission denied")  # what Windows says while Excel has the file open

    monkeypatch.setattr(ui_ctx.services.complaint_excel, "export_list", locked)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    export = export_complaints(ui_ctx, parent, ComplaintFilter())
    parent.findChild(QFileDialog).close()

    export.export_to(str(tmp_path / "清单.xlsx"))

    (box,) = visible_boxes()
    assert box.windowTitle() == "不能导出"
    assert "文件可能正在 Excel 中打开" in box.text()
    box.close()


def test_a_folder_that_is_a_file_gets_a_plain_message(ui_ctx, qtbot, tmp_path: Path) -> None:
    (tmp_path / "不是文件夹").write_text("x", encoding="utf-8")
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    export = export_complaints(ui_ctx, parent, ComplaintFilter())
    parent.findChild(QFileDialog).close()

    export.export_to(str(tmp_path / "不是文件夹" / "清单.xlsx"))

    (box,) = visible_boxes()
    assert box.windowTitle() == "不能导出" and "无法写入" in box.text()
    box.close()
