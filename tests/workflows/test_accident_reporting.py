"""Accident reporting, re-grading and referrals on the time-skipping server (条例 arts 9–13, 19–22, 26)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.accident import AccidentReport
from domain.crime_transfer import CrimeTransferStart
from domain.errors import Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services.accident_intake import report_accident
from services.crime_transfer_intake import start_crime_transfer
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, events, eventually, open_task, tasks_of
from tests.workflows.test_accident_review import FULL_REPORT

TEAM = {"lead_department": "应急管理局", "members": "调查组", "experts": ""}
REPORT = FULL_REPORT  # 条例 art 30: the six items, the evidence and the members' signatures
# Listing as a province that lists 较大 (province) but not 一般: a re-grade into 较大 lists the case.
LISTS_LARGER = ProcessConfig(review_level_by_grade={"较大": "province"})


async def _report(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    occurred_at: dt.datetime,
    now: dt.datetime,
    *,
    deaths: int,
    reporter: str = "ql.handler",
    config: ProcessConfig | None = None,
    **fields: Any,
) -> models.Case:
    with sessions() as db:
        enterprise = db.scalars(
            select(models.Enterprise).where(models.Enterprise.jurisdiction_code == "530302")
        ).first()
        assert enterprise is not None
        return await report_accident(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, reporter),
            report=AccidentReport.model_validate(
                {
                    "enterprise_id": enterprise.id,
                    "occurred_at": occurred_at,
                    "place": "液氯储罐区",
                    "deaths": deaths,
                    "serious_injuries": 0,
                    "direct_loss_cny": 1_200_000,
                    "account": "液氯泄漏致人中毒。",
                    **fields,
                }
            ),
            config=config or ProcessConfig(),
            now=now,
        )


def kinds(sessions: sessionmaker[Session], case_id: int) -> list[str]:
    return [e.kind for e in events(sessions, case_id)]


async def test_A3_A4_A5_O7_late_reports_and_upward_clocks_level_by_level(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    occurred = now - dt.timedelta(hours=3)
    received = occurred + dt.timedelta(minutes=80)
    # The unit head was told 10 minutes after the accident and reported 70 minutes later: 迟报 (art 9).
    case = await _report(
        sessions,
        client,
        task_queue,
        occurred,
        now,
        deaths=3,
        unit_head_informed_at=occurred + dt.timedelta(minutes=10),
        received_at=received,
    )
    await eventually(lambda: "reporting" in case_row(sessions, case.id).details)
    row = case_row(sessions, case.id)
    assert row.details["late_report"] is True and row.details["reporting"]["late"] == ["unit_head"]
    late = [e for e in events(sessions, case.id) if e.kind == "late_report"]
    assert len(late) == 1 and "超时10分钟" in late[0].summary and "第九条" in late[0].summary

    # 较大: county → city → province, each within 2 hours of its own receipt (arts 10, 11).
    county = await open_task(sessions, case.id, "upward_report")
    assert (
        county.org_id == principal(sessions, "ql.handler").org_id and county.deadline_rule == "accident.upward_report"
    )
    assert county.due_at == received + dt.timedelta(hours=2)
    await time_env.sleep(dt.timedelta(hours=1))
    form = {"means": "电话", "government_informed": True}
    with pytest.raises(InvalidInput, match="本级人民政府"):
        await complete(
            sessions,
            client,
            "ql.handler",
            case.id,
            "upward_report",
            {**form, "reported_at": received.isoformat(), "government_informed": False},
        )
    with pytest.raises(InvalidInput, match="晚于现在"):
        await complete(
            sessions,
            client,
            "ql.handler",
            case.id,
            "upward_report",
            {**form, "reported_at": (now + dt.timedelta(hours=2)).isoformat()},
        )
    county_reported = received + dt.timedelta(hours=2, minutes=30)
    await complete(
        sessions, client, "ql.handler", case.id, "upward_report", {**form, "reported_at": county_reported.isoformat()}
    )
    city = await open_task(sessions, case.id, "upward_report")
    assert city.org_id == principal(sessions, "qj.handler").org_id
    assert city.due_at == county_reported + dt.timedelta(hours=2)  # from the city's own receipt
    await complete(
        sessions,
        client,
        "qj.handler",
        case.id,
        "upward_report",
        {**form, "reported_at": (county_reported + dt.timedelta(minutes=5)).isoformat()},
    )
    await eventually(
        lambda: not [t for t in tasks_of(sessions, case.id) if t.step == "upward_report" and t.status == "open"]
    )
    row = case_row(sessions, case.id)
    assert [hop["minutes_late"] for hop in row.details["reporting_upward"]] == [30, 0]
    assert [hop["to"] for hop in row.details["reporting_upward"]] == ["city", "province"]
    assert any(e.kind == "late_report" and "第十一条" in e.summary for e in events(sessions, case.id))

    # Art 10: the labour department and the union are notified only once the bureau records it.
    assert "notified_union" not in row.details and "notified_police" in row.details
    notified = [e.summary for e in events(sessions, case.id) if e.kind == "notified"]
    assert notified and not any("已通报" in s and "工会" in s.split("（")[0] for s in notified)
    with pytest.raises(Forbidden):
        await act(
            sessions,
            client,
            "ql.office",
            case.id,
            "record_notification",
            {"agency": "union", "notified_at": now.isoformat(), "means": "电话"},
        )
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "record_notification",
        {"agency": "union", "notified_at": (occurred + dt.timedelta(hours=2)).isoformat(), "means": "电话"},
    )
    assert "notified_union" in case_row(sessions, case.id).details
    assert any(e.kind == "notified" and e.summary.startswith("已通知工会") for e in events(sessions, case.id))
    await record_history(client, case.workflow_id, "accident_reporting")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A11_A15_A36_a_grade_rise_waits_for_the_higher_government_which_forms_a_new_team(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await _report(
        sessions, client, task_queue, now - dt.timedelta(hours=3), now, deaths=2, typical=True, config=LISTS_LARGER
    )
    await eventually(lambda: "supervised" in case_row(sessions, case.id).details)
    assert case_row(sessions, case.id).details["supervised"] is False
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    county_invitation = await open_task(sessions, case.id, "procuratorate_join")
    update = {"deaths": 3, "serious_injuries": 0, "direct_loss_cny": 1_200_000, "reason": "1人抢救无效死亡"}
    await act(sessions, client, "ql.handler", case.id, "update_casualties", update)
    # Art 20 para 2 "可以": the city government decides; until then the county team goes on.
    decision = await open_task(sessions, case.id, "regrade_decision")
    assert decision.org_id == principal(sessions, "qj.office").org_id
    assert (await open_task(sessions, case.id, "investigation_report")).org_id == principal(
        sessions, "ql.handler"
    ).org_id
    assert case_row(sessions, case.id).details["grade"] == "较大"
    with pytest.raises(Forbidden):
        await complete(
            sessions, client, "ql.office", case.id, "regrade_decision", {"decision": "new_team", "opinion": "x"}
        )
    await complete(
        sessions, client, "qj.office", case.id, "regrade_decision", {"decision": "new_team", "opinion": "另行组织"}
    )
    assert (await open_task(sessions, case.id, "investigation_report")).org_id == principal(
        sessions, "qj.handler"
    ).org_id
    # The county's own report upward stays the county's (it is not a step of the investigating level).
    upward = await open_task(sessions, case.id, "upward_report")
    assert upward.org_id == principal(sessions, "ql.handler").org_id
    # Reported as 一般 to the city; now 较大, the city reports on to the province (art 10 (二)).
    reported = {"reported_at": (await time_env.get_current_time()).isoformat(), "means": "电话"}
    await complete(sessions, client, "ql.handler", case.id, "upward_report", {**reported, "government_informed": True})
    assert (await open_task(sessions, case.id, "upward_report")).org_id == principal(sessions, "qj.handler").org_id
    team = await open_task(sessions, case.id, "team_formation")
    assert team.org_id == principal(sessions, "qj.handler").org_id and team.title == "另行组织事故调查组"
    # Art 22: the new team invites the city procuratorate; the county's invitation is closed.
    invitation = await open_task(sessions, case.id, "procuratorate_join")
    assert invitation.org_id == principal(sessions, "qj.procurator").org_id and invitation.id != county_invitation.id
    with sessions() as db:
        closed = db.get(models.Task, county_invitation.id)
        assert closed is not None and closed.status == "cancelled"
    # A36: the new team's decision lists the case as the province lists 较大 (review_level_by_grade),
    # above the new (city) team; the intake-time grade list of earlier cases plays no part.
    row = case_row(sessions, case.id)
    assert row.details["supervised"] is True and row.details["team_reformed"] is True
    assert row.details["supervising_level"] == "province"
    assert "listed_for_supervision" in kinds(sessions, case.id)
    assert "supervision_recomputed" not in kinds(sessions, case.id)
    await complete(
        sessions, client, "qj.procurator", case.id, "procuratorate_join", {"decision": "join", "members": "检察官"}
    )
    await complete(sessions, client, "qj.handler", case.id, "team_formation", TEAM)
    await eventually(lambda: "team_reformed" in kinds(sessions, case.id))
    # The city's report goes to the province's review before the 批复 (国办发〔2015〕20号 (六)).
    clues = {**FULL_REPORT, "official_crime_clues": "监管人员涉嫌玩忽职守"}
    await complete(sessions, client, "qj.handler", case.id, "investigation_report", clues)
    assert (await open_task(sessions, case.id, "official_clue_referral")).org_id == principal(
        sessions, "qj.handler"
    ).org_id  # A16, beside the review
    review = await open_task(sessions, case.id, "draft_review")
    assert review.org_id == principal(sessions, "yn.office").org_id
    assert not [t for t in tasks_of(sessions, case.id) if t.step == "reply"]
    await complete(sessions, client, "yn.office", case.id, "draft_review", {"decision": "approve", "opinion": "同意"})
    reply = await open_task(sessions, case.id, "reply")
    assert reply.org_id == principal(sessions, "qj.office").org_id
    assert reply.clock_start_at is not None  # A24: from the receipt of the report, not the reply's opening
    await record_history(client, case.workflow_id, "accident_regrade_new_team")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A11_the_higher_government_may_leave_the_investigation_with_the_original_team(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await _report(sessions, client, task_queue, now - dt.timedelta(hours=3), now, deaths=2)
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    update = {"deaths": 2, "missing": 1, "serious_injuries": 0, "direct_loss_cny": 1_200_000, "reason": "1人失踪"}
    await act(sessions, client, "ql.handler", case.id, "update_casualties", update)  # A1: the missing count
    await complete(
        sessions, client, "qj.office", case.id, "regrade_decision", {"decision": "keep", "opinion": "原组续查"}
    )
    await eventually(lambda: "regrade_kept" in kinds(sessions, case.id))
    assert (await open_task(sessions, case.id, "investigation_report")).org_id == principal(
        sessions, "ql.handler"
    ).org_id
    assert case_row(sessions, case.id).details["grade"] == "较大"
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A8_only_a_general_accident_without_casualties_may_be_entrusted_to_the_enterprise(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    fatal = await _report(sessions, client, task_queue, now - dt.timedelta(hours=3), now, deaths=1)
    with pytest.raises(InvalidInput, match="第十九条第三款"):
        await complete(
            sessions, client, "ql.handler", fatal.id, "team_formation", {**TEAM, "entrusted_to_enterprise": True}
        )
    harmless = await _report(sessions, client, task_queue, now - dt.timedelta(hours=3), now, deaths=0)
    await complete(
        sessions, client, "ql.handler", harmless.id, "team_formation", {**TEAM, "entrusted_to_enterprise": True}
    )
    assert case_row(sessions, harmless.id).details["entrusted_to_enterprise"] is True
    for case in (fatal, harmless):
        await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A14_A13_the_place_investigates_the_home_government_sends_people_and_the_initial_report(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    occurred = now - dt.timedelta(hours=3)
    with pytest.raises(Forbidden):  # 沾益区 is not 麒麟区's to report
        await _report(sessions, client, task_queue, occurred, now, deaths=1, place_code="530303")
    case = await _report(
        sessions, client, task_queue, occurred, now, deaths=1, place_code="530303", reporter="qj.handler"
    )
    team = await open_task(sessions, case.id, "team_formation")
    assert team.org_id == principal(sessions, "zy.handler").org_id  # the place's county investigates
    home = await open_task(sessions, case.id, "home_participation")
    assert home.org_id == principal(sessions, "ql.handler").org_id  # art 21: the unit's home sends people
    await complete(sessions, client, "ql.handler", case.id, "home_participation", {"members": "麒麟区应急局 张三"})
    await eventually(lambda: "home_participated" in kinds(sessions, case.id))
    assert not [t for t in tasks_of(sessions, case.id) if t.step == "initial_report"]  # 一般: not configured

    larger = await _report(sessions, client, task_queue, occurred, now, deaths=3)
    initial = await open_task(sessions, larger.id, "initial_report")
    # The investigating bureau (the city, or the province where a 提级 trigger applies) reports.
    assert initial.org_id == (await open_task(sessions, larger.id, "team_formation")).org_id
    assert initial.deadline_rule == "accident.initial_report"
    assert initial.due_at.astimezone(CHINA_TZ).date() >= occurred.astimezone(CHINA_TZ).date() + dt.timedelta(days=15)
    for c in (case, larger):
        await client.get_workflow_handle(c.workflow_id).terminate("test over")


async def test_A16_A17_A18_the_teams_referrals_open_tasks_and_a_crime_transfer_completes_its_own(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await _report(sessions, client, task_queue, now - dt.timedelta(hours=3), now, deaths=1)
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    report = {
        **REPORT,
        "suspected_crime": True,
        "official_crime_clues": "监管人员涉嫌玩忽职守",
        "conclusion": "not_production_safety",
    }
    await complete(sessions, client, "ql.handler", case.id, "investigation_report", report)
    for step in ("crime_referral", "official_clue_referral", "conclusion_copy"):
        assert (await open_task(sessions, case.id, step)).org_id == principal(sessions, "ql.handler").org_id
    # A17: opening the crime transfer from the accident is the hand-over; it completes the referral.
    with sessions() as db:
        transfer = await start_crime_transfer(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            start=CrimeTransferStart(
                source_case_id=case.id, enterprise_id=None, category="major_liability_accident", facts="违章作业"
            ),
            now=now,
        )
    await eventually(lambda: case_row(sessions, case.id).details.get("crime_transfer_case_no") == transfer.case_no)
    assert "crime_material_handed_over" in kinds(sessions, case.id)
    # A16: the official-crime clues go to the 监察机关 or the procuratorate, recorded by document.
    clue = {"recipient": "supervision", "document_no": "麒应急移〔2026〕1号", "handed_over_on": now.date().isoformat()}
    await complete(sessions, client, "ql.handler", case.id, "official_clue_referral", clue)
    assert case_row(sessions, case.id).details["official_clues_to"] == "supervision"
    # A18: a death accident concluded not a production-safety accident: copied to all three.
    copy = {
        "document_no": "麒调〔2026〕2号",
        "copied_on": now.date().isoformat(),
        "to_supervision": True,
        "to_police": False,
        "to_procuratorate": True,
    }
    with pytest.raises(InvalidInput, match="同时抄送"):
        await complete(sessions, client, "ql.handler", case.id, "conclusion_copy", copy)
    await complete(sessions, client, "ql.handler", case.id, "conclusion_copy", {**copy, "to_police": True})
    await eventually(lambda: "conclusion_copied" in kinds(sessions, case.id))
    await record_history(client, case.workflow_id, "accident_referrals")
    for c in (case, transfer):
        await client.get_workflow_handle(c.workflow_id).terminate("test over")
