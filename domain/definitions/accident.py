"""Process 2: accident investigation with the procuratorate involved (Decree 493), domain notes §2."""

from domain import accident as a
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
        Step("team_formation", "成立事故调查组", BUREAU, a.TeamFormationForm, "accident.team_formation"),
        Step(
            "investigation_report",
            "提交事故调查报告",
            BUREAU,
            a.InvestigationReportForm,
            "accident.investigation_report",
            Start.ACCIDENT,
        ),
        Step("draft_review", "审核事故调查报告（挂牌督办）", UPPER_OFFICE, a.DraftReviewForm, "accident.draft_review"),
        Step("extension_decision", "延长调查期限审批", OFFICE, a.ExtensionDecisionForm, "accident.extension_decision"),
        Step("reply", "批复事故调查报告", OFFICE, a.ReplyForm, "accident.reply"),
        Step("penalty_follow_up", "落实行政处罚", BUREAU, a.FollowUpForm, "accident.follow_up"),
        Step("accountability_referral", "移交监察机关追责问责", OFFICE, a.FollowUpForm, "accident.follow_up"),
        Step("publication", "公布事故调查报告", BUREAU, a.PublicationForm, "accident.publication"),
        Step("evaluation", "结案后评估", OFFICE, a.EvaluationForm, "accident.evaluation"),
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
