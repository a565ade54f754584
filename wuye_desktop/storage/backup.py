"""Backups at the storage level: SQLite's online backup API, integrity checks, and a portable dump
(a zip of JSON lines, one file per table, plus a manifest with the schema revision and row counts)
that restores into SQLite or PostgreSQL alike — no pg_dump needed (issue 7).

Restoring a portable dump empties the target schema, migrates it to the dump's revision, loads the
rows (parents first; self-references filled in a second pass), checks the counts against the
manifest, and only then migrates to the program's head. A SQLite file restores page by page.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, Table, bindparam, func, insert, select, text, update
from sqlalchemy.engine import Connection

from wuye_desktop.storage.audit import from_jsonable, to_jsonable

FORMAT = "wuye-desktop-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
Progress = Callable[[int, int, str], None]


class BackupError(Exception):
    """A backup that cannot be made, read or restored; the message is Chinese and names the file."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str                    # "sqlite" or "dump"
    revision: str | None
    counts: dict[str, int]
    created_at: str = ""
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# --- integrity ---------------------------------------------------------------------------------------------

_SQLITE_WORDS = (
    ("database disk image is malformed", "数据库文件结构损坏"),
    ("file is not a database", "文件不是数据库（文件头已损坏或被覆盖）"),
    ("file is encrypted or is not a database", "文件不是数据库（文件头已损坏或被覆盖）"),
    ("unable to open database file", "无法打开数据库文件"),
    ("database is locked", "数据库正被其他程序锁定"),
    ("disk I/O error", "读写磁盘出错"),
)


def sqlite_words(message: str) -> str:
    """SQLite's English messages as the clerk reads them; page-level details of an integrity check
    are summarised (the log keeps them)."""
    for english, chinese in _SQLITE_WORDS:
        if english.lower() in message.lower():
            return chinese
    if message.startswith(("*** in database", "Page ", "On tree page", "row ", "wrong # of entries",
                           "Tree ", "Freelist", "NULL value", "non-unique entry")):
        return f"数据页不一致（{message[:60]}）"
    return message


def sqlite_problems(path: Path, quick: bool = True) -> list[str]:
    """What ``PRAGMA quick_check``/``integrity_check`` reports; [] when the file is sound.

    A file that is not a database at all, or cannot be read, is a problem too (never an exception).
    """
    if not path.exists():
        return [f"找不到数据库文件「{path}」"]
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=15)
    except sqlite3.Error as exc:
        return [f"无法打开：{sqlite_words(str(exc))}"]
    try:
        rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        result = [str(r[0]) for r in rows]
        if result == ["ok"]:
            fk = conn.execute("PRAGMA foreign_key_check").fetchmany(20)
            return [f"外键不一致：表 {r[0]} 第 {r[1]} 行" for r in fk]
        return list(dict.fromkeys(sqlite_words(r) for r in result[:20]))
    except sqlite3.Error as exc:
        return [sqlite_words(str(exc))]
    finally:
        conn.close()


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


# --- counts ---------------------------------------------------------------------------------------------------

def _reflect(conn: Connection) -> MetaData:
    meta = MetaData()
    meta.reflect(conn)
    return meta


def table_counts(conn: Connection) -> dict[str, int]:
    meta = _reflect(conn)
    return {name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
            for name, t in sorted(meta.tables.items()) if name != "alembic_version"}


def _revision(conn: Connection) -> str | None:
    meta = _reflect(conn)
    if "alembic_version" not in meta.tables:
        return None
    value = conn.scalar(text("SELECT version_num FROM alembic_version"))
    return str(value) if value is not None else None


# --- SQLite file copies ----------------------------------------------------------------------------------------

def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy with the online backup API (safe while others use the database, WAL too)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)


def sqlite_info(path: Path) -> BackupInfo:
    problems = sqlite_problems(path, quick=False)
    if problems:
        return BackupInfo(path, "sqlite", None, {}, problems=tuple(problems))
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        counts = {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0])
                  for n in names if n != "alembic_version"}
        revision = None
        if "alembic_version" in names:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    finally:
        conn.close()
    return BackupInfo(path, "sqlite", revision, counts)


# --- the portable dump --------------------------------------------------------------------------------------

def dump(engine: Engine, out: Path, created_at: datetime, progress: Progress | None = None) -> BackupInfo:
    """Every table of the database (whatever its revision) into ``out`` (.zip), written beside and
    then moved into place; read in one REPEATABLE READ snapshot on PostgreSQL."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            meta = _reflect(conn)
            revision = _revision(conn)
            tables = [t for t in meta.sorted_tables if t.name != "alembic_version"]
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
                for i, table in enumerate(tables):
                    if progress:
                        progress(i, len(tables), f"正在备份「{table.name}」")
                    n = 0
                    with z.open(f"tables/{table.name}.jsonl", "w") as f:
                        order = list(table.primary_key.columns) or list(table.c)
                        for row in conn.execute(select(table).order_by(*order)).mappings():
                            f.write(json.dumps({k: to_jsonable(v) for k, v in row.items()},
                                               ensure_ascii=False).encode("utf-8") + b"\n")
                            n += 1
                    counts[table.name] = n
                manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "revision": revision,
                            "created_at": created_at.isoformat(), "dialect": conn.dialect.name,
                            "counts": counts, "tables": [t.name for t in tables]}
                z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    tmp.replace(out)
    return BackupInfo(out, "dump", revision, counts, created_at.isoformat())


def dump_info(path: Path, verify: bool = False) -> BackupInfo:
    """The manifest, after checking every member's CRC (a damaged zip is reported, not raised);
    with ``verify`` every table's lines are counted against the manifest as well."""
    try:
        with zipfile.ZipFile(path) as z:
            bad = z.testzip()
            if bad is not None:
                return BackupInfo(path, "dump", None, {}, problems=(f"备份文件中的「{bad}」已损坏",))
            manifest = json.loads(z.read(MANIFEST))
            if verify:
                for table, n in manifest.get("counts", {}).items():
                    with z.open(f"tables/{table}.jsonl") as f:
                        lines = sum(1 for line in f if line.strip())
                    if lines != int(n):
                        return BackupInfo(path, "dump", None, {}, problems=(
                            f"备份文件中「{table}」应有{n}行，实有{lines}行",))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        return BackupInfo(path, "dump", None, {}, problems=(f"不是有效的备份文件：{exc}",))
    if manifest.get("format") != FORMAT:
        return BackupInfo(path, "dump", None, {}, problems=("不是本程序的备份文件",))
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        return BackupInfo(path, "dump", None, {}, problems=("备份文件来自较新版本的程序，请先升级本程序",))
    return BackupInfo(path, "dump", manifest.get("revision"), {k: int(v) for k, v in manifest["counts"].items()},
                      manifest.get("created_at", ""))


def backup_info(path: Path) -> BackupInfo:
    if not path.exists():
        return BackupInfo(path, "", None, {}, problems=(f"找不到备份文件「{path}」",))
    if is_sqlite_file(path):
        return sqlite_info(path)
    if zipfile.is_zipfile(path):
        return dump_info(path)
    return BackupInfo(path, "", None, {}, problems=("不是本程序的备份文件（既不是数据库文件也不是备份包）",))


class _Source:
    """Rows of a backup, table by table: a dump's JSON lines, or a SQLite backup read through one
    engine reflected once."""

    def __init__(self, info: BackupInfo) -> None:
        self.info = info
        self._engine: Engine | None = None
        self._meta: MetaData | None = None
        if info.kind != "dump":
            from sqlalchemy import create_engine

            self._engine = create_engine(f"sqlite:///{info.path.as_posix()}")
            with self._engine.connect() as conn:
                self._meta = _reflect(conn)

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        if self._engine is None:
            with zipfile.ZipFile(self.info.path) as z:
                try:
                    f = z.open(f"tables/{table}.jsonl")
                except KeyError:
                    return
                with f:
                    for line in f:
                        if line.strip():
                            yield {k: from_jsonable(v) for k, v in json.loads(line).items()}
            return
        assert self._meta is not None
        if table in self._meta.tables:
            with self._engine.connect() as conn:
                for row in conn.execute(select(self._meta.tables[table])).mappings():
                    yield dict(row)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def drop_everything(conn: Connection) -> None:
    """Empty the schema the program uses (its tables and the Alembic stamp)."""
    _reflect(conn).drop_all(conn)


def load(conn: Connection, info: BackupInfo, progress: Progress | None = None,
         batch: int = 2000) -> dict[str, int]:
    """Insert the backup's rows into the (already migrated, empty) schema on ``conn``; returns the
    counts written. Columns the schema lacks are left out; self-references come in a second pass."""
    meta = _reflect(conn)
    tables = [t for t in meta.sorted_tables if t.name in info.counts]
    loaded: set[str] = set()
    deferred: list[tuple[Table, list[str], list[dict[str, Any]]]] = []
    written: dict[str, int] = {}
    source = _Source(info)
    try:
        for i, table in enumerate(tables):
            if progress:
                progress(i, len(tables), f"正在恢复「{table.name}」")
            # Foreign keys to the table itself (a case in a collective case) or to a table loaded
            # later (a cycle) are filled in after every row is in.
            late = sorted({fk.parent.name for fk in table.foreign_keys if fk.parent.nullable and (
                fk.column.table.name == table.name
                or (fk.column.table.name in info.counts and fk.column.table.name not in loaded))})
            pk = [c.name for c in table.primary_key.columns]
            pending: list[dict[str, Any]] = []
            fixes: list[dict[str, Any]] = []
            n = 0
            for row in source.rows(table.name):
                values = {k: v for k, v in row.items() if k in table.c}
                if late and any(values.get(c) is not None for c in late):
                    fixes.append({**{f"pk_{c}": values[c] for c in pk}, **{f"v_{c}": values[c] for c in late}})
                    for c in late:
                        values[c] = None
                pending.append(values)
                n += 1
                if len(pending) >= batch:
                    conn.execute(insert(table), pending)
                    pending = []
            if pending:
                conn.execute(insert(table), pending)
            if fixes:
                deferred.append((table, late, fixes))
            written[table.name] = n
            loaded.add(table.name)
    finally:
        source.close()
    for table, late, fixes in deferred:
        pk_cols = list(table.primary_key.columns)
        stmt = update(table).where(*[c == bindparam(f"pk_{c.name}") for c in pk_cols]).values(
            {c: bindparam(f"v_{c}") for c in late})
        conn.execute(stmt, fixes)
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn, tables)
    return written


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """Rows came with their ids: move each serial sequence past the highest one."""
    for t in tables:
        pk = list(t.primary_key.columns)
        if len(pk) != 1:
            continue
        seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": t.name, "c": pk[0].name})
        if seq:
            top = conn.scalar(select(func.max(pk[0])))
            if top is not None:
                conn.execute(text("SELECT setval(:s, :v)"), {"s": seq, "v": int(top)})


# --- restoring ---------------------------------------------------------------------------------------------------

def restore_portable(engine: Engine, info: BackupInfo, progress: Progress | None = None) -> dict[str, int]:
    """Replace every row of the database on ``engine`` by the backup's, in ONE transaction: the
    schema is emptied, migrated to the backup's revision, loaded, counted against the backup and
    migrated to the head. Any failure rolls all of it back and the database stays as it was."""
    from wuye_desktop.storage import db

    if info.revision is None:
        raise BackupError("备份中没有数据库版本信息，无法恢复")
    known = db.known_revisions(engine)
    if info.revision not in known:
        raise BackupError(f"备份来自较新版本的程序（数据库版本 {info.revision}），请先升级本程序再恢复")
    with engine.begin() as conn:
        db.lock_for_schema_change(conn)
        drop_everything(conn)
        db.upgrade_on(conn, engine, info.revision)
        written = load(conn, info, progress)
        check_counts(info.counts, written, "恢复")
        if progress:
            progress(1, 1, "正在升级数据库结构…")
        db.upgrade_on(conn, engine, "head")
    return written


def check_counts(expected: dict[str, int], actual: dict[str, int], what: str) -> None:
    wrong = [f"{t}：应为{n}行，实为{actual.get(t, 0)}行" for t, n in sorted(expected.items()) if actual.get(t, 0) != n]
    if wrong:
        raise BackupError(f"{what}后核对行数不一致，已撤销：" + "；".join(wrong[:10]))
