"""Process 5: contested rectification (责令限期整改 → objection → enforcement), domain notes §5."""

from domain import rectification as rc
from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Action, Party, ProcessDefinition, Start, Step
from domain.rectification_deadlines import RECTIFICATION_RULES

BUREAU = Party("handler", "承办的应急管理部门")
HEAD = Party("head", "承办部门负责人")
# 安全生产法 art 70: only the department's principal head approves stopping the power supply.
PRINCIPAL_HEAD = Party("head", "本部门主要负责人")
# 行政处罚法 art 58: the agency's staff who do the legal review of penalty decisions (法制审核人员).
LEGAL = Party("handler", "本机关从事法制审核的人员")
OFFICE = Party("office", "同级安委办")
HANDLERS = frozenset({"handler"})

RECTIFICATION = ProcessDefinition(
    code="rectification",
    name="责令限期整改及强制执行",
    workflow="ContestedRectificationWorkflow",
    docs="rectification.md",
    steps=(
        Step("order", "制发责令限期整改指令书", BUREAU, rc.OrderForm, "rectification.order", Start.INSPECTION),
        Step("service", "送达责令限期整改指令书", BUREAU, rc.ServiceForm, "rectification.service"),
        Step(
            "completion",
            "登记企业整改完成报告",
            BUREAU,
            rc.CompletionForm,
            "rectification.period",
            Start.SERVICE,
            enterprise_label="报告整改完成",
        ),
        Step("reinspection", "整改复查并制作整改复查意见书", BUREAU, rc.ReinspectionForm, "rectification.reinspection"),
        Step("penalty_notice", "送达行政处罚告知书", BUREAU, rc.PenaltyNoticeForm, "rectification.penalty_notice"),
        Step(
            "statement",
            "登记当事人陈述、申辩或听证要求",
            BUREAU,
            rc.StatementForm,
            "rectification.statement",
            Start.SERVICE,
            enterprise_label="陈述、申辩或要求听证",
        ),
        Step("hearing_notice", "制发听证通知书", BUREAU, rc.HearingNoticeForm, "rectification.hearing_notice"),
        Step("hearing", "举行听证并制作听证笔录", BUREAU, rc.HearingForm, "rectification.hearing", Start.DUE_DAY),
        Step("legal_review", "法制审核", LEGAL, rc.LegalReviewForm, "rectification.legal_review"),
        Step(
            "collective_discussion",
            "机关负责人集体讨论",
            HEAD,
            rc.CollectiveDiscussionForm,
            "rectification.collective_discussion",
        ),
        Step(
            "penalty_decision",
            "作出行政处罚决定",
            HEAD,
            rc.PenaltyDecisionForm,
            "rectification.penalty_decision",
            Start.FILING,
        ),
        Step(
            "decision_service",
            "向不在场的当事人送达行政处罚决定书",
            BUREAU,
            rc.ServiceForm,
            "rectification.decision_service",
        ),
        Step("publication", "公开行政处罚决定", BUREAU, rc.PublicationForm, "rectification.publication"),
        Step(
            "withdraw_publication",
            "撤回已公开的行政处罚决定并作出说明",
            BUREAU,
            rc.WithdrawalForm,
            "rectification.withdraw_publication",
            Start.SERVICE,
        ),
        Step("payment", "登记罚款缴纳情况", BUREAU, rc.PaymentForm, "rectification.payment", Start.SERVICE),
        Step("reminder", "制发催告书", BUREAU, rc.ReminderForm, "rectification.reminder", Start.LAPSE),
        Step(
            "reminder_compliance",
            "登记催告后履行情况",
            BUREAU,
            rc.PaymentForm,
            "rectification.reminder_compliance",
            Start.SERVICE,
        ),
        Step(
            "enforcement_decision",
            "作出强制执行决定并送达强制执行决定书",
            HEAD,
            rc.EnforcementDecisionForm,
            "rectification.enforcement_decision",
            Start.LAPSE,
        ),
        Step(
            "judgment_execution",
            "申请人民法院执行生效判决",
            BUREAU,
            rc.JudgmentExecutionForm,
            "rectification.judgment_execution",
            Start.DUE_DAY,
        ),
        Step(
            "court_application",
            "申请人民法院强制执行",
            BUREAU,
            rc.CourtApplicationForm,
            "rectification.court_application",
            Start.LAPSE,
        ),
        Step(
            "court_acceptance", "登记人民法院受理情况", BUREAU, rc.CourtAcceptanceForm, "rectification.court_acceptance"
        ),
        Step(
            "court_refusal_review",
            "对不予受理裁定申请复议",
            BUREAU,
            rc.UpperCourtReviewForm,
            "rectification.court_refusal_review",
            Start.SERVICE,
        ),
        Step(
            "upper_court_acceptance",
            "登记上一级人民法院是否受理的裁定",
            BUREAU,
            rc.UpperCourtRulingForm,
            "rectification.upper_court_acceptance",
            Start.SERVICE,
        ),
        Step("court_ruling", "登记人民法院执行裁定", BUREAU, rc.CourtRulingForm, "rectification.court_ruling"),
        Step(
            "court_ruling_review",
            "登记人民法院听取意见后的执行裁定",
            BUREAU,
            rc.CourtRulingForm,
            "rectification.court_ruling_unlawful",
            Start.DUE_DAY,
        ),
        Step(
            "nonenforcement_review",
            "对不予执行裁定申请复议",
            BUREAU,
            rc.UpperCourtReviewForm,
            "rectification.nonenforcement_review",
            Start.SERVICE,
        ),
        Step(
            "upper_court_review",
            "登记上一级人民法院是否执行的复议裁定",
            BUREAU,
            rc.UpperCourtRulingForm,
            "rectification.upper_court_review",
            Start.SERVICE,
        ),
        Step("enforcement", "实施强制执行", BUREAU, rc.EnforcementForm, "rectification.enforcement", Start.DUE_DAY),
        Step(
            "enforcement_publication",
            "公开执法信息",
            BUREAU,
            rc.PublicationForm,
            "rectification.enforcement_publication",
        ),
        Step(
            "suspension",
            "停产停业（待申请恢复生产经营）",
            BUREAU,
            rc.ResumptionApplicationForm,
            "rectification.suspension",
            Start.DUE_DAY,
            enterprise_label="申请恢复生产经营",
        ),
        Step("resumption_review", "恢复生产经营审查", HEAD, rc.ResumptionReviewForm, "rectification.resumption_review"),
        Step(
            "measure_publication",
            "公开执法决定",
            BUREAU,
            rc.PublicationForm,
            "rectification.measure_publication",
        ),
        Step(
            "power_cut_approval",
            "审批停止供电措施",
            PRINCIPAL_HEAD,
            rc.PowerCutApprovalForm,
            "rectification.power_cut_approval",
        ),
        Step(
            "power_cut_notice",
            "书面通知供电企业并提前24小时通知生产经营单位",
            BUREAU,
            rc.PowerCutNoticeForm,
            "rectification.power_cut_notice",
        ),
        Step(
            "jurisdiction_designation",
            "指定监管部门",
            OFFICE,
            rc.DesignationForm,
            "rectification.jurisdiction_designation",
        ),
    ),
    actions=(
        Action("record_appeal", "登记行政复议或行政诉讼", rc.AppealFiledForm, HANDLERS),
        Action("record_appeal_result", "登记复议决定或判决结果", rc.AppealResultForm, HANDLERS),
        Action("propose_power_cut", "提请停止供电", rc.PowerCutProposalForm, HANDLERS),
        Action("lift_power_cut", "解除停止供电", rc.PowerCutLiftForm, HANDLERS),
        Action("refer_jurisdiction", "提请安委办指定监管部门", rc.JurisdictionReferralForm, HANDLERS),
        Action("order_suspension", "责令停产停业", rc.SuspensionForm, HANDLERS),
        Action("report_refusal", "拒不执行停产停业整顿", rc.SuspensionRefusedForm, HANDLERS),
        Action("record_continuous_fine", "按日连续处罚", rc.ContinuousFineForm, HANDLERS),
        Action("propose_closure", "提请关闭", rc.ClosureProposalForm, HANDLERS),
        *CLOCK_ACTIONS,
    ),
    clocks=RECTIFICATION_RULES,
    statuses=rc.RECTIFICATION_STATUS_LABELS,
)
