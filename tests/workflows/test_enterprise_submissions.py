"""Enterprise users submit their own steps through the same Updates and validators as handlers."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.errors import Conflict, Forbidden, NotFound
from domain.rectification import RectificationStart
from services.rectification_intake import start_rectification
from tests.support import fact_day, principal, record_history
from tests.workflows.hazard_helpers import complete, complete_task_id, events, open_task
from tests.workflows.test_blacklist import _notify, _propose, _today
from tests.workflows.test_rectification import order_and_serve, today
from workflows.contracts import CompleteTaskCommand, UpdateResult
from workflows.kernel import CaseWorkflow

FIREWORKS = "麒麟区南城烟花爆竹经营部"  # no other test lists it: one open listing per enterprise


def enterprise_user(sessions: sessionmaker[Session], username: str, enterprise_name: str) -> str:
    """An enterprise user for an enterprise the demo gives none (once per test database)."""
    with sessions() as db:
        if db.scalar(select(models.User.id).where(models.User.username == username)) is None:
            enterprise = db.scalars(select(models.Enterprise).where(models.Enterprise.name == enterprise_name)).one()
            bureau = db.scalars(select(models.User).where(models.User.username == "ql.handler")).one()
            db.add(
                models.User(
                    username=username,
                    display_name=f"{enterprise_name}（企业用户）",
                    password_hash=bureau.password_hash,
                    org_id=bureau.org_id,
                    role="enterprise",
                    enterprise_id=enterprise.id,
                )
            )
            db.commit()
    return username


async def test_enterprise_states_its_defence_and_no_one_else_may(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    owner = enterprise_user(sessions, "qy.nancheng", FIREWORKS)
    case = await _propose(sessions, client, task_queue, await time_env.get_current_time(), FIREWORKS)
    today = await _today(time_env)
    await _notify(sessions, client, case.id, today)
    statement = await open_task(sessions, case.id, "statement")
    form = {"received_on": today.isoformat(), "statement": "停产期间仅为设备检修，并非组织生产。"}

    # Another enterprise never reaches the workflow: the case is not theirs (404).
    with pytest.raises(NotFound):
        await complete(sessions, client, "qy.panjiang", case.id, "statement", form)
    # Even a forged actor naming another enterprise is refused by the validator, recording nothing.
    other = principal(sessions, "qy.panjiang").actor()
    handle = client.get_workflow_handle(case.workflow_id)
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await handle.execute_update(
            CaseWorkflow.complete_task, CompleteTaskCommand(statement.id, other, form), result_type=UpdateResult
        )
    assert "不由企业提交" in str(refused.value.cause)

    result = await complete(sessions, client, owner, case.id, "statement", form)
    assert result.opened_task_ids
    review = await open_task(sessions, case.id, "statement_review")
    # The agency's own step is not the enterprise's to take.
    with pytest.raises(Forbidden, match="不由企业提交"):
        await complete(sessions, client, owner, case.id, "statement_review", {"decision": "accept", "reply": "同意"})
    with pytest.raises(Conflict, match="已办结"):  # a second statement is refused, synchronously
        await complete_task_id(sessions, client, owner, statement.id, form)
    with sessions() as db:
        assert db.get(models.Task, review.id).status == "open"  # type: ignore[union-attr]
        user = db.scalars(select(models.User).where(models.User.username == owner)).one()
    completed = [e for e in events(sessions, case.id) if e.kind == "task_completed" and e.actor_user_id == user.id]
    assert [e.summary for e in completed] == ["企业在线提交：登记当事人陈述、申辩"]
    await record_history(client, case.workflow_id, "blacklist_enterprise_statement")


async def test_enterprise_reports_completion_of_an_ordered_rectification(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    owner = enterprise_user(sessions, "qy.nancheng", FIREWORKS)
    now = await time_env.get_current_time()
    with sessions() as db:
        enterprise = db.scalars(select(models.Enterprise).where(models.Enterprise.name == FIREWORKS)).one()
        case = await start_rectification(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            start=RectificationStart(
                enterprise_id=enterprise.id,
                inspection_record_no="麒应急检〔2026〕21号",
                inspected_on=fact_day(now),
                findings="仓库内烟花爆竹超量储存",
                own_enforcement_power=False,
            ),
            now=now,
        )
    await order_and_serve(sessions, client, time_env, case.id)
    completion = await open_task(sessions, case.id, "completion")
    reported = {"reported_on": (await today(time_env)).isoformat(), "report": "超量部分已清运至批发企业仓库"}
    result = await complete_task_id(sessions, client, owner, completion.id, reported)
    assert result.opened_task_ids
    reinspection = await open_task(sessions, case.id, "reinspection")
    with pytest.raises(Forbidden, match="不由企业提交"):  # the re-inspection is the bureau's
        await complete_task_id(sessions, client, owner, reinspection.id, {})
    assert "企业在线提交：登记企业整改完成报告" in [e.summary for e in events(sessions, case.id)]
    await record_history(client, case.workflow_id, "rectification_enterprise_completion")
