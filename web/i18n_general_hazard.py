"""English for the 一般事故隐患 closed loop and the monthly self-declarations (U10)."""

from __future__ import annotations

EN_GENERAL_HAZARD = {
    # process, steps, statuses
    "一般事故隐患闭环管理": "General hazard closed loop",
    "隐患整改并报告整改情况": "Rectify and report rectification",
    "报告隐患整改情况": "Report hazard rectification",
    "复查整改情况": "Re-check rectification",
    "验收销号": "Accept and close out",
    "逾期未整改跟进处理": "Follow up overdue rectification",
    "待验收销号": "Awaiting acceptance",
    "逾期未整改，待跟进处理": "Overdue, awaiting follow-up",
    "已验收销号": "Closed out",
    "逾期未整改，已依法另行处理": "Overdue, handled in another case",
    "监督检查发现": "Found by inspection",
    "企业自查自报": "Reported by the enterprise",
    # forms
    "隐患来源": "Found by",
    "来源案件": "Source case",
    "整改完成日期": "Rectified on",
    "采取的整改措施": "Measures taken",
    "复查日期": "Re-checked on",
    "复查结论": "Re-check result",
    "复查意见": "Re-check opinion",
    "整改到位": "Rectified",
    "整改不到位，退回整改": "Not rectified, return to rectification",
    "重新整改期限（退回整改时，可不填：按默认期限）": "New deadline (when returned; blank: default period)",
    "验收日期": "Accepted on",
    "验收结论": "Acceptance",
    "验收意见": "Acceptance opinion",
    "验收合格，予以销号": "Accepted, close out",
    "验收不合格，退回整改": "Not accepted, return to rectification",
    "处理方式": "Follow-up",
    "重新确定的整改期限": "New deadline",
    "处理意见": "Opinion",
    "责令限期消除，重新确定整改期限": "Order removal within a new period",
    "依法立案处罚或责令停产停业整顿（另案办理）": "Penalty or suspension (in another case)",
    # pages
    "一般隐患": "General hazards",
    "一般事故隐患": "General hazards",
    "登记一般事故隐患": "Record a general hazard",
    "企业自查申报": "Self-declarations",
    "月度自查申报": "Monthly self-declaration",
    "申报月份": "Month",
    "申报截止": "Due",
    "已过截止日": "Past due",
    "未申报企业": "Missing declarations",
    "已申报企业": "Declared",
    "申报时间": "Filed at",
    "申报隐患": "Hazards declared",
    "更正次数": "Corrections",
    "提交申报": "File declaration",
    "本月自查未发现事故隐患": "No hazards found this month",
    "整改情况": "Rectification state",
    "已整改": "Rectified",
    "更正申报（原申报保留）": "Correction (the first declaration is kept)",
    "说明": "Note",
    "申报记录": "Declarations",
    "申报内容": "Content",
    "登记的隐患案件": "Hazard cases opened",
    "已申报": "Filed",
    "逾期后补报": "Filed late",
    "逾期未申报": "Overdue",
    "待申报": "Not yet due",
    "查询条件": "Filters",
    "一般隐患由县级政府及相关县直部门挂牌督办（西双版纳（十二））；": (
        "General hazards are supervised by the county (Xishuangbanna (12)); "
    ),
    "隐患排查、整改、复查、验收、销号闭环管理（曲靖（九））。": (
        "found, rectified, re-checked, accepted and closed out in one loop (Qujing (9))."
    ),
    "监督检查发现或企业报告的一般事故隐患：企业限期整改并报告整改情况，监管部门复查、验收后销号。": (
        "A general hazard found by inspection or reported by the enterprise: the enterprise rectifies within "
        "the period and reports; the bureau re-checks, accepts and closes it out."
    ),
    "整改期限不填的，按本地配置的默认期限。": "Blank deadline: the configured default period.",
    "企业自查自报自改（国办发〔2015〕20号（八））：每月申报自查发现的隐患及整改情况；": (
        "Self-inspection, self-report, self-rectification (State Council 2015 No. 20 (8)): declare each "
        "month the hazards found and their state; "
    ),
    "未发现隐患的，须明确声明。每项隐患登记后由监管部门复查、验收销号。": (
        "if none were found, say so explicitly. The bureau re-checks and closes out each hazard."
    ),
}
