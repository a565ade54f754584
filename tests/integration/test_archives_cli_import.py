"""Client archives on the command line (print-form, export clients/form, import clients), the client-list
import all-or-nothing, and migration 0003 on a fresh database and on one at the previous head."""

from __future__ import annotations

import importlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from sqlalchemy import inspect, text

from tests.conftest import FakeClock, database_at
from wuye_desktop.app import main
from wuye_desktop.domain.archives import UnitDraft
from wuye_desktop.formspecs.samples import sample_values
from wuye_desktop.services.container import Services, open_services
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.storage.archive_queries import ClientQuery, UnitQuery
from wuye_desktop.storage.db import (
    current_revision,
    head_revision,
    sqlite_url,
)

ID_A = "110101199003091234"
TABLES = {"archive_unit", "archive_client", "archive_occupancy", "archive_employee", "archive_entry", "form_record",
          "form_record_key", "archive_attachment", "complaint_link", "archive_access_log"}
MIGRATION = importlib.import_module("wuye_desktop.storage.migrations.versions.0003_archives")
HEADER = ["楼栋", "单元", "房号", "房屋类型", "建筑面积", "客户名称", "客户身份", "证件类型", "证件号码", "联系电话",
          "入住日期", "紧急联系人", "紧急联系人电话"]


def client_list(path: Path, *rows: list[object], header: list[str] = HEADER) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["华苑小区客户名单"])  # a title row above the header
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


GOOD = ["3栋", "2", "501", "住宅", 89.5, "王伟", "业主", "居民身份证", ID_A, "13800138000", datetime(2020, 5, 1),
        "李娜", "13900139000"]


def cli(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def test_a_good_client_list_becomes_units_clients_stays_and_contacts(services: Services, tmp_path: Path) -> None:
    pid = services.settings.projects()[0].id
    path = client_list(tmp_path / "名单.xlsx", GOOD,
                       ["3栋", "2", "501", "住宅", 89.5, "王小明", "租户", "", "", "13700137000", "2024-03-01", "", ""],
                       ["", "", "A座1203", "写字间", "", "深圳市华信科技有限公司", "租户", "", "", "0755-26881234", "",
                        "", ""])
    preview = services.archive_excel.preview_import(path, pid)
    assert preview.ok, preview.errors
    assert (len(preview.rows), preview.new_units, preview.new_clients) == (3, 2, 3)
    assert preview.warnings == ("1 行未填入住日期，按导入当天（2026-09-24）记录入住",)
    result = services.archive_excel.commit_import(preview, "陈静")
    assert (result.units, result.clients, result.stays, result.contacts) == (2, 3, 3, 1)
    units = services.archives.units(UnitQuery(pid)).rows
    assert [(u.label, u.floor, u.kind) for u in units] == [("3栋2单元501", 5, "住宅"), ("A座1203", 12, "写字间")]
    assert units[0].occupants == "王伟、王小明"
    company = services.archives.clients(ClientQuery(pid, search="华信")).rows[0]
    assert company.kind == "单位" and company.units == "A座1203"
    wang = services.archives.clients(ClientQuery(pid, search="ww")).rows[0]
    archive = services.archives.client_archive(wang.id, "陈静")
    assert [i.title for i in archive.items["emergency"]] == ["李娜（紧急联系人）"]
    assert archive.stays[0].move_in == date(2020, 5, 1)


def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(services: Services, tmp_path: Path) -> None:
    pid = services.settings.projects()[0].id
    bad_id = list(GOOD)
    bad_id[8] = "110101199003071235"
    bad_unit = ["", "", "大堂", "住宅", "", "路人", "业主", "", "", "13800138000", "", "", ""]
    bad_many = ["3栋", "2", "502", "别墅", "abc", "", "房东", "", "", "123", "明天", "", "139"]
    path = client_list(tmp_path / "名单.xlsx", GOOD, bad_id, bad_unit, bad_many)
    preview = services.archive_excel.preview_import(path, pid)
    assert not preview.ok and preview.bad_rows == 3
    found = {(e.row, e.column): e.reason for e in preview.errors}
    assert "校验位不正确" in found[(4, "证件号码")]
    assert found[(5, "房号")].startswith("房号「大堂」无法识别")
    assert "房屋类型「别墅」不是可选项" in found[(6, "房屋类型")]
    assert found[(6, "建筑面积")] == "建筑面积「abc」不是有效的数值"
    assert found[(6, "客户名称")] == "客户名称不能为空"
    assert found[(6, "客户身份")] == "客户身份「房东」应为 业主 或 租户"
    assert "不是有效的日期" in found[(6, "入住日期")]
    assert found[(6, "紧急联系人")] == "填写了紧急联系人电话，紧急联系人不能为空"
    with pytest.raises(Exception) as caught:
        services.archive_excel.commit_import(preview, "陈静")
    assert "未导入任何数据" in str(caught.value)
    assert services.archives.units(UnitQuery(pid)).total == 0
    assert services.archives.clients(ClientQuery(pid)).total == 0


def test_a_list_without_the_required_columns_is_refused(services: Services, tmp_path: Path) -> None:
    pid = services.settings.projects()[0].id
    path = client_list(tmp_path / "名单.xlsx", ["王伟", "13800138000"], header=["姓名", "电话"])
    preview = services.archive_excel.preview_import(path, pid)
    assert [(e.column, e.reason) for e in preview.errors] == [("房号", "缺少必填列「房号」")]


def test_command_line_prints_forms_exports_and_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    path = client_list(tmp_path / "名单.xlsx", GOOD)
    assert cli(data, "import", "clients", str(path)) == 0
    assert "新房屋 1 处，新客户 1 户，入住记录 1 条，紧急联系人 1 位" in capsys.readouterr().out

    blank = tmp_path / "空白.pdf"
    assert cli(data, "print-form", "QMS-PM-31301", "--blank", "-o", str(blank)) == 0
    assert "已输出空白表「QMS-PM-31301 客户档案登记表」" in capsys.readouterr().out
    assert "QMS-PM-31301" in pdf_text(blank) and "客户档案登记表" in pdf_text(blank)

    services = open_services(DataPaths(data))
    try:
        pid = services.settings.projects()[0].id
        values = sample_values(services.form_records.spec("qms-pm-31306"), 2)
        values["owner"] = "王伟"
        rec = services.form_records.save("qms-pm-31306", values, pid, "陈静")
    finally:
        services.close()
    out = tmp_path / "停车证.pdf"
    assert cli(data, "print-form", "qms-pm-31306", "--record", str(rec.id), "-o", str(out)) == 0
    assert "QMS-PM-31306" in pdf_text(out) and values["plate"] in pdf_text(out)
    capsys.readouterr()

    ledger = tmp_path / "停车证台账.xlsx"
    assert cli(data, "export", "form", "qms-pm-31306", "-o", str(ledger)) == 0
    assert "已导出 1 份「停车证发放登记表」" in capsys.readouterr().out
    ws = openpyxl.load_workbook(ledger).active
    assert values["plate"] in [c.value for c in ws[4]]

    clients = tmp_path / "客户.xlsx"
    assert cli(data, "export", "clients", "-o", str(clients)) == 0
    ws = openpyxl.load_workbook(clients).active
    row = {h.value: c.value for h, c in zip(ws[3], ws[4])}
    assert (row["客户名称"], row["证件号码"], row["联系电话"]) == ("王伟", "110***********1234", "138****8000")
    assert cli(data, "export", "clients", "-o", str(clients), "--whole") == 0
    row = {h.value: c.value for h, c in zip(openpyxl.load_workbook(clients).active[3],
                                            openpyxl.load_workbook(clients).active[4])}
    assert row["证件号码"] == ID_A
    assert "已记入查阅记录" in capsys.readouterr().out


def test_command_line_mistakes_are_chinese_with_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert cli(data, "print-form", "qms-pm-31399", "--blank", "-o", str(tmp_path / "x.pdf")) == 1
    assert "没有编号为「qms-pm-31399」的登记表" in capsys.readouterr().err
    assert cli(data, "print-form", "qms-pm-31301", "--record", "999", "-o", str(tmp_path / "x.pdf")) == 1
    assert "登记表记录（编号 999）不存在" in capsys.readouterr().err
    assert cli(data, "print-form", "qms-pm-31301", "--blank", "-o", str(tmp_path / "x.txt")) == 1
    assert "输出文件应以 .pdf 结尾" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        cli(data, "print-form", "qms-pm-31301", "-o", str(tmp_path / "x.pdf"))
    assert caught.value.code == 2 and "参数错误" in capsys.readouterr().err
    bad = client_list(tmp_path / "坏.xlsx", ["", "", "大堂", "", "", "王伟", "", "", "", "", "", "", ""])
    assert cli(data, "import", "clients", str(bad)) == 1
    err = capsys.readouterr().err
    assert "第3行【房号】房号「大堂」无法识别" in err and "未导入任何数据" in err
    assert cli(data, "import", "clients", str(tmp_path / "没有.xlsx")) == 1
    assert "找不到文件" in capsys.readouterr().err


def test_fresh_database_has_the_archive_tables(tmp_path: Path, clock: FakeClock) -> None:
    services = open_services(DataPaths(tmp_path / "fresh"), clock=clock)
    try:
        assert TABLES <= set(inspect(services.engine).get_table_names())
        assert current_revision(services.engine) == head_revision(services.engine)
    finally:
        services.close()


def test_database_at_the_previous_revision_is_upgraded_with_its_data(tmp_path: Path, clock: FakeClock) -> None:
    paths = DataPaths(tmp_path / "old").ensure()
    engine = database_at(sqlite_url(paths.database), MIGRATION.down_revision)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO project (id, code, name, households, active) VALUES (7, 'OLD', '老管理处', 321, 1)"))
    assert not TABLES & set(inspect(engine).get_table_names())
    engine.dispose()
    services = open_services(paths, clock=clock)
    try:
        assert TABLES <= set(inspect(services.engine).get_table_names())
        assert list(paths.backups.glob("*before-migration*"))
        unit = services.archives.save_unit(7, UnitDraft("A座", "1203"))
        assert unit.project_id == 7 and services.archives.units(UnitQuery(7)).total == 1
    finally:
        services.close()


def test_the_migration_builds_exactly_the_archive_models(tmp_path: Path, clock: FakeClock) -> None:
    """Migration 0003 and models_archives agree (tables, columns, indexes): nothing left to autogenerate."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from wuye_desktop.storage.schema import Base

    services = open_services(DataPaths(tmp_path / "cmp"), clock=clock)
    try:
        with services.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        mine = [d for d in diff if any(t in str(d) for t in TABLES)]
        assert mine == []
    finally:
        services.close()
