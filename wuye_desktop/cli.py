"""The admin command line (no display needed): the same executable as the GUI.

    wuye-desktop [--data-dir D] [--db URL] [--demo] SUB-COMMAND …

Sub-commands register themselves in ``build_parser``; each handler takes the opened services
and the parsed arguments and returns the exit code. Messages are Chinese, never tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from wuye_desktop import APP_NAME, __version__
from wuye_desktop.domain.errors import DomainError

Handler = Callable[["Services", argparse.Namespace], int]  # type: ignore[name-defined]  # noqa: F821

# argparse's own words (usage, help, errors) in Chinese: it looks ``_`` up in its module at call time.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "can't open '%(filename)s': %(error)s": "无法打开「%(filename)s」：%(error)s",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="wuye-desktop", description=f"{APP_NAME}（不带子命令时启动图形界面）")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    parser.add_argument("--data-dir", metavar="目录", help="数据文件夹（数据库、附件、备份、日志、界面设置）")
    parser.add_argument("--db", metavar="URL", help="使用数据库服务器，如 postgresql://user:pw@host/db")
    parser.add_argument("--demo", action="store_true", help="打开演示管理处（单独的数据，含示例数据）")
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=ChineseArgumentParser)
    from wuye_desktop import cli_commands

    cli_commands.register(sub)
    return parser


def run(args: argparse.Namespace) -> int:
    """Open the database and run the chosen sub-command."""
    from wuye_desktop.services.container import open_services
    from wuye_desktop.services.paths import DataPaths

    try:
        services = open_services(DataPaths.resolve(args.data_dir, args.demo), args.db)
    except Exception as exc:  # the database cannot be opened: say so plainly
        print(f"无法打开数据库：{exc}", file=sys.stderr)
        return 3
    try:
        if args.demo:
            from wuye_desktop.services.demo import ensure_demo_data

            ensure_demo_data(services)
        return int(args.handler(services, args))
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"文件错误：{exc.strerror or exc}（{getattr(exc, 'filename', '') or ''}）", file=sys.stderr)
        return 1
    finally:
        services.close()
