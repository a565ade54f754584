"""The demo office's revisits area: tasks for its completed complaints (due, done, late), this year's
programme with visits and a forum with minutes, a questionnaire with answers, opinions to handle,
suggestions in every state and two peer visits. Dated relative to the services' clock; recorded
through the real services; runs once (a setting marks it done)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.revisit_programme import PlanDraft, PlanKind, VisitDraft
from wuye_desktop.domain.revisit_survey import QuestionDraft, QuestionnaireDraft, ResponseDraft
from wuye_desktop.domain.revisit_voice import (
    DecisionInput,
    HandleInput,
    OpinionDraft,
    PeerVisitDraft,
    ReportInput,
    SuggestionDraft,
)
from wuye_desktop.domain.revisits import FollowUp, RevisitInput, TaskFilter

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

DONE_KEY = "demo_revisits_done"
SAYINGS = ("住户表示问题已解决，感谢物业及时处理", "住户对处理结果满意，希望以后保持", "住户认可维修质量，提醒注意噪音",
           "住户表示基本满意，希望响应再快一些")


def ensure_revisits_demo(services: "Services") -> None:
    """Fill the demo office's revisits area once (after the complaints demo exists)."""
    if services.settings.get(DONE_KEY) == "1":
        return
    revisits = services.revisits
    revisits.sync_from_complaints()
    projects = services.settings.projects()
    if not projects:
        return
    now = services.clock().replace(second=0, microsecond=0)
    rng = random.Random(20260924)
    builder = _Builder(services, projects[0].id, now, rng)
    builder.revisits()
    builder.programme()
    builder.questionnaire()
    builder.opinions()
    builder.suggestions()
    builder.peers()
    services.settings.put(DONE_KEY, "1")


def ensure_work_order_revisits_demo(services: "Services") -> None:
    """The demo plant's work orders are recorded without the revisits area listening (one transaction,
    demo_repairs.py): their tasks come from the sync — done for the revisited jobs, one still due and
    one overdue (the two 待回访 orders). Idempotent."""
    services.revisits.sync_from_work_orders()


class _Builder:
    def __init__(self, services: "Services", project_id: int, now: datetime, rng: random.Random) -> None:
        self.s = services
        self.r = services.revisits
        self.project = project_id
        self.now = now
        self.rng = rng
        staff = [v.name for v in services.settings.staff(project_id)]
        self.desk = staff[0] if staff else "客服前台"
        self.head = next((n for n in staff if n == "林志远"), staff[-1] if staff else "管理处主任")
        self.clerks = [n for n in staff[:3]] or ["物管员"]
        self.year_start = datetime(now.year, 1, 1, 9, 0)

    def within_year(self, fraction: float, hour: int = 10) -> datetime:
        """A moment between New Year and now (``fraction`` 0…1), in office hours."""
        span = max((self.now - self.year_start).total_seconds(), 3600)
        moment = self.year_start + timedelta(seconds=span * fraction)
        return min(datetime.combine(moment.date(), time(hour, 0)), self.now - timedelta(minutes=5))

    # --- revisit tasks: some done on time, some late, one unsatisfied; others left due -------------------
    def revisits(self) -> None:
        tasks = [t for t in self.r.page(TaskFilter(status="未回访（含逾期）"), 0, 500).rows
                 if t.complaint_state == "已回复客户"]
        tasks.sort(key=lambda t: t.due_at)
        for i, task in enumerate(tasks[: max(len(tasks) - 4, 0)]):
            late = task.due_at < self.now and i % 4 == 1
            # In office hours: the morning after the completion, or (late) the morning after the due day.
            day = (task.due_at if late else task.completed_at).date() + timedelta(days=1)
            at = datetime.combine(day, time(9 + i % 8, 10 * (i % 6)))
            if not late and at > task.due_at:
                at = max(task.completed_at + timedelta(minutes=30), task.due_at - timedelta(hours=1))
            at = min(at, self.now - timedelta(minutes=10))
            if at > self.now:
                continue
            unsatisfied = i % 7 == 3
            data = RevisitInput(
                by=task.assignee if task.assignee != "客户中心前台" else self.desk, at=at,
                method=("电话", "电话", "上门", "电话")[i % 4],
                satisfaction="不满意" if unsatisfied else ("满意", "满意", "基本满意")[i % 3],
                content="住户表示问题反复出现，仍不满意" if unsatisfied else SAYINGS[i % len(SAYINGS)],
                opinion="希望加强日常巡查" if i % 5 == 0 else "",
                question="小区何时更换老旧路灯？" if i % 6 == 2 else "",
                promised_at=at + timedelta(days=3) if i % 6 == 2 else None,
                follow_up=FollowUp.NONE.value)
            try:
                self.r.record(task.id, data)
            except DomainError:
                continue

    # --- the programme ---------------------------------------------------------------------------------
    def programme(self) -> None:
        p = self.r.programme
        year = self.now.year
        households = ("1栋101 王桂兰", "2栋502 陈国平", "3栋1203 李晓燕", "5栋801 张建华", "6栋302 赵敏",
                      "8栋1601 刘志强")
        director = p.save_plan(self.project, PlanDraft(PlanKind.DIRECTOR.value, year, f"{year}年主任登门回访",
                                                       self.head, "\n".join(households), 2))
        area_a = p.save_plan(self.project, PlanDraft(PlanKind.AREA.value, year, f"{self.clerks[0]}区域回访",
                                                     self.clerks[0], "1–3栋\n4–6栋"))
        area_b = p.save_plan(self.project, PlanDraft(PlanKind.AREA.value, year, f"{self.clerks[-1]}区域回访",
                                                     self.clerks[-1], "7–9栋\n10栋及商铺"))
        forum = p.save_plan(self.project, PlanDraft(PlanKind.FORUM.value, year, f"{year}年住户座谈会", self.head))
        events = p.save_plan(self.project, PlanDraft(PlanKind.EVENT.value, year, f"{year}年节日社区活动", self.desk,
                                                     times_per_year=4))
        for plan in (area_a, area_b):
            for target in plan.targets:
                for q_end in (date(year, 3, 31), date(year, 6, 30), date(year, 9, 30), date(year, 12, 31)):
                    day = datetime.combine(q_end - timedelta(days=self.rng.randint(12, 40)), time(10, 0))
                    skipped = (plan is area_b and q_end.month == 6 and target.startswith("10")) or (
                        plan is area_a and q_end.month == 9 and target.startswith("4"))  # due, and missed
                    if day < self.now and not skipped:
                        self._visit(VisitDraft(PlanKind.AREA.value, day, plan.owner, target,
                                               content="走访楼栋，检查公共设施，听取住户意见", plan_id=plan.id))
        for i, household in enumerate(households[:4]):
            self._visit(VisitDraft(PlanKind.DIRECTOR.value, self.within_year(0.15 + 0.08 * i), self.head, household,
                                   content="主任登门拜访，了解住户对物业服务的评价", satisfaction="满意",
                                   opinions="希望增加电动车充电桩" if i == 1 else "", plan_id=director.id))
        self._visit(VisitDraft(
            PlanKind.FORUM.value, self.within_year(0.4, 15), self.head, f"{year}年上半年住户座谈会", "会所二楼多功能厅",
            "业主代表14人，管理处主任、客服主管、工程主管", "一、通报上半年管理服务情况；二、听取业主对停车、绿化、"
            "安保的意见；三、答复业主提问。与会业主对保洁工作评价较好，对停车管理意见较多。", "基本满意",
            "地面停车位不足，晚间乱停车\n希望增加儿童游乐设施\n电梯广告音量过大", forum.id))
        for i, name in enumerate(("元宵猜灯谜", "端午包粽子")):
            self._visit(VisitDraft(PlanKind.EVENT.value, self.within_year(0.1 + 0.35 * i, 19), self.desk, name,
                                   "小区中心广场", "住户约80人", "活动中设意见征集台，收集住户意见",
                                   opinions="希望多组织老年人活动" if i == 0 else "", plan_id=events.id))

    def _visit(self, draft: VisitDraft) -> None:
        if draft.held_at is None or draft.held_at >= self.now or draft.held_at.year != self.now.year:
            return
        self.r.programme.record_visit(self.project, draft)

    # --- a questionnaire with answers ---------------------------------------------------------------------
    def questionnaire(self) -> None:
        surveys = self.r.surveys
        issued = self.within_year(0.5).date()
        q = surveys.save(self.project, QuestionnaireDraft(
            f"{self.now.year}年物业服务满意度专题调查", "为了解您对物业服务的意见和建议，请抽空填写本问卷，谢谢！", (
                QuestionDraft("单选", "您对小区保洁服务是否满意？", ("满意", "基本满意", "不满意")),
                QuestionDraft("多选", "您认为最需要改进的方面是？", ("保洁", "绿化", "安保", "停车", "维修")),
                QuestionDraft("评分", "请为客服前台的服务态度打分", scale=5),
                QuestionDraft("文字", "您对管理处还有什么意见和建议？"),
            ), issued))
        keys = [x.key for x in q.questions]
        texts = ("垃圾分类点气味大，希望每天冲洗", "", "晚上门岗查车不严", "", "", "希望公布物业费收支情况")
        for i in range(12):
            returned = min(issued + timedelta(days=3 + i % 5), self.now.date())
            answers: dict[str, object] = {
                keys[0]: ("满意", "满意", "基本满意", "不满意")[i % 4],
                keys[1]: [("保洁", "停车"), ("停车",), ("安保", "停车", "绿化"), ("维修",)][i % 4],
                keys[2]: (5, 4, 4, 3, 5)[i % 5],
            }
            if texts[i % len(texts)] and i < 6:
                answers[keys[3]] = texts[i % len(texts)]
            surveys.add_response(q.id, ResponseDraft(returned, f"住户{i + 1:02d}", f"{i % 9 + 1}栋{(i % 6 + 1) * 100 + 1}",
                                                     answers), self.desk)

    # --- opinions: some handled, one major reported --------------------------------------------------------
    def opinions(self) -> None:
        o = self.r.opinions
        heard = self.now - timedelta(days=6)
        major = o.add(self.project, OpinionDraft("其他", heard, "地下车库B区渗水，墙面发霉", "投诉", "周先生",
                                                 "8栋1201", True, heard + timedelta(days=3), "业主微信群"))
        o.report(major.id, ReportInput(self.head, heard + timedelta(hours=2), "请工程部查明原因，三天内答复业主"))
        minor = o.add(self.project, OpinionDraft("节日社区活动", heard, "建议在中心广场增加座椅", "建议", "",
                                                 "", False, None, "中秋游园会"))
        o.handle(minor.id, HandleInput(self.desk, heard + timedelta(days=2), "已报主任同意，下月采购安装"))

    # --- suggestions in every state -------------------------------------------------------------------------
    def suggestions(self) -> None:
        sug = self.r.suggestions
        base = self.now - timedelta(days=40)

        def add(days: int, who: str, unit: str, text: str) -> int:
            return sug.add(self.project, SuggestionDraft(base + timedelta(days=days), who, unit, text, self.desk)).id

        recorded = add(38, "孙丽", "4栋302", "建议在单元门口加装雨棚")
        del recorded
        reported = add(30, "钱伟", "6栋1101", "建议开放会所健身房晚间时段")
        sug.report(reported, self.head, base + timedelta(days=30, hours=3))
        rejected = add(5, "郭涛", "2栋701", "建议取消访客登记")
        sug.report(rejected, self.head, base + timedelta(days=5, hours=2))
        sug.decide(rejected, DecisionInput(self.head, base + timedelta(days=6), "不采纳",
                                           "访客登记是治安管理要求，已向住户解释"))
        late = add(2, "冯敏", "3栋1502", "建议东门增设智能快递柜")
        sug.report(late, self.head, base + timedelta(days=2, hours=1))
        sug.decide(late, DecisionInput(self.head, base + timedelta(days=3), "采纳", plan="东门增设智能快递柜两组",
                                       owner="王建国", due_on=(base + timedelta(days=25)).date()))
        done = add(1, "朱红", "5栋601", "建议儿童游乐区铺设安全地垫")
        sug.report(done, self.head, base + timedelta(days=1, hours=1))
        sug.decide(done, DecisionInput(self.head, base + timedelta(days=2), "采纳", plan="游乐区铺设橡胶安全地垫",
                                       owner="郑海", due_on=(base + timedelta(days=20)).date()))
        sug.complete(done, base + timedelta(days=15), "已铺设完毕并验收")
        posted = add(0, "马强", "1栋903", "建议夜间增加一次巡逻")
        sug.report(posted, self.head, base + timedelta(hours=3))
        sug.decide(posted, DecisionInput(self.head, base + timedelta(days=1), "部分采纳", plan="23:00–1:00增加一次巡逻",
                                         owner="孙伟", due_on=(base + timedelta(days=7)).date()))
        sug.complete(posted, base + timedelta(days=6), "已调整排班")
        waiting = add(20, "韩梅", "7栋402", "建议更换小区路灯为节能灯")
        sug.report(waiting, self.head, base + timedelta(days=20, hours=2))
        sug.decide(waiting, DecisionInput(self.head, base + timedelta(days=21), "采纳", plan="分批更换为LED路灯",
                                          owner="王建国", due_on=(base + timedelta(days=35)).date()))
        sug.complete(waiting, base + timedelta(days=33), "已更换中心路段路灯32盏")  # done, not yet posted
        folder = self.s.paths.root / "print"
        sug.publish([posted, done], (base + timedelta(days=16)).date(), folder / "demo-notice.pdf")

    def peers(self) -> None:
        for days, company, people, count in ((50, "华城物业服务有限公司", "刘经理等", 6), (12, "万家物业管理处", "陈主任等", 4)):
            self.r.peers.save(self.project, PeerVisitDraft(
                (self.now - timedelta(days=days)).date(), company, people, count, self.head,
                "介绍住户回访制度、座谈会和意见处理做法，参观服务中心和小区环境"))

