"""Orders to stop production and the crime-transfer referral that follows a refusal, shared by
the hazard supervision and the contested rectification.

责令停产停业整顿 (安全生产法 art 102, 108); refusing such an order for a major hazard, with a
real danger, may be 危险作业罪 (刑法 art 134之一(二)): the referral is recorded on the timeline
and in the case details, and the crime-transfer intake prefills from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.hazard import SuspensionOrderForm, SuspensionRefusedForm
    from workflows.contracts import Actor, CaseActionCommand, UpdateResult
    from workflows.kernel.outbox import Timeline

DANGEROUS_OPERATION = "危险作业罪"


async def order_suspension(timeline: Timeline, cmd: CaseActionCommand, ordered: Callable[[str], None]) -> UpdateResult:
    """The `order_suspension` action's effect: `ordered` notes the order at once (a second one is
    then refused by the validator), the timeline records it, and the Update returns once written."""
    order = SuspensionOrderForm.model_validate(cmd.form)
    ordered(order.order_no)
    summary = f"责令停产停业整顿（{order.order_no}）：{order.scope}"
    timeline.record_event("suspension_ordered", summary, actor=cmd.actor, reason=order.reason)
    timeline.update_details(suspension_order=order.order_no)
    await timeline.flush()
    return UpdateResult(None, "已责令停产停业整顿")


def refer_for_crime_transfer(timeline: Timeline, refusal: SuspensionRefusedForm, actor: Actor, **details: Any) -> None:
    """Hand-off point to the crime-transfer process (涉嫌犯罪案件移送)."""
    timeline.record_event(
        "crime_transfer_referral",
        f"拒不执行停产停业整顿决定，涉嫌{DANGEROUS_OPERATION}，形成移送线索",
        actor=actor,
        reason=refusal.facts,
        data={"facts": refusal.facts, "evidence": refusal.evidence, "category": DANGEROUS_OPERATION},
    )
    timeline.update_details(crime_transfer_referral=True, **details)
