"""Process 2: accident investigation with the procuratorate involved (Decree 493), domain notes §2."""

from domain import accident as a
from domain import accident_review as v
from domain import accident_steps as r
from domain.deadline_rules import DEFAULT_RULES
from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Action, Party, ProcessDefinition, Start, Step

BUREAU = Party("handler", "负责调查的人民政府的应急管理部门")
OFFICE = Party("office", "负责调查的人民政府的安委办")
UPPER_OFFICE = Party("office", "上一级安委办")
PROCURATORATE = Party("procuratorate_liaison", "同级人民检察院")
RECEIVING_BUREAU = Party("handler", "接到事故报告的各级应急管理部门")
UPPER_GOVERNMENT = Party("office", "应当负责调查的上级人民政府（其安委办）")
HOME_BUREAU = Party("handler", "事故发生单位所在地人民政府的应急管理部门")

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
        Step("external_review", "报国务院安委办审核调查报告", OFFICE, v.ExternalReviewForm, "accident.external_review"),
        Step("supervised_matters", "办结挂牌督办事项", OFFICE, v.SupervisedMattersForm, "accident.supervised_matters"),
        Step("extension_decision", "延长调查期限审批", OFFICE, a.ExtensionDecisionForm, "accident.extension_decision"),
        # A24: 条例 art 32 counts the 批复's 15 日 from the receipt of the (final) report.
        Step("reply", "批复事故调查报告", OFFICE, a.ReplyForm, "accident.reply", Start.RECEIPT),
        Step("reply_delivery", "送达批复", BUREAU, v.ReplyDeliveryForm, "accident.reply_delivery"),
        Step("report_filing", "调查报告及批复报上级安委办备案", UPPER_OFFICE, v.FilingForm, "accident.report_filing"),
        Step("penalty_follow_up", "落实行政处罚", BUREAU, a.PenaltyFollowUpForm, "accident.follow_up"),
        Step("accountability_referral", "移交监察机关追责问责", OFFICE, a.FollowUpForm, "accident.follow_up"),
        Step("publication", "公布事故调查报告", BUREAU, a.PublicationForm, "accident.publication"),
        Step("evaluation", "结案后评估", OFFICE, a.EvaluationForm, "accident.evaluation"),
        # Report, re-grading and referrals (条例 arts 9–13, 20–21, 26): `workflows/accident/reporting.py`,
        # `regrading.py`, `referrals.py`.
        Step(
            "upward_report",
            "逐级上报事故情况",
            RECEIVING_BUREAU,
            r.UpwardReportForm,
            "accident.upward_report",
            Start.REPORTED,
        ),
        Step(
            "initial_report",
            "向上级安委会报送事故调查初步情况",
            BUREAU,
            r.InitialReportForm,
            "accident.initial_report",
            Start.ACCIDENT,
        ),
        Step(
            "home_participation",
            "派人参加事故调查（事故发生单位所在地）",
            HOME_BUREAU,
            r.HomeParticipationForm,
            "accident.home_participation",
        ),
        Step(
            "regrade_decision",
            "决定是否另行组织事故调查组",
            UPPER_GOVERNMENT,
            r.RegradeDecisionForm,
            "accident.regrade_decision",
        ),
        Step("crime_referral", "移交涉嫌犯罪材料", BUREAU, r.CrimeReferralForm, "accident.referral"),
        Step(
            "official_clue_referral",
            "移送职务违法犯罪线索",
            BUREAU,
            r.OfficialClueReferralForm,
            "accident.referral",
        ),
        Step("conclusion_copy", "抄送事故性质认定结论", BUREAU, r.ConclusionCopyForm, "accident.referral"),
        # A30/A31: 安全生产法 art 86(3), within a year of the reply; results public; filed above.
        Step(
            "measures_evaluation",
            "事故整改和防范措施落实情况评估",
            OFFICE,
            v.EvaluationResultForm,
            "accident.evaluation_year",
            Start.DUE_DAY,
        ),
        Step(
            "evaluation_publication",
            "公开评估结果",
            OFFICE,
            v.EvaluationPublicationForm,
            "accident.evaluation_publication",
        ),
        Step("evaluation_filing", "评估情况报上级安委办备案", UPPER_OFFICE, v.FilingForm, "accident.evaluation_filing"),
    ),
    actions=(
        Action("request_extension", "申请延长调查或批复期限", a.ExtensionRequestForm, frozenset({"handler", "office"})),
        Action("update_casualties", "补报伤亡变化", a.CasualtyUpdateForm, frozenset({"handler", "office"})),
        Action("escalate_investigation", "提级调查", a.EscalationForm, frozenset({"office"})),
        Action("record_notification", "记录事故通知情况", r.NotificationForm, frozenset({"handler"})),
        *CLOCK_ACTIONS,
    ),
    clocks=tuple(rule for code, rule in DEFAULT_RULES.items() if code.startswith("accident.")),
    statuses=a.ACCIDENT_STATUS_LABELS,
)
