"""Process 7: the on-site inspection (现场监督检查, 安全生产法 art 65 and 68), its plan, record and
the case each finding starts."""

from domain import inspection as ins
from domain.definitions.common import CLOCK_ACTIONS
from domain.inspection_deadlines import INSPECTION_RULES
from domain.process import Party, ProcessDefinition, Step

INSPECTORS = Party("handler", "实施检查的部门（执法人员不少于两人）")
HEAD = Party("head", "实施检查的部门负责人")

INSPECTION = ProcessDefinition(
    code="inspection",
    name="现场监督检查",
    workflow="InspectionWorkflow",
    docs="inspection.md",
    steps=(
        Step("plan", "编制现场检查方案", INSPECTORS, ins.PlanForm, "inspection.plan"),
        Step("plan_approval", "审批现场检查方案", HEAD, ins.PlanApprovalForm, "inspection.plan_approval"),
        Step("record", "现场检查记录", INSPECTORS, ins.RecordForm, "inspection.record"),
        # One task per finding: the case it starts (or its correction on the spot, art 65(2)).
        Step("follow_up", "落实检查发现问题的处理", INSPECTORS, ins.FollowUpForm, "inspection.follow_up"),
    ),
    actions=(*CLOCK_ACTIONS,),
    clocks=INSPECTION_RULES,
    statuses=ins.INSPECTION_STATUS_LABELS,
)
