"""条例 第二十二条: the investigation team "应当邀请人民检察院派人参加" — the invitation of the
procuratorate, for the first team and for a team the higher government forms anew (art 20(2))."""

from __future__ import annotations

from typing import TYPE_CHECKING

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import accident
    from workflows.accident.state import AccidentState

if TYPE_CHECKING:
    from workflows.kernel import CaseWorkflow


async def invite_procuratorate(case: CaseWorkflow[AccidentState], state: AccidentState, title: str = "") -> None:
    """Open the invitation in the procuratorate's inbox; record who it sends, if it joins."""
    task = state.task("procuratorate_join", title=title) if title else state.task("procuratorate_join")
    outcome = await case.tasks.human_step(task)
    if outcome.actor is None:
        return
    answer = outcome.parsed(accident.ProcuratorateJoinForm)
    if answer.decision == "join":
        case.update_details(procuratorate_members=answer.members)
        case.record_event("procuratorate_joined", f"人民检察院派员参加调查：{answer.members}")
