"""Which of a process's case actions apply to a case in its present state (D25).

The registry (domain/definitions/) says which actions a process has and which roles may take
them; the workflow's validator has the last word on each. This module only keeps the case page
from offering an action its workflow is certain to refuse in the case's projected state (the
case's status, details and open tasks), so that the 案件操作 panel matches the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from domain.legal_calendar import CHINA_TZ


class TaskLike(Protocol):
    step: str
    status: str
    org_id: int
    role: str
    overdue: bool
    clock_state: str
    deadline_rule: str


class CaseLike(Protocol):
    status: str
    closed: bool
    details: dict[str, Any]


@dataclass(frozen=True)
class Ctx:
    case: CaseLike
    tasks: Sequence[TaskLike]
    principal: Any


Check = Callable[[Ctx], bool]


def _open(tasks: Sequence[TaskLike], *steps: str) -> list[TaskLike]:
    return [t for t in tasks if t.status == "open" and t.step in steps]


def _mine(tasks: Sequence[TaskLike], principal: Any) -> list[TaskLike]:
    return [t for t in tasks if t.org_id == principal.org_id and t.role == principal.role]


def clock_tasks(tasks: Sequence[TaskLike], principal: Any, action: str) -> list[TaskLike]:
    """The open tasks whose clock this user may stop or restart: its own organisation's (the
    workflow also admits the upper office; it finds the task from the case it supervises)."""
    wanted = "running" if action == "suspend_clock" else "suspended"
    return [
        t
        for t in tasks
        if t.status == "open" and t.org_id == principal.org_id and t.clock_state == wanted and t.step != "supervision"
    ]


# ---- per process ------------------------------------------------------------------------------


def _hazard_extension(c: Ctx) -> bool:
    return bool(_open(c.tasks, "rectification")) and not _open(c.tasks, "extension_decision")


def _hazard_suspension(c: Ctx) -> bool:
    # 安全生产法 第七十条: only a hazard left unrectified after its period.
    overdue = any(t.overdue for t in _open(c.tasks, "rectification"))
    return overdue and not c.case.details.get("suspension_order")


def _suspension_refused(c: Ctx) -> bool:
    return bool(c.case.details.get("suspension_order")) and not c.case.details.get("crime_transfer_referral")


def _accident_extension(c: Ctx) -> bool:
    extendable = _open(c.tasks, "investigation_report") + [
        t for t in _open(c.tasks, "reply") if t.deadline_rule == "accident.reply_extraordinary"
    ]
    return bool(_mine(extendable, c.principal)) and not _open(c.tasks, "extension_decision")


def _accident_casualties(c: Ctx) -> bool:
    # 生产安全事故报告和调查处理条例 第十三条: changes within 30 days (7 for road and fire accidents).
    occurred = c.case.details.get("occurred_at")
    if not occurred:
        return True
    try:
        at = dt.datetime.fromisoformat(str(occurred))
    except ValueError:
        return True
    window = 7 if c.case.details.get("road_or_fire") else 30
    if at.tzinfo is None:
        at = at.replace(tzinfo=CHINA_TZ)
    return dt.datetime.now(CHINA_TZ) <= at + dt.timedelta(days=window)


def _accident_escalation(c: Ctx) -> bool:
    return c.case.details.get("investigating_level") != "province" and c.case.status in (
        "reported",
        "investigating",
        "reviewing",
        "replying",
    )


def _public_report_extension(c: Ctx) -> bool:
    return c.case.status in ("verifying", "concluding") and not _open(c.tasks, "extension_decision")


def _decided(c: Ctx) -> bool:
    return bool(c.case.details.get("decision_no"))


def _appeal_pending(c: Ctx) -> bool:
    return any(not a.get("result") for a in c.case.details.get("appeals") or [])


def _power_cut_proposable(c: Ctx) -> bool:
    power = (c.case.details.get("power_supply") or {}).get("state")
    return bool(c.case.details.get("suspension_refused")) and power not in ("proposed", "scheduled", "stopped")


def _power_cut_on(c: Ctx) -> bool:
    return (c.case.details.get("power_supply") or {}).get("state") in ("scheduled", "stopped")


def _no_referral(c: Ctx) -> bool:
    return (c.case.details.get("jurisdiction_dispute") or {}).get("state") != "referred"


def _not_suspended(c: Ctx) -> bool:
    return not c.case.details.get("suspension_order")


def _rect_refusal(c: Ctx) -> bool:
    return bool(c.case.details.get("suspension_order")) and not c.case.details.get("suspension_refused")


def _fined(c: Ctx) -> bool:
    return int(c.case.details.get("fine_cny") or 0) > 0


def _no_closure(c: Ctx) -> bool:
    return not c.case.details.get("closure_proposed_to")


def _listed(c: Ctx) -> bool:
    return c.case.status == "listed"


def _partners_pending(c: Ctx) -> bool:
    acknowledged = c.case.details.get("partners_acknowledged") or {}
    return c.case.status == "listed" and any(p not in acknowledged for p in c.case.details.get("partners") or [])


def _repaired(c: Ctx) -> bool:
    return c.case.status == "repaired"


def _back_transferable(c: Ctx) -> bool:
    return c.case.status in ("awaiting_decision", "disputing", "supervising", "filed") and not c.case.details.get(
        "back_transfer"
    )


RULES: Mapping[tuple[str, str], Check] = {
    ("hazard", "request_extension"): _hazard_extension,
    ("hazard", "order_suspension"): _hazard_suspension,
    ("hazard", "report_refusal"): _suspension_refused,
    ("accident", "request_extension"): _accident_extension,
    ("accident", "update_casualties"): _accident_casualties,
    ("accident", "escalate_investigation"): _accident_escalation,
    ("public_report", "request_extension"): _public_report_extension,
    # 调整计划: only a plan in force (approved and filed) with no adjustment pending.
    ("inspection_plan", "adjust_plan"): lambda c: c.case.status == "in_force",
    ("rectification", "record_appeal"): _decided,
    ("rectification", "record_appeal_result"): _appeal_pending,
    ("rectification", "propose_power_cut"): _power_cut_proposable,
    ("rectification", "lift_power_cut"): _power_cut_on,
    ("rectification", "refer_jurisdiction"): _no_referral,
    ("rectification", "order_suspension"): _not_suspended,
    ("rectification", "report_refusal"): _rect_refusal,
    ("rectification", "record_continuous_fine"): _fined,
    ("rectification", "propose_closure"): _no_closure,
    ("blacklist", "acknowledge_partner"): _partners_pending,
    ("blacklist", "apply_repair"): _listed,
    ("blacklist", "record_violation"): _listed,
    ("blacklist", "revoke_repair"): _repaired,
    ("crime_transfer", "transfer_back"): _back_transferable,
}


def applies(process: str, action: str, case: CaseLike, tasks: Sequence[TaskLike], principal: Any) -> bool:
    """Whether the case page offers this action now (the workflow still validates it)."""
    if case.closed:
        return False
    if action in ("suspend_clock", "resume_clock"):
        return bool(clock_tasks(tasks, principal, action))
    rule = RULES.get((process, action))
    return rule is None or rule(Ctx(case, tasks, principal))
