"""What the message centre tells whom, as pure rules (services/notifications/ does the I/O).

A notice is derived from what the case timeline and the deadline ledger already record, never
from a second write path: a new task (待办), a step returned (退回), a reminder before a due date
(期限提醒, the rule's own reminder series), an escalation to the upper office (逾期督办), a 催办 and
the office's other supervision measures (约谈, 挂牌督办, 通报批评) on an overdue step. It goes to whoever
must act: the user who signed for the task, else every active user of the task's organisation and
role (the enterprise's own users for an enterprise's task).
"""

from __future__ import annotations

from dataclasses import dataclass

KIND_LABELS: dict[str, str] = {
    "task": "新待办",
    "returned": "退回",
    "reminder": "期限提醒",
    "escalated": "逾期督办",
    "urged": "催办",
    "supervision": "督办措施",
}
# Channels beside the page (which always shows every notice) when the user has set nothing:
# e-mail for what needs action now; SMS only for a 催办 and an escalation, the messages an
# office sends precisely because the page was not read.
DEFAULT_CHANNELS: dict[str, tuple[bool, bool]] = {
    "task": (True, False),
    "returned": (True, False),
    "reminder": (True, False),
    "escalated": (True, True),
    "urged": (True, True),
    "supervision": (True, False),
}
SUPERVISION_MEASURES = {
    "supervision_summon": "约谈",
    "supervision_list_supervision": "挂牌督办",
    "supervision_circulate": "通报批评",
}
RETURN_DECISIONS = frozenset({"return", "returned", "reject_plan"})


@dataclass(frozen=True)
class Addressee:
    """Who a task is addressed to: the signer if any, else an organisation and role."""

    org_id: int
    role: str
    claimed_by: int | None = None
    enterprise_id: int | None = None


@dataclass(frozen=True)
class Notice:
    """One notice before it is addressed to users: the same text for each of them."""

    kind: str
    source_key: str
    case_id: int
    task_id: str | None
    title: str
    body: str
    link: str


def channels_for(kind: str, email: bool | None, sms: bool | None) -> tuple[bool, bool]:
    """The user's choice where there is one, else the default of the kind."""
    default_email, default_sms = DEFAULT_CHANNELS.get(kind, (False, False))
    return (default_email if email is None else email, default_sms if sms is None else sms)


def task_notice(
    *,
    source_key: str,
    case_id: int,
    case_no: str,
    case_title: str,
    task_id: str,
    task_title: str,
    due: str,
    returned_reason: str | None,
) -> Notice:
    """A task opened: 新待办, or 退回 when the step before it sent the case back."""
    if returned_reason is not None:
        body = (
            f"{case_no} {case_title}：{task_title}被退回，请修改后重新提交。退回意见：{returned_reason or '（未填写）'}"
        )
        return Notice(
            "returned", source_key, case_id, task_id, f"退回：{task_title}", body, _task_link(case_id, task_id)
        )
    body = f"{case_no} {case_title}：{task_title}，办理期限{due}。"
    return Notice("task", source_key, case_id, task_id, f"新待办：{task_title}", body, _task_link(case_id, task_id))


def clock_notice(
    *, kind: str, source_key: str, case_id: int, case_no: str, task_id: str, task_title: str, due: str
) -> Notice | None:
    """A reminder before the due date, or the escalation of an overdue step."""
    if kind == "reminded":
        title, body = f"期限提醒：{task_title}", f"{case_no}：{task_title}将于{due}到期，请抓紧办理。"
        return Notice("reminder", source_key, case_id, task_id, title, body, _task_link(case_id, task_id))
    if kind == "escalated":
        title = f"逾期督办：{task_title}"
        body = f"{case_no}：{task_title}已逾期（期限{due}），已提交上一级安委办督办。"
        return Notice("escalated", source_key, case_id, task_id, title, body, _task_link(case_id, task_id))
    return None


def supervision_notice(
    *, kind: str, source_key: str, case_id: int, case_no: str, task_id: str, task_title: str, office: str, reason: str
) -> Notice | None:
    """The upper office's 催办 (or another measure) on an overdue step, to the step's inbox."""
    if kind == "urged":
        title = f"催办：{task_title}"
        body = f"{office}对{case_no}“{task_title}”催办：{reason}"
        return Notice("urged", source_key, case_id, task_id, title, body, _task_link(case_id, task_id))
    measure = SUPERVISION_MEASURES.get(kind)
    if measure is None:
        return None
    body = f"{office}对{case_no}“{task_title}”采取督办措施（{measure}）：{reason}"
    return Notice("supervision", source_key, case_id, task_id, f"{measure}：{task_title}", body, f"/cases/{case_id}")


def _task_link(case_id: int, task_id: str) -> str:
    """The case page, scrolled to the task's form."""
    return f"/cases/{case_id}#task-{task_id}"
