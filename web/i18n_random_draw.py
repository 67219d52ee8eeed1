"""English of the double-random draw's pages (双随机抽查), its roster and its matters."""

from __future__ import annotations

EN_RANDOM_DRAW = {
    "重新抽取的理由": "Reason for drawing again",
    "不关联": "Not linked",
    "双随机抽查": "Double-random inspection",
    "公开随机抽查结果": "Publish the draw's results",
    "待公开抽查结果": "Results to publish",
    "已公开抽查结果": "Results published",
    "不可选派": "Not eligible",
    "可选派": "Eligible",
    "人（持有效执法证）": "officers (valid certificate)",
    "企业名录": "Enterprise pool",
    "企业编号": "Enterprise id",
    "依据北碚府办发〔2016〕65号第十五条公布随机抽查事项清单；依据国办发〔2015〕20号第十五条，抽查结果自作出抽查决定之日起20个工作日内公开。": (  # noqa: E501
        "The lists of inspection matters are published under Beibei 〔2016〕65 (XV); the results of a draw within "
        "20 working days of the decision under State Council General Office 〔2015〕20 (XV)."
    ),
    "全部行业": "All sectors",
    "公布": "Publish",
    "双随机抽查事项清单及结果公开": "Random inspection matters and results",
    "双随机抽查事项清单及结果": "Random inspection matters and results",
    "各部门随机抽查事项清单，以及已公开的抽查结果": "Each bureau's inspection matters and the published draw results",
    "发证机关": "Issuing authority",
    "只有在岗且执法证在有效期内的执法人员参加随机选派（行政处罚法第四十二条）；登记回避事由的人员不选派到该企业（第四十三条）。": (  # noqa: E501
        "Only officers in post with a valid enforcement certificate are drawn (Administrative Penalty Law art 42); "
        "an officer with a declared conflict is never sent to that enterprise (art 43)."
    ),
    "名录库为空": "The roster is empty",
    "名录明细（编号）": "Pools (ids)",
    "回避事由": "Conflict of interest",
    "回避登记": "Declared conflicts",
    "姓名": "Name",
    "家": "enterprises",
    "导入": "Import",
    "导入名录（CSV 或 Excel）": "Import the roster (CSV or Excel)",
    "执法人员": "Officer",
    "执法人员名录": "Officer pool",
    "执法人员名录库": "Inspector roster",
    "执法证号": "Certificate no.",
    "抽取企业数": "Enterprises to draw",
    "抽取企业数与抽取比例填写一项；都不填时按事项清单规定的家数或比例。每组不少于2名持有效执法证的执法人员（行政处罚法第四十二条），与企业有利害关系的执法人员回避（第四十三条）。": (  # noqa: E501
        "Give a number or a share (or neither: the matter's own). Each team has at least two officers with a valid "
        "certificate (art 42); officers with a conflict withdraw (art 43)."
    ),
    "抽取家数 / 每组人数": "Drawn / team size",
    "抽取家数": "Drawn",
    "抽取日期": "Drawn on",
    "抽取比例（%）": "Share to draw (%)",
    "抽取记录（可复核）": "Draw record (reproducible)",
    "抽查主体": "Bureau",
    "抽查事项": "Inspection matter",
    "抽查依据": "Legal basis",
    "抽查内容": "Inspection content",
    "抽查家数": "Enterprises per draw",
    "抽查比例或家数": "Share or number",
    "抽查比例（%）": "Share (%)",
    "抽查结果": "Draw result",
    "按 SHA-256(种子|enterprise|企业编号) 排序抽取企业，再按已分配组数和 SHA-256(种子|inspector|企业编号|人员编号) 为每家企业选派执法人员": (  # noqa: E501
        "Enterprises ordered by SHA-256(seed|enterprise|id); for each, officers ordered by teams already given and "
        "SHA-256(seed|inspector|enterprise|officer)"
    ),
    "按时间线上记录的种子和名录重新抽取，并与记录的结果比对；同时校验案件哈希链。": (
        "Re-runs the draw from the seed and pools on the timeline, compares it with the recorded result and checks "
        "the case's hash chain."
    ),
    "新增抽查事项": "Add a matter",
    "新建抽查": "New draw",
    "明确抽查依据、抽查主体、抽查内容、抽查方式，并及时向社会公布（北碚府办发〔2016〕65号第十五条）。登记后即在公开查询中公布。": (  # noqa: E501
        "Basis, bureau, content and method of each matter, published at once (Beibei 〔2016〕65 (XV))."
    ),
    "暂无公开的抽查结果": "No published results",
    "暂无抽查事项": "No matters",
    "暂无抽查记录": "No draws",
    "有效期": "Valid",
    "有效期至": "Valid until",
    "有效期起": "Valid from",
    "检查组": "Team",
    "每组执法人员数": "Team size",
    "登记回避": "Declare conflict",
    "登记执法人员": "Add an officer",
    "登记日期": "Declared on",
    "第1行为表头：姓名、执法证号、发证机关、有效期起、有效期至、在岗（是/否）、系统账号。任何一行有错误时不导入任何数据。": (  # noqa: E501
        "Row 1 is the header: 姓名, 执法证号, 发证机关, 有效期起, 有效期至, 在岗 (是/否), 系统账号. If any row is wrong, "  # noqa: E501
        "nothing is imported."
    ),
    "算法": "Algorithm",
    "系统账号": "User account",
    "编号": "Id",
    "被抽取企业": "Drawn enterprise",
    "被抽取企业及检查人员": "Drawn enterprises and officers",
    "适用行业": "Sectors",
    "适用行业（逗号分隔，空为全部）": "Sectors (comma-separated, empty for all)",
    "重新验证": "Verify again",
    "随机抽取": "Draw",
    "随机抽取检查对象、随机选派执法检查人员（北碚府办发〔2016〕65号第十五条）；抽查结果自抽取之日起20个工作日内向社会公开（国办发〔2015〕20号第十五条）。": (  # noqa: E501
        "Enterprises and officers drawn at random (Beibei 〔2016〕65 (XV)); results published within 20 working days "
        "(〔2015〕20 (XV))."
    ),
    "随机抽查事项清单": "Inspection matters",
    "随机种子": "Seed",
}
