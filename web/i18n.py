"""Interface strings: Simplified Chinese by default, English on request (cookie `lang`)."""

from __future__ import annotations

from web.i18n_bulletin import EN_BULLETIN
from web.i18n_case import EN_CASE, translate_pattern
from web.i18n_general_hazard import EN_GENERAL_HAZARD
from web.i18n_interview import EN_INTERVIEW
from web.i18n_plan import EN_PLAN
from web.i18n_process import EN_PROCESS
from web.i18n_random_draw import EN_RANDOM_DRAW
from web.i18n_registers import EN_REGISTERS
from web.i18n_review import EN_REVIEW

LANGUAGES = ("zh", "en")

EN = {
    "安全生产监管执法案件协同系统": "Work-Safety Supervision Case System",
    "待办": "Inbox",
    "案卷": "Archive",
    "执法案卷": "Case dossiers (archive)",
    "案件办结后自动组卷：封面及卷内目录、执法文书、时间线及哈希链、期限台账、附件和流程执行历史；每次调阅均登记。": (
        "A closed case's dossier is assembled automatically: cover and contents, documents, timeline with its "
        "hash chain, deadline ledger, attachments and workflow history; every read is recorded."
    ),
    "归档时间": "Archived at",
    "保管期限": "Retention",
    "永久": "Permanent",
    "下载案卷": "Download dossier",
    "年": "years",
    "至": "until",
    "大小": "Size",
    "操作": "Actions",
    "已办": "Done",
    "案件": "Cases",
    "督办": "Overdue supervision",
    "期限计算器": "Deadline calculator",
    "立案": "Start a case",
    "检查执法": "Inspection",
    "督办工具": "Supervision instruments",
    "工具": "Tools",
    "公开": "Public",
    "上报隐患": "Report hazard",
    "事故报告": "Report accident",
    "现场检查": "On-site inspection",
    "检查方式": "Inspection mode",
    "被检查单位": "Enterprise inspected",
    "检查人员（执法人员不少于两人）": "Inspectors (at least two officers)",
    "参加部门（联合执法，每行一个）": "Participating departments (joint inspection, one per line)",
    "检查发现的问题及处理": "Findings and their follow-up",
    "未发现问题": "No problems found",
    "当场纠正": "Corrected on the spot",
    "待处理": "Pending",
    "序号": "No.",
    "类别": "Kind",
    "处理": "Follow-up",
    "节假日安排": "Holiday calendar",
    "公开查询": "Public records",
    "失信名单": "Propose dishonesty listing",
    "失信名单查询": "Dishonesty list",
    "提请列入严重失信主体名单": "Propose listing as seriously dishonest",
    "移送涉嫌犯罪": "Transfer suspected crime",
    "移送涉嫌犯罪案件": "Transfer a suspected crime to the police",
    "执法文书": "Official documents",
    "安全生产严重失信主体名单公开查询": "Public query: seriously dishonest entities (work safety)",
    "退出": "Log out",
    "全部退出": "Log out everywhere",
    "结束本账号在所有设备上的登录": "End this account's sessions on every device",
    "登录": "Log in",
    "用户名": "Username",
    "密码": "Password",
    "首页": "Home",
    "案件编号": "Case no.",
    "案件名称": "Case",
    "环节": "Step",
    "承办单位": "Responsible",
    "签收人": "Claimed by",
    "期限": "Due",
    "剩余时间": "Time left",
    "状态": "Status",
    "办结时间": "Completed",
    "办理结果": "Result",
    "签收": "Claim",
    "退回签收": "Release",
    "提交": "Submit",
    "查询": "Search",
    "全部": "All",
    "办理中": "Open",
    "已办结": "Closed",
    "逾期": "Overdue",
    "未逾期": "Not overdue",
    "行政区划": "Jurisdiction",
    "流程": "Process",
    "排序": "Sort",
    "期限由近到远": "Due soonest",
    "期限由远到近": "Due latest",
    "最近更新": "Recently updated",
    "上一页": "Previous",
    "下一页": "Next",
    "共": "Total",
    "条": "items",
    "办理时间线": "Timeline",
    "办理任务": "Tasks",
    "期限记录": "Deadline ledger",
    "案件信息": "Case details",
    "企业": "Enterprise",
    "暂无待办": "Nothing to do",
    "暂无记录": "No records",
    "在办案件": "Open cases",
    "逾期案件": "Overdue cases",
    "逾期任务": "Overdue tasks",
    "逾期天数": "Working days late",
    "谁在逾期": "Who is late",
    "逾期时长（工作日）": "Ageing (working days)",
    "导出CSV": "Export CSV",
    "导出Excel": "Export XLSX",
    "趋势（近30日）": "Trend (30 days)",
    "起算日期": "Start date",
    "期间": "Amount",
    "单位": "Unit",
    "计算": "Compute",
    "期限规则": "Deadline rule",
    "不按规则（自填期间）": "None (enter the period)",
    "中止计时期间": "Suspensions (from/to, one per line)",
    "批准延长（日）": "Approved extension (days)",
    "最长可延长至": "Can be extended at most to",
    "期满日为节假日的顺延": "rolled past a rest day",
    "期限届满": "Due",
    "临时": "provisional",
    "案件操作": "Case actions",
    "申请延期": "Request extension",
    "责令停产停业整顿": "Order suspension",
    "拒不执行": "Refusal",
    "中止计时": "Suspend clock",
    "恢复计时": "Resume clock",
    "法律依据": "Legal basis",
    "出错了": "Error",
    "期限说明": "How the due date was computed",
    # Official documents: PDF and service (送达)
    "文号": "Document number",
    "签发日期": "Signed on",
    "更正": "Correction",
    "本文书更正": "This document corrects",
    "打印页面": "Print page",
    "下载PDF": "Download PDF",
    "PDF由存档的文书页面生成，存档页面的SHA-256记入案件时间线，作为制发证据。": (
        "The PDF is rendered from the stored page; the stored page's SHA-256 on the case timeline is the evidence."
    ),
    "送达": "Service",
    "送达方式": "Method of service",
    "送达日期": "Served on",
    "视为送达日期": "Deemed served on",
    "公告期满": "announcement period ended",
    "受送达人": "Recipient",
    "送达凭证": "Proof of service",
    "登记人": "Recorded by",
    "登记送达": "Record service",
    "待登记送达": "Service not recorded",
    "尚未登记送达。": "Service not yet recorded.",
    "该文书在办理环节登记送达：": " It is recorded in the step: ",
    "整改、缴纳罚款、申请复议和提起诉讼等期限自送达之日起算；公告送达自公告期满之日起算。": (
        "Periods the law counts from service (rectification, payment, reconsideration and litigation) start on the "
        "day of service, or for service by announcement when the announcement period ends."
    ),
    # Enterprise portal and attachments
    "我的案件": "My cases",
    "统一社会信用代码": "Unified social credit code",
    "待企业提交": "Due from the enterprise",
    "暂无": "None",
    "暂无案件": "No cases",
    "待提交": "To submit",
    "附件": "Attachments",
    "可上传": "Accepted: ",
    "单个文件不超过": "each file at most ",
    "送达的执法文书": "Documents served on us",
    "我提交的附件": "Files we submitted",
    "我的提交记录": "Our submissions",
    "附件类别": "Kind of attachment",
    "文件": "Files",
    "上传附件": "Upload",
    "企业用户": "Enterprise user",
    # Public portal and public reports (安全生产举报)
    "安全生产监管执法信息公开": "Work-safety enforcement: public information",
    "无需登录。公开信息依法脱敏，不含个人信息和内部办理意见。": "No login needed. Published information is redacted: no personal data, no internal notes.",  # noqa: E501
    "安全生产严重失信主体名单": "Seriously dishonest entities (work safety)",
    "列入管理期内的严重失信主体，可按名称或统一社会信用代码查询": "Entities currently listed; search by name or unified social credit code",  # noqa: E501
    "事故调查报告公开": "Accident investigation reports",
    "生产安全事故调查报告公开": "Published accident investigation reports",
    "经批复公布的生产安全事故调查报告，个人信息已脱敏": "Reports published after approval, personal data redacted",
    "重大事故隐患挂牌督办公告": "Major hazards under listed supervision",
    "挂牌督办中与已摘牌销号的重大事故隐患": "Major hazards listed for supervision and delisted",
    "依据国发〔2010〕23号“逐级挂牌督办、公告”公开挂牌督办和摘牌销号的重大事故隐患。": "Published under State Council document 国发〔2010〕23号 (listing and announcement level by level).",  # noqa: E501
    "行政执法信息公示": "Enforcement information",
    "行政处罚决定等执法信息，自公开之日起可查询": "Administrative penalty decisions and other enforcement information, from their publication day",  # noqa: E501
    "安全生产举报": "Report a violation",
    "举报安全生产违法行为，可匿名；凭查询码查询办理进展": "Report a work-safety violation, anonymously if you wish; follow it with your tracking code",  # noqa: E501
    "凭查询码查询举报办理进展": "Follow a report with its tracking code",
    "举报查询": "Track a report",
    "举报已提交": "Report received",
    "提交举报": "Submit report",
    "任何单位和个人都可以举报安全生产违法行为（安全生产法第七十四条）。可以匿名举报；留下联系方式的，举报人信息只有承办部门可见，依法保密。提交后获得查询码，凭码查询办理进展。紧急情况请拨打12350。": "Anyone may report a work-safety violation (Work Safety Law art. 74). You may stay anonymous; contact details you leave are seen only by the handling office and kept confidential. You get a tracking code to follow the report. In an emergency call 12350.",  # noqa: E501
    "您的举报已转": "Your report was sent to ",
    "办理。": " for handling.",
    "查询码（只显示这一次，请抄写或打印本页保存）：": "Tracking code (shown only this once: write it down or print this page):",  # noqa: E501
    "凭查询码在“举报查询”页面查看办理状态和答复。查询码丢失无法找回；本系统不会通过查询码显示举报人信息。": "Use the code on the tracking page to see the status and the reply. A lost code cannot be recovered; the tracking page never shows who reported.",  # noqa: E501
    "查询码": "Tracking code",
    "查询码，如 7K3Q-M9XA-…": "Tracking code, e.g. 7K3Q-M9XA-…",
    "受理编号": "Reference",
    "收到日期": "Received",
    "办理状态": "Status",
    "承办部门": "Handling office",
    "办理期限": "Handling limit",
    "已延期": "extended",
    "答复": "Reply",
    "所在地区": "Area",
    "请选择": "Please choose",
    "共查询到": "Found",
    "分页": "Pages",
    "事故": "Accident",
    "事故等级": "Grade",
    "发生时间": "Occurred",
    "公布日期": "Published",
    "公开日期": "Published",
    "暂无已公布的调查报告": "No published reports",
    "隐患": "Hazard",
    "隐患等级": "Hazard grade",
    "挂牌日期": "Listed",
    "摘牌销号日期": "Delisted",
    "督办单位": "Supervised by",
    "挂牌督办中": "Under supervision",
    "已摘牌销号": "Delisted",
    "暂无公告的重大事故隐患": "No announced major hazards",
    "决定书文号": "Decision no.",
    "当事人": "Party",
    "违法事实": "Facts",
    "处罚依据": "Legal basis",
    "处罚结果": "Penalty",
    "执法机关": "Authority",
    "决定日期": "Decided",
    "暂无公示的执法信息": "No published enforcement information",
    "事故单位或事故名称": "Enterprise or accident",
    "企业名称或隐患名称": "Enterprise or hazard",
    "当事人名称、统一社会信用代码或决定书文号": "Party, credit code or decision number",
    "已收到举报": "Received",
    "已收到举报，待受理": "Received, awaiting acceptance",
    "已受理，正在核查": "Accepted, under verification",
    "核查完毕，正在答复": "Verified, reply in preparation",
    "不予受理": "Not accepted",
    # security: timeline hash chain (admin page)
    "哈希链校验": "Chain check",
    "时间线哈希链校验": "Timeline hash-chain check",
    "已校验": "Checked",
    "件案件": "cases",
    "条事件": "events",
    "份文书": "documents",
    "全部哈希链完整": "Every chain is intact",
    "发现被改动的时间线": "Tampered timelines found",
    "第一处断链（事件序号）": "First broken link (event no.)",
    "问题": "Problem",
    "应为": "Expected",
    "实为": "Found",
    # performance (issue 10): the overdue page lists the longest overdue tasks, the export all
    "仅列出逾期最久的任务": "Only the longest overdue tasks are listed",
    "完整清单请导出": "Export for the full list",
}


# The inbox as a daily tool and its task actions (issue 19).
EN.update(
    {
        "抄送我的": "Copied to me",
        "代理设置": "Stand-ins",
        "批量签收": "Claim selected",
        "导出Excel": "Export to Excel",
        "选择": "Select",
        "全选": "Select all",
        "到期": "Due",
        "已逾期（已督办）": "Overdue (escalated)",
        "排序": "Sort",
        "搜索": "Search",
        "重置": "Reset",
        "每页": "Per page:",
        "每页条数": "Page size",
        "统一社会信用代码": "USCC",
        "任务操作": "Task actions",
        "转办": "Transfer",
        "委派": "Delegate",
        "加签": "Add approver",
        "撤回": "Withdraw",
        "抄送": "Copy to",
        "代理": "Stand-in",
        "抄送人员": "Copy to person",
        "或抄送单位": "or to unit",
        "不选": "None",
        "请选择": "Please choose",
        "抄送人": "From",
        "抄送对象": "To",
        "理由": "Reason",
        "时间": "Time",
        "已阅": "Read",
        "未阅": "Unread",
        "暂无抄送": "Nothing copied to you",
        "请假期间由同事代理": "A colleague stands in while you are away",
        "代理人": "Stand-in",
        "开始日期": "From",
        "结束日期": "To",
        "代理理由": "Reason",
        "设置代理": "Set stand-in",
        "请假人": "Away",
        "期间": "Period",
        "已撤销": "Revoked",
        "已结束": "Ended",
        "未开始": "Not started",
        "生效中": "Active",
        "撤销": "Revoke",
        "暂无代理": "No stand-ins",
    }
)

EN.update(EN_RANDOM_DRAW)
EN.update(EN_GENERAL_HAZARD)


EN.update(EN_BULLETIN)


def translate(text: str, lang: str) -> str:
    if lang != "en":
        return text
    found = EN.get(text) or EN_REGISTERS.get(text) or EN_CASE.get(text) or EN_PROCESS.get(text)
    return found or translate_pattern(text) or text
    return (
        EN.get(text)
        or EN_CASE.get(text)
        or EN_PROCESS.get(text)
        or EN_PLAN.get(text)
        or EN_INTERVIEW.get(text)
        or EN_REVIEW.get(text)
        or translate_pattern(text)
        or text
    )
