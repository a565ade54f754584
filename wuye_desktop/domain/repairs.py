"""The maintenance supervisor's vocabulary (篇1) and the work order's life cycle as one table.

A repair request (报修/请修, 篇3 §3.10) and the work order that fixes it (维修派工单) are one record:
the request is its received part, the dispatch, materials, labour, charge, sign-off and revisit
follow as steps. Equipment, defects, accidents, plans, stock and outsourced works have their
own, simpler vocabularies here too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from wuye_desktop.domain.errors import TransitionError

# --- repair requests and work orders -------------------------------------------------------------


class Source(StrEnum):
    """Where the request came from (篇3 §4.5 「接听客户工程报修电话」, 篇5 §2(5))."""

    PHONE = "电话报修"
    VISIT = "来访报修"
    COMPLAINT = "投诉转入"
    INTERNAL = "内部报修"   # found by staff: inspection, defect, plan task — no customer to revisit


CUSTOMER_SOURCES: frozenset[Source] = frozenset({Source.PHONE, Source.VISIT, Source.COMPLAINT})

# 篇5 §2(5): the complaint categories that are really repair jobs and convert with one click.
CONVERTIBLE_COMPLAINT_CATEGORIES: tuple[str, ...] = ("室内设施维修", "公共设施故障")

REPAIR_CATEGORIES: tuple[str, ...] = (
    "水电维修", "门窗五金", "土建墙面", "给排水管道", "电梯", "消防设施", "空调暖通", "弱电门禁", "公共照明", "其他",
)

# The complaint category an urgent repair is registered under so the emergency banner shows it
# (篇2 §6 「紧急抢险抢修」).
URGENT_COMPLAINT_CATEGORY = "紧急抢险抢修"
MAJOR_EQUIPMENT_CATEGORY = "主要设备故障"


class Urgency(StrEnum):
    NORMAL = "一般"
    URGENT = "紧急抢险抢修"


class Charge(StrEnum):
    FREE = "免费"
    CHARGED = "收费"


class OrderState(StrEnum):
    RECEIVED = "待派工"
    DISPATCHED = "已派工"
    IN_PROGRESS = "维修中"
    AWAITING_REVISIT = "待回访"
    DONE = "已结单"
    CANCELLED = "已取消"


OPEN_ORDER_STATES: frozenset[OrderState] = frozenset(
    {OrderState.RECEIVED, OrderState.DISPATCHED, OrderState.IN_PROGRESS, OrderState.AWAITING_REVISIT})


class OrderAction(StrEnum):
    RECEIVE = "受理报修"
    DISPATCH = "派工"
    REDISPATCH = "转派"
    START = "到场开工"
    MATERIAL = "领料"
    MATERIAL_RETURN = "退料"
    COMPLETE = "完工签认"
    REVISIT = "回访"
    REWORK = "返修"
    CANCEL = "取消"
    NOTE = "跟进记录"


# The one table of allowed steps: (state, action) -> next state. Completing an internal order
# (no customer) moves straight to 已结单; the service picks that target (see ``complete_target``).
ORDER_TRANSITIONS: dict[tuple[OrderState, OrderAction], OrderState] = {
    (OrderState.RECEIVED, OrderAction.DISPATCH): OrderState.DISPATCHED,
    (OrderState.RECEIVED, OrderAction.CANCEL): OrderState.CANCELLED,
    (OrderState.DISPATCHED, OrderAction.REDISPATCH): OrderState.DISPATCHED,
    (OrderState.DISPATCHED, OrderAction.START): OrderState.IN_PROGRESS,
    (OrderState.DISPATCHED, OrderAction.COMPLETE): OrderState.AWAITING_REVISIT,
    (OrderState.DISPATCHED, OrderAction.CANCEL): OrderState.CANCELLED,
    (OrderState.IN_PROGRESS, OrderAction.REDISPATCH): OrderState.DISPATCHED,
    (OrderState.IN_PROGRESS, OrderAction.COMPLETE): OrderState.AWAITING_REVISIT,
    (OrderState.AWAITING_REVISIT, OrderAction.REVISIT): OrderState.DONE,
    (OrderState.AWAITING_REVISIT, OrderAction.REWORK): OrderState.DISPATCHED,
    (OrderState.DONE, OrderAction.REWORK): OrderState.DISPATCHED,
}

# Steps allowed without a state change.
_ORDER_ANYTIME: dict[OrderAction, frozenset[OrderState]] = {
    OrderAction.NOTE: OPEN_ORDER_STATES,
    OrderAction.MATERIAL: frozenset({OrderState.DISPATCHED, OrderState.IN_PROGRESS}),
    OrderAction.MATERIAL_RETURN: frozenset({OrderState.DISPATCHED, OrderState.IN_PROGRESS,
                                            OrderState.AWAITING_REVISIT}),
}


def next_order_state(state: OrderState, action: OrderAction) -> OrderState:
    if (state, action) in ORDER_TRANSITIONS:
        return ORDER_TRANSITIONS[(state, action)]
    if state in _ORDER_ANYTIME.get(action, frozenset()):
        return state
    raise TransitionError(f"工单当前状态「{state.value}」下不能执行「{action.value}」")


def complete_target(source: Source) -> OrderState:
    """Customer jobs wait for the revisit (篇2 §5); internal jobs are closed at sign-off."""
    return OrderState.AWAITING_REVISIT if source in CUSTOMER_SOURCES else OrderState.DONE


def allowed_order_actions(state: OrderState) -> list[OrderAction]:
    moves = [a for (s, a) in ORDER_TRANSITIONS if s is state]
    moves += [a for a, states in _ORDER_ANYTIME.items() if state in states and a not in moves]
    return moves


@dataclass(frozen=True)
class OrderEvent:
    action: OrderAction
    at: datetime
    by: str
    note: str = ""
    data: dict[str, str] | None = None

    def get(self, key: str, default: str = "") -> str:
        return (self.data or {}).get(key, default)


# --- equipment ----------------------------------------------------------------------------------------

# 篇1 §1–6: the plant the supervisor keeps; the office may type another system.
SYSTEMS: tuple[str, ...] = ("供配电", "给排水", "电梯", "消防", "空调", "弱电", "燃气", "照明", "其他")


class DeviceState(StrEnum):
    INTACT = "完好"
    DEGRADED = "带病运行"
    STOPPED = "停用"
    SCRAPPED = "报废"


# 设备完好率 counts devices in service: running ones, whether intact or degraded. 停用 (taken
# out of service) and 报废 are not in service (issue 4: 「完好率 = 完好 ÷ 在用设备」; see figures).
IN_SERVICE_STATES: frozenset[DeviceState] = frozenset({DeviceState.INTACT, DeviceState.DEGRADED})

DOCUMENT_KINDS: tuple[str, ...] = ("图纸", "说明书", "合格证", "检测报告", "照片", "其他")


class Severity(StrEnum):
    """How bad a defect is; 重大 ones are reported to superiors at once (篇1 §5)."""

    MINOR = "一般"
    SERIOUS = "严重"
    MAJOR = "重大"


# --- plans ----------------------------------------------------------------------------------------------


class PlanKind(StrEnum):
    MAINTENANCE = "保养"
    INSPECTION = "巡检"
    OVERHAUL = "检修"


class Period(StrEnum):
    DAILY = "每天"
    WEEKLY = "每周"
    MONTHLY = "每月"
    QUARTERLY = "每季度"
    YEARLY = "每年"
    EVERY_N_DAYS = "每N天"


class TaskState(StrEnum):
    PENDING = "待完成"
    OVERDUE = "已逾期"
    DONE = "按时完成"
    DONE_LATE = "超时完成"


class Decision(StrEnum):
    PENDING = "待决定"
    APPROVED = "批准实施"
    REJECTED = "不批准"
    DEFERRED = "暂缓"


# --- stock, tools, outsourced works ----------------------------------------------------------------------


class ItemKind(StrEnum):
    TOOL = "工具"
    INSTRUMENT = "仪器仪表"
    SPARE = "备品备件"
    DRAWING = "图纸资料"


LENDABLE_KINDS: frozenset[ItemKind] = frozenset({ItemKind.TOOL, ItemKind.INSTRUMENT, ItemKind.DRAWING})

STOCK_REASONS: tuple[str, ...] = ("采购入库", "领用", "退料", "盘点调整", "报损")


class CheckResult(StrEnum):
    """The electrical-part quality check of an outsourced job (篇1 §3)."""

    PASSED = "合格"
    FAILED = "不合格，限期整改"
    RECTIFIED = "整改后合格"


class WorkState(StrEnum):
    ONGOING = "施工中"
    FINISHED = "已完工"
    ACCEPTED = "已验收"


# The electrical checklist a check starts from (篇1 §3 「外包工程电气部分的施工管理和质量检查」);
# the supervisor may add or drop items per job.
DEFAULT_ELECTRICAL_CHECKS: tuple[str, ...] = (
    "线缆规格与图纸一致",
    "穿管、桥架敷设规范",
    "接地与等电位联结可靠",
    "漏电保护器动作试验合格",
    "配电箱（柜）接线牢固、标识清楚",
    "绝缘电阻测试合格",
    "无乱拉乱接线路",
)


def money_text(fen: int) -> str:
    """12050 → 「120.50」 (yuan, two decimals)."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan}.{cents:02d}"


# --- what a list of work orders is asked for ------------------------------------------------------------


@dataclass(frozen=True)
class WorkOrderFilter:
    project_id: int | None = None          # None = the whole company
    states: tuple[str, ...] = ()
    open_only: bool = False
    overdue_only: bool = False
    urgent_only: bool = False
    technician: str = ""
    category: str = ""
    source: str = ""
    device_id: int | None = None
    unit: str = ""                          # exact unit: a client's 请修记录 (篇3 §3.10)
    received_from: date | None = None
    received_to: date | None = None         # inclusive
    search: str = ""                        # number, client, unit, phone, subject, pinyin initials
    sort_key: str = "received_at"
    descending: bool = True

    def with_(self, **changes: object) -> "WorkOrderFilter":
        return replace(self, **changes)  # type: ignore[arg-type]


ORDER_SORT_KEYS: tuple[str, ...] = (
    "number", "received_at", "client", "unit", "phone", "subject", "category", "urgency", "state",
    "technician", "next_due_at", "completed_at", "source",
)
