"""English for the register pages: enterprises (检查对象名录库) and entrusted enforcement (委托执法)."""

EN_REGISTERS = {
    "企业名录": "Enterprise register",
    "委托执法": "Entrusted enforcement",
    "检查对象名录库：风险分级确定监管重点、监管周期和监管方式，是编制执法计划和“双随机”抽查的依据；已注销的企业不再抽取、不列入计划。": (  # noqa: E501
        "The register of inspection objects: the risk grade sets the focus, cycle and manner of supervision and "
        "is the basis of the enforcement plan and random inspections; deregistered enterprises are neither drawn "
        "nor planned."
    ),
    "名称或信用代码": "Name or credit code",
    "行业领域": "Sector",
    "风险等级": "Risk grade",
    "重点监管对象": "Key supervision",
    "经营状态": "Status",
    "未分级": "Not graded",
    "重大": "Major",
    "较大": "High",
    "一般": "Moderate",
    "低": "Low",
    "在营": "Operating",
    "停产": "Suspended",
    "注销": "Deregistered",
    "是": "Yes",
    "否": "No",
    "重点": "Key",
    "批量导入（CSV 或 Excel .xlsx，首行为表头）": "Import (CSV or Excel .xlsx, first row is the header)",
    "导入": "Import",
    "表头": "Header",
    "已登记的统一社会信用代码将更新该企业；任一行有误则整份文件不导入。": (
        "A credit code already registered updates that enterprise; if any row is wrong, nothing is imported."
    ),
    "位置": "Where",
    "问题": "Problem",
    "修改企业信息": "Edit enterprise",
    "保存": "Save",
    "重点监管对象变更记录": "Key-supervision history",
    "变更": "Change",
    "操作人": "By",
    "日期": "Date",
    "列为重点监管对象": "Selected for key supervision",
    "移出重点监管对象": "Removed from key supervision",
    "列为重点监管对象（跟踪监管、直接指导）": "Select for key supervision (follow-up and direct guidance)",
    "列为重点监管对象的理由": "Reason for key supervision",
    "如：涉及重点监管危险化工工艺；近5年发生过事故": "e.g. hazardous chemical process under key supervision; accident in the last 5 years",  # noqa: E501
    "被委托方以委托方名义在委托范围和期限内执法，文书落款为委托机关；行政许可、行政强制等法定不得委托的事项不得委托（行政强制法第十七条；北碚府办发〔2016〕65号（十六））。": (  # noqa: E501
        "The entrusted unit enforces in the entruster's name, within the entrusted scope and period, and its "
        "documents are issued under the entruster's name; licensing and coercive measures may not be entrusted "
        "(Administrative Coercion Law art. 17; Beibei (16))."
    ),
    "委托书文号": "Entrustment document no.",
    "委托机关": "Entruster",
    "受委托单位": "Entrusted unit",
    "委托事项": "Entrusted matters",
    "委托期限": "Period",
    "有效": "In force",
    "登记委托": "Register an entrustment",
    "受委托单位（本系统内的单位）": "Entrusted unit (in this system)",
    "不在本系统内（填写名称）": "Not in this system (enter its name)",
    "受委托单位名称": "Entrusted unit's name",
    "如：嘎洒镇人民政府": "e.g. Gasa Town People's Government",
    "法定不得委托": "may not be entrusted by law",
    "委托起始日期": "Valid from",
    "委托终止日期": "Valid to",
    "备注": "Note",
    "监督检查": "Inspection",
    "责令限期整改": "Rectification order",
    "行政处罚": "Administrative penalty",
    "行政许可": "Licensing",
    "行政强制措施": "Coercive measure",
    "行政强制执行": "Coercive enforcement",
    "以委托方名义执法": "Act in the entruster's name",
    "登记后本案件的执法文书以委托机关名义出具，并注明受委托执法单位；须在出具第一份文书之前登记。": (
        "Once recorded, this case's documents are issued in the entruster's name with the entrusted unit noted; "
        "record it before the first document."
    ),
    "本案件已登记委托": "This case is handled under entrustment",
    "委托": "Entrustment",
    "您的单位没有可用的委托": "Your unit has no entrustment in force",
}
