"""转办, 加签 and 撤回 on a hazard case, through the services as the API sends them (issue 19)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.errors import Conflict, Forbidden
from services import task_actions
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import (
    LISTING,
    LISTING_PUBLICATION,
    PLAN,
    UPPER_FILING,
    case_row,
    china_today,
    complete,
    complete_task_id,
    events,
    open_task,
    report,
    serve_notice,
    tasks_of,
)
from workflows.contracts import UpdateResult


def user_id(sessions: sessionmaker[Session], username: str) -> int:
    return principal(sessions, username).user_id


async def act(
    sessions: sessionmaker[Session], client: Client, username: str, task_id: str, action: str, **kw: Any
) -> UpdateResult:
    with sessions() as db:
        return await task_actions.act_on_task(
            db=db,
            client=client,
            principal=principal(sessions, username),
            task_id=task_id,
            action=action,
            reason=kw.get("reason", "工作调整"),
            target_user_id=kw.get("to"),
            at=dt.datetime.now(dt.UTC),
        )


async def test_delegate_cosign_and_transfer_before_the_step_completes(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, now)
    listing = await open_task(sessions, case.id, "listing_decision")

    office2 = user_id(sessions, "ql.office2")
    form = {**LISTING, "rectification_deadline": (today + dt.timedelta(days=60)).isoformat()}
    # 委派: the colleague holds the step, the delegator stays answerable and may still act on it.
    await act(sessions, client, "ql.office", listing.id, "delegate", to=office2)
    assert tasks_of(sessions, case.id)[0].claimed_by_user_id == office2
    result = await act(sessions, client, "ql.office", listing.id, "add_signer", to=user_id(sessions, "qj.office"))
    (cosign_id,) = result.opened_task_ids
    # 转办: handed over; the first official no longer acts on it.
    await act(sessions, client, "ql.office", listing.id, "transfer", to=office2)
    with pytest.raises(Conflict, match="已被他人签收"):
        await complete_task_id(sessions, client, "ql.office", listing.id, form)
    with pytest.raises(Conflict, match="须待被加签人审批"):
        await complete_task_id(sessions, client, "ql.office2", listing.id, form)
    with sessions() as db:
        cosign = db.get(models.Task, cosign_id)
        assert cosign is not None and cosign.kind == "cosign" and cosign.due_at.date() <= listing.due_at.date()
    await complete_task_id(sessions, client, "qj.office", cosign_id, {"decision": "agree", "opinion": "同意挂牌"})
    await complete_task_id(sessions, client, "ql.office2", listing.id, form)
    assert case_row(sessions, case.id).status == "listed"  # listed; publication and filing follow (H21, H22)
    kinds = [e.kind for e in events(sessions, case.id)]
    assert kinds.index("delegate") < kinds.index("add_signer") < kinds.index("transfer") < kinds.index("task_completed")
    transfer = next(e for e in events(sessions, case.id) if e.kind == "transfer")
    assert transfer.reason == "工作调整" and "转办" in transfer.summary
    await record_history(client, case.workflow_id, "task_actions_delegate_cosign_transfer")


async def test_withdraw_redoes_the_step_while_the_next_has_not_started(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    deadline = today + dt.timedelta(days=60)
    case = await report(sessions, client, task_queue, now)
    await complete(
        sessions, client, "ql.office", case.id, "listing_decision", {**LISTING, "rectification_deadline": str(deadline)}
    )
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "listing_publication",
        {**LISTING_PUBLICATION, "published_on": today.isoformat()},
    )
    await complete(
        sessions, client, "ql.office", case.id, "upper_filing", {**UPPER_FILING, "filed_on": today.isoformat()}
    )
    await serve_notice(sessions, client, case.id, today)  # the plan's clock runs from the notice's service (H31)
    listing = next(t for t in tasks_of(sessions, case.id) if t.step == "listing_decision")
    with pytest.raises(Conflict, match="不能撤回"):  # the process read the decision and went on
        await act(sessions, client, "ql.office", listing.id, "withdraw")
    plan = await open_task(sessions, case.id, "rectification_plan")
    await complete(
        sessions, client, "ql.handler", case.id, "rectification_plan", {**PLAN, "plan_deadline": str(deadline)}
    )
    review = await open_task(sessions, case.id, "plan_review")

    with pytest.raises(Forbidden, match="本人办结"):
        await act(sessions, client, "ql.handler2", plan.id, "withdraw")
    result = await act(sessions, client, "ql.handler", plan.id, "withdraw", reason="整改措施漏填联锁改造")
    redo = await open_task(sessions, case.id, "rectification_plan")
    assert redo.id != plan.id and redo.claimed_by_user_id == user_id(sessions, "ql.handler")
    assert result.task_id == plan.id
    with sessions() as db:
        old_review = db.get(models.Task, review.id)
        assert old_review is not None and old_review.status == "cancelled"
    corrected = {**PLAN, "measures": "更换报警器，增设紧急切断联锁并联调", "plan_deadline": str(deadline)}
    await complete_task_id(sessions, client, "ql.handler", redo.id, corrected)
    again = await open_task(sessions, case.id, "plan_review")
    with sessions() as db:  # the withdrawn step now reads the redone content, as the process does
        first = db.get(models.Task, plan.id)
        assert first is not None and first.outcome["measures"] == corrected["measures"]
    assert again.id not in (review.id,)
    await complete_task_id(sessions, client, "ql.office", again.id, {"decision": "approve", "opinion": "可行"})
    with pytest.raises(Conflict, match="不能撤回"):  # the next step is done: too late
        await act(sessions, client, "ql.handler", redo.id, "withdraw")
    await open_task(sessions, case.id, "rectification")
    withdrawn = next(e for e in events(sessions, case.id) if e.kind == "withdraw")
    assert withdrawn.reason == "整改措施漏填联锁改造"
    await record_history(client, case.workflow_id, "task_actions_withdraw")
