"""Human actions on a case, sent to its workflow as Temporal Updates.

The database is read only to find the case and hide what the user may not see (404); the
workflow's validators decide everything else and refuse synchronously, recording nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from db import models
from domain import registry
from domain.definitions.common import KERNEL_ACTIONS
from domain.errors import Conflict, InvalidInput, NotFound
from services import entrustment_acts, read_audit, task_stand_ins
from services.principal import Principal, visible_cases
from services.step_checks import step_errors
from services.temporal_client import within_deadline
from workflows.contracts import (
    Actor,
    AttachmentRef,
    CaseActionCommand,
    ClaimTaskCommand,
    CompleteTaskCommand,
    UpdateResult,
)
from workflows.kernel import INVALID, CaseWorkflow
from workflows.kernel.refusals import REFUSALS


class RefusedWithErrors(InvalidInput):
    """An invalid form, with the message of each field."""

    def __init__(self, message: str, errors: list[dict[str, str]]) -> None:
        super().__init__(message)
        self.errors = errors


def accepted_actions(process: str) -> frozenset[str]:
    """The case actions a process's workflow accepts: those its definition declares, and the
    kernel's own (serving a document, attaching files), which have pages of their own."""
    definition = registry.PROCESSES.get(process)
    declared = {action.code for action in definition.actions} if definition else set()
    return frozenset(declared | set(KERNEL_ACTIONS))


def visible_case(db: Session, principal: Principal, case_id: int) -> models.Case:
    case = db.scalars(select(models.Case).where(models.Case.id == case_id, visible_cases(principal))).one_or_none()
    if case is None:
        raise NotFound("案件不存在或不在您的查看范围内")
    read_audit.record(db, principal, case.id, "case", case.id)
    return case


def visible_task(db: Session, principal: Principal, task_id: str) -> tuple[models.Task, models.Case]:
    row = db.execute(
        select(models.Task, models.Case)
        .join(models.Case, models.Case.id == models.Task.case_id)
        .where(
            models.Task.id == task_id,
            # A task addressed to my organisation is mine to see, wherever its case is (not for an
            # enterprise user, whose account is opened by a bureau but never acts for it, nor for
            # the administrator, who sits in an office but has no case duty).
            visible_cases(principal)
            if principal.is_enterprise or not principal.has_case_access or principal.is_read_only
            else visible_cases(principal) | (models.Task.org_id == principal.org_id),
        )
    ).one_or_none()
    if row is None:
        raise NotFound("任务不存在或不在您的查看范围内")
    return row[0], row[1]


async def complete_task(
    *,
    db: Session,
    client: Client,
    principal: Principal,
    task_id: str,
    form: dict[str, Any],
    attachments: list[AttachmentRef] | None = None,
) -> UpdateResult:
    task, case = visible_task(db, principal, task_id)
    entrustment_acts.check_case_act(db, principal, case, task.step, dt.datetime.now(dt.UTC))
    errors = step_errors(case, task.step, form, dt.datetime.now(dt.UTC))
    if errors:
        raise RefusedWithErrors("；".join(e["message"] for e in errors), errors)
    cmd = CompleteTaskCommand(
        task_id=task_id, actor=acting(db, principal, task), form=form, attachments=attachments or []
    )
    return await _update(db, client, case, CaseWorkflow.complete_task, cmd)


async def claim_task(*, db: Session, client: Client, principal: Principal, task_id: str, claim: bool) -> UpdateResult:
    task, case = visible_task(db, principal, task_id)
    cmd = ClaimTaskCommand(task_id=task_id, actor=acting(db, principal, task), claim=claim)
    return await _update(db, client, case, CaseWorkflow.claim_task, cmd)


async def act_on_case(
    *,
    db: Session,
    client: Client,
    principal: Principal,
    case_id: int,
    action: str,
    form: dict[str, Any],
    attachments: list[AttachmentRef] | None = None,
) -> UpdateResult:
    case = visible_case(db, principal, case_id)
    if action not in accepted_actions(case.process):
        raise InvalidInput("本案件的流程没有这项操作，请从案件页面的“案件操作”中选择")
    entrustment_acts.check_case_act(db, principal, case, action, dt.datetime.now(dt.UTC))
    cmd = CaseActionCommand(action=action, actor=principal.actor(), form=form, attachments=attachments or [])
    return await _update(db, client, case, CaseWorkflow.act, cmd)


def acting(db: Session, principal: Principal, task: models.Task) -> Actor:
    """The actor of a step: the principal, standing in (代理) for a colleague on leave if so."""
    actor = principal.actor()
    actor.on_behalf_of = task_stand_ins.on_behalf_of(db, principal, task, dt.datetime.now(dt.UTC))
    return actor


async def run_update(db: Session, client: Client, case: models.Case, update: Any, cmd: Any) -> UpdateResult:
    """Send an Update to the case's workflow; its refusals come back as domain errors."""
    return await _update(db, client, case, update, cmd)


async def _update(db: Session, client: Client, case: models.Case, update: Any, cmd: Any) -> UpdateResult:
    if case.closed:
        raise Conflict("案件已办结，不能再办理")
    # Give the connection back before waiting on the workflow: its activity needs one too, and a
    # burst of concurrent steps must not exhaust the pool.
    db.commit()
    handle = client.get_workflow_handle(case.workflow_id)
    try:
        result: UpdateResult = await within_deadline(
            handle.execute_update(update, cmd, result_type=UpdateResult),
            late="系统繁忙，本次操作未能确认是否已提交，请稍后刷新查看后再试（可能已提交，请勿重复办理）",
            unreachable="系统暂时无法连接流程服务，本次操作未提交，请稍后再试",
        )
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        if isinstance(cause, ApplicationError) and cause.type in REFUSALS:
            details = cause.details[0] if cause.details else None
            if cause.type == INVALID and isinstance(details, list):
                raise RefusedWithErrors(cause.message, details) from None
            raise REFUSALS[cause.type](cause.message) from None
        raise
    except RPCError as exc:
        if exc.status in (RPCStatusCode.NOT_FOUND, RPCStatusCode.FAILED_PRECONDITION):
            raise Conflict("案件流程已结束或不存在，不能再办理") from None
        raise
    return result
