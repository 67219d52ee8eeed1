"""约谈 (interview) and 重大案件会商 (consultation on a major case): the safety-committee office's
and the bureau's meetings whose commitments are followed to the end (本溪 (八), 北碚 (九),
国办发〔2015〕20号 (七), 西双版纳 (十六)). The commitments' steps are shared (domain/commitments.py)."""

from domain import commitments as cm
from domain import interview as iv
from domain.definitions.common import CLOCK_ACTIONS
from domain.interview_deadlines import CONSULTATION_RULES, INTERVIEW_RULES
from domain.process import Party, ProcessDefinition, Start, Step

OFFICE = Party("office", "约谈机关（安委办）")
# The interviewed party: the lower level's safety office (for its government), a department's
# handlers, or the enterprise on its portal; the task's role is the party's (workflow state).
PARTY = Party("party", "作出承诺的被约谈方")
BUREAU = Party("handler", "召集会商的应急管理部门")
AGENCY = Party("agency", "承办议定事项的机关（应急、公安、检察）")

INTERVIEW_STATUS_LABELS = {
    "notifying": "待签发约谈通知书",
    "notified": "已通知，待约谈",
    "following": "承诺事项落实中",
    "concluding": "待作出约谈结论",
    "closed": "约谈结束",
    "bulletin": "约谈后予以通报",
    "listed_supervision": "约谈后挂牌督办",
    "accountability": "约谈后提请问责",
}
CONSULTATION_STATUS_LABELS = {
    "convened": "待会商",
    "following": "议定事项落实中",
    "closing": "待办结",
    "closed": "会商办结",
}

INTERVIEW = ProcessDefinition(
    code="interview",
    name="安全生产约谈",
    workflow="InterviewWorkflow",
    docs="interview.md",
    steps=(
        Step("notice", "签发约谈通知书", OFFICE, iv.NoticeForm, "interview.notice"),
        Step("meeting", "约谈并记录承诺事项", OFFICE, iv.MeetingForm, "interview.meeting", Start.DUE_DAY),
        Step(
            "commitment",
            "落实约谈承诺事项",
            PARTY,
            cm.CommitmentReportForm,
            "interview.commitment",
            Start.DUE_DAY,
            enterprise_label="报告约谈承诺事项落实情况",
        ),
        Step(
            "commitment_check", "核验承诺事项落实情况", OFFICE, cm.CommitmentVerificationForm, "interview.verification"
        ),
        Step("conclusion", "作出约谈结论", OFFICE, iv.ConclusionForm, "interview.conclusion"),
    ),
    actions=CLOCK_ACTIONS,
    clocks=INTERVIEW_RULES,
    statuses=INTERVIEW_STATUS_LABELS,
)

CONSULTATION = ProcessDefinition(
    code="consultation",
    name="重大案件会商",
    workflow="ConsultationWorkflow",
    docs="consultation.md",
    steps=(
        Step("minutes", "召开会商并形成会商纪要", BUREAU, iv.MinutesForm, "consultation.minutes", Start.DUE_DAY),
        Step("action", "落实会商议定事项", AGENCY, cm.CommitmentReportForm, "consultation.action", Start.DUE_DAY),
        Step(
            "action_check", "核验议定事项落实情况", BUREAU, cm.CommitmentVerificationForm, "consultation.verification"
        ),
        Step("close", "会商办结", BUREAU, iv.ConsultationCloseForm, "consultation.close"),
    ),
    actions=CLOCK_ACTIONS,
    clocks=CONSULTATION_RULES,
    statuses=CONSULTATION_STATUS_LABELS,
)
