"""Process 7: bulletins (通报批评, 通报表扬, 警示通报) of a safety-committee office and the case
bulletin (安全生产案情通报) of a bureau to the police and the procuratorate of its level."""

from domain import bulletin as b
from domain.bulletin_deadlines import BULLETIN_RULES
from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Party, ProcessDefinition, Start, Step

DRAFTER = Party("office", "起草通报的安委办（案情通报：应急管理部门）")
HEAD = Party("head", "同级应急管理部门负责人（安委办主任单位）")
RECIPIENT = Party("office", "被通报的政府或部门（案情通报：公安机关、人民检察院联络员）")

BULLETIN = ProcessDefinition(
    code=b.PROCESS,
    name="通报与警示",
    workflow="BulletinWorkflow",
    docs="bulletin.md",
    steps=(
        Step("approval", "审批通报", HEAD, b.ApprovalForm, "bulletin.approval"),
        Step("revision", "修改通报", DRAFTER, b.RevisionForm, "bulletin.revision"),
        Step("acknowledgement", "签收通报", RECIPIENT, b.AcknowledgeForm, "bulletin.acknowledgement"),
        Step(
            "rectification_report",
            "报告整改落实情况",
            RECIPIENT,
            b.RectificationReportForm,
            "bulletin.rectification_report",
            Start.DUE_DAY,
        ),
        Step("verification", "核查整改落实情况", DRAFTER, b.VerificationForm, "bulletin.verification"),
    ),
    actions=CLOCK_ACTIONS,
    clocks=BULLETIN_RULES,
    statuses=b.BULLETIN_STATUS_LABELS,
)
