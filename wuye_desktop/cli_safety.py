"""Command line of the data-safety area: ``backup -o FILE``, ``restore FILE``, ``check`` and
``create-admin``. Messages are Chinese, never a traceback.

backup/restore/check run *without* opening the services (app.main calls ``args.standalone``):
a damaged database must be checkable and restorable, and must never be migrated first.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from wuye_desktop.domain.errors import DomainError

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

EXIT_DAMAGED = 2
EXIT_NO_DATABASE = 3


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    b = sub.add_parser("backup", help="备份数据库", description=(
        "把数据库备份到一个文件并核对。本机数据库备份为 .sqlite3 文件（文件名以 .zip 结尾时为通用备份包）；"
        "数据库服务器备份为 .zip 备份包。"))
    b.add_argument("-o", "--output", required=True, metavar="文件", help="备份文件（或文件夹）")
    b.set_defaults(standalone=backup_command)

    r = sub.add_parser("restore", help="从备份恢复数据库", description=(
        "用备份文件替换当前数据库的全部数据：先核对备份，再把当前数据库另存一份，恢复后逐表核对行数。"))
    r.add_argument("file", metavar="文件", help="备份文件（.sqlite3 或 .zip）")
    r.set_defaults(standalone=restore_command)

    c = sub.add_parser("check", help="检查数据库是否完好", description=(
        "检查数据库的完整性（SQLite：PRAGMA integrity_check）。完好时退出码为0，损坏时为2。"))
    c.set_defaults(standalone=check_command)

    a = sub.add_parser("create-admin", help="建立管理员账户", description=(
        "建立第一个管理员账户（图形界面首次启动时也会要求建立）。密码可用 --password 给出，"
        "或放在环境变量 WUYE_ADMIN_PASSWORD 中，否则在终端中输入两次。"))
    a.add_argument("--name", required=True, metavar="姓名", help="管理员的用户名")
    a.add_argument("--password", metavar="密码", help="密码（至少6位）")
    a.set_defaults(handler=create_admin_command)


def _paths(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from wuye_desktop.services.paths import DataPaths

    return DataPaths.resolve(args.data_dir, args.demo).ensure()


def _guard(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Every failure ends in one Chinese line and an exit code, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return int(fn(args))
        except DomainError as exc:
            print(f"错误：{exc.message}", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"文件错误：{exc.strerror or exc}（{getattr(exc, 'filename', '') or ''}）", file=sys.stderr)
            return 1
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            print(f"无法使用数据库：{reason[0] if reason else exc}", file=sys.stderr)
            return EXIT_NO_DATABASE
        except KeyboardInterrupt:
            print("已取消。", file=sys.stderr)
            return 130

    return run


@_guard
def check_command(args: argparse.Namespace) -> int:
    from wuye_desktop.services.backup import standalone
    from wuye_desktop.services.clock import system_clock

    paths = _paths(args)
    service = standalone(paths, args.db, system_clock)
    if service.is_sqlite and not paths.database.exists():
        print(f"还没有数据库（{paths.database}），无需检查。")
        return 0
    result = service.check()
    if result.ok:
        counts = service.counts()
        print(f"数据库完好（{_where(service, paths)}，{len(counts)} 张表，共 {sum(counts.values())} 行）。")
        return 0
    print(result.message(), file=sys.stderr)
    if result.latest_good:
        print(f"恢复命令：wuye-desktop restore \"{result.latest_good.path}\"", file=sys.stderr)
    return EXIT_DAMAGED


@_guard
def backup_command(args: argparse.Namespace) -> int:
    from wuye_desktop.services.backup import standalone
    from wuye_desktop.services.clock import system_clock

    paths = _paths(args)
    service = standalone(paths, args.db, system_clock)
    if service.is_sqlite and not paths.database.exists():
        print(f"错误：还没有数据库（{paths.database}），没有可备份的数据。", file=sys.stderr)
        return EXIT_NO_DATABASE
    damage = service.check()
    if not damage.ok:
        print("数据库已损坏，不能备份：" + "；".join(damage.problems[:3]), file=sys.stderr)
        return EXIT_DAMAGED
    info = service.backup_to(Path(args.output))
    print(f"已备份并核对：{info.path}（{len(info.counts)} 张表，共 {info.rows} 行）")
    return 0


@_guard
def restore_command(args: argparse.Namespace) -> int:
    from wuye_desktop.services.backup import standalone
    from wuye_desktop.services.clock import system_clock

    paths = _paths(args)
    service = standalone(paths, args.db, system_clock)
    source = Path(args.file)
    info = service.inspect(source)  # refuses a damaged or foreign file before anything changes
    exists = not service.is_sqlite or paths.database.exists()
    if exists and service.check().ok:
        safety = service.backup_to(paths.backups, reason="恢复前备份")
        print(f"已先把当前数据库备份到：{safety.path}")
    restored = service.restore(source)
    print(f"已从备份恢复：{source}（{len(restored.counts)} 张表，共 {info.rows} 行，已逐表核对）。")
    return 0


def create_admin_command(services: "Services", args: argparse.Namespace) -> int:
    password = args.password or os.environ.get("WUYE_ADMIN_PASSWORD")
    repeat = password
    if not password:
        if not sys.stdin.isatty():
            print("错误：请用 --password 或环境变量 WUYE_ADMIN_PASSWORD 给出密码", file=sys.stderr)
            return 1
        password = getpass.getpass("管理员密码：")
        repeat = getpass.getpass("再输入一次：")
    user = services.auth.create_first_admin(args.name, password, repeat)
    print(f"已建立管理员「{user.name}」。")
    return 0


def _where(service, paths) -> str:  # type: ignore[no-untyped-def]
    return f"本机数据库 {paths.database}" if service.is_sqlite else "数据库服务器"
