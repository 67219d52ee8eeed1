"""English strings of the enforcement review (执法案卷评查) and the report rewards (举报奖励), issue 21."""

from __future__ import annotations

EN_REVIEW = {
    # process, steps, statuses
    "执法案卷评查": "Enforcement file review",
    "评查执法案卷": "Review enforcement file",
    "整改评查发现的问题": "Rectify review findings",
    "评查中": "Reviewing",
    "整改中": "Rectifying",
    "评查完成": "Review done",
    "作出举报奖励决定": "Decide report reward",
    "兑付举报奖励": "Pay report reward",
    "待作出举报奖励决定": "Reward decision pending",
    "待兑付举报奖励": "Reward payment pending",
    "已答复，正在审查举报奖励": "Answered; reward under review",
    "已决定奖励，待领取": "Reward decided, awaiting claim",
    # checklist
    "执法主体和依据合法": "Lawful authority and basis",
    "执法程序合法（决定由有权人员作出）": "Lawful procedure (decisions by the competent role)",
    "执法文书制作和送达规范": "Documents drawn up and served properly",
    "办案期限遵守": "Deadlines met",
    "评查意见": "Review opinion",
    "整改措施及落实情况": "Rectification measures taken",
    # pages
    "年度": " (year)",
    "年份": "Year",
    "评查年度": "Review year",
    "组织年度评查": "Open the year's review",
    "从下级应急管理部门该年度已办结的执法案卷中按比例随机抽取（每个部门不低于": (
        "A random share of the year's closed enforcement files of the bureaus below is drawn (at least "
    ),
    "，曲靖市实施意见（七）），抽样种子和案卷范围记入时间线，可复核。": (
        " per bureau, Qujing opinion (7)); the seed and the pool are recorded on the timeline and can be checked."
    ),
    "抽样种子": "Sampling seed",
    "抽样种子（可不填）": "Sampling seed (optional)",
    "抽取案卷并开始评查": "Draw the sample and start",
    "抽取案卷": "Files sampled",
    "已评查": "Reviewed",
    "平均得分": "Average score",
    "不合格案卷": "Failed files",
    "不符合项": "Failed items",
    "公开裁定比例": "Public-ruling share",
    "被评查部门": "Bureau reviewed",
    "组织评查部门": "Reviewing office",
    "案卷总数": "files in pool",
    "抽取的案卷": "Sampled files",
    "系统预填（据期限台账、文书送达、决定人员）": "Pre-filled by the system (deadline ledger, service, deciding role)",
    "符合": "Pass",
    "不符合": "Fail",
    "待评查人员判断": "Reviewer to judge",
    "得分": "Score",
    "暂无数据": "No data",
    "本年度暂无可查看的执法案卷评查": "No enforcement review of this year to show",
    "举报奖励": "Report reward",
    "奖励已兑付": "Reward paid",
    "给予奖励": "Grant a reward",
    "不予奖励": "No reward",
    "奖励决定": "Reward decision",
    "奖励类别": "Reward category",
    "奖励金额（元）": "Amount (CNY)",
    "理由（将告知举报人，勿写举报人信息）": "Reason (told to the reporter; no personal data)",
    "兑付日期": "Paid on",
    "兑付方式": "Payment method",
    "举报重大事故隐患": "Report of a major hazard",
    "举报安全生产非法违法行为": "Report of a violation",
    "举报瞒报、谎报生产安全事故": "Report of a concealed accident",
    "季度报告": "Quarterly report",
    "季度": "Quarter",
    "生成上季度报送任务": "Open the task for the last quarter",
    "季度安全生产情况报送": "Quarterly report to the organisation department",
    "报送季度安全生产工作情况": "Send the quarter's report",
    "待报送": "Due",
    "已报送": "Sent",
    "举报处理情况公开": "How reports were handled",
    "各承办部门举报核查、整改和奖励兑付情况（本溪市实施意见（十））": (
        "Verification, rectification and rewards paid, per handling bureau (Benxi opinion (10))"
    ),
    "按承办部门公布举报的核查处理、整改和奖励兑付情况（本溪市实施意见（十））；不含举报内容和举报人信息。": (
        "Per handling bureau: verification, rectification and rewards paid (Benxi opinion (10)); "
        "no report's content and no reporter."
    ),
    "收到举报": "Reports received",
    "举报属实或部分属实": "Substantiated (fully or partly)",
    "移交整改": "Handed over for rectification",
    "兑付奖励": "Rewards paid",
    "第": "Q",
    "项目": "Item",
    "数量": "Count",
    "新立案件": "Cases opened",
    "每季度向同级党委组织部门报送一次安全生产工作情况（本溪市实施意见（二）；国办发〔2015〕20号（四））。报送期限：": (
        "Reported to the Party organisation department of the same level every quarter (Benxi opinion (2); "
        "State Council 2015 No. 20 (4)). Due: "
    ),
}
