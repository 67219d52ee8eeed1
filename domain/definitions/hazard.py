"""Process 1: listed supervision of a major hazard (重大事故隐患挂牌督办), domain notes §1."""

from domain import hazard as h
from domain import hazard_measures as m
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
            # H31: from the notice's service (cases before `hazard-law-2026`: from the task's opening
            # with the decision, the notice going out with it).
            Start.SERVICE,
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
        # Cases under the 2026 rules (patch `hazard-law-2026`, docs/versioning.md).
        Step(
            "listing_publication",
            "挂牌公告",
            LISTING_OFFICE,
            m.ListingPublicationForm,
            "hazard.listing_publication",
            Start.OPENED,
        ),
        Step("upper_filing", "报上一级安委办备案", LISTING_OFFICE, m.UpperFilingForm, "hazard.upper_filing"),
        Step("licence_suspension", "暂扣安全生产许可证", BUREAU, m.LicenceSuspensionForm, "hazard.licence_suspension"),
        Step(
            "resumption_application",
            "申请恢复生产经营",
            BUREAU,
            m.ResumptionApplicationForm,
            "hazard.resumption_application",
            enterprise_label="申请恢复生产经营",
        ),
        Step("resumption_review", "审查恢复生产申请", BUREAU, m.ResumptionReviewForm, "hazard.resumption_review"),
        Step("resumption_notice", "恢复生产公告", BUREAU, m.ResumptionNoticeForm, "hazard.resumption_notice"),
        Step("closure_proposal", "提请地方人民政府予以关闭", BUREAU, m.ClosureProposalForm, "hazard.closure_proposal"),
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
        Action("record_penalty", "登记行政处罚", m.HazardPenaltyForm, frozenset({"handler"})),
        *CLOCK_ACTIONS,
    ),
    clocks=tuple(rule for code, rule in DEFAULT_RULES.items() if code.startswith("hazard.")),
    statuses=h.STATUS_LABELS,
)
