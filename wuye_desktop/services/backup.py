"""Backups the office can trust (issue 7): a daily automatic backup with rotation (30 days and 12
month-ends), 「备份到…」 any folder, restore with verification, and the integrity check at start.

A SQLite database is copied with SQLite's online backup API (a .sqlite3 file that opens as it is);
a PostgreSQL database is dumped through SQLAlchemy into a portable .zip (storage/backup.py). Either
kind restores into either database, so an office can move its single-PC data onto a server.
Every backup is read back and checked before it counts as made.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wuye_desktop.domain.auth import Permission
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.storage import audit as trail
from wuye_desktop.storage import backup as store
from wuye_desktop.storage.backup import BackupError, BackupInfo
from wuye_desktop.storage.db import head_revision, make_engine, migrate, sqlite_url
from wuye_desktop.storage.uow import UowFactory

Progress = Callable[[int, int, str], None]
Authorize = Callable[[Permission], None]

KEEP_DAYS = 30
KEEP_MONTH_ENDS = 12
AUTO_PREFIX = "wuye-auto-"


class BackupFailed(DomainError):
    """A backup or restore that did not happen; the message says why in Chinese."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime
    automatic: bool

    @property
    def label(self) -> str:
        kind = "自动备份" if self.automatic else ("升级前备份" if "before-migration" in self.path.name else "备份")
        return f"{self.made_at:%Y-%m-%d %H:%M}　{kind}　{self.path.name}"


@dataclass(frozen=True)
class DatabaseCheck:
    """The result of the check at start: ``problems`` empty when the database is sound."""

    problems: tuple[str, ...]
    latest_good: BackupFile | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        text_ = ("数据库文件已损坏，为避免损失更多数据，程序不会使用它。\n"
                 "损坏情况：" + "；".join(self.problems[:3]))
        if self.latest_good:
            return text_ + f"\n\n最近一份完好的备份：{self.latest_good.made_at:%Y-%m-%d %H:%M}（{self.latest_good.path.name}）。" \
                           "可以用它恢复，恢复前会把损坏的文件另存一份。"
        return text_ + "\n\n没有找到完好的备份。请联系维护人员，不要删除数据文件夹。"


def keep_for_rotation(days: list[date], today: date) -> set[date]:
    """Which backup days to keep: every day of the last 30, and the last backup of each of the
    latest 12 months (the month-end copy)."""
    keep = {d for d in days if (today - d).days < KEEP_DAYS}
    by_month: dict[tuple[int, int], date] = {}
    for d in days:
        key = (d.year, d.month)
        by_month[key] = max(by_month.get(key, d), d)
    for key in sorted(by_month, reverse=True)[:KEEP_MONTH_ENDS]:
        keep.add(by_month[key])
    return keep


def _made_at(path: Path) -> datetime | None:
    """The time in a backup's name (…-20260924-090000[-2].sqlite3)."""
    import re

    found = re.search(r"(\d{8}-\d{6})(-\d+)?$", path.name.split(".")[0])
    if not found:
        return None
    try:
        return datetime.strptime(found.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def _unused(path: Path) -> Path:
    """Two backups in the same second never overwrite each other (a safety copy before a restore
    must not replace the very backup being restored)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


class BackupService:
    def __init__(self, engine: Engine, paths: DataPaths, clock: Clock, uow: UowFactory | None = None,
                 authorize: Authorize | None = None) -> None:
        self._engine = engine
        self._paths = paths
        self._clock = clock
        self._uow = uow
        self._authorize = authorize or (lambda _p: None)

    @property
    def is_sqlite(self) -> bool:
        return self._engine.url.get_backend_name() == "sqlite"

    @property
    def suffix(self) -> str:
        return ".sqlite3" if self.is_sqlite else ".zip"

    @property
    def auto_dir(self) -> Path:
        return self._paths.backups / "daily"

    def _database_file(self) -> Path:
        return Path(str(self._engine.url.database))

    # --- making backups -----------------------------------------------------------------------------
    def backup_to(self, target: Path, progress: Progress | None = None, *, reason: str = "备份") -> BackupInfo:
        """Back up into ``target`` (a file, or a folder that gets a dated file); read back and checked."""
        self._authorize(Permission.BACKUP)
        return self._make(target, progress, reason)

    def _make(self, target: Path, progress: Progress | None, reason: str) -> BackupInfo:
        now = self._clock()
        if target.is_dir():
            target = _unused(target / f"物业客服备份-{now:%Y%m%d-%H%M%S}{self.suffix}")
        try:
            if self.is_sqlite and target.suffix.lower() != ".zip":
                if progress:
                    progress(0, 2, "正在复制数据库…")
                store.copy_sqlite(self._database_file(), target)
                if progress:
                    progress(1, 2, "正在核对备份…")
                info = store.sqlite_info(target)  # integrity_check of the copy and its counts
            else:
                store.dump(self._engine, target, now, progress)
                info = store.dump_info(target, verify=True)  # every table's lines counted again
        except (OSError, SQLAlchemyError, BackupError) as exc:
            raise BackupFailed(f"备份没有完成：{_reason(exc)}（{target}）") from exc
        if not info.ok:
            raise BackupFailed(f"备份文件核对不通过：{'；'.join(info.problems)}（{target}）")
        self._log(reason, f"{reason}到 {target}（{info.rows} 行）")
        return info

    def auto_backup_if_due(self, progress: Progress | None = None) -> BackupInfo | None:
        """Once a day (at start, or when the program runs past midnight); old ones rotated away.
        The program's own duty, whoever is logged in: no permission is asked."""
        today = self._clock().date()
        if any(f.made_at.date() == today for f in self.automatic_backups()):
            return None
        now = self._clock()
        target = _unused(self.auto_dir / f"{AUTO_PREFIX}{now:%Y%m%d-%H%M%S}{self.suffix}")
        info = self._make(target, progress, "自动备份")
        self.rotate()
        return info

    def automatic_backups(self) -> list[BackupFile]:
        files = []
        if self.auto_dir.exists():
            for p in self.auto_dir.iterdir():
                made = _made_at(p)
                if p.name.startswith(AUTO_PREFIX) and made is not None and not p.name.startswith("."):
                    files.append(BackupFile(p, made, True))
        return sorted(files, key=lambda f: f.made_at, reverse=True)

    def rotate(self) -> list[Path]:
        files = self.automatic_backups()
        keep_days = keep_for_rotation([f.made_at.date() for f in files], self._clock().date())
        newest_of_day: dict[date, BackupFile] = {}
        for f in files:  # newest first: one file a day is kept
            newest_of_day.setdefault(f.made_at.date(), f)
        removed = []
        for f in files:
            if f.made_at.date() not in keep_days or newest_of_day[f.made_at.date()] is not f:
                f.path.unlink(missing_ok=True)
                removed.append(f.path)
        return removed

    def all_backups(self) -> list[BackupFile]:
        """Automatic ones, copies made before migrations, and backups saved in the data folder."""
        found = list(self.automatic_backups())
        if self._paths.backups.exists():
            for p in self._paths.backups.iterdir():
                made = _made_at(p)
                if p.is_file() and made is not None and not p.name.startswith("."):
                    found.append(BackupFile(p, made, False))
        return sorted(found, key=lambda f: f.made_at, reverse=True)

    def latest_good_backup(self) -> BackupFile | None:
        for f in self.all_backups():
            if store.backup_info(f.path).ok:
                return f
        return None

    # --- checking -------------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self._engine.connect() as conn:
            return store.table_counts(conn)

    def check(self, quick: bool = False) -> DatabaseCheck:
        """SQLite: ``PRAGMA integrity_check`` (``quick_check`` with ``quick``); PostgreSQL: the server
        answers and every table reads."""
        if self.is_sqlite:
            problems = store.sqlite_problems(self._database_file(), quick=quick)
        else:
            try:
                self.counts()
                problems = []
            except SQLAlchemyError as exc:
                problems = [_reason(exc)]
        return DatabaseCheck(tuple(problems), self.latest_good_backup() if problems else None)

    # --- restoring ----------------------------------------------------------------------------------------
    def inspect(self, path: Path) -> BackupInfo:
        info = store.backup_info(path)
        if not info.ok:
            raise BackupFailed(f"「{path.name}」不能用于恢复：{'；'.join(info.problems)}")
        known = head_revision(self._engine)
        from wuye_desktop.storage.db import known_revisions

        if info.revision is not None and info.revision not in known_revisions(self._engine):
            raise BackupFailed(f"「{path.name}」来自较新版本的程序（数据库版本 {info.revision}，本程序为 {known}），"
                               "请先升级本程序")
        return info

    def restore(self, path: Path, progress: Progress | None = None) -> BackupInfo:
        """Replace the database by the backup, after checking it; verified by counting every table.

        SQLite: the backup is first rebuilt as a complete database file beside the live one (copied
        page by page, or loaded from a portable dump), checked, and only then swapped in — the live
        file is kept in backups/ as wuye-replaced-….sqlite3. (SQLite's Python driver commits DDL at
        once, so an in-place load could not be rolled back.) PostgreSQL: the portable load runs in
        ONE transaction. Afterwards the services must be reopened (the GUI restarts)."""
        self._authorize(Permission.RESTORE)
        info = self.inspect(path)
        try:
            if self.is_sqlite:
                self._swap_sqlite(info, progress)
            else:
                store.restore_portable(self._engine, info, progress)
        except BackupError as exc:
            raise BackupFailed(str(exc)) from exc
        except (OSError, SQLAlchemyError) as exc:
            raise BackupFailed(f"恢复没有完成，数据库保持原样：{_reason(exc)}") from exc
        self._log("从备份恢复", f"从备份 {path.name} 恢复（{info.rows} 行）")
        return info

    def _swap_sqlite(self, info: BackupInfo, progress: Progress | None) -> None:
        db_file = self._database_file()
        now = self._clock()
        staged = db_file.with_name(f".{db_file.name}.restoring")
        for leftover in (staged, Path(f"{staged}-wal"), Path(f"{staged}-shm"), Path(f"{staged}-journal")):
            leftover.unlink(missing_ok=True)
        if progress:
            progress(0, 3, "正在准备恢复的数据库…")
        try:
            if info.kind == "sqlite":
                store.copy_sqlite(info.path, staged)
                store.check_counts(info.counts, store.sqlite_info(staged).counts, "复制备份")
            else:
                engine = make_engine(sqlite_url(staged))
                try:
                    store.restore_portable(engine, info, progress)
                finally:
                    engine.dispose()
            problems = store.sqlite_problems(staged, quick=False)
            if problems:
                raise BackupError("准备好的数据库核对不通过：" + "；".join(problems))
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        if progress:
            progress(1, 3, "正在替换数据库…")
        self._engine.dispose()
        self._paths.backups.mkdir(parents=True, exist_ok=True)
        if db_file.exists():
            shutil.copy2(db_file, self._paths.backups / f"wuye-replaced-{now:%Y%m%d-%H%M%S}.sqlite3")
        for extra in ("-wal", "-shm", "-journal"):
            Path(f"{db_file}{extra}").unlink(missing_ok=True)
        for extra in ("-wal", "-shm", "-journal"):
            Path(f"{staged}{extra}").unlink(missing_ok=True)
        staged.replace(db_file)
        if progress:
            progress(2, 3, "正在升级数据库结构…")
        migrate(self._engine, self._paths.backups)

    def _log(self, action: str, note: str) -> None:
        if self._uow is None:
            return
        try:
            with self._uow() as uow:
                trail.write(uow.session, action, note)
                uow.commit()
        except SQLAlchemyError:  # the backup itself succeeded; a read-only database is no reason to fail
            pass


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}"
    text_ = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text_[0] if text_ else type(exc).__name__


# --- before the services exist: the check at start and the command line ----------------------------------------

def database_url(paths: DataPaths, db_url: str | None) -> str:
    return db_url or sqlite_url(paths.database)


def check_database(paths: DataPaths, db_url: str | None, clock: Clock, quick: bool = False) -> DatabaseCheck:
    """The check at start, before anything migrates or writes: a damaged SQLite file is refused.

    ``quick``: SQLite's ``quick_check`` (every page read and its structure checked) instead of the
    full ``integrity_check``, which also matches every index against its table and takes several
    times as long — seconds at ten years of data (bench/bench_scale.py). The GUI start uses it; the
    full check stays with ``wuye-desktop check`` and every backup, which checks its copy daily."""
    engine = make_engine(database_url(paths, db_url))
    try:
        service = BackupService(engine, paths, clock)
        if service.is_sqlite and not paths.database.exists():
            return DatabaseCheck(())  # a first start: nothing to check yet
        return service.check(quick)
    finally:
        engine.dispose()


def standalone(paths: DataPaths, db_url: str | None, clock: Clock) -> BackupService:
    """A backup service without the other services (the command line's backup/restore/check)."""
    return BackupService(make_engine(database_url(paths, db_url)), paths, clock)


# --- the start check after a clean shutdown (issue 8) -------------------------------------------------------
# Reading ten years of data through takes seconds; damage comes from a crash, a power cut or a failing disk
# while the program writes. So a program that closed cleanly leaves a mark naming the file as it left it;
# the next start that finds the file unchanged opens at once and checks it in the background, and any
# other start (a crash, the file changed or copied in, no mark) checks before anything opens it (issue 7).
CLEAN_MARK = "clean-shutdown.json"


def _file_state(database: Path) -> dict[str, int] | None:
    wal = database.with_name(database.name + "-wal")
    if not database.exists() or (wal.exists() and wal.stat().st_size > 0):
        return None  # not closed cleanly: the log still holds writes
    st = database.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def mark_clean_shutdown(paths: DataPaths, db_url: str | None) -> bool:
    """After every connection is closed: note the SQLite file as this clean exit leaves it."""
    import json

    if not database_url(paths, db_url).startswith("sqlite"):
        return False
    state = _file_state(paths.database)
    if state is None:
        return False
    (paths.root / CLEAN_MARK).write_text(json.dumps(state), encoding="utf-8")
    return True


def take_clean_mark(paths: DataPaths, db_url: str | None) -> bool:
    """True when the last exit was clean and the file is as it left it; the mark is used up either way,
    so a crash in this session makes the next start check first."""
    import json

    mark = paths.root / CLEAN_MARK
    try:
        saved = json.loads(mark.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    finally:
        mark.unlink(missing_ok=True)
    return database_url(paths, db_url).startswith("sqlite") and saved == _file_state(paths.database)
