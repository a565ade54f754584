"""The command line speaks Chinese even in argparse's own messages."""

from __future__ import annotations

import pytest

from wuye_desktop.app import main


def test_help_and_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "用法：wuye-desktop" in out and "显示本帮助并退出" in out and "显示版本号并退出" in out
    assert "usage" not in out and "show " not in out
    with pytest.raises(SystemExit) as info:
        main(["export", "complaints"])
    assert info.value.code == 2
    assert "缺少必需的参数：-o/--output" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("物业客户服务桌面系统 ")
