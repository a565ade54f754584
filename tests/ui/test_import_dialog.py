"""导入投诉登记台账 as a clerk uses it: every bad row in the table, 「导入」 only for a clean file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.ui.complaints.import_dialog import COL_COLUMN, COL_REASON, COL_ROW, LedgerImportDialog

HEADER = ["受理时间", "投诉人", "房号", "联系电话", "投诉主题", "投诉类别"]
GOOD = [datetime(2026, 9, 1, 9, 0), "张三", "A座1203", "13800138000", "噪音", "装修噪音"]


def ledger(path: Path, *rows: list[object]) -> str:
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return str(path)


def visible_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def table_text(dialog: LedgerImportDialog) -> list[tuple[str, str, str]]:
    m = dialog.table.model()
    return [tuple(m.index(r, c).data() for c in (COL_ROW, COL_COLUMN, COL_REASON)) for r in range(m.rowCount())]


@pytest.fixture
def dialog(ui_ctx, qtbot):
    d = LedgerImportDialog(ui_ctx)
    d.show()
    yield d
    if shiboken6.isValid(d):  # WA_DeleteOnClose: gone once closed
        d.close()


def test_a_bad_ledger_lists_every_bad_row_and_import_stays_disabled(dialog, ui_ctx, tmp_path, qtmodeltester,
                                                                    qtbot) -> None:
    path = ledger(tmp_path / "bad.xlsx", GOOD, [*GOOD[:3], "12345", *GOOD[4:]], GOOD,
                  ["下午", "李四", "", "13900139000", "漏水", "室内设施维修"])

    dialog.load_file(path)

    assert table_text(dialog) == [
        ("第 3 行", "联系电话", "联系电话「12345」不是有效的手机号码：手机号码应为11位数字"),
        ("第 5 行", "受理时间", "受理时间「下午」不是有效的时间，应为日期格式或如 2026-09-18 14:30 的文字"),
        ("第 5 行", "房号", "房号不能为空"),
    ]
    assert "其中 2 行有错误" in dialog.summary_label.text()
    assert not dialog.import_button.isEnabled()
    qtmodeltester.check(dialog.model)
    assert ui_ctx.services.complaints.page(ComplaintFilter(), 0, 1).total == 0
    dialog.grab().save(str(tmp_path / "import_dialog.png"))


def test_a_clean_ledger_imports_and_tells_the_other_tabs(dialog, ui_ctx, tmp_path, qtbot) -> None:
    path = ledger(tmp_path / "ok.xlsx", GOOD, [datetime(2026, 9, 2, 10, 0), "李四", "B座502", "13900139000", "漏水",
                                                "室内设施维修"])
    dialog.load_file(path)
    assert dialog.import_button.isEnabled()
    assert "共 2 宗投诉可以导入" in dialog.summary_label.text()

    with qtbot.waitSignal(ui_ctx.data_changed) as changed:
        dialog.import_button.click()

    assert changed.args == ["complaints"]
    assert dialog.result == 2
    (box,) = visible_boxes()
    assert box.text() == "已导入 2 宗投诉。"
    box.close()
    assert not dialog.isVisible()  # 确定 closes the import dialog too
    names = {v.complainant for v in ui_ctx.services.complaints.page(ComplaintFilter(), 0, 10).rows}
    assert names == {"张三", "李四"}


def test_a_file_that_is_not_a_workbook_says_so_under_the_summary(dialog, tmp_path) -> None:
    notes = tmp_path / "notes.xlsx"
    notes.write_text("这不是工作簿", encoding="utf-8")
    dialog.load_file(str(notes))
    assert dialog.error_label.isVisible()
    assert "不是有效的 Excel 工作簿" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.recheck_button.isEnabled()


def test_fixing_the_file_and_checking_again_enables_import(dialog, tmp_path) -> None:
    path = tmp_path / "fix.xlsx"
    ledger(path, [*GOOD[:3], "123", *GOOD[4:]])
    dialog.load_file(str(path))
    assert not dialog.import_button.isEnabled()
    ledger(path, GOOD)
    dialog.recheck_button.click()
    assert dialog.model.rowCount() == 0
    assert dialog.import_button.isEnabled()


def test_choose_file_opens_a_non_blocking_file_dialog(dialog, tmp_path) -> None:
    path = ledger(tmp_path / "ok.xlsx", GOOD)
    dialog.choose_file()
    chooser = dialog.findChild(QFileDialog)
    assert chooser is not None and chooser.isVisible()
    chooser.fileSelected.emit(path)
    chooser.close()
    assert dialog.path_edit.text() == path
    assert dialog.import_button.isEnabled()
