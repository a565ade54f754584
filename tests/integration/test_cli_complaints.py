"""The admin command line: import the ledger, export the list; Chinese messages, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop import __version__
from wuye_desktop.app import main

HEADER = ["受理时间", "投诉人", "房号", "联系电话", "投诉主题", "投诉类别", "责任部门", "派单时间", "完成时间"]
# Real (system-clock) time is used on the command line: these are safely in the past.
GOOD = [datetime(2025, 3, 3, 9, 0), "张三", "A座1203", "13800138000", "噪音", "装修噪音", "保安部",
        datetime(2025, 3, 3, 10, 0), datetime(2025, 3, 3, 15, 0)]


def ledger(path: Path, *rows: list[object]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def cli(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


def test_import_prints_the_count_and_export_writes_the_month(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    march2 = [datetime(2025, 3, 20, 14, 30), "李四", "B座502", "13900139000", "漏水", "室内设施维修", "", None, None]
    april = [datetime(2025, 4, 2, 8, 0), "王五", "C座1", "13700137000", "电梯", "公共设施故障", "", None, None]
    path = ledger(tmp_path / "台账.xlsx", GOOD, march2, april)

    assert cli(data, "import", "complaints", str(path)) == 0
    assert "已导入 3 宗投诉到「本管理处」。" in capsys.readouterr().out

    out = tmp_path / "三月.xlsx"
    assert cli(data, "export", "complaints", "-o", str(out), "--month", "2025-03") == 0
    assert f"已导出 2 宗投诉到 {out}" in capsys.readouterr().out
    ws = openpyxl.load_workbook(out).active
    assert sorted(ws.cell(row=r, column=3).value for r in (4, 5)) == ["张三", "李四"]

    assert cli(data, "export", "complaints", "-o", str(tmp_path / "全部.xlsx"), "--project", "xm") == 0
    assert "已导出 3 宗投诉" in capsys.readouterr().out


def test_a_bad_ledger_lists_each_bad_row_exits_1_and_writes_nothing(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    bad_phone = [*GOOD[:3], "8888", *GOOD[4:]]
    late_done = [*GOOD[:8], datetime(2025, 3, 3, 9, 30)]
    path = ledger(tmp_path / "bad.xlsx", GOOD, bad_phone, late_done)

    assert cli(data, "import", "complaints", str(path)) == 1
    err = capsys.readouterr().err
    assert "第3行【联系电话】" in err
    assert "第4行【完成时间】完成时间不能早于派单时间" in err
    assert "共 2 行有错误，未导入任何数据" in err

    out = tmp_path / "all.xlsx"
    assert cli(data, "export", "complaints", "-o", str(out)) == 0
    assert "已导出 0 宗投诉" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["import", "complaints", "{tmp}/nope.xlsx"], "错误：找不到文件"),
    (["import", "complaints", "{tmp}/notes.xlsx"], "不是有效的 Excel 工作簿"),
    (["import", "complaints", "{tmp}/ok.xlsx", "--project", "ZZ"], "没有代码为「ZZ」的管理处（现有：XM）"),
    (["export", "complaints", "-o", "{tmp}/x.xlsx", "--month", "2025-13"], "月份「2025-13」格式不正确"),
    (["export", "complaints", "-o", "{tmp}/x.xlsx", "--month", "三月"], "月份「三月」格式不正确"),
    (["export", "complaints", "-o", "{tmp}/x.csv"], "导出文件名应以 .xlsx 结尾"),
])
def test_user_mistakes_get_a_chinese_message_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        args: list[str], message: str) -> None:
    (tmp_path / "notes.xlsx").write_text("不是工作簿", encoding="utf-8")
    ledger(tmp_path / "ok.xlsx", GOOD)
    assert cli(tmp_path / "data", *[a.format(tmp=tmp_path) for a in args]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_the_installed_command_needs_no_display(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    path = ledger(tmp_path / "台账.xlsx", GOOD)
    done = subprocess.run([sys.executable, "-m", "wuye_desktop", "--data-dir", str(tmp_path / "d"), "import",
                           "complaints", str(path)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已导入 1 宗投诉" in done.stdout
    missing = subprocess.run([sys.executable, "-m", "wuye_desktop", "--data-dir", str(tmp_path / "d"), "import",
                              "complaints", str(tmp_path / "无.xlsx")], capture_output=True, text=True, env=env,
                             timeout=120)
    assert missing.returncode == 1
    assert "找不到文件" in missing.stderr and "Traceback" not in missing.stderr
