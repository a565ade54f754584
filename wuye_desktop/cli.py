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


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="wuye-desktop", description=f"{APP_NAME}（不带子命令时启动图形界面）")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
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
