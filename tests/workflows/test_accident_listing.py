"""Listing of accident investigations on the time-skipping server: by grade (国办发〔2015〕20号 (六)),
by overdue steps (Guangxi triggers), above the province (国务院安委办, recorded by the province), and
after an escalated investigation (条例 art 20)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.errors import Conflict, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, eventually, open_task, tasks_of
from tests.workflows.test_accident_review import FULL_REPORT, TEAM, due_day, kinds, report

REPLY = {"reply_no": "政复〔2026〕1号", "penalties": "", "accountability": "", "crime_referral": False}


async def test_A34_larger_accident_is_listed_by_the_province_with_sixty_days_for_the_matters(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await report(
        sessions, client, task_queue, now, deaths=3, county="530303", enterprise_name="沾益区德泽纺织有限公司"
    )
    matters = await open_task(sessions, case.id, "supervised_matters")
    # The city investigating a 较大 accident completes the listed matters within 60 日 of the listing.
    assert matters.org_id == principal(sessions, "qj.office").org_id
    listed_on = now.astimezone(CHINA_TZ).date()
    assert listed_on + dt.timedelta(days=60) <= due_day(matters) <= listed_on + dt.timedelta(days=69)
    assert case_row(sessions, case.id).details["supervising_level"] == "province"
    with pytest.raises(Conflict, match="批复前"):
        await complete(sessions, client, "qj.office", case.id, "supervised_matters", {"result": "已办结"})
    await complete(sessions, client, "qj.handler", case.id, "team_formation", TEAM)
    await complete(sessions, client, "qj.handler", case.id, "investigation_report", FULL_REPORT)
    # The draft is reviewed by the province before the 批复.
    review = await open_task(sessions, case.id, "draft_review")
    assert review.org_id == principal(sessions, "yn.office").org_id
    assert not [t for t in tasks_of(sessions, case.id) if t.step == "reply"]
    await complete(sessions, client, "yn.office", case.id, "draft_review", {"decision": "approve", "opinion": "同意"})
    await complete(sessions, client, "qj.office", case.id, "reply", REPLY)
    await complete(sessions, client, "qj.office", case.id, "supervised_matters", {"result": "督办事项已办结"})
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A32_A33_major_accident_review_and_filing_by_the_state_council_office_are_recorded_by_the_province(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now, deaths=10)
    await open_task(sessions, case.id, "team_formation")
    assert case_row(sessions, case.id).details["supervising_level"] == "state_council"
    await complete(sessions, client, "yn.handler", case.id, "team_formation", TEAM)
    await complete(sessions, client, "yn.handler", case.id, "investigation_report", FULL_REPORT)
    # A33: the draft goes to 国务院安委办 before the 批复; the provincial office records its answer.
    external = await open_task(sessions, case.id, "external_review")
    assert external.org_id == principal(sessions, "yn.office").org_id
    today = (await time_env.get_current_time()).astimezone(CHINA_TZ).date()
    await complete(
        sessions,
        client,
        "yn.office",
        case.id,
        "external_review",
        {
            "submitted_on": today.isoformat(),
            "reference_no": "云安委〔2026〕9号",
            "decision": "approve",
            "opinion": "同意",
        },
    )
    await complete(sessions, client, "yn.office", case.id, "reply", REPLY)
    # A32/A33: after the 批复 the report is filed with 国务院安委办, recorded by the province.
    filing = await open_task(sessions, case.id, "report_filing")
    assert filing.org_id == principal(sessions, "yn.office").org_id and "国务院安委办" in filing.title
    await complete(
        sessions,
        client,
        "yn.office",
        case.id,
        "report_filing",
        {"filing_no": "云安委〔2026〕10号", "filed_on": today.isoformat()},
    )
    await eventually(lambda: "report_filing_filed" in kinds(sessions, case.id))
    await record_history(client, case.workflow_id, "accident_state_council_review")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A35_team_counts_from_the_accident_and_overdue_steps_list_the_case_and_escalate(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    unlisted = ProcessConfig(review_level_by_grade={})
    case = await report(sessions, client, task_queue, now, deaths=1, config=unlisted)
    team = await open_task(sessions, case.id, "team_formation")
    # A35: the team's 5 日 run from the accident's day (3 hours before intake), not from intake.
    accident_day = (now - dt.timedelta(hours=3)).astimezone(CHINA_TZ).date()
    assert team.clock_start_at is not None
    assert team.clock_start_at.astimezone(CHINA_TZ).date() == accident_day
    assert accident_day + dt.timedelta(days=5) <= due_day(team) <= accident_day + dt.timedelta(days=14)
    assert "listed_for_supervision" not in kinds(sessions, case.id)
    await time_env.sleep(team.due_at - await time_env.get_current_time() + dt.timedelta(hours=1))
    # No team in 5 日: the city lists the case (Guangxi trigger) and its office supervises.
    await eventually(lambda: "listed_for_supervision" in kinds(sessions, case.id))
    assert case_row(sessions, case.id).details["supervising_level"] == "city"
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    await complete(sessions, client, "ql.handler", case.id, "investigation_report", FULL_REPORT)
    assert (await open_task(sessions, case.id, "draft_review")).org_id == principal(sessions, "qj.office").org_id
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A26_overdue_reply_is_supervised_by_the_office_above(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    quiet = ProcessConfig(review_level_by_grade={}, listing_on_overdue=())
    case = await report(sessions, client, task_queue, await time_env.get_current_time(), deaths=1, config=quiet)
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    await complete(sessions, client, "ql.handler", case.id, "investigation_report", FULL_REPORT)
    reply = await open_task(sessions, case.id, "reply")
    await time_env.sleep(reply.due_at - await time_env.get_current_time() + dt.timedelta(hours=1))
    city = principal(sessions, "qj.office").org_id
    await eventually(lambda: any(t.kind == "supervision" and t.org_id == city for t in tasks_of(sessions, case.id)))
    assert "listed_for_supervision" not in kinds(sessions, case.id)
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_O6_escalated_investigation_is_taken_over_and_reviewed_above_its_new_level(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now, deaths=1)
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    # 条例 art 20: the level above takes the investigation over; the city's office decides.
    await act(
        sessions, client, "qj.office", case.id, "escalate_investigation", {"reason": "社会影响较大，市级提级调查"}
    )
    assert (await open_task(sessions, case.id, "investigation_report")).org_id == principal(
        sessions, "qj.handler"
    ).org_id
    with pytest.raises(InvalidInput, match="事故发生单位概况"):
        await complete(
            sessions, client, "qj.handler", case.id, "investigation_report", {**FULL_REPORT, "unit_overview": ""}
        )
    await complete(sessions, client, "qj.handler", case.id, "investigation_report", FULL_REPORT)
    # Listed by the city at intake, the city now investigates: the province reviews (国办发 (六)).
    assert (await open_task(sessions, case.id, "draft_review")).org_id == principal(sessions, "yn.office").org_id
    # The investigation ended with the report (条例 art 31): no escalation after it.
    with pytest.raises(Conflict, match="调查工作已结束"):
        await act(sessions, client, "yn.office", case.id, "escalate_investigation", {"reason": "省级提级"})
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A36_A11_a_grade_risen_into_a_listed_grade_is_listed_and_reviewed_above_the_new_investigator(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    # A province that lists only 较大 (by the province): a 一般 accident is not listed until a
    # casualty change (条例 art 13) makes it 较大; then the city investigates and the province reviews.
    config = ProcessConfig(review_level_by_grade={"较大": "province"}, listing_on_overdue=())
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now, deaths=1, config=config)
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    assert "listed_for_supervision" not in kinds(sessions, case.id)
    update = {"deaths": 3, "serious_injuries": 0, "direct_loss_cny": 1_200_000, "reason": "2名重伤者抢救无效死亡"}
    await act(sessions, client, "ql.handler", case.id, "update_casualties", update)
    # Art 20 para 2: the city decides on a new team; the listing follows that decision (A11).
    assert "supervising_level" not in case_row(sessions, case.id).details
    decision = {"decision": "new_team", "opinion": "另行组织事故调查组"}
    await complete(sessions, client, "qj.office", case.id, "regrade_decision", decision)
    await eventually(lambda: case_row(sessions, case.id).details.get("supervising_level") == "province")
    await complete(sessions, client, "qj.handler", case.id, "investigation_report", FULL_REPORT)
    assert (await open_task(sessions, case.id, "draft_review")).org_id == principal(sessions, "yn.office").org_id
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A25_extraordinary_accident_reply_extends_once_by_at_most_thirty_days(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now, deaths=30)
    assert case_row(sessions, case.id).details["grade"] == "特别重大"
    await complete(
        sessions,
        client,
        "yn.handler",
        case.id,
        "team_formation",
        TEAM,
    )
    await complete(sessions, client, "yn.handler", case.id, "investigation_report", FULL_REPORT)
    reply = await open_task(sessions, case.id, "reply")
    assert reply.deadline_rule == "accident.reply_extraordinary"
    due_day = reply.due_at.astimezone(CHINA_TZ).date()
    with pytest.raises(InvalidInput, match="30日"):
        await act(
            sessions,
            client,
            "yn.office",
            case.id,
            "request_extension",
            {"requested_due": (due_day + dt.timedelta(days=45)).isoformat(), "reason": "过长"},
        )
    await act(
        sessions,
        client,
        "yn.office",
        case.id,
        "request_extension",
        {"requested_due": (due_day + dt.timedelta(days=20)).isoformat(), "reason": "需征求有关部门意见"},
    )
    assert (await open_task(sessions, case.id, "reply")).due_at.astimezone(CHINA_TZ).date() >= due_day + dt.timedelta(
        days=20
    )
    with pytest.raises(InvalidInput, match="最多可延长1次"):
        await act(
            sessions,
            client,
            "yn.office",
            case.id,
            "request_extension",
            {"requested_due": (due_day + dt.timedelta(days=25)).isoformat(), "reason": "再次延期"},
        )
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
