"""The demo office's client archives: units, households and companies, a household that moved out, records
of every form, and each link between forms with something to show — built once."""

from __future__ import annotations

from wuye_desktop.domain.archives import ClientQuery, RecordQuery, UnitQuery
from wuye_desktop.services.demo import ensure_demo_data
from wuye_desktop.services.demo_archives import ensure_archives_demo

NUMBERS = [f"qms-pm-313{n:02d}" for n in range(1, 19)]


def test_demo_archives_have_every_form_and_every_link_and_run_once(demo_services) -> None:  # type: ignore[no-untyped-def]
    services = demo_services  # the demo office, built once per session
    a, forms, links = services.archives, services.form_records, services.form_links
    projects = {p.code: p.id for p in services.settings.projects()}
    for pid in projects.values():
        counts = forms.count_by_form(pid)
        assert all(counts.get(n, 0) >= 3 for n in NUMBERS), counts
        assert a.units(UnitQuery(pid)).total >= 40
        assert a.clients(ClientQuery(pid, state="退场")).total == 1  # 一户一档: kept, not deleted
    companies = a.clients(ClientQuery(projects["JR"], kind="单位")).rows
    assert companies and a.employees(companies[0].id)
    archive = a.client_archive(a.clients(ClientQuery(projects["HY"], state="在住")).rows[-1].id, "测试")
    assert sum(1 for k in archive.items.values() if k) >= 8
    assert any(i.source == "押金" for i in archive.items["fees"])
    # links between forms
    cards = [links.leaver_items(r.id)[0] for r in forms.page(RecordQuery("qms-pm-31316", projects["JR"])).rows]
    assert any(cards)  # a leaver whose card is still live
    reminders = links.reminders(None, 30)
    assert {"停车证", "签证/居留许可"} <= {r.what for r in reminders}
    assert any(r.days_left < 0 for r in reminders) and any(r.days_left >= 0 for r in reminders)
    meters = [links.meter_series(r.id) for r in forms.page(RecordQuery("qms-pm-31318", projects["HY"])).rows]
    assert any(p.confirmation for series in meters for p in series)
    lines = forms.page(RecordQuery("qms-pm-31310", projects["HY"])).rows
    assert max(len(links.phone_history(str(r.values["phone_no"]), projects["HY"])) for r in lines) >= 4
    # complaints found their units
    linked = sum(len(a.unit_archive(u.id, "测试", log=False).items["complaints"])
                 for u in a.units(UnitQuery(projects["HY"]), 0, 200).rows)
    assert linked >= 30 and services.archive_links.unmatched(None).total < 10
    before = (a.units(UnitQuery()).total, forms.count_by_form(None))
    ensure_archives_demo(services)
    assert (a.units(UnitQuery()).total, forms.count_by_form(None)) == before
