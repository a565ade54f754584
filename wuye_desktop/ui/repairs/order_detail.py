"""A work order's facts, deadlines, materials and history as the HTML of the detail pane."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from wuye_desktop.domain.deadlines import Status, format_remaining
from wuye_desktop.services.repairs_views import WorkOrderDetail
from wuye_desktop.ui.common.view_table import dt

_STATUS_COLOUR = {Status.OVERDUE: "#c62828", Status.DONE_LATE: "#c62828", Status.MET: "#2e7d32",
                  Status.PENDING: "#1f2328", Status.WAITING: "#757575"}


def _row(label: str, value: str) -> str:
    return f"<tr><td style='color:#57606a;padding-right:10px'>{escape(label)}</td><td>{escape(value)}</td></tr>"


def detail_html(d: WorkOrderDetail, now: datetime, show_phone: Callable[[str], str] = str) -> str:
    """``show_phone``: UiContext.show_phone — the phone whole or masked by the role (issue 7)."""
    r = d.row
    urgent = "　<span style='color:#c62828'>紧急抢险抢修</span>" if r.urgent else ""
    parts = [f"<h3 style='margin:2px 0'>{escape(r.number)}　{escape(r.state)}{urgent}</h3>", "<table>"]
    parts.append(_row("报修", f"{dt(r.received_at)}　{r.source}　受理人 {d.received_by}"))
    parts.append(_row("报修人", f"{r.client or '（内部报修）'}　{show_phone(r.phone)}"))
    parts.append(_row("房号/地点", " ".join(x for x in (r.unit, r.location) if x)))
    parts.append(_row("内容", f"{r.category}：{r.subject}"))
    if d.description:
        parts.append(_row("描述", d.description))
    if d.device:
        parts.append(_row("设备", f"{d.device.label}（{d.device.location}，{d.device.state}）"))
    if d.complaint_number:
        parts.append(_row("来自投诉", d.complaint_number))
    if d.alert_complaint_number:
        parts.append(_row("突发事件", f"已登记为重大事件 {d.alert_complaint_number}（见突发事件提示栏）"))
    if r.technician:
        parts.append(_row("维修人员", " ".join(x for x in (r.technician, r.team) if x)))
    if r.appointment_at:
        parts.append(_row("预约上门", dt(r.appointment_at)))
    if r.promised_at:
        parts.append(_row("限期完工", dt(r.promised_at)))
    if r.completed_at:
        parts.append(_row("完工", f"{dt(r.completed_at)}　工时 {r.labour_text}　{r.charge_text}"))
        parts.append(_row("维修结果", d.result))
        parts.append(_row("签认", f"{d.signed_by}　{d.sign_note}".strip()))
    if r.revisit_due and not r.revisited_at:
        parts.append(_row("回访期限", dt(r.revisit_due)))
    if r.revisited_at:
        parts.append(_row("回访", f"{dt(r.revisited_at)}　{r.revisit_result}"))
    parts.append("</table>")
    if d.calendar_warning:
        parts.append(f"<p style='color:#8a4b00'>{escape(d.calendar_warning)}</p>")

    parts.append("<h4 style='margin:8px 0 2px'>期限</h4><table>")
    for dl in d.deadlines:
        colour = _STATUS_COLOUR.get(dl.status, "#1f2328")
        when = ""
        if dl.status is Status.PENDING and dl.due_at:
            when = f"期限 {dt(dl.due_at)}（{format_remaining(dl.due_at - now)}）"
        elif dl.status is Status.OVERDUE and dl.due_at:
            when = f"期限 {dt(dl.due_at)}（{format_remaining(dl.due_at - now)}）"
        elif dl.done_at:
            when = f"期限 {dt(dl.due_at)}，完成 {dt(dl.done_at)}"
        parts.append(f"<tr><td style='padding-right:10px'>{escape(dl.label)}</td>"
                     f"<td style='color:{colour};padding-right:10px'>{escape(dl.status.value)}</td>"
                     f"<td>{escape(when)}</td><td style='color:#57606a'>{escape(dl.source)}</td></tr>")
    parts.append("</table>")

    if d.materials:
        parts.append("<h4 style='margin:8px 0 2px'>领用材料</h4><table>")
        for m in d.materials:
            sign = "领用" if m.quantity > 0 else "退回"
            warn = "　<span style='color:#c62828'>（确认负库存）</span>" if m.negative_confirmed else ""
            parts.append(f"<tr><td>{escape(dt(m.at))}</td><td>{sign}</td><td>{escape(m.item_code)} "
                         f"{escape(m.item_name)}</td><td>{abs(m.quantity)}{escape(m.unit)}{warn}</td>"
                         f"<td>{escape(m.by)}</td></tr>")
        parts.append("</table>")

    parts.append("<h4 style='margin:8px 0 2px'>处理记录</h4><table>")
    for e in d.events:
        parts.append(f"<tr><td style='padding-right:8px'>{escape(dt(e.at))}</td><td style='padding-right:8px'>"
                     f"{escape(e.action.value)}</td><td style='padding-right:8px'>{escape(e.by)}</td>"
                     f"<td>{escape(e.note)}</td></tr>")
    parts.append("</table>")
    return "".join(parts)
