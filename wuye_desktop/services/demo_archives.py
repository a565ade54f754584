"""The demo office's client archives (issue 3): units of both projects (those the demo complaints name,
and more), households and companies with stays — one household moved out (退场) —, employees, archive
records of every kind (fees with deposits held and returned, letters, arrears, renovation files), records
of all 18 forms (sample_values on real units and clients) and the situations the links between forms
show: a leaver with a live card and keys, a permit and its space, a lower meter reading confirmed, one
phone line's history, papers about to expire. Complaints are linked to their units. Dated relative to
the services' clock; recorded through the real services; runs once (a setting marks it done)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.formspecs.samples import id_card, mobile, person, sample_values, uscc
from wuye_desktop.services.archives import ArchiveService
from wuye_desktop.services.archives_views import ClientView, UnitView
from wuye_desktop.services.demo import _OneTransaction
from wuye_desktop.services.form_records import FormRecordService
from wuye_desktop.storage.models import ComplaintRow

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

DONE_KEY = "demo_archives_done"
BRANDS = ("华信", "粤海", "中创", "鹏城", "安达", "博雅", "金桥", "汇通", "恒泰", "嘉禾", "启明", "远洋", "海纳", "天成",
          "宏图", "新纪元", "德润", "瑞丰", "东方", "南山", "前海", "招商", "卓越", "中航")
TRADES = (("科技有限公司", "信息技术"), ("贸易有限公司", "贸易"), ("咨询有限公司", "商务服务"), ("律师事务所", "法律服务"),
          ("投资管理有限公司", "金融"), ("物流有限公司", "物流"), ("会计师事务所", "会计审计"), ("教育科技有限公司", "教育培训"),
          ("保险经纪有限公司", "保险"), ("建筑设计有限公司", "建筑设计"))
CLERKS = {"HY": ("陈静", "刘芳", "黄丽娟"), "JR": ("何雪", "马晓东")}


def ensure_archives_demo(services: "Services") -> None:
    """Fill the demo office's archives once (after the complaints demo has made the projects)."""
    if services.settings.get(DONE_KEY) == "1" or services.form_records.definition_error is not None:
        return
    projects = {p.code: p for p in services.settings.projects()}
    if not projects:
        return
    # One transaction for the whole demo part (like the complaints demo): ~1,000 small commits took 11 s.
    with services.uow() as uow:
        def one() -> _OneTransaction:
            return _OneTransaction(uow.session)

        forms = FormRecordService(one, services.clock, services.settings, services.paths,  # type: ignore[arg-type]
                                  services.form_records.forms_dir)
        archives = ArchiveService(one, services.clock, forms, services.paths.attachments / "archives")  # type: ignore[arg-type]
        builder = _Builder(services, archives, forms)
        for code, project in projects.items():
            builder.project(code, project.id)
        uow.commit()
    services.archive_links.match_existing()
    services.settings.put(DONE_KEY, "1")


class _Builder:
    def __init__(self, services: "Services", archives: ArchiveService, forms: FormRecordService) -> None:
        self.s = services
        self.a = archives
        self.forms = forms
        self.today = services.clock().date()
        self.rng = random.Random(20260924)
        self.seed = 0

    def clerk(self, code: str) -> str:
        return self.rng.choice(CLERKS.get(code, ("前台",)))

    # --- one project ------------------------------------------------------------------------------------
    def project(self, code: str, pid: int) -> None:
        units = self.units(code, pid)
        residential = code != "JR"
        households: list[tuple[UnitView, ClientView]] = []
        for i, unit in enumerate(units):
            if i % 7 == 6:
                continue  # a vacant unit now and then
            client = self.client(pid, residential, i)
            since = self.today - timedelta(days=self.rng.randint(200, 2400))
            role = "租户" if (not residential or i % 5 == 0) else "业主"
            self.a.move_in(arc.OccupancyDraft(unit.id, client.id, role, since), self.clerk(code))
            households.append((unit, client))
        self.retired(code, pid, households)
        for unit, client in households[:8]:
            self.entries(code, unit, client)
        companies = [(u, c) for u, c in households if c.kind == "单位"]
        for unit, client in companies[:4]:
            self.employees(client)
        self.all_forms(code, pid, households)
        self.links(code, pid, households, companies)

    def units(self, code: str, pid: int) -> list[UnitView]:
        """The units the demo complaints name, plus a floor or two more, registered once."""
        with self.s.uow() as uow:
            texts = sorted(set(uow.session.scalars(select(ComplaintRow.unit).where(ComplaintRow.project_id == pid))))
        # (read in a session of its own: the complaints are committed, the archives' session is still open)
        wanted: dict[str, arc.ParsedUnit] = {}
        for text in texts:
            parsed = arc.parse_unit(text)
            if parsed is not None:
                wanted.setdefault(arc.unit_key(arc.unit_label(parsed.building, parsed.entrance, parsed.room)), parsed)
        extra = (("A座", "", f"{f}{r:02d}") for f in (8, 9) for r in range(1, 7)) if code == "JR" else \
            (("1栋", "1单元", f"{f}{r:02d}") for f in (3, 4) for r in range(1, 5))
        for building, entrance, room in extra:
            wanted.setdefault(arc.unit_key(building + entrance + room),
                              arc.ParsedUnit(building, entrance, arc.floor_of_room(room), room))
        result = []
        for parsed in list(wanted.values())[:90]:
            kind = "写字间" if code == "JR" else "住宅"
            if code == "JR" and parsed.floor is not None and parsed.floor <= 3:
                kind = "商铺"
            area = f"{self.rng.choice((68, 89, 95, 120, 143, 168, 210, 320))}.{self.rng.randint(0, 99):02d}"
            try:
                result.append(self.a.save_unit(pid, arc.UnitDraft(parsed.building, parsed.room, kind, parsed.entrance,
                                                                   parsed.floor, area)))
            except DomainError:
                continue  # a unit whose floor cannot be read from its room number stays unregistered
        return result

    def client(self, pid: int, residential: bool, i: int) -> ClientView:
        rng = self.rng
        if residential:
            name = person(rng)
            born = date(rng.randint(1955, 1998), rng.randint(1, 12), rng.randint(1, 28))
            draft = arc.ClientDraft(name, "个人", "居民身份证", id_card(rng, born), mobile(rng),
                                    contact=name if rng.random() < 0.5 else "", address="")
        else:
            brand, (trade, industry) = BRANDS[i % len(BRANDS)], TRADES[(i // len(BRANDS) + i) % len(TRADES)]
            name = f"深圳市{brand}{trade}" if i < len(BRANDS) * len(TRADES) else f"深圳市{brand}{trade}{i}"
            draft = arc.ClientDraft(name, "单位", "统一社会信用代码", uscc(rng), f"0755-8{rng.randint(1000000, 9999999)}",
                                    f"service{i + 1}@example.com.cn", person(rng), "", "民营企业", industry, person(rng))
        return self.a.save_client(pid, draft)

    def retired(self, code: str, pid: int, households: list[tuple[UnitView, ClientView]]) -> None:
        """一户一档: the first household moved out last spring; a new one moved in; both files stay."""
        if not households:
            return
        unit, old = households[0]
        stay = next(s for s in self.a.stays(client_id=old.id) if s.unit_id == unit.id)
        moved_out = self.today - timedelta(days=120)
        if stay.move_in >= moved_out:
            return
        self.a.move_out(stay.id, moved_out, self.clerk(code), "租约到期，已交还钥匙")
        self.a.add_entry(arc.EntryDraft("move_in", moved_out, "退房交接单", "钥匙3把、门禁卡2张已交回；水电底数已确认",
                                        by=self.clerk(code)), client_id=old.id, unit_id=unit.id)
        new = self.client(pid, code != "JR", 99)
        self.a.move_in(arc.OccupancyDraft(unit.id, new.id, "租户", moved_out + timedelta(days=10)), self.clerk(code))
        households[0] = (unit, new)

    def entries(self, code: str, unit: UnitView, client: ClientView) -> None:
        """A few dated records of each kind a clerk keeps by hand (篇3 §3)."""
        rng, by = self.rng, self.clerk(code)
        a = self.a

        def add(kind: str, days_ago: int, title: str, detail: str = "", amount: Any = None, deposit: bool = False,
                returned: int | None = None, ref: str = "") -> None:
            on = self.today - timedelta(days=days_ago)
            back = self.today - timedelta(days=returned) if returned is not None else None
            a.add_entry(arc.EntryDraft(kind, on, title, detail, amount, deposit, back, ref, by),
                        client_id=client.id, unit_id=unit.id)

        fee = (unit.floor_area or 100) * (8 if code == "JR" else 3)
        for months in (1, 2, 3):
            day = self.today.replace(day=1) - timedelta(days=30 * (months - 1))
            add("fees", (self.today - day).days, f"{day:%Y年%m月}物业管理费", "银行转账", f"{fee:.2f}",
                ref=f"SJ{rng.randint(100000, 999999)}")
        add("fees", rng.randint(300, 600), "装修押金", "装修完工验收后退还", "5000.00", True,
            returned=rng.choice((None, rng.randint(30, 200))), ref=f"YJ{rng.randint(10000, 99999)}")
        add("fees", rng.randint(100, 600), "门禁卡押金", "", "100.00", True, ref=f"YJ{rng.randint(10000, 99999)}")
        add("renovation", rng.randint(400, 700), "装修申请及图纸", "平面布置图、水电图、消防报审资料")
        add("engineering", rng.randint(380, 650), "二次装修消防验收意见书", "消防验收合格")
        add("correspondence", rng.randint(5, 90), "停水通知回执", "客户已签收")
        add("contacts", rng.randint(30, 300), "联系人变更", f"新联系人：{person(rng)} {mobile(rng)}")
        add("supplement", rng.randint(10, 200), "补交身份证复印件", "已核对原件")
        add("emergency", rng.randint(10, 400), f"{person(rng)}（{rng.choice(('配偶', '子女', '同事'))}）",
            f"电话：{mobile(rng)}")
        if rng.random() < 0.4:
            add("violations", rng.randint(10, 60), "欠缴物业费两个月", "已电话催缴，每15日跟进一次", f"{fee * 2:.2f}")
        if rng.random() < 0.3:
            add("violations", rng.randint(20, 200), "违规占用消防通道堆放杂物", "已发整改通知，当日清理")

    def employees(self, client: ClientView) -> None:
        rng = self.rng
        for _ in range(rng.randint(3, 6)):
            name = person(rng)
            self.a.save_employee(client.id, arc.EmployeeDraft(
                name, rng.choice(("总经理", "行政主管", "财务", "销售代表", "工程师")), "居民身份证", id_card(rng), mobile(rng),
                self.today - timedelta(days=rng.randint(30, 1500))))

    # --- the 18 forms ------------------------------------------------------------------------------------------
    def save(self, number: str, pid: int, code: str, unit: UnitView | None, client: ClientView | None,
             **changes: Any) -> int:
        spec = self.forms.spec(number)
        for _attempt in range(5):
            self.seed += 1
            values = sample_values(spec, self.seed)
            if unit is not None and spec.has_field("unit"):
                values["unit"] = unit.label
            if client is not None and spec.has_field("client"):
                values["client"] = client.name
            if spec.has_field("clerk"):
                values["clerk"] = self.clerk(code)
            self._not_after_today(spec, values)
            values.update(changes)
            try:
                return self.forms.save(number, values, pid, self.clerk(code),
                                       unit_id=unit.id if unit else None, client_id=client.id if client else None).id
            except (arc.LowerReadingError, ValidationError):
                continue  # another sample (the demo runs on any day: sample dates lie in 2026)
        raise DomainError(f"演示数据：{number} 未能生成")

    def _not_after_today(self, spec: Any, values: dict[str, Any]) -> None:
        """Sample dates are in spring/summer 2026: a field that cannot lie in the future is moved back."""
        for f in spec.fields():
            value = values.get(f.key)
            if f.not_future and isinstance(value, date):
                limit = self.today - timedelta(days=self.rng.randint(1, 30))
                if (value.date() if isinstance(value, datetime) else value) > self.today:
                    values[f.key] = datetime.combine(limit, value.time()) if isinstance(value, datetime) else limit

    def all_forms(self, code: str, pid: int, households: list[tuple[UnitView, ClientView]]) -> None:
        if not households:
            return
        for number in self.forms.specs:
            for _ in range(3):
                unit, client = self.rng.choice(households)
                self.save(number, pid, code, unit, client)

    def links(self, code: str, pid: int, households: list[tuple[UnitView, ClientView]],
              companies: list[tuple[UnitView, ClientView]]) -> None:
        """The situations the links between forms are for (FORMS.md)."""
        if not households:
            return
        t = self.today
        unit, client = households[1 % len(households)]
        # a permit about to expire and one past its date, both for one space, and the space itself
        space = f"B2-{self.rng.randint(100, 199)}"
        self.save("qms-pm-31305", pid, code, unit, client, space_no=space, plate="粤B8M866", space_kind="租赁",
                  space_state="已租", start_on=t - timedelta(days=340), end_on=t + timedelta(days=25))
        self.save("qms-pm-31306", pid, code, unit, client, space_no=space, plate="粤B8M866",
                  issued_on=t - timedelta(days=400), valid_until=t - timedelta(days=35))
        self.save("qms-pm-31306", pid, code, unit, client, space_no=space, plate="粤B8M866",
                  issued_on=t - timedelta(days=34), valid_until=t + timedelta(days=6))
        # a meter's readings with a lower one confirmed (the meter was replaced)
        meter = f"SB{self.rng.randint(100000, 999999)}"
        base = dict(water_meter_no=meter, electricity_meter_no="", electricity_reading=None)
        self.save("qms-pm-31318", pid, code, unit, client, read_on=t - timedelta(days=300), occasion="入住",
                  water_reading="12.5", **base)
        self.save("qms-pm-31318", pid, code, unit, client, read_on=t - timedelta(days=120), occasion="交接",
                  water_reading="186.0", **base)
        spec = self.forms.spec("qms-pm-31318")
        values = sample_values(spec, 7)
        values.update(unit=unit.label, client=client.name, read_on=t - timedelta(days=20), occasion="交接",
                      water_reading="3.5", clerk=self.clerk(code), **base)
        self.forms.save("qms-pm-31318", values, pid, self.clerk(code), unit_id=unit.id, client_id=client.id,
                        confirm_reason="旧水表损坏，已更换新表（从0起计）")
        # one phone line's life
        line = f"0755-8{self.rng.randint(1000000, 9999999)}"
        self.save("qms-pm-31307", pid, code, unit, client, numbers_assigned=line, registered_on=t - timedelta(days=700),
                  installed_on=t - timedelta(days=690))
        self.save("qms-pm-31308", pid, code, unit, client, phone_no=line, change_kind="功能变更",
                  requested_on=t - timedelta(days=400), done_on=t - timedelta(days=398),
                  registered_on=t - timedelta(days=400))
        self.save("qms-pm-31314", pid, code, unit, client, phone_no=line, requested_on=t - timedelta(days=200),
                  moved_on=t - timedelta(days=195), registered_on=t - timedelta(days=200))
        other_unit, other = households[2 % len(households)]
        self.save("qms-pm-31310", pid, code, other_unit, other, phone_no=line, old_holder=client.name,
                  requested_on=t - timedelta(days=60), done_on=t - timedelta(days=55),
                  registered_on=t - timedelta(days=60))
        # a visa and a card about to run out
        self.save("qms-pm-31311", pid, code, unit, client, visa_expiry=t + timedelta(days=12))
        if companies:
            self.leaver(code, pid, *companies[0])

    def leaver(self, code: str, pid: int, unit: UnitView, company: ClientView) -> None:
        """An employee who left yesterday still has a live card and may still collect keys."""
        rng = self.rng
        name = person(rng)
        number = id_card(rng)
        self.save("qms-pm-31313", pid, code, unit, company, holder=name, id_type="居民身份证", id_no=number,
                  card_state="有效", issued_on=self.today - timedelta(days=300),
                  valid_until=self.today + timedelta(days=65))
        self.save("qms-pm-31317", pid, code, unit, company, returned_on=None, custody_from=self.today - timedelta(days=90),
                  custody_to=self.today + timedelta(days=90),
                  collectors=[{"name": name, "id_no": number, "mobile": mobile(rng)},
                              {"name": person(rng), "id_no": "", "mobile": mobile(rng)}])
        self.save("qms-pm-31316", pid, code, unit, company, employee=name, id_type="居民身份证", id_no=number,
                  leave_kind="辞职", left_on=self.today - timedelta(days=1), notified_on=self.today - timedelta(days=1),
                  card_returned=False, keys_returned=False, revoked_on=None, card_numbers=None,
                  registered_on=self.today)
