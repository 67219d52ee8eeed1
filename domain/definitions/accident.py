"""Process 2: accident investigation with the procuratorate involved (Decree 493), domain notes §2."""

from domain import accident as a
from domain import accident_review as r
from domain.deadline_rules import DEFAULT_RULES
from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Action, Party, ProcessDefinition, Start, Step

BUREAU = Party("handler", "负责调查的人民政府的应急管理部门")
OFFICE = Party("office", "负责调查的人民政府的安委办")
UPPER_OFFICE = Party("office", "上一级安委办")
PROCURATORATE = Party("procuratorate_liaison", "同级人民检察院")

ACCIDENT = ProcessDefinition(
    code="accident",
    name="生产安全事故调查",
    workflow="AccidentInvestigationWorkflow",
    docs="accident-investigation.md",
    steps=(
        Step(
            "procuratorate_join",
            "邀请派员参加事故调查",
            PROCURATORATE,
            a.ProcuratorateJoinForm,
            "accident.procuratorate_join",
        ),
        # A35: the team's 5 days run from the accident, not from the case's intake.
        Step(
            "team_formation",
            "成立事故调查组",
            BUREAU,
            a.TeamFormationForm,
            "accident.team_formation",
            Start.ACCIDENT,
        ),
        Step(
            "investigation_report",
            "提交事故调查报告",
            BUREAU,
            a.InvestigationReportForm,
            "accident.investigation_report",
            Start.ACCIDENT,
        ),
        Step("draft_review", "审核事故调查报告（挂牌督办）", UPPER_OFFICE, a.DraftReviewForm, "accident.draft_review"),
        # A19: a returned report is revised within the investigation period (条例 art 29).
        Step(
            "report_revision",
            "修改事故调查报告",
            BUREAU,
            a.InvestigationReportForm,
            "accident.report_revision",
            Start.DUE_DAY,
        ),
        # A32/A33: the State Council office's review, recorded by the provincial office.
        Step("external_review", "报国务院安委办审核调查报告", OFFICE, r.ExternalReviewForm, "accident.external_review"),
        Step("supervised_matters", "办结挂牌督办事项", OFFICE, r.SupervisedMattersForm, "accident.supervised_matters"),
        Step("extension_decision", "延长调查期限审批", OFFICE, a.ExtensionDecisionForm, "accident.extension_decision"),
        # A24: 条例 art 32 counts the 批复's 15 日 from the receipt of the (final) report.
        Step("reply", "批复事故调查报告", OFFICE, a.ReplyForm, "accident.reply", Start.RECEIPT),
        Step("reply_delivery", "送达批复", BUREAU, r.ReplyDeliveryForm, "accident.reply_delivery"),
        Step("report_filing", "调查报告及批复报上级安委办备案", UPPER_OFFICE, r.FilingForm, "accident.report_filing"),
        Step("penalty_follow_up", "落实行政处罚", BUREAU, a.PenaltyFollowUpForm, "accident.follow_up"),
        Step("accountability_referral", "移交监察机关追责问责", OFFICE, a.FollowUpForm, "accident.follow_up"),
        Step("publication", "公布事故调查报告", BUREAU, a.PublicationForm, "accident.publication"),
        Step("evaluation", "结案后评估", OFFICE, a.EvaluationForm, "accident.evaluation"),
        # A30/A31: 安全生产法 art 86(3), within a year of the reply; results public; filed above.
        Step(
            "measures_evaluation",
            "事故整改和防范措施落实情况评估",
            OFFICE,
            r.EvaluationResultForm,
            "accident.evaluation_year",
            Start.DUE_DAY,
        ),
        Step(
            "evaluation_publication",
            "公开评估结果",
            OFFICE,
            r.EvaluationPublicationForm,
            "accident.evaluation_publication",
        ),
        Step("evaluation_filing", "评估情况报上级安委办备案", UPPER_OFFICE, r.FilingForm, "accident.evaluation_filing"),
    ),
    actions=(
        Action("request_extension", "申请延长调查或批复期限", a.ExtensionRequestForm, frozenset({"handler", "office"})),
        Action("update_casualties", "补报伤亡变化", a.CasualtyUpdateForm, frozenset({"handler", "office"})),
        Action("escalate_investigation", "提级调查", a.EscalationForm, frozenset({"office"})),
        *CLOCK_ACTIONS,
    ),
    clocks=tuple(rule for code, rule in DEFAULT_RULES.items() if code.startswith("accident.")),
    statuses=a.ACCIDENT_STATUS_LABELS,
)
