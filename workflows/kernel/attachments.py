"""The `attach` case action: files added to a case by its staff or its enterprise.

The bytes are in the attachment store and the rows in `attachments` (written by the service once
the Update is accepted); the timeline records what was added, by whom, with each file's SHA-256.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.errors import Forbidden, InvalidInput
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel.access import ENTERPRISE_ROLE, STAFF_ROLES, Access
    from workflows.kernel.actions import CaseActions
    from workflows.kernel.human_task import attachment_data
    from workflows.kernel.outbox import Timeline


def register_attach(actions: CaseActions, timeline: Timeline, access: Access) -> None:
    def check(cmd: CaseActionCommand) -> None:
        if not (access.is_case_enterprise(cmd.actor) or cmd.actor.role in STAFF_ROLES):
            raise Forbidden("您无权为本案上传附件")
        if not cmd.attachments:
            raise InvalidInput("请选择要上传的文件")

    async def attach(cmd: CaseActionCommand) -> UpdateResult:
        names = "、".join(a.filename for a in cmd.attachments)
        timeline.record_event(
            "attachment_added",
            f"{'企业' if cmd.actor.role == ENTERPRISE_ROLE else ''}上传附件：{names}",
            actor=cmd.actor,
            data={"attachments": attachment_data(cmd.attachments), **cmd.form},
        )
        await timeline.flush()
        return UpdateResult(None, "附件已上传")

    actions.add("attach", check, attach)
