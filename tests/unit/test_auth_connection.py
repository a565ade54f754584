"""Where the database is (services/connection.py): server settings checked in Chinese, the URL, the
driver's English errors as Chinese sentences, the choice kept in the data folder, and SQLite files on
network shares detected (UNC paths, nfs/cifs mounts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.services.connection import (
    ServerSettings,
    configured_url,
    explain,
    load_server,
    mount_kind_from_table,
    network_share_kind,
    network_share_warning,
    save_server,
)
from wuye_desktop.services.paths import DataPaths

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
//fileserver/office /mnt/office cifs rw,vers=3.0 0 0
server:/export/home /home/shared nfs4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
""".splitlines()


def test_server_fields_are_checked_and_named() -> None:
    with pytest.raises(ValidationError) as info:
        ServerSettings(host=" ", port=70000, database="", user="").validate()
    assert info.value.errors == {
        "host": "服务器地址不能为空（如 192.168.1.10 或 server01）",
        "port": "端口应为1–65535之间的数字（PostgreSQL 默认 5432）",
        "database": "数据库名不能为空",
        "user": "用户名不能为空",
    }
    with pytest.raises(ValidationError) as info:
        ServerSettings(host="10.0.0.1/24").validate()
    assert info.value.errors["host"] == "服务器地址「10.0.0.1/24」不正确：不能含有空格或斜杠"


def test_the_url_escapes_the_password() -> None:
    url = ServerSettings("192.168.1.10", 5433, "wuye", "客服", "p@ss:w/rd").url()
    assert url.startswith("postgresql+psycopg://")
    assert "@192.168.1.10:5433/wuye" in url and "p%40ss%3Aw%2Frd" in url


@pytest.mark.parametrize(("raw", "message"), [
    ('FATAL:  password authentication failed for user "wuye"', "用户名或密码不正确：服务器拒绝了用户「wuye」的登录"),
    ('FATAL:  database "wuye" does not exist', "服务器上没有名为「wuye」的数据库，请先请维护人员建立"),
    ('FATAL:  role "wuye" does not exist', "服务器上没有用户「wuye」"),
    ('could not translate host name "srv" to address: Name or service not known',
     "找不到服务器「srv」：请检查服务器地址是否写对，网络是否连通"),
    ("connection to server at \"srv\", port 5432 failed: Connection refused",
     "服务器「srv:5432」拒绝连接：数据库服务没有运行，或端口不对"),
    ("connection to server at \"srv\" failed: timeout expired", "连接服务器「srv:5432」超时：请检查网络和防火墙"),
    ('FATAL:  no pg_hba.conf entry for host "10.0.0.9"', "服务器不允许本机连接：请维护人员在服务器的 pg_hba.conf 中允许本机地址"),
])
def test_driver_errors_become_chinese_sentences(raw: str, message: str) -> None:
    assert explain(Exception(raw), ServerSettings("srv", 5432, "wuye", "wuye")) == message


def test_the_choice_is_kept_in_the_data_folder(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    assert load_server(paths) is None and configured_url(paths) is None
    save_server(paths, ServerSettings("db01", 5432, "wuye", "wuye", "secret"))
    assert load_server(paths) == ServerSettings("db01", 5432, "wuye", "wuye", "secret")
    assert configured_url(paths) == "postgresql+psycopg://wuye:secret@db01:5432/wuye"
    save_server(paths, None)
    assert configured_url(paths) is None
    (paths.root / "database.json").write_text("{坏了", encoding="utf-8")
    assert load_server(paths) is None  # an unreadable file falls back to this PC's database


def test_network_shares_are_recognised() -> None:
    assert mount_kind_from_table("/mnt/office/wuye/wuye.sqlite3", MOUNTS) == "cifs"
    assert mount_kind_from_table("/home/shared/a/wuye.sqlite3", MOUNTS) == "nfs4"
    assert mount_kind_from_table("/mnt/office/local/wuye.sqlite3", MOUNTS) is None  # a local disk under it
    assert mount_kind_from_table("/home/me/wuye.sqlite3", MOUNTS) is None
    assert mount_kind_from_table("/mnt/officexyz/wuye.sqlite3", MOUNTS) is None
    assert network_share_kind(Path("//fileserver/office/wuye.sqlite3")) == "网络路径"


def test_the_warning_names_the_file_and_the_remedy(tmp_path: Path) -> None:
    local = DataPaths(tmp_path / "data")
    assert network_share_warning(local, None) == ""
    assert network_share_warning(local, "postgresql+psycopg://u@h/db") == ""
    text = network_share_warning(local, "sqlite:////fileserver/office/wuye.sqlite3") \
        or network_share_warning(DataPaths(Path("//fileserver/office")), None)
    assert "网络" in text and "数据库服务器" in text and "SQLite" in text
