"""Process 7: the closed loop of a 一般事故隐患 (排查→整改→复查→验收→销号), U10."""

from domain import general_hazard as gh
from domain.definitions.common import CLOCK_ACTIONS
from domain.general_hazard_deadlines import GENERAL_HAZARD_RULES
from domain.process import Party, ProcessDefinition, Step

# 西双版纳 (十二): 一般隐患由县级政府及相关县直部门挂牌督办 — the county's bureau where the enterprise is.
BUREAU = Party("handler", "企业所在地县级应急管理部门")

GENERAL_HAZARD = ProcessDefinition(
    code=gh.PROCESS,
    name="一般事故隐患闭环管理",
    workflow="GeneralHazardWorkflow",
    docs="general-hazard.md",
    steps=(
        Step(
            "rectification",
            "隐患整改并报告整改情况",
            BUREAU,
            gh.RectificationReportForm,
            "general_hazard.rectification",
            enterprise_label="报告隐患整改情况",
        ),
        Step("recheck", "复查整改情况", BUREAU, gh.RecheckForm, "general_hazard.recheck"),
        Step("acceptance", "验收销号", BUREAU, gh.AcceptanceForm, "general_hazard.acceptance"),
        Step("follow_up", "逾期未整改跟进处理", BUREAU, gh.FollowUpForm, "general_hazard.follow_up"),
    ),
    actions=CLOCK_ACTIONS,
    clocks=GENERAL_HAZARD_RULES,
    statuses=gh.STATUS_LABELS,
)
