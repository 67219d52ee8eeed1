"""Process 7: the annual review of enforcement files (执法案卷评查), 曲靖 (七), 西双版纳 (九)."""

from domain import enforcement_review as er
from domain.definitions.common import CLOCK_ACTIONS
from domain.enforcement_review_deadlines import ENFORCEMENT_REVIEW_RULES
from domain.process import Party, ProcessDefinition, Step

REVIEWER = Party("office", "组织评查的上级部门")
REVIEWED_BUREAU = Party("handler", "被评查的应急管理部门")

ENFORCEMENT_REVIEW_STATUS_LABELS = {
    "sampling": "抽取案卷",
    "reviewing": "评查中",
    "rectifying": "整改中",
    "done": "评查完成",
}

ENFORCEMENT_REVIEW = ProcessDefinition(
    code=er.PROCESS,
    name="执法案卷评查",
    workflow="EnforcementReviewWorkflow",
    docs="enforcement-review.md",
    steps=(
        Step("file_review", "评查执法案卷", REVIEWER, er.FileChecklistForm, "enforcement_review.file_review"),
        Step(
            "rectification",
            "整改评查发现的问题",
            REVIEWED_BUREAU,
            er.RectificationReportForm,
            "enforcement_review.rectification",
        ),
    ),
    actions=(*CLOCK_ACTIONS,),
    clocks=ENFORCEMENT_REVIEW_RULES,
    statuses=ENFORCEMENT_REVIEW_STATUS_LABELS,
)
