"""What every intake does: number the case row, then start its workflow or leave nothing behind.

The workflow is started with Update-with-Start: the Update `first_tasks` answers once the case's
opening is written, so the intake's answer names the first task(s) (`opened_tasks`) and neither an
API client nor the console polls the case for them. Its workflow id is the case's (one row, one
workflow); USE_EXISTING makes a retried start join the running workflow instead of failing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import weakref
from typing import Any

from sqlalchemy.orm import Session
from temporalio.client import (
    Client,
    WithStartWorkflowOperation,
    WorkflowUpdateFailedError,
    WorkflowUpdateStage,
)
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDConflictPolicy
from temporalio.service import RPCError, RPCStatusCode

from db import models
from db.organisation_queries import path_codes
from services.temporal_client import TemporalUnavailable, within_deadline
from workflows.kernel import SA_JURISDICTION, SA_PROCESS, SA_STATUS
from workflows.kernel.first_tasks import FIRST_TASKS_UPDATE, FirstTask

log = logging.getLogger(__name__)
# A server without Update-with-Start (ExecuteMultiOperation disabled or unknown) answers so.
_NO_MULTI_OPERATION = (RPCStatusCode.UNIMPLEMENTED, RPCStatusCode.PERMISSION_DENIED)
# What each case's start answered: its open tasks (None when unknown), for the answer of the request.
_opened: weakref.WeakKeyDictionary[models.Case, list[FirstTask] | None] = weakref.WeakKeyDictionary()


def number_case(db: Session, case: models.Case, prefix: str, now: dt.datetime) -> None:
    """Store the new case and give it its number (e.g. GP-2026-00012) and workflow id."""
    # The title joins the enterprise's name to a field that may use its full length: fit the column.
    limit = getattr(models.Case.__table__.c.title.type, "length", None)
    if isinstance(limit, int) and len(case.title) > limit:
        case.title = case.title[: limit - 1] + "…"
    db.add(case)
    db.flush()
    case.case_no = f"{prefix}-{now.year}-{case.id:05d}"
    case.workflow_id = f"{case.process}-{case.case_no}"
    db.commit()


async def start_case_workflow(
    db: Session,
    client: Client,
    case: models.Case,
    run: Any,
    workflow_input: Any,
    task_queue: str,
    *,
    answer_with_tasks: bool = True,
) -> list[FirstTask] | None:
    """Start the case's workflow with its search attributes; without one the case is removed.

    Returns the case's open tasks once its opening is written (also kept for `opened_tasks`), or
    None when they are not known: `answer_with_tasks` False (the public's report: its author sees
    no task), a server without Update-with-Start, or a worker that did not answer in time (the
    case stands; its tasks follow on its page).
    """
    search_attributes = TypedSearchAttributes(
        [
            SearchAttributePair(SA_PROCESS, case.process),
            SearchAttributePair(SA_STATUS, "reported"),
            SearchAttributePair(SA_JURISDICTION, path_codes(case.jurisdiction_path)),
        ]
    )
    tasks: list[FirstTask] | None = None
    # Give the connection back before waiting on Temporal (the first projection is written before
    # the answer comes): held across the wait, 20 intakes at once exhausted the web's pool and the
    # 21st waited 30 s for a connection (bench.throughput --n 1000: 500s). Nothing is pending here:
    # `number_case` committed the row; reads since then began a transaction that only holds it.
    db.commit()
    try:
        if answer_with_tasks:
            tasks = await _start_with_first_tasks(client, case, run, workflow_input, task_queue, search_attributes)
        else:
            await _start(client, case, run, workflow_input, task_queue, search_attributes)
    except Exception as exc:
        # Without a workflow the case would never move: remove it so nothing half-made remains.
        if isinstance(exc, TemporalUnavailable) and exc.may_have_happened:
            await _abandon(client, case.workflow_id)
        db.delete(case)
        db.commit()
        raise
    _opened[case] = tasks
    return tasks


def opened_tasks(case: models.Case) -> list[FirstTask] | None:
    """The open tasks the case's start answered with, in the request that started it (None: unknown)."""
    return _opened.get(case)


async def _start(
    client: Client, case: models.Case, run: Any, workflow_input: Any, task_queue: str, sa: TypedSearchAttributes
) -> None:
    start = client.start_workflow(run, workflow_input, id=case.workflow_id, task_queue=task_queue, search_attributes=sa)
    await within_deadline(start, late=NOT_STARTED, unreachable=NOT_STARTED)


async def _start_with_first_tasks(
    client: Client, case: models.Case, run: Any, workflow_input: Any, task_queue: str, sa: TypedSearchAttributes
) -> list[FirstTask] | None:
    operation = WithStartWorkflowOperation(
        run,
        workflow_input,
        id=case.workflow_id,
        task_queue=task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        search_attributes=sa,
    )
    call = client.start_update_with_start_workflow(
        FIRST_TASKS_UPDATE,
        start_workflow_operation=operation,
        wait_for_stage=WorkflowUpdateStage.COMPLETED,
        id=FIRST_TASKS_UPDATE,
        result_type=list[FirstTask],
    )
    try:
        handle = await within_deadline(call, late=NOT_STARTED, unreachable=NOT_STARTED)
        return list(await handle.result())
    except RPCError as exc:
        if exc.status not in _NO_MULTI_OPERATION:
            raise
        log.warning("Update-with-Start refused (%s): case %s started without its first tasks", exc, case.case_no)
        await _start(client, case, run, workflow_input, task_queue, sa)
        return None
    except WorkflowUpdateFailedError:
        return None  # the workflow started; the Update was refused: its page shows the tasks
    except TemporalUnavailable as exc:
        # No answer in time: the start may have been taken while no worker ran the case yet.
        if exc.may_have_happened and await _exists(client, case.workflow_id):
            return None
        raise


async def _exists(client: Client, workflow_id: str) -> bool:
    """Whether the case's workflow runs (short, best effort: the server may be unreachable)."""
    try:
        async with asyncio.timeout(1):  # short: `_abandon` follows a miss, within the request's time
            await client.get_workflow_handle(workflow_id).describe()
    except (TimeoutError, RPCError):
        return False
    return True


NOT_STARTED = "系统繁忙，流程服务暂时无法响应，本次立案未成功，未保存任何内容，请稍后再试"


async def _abandon(client: Client, workflow_id: str) -> None:
    """A start that got no answer may still have reached the server: end that workflow, whose case
    row is being removed. Best effort and short, as the server may be unreachable."""
    try:
        async with asyncio.timeout(2):
            await client.get_workflow_handle(workflow_id).terminate("立案未确认，案件记录已撤销")
    except (TimeoutError, RPCError):
        pass  # never started, or unreachable: nothing runs without its case row for long
