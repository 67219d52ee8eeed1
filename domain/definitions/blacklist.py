"""Process 4: the serious-dishonesty list (Decree 11), domain notes §4."""

from domain import blacklist as b
from domain.blacklist_deadlines import BLACKLIST_RULES
from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Action, Party, ProcessDefinition, Start, Step

DECIDING_BUREAU = Party("handler", "作出行政处罚决定的部门")
HANDLERS = frozenset({"handler"})

BLACKLIST = ProcessDefinition(
    code="blacklist",
    name="严重失信主体名单管理",
    workflow="BlacklistWorkflow",
    docs="blacklist.md",
    steps=(
        Step("notice", "告知拟列入严重失信主体名单", DECIDING_BUREAU, b.NoticeForm, "blacklist.notice"),
        Step(
            "statement",
            "登记当事人陈述、申辩",
            DECIDING_BUREAU,
            b.StatementForm,
            "blacklist.statement",
            Start.SERVICE,
            enterprise_label="陈述、申辩",
        ),
        Step(
            "statement_review",
            "复核陈述、申辩并答复",
            DECIDING_BUREAU,
            b.StatementReviewForm,
            "blacklist.statement_review",
        ),
        Step("decision", "作出列入严重失信主体名单决定", DECIDING_BUREAU, b.ListingDecisionForm, "blacklist.decision"),
        Step(
            "publication",
            "报送信用中国及国家企业信用信息公示系统",
            DECIDING_BUREAU,
            b.PublicationForm,
            "blacklist.publication",
        ),
        Step("repair_review", "审核信用修复申请", DECIDING_BUREAU, b.RepairReviewForm, "blacklist.repair_review"),
    ),
    actions=(
        Action("acknowledge_partner", "登记联合惩戒部门回执", b.AcknowledgementForm, HANDLERS),
        Action("apply_repair", "登记信用修复申请", b.RepairApplicationForm, HANDLERS, enterprise_label="申请信用修复"),
        Action("revoke_repair", "撤销信用修复（恢复列入）", b.RevocationForm, HANDLERS),
        Action("record_violation", "登记新的违法行为", b.ViolationForm, HANDLERS),
        *CLOCK_ACTIONS,
    ),
    clocks=BLACKLIST_RULES,
    statuses=b.BLACKLIST_STATUS_LABELS,
)
