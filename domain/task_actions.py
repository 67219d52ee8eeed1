"""Task actions of the inbox (yudao/ruoyi BPM conventions): what each is called, the co-approver's
form, and the rules of who may hand a task to whom.

转办 (transfer), 委派 (delegate) and 加签 (add a co-approver) change what the workflow does and
go through its `task_action` Update; 撤回 (withdraw) takes a completed step back while the next one
has not started. 代理 (a stand-in while on leave) and 抄送 (copy) live in the database
(docs/decisions/0007-stand-ins-and-copies-in-the-database.md).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from domain.errors import Forbidden
from domain.forms import LongText, StepForm, choice
from domain.process import Party, Step

TRANSFER = "transfer"
DELEGATE = "delegate"
ADD_SIGNER = "add_signer"
WITHDRAW = "withdraw"
WORKFLOW_ACTIONS = (TRANSFER, DELEGATE, ADD_SIGNER, WITHDRAW)
COPY = "copy"
STAND_IN = "stand_in"

LABELS = {
    TRANSFER: "转办",
    DELEGATE: "委派",
    ADD_SIGNER: "加签",
    WITHDRAW: "撤回",
    COPY: "抄送",
    STAND_IN: "代理",
}

# Staff who may be handed a task or asked to co-approve; an enterprise, a liaison (police,
# procuratorate) or the archive reader never receives another body's task.
STAFF_ROLES = frozenset({"handler", "head", "office"})
ROLE_LABELS = {"handler": "承办人", "head": "负责人", "office": "安委办"}

COSIGN_DECISIONS = {"agree": "同意", "disagree": "不同意"}


class CosignForm(StepForm):
    """The co-approver's opinion (加签): it goes on the timeline; the step's owner still decides."""

    decision: Literal["agree", "disagree"] = choice(COSIGN_DECISIONS, "加签意见")
    opinion: LongText = Field(title="意见说明")


# The co-approval task: opened for the person asked, before the step it belongs to may complete.
# Its clock is the step's own (same rule, same due day), so asking never buys time.
COSIGN = Step("cosign", "加签审批", Party("handler", "被加签人"), CosignForm, "")


def check_hand_over(task_role: str, target_role: str, target_org_id: int, task_org_id: int, action: str) -> None:
    """转办/委派/代理 keep the step with the body and the post the law names for it.

    A head's approval (负责人审批) is the head's own decision: 行政执法机关移送涉嫌犯罪案件的规定
    第五条 (the transfer report goes to 本机关正职负责人或者主持工作的负责人 for approval) and
    行政处罚法 第五十七条 (行政机关负责人 decides after the investigation). It can go to another head
    of the same body (e.g. the one presiding while the head is away), never to a handler.
    A step belongs to the body the law makes competent (行政处罚法 第二十二条、第二十三条, 管辖):
    moving a case to another body goes through the process's own hand-offs (移送管辖, 提级办理).
    """
    label = LABELS[action]
    if task_role == "head" and target_role != "head":
        raise Forbidden(
            f"负责人审批须由机关负责人本人作出，不能{label}给承办人或其他岗位（移送规定第五条、行政处罚法第五十七条）"
        )
    if target_org_id != task_org_id:
        raise Forbidden(
            f"本环节由法定管辖机关办理，不能{label}给其他单位；"
            "如需移送管辖，请使用本流程的移送或提级办理（行政处罚法第二十二条）"
        )
    if target_role != task_role:
        raise Forbidden(f"只能{label}给本单位同一岗位（{ROLE_LABELS.get(task_role, task_role)}）的人员")


def check_cosigner(target_role: str) -> None:
    if target_role not in STAFF_ROLES:
        raise Forbidden("只能加签本系统的执法或安委办工作人员，不能加签企业、公安或检察联络人")
