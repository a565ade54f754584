"""Where the database is: this PC's SQLite file, or a PostgreSQL server shared by several PCs.

The choice is kept in the data folder (``database.json``) and read by app.py at start when no
``--db`` is given. 「测试连接」 says in plain Chinese what is wrong (wrong password, unreachable
host, no such database, an old or newer schema). A SQLite file on a network share is detected and
warned about: SQLite's file locking is unreliable there and several PCs can corrupt it.

The password is stored in the data folder of this Windows/Linux account, readable by that account
only where the system allows it; the server account should have rights on its database alone.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath

from sqlalchemy import URL, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.services.paths import DataPaths

CONFIG_NAME = "database.json"
NETWORK_FS = frozenset({"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "sshfs", "afs",
                        "ncpfs", "9p", "ceph", "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2", "webdav"})


@dataclass(frozen=True)
class ServerSettings:
    host: str = ""
    port: int = 5432
    database: str = "wuye"
    user: str = "wuye"
    password: str = ""

    def validate(self) -> "ServerSettings":
        errors: dict[str, str] = {}
        host = self.host.strip()
        if not host:
            errors["host"] = "服务器地址不能为空（如 192.168.1.10 或 server01）"
        elif any(c.isspace() for c in host) or "/" in host:
            errors["host"] = f"服务器地址「{host}」不正确：不能含有空格或斜杠"
        if not 1 <= int(self.port) <= 65535:
            errors["port"] = "端口应为1–65535之间的数字（PostgreSQL 默认 5432）"
        if not self.database.strip():
            errors["database"] = "数据库名不能为空"
        if not self.user.strip():
            errors["user"] = "用户名不能为空"
        if errors:
            raise ValidationError(errors)
        return ServerSettings(host, int(self.port), self.database.strip(), self.user.strip(), self.password)

    def url(self) -> str:
        return URL.create("postgresql+psycopg", username=self.user or None, password=self.password or None,
                          host=self.host or None, port=self.port or None,
                          database=self.database or None).render_as_string(hide_password=False)


@dataclass(frozen=True)
class ConnectionTest:
    ok: bool
    message: str
    needs_setup: bool = False      # an empty database: tables are made at the next start
    needs_upgrade: bool = False    # an older schema: migrated (after a backup) at the next start


# --- the config file -----------------------------------------------------------------------------------------

def config_path(paths: DataPaths) -> Path:
    return paths.root / CONFIG_NAME


def load_server(paths: DataPaths) -> ServerSettings | None:
    """The saved server, or None when this PC uses its own SQLite file (or the file is unreadable)."""
    try:
        data = json.loads(config_path(paths).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("kind") != "postgresql":
        return None
    fields = {k: data[k] for k in ("host", "port", "database", "user", "password") if k in data}
    try:
        return ServerSettings(**fields)
    except TypeError:
        return None


def save_server(paths: DataPaths, server: ServerSettings | None) -> Path:
    """Remember the server (None: back to this PC's own database file)."""
    path = config_path(paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"kind": "sqlite"} if server is None else {"kind": "postgresql", **asdict(server.validate())}
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    if os.name != "nt":
        os.chmod(tmp, 0o600)
    tmp.replace(path)
    return path


def configured_url(paths: DataPaths) -> str | None:
    server = load_server(paths)
    return server.url() if server else None


# --- the connection test -----------------------------------------------------------------------------------------

def explain(exc: BaseException, server: ServerSettings) -> str:
    """A driver's English error as a plain Chinese sentence."""
    raw = str(getattr(exc, "orig", None) or exc)
    low = raw.lower()
    where = f"{server.host}:{server.port}"
    if "password authentication failed" in low or "no password supplied" in low:
        return f"用户名或密码不正确：服务器拒绝了用户「{server.user}」的登录"
    if f'role "{server.user.lower()}" does not exist' in low or "role" in low and "does not exist" in low:
        return f"服务器上没有用户「{server.user}」"
    if "database" in low and "does not exist" in low:
        return f"服务器上没有名为「{server.database}」的数据库，请先请维护人员建立"
    if "could not translate host name" in low or "name or service not known" in low \
            or "nodename nor servname" in low or "no such host" in low or "failed to resolve" in low:
        return f"找不到服务器「{server.host}」：请检查服务器地址是否写对，网络是否连通"
    if "connection refused" in low:
        return f"服务器「{where}」拒绝连接：数据库服务没有运行，或端口不对"
    if "timeout" in low or "timed out" in low:
        return f"连接服务器「{where}」超时：请检查网络和防火墙"
    if "no pg_hba.conf entry" in low:
        return "服务器不允许本机连接：请维护人员在服务器的 pg_hba.conf 中允许本机地址"
    if "permission denied" in low:
        return f"用户「{server.user}」没有使用该数据库的权限"
    if "ssl" in low:
        return "服务器要求加密连接，但连接没有建立成功"
    first = raw.strip().splitlines()[0] if raw.strip() else type(exc).__name__
    return f"无法连接服务器「{where}」：{first}"


def probe_server(server: ServerSettings, timeout: int = 5) -> ConnectionTest:
    """Connect, read the schema revision and compare it with this program's."""
    try:
        server = server.validate()
    except ValidationError as exc:
        return ConnectionTest(False, "；".join(exc.errors.values()))
    from wuye_desktop.storage.db import head_revision, known_revisions

    engine = create_engine(server.url(), connect_args={"connect_timeout": timeout})
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar() or ""
            has_table = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if has_table else None
            tables = conn.execute(text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")).scalar()
        head = head_revision(engine)
        known = known_revisions(engine)
    except SQLAlchemyError as exc:
        return ConnectionTest(False, explain(exc, server))
    finally:
        engine.dispose()
    major = str(version).split(".")[0]
    prefix = f"已连接数据库服务器（PostgreSQL {major}）。"
    if revision is None:
        if tables:
            return ConnectionTest(False, prefix + f"但数据库「{server.database}」中已有其他程序的数据表，"
                                                  "请换一个空的数据库")
        return ConnectionTest(True, prefix + "数据库是空的：保存后重新启动时会自动建立数据表。", needs_setup=True)
    if revision == head:
        return ConnectionTest(True, prefix + "数据库结构与本程序一致，可以使用。")
    if revision in known:
        return ConnectionTest(True, prefix + f"数据库结构是旧版本（{revision}）：保存后重新启动时会先备份，"
                                             "再自动升级（只由第一台启动的电脑升级一次）。", needs_upgrade=True)
    return ConnectionTest(False, prefix + f"数据库由较新版本的程序使用（版本 {revision}），请先把本程序升级到最新版本")


# --- SQLite on a network share ---------------------------------------------------------------------------------------

def network_share_kind(path: Path) -> str | None:
    """How ``path`` reaches a network share ("网络路径", "网络驱动器", the mount type), or None."""
    text_path = str(path)
    if text_path.startswith(("\\\\", "//")):
        return "网络路径"
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows
        return _windows_drive_kind(path)
    return _posix_mount_kind(path)


def _windows_drive_kind(path: Path) -> str | None:  # pragma: no cover - Windows only
    import ctypes

    drive = PurePath(os.path.abspath(path)).drive
    if not drive:
        return None
    if drive.startswith("\\\\"):
        return "网络路径"
    drive_remote = 4
    kind = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(drive + "\\"))  # type: ignore[attr-defined]
    return "网络驱动器" if kind == drive_remote else None


def _posix_mount_kind(path: Path, mounts: str = "/proc/mounts") -> str | None:
    try:
        lines = Path(mounts).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return mount_kind_from_table(str(path.resolve()), lines)


def mount_kind_from_table(path: str, lines: list[str]) -> str | None:
    """The file system type of the longest mount point holding ``path``, when it is a network one."""
    best, best_type = "", ""
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, best_type = point, parts[2]
    return best_type if best_type in NETWORK_FS else None


def network_share_warning(paths: DataPaths, db_url: str | None) -> str:
    """The warning shown at start (and on the server page) when SQLite sits on a network share."""
    if db_url and not db_url.startswith("sqlite"):
        return ""
    database = Path(db_url.split("///", 1)[1]) if db_url and "///" in db_url else paths.database
    kind = network_share_kind(database)
    if not kind:
        return ""
    return (f"数据库文件在{kind}上（{database}）。SQLite 在网络共享上加锁不可靠，多台电脑同时使用可能损坏数据。"
            "请把数据文件夹放在本机硬盘上；多台电脑共用时请改用数据库服务器（「数据安全」菜单 → 数据库服务器）。")


# --- moving this PC's data onto the server ------------------------------------------------------------------------

def copy_to_server(paths: DataPaths, server: ServerSettings, progress=None) -> int:  # type: ignore[no-untyped-def]
    """Load this PC's database into an EMPTY server database (tables made, rows copied, counted).

    Refused when the server database already holds this program's data: nothing is overwritten."""
    from wuye_desktop.domain.errors import DomainError
    from wuye_desktop.storage import backup as store
    from wuye_desktop.storage.db import make_engine

    check = probe_server(server)
    if not check.ok:
        raise DomainError(check.message)
    if not check.needs_setup:
        raise DomainError("服务器上的数据库已经有数据，为避免覆盖，不复制本机数据")
    if not paths.database.exists():
        raise DomainError("本机还没有数据，无需复制")
    snapshot = paths.backups / f".copy-to-server-{os.getpid()}.sqlite3"
    store.copy_sqlite(paths.database, snapshot)
    engine = make_engine(server.url())
    try:
        info = store.sqlite_info(snapshot)
        if not info.ok:
            raise DomainError("本机数据库核对不通过：" + "；".join(info.problems))
        written = store.restore_portable(engine, info, progress)
        return sum(written.values())
    except store.BackupError as exc:
        raise DomainError(str(exc)) from exc
    finally:
        engine.dispose()
        snapshot.unlink(missing_ok=True)
