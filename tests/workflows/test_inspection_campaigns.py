"""Recurring inspection campaigns (曲靖 (十一)): the Schedule is created idempotently and its run
opens one task per bureau of the jurisdiction; a missed task is overdue and escalates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.inspection_campaigns import TIME_ZONE
from domain.process_config import ProcessConfig
from domain.roles import OrgType
from services.campaign_schedules import ensure_campaign_schedules, load_campaigns
from tests import support
from tests.support import record_history
from tests.workflows.hazard_helpers import eventually
from worker import build_worker
from workflows.inspection_campaign.contracts import CampaignLaunchResult, CampaignRun

QUJING = "530300"


def bureaus_under(sessions: sessionmaker[Session], code: str) -> set[int]:
    with sessions() as db:
        root = db.get(models.Jurisdiction, code)
        assert root is not None
        return set(
            db.scalars(
                select(models.Organisation.id)
                .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
                .where(
                    models.Organisation.org_type == OrgType.EMERGENCY_BUREAU,
                    models.Jurisdiction.path.startswith(root.path),
                )
            )
        )


def campaign_tasks(sessions: sessionmaker[Session], code: str) -> list[tuple[models.Case, models.Task]]:
    with sessions() as db:
        rows = db.execute(
            select(models.Case, models.Task)
            .join(models.Task, models.Task.case_id == models.Case.id)
            .where(models.Case.process == "inspection_campaign", models.Case.workflow_id.like(f"%-{code}-%"))
        ).all()
        return [(case, task) for case, task in rows]


async def test_schedule_is_created_once_and_its_run_opens_one_task_per_bureau(
    sessions: sessionmaker[Session],
) -> None:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=support.binary("temporal"), data_converter=client_converter()
    )
    try:
        await support.register_search_attributes(env.client)
        queue = f"test-{uuid.uuid4().hex[:8]}"
        configured = load_campaigns()
        assert {c.kind for c in configured} == {"comprehensive", "sector"}
        code = f"t{uuid.uuid4().hex[:6]}"
        campaign = dataclasses.replace(configured[0], code=code)
        async with build_worker(env.client, queue, sessions, ProcessConfig()):
            assert await ensure_campaign_schedules(env.client, queue, (campaign,)) == [campaign.schedule_id]
            moved = dataclasses.replace(campaign, report_days=15)
            await ensure_campaign_schedules(env.client, queue, (moved,))  # again: updated, not duplicated
            handle = env.client.get_schedule_handle(campaign.schedule_id)
            described = await handle.describe()
            assert described.schedule.spec.time_zone_name == TIME_ZONE and described.schedule.spec.calendars
            await handle.trigger()
            expected = bureaus_under(sessions, QUJING)
            await eventually(lambda: {t.org_id for _, t in campaign_tasks(sessions, code)} == expected, timeout=30)
            pairs = campaign_tasks(sessions, code)
            assert len(pairs) == len(expected) >= 2  # one task per bureau, none twice
            assert all(task.step == "campaign_report" and task.role == "handler" for _, task in pairs)
            for case, _ in pairs:  # the updated schedule's 15 days, not the first one's 30
                run_on = dt.date.fromisoformat(case.details["run_on"])
                assert dt.date.fromisoformat(case.details["due_on"]) == run_on + dt.timedelta(days=15)
            await handle.delete()
            await support.terminate_open_cases(env.client, sessions)
    finally:
        await env.shutdown()


def client_converter():  # type: ignore[no-untyped-def]
    from services.temporal_client import DATA_CONVERTER

    return DATA_CONVERTER


async def test_a_missed_campaign_task_is_overdue_and_goes_to_the_office_above(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    code = f"m{uuid.uuid4().hex[:6]}"
    run = CampaignRun(code, "危险化学品行业安全生产专项检查", "sector", "530302", 5, "危险化学品")
    launch = f"launch-{code}"
    first: CampaignLaunchResult = await client.execute_workflow(
        "CampaignLaunchWorkflow", run, id=launch, task_queue=task_queue, result_type=CampaignLaunchResult
    )
    assert first.opened == len(bureaus_under(sessions, "530302")) == 1
    again: CampaignLaunchResult = await client.execute_workflow(
        "CampaignLaunchWorkflow", run, id=f"{launch}-again", task_queue=task_queue, result_type=CampaignLaunchResult
    )
    assert (again.period, again.opened) == (first.period, 0)  # the same period opens nothing twice
    await eventually(lambda: len(campaign_tasks(sessions, code)) == 1)

    await time_env.sleep(dt.timedelta(days=12))  # past the 5 days, whatever weekend they end on

    def escalated() -> bool:
        tasks = [t for _, t in campaign_tasks(sessions, code)]
        return any(t.step == "supervision" and t.status == "open" for t in tasks)

    await eventually(escalated)
    case, task = next((c, t) for c, t in campaign_tasks(sessions, code) if t.step == "campaign_report")
    assert task.overdue and case.overdue
    with sessions() as db:
        office = db.scalars(select(models.User).where(models.User.username == "qj.office")).one()
    # The first rung: the supervision of the missed report itself. Twelve days on, that one may be
    # overdue too and have climbed to the province (a second supervision task, in no set order).
    supervision = next(
        t for _, t in campaign_tasks(sessions, code) if t.step == "supervision" and t.parent_task_id == task.id
    )
    assert supervision.org_id == office.org_id
    await record_history(client, launch, "inspection_campaign_launch")
    await record_history(client, case.workflow_id, "inspection_campaign_overdue")
