"""Process 6: verification of a public report (12350, 安全生产法 art 73), domain notes §6."""

from domain import public_report as pr
from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Action, Party, ProcessDefinition, Start, Step
from domain.public_report_deadlines import PUBLIC_REPORT_RULES
from domain.report_reward import REPORT_REWARD_RULES, RewardDecisionForm, RewardPaymentForm

BUREAU = Party("handler", "承办举报的应急管理部门")
UPPER_HEAD = Party("head", "上一级应急管理部门负责人")
BUREAU_HEAD = Party("head", "承办举报的应急管理部门负责人")

PUBLIC_REPORT = ProcessDefinition(
    code="public_report",
    name="安全生产举报核查",
    workflow="PublicReportWorkflow",
    docs="public-report.md",
    steps=(
        Step("triage", "受理或转交举报", BUREAU, pr.TriageForm, "public_report.triage"),
        Step("verification", "核查举报事项", BUREAU, pr.VerificationForm, "public_report.handling"),
        # The conclusion keeps the handling limit the verification ran on, extended or not.
        Step("conclusion", "作出核查处理结论", BUREAU, pr.ConclusionForm, "public_report.handling", Start.DUE_DAY),
        # 安全生产法 art 73(1): rectification measures are signed by the responsible head; the
        # signature runs on the reply's clock (the reply follows it).
        Step(
            "rectification_sign",
            "负责人签字落实整改措施",
            BUREAU_HEAD,
            pr.RectificationSignForm,
            "public_report.reply",
        ),
        Step("reply", "答复举报人", BUREAU, pr.ReplyForm, "public_report.reply"),
        Step(
            "extension_decision",
            "审批延长举报办理期限",
            UPPER_HEAD,
            pr.ExtensionDecisionForm,
            "public_report.extension_decision",
        ),
        # 安全生产法 art 76, 本溪 (十): the reward of a verified report, decided by the head and paid
        # by the bureau, each on a configured clock [U] (behind REPORT_REWARDS_PATCH).
        Step("reward_decision", "作出举报奖励决定", BUREAU_HEAD, RewardDecisionForm, "public_report.reward_decision"),
        Step("reward_payment", "兑付举报奖励", BUREAU, RewardPaymentForm, "public_report.reward_payment"),
    ),
    actions=(
        Action("request_extension", "申请延长办理期限", pr.ExtensionRequestForm, frozenset({"handler"})),
        *CLOCK_ACTIONS,
    ),
    clocks=PUBLIC_REPORT_RULES + REPORT_REWARD_RULES,
    statuses=pr.PUBLIC_REPORT_STATUS_LABELS,
)
