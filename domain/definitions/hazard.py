"""Process 1: listed supervision of a major hazard (重大事故隐患挂牌督办), domain notes §1."""

from domain import hazard as h
from domain.deadline_rules import DEFAULT_RULES
from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Action, Party, ProcessDefinition, Start, Step

LISTING_OFFICE = Party("office", "挂牌单位（相应级别安委办）")
BUREAU = Party("handler", "企业所在地应急管理部门")

HAZARD = ProcessDefinition(
    code="hazard",
    name="重大事故隐患挂牌督办",
    workflow="HazardSupervisionWorkflow",
    docs="hazard-supervision.md",
    steps=(
        Step(
            "listing_decision",
            "挂牌督办决定",
            LISTING_OFFICE,
            h.ListingDecisionForm,
            "hazard.listing_decision",
            Start.REPORTED,
        ),
        Step("publish_listing", "挂牌公告并报上级备案", LISTING_OFFICE, h.PublicationForm, "hazard.publish_listing"),
        Step(
            "rectification_plan",
            "报送隐患治理方案",
            BUREAU,
            h.RectificationPlanForm,
            "hazard.rectification_plan",
            enterprise_label="报送隐患治理方案",
        ),
        Step("plan_review", "审查治理方案", LISTING_OFFICE, h.PlanReviewForm, "hazard.plan_review"),
        Step(
            "rectification",
            "隐患整改并报告完成",
            BUREAU,
            h.CompletionReportForm,
            "hazard.rectification",
            Start.DUE_DAY,
            enterprise_label="报告整改完成",
        ),
        Step(
            "progress_report",
            "报送整改进展",
            BUREAU,
            h.ProgressReportForm,
            "hazard.progress_report",
            enterprise_label="报送整改进展",
        ),
        Step(
            "extension_decision", "延期申请审批", LISTING_OFFICE, h.ExtensionDecisionForm, "hazard.extension_decision"
        ),
        Step("acceptance", "现场验收", LISTING_OFFICE, h.AcceptanceForm, "hazard.acceptance"),
        Step(
            "delisting_publication", "摘牌销号并公告", LISTING_OFFICE, h.PublicationForm, "hazard.delisting_publication"
        ),
    ),
    actions=(
        Action(
            "request_extension",
            "申请延期",
            h.ExtensionRequestForm,
            frozenset({"handler"}),
            enterprise_label="申请延期整改",
        ),
        Action("order_suspension", "责令停产停业整顿", h.SuspensionOrderForm, frozenset({"handler", "office"})),
        Action("report_refusal", "拒不执行", h.SuspensionRefusedForm, frozenset({"handler", "office"})),
        *CLOCK_ACTIONS,
    ),
    clocks=tuple(rule for code, rule in DEFAULT_RULES.items() if code.startswith("hazard.")),
    statuses=h.STATUS_LABELS,
)
