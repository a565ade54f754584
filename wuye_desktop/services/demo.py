"""The demo office (``--demo``): a company with two projects and three months of complaints in
every state, dated relative to the services' clock, so a newcomer sees the desk working at once.

Everything is recorded through the real services (register/act with explicit times), inside one
transaction: a demo that fails half-way leaves the database empty instead of half-filled.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from wuye_desktop.domain.complaint import GENERAL_CATEGORIES, Action, Channel, Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.grouping import CaseKey, collective_candidates
from wuye_desktop.services.complaints import ComplaintService, StepInput
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage.models import ComplaintRow, ProjectRow

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

COMPANY_NAME = "深圳市安和物业管理服务有限公司"

# (code, name, households): a residential estate and an office tower.
PROJECTS = (("HY", "华苑小区", 1260), ("JR", "金融大厦", 86))

EXTRA_DEPARTMENTS = ("管理处办公室", "总经办")

# name, department, phone, project code (None = company level).
STAFF: tuple[tuple[str, str, str, str | None], ...] = (
    ("陈静", "客服部", "0755-26881001", "HY"),
    ("刘芳", "客服部", "0755-26881002", "HY"),
    ("黄丽娟", "客服部", "13902651218", "HY"),
    ("王建国", "工程部", "13688812035", "HY"),
    ("李明", "工程部", "13760253317", "HY"),
    ("赵强", "工程部", "13823307416", "HY"),
    ("孙伟", "保安部", "13554718820", "HY"),
    ("周涛", "保安部", "15012669043", "HY"),
    ("吴秀英", "保洁部", "13048817652", "HY"),
    ("郑海", "绿化部", "13312870094", "HY"),
    ("林志远", "管理处办公室", "13602587731", "HY"),
    ("何雪", "客服部", "0755-83216601", "JR"),
    ("马晓东", "客服部", "0755-83216602", "JR"),
    ("罗刚", "工程部", "13925170346", "JR"),
    ("高勇", "保安部", "18620731185", "JR"),
    ("蔡文", "保洁部", "13510946628", "JR"),
    ("梁思远", "管理处办公室", "13828402259", "JR"),
    ("谢国华", "总经办", "13902218860", None),
)

# Per project: front desk clerks, office head, and who works in each department.
FRONT_DESK = {"HY": ("陈静", "刘芳", "黄丽娟"), "JR": ("何雪", "马晓东")}
OFFICE_HEAD = {"HY": "林志远", "JR": "梁思远"}
COMPANY_LEADER = "谢国华"
WORKERS: dict[str, dict[str, tuple[str, ...]]] = {
    "HY": {"工程部": ("王建国", "李明", "赵强"), "保安部": ("孙伟", "周涛"), "保洁部": ("吴秀英",),
           "绿化部": ("郑海",), "客服部": ("黄丽娟",)},
    "JR": {"工程部": ("罗刚",), "保安部": ("高勇",), "保洁部": ("蔡文",), "绿化部": ("蔡文",),
           "客服部": ("马晓东",)},
}

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严武戴孔汤")
GIVEN_NAMES = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
               "秀兰", "霞", "平", "刚", "建华", "志强", "淑珍", "海燕", "晓东", "文博", "子涵", "雨桐", "思远",
               "国庆", "红梅", "玉兰", "建平", "春花", "少华", "顺", "帅", "嘉怡", "俊杰", "浩然", "梓萱")
TITLES = ("先生", "女士", "阿姨", "伯", "经理", "小姐")

# category -> (subject, content, department); 篇5 §2(5) lists the general categories.
GENERAL_TEMPLATES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "装修噪音": (
        ("楼上装修噪音扰民", "每天早上七点多就开始电钻施工，周末中午也不停，严重影响休息，请管理处按装修规定制止。", "保安部"),
        ("午休时间邻居装修敲墙", "中午十二点到两点仍在敲墙，家里有老人和小孩，希望按装修管理规定限制施工时间。", "保安部"),
        ("晚上九点后仍有切割声", "隔壁单元晚上九点以后还在切割瓷砖，声音很大，打电话给装修工人也不理会。", "保安部"),
    ),
    "公共设施故障": (
        ("单元门禁无法刷卡", "单元门禁刷卡没有反应已经两天了，只能等别人开门，晚上回家很不方便。", "工程部"),
        ("地下车库照明损坏", "车库靠近电梯口的一排灯不亮，晚上很暗，担心安全，请尽快维修。", "工程部"),
        ("公共卫生间冲水故障", "会所一楼公共卫生间冲水阀坏了，一直流水，既浪费又有异味。", "工程部"),
        ("楼道声控灯不亮", "楼道声控灯坏了好几层，晚上上下楼要用手机照明。", "工程部"),
        ("小区大门道闸抬杆慢", "早高峰车辆排队出不去，道闸识别车牌后要等很久才抬杆。", "工程部"),
    ),
    "室内设施维修": (
        ("卫生间天花板漏水", "楼上卫生间漏水，我家天花板渗水发霉，请尽快派人查看并协调楼上维修。", "工程部"),
        ("厨房下水管堵塞", "厨房洗菜盆下水很慢，今天完全堵了，自己疏通不了。", "工程部"),
        ("阳台窗户漏水", "下雨时阳台窗框处漏水，地面积水，窗边墙面已经起皮。", "工程部"),
        ("空调冷凝水管滴水", "楼上空调冷凝水管滴到我家窗台，噪音大，窗台也被泡坏了。", "工程部"),
        ("入户门锁损坏", "入户门锁舌卡住，钥匙转不动，需要维修人员上门。", "工程部"),
        ("外墙渗水导致墙面发霉", "连续下雨后卧室外墙渗水，墙纸发霉脱落，请检查外墙防水。", "工程部"),
    ),
    "邮件报纸遗失": (
        ("寄存的快递找不到", "上周五寄存在前台的快递找不到了，登记本上有签收记录。", "客服部"),
        ("订阅的报纸经常收不到", "订阅的晚报这个月有五六天没有送到信箱。", "客服部"),
        ("挂号信被他人签收", "银行寄来的挂号信被别人在前台签收了，要求查明。", "客服部"),
    ),
    "环境卫生绿化": (
        ("垃圾桶清运不及时", "楼旁边的垃圾桶早上已经满溢，味道很大，影响出行。", "保洁部"),
        ("楼道小广告未清理", "楼道墙上和电梯里贴满小广告，好几天没人清理。", "保洁部"),
        ("树枝遮挡窗户", "楼下的大树枝叶已经伸到窗前，挡光而且有虫子爬进来，请修剪。", "绿化部"),
        ("草坪杂草丛生", "中心花园草坪很久没有修剪，杂草很高。", "绿化部"),
        ("雨后路面积水未清扫", "下雨后主干道积水和落叶没人清扫，老人走路容易滑倒。", "保洁部"),
    ),
    "鼠虫害防治": (
        ("地下室发现老鼠", "地下储藏室这几天发现老鼠，咬坏了纸箱，请安排灭鼠。", "保洁部"),
        ("楼道蟑螂较多", "晚上楼道和垃圾房附近蟑螂很多，希望定期消杀。", "保洁部"),
        ("绿化带蚊虫多", "绿化带积水多，傍晚蚊虫很多，孩子在楼下玩被叮了很多包。", "绿化部"),
    ),
    "其他物业服务": (
        ("访客停车收费有疑问", "朋友来访停车两小时被收了二十元，和公示的收费标准不一致。", "客服部"),
        ("夜间有外来人员闲逛", "最近晚上十一点以后常有陌生人在楼下闲逛，门岗没有登记。", "保安部"),
        ("物业费发票未收到", "上个月已经缴纳物业费，到现在还没有收到电子发票。", "客服部"),
        ("宠物随地大小便无人管", "小区内遛狗不拴绳、随地大小便，保安看到也不管。", "保安部"),
        ("电动车在楼道充电", "有住户在楼道里给电动车充电，存在消防隐患，请处理。", "保安部"),
    ),
}

OFFICE_TEMPLATES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "装修噪音": (
        ("楼上单位装修噪音影响办公", "楼上单位白天电钻施工，会议无法正常进行，请要求其在非办公时间施工。", "保安部"),
        ("隔壁单位装修气味和噪音大", "隔壁正在装修，油漆气味和切割声音很大，员工反映头晕。", "保安部"),
    ),
    "邮件报纸遗失": (
        ("前台代收的快递丢失", "前台代收的一个文件快递找不到了，寄件方显示已签收。", "客服部"),
        ("月度账单信件未收到", "物业寄送的月度账单信件这个月没有收到。", "客服部"),
    ),
    "公共设施故障": (
        ("写字楼电梯等候时间过长", "早上上班高峰电梯等候超过五分钟，请调整电梯运行模式。", "工程部"),
        ("大堂闸机经常误报", "员工刷卡进出闸机经常报警，前台需要手动放行。", "工程部"),
    ),
    "室内设施维修": (
        ("办公室空调不制冷", "办公室中央空调出风口不凉，室温超过二十八度，员工无法正常办公。", "工程部"),
        ("会议室天花板漏水", "会议室天花板靠窗一角漏水，滴到会议桌上。", "工程部"),
        ("办公室插座跳闸", "办公区一排插座频繁跳闸，电脑经常断电。", "工程部"),
    ),
    "环境卫生绿化": (
        ("公共卫生间清洁不及时", "本层公共卫生间下午没有纸巾，地面也有积水。", "保洁部"),
        ("大堂绿植枯萎", "大堂的绿植叶子发黄枯萎，影响形象。", "绿化部"),
    ),
    "其他物业服务": (
        ("加班空调申请流程繁琐", "周末加班需要提前两天书面申请空调，希望简化流程。", "客服部"),
        ("地下停车位被占用", "我司租用的固定车位经常被其他车辆占用。", "保安部"),
        ("快递无法送上楼", "快递员被拦在大堂不能上楼，只能下楼自取，很不方便。", "客服部"),
    ),
    "鼠虫害防治": (
        ("茶水间有蟑螂", "茶水间柜子里发现蟑螂，请安排消杀。", "保洁部"),
    ),
}

MAJOR_TEMPLATES: dict[str, tuple[str, str, str]] = {
    "水浸": ("地下车库水浸", "暴雨后地下车库入口倒灌，B区积水约二十厘米，多辆车被困。", "工程部"),
    "突发停电": ("整栋楼突然停电", "晚饭时间整栋楼突然停电，电梯和楼道灯都不能用。", "工程部"),
    "主要设备故障": ("中央空调主机故障停机", "中央空调主机报故障停机，整栋楼没有冷气，多家租户来电投诉。", "工程部"),
    "盗窃破坏": ("停车场车辆被划伤", "停在地下车库的车辆车门被人划了几道，要求调取监控。", "保安部"),
    "电梯困人": ("电梯困人", "3号客梯停在十二楼与十三楼之间，轿厢内有两人被困，通过对讲机报警。", "工程部"),
}

UNREASONABLE_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("要求物业赔偿自家水管老化损失", "家里自装的水管老化爆裂，要求物业全额赔偿地板损失。", "其他物业服务"),
    ("要求免交本年度物业费", "认为小区绿化不如售楼时宣传，要求免交全年物业费。", "其他物业服务"),
    ("投诉邻居家小孩练琴", "邻居家小孩每天傍晚练琴一小时，要求物业禁止。", "装修噪音"),
    ("要求物业代收代管私人大件物品", "出差一个月，要求物业帮忙保管家具和电器。", "其他物业服务"),
    ("要求保安帮忙搬运家具", "搬家时要求保安帮忙把家具搬上楼，被拒绝后投诉。", "其他物业服务"),
)

SUGGESTION_TEMPLATES: tuple[tuple[str, str, str, str], ...] = (
    ("建议增设电动车充电桩", "小区电动车越来越多，建议在车棚增设充电桩，既方便又能减少楼道充电。",
     "公共设施故障", "工程部"),
    ("建议儿童游乐区加装遮阳棚", "夏天游乐区太晒，建议加装遮阳棚和几张休息椅。", "环境卫生绿化", "绿化部"),
    ("建议延长会所开放时间", "会所晚上九点就关门，建议延长到十点，方便上班族锻炼。", "其他物业服务", "客服部"),
)

SATISFACTION = ("满意", "基本满意", "不满意")
SATISFACTION_WEIGHTS = (78, 18, 4)

# 书面投诉 gets a written reply (篇5 §2(7)); the letter text is the REPLY note.
REPLY_LETTER = ("尊敬的{name}：\n您于{date}反映的「{subject}」一事，我处已安排{dept}处理完毕。"
                "处理结果：{result}。感谢您对我们工作的监督与支持，如仍有问题请随时与客户服务中心联系。")


def household_unit(rng: random.Random) -> str:
    """A unit of the residential estate: 3栋2单元501."""
    return f"{rng.randint(1, 12)}栋{rng.randint(1, 3)}单元{rng.randint(1, 18)}{rng.randint(1, 4):02d}"


def office_unit(rng: random.Random) -> str:
    """A unit of the office tower: A座1203."""
    return f"{rng.choice('AB')}座{rng.randint(3, 32)}{rng.randint(1, 12):02d}"


def person_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.3:
        return surname + rng.choice(TITLES)
    return surname + rng.choice(GIVEN_NAMES)


def mobile(rng: random.Random) -> str:
    return rng.choice(("13", "15", "18", "17", "19")) + str(rng.randint(3, 9)) + f"{rng.randint(0, 99_999_999):08d}"


class _OneTransaction:
    """A unit of work that shares one session: "commit" only flushes; the caller commits once."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __enter__(self) -> "_OneTransaction":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None

    def commit(self) -> None:
        self.session.flush()

    def flush(self) -> None:
        self.session.flush()


@dataclass
class _Case:
    """One planned complaint: where, what, and the steps to record, each with its time."""

    code: str
    received_at: datetime
    complainant: str
    unit: str
    phone: str
    subject: str
    content: str
    category: str
    department: str
    kind: Kind = Kind.GENERAL
    channel: Channel = Channel.PHONE
    first_responder: str = ""
    front_desk_at: datetime | None = None
    steps: list[StepInput] = field(default_factory=list)


class _DemoBuilder:
    def __init__(self, services: "Services", session: Session) -> None:
        self.now = services.clock().replace(microsecond=0)
        self.rng = random.Random(20260924)
        self.calendar = services.calendar.calendar()
        uow = lambda: _OneTransaction(session)  # noqa: E731
        self.settings = SettingsService(uow)  # type: ignore[arg-type]
        self.complaints = ComplaintService(uow, services.clock, services.calendar,  # type: ignore[arg-type]
                                           services.paths.attachments)
        # No step observers here: the revisit tasks of all demo cases are created in one pass after
        # the commit (RevisitService.sync_from_complaints), six times cheaper than after every step.
        self.complaints.step_observers = []
        self.project_ids: dict[str, int] = {}
        self.session = session
        self.open_keys: dict[str, list[CaseKey]] = {"HY": [], "JR": []}
        self.cases: list[_Case] = []

    # --- the company ------------------------------------------------------------------------------
    def company(self) -> None:
        s = self.settings
        s.set_company_name(COMPANY_NAME)
        existing = s.projects(include_inactive=True)
        for i, (code, name, households) in enumerate(PROJECTS):
            # A new database starts with one placeholder project: it becomes the first demo project.
            pid = existing[0].id if i == 0 and existing else None
            self.project_ids[code] = s.save_project(name, code, households, project_id=pid).id
        departments = {d.name: d.id for d in s.departments(include_inactive=True)}
        for name in EXTRA_DEPARTMENTS:
            if name not in departments:
                departments[name] = s.save_department(name).id
        # Held so the session does not reload them for every step (_detail reads the project).
        self.projects = [self.session.get(ProjectRow, pid) for pid in self.project_ids.values()]
        for person, dept, phone, where in STAFF:
            s.save_staff(person, departments.get(dept), phone, self.project_ids[where] if where else None)

    # --- times -------------------------------------------------------------------------------------
    def ago(self, days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
        return (self.now - timedelta(days=days, hours=hours, minutes=minutes)).replace(microsecond=0)

    def office_time(self, days_ago: int) -> datetime:
        """A receipt time during office hours ``days_ago`` days before today."""
        day = (self.now - timedelta(days=days_ago)).date()
        return datetime.combine(day, time(8)) + timedelta(minutes=self.rng.randint(0, 12 * 60))

    def later(self, t: datetime, lo_hours: float, hi_hours: float) -> datetime:
        return (t + timedelta(minutes=self.rng.randint(int(lo_hours * 60), int(hi_hours * 60)))).replace(second=0)

    # --- the people of a case ---------------------------------------------------------------------
    def desk(self, code: str) -> str:
        return self.rng.choice(FRONT_DESK[code])

    def worker(self, code: str, department: str) -> str:
        return self.rng.choice(WORKERS[code].get(department, FRONT_DESK[code]))

    def new_case(self, code: str, received_at: datetime, category: str | None = None,
                 kind: Kind = Kind.GENERAL, open_case: bool = False) -> _Case:
        rng = self.rng
        templates = GENERAL_TEMPLATES if code == "HY" else OFFICE_TEMPLATES
        unit = household_unit(rng) if code == "HY" else office_unit(rng)
        if category is None:
            category = self._free_category(code, unit, received_at) if open_case else rng.choice(sorted(templates))
        subject, content, dept = rng.choice(templates.get(category) or GENERAL_TEMPLATES[category])
        name = person_name(rng)
        channel = rng.choices(list(Channel), weights=(30, 55, 10, 5))[0]
        desk = self.desk(code)
        # Most complaints reach the front desk directly; some are heard by other staff first (篇2 §1).
        if rng.random() < 0.8:
            first, front = desk, received_at + timedelta(minutes=rng.randint(1, 20))
        else:
            first = self.worker(code, rng.choice(("保安部", "工程部", "保洁部")))
            front = self.later(received_at, 0.5, 6)
        return _Case(code, received_at, name, unit, mobile(rng), subject, content, category, dept, kind,
                     channel, first, front)

    # --- the life cycle, step by step (篇2 §1–8) ---------------------------------------------------
    def dispatch(self, c: _Case, at: datetime, due_hours: float = 24, department: str | None = None,
                 until: datetime | None = None) -> datetime:
        """Hand the case to a department with the time it must be done by (篇2 §2)."""
        dept = department or c.department
        due = (until or at + timedelta(hours=due_hours)).replace(second=0, microsecond=0)
        c.steps.append(StepInput(Action.DISPATCH, self.desk(c.code), at, f"派{dept}处理",
                                 {"department": dept, "due_at": due.isoformat()}))
        return due

    def complete(self, c: _Case, at: datetime, result: str = "") -> None:
        work_done = at - timedelta(minutes=self.rng.randint(10, 90))
        work_done = max(work_done, c.steps[-1].at or c.received_at)
        c.steps.append(StepInput(Action.COMPLETE, self.worker(c.code, c.department), at,
                                 result or self._result(c), {"work_done_at": work_done.isoformat()}))

    def _result(self, c: _Case) -> str:
        return {"工程部": "已上门检修，故障排除，经试用正常", "保安部": "已到现场劝导并按规定处理，情况已改善",
                "保洁部": "已安排专人清理并消杀，现场已恢复整洁", "绿化部": "已安排修剪和清理",
                "客服部": "已查明原因并妥善处理"}.get(c.department, "已处理完毕")

    def feedback(self, c: _Case, at: datetime) -> None:
        c.steps.append(StepInput(Action.FEEDBACK, self.desk(c.code), at, f"已告知首问人{c.first_responder}"))

    def reply(self, c: _Case, at: datetime) -> None:
        if c.channel is Channel.WRITTEN:
            text = REPLY_LETTER.format(name=c.complainant, date=f"{c.received_at:%Y年%m月%d日}",
                                       subject=c.subject, dept=c.department, result=self._result(c))
        else:
            text = f"已电话告知{c.complainant}处理过程及结果，客户表示知悉"
        c.steps.append(StepInput(Action.REPLY, self.desk(c.code), at, text))

    def revisit(self, c: _Case, at: datetime) -> None:
        satisfaction = self.rng.choices(SATISFACTION, weights=SATISFACTION_WEIGHTS)[0]
        note = {"满意": "客户对处理结果满意", "基本满意": "客户基本满意，希望以后处理更快一些",
                "不满意": "客户认为处理时间太长，已致歉并记录改进"}[satisfaction]
        c.steps.append(StepInput(Action.REVISIT, self.desk(c.code), at, note,
                                 {"satisfaction": satisfaction, "method": self.rng.choice(("电话", "电话", "上门"))}))

    def close(self, c: _Case, at: datetime) -> None:
        c.steps.append(StepInput(Action.CLOSE, self.desk(c.code), at, "客户确认，资料存档",
                                 {"confirmed_by": c.complainant}))

    def ladder(self, c: _Case, received: datetime, upto: int = 5) -> None:
        """篇2 §6–7: notify the department, report to the leader, phone the board, written reports."""
        head = OFFICE_HEAD[c.code]
        plan = [
            (Action.LADDER_NOTIFY_DEPT, self.desk(c.code), 2, "已通知工程部、保安部赶赴现场"),
            (Action.LADDER_REPORT_LEADER, head, 4, f"{head}已电话报告公司主管领导{COMPANY_LEADER}"),
            (Action.LADDER_PHONE_BOARD, COMPANY_LEADER, 9, "已电话报告董事办"),
            (Action.LADDER_OFFICE_WRITTEN, head, 6 * 60, "管理处书面报告已提交"),
            (Action.LADDER_LEADER_WRITTEN, COMPANY_LEADER, 20 * 60, "主管领导书面报告已报董事办、总经办"),
        ]
        for action, by, minutes, note in plan[:upto]:
            c.steps.append(StepInput(action, by, received + timedelta(minutes=minutes), note))

    def full_flow(self, c: _Case, late_dispatch: bool = False, late_revisit: bool = False,
                  respond: bool = False, major: bool = False) -> datetime:
        """Front desk → dispatch → complete → feedback → reply → revisit → close; returns close time."""
        front = c.front_desk_at or c.received_at
        if major:
            self.ladder(c, c.received_at)
        dispatched = self.later(front, 13, 20) if late_dispatch else self.later(front, 0.3, 3)
        due = self.dispatch(c, dispatched, self.rng.choice((24, 48, 72)))
        t = dispatched
        if respond:
            t = self.later(dispatched, 0.5, 1.5)
            due = t + timedelta(hours=48)
            c.steps.append(StepInput(Action.RESPOND, self.worker(c.code, c.department), t, "需订购配件，无法按期完成",
                                     {"due_at": due.isoformat()}))
        completed = min(self.later(t, 2, 20), due - timedelta(minutes=30))
        self.complete(c, completed)
        if major:
            c.steps.append(StepInput(Action.LADDER_DEVELOPER_VERIFY, "发展商客服部", self.later(completed, 1, 5),
                                     "发展商客户服务部已到现场核实"))
        fb = self.later(completed, 0.2, 1.5)
        self.feedback(c, fb)
        replied = self.later(fb, 0.3, 4)
        self.reply(c, replied)
        revisit_due = self.calendar.working_days_deadline(completed, 2)
        if late_revisit:
            revisited = revisit_due + timedelta(hours=self.rng.randint(10, 30))
        else:
            revisited = max(min(self.later(replied, 12, 40), revisit_due - timedelta(hours=3)),
                            replied + timedelta(minutes=30))
        self.revisit(c, revisited)
        closed = self.later(revisited, 0.2, 3)
        self.close(c, closed)
        return closed

    # --- recording ---------------------------------------------------------------------------------
    def record(self, c: _Case) -> None:
        draft = ComplaintDraft(
            received_at=c.received_at, complainant=c.complainant, unit=c.unit, phone=c.phone,
            subject=c.subject, content=c.content, channel=c.channel, kind=c.kind, category=c.category,
            first_responder=c.first_responder, department=c.department, front_desk_at=c.front_desk_at)
        detail = self.complaints.register(draft, self.project_ids[c.code], c.first_responder or self.desk(c.code))
        # Hold the row so the session's identity map keeps it (and its events) between the steps,
        # and let it go afterwards so every flush does not re-check finished cases.
        row = self.session.get(ComplaintRow, detail.id)
        for step in sorted(c.steps, key=lambda s: s.at or self.now):
            assert step.at is not None and step.at <= self.now, (c.subject, step)
            self.complaints.act(detail.id, step)
        self.session.flush()
        self.session.expunge(row)

    def record_all(self) -> None:
        """Register the planned cases in the order they arrived, so case numbers run with time."""
        for c in sorted(self.cases, key=lambda c: c.received_at):
            self.record(c)

    def plan_open(self, c: _Case) -> None:
        if c.kind in (Kind.GENERAL, Kind.MAJOR):
            self.open_keys[c.code].append(CaseKey(len(self.open_keys[c.code]), "", c.unit, c.category, c.received_at))
        self.cases.append(c)

    def _free_category(self, code: str, unit: str, received_at: datetime) -> str:
        """A category that does not make three open cases of different units within the grouping
        window — the demo has exactly one collective situation, planted on purpose."""
        options = sorted(GENERAL_TEMPLATES if code == "HY" else OFFICE_TEMPLATES)
        self.rng.shuffle(options)
        for category in options:
            trial = self.open_keys[code] + [CaseKey(-1, "", unit, category, received_at)]
            if not any(g[0].category == category for g in collective_candidates(trial, 3)):
                return category
        raise RuntimeError("演示数据：待处理投诉过于集中，无法避免误报集体投诉")

    # --- the office's three months ----------------------------------------------------------------
    def closed_history(self) -> None:
        """Cases received 10–90 days ago, nearly all closed; some steps were done late."""
        rng = self.rng
        for n in range(90):
            code = "HY" if n % 3 else "JR"
            c = self.new_case(code, self.office_time(rng.randint(14, 90)))
            self.full_flow(c, late_dispatch=rng.random() < 0.1, late_revisit=rng.random() < 0.08,
                           respond=rng.random() < 0.08)
            self.cases.append(c)
        for i, (category, code) in enumerate((("水浸", "HY"), ("突发停电", "HY"), ("主要设备故障", "JR"),
                                              ("盗窃破坏", "HY"))):
            subject, content, dept = MAJOR_TEMPLATES[category]
            c = self.new_case(code, self.office_time(15 + 17 * i))
            c.kind, c.category, c.subject, c.content, c.department = Kind.MAJOR, category, subject, content, dept
            c.front_desk_at = c.received_at + timedelta(minutes=1)
            self.full_flow(c, major=True)
            self.cases.append(c)
        for i, (subject, content, category) in enumerate(UNREASONABLE_TEMPLATES):
            c = self.new_case("HY", self.office_time(12 + 13 * i), category)
            c.kind, c.subject, c.content, c.department = Kind.UNREASONABLE, subject, content, "客服部"
            explained = self.later(c.front_desk_at or c.received_at, 0.5, 4)
            c.steps.append(StepInput(Action.EXPLAIN, self.desk("HY"), explained,
                                     "已向客户耐心解释相关规定及双方责任划分"))
            if i % 2:  # 篇2 §3: not persuaded → the department head steps in
                head_at = self.later(explained, 20, 30)
                c.steps.append(StepInput(Action.ESCALATE, self.desk("HY"), head_at, "客户不接受解释",
                                         {"head": OFFICE_HEAD["HY"]}))
                explained = head_at
            c.steps.append(StepInput(Action.CLOSE, OFFICE_HEAD["HY"], self.later(explained, 2, 24),
                                     "客户接受解释，资料存档", {"confirmed_by": c.complainant}))
            self.cases.append(c)
        for i, (subject, content, category, dept) in enumerate(SUGGESTION_TEMPLATES):
            c = self.new_case("HY", self.office_time(20 + 20 * i), category)
            c.kind, c.subject, c.content, c.department = Kind.SUGGESTION, subject, content, dept
            c.channel = Channel.WRITTEN
            # 篇4 一.4: reported to the head, who decides on a rectification plan posted publicly.
            c.steps.append(StepInput(Action.REPORT, self.desk("HY"), self.later(c.front_desk_at or c.received_at, 1, 3),
                                     "已报管理处主任，同意整改并张贴公示"))
            self.full_flow(c)
            self.cases.append(c)

    def open_cases(self) -> None:
        """Open cases of the last days in every state: a few overdue, a few due soon."""
        rng, desk, now = self.rng, self.desk, self.now
        # Received by staff, not yet at the front desk: one of them is overdue (篇2 §1: 24 h).
        for hours in (30, 3, 0.7):
            c = self.new_case(rng.choice(("HY", "JR")), self.ago(hours=hours), open_case=True)
            c.first_responder = self.worker(c.code, "保安部")
            c.front_desk_at = None
            self.plan_open(c)
        # At the front desk: one waited 20 h for dispatch (overdue, 篇2 §2: 12 h), one is due soon;
        # verified cases have met the same-day check of 篇4 一.3.
        for hours in (20, 10.5, 5, 2, 0.5):
            c = self.new_case("HY" if hours > 3 else "JR", self.ago(hours=hours + 0.2), open_case=True)
            c.front_desk_at = self.ago(hours=hours)
            if 2 <= hours <= 12:
                c.steps.append(StepInput(Action.VERIFY, desk(c.code), c.front_desk_at + timedelta(minutes=30),
                                         "已电话联系客户核实情况"))
            self.plan_open(c)
        # Dispatched: due soon, past the promised time, answered with a new promise, handed on to
        # another department, dispatched late, and some simply in progress.
        for variant in ("due_soon", "past_due", "respond", "handed_on", "late_dispatch", "ok", "ok", "ok"):
            c = self.new_case(rng.choice(("HY", "JR")), self.office_time(rng.randint(1, 6)), open_case=True)
            front = c.front_desk_at = c.received_at + timedelta(minutes=10)
            at = front + timedelta(minutes=rng.randint(30, 150))
            if variant == "due_soon":
                self.dispatch(c, at, until=now + timedelta(hours=2))
            elif variant == "past_due":
                self.dispatch(c, at, until=at + timedelta(hours=6))
            elif variant == "respond":
                self.dispatch(c, at, until=at + timedelta(hours=24))
                c.steps.append(StepInput(Action.RESPOND, self.worker(c.code, c.department), at + timedelta(hours=1),
                                         "配件需从厂家订购，预计三天内到货",
                                         {"due_at": (now + timedelta(days=2)).replace(minute=0, second=0).isoformat()}))
            elif variant == "handed_on":
                other = "保洁部" if c.department != "保洁部" else "工程部"
                self.dispatch(c, at, until=now + timedelta(days=2), department=other)
                self.dispatch(c, at + timedelta(hours=1), until=now + timedelta(days=2))
            elif variant == "late_dispatch":
                self.dispatch(c, front + timedelta(hours=15), until=now + timedelta(days=1))
            else:
                self.dispatch(c, at, until=now + timedelta(hours=rng.randint(20, 60)))
            self.plan_open(c)
        # Completed; feedback to the first responder pending (篇2 §8: 2 h): one overdue, one due soon.
        for done_hours in (5, 1.5, 0.5):
            c = self.new_case(rng.choice(("HY", "JR")), self.office_time(rng.randint(2, 4)), open_case=True)
            c.front_desk_at = c.received_at + timedelta(minutes=15)
            self.dispatch(c, c.front_desk_at + timedelta(hours=1), until=now + timedelta(hours=12))
            self.complete(c, self.ago(hours=done_hours))
            self.plan_open(c)
        # Feedback given, replied, revisited: waiting for the next step (the revisit is due two
        # working days after completion, 篇2 §5); one revisit is overdue.
        for stage in ("feedback", "feedback", "reply", "reply", "reply", "reply_late",
                      "revisited", "revisited", "revisited"):
            late = stage == "reply_late"
            c = self.new_case(rng.choice(("HY", "JR")), self.office_time(12 if late else rng.randint(3, 8)),
                              open_case=True)
            c.front_desk_at = c.received_at + timedelta(minutes=10)
            completed = (c.received_at + timedelta(hours=6)) if late else self.ago(hours=rng.randint(22, 44))
            self.dispatch(c, c.front_desk_at + timedelta(hours=1), until=completed + timedelta(hours=8))
            self.complete(c, completed)
            self.feedback(c, completed + timedelta(minutes=40))
            if stage != "feedback":
                self.reply(c, completed + timedelta(hours=2))
            if stage == "revisited":
                self.revisit(c, completed + timedelta(hours=18))
            self.plan_open(c)
        # Unreasonable cases being explained, one escalated to the department head (篇2 §3).
        for i, (subject, content, category) in enumerate(UNREASONABLE_TEMPLATES[:3]):
            c = self.new_case("HY", self.office_time(i + 2), category)
            c.kind, c.subject, c.content, c.department = Kind.UNREASONABLE, subject, content, "客服部"
            c.front_desk_at = c.received_at + timedelta(minutes=5)
            c.steps.append(StepInput(Action.EXPLAIN, desk("HY"), c.front_desk_at + timedelta(hours=1), "已解释相关规定"))
            if i == 2:
                c.steps.append(StepInput(Action.ESCALATE, desk("HY"), c.front_desk_at + timedelta(hours=20),
                                         "客户仍不认可，请部门负责人出面", {"head": OFFICE_HEAD["HY"]}))
            self.plan_open(c)
        # Reopened: the customer called again after closing; one is back at the front desk,
        # one has been dispatched again.
        for again in (False, True):
            c = self.new_case("HY", self.office_time(16 if again else 14), "室内设施维修")
            self.full_flow(c)
            reopen_at = self.office_time(1) if again else self.ago(minutes=50)
            c.steps.append(StepInput(Action.REOPEN, desk("HY"), reopen_at, "客户反映问题再次出现，重新处理"))
            if again:
                self.dispatch(c, reopen_at + timedelta(hours=1), 48)
            self.plan_open(c)

    def collective_situation(self) -> None:
        """Three households of one building, same category, within two days (篇5 §2(6))."""
        subjects = (("5栋电梯经常停运", "5栋的电梯这个月已经停了好几次，每次都要等很久才修好。"),
                    ("5栋电梯又坏了，老人上下楼困难", "电梯停运，家里老人住十一楼，只能爬楼梯。"),
                    ("要求彻底维修5栋电梯", "电梯反复故障，要求物业联系维保公司彻底检修并公布结果。"))
        units = ("5栋1单元802", "5栋2单元1103", "5栋1单元1501")
        for i, ((subject, content), unit) in enumerate(zip(subjects, units)):
            received = (self.ago(hours=44), self.ago(hours=26), self.ago(hours=3))[i]
            c = self.new_case("HY", received, "公共设施故障")
            c.unit, c.subject, c.content, c.department = unit, subject, content, "工程部"
            c.front_desk_at = c.received_at + timedelta(minutes=8)
            self.dispatch(c, c.front_desk_at + timedelta(hours=1), until=self.now + timedelta(days=2))
            self.plan_open(c)

    def live_emergency(self) -> None:
        """An elevator entrapment two minutes ago in the first project (the one the desk opens on, so
        the banner shows at once): the department is notified, the rest of the ladder counts down."""
        received = self.ago(minutes=2)
        c = _Case("HY", received, "周先生", "8栋2单元电梯", "13827764410", "8栋2单元电梯困人",
                  "8栋2单元电梯停在十二楼与十三楼之间，轿厢内有两人被困，通过电梯对讲机报警。", "电梯困人", "工程部",
                  Kind.MAJOR, Channel.PHONE, "孙伟", received)
        c.steps.append(StepInput(Action.LADDER_NOTIFY_DEPT, "孙伟", self.ago(minutes=1),
                                 "已通知工程部和电梯维保单位赶赴现场"))
        self.plan_open(c)


def ensure_demo_data(services: "Services") -> None:
    """Fill an empty demo database with a company, two projects and their complaints, then every
    other area's demo part (each a no-op once its data exists)."""
    from wuye_desktop.services.demo_repairs import ensure_repairs_demo
    from wuye_desktop.services.demo_revisits import ensure_revisits_demo, ensure_work_order_revisits_demo
    from wuye_desktop.services.demo_archives import ensure_archives_demo  # issue 3

    _ensure_complaints_demo(services)
    ensure_revisits_demo(services)
    ensure_repairs_demo(services)
    ensure_work_order_revisits_demo(services)  # the plant's work orders in the revisit list (issue 5)
    ensure_archives_demo(services)


def _ensure_complaints_demo(services: "Services") -> None:
    with services.uow() as uow:
        if uow.session.scalar(select(ComplaintRow.id).limit(1)) is not None:
            return
        builder = _DemoBuilder(services, uow.session)
        builder.company()
        builder.collective_situation()
        builder.live_emergency()
        builder.open_cases()
        builder.closed_history()
        builder.record_all()
        uow.commit()
    services.revisits.sync_from_complaints()
