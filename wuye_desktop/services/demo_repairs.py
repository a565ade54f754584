"""The demo office's plant (issue 4): a few dozen devices with plans, tasks done and overdue, open defects,
work orders in every state, tools lent out, a part below its reorder level, outsourced works with a
rectification pending, safety records — dated relative to the services' clock.

Recorded through the real repairs services on one shared session, committed once: a demo that fails
half-way leaves no half-filled plant. Call after ``ensure_demo_data`` (it needs the demo projects).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from wuye_desktop.domain.complaint import Satisfaction
from wuye_desktop.domain.repairs import (
    Charge,
    CheckResult,
    Decision,
    DeviceState,
    ItemKind,
    Period,
    PlanKind,
    Severity,
    Source,
    Urgency,
    WorkState,
)
from wuye_desktop.domain.repairs_drafts import (
    CompletionDraft,
    DefectDraft,
    DeviceDraft,
    DispatchDraft,
    RemovalDraft,
    RequestDraft,
    RevisitDraft,
)
from wuye_desktop.domain.repairs_records import (
    CalibrationDraft,
    CheckDraft,
    CheckItem,
    DecisionDraft,
    ItemDraft,
    LoanDraft,
    PlanDraft,
    ProposalDraft,
    SafetyDraft,
    TaskDoneDraft,
    WorkDraft,
)
from wuye_desktop.services.complaints import ComplaintService
from wuye_desktop.services.demo import _OneTransaction, household_unit, mobile, office_unit, person_name
from wuye_desktop.services.repairs import RepairServices, build_repairs
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage.models_repairs import AccidentRow, WorkOrderRow

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

SUPERVISOR = {"HY": "王建国", "JR": "罗刚"}
TECHS = {"HY": ("李明", "赵强", "王建国"), "JR": ("罗刚", "电梯维保班")}
DESK = {"HY": "陈静", "JR": "何雪"}

# code, name, system, location, model, maker, installed (year), state
DEVICES = {
    "HY": (
        ("GD-01", "1#干式变压器", "供配电", "地下一层配电房", "SCB11-1250/10", "顺特电气", 2014, "完好"),
        ("GD-02", "2#干式变压器", "供配电", "地下一层配电房", "SCB11-1250/10", "顺特电气", 2014, "完好"),
        ("GD-03", "高压开关柜", "供配电", "地下一层配电房", "KYN28A-12", "正泰电气", 2014, "完好"),
        ("GD-04", "低压配电柜", "供配电", "地下一层配电房", "GCS", "正泰电气", 2014, "带病运行"),
        ("GD-05", "柴油发电机组", "供配电", "发电机房", "500GF", "玉柴", 2014, "完好"),
        ("JS-01", "1#生活水泵", "给排水", "地下二层水泵房", "CDLF32-80", "南方泵业", 2014, "完好"),
        ("JS-02", "2#生活水泵", "给排水", "地下二层水泵房", "CDLF32-80", "南方泵业", 2014, "完好"),
        ("JS-03", "集水井排污泵", "给排水", "地下车库集水井", "WQ50-15", "上海连成", 2018, "完好"),
        ("JS-04", "二次供水水箱", "给排水", "地下二层水泵房", "不锈钢 60m³", "—", 2014, "完好"),
        ("DT-01", "1栋1#电梯", "电梯", "1栋", "GeN2-MRL 1000kg", "奥的斯", 2014, "完好"),
        ("DT-02", "1栋2#电梯", "电梯", "1栋", "GeN2-MRL 1000kg", "奥的斯", 2014, "带病运行"),
        ("DT-03", "3栋1#电梯", "电梯", "3栋", "3300AP 1000kg", "迅达", 2015, "完好"),
        ("DT-04", "3栋2#电梯", "电梯", "3栋", "3300AP 1000kg", "迅达", 2015, "完好"),
        ("DT-05", "8栋1#电梯", "电梯", "8栋", "3300AP 1000kg", "迅达", 2015, "停用"),
        ("XF-01", "火灾自动报警主机", "消防", "消防监控中心", "JB-QB-GST200", "海湾", 2014, "完好"),
        ("XF-02", "消防喷淋泵", "消防", "地下二层水泵房", "XBD8/30", "上海凯泉", 2014, "完好"),
        ("XF-03", "防排烟风机", "消防", "各栋屋面", "HTF-II", "德州亚太", 2014, "完好"),
        ("RD-01", "小区门禁系统", "弱电", "各栋大堂", "DS-K1T", "海康威视", 2019, "完好"),
        ("RD-02", "视频监控系统", "弱电", "监控中心", "NVR 64路", "海康威视", 2019, "完好"),
        ("ZM-01", "小区路灯", "照明", "小区道路", "LED 60W ×48", "雷士照明", 2014, "报废"),
    ),
    "JR": (
        ("KT-01", "1#离心式冷水机组", "空调", "地下三层制冷机房", "19XR", "开利", 2016, "完好"),
        ("KT-02", "2#离心式冷水机组", "空调", "地下三层制冷机房", "19XR", "开利", 2016, "完好"),
        ("KT-03", "冷却塔", "空调", "裙楼屋面", "LRCM-H-300", "良机", 2016, "带病运行"),
        ("GD-01", "高低压配电系统", "供配电", "地下一层配电房", "10kV/0.4kV", "施耐德", 2016, "完好"),
        ("GD-02", "应急发电机组", "供配电", "地下一层发电机房", "C1000D5", "康明斯", 2016, "完好"),
        ("DT-A1", "A座1#客梯", "电梯", "A座", "GeN2 1600kg", "奥的斯", 2016, "完好"),
        ("DT-A2", "A座2#客梯", "电梯", "A座", "GeN2 1600kg", "奥的斯", 2016, "完好"),
        ("DT-B1", "B座1#客梯", "电梯", "B座", "GeN2 1600kg", "奥的斯", 2016, "完好"),
        ("XF-01", "消防报警联动系统", "消防", "消防控制室", "NFS2-3030", "诺蒂菲尔", 2016, "完好"),
        ("RD-01", "楼宇自控系统", "弱电", "中控室", "EBI R500", "霍尼韦尔", 2016, "完好"),
    ),
}

PLANS = (
    # code, name, kind, period, every_n, codes, content, window, months back
    ("HY", "变配电室月度保养", PlanKind.MAINTENANCE, Period.MONTHLY, 1, ("GD-01", "GD-02", "GD-03", "GD-04"),
     "清扫柜体、紧固接线、测温、检查绝缘及保护装置", 3, 4),
    ("HY", "发电机月度试运行", PlanKind.INSPECTION, Period.MONTHLY, 1, ("GD-05",), "空载试运行15分钟，检查油位、电瓶、冷却液", 2, 4),
    ("HY", "水泵房周巡检", PlanKind.INSPECTION, Period.WEEKLY, 1, ("JS-01", "JS-02", "JS-03", "XF-02"),
     "检查运行声音、压力、漏水，记录电流", 1, 3),
    ("HY", "电梯半月保养", PlanKind.MAINTENANCE, Period.EVERY_N_DAYS, 15, ("DT-01", "DT-02", "DT-03", "DT-04"),
     "按《电梯维护保养规则》半月保养项目执行", 2, 3),
    ("HY", "消防系统月检", PlanKind.INSPECTION, Period.MONTHLY, 1, ("XF-01", "XF-02", "XF-03"),
     "报警主机自检、喷淋末端放水试验、风机手动启动", 3, 4),
    ("HY", "二次供水水箱清洗", PlanKind.MAINTENANCE, Period.QUARTERLY, 1, ("JS-04",), "清洗消毒并送检水质", 7, 7),
    ("JR", "冷水机组季度保养", PlanKind.MAINTENANCE, Period.QUARTERLY, 1, ("KT-01", "KT-02"),
     "检查油压油位、冷凝器清洗、电气紧固", 7, 7),
    ("JR", "冷却塔周巡检", PlanKind.INSPECTION, Period.WEEKLY, 1, ("KT-03",), "检查布水、风机、填料、水质", 1, 3),
    ("JR", "高压电气预防性试验", PlanKind.OVERHAUL, Period.YEARLY, 1, ("GD-01",), "委托有资质单位做年度预防性试验", 15, 2),
    ("JR", "电梯半月保养", PlanKind.MAINTENANCE, Period.EVERY_N_DAYS, 15, ("DT-A1", "DT-A2", "DT-B1"),
     "按《电梯维护保养规则》半月保养项目执行", 2, 3),
)

REPAIRS = (
    ("水电维修", "卫生间漏水，楼下天花板渗水", "更换角阀和软管，试水无渗漏"),
    ("水电维修", "厨房插座没电", "更换烧坏的插座，检查线路正常"),
    ("门窗五金", "入户门锁芯卡住打不开", "更换锁芯，交钥匙三把"),
    ("给排水管道", "厨房下水道堵塞", "疏通下水管，清理油污"),
    ("公共照明", "楼道感应灯不亮", "更换感应灯头"),
    ("土建墙面", "阳台墙面渗水发霉", "外墙打胶防水处理，待晾干后修补"),
    ("水电维修", "热水器跳闸", "更换漏电开关"),
    ("门窗五金", "窗户把手松脱", "紧固并更换把手"),
)

PARTS = (
    ("BJ-001", "角阀", "DN15 铜", "只", "工程部仓库A架", 30, 10),
    ("BJ-002", "不锈钢软管", "50cm", "根", "工程部仓库A架", 25, 10),
    ("BJ-003", "锁芯", "C级", "个", "工程部仓库B架", 3, 5),       # below its reorder level
    ("BJ-004", "LED感应灯", "9W", "个", "工程部仓库B架", 40, 12),
    ("BJ-005", "漏电开关", "DZ47LE 32A", "个", "工程部仓库C架", 30, 4),
    ("BJ-006", "86型插座", "五孔", "个", "工程部仓库C架", 50, 15),
    ("BJ-007", "生料带", "20m", "卷", "工程部仓库A架", 60, 20),
    ("BJ-008", "电梯门刀滚轮", "奥的斯", "个", "电梯机房备件柜", 6, 4),
)

TOOLS = (
    (ItemKind.TOOL, "GJ-001", "冲击钻", "博世 GSB 16", "台", "工具间", 2),
    (ItemKind.TOOL, "GJ-002", "管道疏通机", "GQ-100", "台", "工具间", 1),
    (ItemKind.TOOL, "GJ-003", "人字梯", "3米", "架", "工具间", 3),
    (ItemKind.TOOL, "GJ-004", "绝缘工具套装", "1000V", "套", "配电房工具柜", 2),
    (ItemKind.INSTRUMENT, "YB-001", "数字万用表", "福禄克 F17B+", "块", "配电房工具柜", 2),
    (ItemKind.INSTRUMENT, "YB-002", "绝缘电阻测试仪", "UT502A", "台", "配电房工具柜", 1),
    (ItemKind.INSTRUMENT, "YB-003", "钳形电流表", "F317", "块", "配电房工具柜", 1),
    (ItemKind.DRAWING, "TZ-001", "小区强电竣工图", "A1 共36张", "套", "资料柜1层", 1),
    (ItemKind.DRAWING, "TZ-002", "给排水竣工图", "A1 共22张", "套", "资料柜1层", 1),
    (ItemKind.DRAWING, "TZ-003", "消防系统竣工图", "A1 共18张", "套", "资料柜2层", 1),
)


class _Plant:
    def __init__(self, services: "Services", r: RepairServices, session: object) -> None:
        self.now = services.clock().replace(microsecond=0)
        self.today = self.now.date()
        self.rng = random.Random(4_2026)
        self.r = r
        self.session = session
        self.pids = {p.code: p.id for p in services.settings.projects(include_inactive=True)}
        self.devices: dict[tuple[str, str], int] = {}
        self.parts: dict[str, int] = {}

    def at(self, days: float, hour: int = 9, minute: int = 0) -> datetime:
        day = self.today - timedelta(days=int(days))
        return min(datetime.combine(day, time(hour, minute)), self.now - timedelta(minutes=5))

    # --- equipment and plans ---------------------------------------------------------------------
    def equipment(self) -> None:
        for code, rows in DEVICES.items():
            for dc, name, system, loc, model, maker, year, state in rows:
                view = self.r.devices.create(DeviceDraft(dc, name, system, loc, model, maker, date(year, 6, 1),
                                                         DeviceState.INTACT), self.pids[code], SUPERVISOR[code])
                self.devices[(code, dc)] = view.id
                if state != "完好":
                    note = {"带病运行": "运行中有异响，待更换配件", "停用": "改造停用，等待技改方案批复",
                            "报废": "灯杆锈蚀，已全部更换为新路灯"}[state]
                    self.r.devices.set_state(view.id, DeviceState(state), SUPERVISOR[code], note)

    def plans(self) -> None:
        for code, name, kind, period, n, codes, content, window, back in PLANS:
            start = self.today.replace(day=1) - timedelta(days=30 * back)
            start = start.replace(day=min(start.day, 28)) if period is not Period.MONTHLY else start
            draft = PlanDraft(name, kind, period, start, tuple(self.devices[(code, c)] for c in codes), content,
                              SUPERVISOR[code], n, window)
            plan = self.r.plans.create(draft, self.pids[code], SUPERVISOR[code], backfill=True)
            for t in self.r.plans.tasks(self.pids[code], plan_id=plan.id, end=self.today):
                roll = self.rng.random()
                if t.due_at < self.now and roll < 0.05:
                    continue  # left undone: overdue
                if t.scheduled > self.today - timedelta(days=1) and roll < 0.5:
                    continue  # today's work not done yet
                late = roll > 0.9
                done_day = t.due_at.date() + timedelta(days=2) if late else t.scheduled
                done_at = min(datetime.combine(done_day, time(15, 30)), self.now - timedelta(minutes=10))
                self.r.plans.complete_task(t.id, TaskDoneDraft(done_at, self.rng.choice(TECHS[code]),
                                                               "按计划完成，设备运行正常" if not late else "因配件未到延后完成"))

    # --- stock -------------------------------------------------------------------------------------
    def stock(self) -> None:
        for code in ("HY", "JR"):
            pid = self.pids[code]
            for pc, name, spec, unit, loc, qty, reorder in PARTS:
                if code == "JR" and pc in ("BJ-006", "BJ-007"):
                    continue
                item = self.r.stock.create(ItemDraft(ItemKind.SPARE, pc, name, unit, loc, qty, spec, reorder), pid,
                                           SUPERVISOR[code])
                self.parts[f"{code}:{pc}"] = item.id
            for kind, tc, name, spec, unit, loc, qty in TOOLS:
                due = self.today + timedelta(days={"YB-001": 120, "YB-002": 12, "YB-003": -20}.get(tc, 0)) \
                    if kind is ItemKind.INSTRUMENT else None
                item = self.r.stock.create(ItemDraft(kind, tc, name, unit, loc, qty, spec, 0, due), pid, SUPERVISOR[code])
                if code == "HY" and tc == "GJ-001":
                    self.r.stock.lend(item.id, LoanDraft("李明", 1, self.at(2), self.today + timedelta(days=3),
                                                         "王建国", "3栋天台防水施工"))
                if code == "HY" and tc == "GJ-002":  # overdue
                    self.r.stock.lend(item.id, LoanDraft("赵强", 1, self.at(9), self.today - timedelta(days=2),
                                                         "王建国", "地下车库排水沟疏通"))
                if code == "HY" and tc == "TZ-001":
                    self.r.stock.lend(item.id, LoanDraft("华建装饰（外包）", 1, self.at(4),
                                                         self.today + timedelta(days=10), "王建国", "配电改造施工查阅"))
                if code == "JR" and tc == "YB-001":
                    self.r.stock.calibrate(item.id, CalibrationDraft(self.today - timedelta(days=240),
                                                                     self.today + timedelta(days=125), "罗刚", "市计量院检定合格"))

    # --- work orders in every state ------------------------------------------------------------------
    def request(self, code: str, received: datetime, source: Source = Source.PHONE, urgent: bool = False,
                device: str | None = None, template: int | None = None) -> tuple[int, tuple[str, str, str]]:
        rng = self.rng
        cat, subject, result = REPAIRS[template if template is not None else rng.randrange(len(REPAIRS))]
        unit = household_unit(rng) if code == "HY" else office_unit(rng)
        draft = RequestDraft(received, source, person_name(rng), unit, mobile(rng), subject, cat,
                             description=f"客户来电反映：{subject}，希望尽快上门。", received_by=DESK[code],
                             urgency=Urgency.URGENT if urgent else Urgency.NORMAL,
                             device_id=self.devices[(code, device)] if device else None)
        return self.r.orders.register(draft, self.pids[code], DESK[code]).id, (cat, subject, result)

    def finish(self, code: str, order_id: int, received: datetime, result: str, late: bool = False,
               revisit: bool = True, part: str | None = None) -> None:
        tech = self.rng.choice(TECHS[code])
        dispatched = received + timedelta(hours=14 if late else self.rng.choice((0.5, 1, 2)))
        self.r.orders.dispatch(order_id, DispatchDraft(tech, dispatched, dispatched + timedelta(hours=24),
                                                       appointment_at=dispatched + timedelta(hours=2)), SUPERVISOR[code])
        if part:
            self.r.orders.take_material(order_id, self.parts[f"{code}:{part}"], 1, tech)
        arrived = dispatched + timedelta(hours=2, minutes=self.rng.randint(-40, -2))
        done = arrived + timedelta(hours=self.rng.choice((1, 1.5, 2, 3)))
        charged = self.rng.random() < 0.3
        self.r.orders.complete(order_id, CompletionDraft(
            done, result, str(self.rng.choice((0.5, 1, 1.5, 2))), Charge.CHARGED if charged else Charge.FREE,
            "80" if charged else "", "客户本人", "满意", arrived, tech))
        if revisit:
            self.r.orders.revisit(order_id, RevisitDraft(done + timedelta(days=1, hours=1), DESK[code], "电话",
                                                         self.rng.choice((Satisfaction.SATISFIED.value,) * 4 +
                                                                         (Satisfaction.BASIC.value,)),
                                                         "客户表示问题已解决"))

    def orders(self) -> None:
        for code in ("HY", "JR"):
            for k in range(26 if code == "HY" else 12):
                days = 3 + k * 3.3
                received = self.at(days, 8 + k % 9, (k * 17) % 60)
                order_id, (_c, _s, result) = self.request(code, received)
                self.finish(code, order_id, received, result, late=k % 7 == 3,
                            part=self.rng.choice(("BJ-001", "BJ-002", "BJ-004", "BJ-005", None)))
        # 待派工: one fresh, one overdue (篇2 §2: 12 h)
        self.request("HY", self.at(0, 8, 30) if self.now.hour >= 9 else self.now - timedelta(minutes=30), template=4)
        self.request("HY", self.at(1, 8, 10), Source.VISIT, template=2)
        # 已派工 (one past its promised time), 维修中
        for days, promised_h in ((1, 48), (3, 24)):
            received = self.at(days, 10)
            oid, _ = self.request("HY", received, template=5)
            self.r.orders.dispatch(oid, DispatchDraft("赵强", received + timedelta(hours=1),
                                                      received + timedelta(hours=promised_h)), "王建国")
        received = self.at(1, 14)
        oid, _ = self.request("JR", received, template=1)
        self.r.orders.dispatch(oid, DispatchDraft("罗刚", received + timedelta(minutes=40), received + timedelta(hours=24),
                                                  appointment_at=received + timedelta(hours=2)), "罗刚")
        self.r.orders.start(oid, received + timedelta(hours=2, minutes=5), "罗刚")
        self.r.orders.take_material(oid, self.parts["JR:BJ-006" if "JR:BJ-006" in self.parts else "JR:BJ-005"], 1, "罗刚")
        # 待回访: one within its 2 working days, one already past it
        for days in (1, 6):
            received = self.at(days, 9)
            oid, (_c, _s, result) = self.request("HY", received, template=6)
            self.finish("HY", oid, received, result, revisit=False, part="BJ-005")
        # 已取消
        oid, _ = self.request("HY", self.at(5, 11), template=7)
        self.r.orders.cancel(oid, "客户已自行修好，来电取消", "陈静")
        # Internal job for a device, and the one live urgent repair (shows in the emergency banner).
        received = self.at(2, 16)
        oid = self.r.orders.register(RequestDraft(received, Source.INTERNAL, "", "", "", "冷却塔风机异响", "空调暖通",
                                                  "裙楼屋面", "巡检发现风机轴承异响", received_by="罗刚",
                                                  device_id=self.devices[("JR", "KT-03")]), self.pids["JR"], "罗刚").id
        self.r.orders.dispatch(oid, DispatchDraft("罗刚", received + timedelta(hours=1), received + timedelta(days=5)), "罗刚")
        urgent_at = self.now - timedelta(minutes=25)
        oid = self.r.orders.register(RequestDraft(
            urgent_at, Source.PHONE, "何雪", "B座地下一层", "0755-83216601", "B座地下一层给水主管爆裂，大量漏水",
            "给排水管道", "B座地下一层水泵房外走廊", "保安巡逻发现给水主管接口爆裂，水已漫到车库", Urgency.URGENT,
            "何雪"), self.pids["JR"], "何雪").id
        self.r.orders.dispatch(oid, DispatchDraft("罗刚", urgent_at + timedelta(minutes=2), urgent_at + timedelta(hours=3)),
                               "罗刚")

    # --- defects, accident, works, safety, proposals ---------------------------------------------------
    def incidents(self) -> None:
        d = self.devices
        open_ones = (
            ("HY", "DT-02", 6, "李明", "电梯运行至5楼时轿厢有明显抖动", Severity.SERIOUS, "已通知维保单位，限速运行并张贴告示", 5),
            ("HY", "GD-04", 15, "王建国", "3#出线柜接线端子温度偏高（红外测温72℃）", Severity.SERIOUS, "已转移部分负荷，每日测温", 10),
            ("HY", "JS-03", 3, "赵强", "排污泵浮球开关动作不灵", Severity.MINOR, "", 7),
            ("JR", "KT-03", 2, "罗刚", "冷却塔风机轴承异响", Severity.MINOR, "", 5),
            ("HY", "XF-03", 20, "李明", "3栋屋面排烟风机皮带老化", Severity.MINOR, "", -3),   # past its removal date
        )
        for code, dc, days, who, text, sev, safe, due_in in open_ones:
            self.r.defects.report(DefectDraft(d[(code, dc)], self.at(days, 10), who, text, sev, safe,
                                              self.today + timedelta(days=due_in)), who, mark_degraded=False)
        removed = self.r.defects.report(DefectDraft(d[("HY", "JS-01")], self.at(40, 9), "赵强", "机械密封漏水",
                                                    Severity.MINOR, "", self.at(40).date() + timedelta(days=7)), "赵强")
        self.r.defects.remove(removed.id, RemovalDraft(self.at(37, 16), "赵强", "更换机械密封，试运行无渗漏"))
        # An accident from before the program was in use, entered as history (no live alert).
        s = self.session
        s.add(AccidentRow(project_id=self.pids["HY"], device_id=d[("HY", "JS-04")], number="SG-HY-历史-001",  # type: ignore[attr-defined]
                          occurred_at=self.at(75, 3, 20), place="地下二层水泵房", category="水浸",
                          what="水箱进水浮球阀失灵，水箱溢流，泵房积水约10厘米", reported_to="林志远",
                          reported_at=self.at(75, 3, 24), cause="浮球阀老化卡死，溢流报警未接入监控中心",
                          measures="更换浮球阀；溢流报警接入监控中心；夜间巡查增加水泵房", losses="一台排污泵电机受潮维修",
                          recorded_by="王建国", closed_at=self.at(70), created_at=self.at(75, 8)))
        pid = self.pids["HY"]
        work = self.r.works.create(WorkDraft("3栋配电改造工程", "华建装饰工程有限公司", self.today - timedelta(days=20),
                                             self.today + timedelta(days=15), "张工", "13728801234",
                                             "3栋低压配电箱更换及线路改造", "王建国"), pid)
        items = [CheckItem(t, ok=t not in ("接地与等电位联结可靠", "无乱拉乱接线路"),
                           note="PE线未可靠连接" if t == "接地与等电位联结可靠" else "") for t in
                 ("线缆规格与图纸一致", "穿管、桥架敷设规范", "接地与等电位联结可靠", "漏电保护器动作试验合格", "无乱拉乱接线路")]
        self.r.works.check(work.id, CheckDraft(self.at(5, 10), "王建国", tuple(items), CheckResult.FAILED,
                                               "PE线重新压接；拆除临时拉接的施工线路", self.today + timedelta(days=3)))
        done = self.r.works.create(WorkDraft("地下车库照明节能改造", "明亮电气有限公司", self.today - timedelta(days=90),
                                             self.today - timedelta(days=60), "陈工", "13600011122",
                                             "更换LED灯具及感应控制", "王建国"), pid)
        all_ok = tuple(CheckItem(t, True) for t in ("线缆规格与图纸一致", "漏电保护器动作试验合格", "绝缘电阻测试合格"))
        self.r.works.check(done.id, CheckDraft(self.at(61, 14), "王建国", all_ok, CheckResult.PASSED))
        self.r.works.update(done.id, WorkDraft("地下车库照明节能改造", "明亮电气有限公司", self.today - timedelta(days=90),
                                               self.today - timedelta(days=60), "陈工", "13600011122",
                                               "更换LED灯具及感应控制", "王建国"), WorkState.ACCEPTED)
        for days, place, who, what, measure in (
                (4, "3栋配电间", "华建装饰施工人员2名", "未停电挂牌即在低压配电箱内接线", "立即制止，断电挂「禁止合闸」牌后方准施工"),
                (12, "8栋屋面", "防水施工队", "高处作业未系安全带", "责令停工，系好安全带、设置围栏后复工"),
                (26, "地下车库", "外来电工", "私拉临时电源线给电动车充电", "拆除临时线路，告知业主使用充电桩"),
                (41, "1栋电梯机房", "维保单位人员", "单人进入机房作业，未办理作业票", "停止作业，补办作业票、两人作业")):
            self.r.safety.record(SafetyDraft(self.at(days, 10, 30), place, who, what, measure, "王建国"), pid)
        p1 = self.r.proposals.propose(ProposalDraft("小区路灯改LED及光控", "原钠灯耗电高、故障多（篇1 §1 杜绝浪费电能）",
                                                    "更换48套LED路灯，加装光控和时控", "86400", "王建国",
                                                    self.today - timedelta(days=100), d[("HY", "ZM-01")]), pid)
        self.r.proposals.decide(p1.id, DecisionDraft(Decision.APPROVED, "林志远", self.today - timedelta(days=95),
                                                     "同意，纳入年度维修基金计划"))
        self.r.proposals.propose(ProposalDraft("8栋电梯更换主机及控制柜", "电梯已使用11年，故障率高，已停用",
                                               "更换曳引主机、控制柜和门机", "268000", "王建国",
                                               self.today - timedelta(days=10), d[("HY", "DT-05")]), pid)


def ensure_repairs_demo(services: "Services") -> None:
    """Fill the demo office's plant once; a database that already has work orders is left alone."""
    with services.uow() as uow:
        s = uow.session
        if s.scalar(select(WorkOrderRow.id).limit(1)) is not None:
            return
        shared = lambda: _OneTransaction(s)  # noqa: E731
        settings = SettingsService(shared)  # type: ignore[arg-type]
        complaints = ComplaintService(shared, services.clock, services.calendar,  # type: ignore[arg-type]
                                      services.paths.attachments)
        r = build_repairs(shared, services.clock, services.calendar, complaints, settings,  # type: ignore[arg-type]
                          services.paths.attachments)
        plant = _Plant(services, r, s)
        if not {"HY", "JR"} <= set(plant.pids):
            return  # not the demo office
        plant.equipment()
        plant.plans()
        plant.stock()
        plant.orders()
        plant.incidents()
        # One complaint of 室内设施维修 from the desk's demo, converted with one click (linked both ways).
        for c in r.orders.convertible_complaints(plant.pids["HY"])[:1]:
            r.orders.convert_complaint(c.id, "陈静")
        uow.commit()
