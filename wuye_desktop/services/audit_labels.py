"""Chinese names of the tables and columns the audit trail shows (no English on a clerk's screen).

A test (tests/integration/test_audit_trail.py) checks that every table and column of the schema has
a name here, so a new column cannot reach the audit viewer unnamed.
"""

from __future__ import annotations

TABLES: dict[str, str] = {
    "accident": "事故", "app_user": "用户", "archive_access_log": "档案查阅记录", "archive_attachment": "档案附件",
    "archive_client": "客户档案", "archive_employee": "客户单位员工", "archive_entry": "档案条目",
    "archive_occupancy": "入住记录", "archive_unit": "房屋单元", "attachment": "投诉附件", "audit_log": "审计日志",
    "calendar_entry": "节假日与调休", "calendar_year": "已确认的年度日历", "calibration": "检定记录",
    "complaint": "投诉", "complaint_event": "投诉处理过程", "complaint_link": "投诉与档案关联",
    "defect": "设备缺陷", "department": "部门", "device": "设备", "device_document": "设备资料",
    "device_state_log": "设备状态记录", "form_record": "登记表", "form_record_key": "登记表检索项",
    "maintenance_plan": "检修保养计划", "number_sequence": "编号序列", "outsourced_work": "外包工程",
    "plan_device": "计划所含设备", "plan_task": "计划任务", "project": "管理处", "quality_check": "质量检查",
    "recycle_bin": "回收站", "revisit_opinion": "客户意见", "revisit_peer_visit": "同行走访",
    "revisit_plan": "走访计划", "revisit_question": "问卷题目", "revisit_questionnaire": "问卷",
    "revisit_response": "问卷答卷", "revisit_suggestion": "合理化建议", "revisit_task": "回访任务",
    "revisit_visit": "走访记录", "safety_record": "安全记录", "setting": "系统设置", "staff": "员工",
    "stock_item": "工具与备件", "stock_movement": "出入库记录", "tool_loan": "工具借用",
    "upgrade_proposal": "技术改造建议", "work_order": "维修工单", "work_order_event": "工单处理过程",
    "work_order_material": "工单用料", "alembic_version": "数据库版本",
}

COLUMNS: dict[str, str] = {
    "action": "操作", "active": "启用", "actor": "操作人", "added_at": "添加时间", "added_by": "添加人",
    "address": "地址", "alert_complaint_id": "关联警报投诉", "amount": "数量", "answers": "答案",
    "appointment_at": "预约时间", "assignee": "负责人", "at": "时间", "attendees": "参加人员", "balance": "结存",
    "borrower": "借用人", "building": "楼栋", "by": "经办人", "calibrated_on": "检定日期",
    "calibration_due": "检定到期", "category": "类别", "cause": "原因", "channel": "投诉方式", "charge": "收费",
    "charge_fen": "收费（分）", "checked_at": "检查时间", "checked_by": "检查人", "client": "客户",
    "client_id": "客户", "client_initials": "客户拼音首字母", "client_text": "客户", "closed_at": "结案时间",
    "code": "代码", "company": "公司", "complainant": "投诉人", "complainant_initials": "投诉人拼音首字母",
    "complaint_id": "投诉", "work_order_id": "维修单", "completed_at": "完成时间", "confirmation": "确认", "confirmed_at": "确认时间",
    "contact": "联系人", "content": "内容", "contractor": "承包单位", "cost_fen": "费用（分）",
    "created_at": "建立时间", "created_by": "建立人", "cycle": "周期", "data": "数据", "day": "日期",
    "decided_at": "决定时间", "decided_by": "决定人", "decided_on": "决定日期", "decision": "决定",
    "decision_note": "决定说明", "defect_id": "缺陷", "deleted_at": "删除时间", "deleted_by": "删除人",
    "department": "部门", "department_id": "部门", "deposit": "押金", "description": "描述", "detail": "详情",
    "device_id": "设备", "dispatched_at": "派单时间", "done_at": "完成时间", "done_by": "完成人",
    "done_note": "完成说明", "due_at": "期限", "due_back": "应还时间", "due_date": "到期日", "due_on": "到期日",
    "email": "电子邮箱", "emergency_active": "突发事件进行中", "end_date": "结束日期", "entered_by": "录入人",
    "entrance": "单元", "entry_id": "档案条目", "every_n": "间隔", "expires_on": "有效期至",
    "failed_logins": "连续登录失败次数", "field": "字段", "first_responder": "首问人", "floor": "楼层",
    "floor_area": "建筑面积", "follow_up": "后续处理", "follow_up_complaint_id": "后续投诉",
    "form_number": "表格编号", "found_at": "发现时间", "found_by": "发现人", "generated_through": "任务生成至",
    "group_id": "所属集体投诉", "handled_at": "处理时间", "handler": "处理人", "has_late": "有超时",
    "head": "负责人", "headcount": "人数", "heard_at": "听取时间", "held_at": "举行时间",
    "households": "服务户数", "id": "编号", "id_no": "证件号码", "id_type": "证件类型", "industry": "行业",
    "initials": "拼音首字母", "install_date": "安装日期", "instruction": "要求", "intro": "说明",
    "issued_on": "签发日期", "item_id": "物品", "items": "项目", "key": "项目", "kind": "性质", "label": "名称",
    "labour_minutes": "工时（分钟）", "last": "当前序号", "last_login_at": "上次登录时间",
    "late_steps": "超时环节", "leave_kind": "离开方式", "left_on": "离开日期", "legal_rep": "法定代表人",
    "lent_at": "借出时间", "lent_by": "借出经办人", "linked_at": "关联时间", "linked_by": "关联人",
    "location": "位置", "locked_until": "锁定至", "losses": "损失", "made_safe": "已排除危险",
    "major": "重大", "maker": "生产厂家", "matched_by": "匹配方式", "measure": "措施", "measures": "措施",
    "method": "方式", "model": "规格型号", "move_in": "入住日期", "move_out": "迁出日期",
    "must_change_password": "下次登录须改密码", "name": "名称", "nature": "性质",
    "negative_confirmed": "已确认负库存", "new": "新值", "next_due": "下次日期", "next_due_at": "下一期限",
    "next_due_step": "下一环节", "note": "说明", "notes": "备注", "number": "编号", "occurred_at": "发生时间",
    "occurred_on": "发生日期", "old": "原值", "open_steps": "未完成环节", "options": "选项",
    "order_id": "工单", "origin": "来源电脑", "original_name": "原文件名", "owner": "业主",
    "password_hash": "密码", "paused": "暂停", "paused_at": "暂停时间", "period": "期间", "phone": "联系电话",
    "phone_digits": "电话数字", "photo_name": "照片文件名", "photo_stored": "照片存储名", "place": "地点",
    "plan": "计划", "plan_id": "计划", "position": "职务", "post": "岗位", "praised": "已表扬",
    "project_id": "管理处", "promised_at": "承诺时间", "proposed_at": "提出时间", "proposed_by": "提出人",
    "proposed_on": "提出日期", "proposer": "建议人", "published_on": "公示日期", "purpose": "用途",
    "quantity": "数量", "questionnaire_id": "问卷", "reason": "原因", "received_at": "受理时间",
    "received_by": "受理人", "record_id": "记录", "recorded_at": "录入时间", "recorded_by": "录入人",
    "rectification": "整改", "rectify_due": "整改期限", "reference": "参考编号", "registered_on": "登记日期",
    "remarks": "备注", "removal_note": "消除说明", "removed_at": "消除时间", "removed_by": "消除人",
    "reorder_level": "补货线", "reported_at": "报告时间", "reported_to": "报告对象", "resident": "住户",
    "respondent": "答卷人", "response_id": "答卷", "responsible": "责任人", "restored_at": "恢复时间",
    "restored_by": "恢复人", "result": "结果", "returned_at": "归还时间", "returned_on": "归还日期",
    "returned_to": "归还给", "revisit_due": "回访期限", "revisit_result": "回访结果", "revisited_at": "回访时间",
    "role": "角色", "room": "房号", "satisfaction": "满意度", "scale": "规模", "scheduled": "计划时间",
    "scope": "范围", "search_text": "检索文字", "severity": "严重程度", "sign_note": "签认说明",
    "signed_by": "签认人", "source": "来源", "source_ref": "来源编号", "spec": "规格", "start_date": "开始日期",
    "started_at": "开始时间", "started_on": "开始日期", "state": "状态", "stopped_by": "叫停人",
    "stored_name": "存储文件名", "subject": "主题", "summary": "摘要", "supervisor": "监督人",
    "system": "所属系统", "table_name": "数据表", "target": "对象", "targets": "对象", "task_id": "任务",
    "team": "班组", "technician": "维修人员", "text": "文字", "times_per_year": "每年次数", "title": "标题",
    "txn": "保存批次", "unit": "房号", "unit_id": "房屋单元", "unit_key": "房号检索键", "unit_text": "房号",
    "updated_at": "修改时间", "updated_by": "修改人", "urgency": "紧急程度", "value": "值",
    "verified_at": "核实时间", "verified_by": "核实人", "verify_note": "核实说明", "version": "版本",
    "visit_id": "走访", "visited_on": "走访日期", "visitor": "走访人", "visitors": "走访人员", "what": "内容",
    "who": "人员", "whole": "完整", "window_days": "窗口天数", "work_id": "外包工程", "workday": "上班日",
    "year": "年份", "version_num": "版本号",
}


def table_label(name: str) -> str:
    return TABLES.get(name, "其他数据")


def column_label(name: str) -> str:
    return COLUMNS.get(name, "其他字段") if name else ""
