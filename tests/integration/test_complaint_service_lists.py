"""The complaint list through ComplaintService on SQLite and PostgreSQL: register, act, filter,
sort, page, count, search — and the storage guarantees under them (versions, unique numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tests.conftest import FakeClock
from wuye_desktop.domain.complaint import Action, Kind, State
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.listing import SORT_KEYS, ComplaintFilter
from wuye_desktop.services.complaint_views import ComplaintView
from wuye_desktop.services.complaints import ConflictError, StepInput
from wuye_desktop.services.container import Services
from wuye_desktop.storage import complaint_queries
from wuye_desktop.storage.models import ComplaintRow

T = datetime  # short for the case table below


@dataclass
class Office:
    services: Services
    a: int              # the first project (本管理处)
    b: int              # 金融大厦
    ids: dict[str, int]

    def page(self, f: ComplaintFilter, limit: int = 500, offset: int = 0):  # type: ignore[no-untyped-def]
        return self.services.complaints.page(f, offset, limit, with_total=True)

    def names(self, f: ComplaintFilter) -> list[str]:
        return [r.complainant for r in self.page(f).rows]


def _draft(name: str, unit: str, phone: str, subject: str, category: str, received: datetime,
           front: datetime | None, kind: Kind = Kind.GENERAL, first: str = "陈静") -> ComplaintDraft:
    return ComplaintDraft(received_at=received, complainant=name, unit=unit, phone=phone, subject=subject,
                          content=subject + "，请尽快处理", category=category, kind=kind, first_responder=first,
                          front_desk_at=front)


def _step(action: Action, at: datetime, note: str = "", **data: str) -> StepInput:
    return StepInput(action, "陈静", at, note, data)


@pytest.fixture
def office(any_services: Services, clock: FakeClock) -> Office:
    """Eight cases in two projects; the clock stands at Thu 2026-09-24 09:00."""
    svc = any_services.complaints
    a = any_services.settings.projects()[0].id
    b = any_services.settings.save_project("金融大厦", "JR", 86).id
    ids: dict[str, int] = {}

    def reg(key: str, project: int, *args, **kw) -> int:  # type: ignore[no-untyped-def]
        ids[key] = svc.register(_draft(*args, **kw), project, "陈静").id
        return ids[key]

    c7 = reg("张帅", a, "张帅", "5栋1单元802", "13611112222", "电梯按键失灵", "公共设施故障",
             T(2026, 9, 10, 9, 0), T(2026, 9, 10, 9, 10))
    for st in (_step(Action.DISPATCH, T(2026, 9, 10, 9, 30), department="工程部", due_at="2026-09-11 09:30"),
               _step(Action.COMPLETE, T(2026, 9, 10, 15, 0), "已更换按键"),
               _step(Action.FEEDBACK, T(2026, 9, 10, 15, 30)),
               _step(Action.REPLY, T(2026, 9, 10, 16, 0), "已电话告知"),
               _step(Action.REVISIT, T(2026, 9, 11, 10, 0), "满意", satisfaction="满意", method="电话"),
               _step(Action.CLOSE, T(2026, 9, 11, 10, 30), confirmed_by="张帅")):
        svc.act(c7, st)
    reg("赵珊", a, "赵珊", "B座502", "13912345678", "阳台漏水", "室内设施维修",
        T(2026, 9, 22, 14, 0), T(2026, 9, 22, 14, 10))                       # dispatch overdue since 09-23 02:10
    reg("王五", a, "王五", "3栋2单元502", "13700001111", "垃圾桶清运不及时", "环境卫生绿化",
        T(2026, 9, 23, 12, 0), None, first="孙伟")                            # 交前台 due 12:00 today: soon
    c1 = reg("张三", a, "张三", "A座1203", "13800138000", "卫生间天花板漏水", "室内设施维修",
             T(2026, 9, 23, 10, 0), T(2026, 9, 23, 10, 5))
    svc.act(c1, _step(Action.DISPATCH, T(2026, 9, 23, 10, 30), department="工程部", due_at="2026-09-25 10:00"))
    reg("满意", a, "李建华", "6栋1单元303", "13511112222", "满意度100%调查建议", "其他物业服务",
        T(2026, 9, 23, 16, 0), T(2026, 9, 23, 16, 5), kind=Kind.SUGGESTION, first="刘芳")
    reg("李四", a, "李四", "3栋2单元501", "0755-26881001", "楼上装修噪音", "装修噪音",
        T(2026, 9, 24, 8, 0), T(2026, 9, 24, 8, 5), first="刘芳")
    reg("周先生", a, "周先生", "A座3号梯", "13827764410", "电梯困人", "电梯困人",
        T(2026, 9, 24, 8, 55), T(2026, 9, 24, 8, 55), kind=Kind.MAJOR)
    reg("钱七", b, "钱七", "C座11", "13866667777", "办公室空调漏水", "室内设施维修",
        T(2026, 9, 21, 9, 0), T(2026, 9, 21, 9, 10))
    return Office(any_services, a, b, ids)


def _all(office: Office, project: int | None) -> list[ComplaintView]:
    return list(office.page(ComplaintFilter(project_id=project)).rows)


# --- the list ------------------------------------------------------------------------------------

def test_the_list_of_a_project_is_newest_first_with_its_count(office: Office) -> None:
    page = office.page(ComplaintFilter(project_id=office.a))
    assert [r.complainant for r in page.rows] == ["周先生", "李四", "李建华", "王五", "张三", "赵珊", "张帅"]
    assert (page.total, page.capped) == (7, False)
    company = office.page(ComplaintFilter())
    assert company.total == 8 and "钱七" in [r.complainant for r in company.rows]
    assert office.names(ComplaintFilter(project_id=office.b)) == ["钱七"]


def test_registered_and_acted_cases_show_their_step_columns(office: Office, clock: FakeClock) -> None:
    by_name = {r.complainant: r for r in _all(office, office.a)}
    assert by_name["张三"].state == State.DISPATCHED.value and by_name["张三"].department == "工程部"
    assert by_name["张三"].dispatched_at == T(2026, 9, 23, 10, 30)
    assert by_name["张帅"].state == State.CLOSED.value and by_name["张帅"].revisit_result == "满意"
    assert by_name["王五"].state == State.RECEIVED.value
    assert by_name["周先生"].emergency_active
    numbers = [r.number for r in _all(office, None)]
    assert len(set(numbers)) == len(numbers)


FILTERS = [
    (ComplaintFilter(states=(State.DISPATCHED.value,)), {"张三"}),
    (ComplaintFilter(category="室内设施维修"), {"张三", "赵珊"}),
    (ComplaintFilter(states=(State.AT_FRONT_DESK.value,), category="室内设施维修"), {"赵珊"}),
    (ComplaintFilter(kind=Kind.MAJOR.value), {"周先生"}),
    (ComplaintFilter(kind=Kind.SUGGESTION.value), {"李建华"}),
    (ComplaintFilter(department="工程部"), {"张三", "张帅"}),
    (ComplaintFilter(first_responder="刘芳"), {"李四", "李建华"}),
    (ComplaintFilter(received_from=date(2026, 9, 23), received_to=date(2026, 9, 23)), {"王五", "张三", "李建华"}),
    (ComplaintFilter(open_only=True), {"赵珊", "王五", "张三", "李建华", "李四", "周先生"}),
    (ComplaintFilter(emergency_only=True), {"周先生"}),
]


def test_filters(office: Office) -> None:
    for f, expected in FILTERS:
        f = f.with_(project_id=office.a)
        page = office.page(f)
        assert {r.complainant for r in page.rows} == expected, f
        assert page.total == len(expected), f
        # The count is the same when the first page is full and count() has to run on its own.
        assert office.page(f, limit=1).total == len(expected), f


def test_overdue_and_due_soon_filters_agree_with_the_deadlines(office: Office, clock: FakeClock) -> None:
    now = clock()
    rows = _all(office, office.a)
    overdue = office.page(ComplaintFilter(project_id=office.a, overdue_only=True))
    assert {r.id for r in overdue.rows} == {r.id for r in rows if r.is_overdue(now)}
    assert {"赵珊", "周先生"} <= {r.complainant for r in overdue.rows}   # late dispatch, 3-minute ladder step
    soon = office.page(ComplaintFilter(project_id=office.a, due_within_hours=4))
    assert {r.complainant for r in soon.rows} == {r.complainant for r in rows if r.due_soon(now, 4)}
    assert "王五" in {r.complainant for r in soon.rows}
    # Time travel: two days on, the dispatched case's promised time has passed too.
    clock.advance(days=2)
    later = {r.complainant for r in office.page(ComplaintFilter(project_id=office.a, overdue_only=True)).rows}
    assert "张三" in later and "张三" not in {r.complainant for r in overdue.rows}


def _key(value: object) -> object:
    return value if value is not None else ""


@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_key_in_both_directions(office: Office, descending: bool) -> None:
    for key in SORT_KEYS:
        _check_sorted(office, key, descending)


def _check_sorted(office: Office, key: str, descending: bool) -> None:
    f = ComplaintFilter(sort_key=key, descending=descending)
    rows = list(office.page(f).rows)
    assert len(rows) == 8
    values = [getattr(r, key) for r in rows]
    present = [v for v in values if v not in (None, "")]
    dialect = office.services.engine.dialect.name
    if dialect == "sqlite" or all(isinstance(v, (datetime, int)) or str(v).isascii() for v in present):
        assert present == sorted(present, reverse=descending), (key, values)
    if key == "next_due_at":  # cases without a next deadline come last in both directions
        assert values[len(present):] == [None] * (len(values) - len(present))
    # Ties keep a stable order by id, so paging never shows a row twice.
    for (v1, r1), (v2, r2) in zip(zip(values, rows), zip(values[1:], rows[1:])):
        if _key(v1) == _key(v2):
            assert (r1.id > r2.id) if (descending or key == "next_due_at") else (r1.id < r2.id), key


def test_pages_join_up_to_the_whole_list(office: Office) -> None:
    for key in ("received_at", "next_due_at", "complainant"):
        for descending in (False, True):
            f = ComplaintFilter(sort_key=key, descending=descending)
            whole = [r.id for r in office.page(f).rows]
            for size in (2, 3):
                joined: list[int] = []
                for offset in range(0, 10, size):
                    joined += [r.id for r in office.page(f, limit=size, offset=offset).rows]
                assert joined == whole, (key, descending, size)
            assert office.page(f, limit=3, offset=20).rows == ()


# --- search --------------------------------------------------------------------------------------

SEARCHES = [
    ("zs", {"张三", "赵珊", "张帅"}),            # pinyin initials (篇2: 按姓名拼音首字母)
    ("ZS", {"张三", "赵珊", "张帅"}),
    ("zsh", set()),
    ("zhs", set()),
    ("漏水", {"张三", "赵珊"}),                  # two Chinese characters anywhere in the subject
    ("3栋2单元", {"李四", "王五"}),              # part of a unit
    ("B座", {"赵珊"}),
    ("b座", {"赵珊"}),                           # ASCII letters ignore case
    ("13800138000", {"张三"}),                   # a whole mobile number
    ("26881001", {"李四"}),                      # a landline without its area code
    ("1203", {"张三"}),                          # digits of a unit
    ("100%调查", {"李建华"}),                    # % and _ are ordinary characters
    ("%", set()),
    ("_", set()),
    ("  周先生  ", {"周先生"}),
]


def test_search(office: Office) -> None:
    for text, expected in SEARCHES:
        page = office.page(ComplaintFilter(project_id=office.a, search=text))
        assert {r.complainant for r in page.rows} == expected, text
        assert page.total == len(expected) and not page.capped, text


def test_search_by_case_number(office: Office) -> None:
    number = office.services.complaints.get(office.ids["张三"]).row.number
    assert office.names(ComplaintFilter(search=number)) == ["张三"]
    assert office.names(ComplaintFilter(search=number.lower())) == ["张三"]


def test_search_counts_stop_at_the_cap(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(complaint_queries, "COUNT_CAP", 1)
    f = ComplaintFilter(project_id=office.a, search="漏水")
    page = office.page(f, limit=1)
    assert (page.total, page.capped) == (1, True)     # the status bar says 「超过1宗」
    whole = office.page(f)                              # a page holding every match counts exactly
    assert (whole.total, whole.capped) == (2, False)


# --- storage guarantees ------------------------------------------------------------------------------

def test_a_stale_version_is_refused_with_a_conflict(office: Office, clock: FakeClock) -> None:
    svc = office.services.complaints
    case = svc.get(office.ids["赵珊"])      # two clerks open the same case
    svc.act(case.id, _step(Action.DISPATCH, clock(), department="工程部", due_at="2026-09-25 09:00"),
            expected_version=case.row.version)
    with pytest.raises(ConflictError) as info:
        svc.act(case.id, _step(Action.EXPLAIN, clock(), "属业主自用部分，已解释"), expected_version=case.row.version)
    assert "已被他人修改" in info.value.message
    assert svc.get(case.id).state is State.DISPATCHED


def test_two_sessions_saving_the_same_case_conflict(office: Office) -> None:
    """The version column guards concurrent saves on both databases (optimistic locking)."""
    uow = office.services.uow
    with uow() as before:
        version = before.session.get(ComplaintRow, office.ids["李四"]).version  # type: ignore[union-attr]
    with uow() as first, uow() as second:
        mine = first.session.get(ComplaintRow, office.ids["李四"])
        theirs = second.session.get(ComplaintRow, office.ids["李四"])
        assert mine is not None and theirs is not None
        theirs.remarks = "另一台电脑先保存"
        second.commit()
        mine.remarks = "这台电脑后保存"
        with pytest.raises(StaleDataError):
            first.commit()
    with uow() as check:
        row = check.session.get(ComplaintRow, office.ids["李四"])
        assert row is not None and row.remarks == "另一台电脑先保存" and row.version == version + 1


def test_case_numbers_are_unique(office: Office, clock: FakeClock) -> None:
    svc = office.services.complaints
    given = _draft("孙八", "7栋101", "13655556666", "噪音", "装修噪音", clock(), clock())
    given.number = "TS-2026-001"          # a number kept from the office's paper ledger
    assert svc.register(given, office.a, "陈静").row.number == "TS-2026-001"
    again = _draft("孙九", "7栋102", "13655556667", "噪音", "装修噪音", clock(), clock())
    again.number = "TS-2026-001"
    with pytest.raises(ValidationError) as info:
        svc.register(again, office.a, "陈静")
    assert info.value.errors["number"] == "投诉编号「TS-2026-001」已存在"
    # The database itself refuses a duplicate, whatever the code above it does.
    with pytest.raises(IntegrityError):
        with office.services.engine.begin() as conn:
            conn.execute(text("UPDATE complaint SET number = 'TS-2026-001' WHERE id = :id"),
                         {"id": office.ids["张三"]})
    # Numbers given by the program run per project and year.
    with office.services.uow() as uow:
        numbers = list(uow.session.scalars(select(ComplaintRow.number).order_by(ComplaintRow.id)))
    own = [n for n in numbers if n != "TS-2026-001"]
    assert len(set(own)) == len(own)
    assert [n for n in own if n.startswith("JR-")] == ["JR-2026-00001"]
    project_code = office.services.settings.project(office.a).code
    assert sorted(n for n in own if n.startswith(project_code)) == [
        f"{project_code}-2026-{i:05d}" for i in range(1, 8)]


def test_a_page_is_read_from_the_list_indexes_on_sqlite(services: Services) -> None:
    """The id step of a page and the counts read covering indexes, never the wide rows."""
    if services.engine.dialect.name != "sqlite":
        pytest.skip("SQLite query plans")
    now = services.clock()
    cases = [
        ComplaintFilter(project_id=1, overdue_only=True),
        ComplaintFilter(project_id=1, states=("已派单",), category="公共设施故障"),
        ComplaintFilter(project_id=1, search="漏水"),
        ComplaintFilter(project_id=1, search="zs"),
    ]
    with services.engine.connect() as conn:
        for f in cases:
            where = complaint_queries.conditions(f, now)
            stmt = select(ComplaintRow.id).where(*where).order_by(*complaint_queries._order(f)).limit(200)
            sql = str(stmt.compile(services.engine, compile_kwargs={"literal_binds": True}))
            plan = " ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "COVERING INDEX" in plan, (f, plan)
