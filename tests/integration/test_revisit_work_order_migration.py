"""Migration 0007 (work orders in the revisit list) on SQLite and PostgreSQL: a database at the
previous revision, with a complaint's revisit task and an opinion heard at it, is upgraded with both
kept — SQLite rebuilds revisit_task, and the opinion keeps its link to the revisit — and a work
order completed and revisited back then gets its task, done, from the sync."""

from __future__ import annotations

import importlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Integer,
    MetaData,
    Table,
    inspect,
    text,
)

from tests.conftest import PG_URL, _fresh_pg_schema_url, database_at
from wuye_desktop.domain.revisits import TaskFilter
from wuye_desktop.services.container import open_services
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.storage.db import (
    current_revision,
    head_revision,
    sqlite_url,
)

MIGRATION = importlib.import_module("wuye_desktop.storage.migrations.versions.0007_work_order_revisits")
T0 = datetime(2026, 9, 24, 11, 0)


def insert(conn: Connection, table_name: str, /, **values: Any) -> int:
    """A row with the given values; every other NOT NULL column gets a plain value of its type."""
    table = Table(table_name, MetaData(), autoload_with=conn)
    row = dict(values)
    for c in table.columns:
        if c.name in row or c.nullable or c.primary_key or c.server_default is not None:
            continue
        t = c.type
        row[c.name] = (T0 if isinstance(t, DateTime) else date(2026, 9, 24) if isinstance(t, Date)
                       else False if isinstance(t, Boolean) else 0 if isinstance(t, Integer)
                       else {} if isinstance(t, JSON) else "")
    return int(conn.execute(table.insert().values(**row).returning(table.c.id)).scalar_one())


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_previous_revision_is_upgraded_with_tasks_and_opinion_links(dialect: str, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    if dialect == "postgres" and not PG_URL:
        pytest.skip("未设置 WUYE_TEST_PG_URL：没有可用的 PostgreSQL 测试服务器（.ci/run 会启动一个）")
    paths = DataPaths(tmp_path / "old").ensure()
    url = _fresh_pg_schema_url() if dialect == "postgres" else sqlite_url(paths.database)
    engine = database_at(url, MIGRATION.down_revision)
    with engine.begin() as conn:
        project = insert(conn, "project", code="OLD", name="老管理处", households=300, active=True)
        complaint = insert(conn, "complaint", project_id=project, number="TS-OLD-2026-00001", kind="一般投诉",
                           state="已回访", complainant="张三", unit="3栋501", subject="楼道灯不亮")
        task = insert(conn, "revisit_task", project_id=project, complaint_id=complaint, cycle=0, completed_at=T0,
                      due_at=datetime(2026, 9, 29, 23, 59, 59), state="已回访", done_at=datetime(2026, 9, 28, 9, 0),
                      satisfaction="满意", created_at=T0, updated_at=T0)
        insert(conn, "revisit_opinion", project_id=project, source="回访", task_id=task, heard_at=T0,
               category="意见", content="楼道灯太暗", created_at=T0, updated_at=T0)
        order = insert(conn, "work_order", project_id=project, number="BX-OLD-2026-00001", received_at=T0,
                       source="电话报修", client="李四", unit="5栋302", category="给排水管道", subject="漏水",
                       urgency="一般", state="已结单", completed_at=T0, revisit_due=datetime(2026, 9, 29, 23, 59, 59),
                       revisited_at=datetime(2026, 9, 30, 9, 0), revisit_result="满意", received_by="陈静",
                       created_at=T0, updated_at=T0, version=1, open_steps=[])
        for action, at, data in (("完工签认", T0, {}),
                                 ("回访", datetime(2026, 9, 30, 9, 0), {"method": "电话", "satisfaction": "满意"})):
            insert(conn, "work_order_event", order_id=order, action=action, at=at, by="陈静", note="好了", data=data,
                   recorded_at=at)
    assert "work_order_id" not in {c["name"] for c in inspect(engine).get_columns("revisit_task")}
    engine.dispose()

    clock.set(datetime(2026, 10, 12, 9, 0))
    services = open_services(paths, None if dialect == "sqlite" else url, clock=clock)
    try:
        assert current_revision(services.engine) == head_revision(services.engine)
        columns = {c["name"]: c["nullable"] for c in inspect(services.engine).get_columns("revisit_task")}
        assert columns["complaint_id"] is True and columns["work_order_id"] is True
        with services.engine.connect() as conn:
            assert conn.execute(text("SELECT task_id FROM revisit_opinion")).scalars().all() == [task]
        assert [(t.number, t.source, t.state) for t in services.revisits.page(TaskFilter()).rows] == [
            ("TS-OLD-2026-00001", "投诉", "已回访")]
        assert services.revisits.sync_from_work_orders() == 1
        [done] = services.revisits.page(TaskFilter(source="维修单")).rows
        assert (done.number, done.state, done.done_at, done.assignee) == (
            "BX-OLD-2026-00001", "已回访", datetime(2026, 9, 30, 9, 0), "陈静")
        assert done.status(clock()).value == "超时回访"
    finally:
        services.close()
