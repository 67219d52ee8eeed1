"""The annual enforcement plan (年度监督检查计划, 国办发〔2015〕20号 (十五), 北碚 (十四)).

There is no people's government among the system's organisations: the same-level 安委办, the
government's office for work safety, records the government's review and its 批准文号.
"""

from domain import inspection_plan as ip
from domain.definitions.common import CLOCK_ACTIONS
from domain.inspection_plan_deadlines import INSPECTION_PLAN_RULES
from domain.process import Action, Party, ProcessDefinition, Start, Step

BUREAU = Party("handler", "制订计划的应急管理部门")
GOVERNMENT = Party("office", "同级人民政府（由其安委办登记审查结果）")
SAFETY_OFFICE = Party("office", "同级人民政府安委办")
UPPER = Party("handler", "上一级应急管理部门")

INSPECTION_PLAN = ProcessDefinition(
    code=ip.PROCESS,
    name="年度监督检查计划",
    workflow="InspectionPlanWorkflow",
    docs="inspection-plan.md",
    steps=(
        # 北碚 (十四): approved by the end of January of the plan's year — a dated deadline.
        Step(
            "approval",
            "审查批准年度监督检查计划",
            GOVERNMENT,
            ip.PlanApprovalForm,
            "inspection_plan.approval",
            Start.DUE_DAY,
        ),
        Step("revision", "修改年度监督检查计划", BUREAU, ip.PlanRevisionForm, "inspection_plan.revision"),
        Step("filing_office", "年度计划报安委办备案", SAFETY_OFFICE, ip.PlanFilingForm, "inspection_plan.filing"),
        Step("filing_upper", "年度计划报上级部门备案", UPPER, ip.PlanFilingForm, "inspection_plan.filing"),
        Step(
            "adjustment_approval",
            "审查批准计划调整",
            GOVERNMENT,
            ip.PlanApprovalForm,
            "inspection_plan.adjustment_approval",
        ),
    ),
    actions=(Action("adjust_plan", "调整计划", ip.PlanAdjustmentForm, frozenset({"handler"})), *CLOCK_ACTIONS),
    clocks=INSPECTION_PLAN_RULES,
    statuses=ip.STATUS_LABELS,
)
