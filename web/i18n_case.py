"""English strings of the case pages, the labels they show and the UX review's additions (D21).

Patterned remainders (剩余3个工作日, 已逾期2日) are translated by `translate_pattern`."""

from __future__ import annotations

import re

EN_CASE = {
    # navigation and chrome
    "责令整改": "Rectification orders",
    "移送涉嫌犯罪": "Crime transfer",
    "失信名单": "Blacklist",
    "失信名单查询": "Blacklist search",
    "跳到正文": "Skip to content",
    "登录": "Sign in",
    # roles
    "承办人": "Case handler",
    "机关负责人": "Head of agency",
    "安委办督办员": "Safety committee officer",
    "公安联络员": "Police liaison",
    "检察联络员": "Procuratorate liaison",
    "系统管理员": "Administrator",
    "企业用户": "Enterprise user",
    "档案管理员": "Archivist",
    # attachment categories, punctuation
    "证据材料": "Evidence",
    "现场照片": "Site photos",
    "方案": "Plan",
    "报告": "Report",
    "其他": "Other",
    "，": ", ",
    # case page
    "各环节提交内容": "What each step submitted",
    "审批意见": "Opinions",
    "退回意见": "Returned with opinion",
    "上一环节提交的内容": "Submitted at the previous step",
    "下面已填入上次提交的内容，请按意见修改后重新提交。": (
        "The form holds what was submitted last time; revise it as the opinion asks and submit again."
    ),
    "预览": "Preview",
    "办理": "Handle",
    "待我办理": "For me to handle",
    "待审批的申请": "Request to decide",
    "认领任务": "Claim task",
    "取消认领": "Release task",
    "认领人": "Claimed by",
    "认领后由本人办理，其他同事不再在待办中看到此任务": "Once claimed, the task is yours alone",
    "必填": "required",
    "请选择": "Please choose",
    "临时": "Provisional",
    "该年度节假日安排尚未公布，按周末推算": "The year's holidays are not yet published; weekends only",
    "今日到期": "Due today",
    "不足1小时": "Less than an hour",
    "逾期": "Overdue",
    "在办": "Open",
    "案件查询条件": "Case filters",
    "排序": "Sort",
    "关键字": "Keyword",
    "企业": "Enterprise",
    "隐患名称": "Hazard",
    "隐患等级": "Hazard grade",
    "隐患描述": "Description",
    "事故概况": "Summary",
    "发现日期": "Found on",
    "挂牌单位": "Listing office",
    "属地监管部门": "Supervising department",
    "挂牌督办通知书": "Supervision notice",
    "整改期限": "Rectification deadline",
    "事故发生时间": "Occurred at",
    "事故地点": "Place",
    "事故等级": "Accident grade",
    "死亡人数": "Deaths",
    "重伤人数": "Serious injuries",
    "调查层级": "Investigating level",
    # statuses (the hazard's, the accident's and the common ones)
    "待挂牌": "Awaiting listing",
    "不予挂牌": "Not listed",
    "已挂牌": "Listed",
    "制定治理方案": "Planning",
    "整改中": "Rectifying",
    "待验收": "Awaiting acceptance",
    "待销号": "Awaiting delisting",
    "已摘牌销号": "Delisted",
    "已报告": "Reported",
    "调查中": "Investigating",
    "上级审核": "Upper review",
    "待批复": "Awaiting reply",
    "待公布": "Awaiting publication",
    "整改评估期": "Evaluation",
    "已结案评估": "Closed",
    "启动中": "Starting",
    # overdue page
    "逾期不足1个工作日": "Less than 1 working day late",
    "逾期1至5个工作日": "1–5 working days late",
    "逾期6至10个工作日": "6–10 working days late",
    "逾期11至20个工作日": "11–20 working days late",
    "逾期21个工作日以上": "21 or more working days late",
    "承办部门": "Department",
    "接收机关": "Receiving agency",
    # public report form
    "所在地区": "Area",
    "举报内容（违法行为）": "What you report (the violation)",
    "发生地点": "Where",
    "涉及单位名称（如知道）": "Entity involved (if known)",
    "发现或发生日期": "Date found or occurred",
    "举报人姓名（可不填）": "Your name (optional)",
    "联系电话（可不填）": "Phone (optional)",
}

_UNITS = {"个工作日": " working day(s)", "日": " day(s)", "小时": " hour(s)"}
_LEFT = re.compile(r"^(剩余|已逾期)(\d+)(个工作日|日|小时)$")


def translate_pattern(text: str) -> str | None:
    """剩余3个工作日 → 3 working day(s) left; 已逾期2日 → 2 day(s) overdue."""
    match = _LEFT.match(text)
    if match is None:
        return None
    amount, unit = match[2], _UNITS[match[3]]
    return f"{amount}{unit} left" if match[1] == "剩余" else f"{amount}{unit} overdue"
