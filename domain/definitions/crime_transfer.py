"""Process 3: transfer of a suspected crime to the police (国务院令第310号), domain notes §3."""

from domain import crime_transfer as ct
from domain import crime_transfer_followups as cf
from domain.crime_transfer_deadlines import CRIME_TRANSFER_RULES
from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Action, Party, ProcessDefinition, Step

BUREAU = Party("handler", "移送机关（应急管理部门）")
HEAD = Party("head", "移送机关正职负责人")
POLICE = Party("police_liaison", "公安机关")
PROCURATORATE = Party("procuratorate_liaison", "同级人民检察院")
UPPER_AGENCY = Party("police_liaison", "上一级公安机关或人民检察院")
# 310号令 art 16: 本级或者上级人民政府; its safety-committee office (安委办) handles it for it.
GOVERNMENT = Party("office", "本级人民政府（安委办承办）")

CRIME_TRANSFER = ProcessDefinition(
    code="crime_transfer",
    name="涉嫌犯罪案件移送",
    workflow="CrimeTransferWorkflow",
    docs="crime-transfer.md",
    steps=(
        Step("transfer_report", "专案组核实并提出移送报告", BUREAU, ct.TransferReportForm, "crime_transfer.report"),
        Step("approval", "审批是否移送公安机关", HEAD, ct.ApprovalForm, "crime_transfer.approval"),
        Step("transfer", "移送公安机关并抄送人民检察院", BUREAU, ct.TransferForm, "crime_transfer.transfer"),
        Step(
            "copy_receipt",
            "签收涉嫌犯罪案件移送书抄送件",
            PROCURATORATE,
            ct.CopyReceiptForm,
            "crime_transfer.copy_receipt",
        ),
        Step("receipt", "签收涉嫌犯罪案件移送书", POLICE, ct.ReceiptForm, "crime_transfer.receipt"),
        Step(
            "filing_decision",
            "作出立案或者不予立案决定",
            POLICE,
            ct.FilingDecisionForm,
            "crime_transfer.filing_decision",
        ),
        Step(
            "non_filing_response",
            "对不予立案决定提出处理意见",
            BUREAU,
            ct.NonFilingResponseForm,
            "crime_transfer.non_filing_response",
        ),
        Step("reconsideration", "作出复议决定", POLICE, ct.ReconsiderationForm, "crime_transfer.reconsideration"),
        Step(
            "reconsideration_response",
            "对复议决定提出处理意见",
            BUREAU,
            ct.ReconsiderationResponseForm,
            "crime_transfer.reconsideration_response",
        ),
        Step(
            "supervision_review",
            "审查立案监督建议",
            PROCURATORATE,
            ct.SupervisionReviewForm,
            "crime_transfer.supervision_review",
        ),
        Step(
            "police_explanation", "书面说明不立案理由", POLICE, ct.ExplanationForm, "crime_transfer.police_explanation"
        ),
        Step(
            "supervision_decision",
            "作出立案监督决定",
            PROCURATORATE,
            ct.SupervisionDecisionForm,
            "crime_transfer.supervision_decision",
        ),
        Step("filing_on_notice", "依通知立案", POLICE, ct.FilingOnNoticeForm, "crime_transfer.filing_on_notice"),
        Step("handover", "移交涉案物品和有关材料", BUREAU, ct.HandoverForm, "crime_transfer.handover"),
        Step("outcome_report", "反馈案件办理结果", POLICE, ct.OutcomeForm, "crime_transfer.outcome_report"),
        Step(
            "administrative_follow_up",
            "对反向移送案件作出行政处理并书面回复",
            BUREAU,
            ct.AdministrativeFollowUpForm,
            "crime_transfer.administrative_follow_up",
        ),
        Step("supplement", "补正移送材料", BUREAU, cf.SupplementForm, "crime_transfer.supplement"),
        Step(
            "filing_notice",
            "书面通知移送机关立案并抄送人民检察院",
            POLICE,
            cf.FilingNoticeForm,
            "crime_transfer.filing_notice",
        ),
        Step(
            "administrative_handling",
            "对不予立案案件依法作出行政处理",
            BUREAU,
            cf.AdministrativeHandlingForm,
            "crime_transfer.administrative_handling",
        ),
        Step(
            "refusal_review",
            "审查不批准移送决定（可提出检察意见）",
            PROCURATORATE,
            cf.RefusalReviewForm,
            "crime_transfer.refusal_review",
        ),
        Step(
            "prosecution_result",
            "反馈审查起诉结果",
            PROCURATORATE,
            cf.ProsecutionResultForm,
            "crime_transfer.prosecution_result",
        ),
        Step(
            "opinion_reply",
            "落实检察意见并书面回复人民检察院",
            BUREAU,
            cf.OpinionReplyForm,
            "crime_transfer.opinion_reply",
        ),
        Step("transfer_order", "责令限期移送", GOVERNMENT, cf.TransferOrderForm, "crime_transfer.transfer_order"),
        Step(
            "overdue_explanation",
            "书面说明逾期不作出立案决定的理由",
            POLICE,
            cf.OverdueExplanationForm,
            "crime_transfer.overdue_explanation",
        ),
        Step("correction_opinion", "提出纠正意见", PROCURATORATE, cf.CorrectionOpinionForm, "crime_transfer.oversight"),
        Step("upper_oversight", "督促下级机关", UPPER_AGENCY, ct.OversightForm, "crime_transfer.oversight"),
        Step("filing_oversight", "立案监督", PROCURATORATE, ct.OversightForm, "crime_transfer.oversight"),
    ),
    actions=(
        Action(
            "record_administrative_measure", "登记行政处理措施", ct.AdministrativeMeasureForm, frozenset({"handler"})
        ),
        Action(
            "transfer_back",
            "反向移送行政机关处理",
            ct.BackTransferForm,
            frozenset({"police_liaison", "procuratorate_liaison"}),
        ),
        Action("extend_review", "延长立案审查期限", cf.ExtendReviewForm, frozenset({"police_liaison"})),
        Action(
            "record_liaison",
            "登记衔接工作（案情通报、证据移交、会商、联合督办）",
            cf.LiaisonRecordForm,
            frozenset({"handler", "office", "police_liaison", "procuratorate_liaison"}),
        ),
        *CLOCK_ACTIONS,
    ),
    clocks=CRIME_TRANSFER_RULES,
    statuses=ct.CRIME_TRANSFER_STATUS_LABELS,
)
