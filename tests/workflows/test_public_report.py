"""Public reports (安全生产举报) on the time-skipping server: verification and reply, forwarding,
an extension approved or refused by the upper level, and escalation of an overdue handling limit."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from db.calendar_store import load_calendar
from domain.clock_arithmetic import compute_clock
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.legal_calendar import CHINA_TZ, Unit
from domain.public_report import FloodLimits, PublicReportSubmission
from services import public_report_queries
from services.case_actions import visible_case
from services.public_report_intake import FiledReport, TooManyReports, file_report
from tests.support import fact_day, principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, events, eventually, open_task, tasks_of

PHONE = "13987412345"
NAME = "李举报"


async def file(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    now: dt.datetime,
    *,
    anonymous: bool = False,
    client_key: str = "test-client",
    limits: FloodLimits | None = None,
) -> FiledReport:
    submission = PublicReportSubmission(
        jurisdiction_code="530302",
        description="夜间组织工人在未通风检测的受限空间内清理储罐，没有监护人员。",
        place="麒麟区南宁街道工业园区3号储罐",
        enterprise_name="曲靖市麒麟煤化工有限公司",
        occurred_on=fact_day(now),
        reporter_name="" if anonymous else NAME,
        reporter_phone="" if anonymous else PHONE,
    )
    with sessions() as db:
        return await file_report(
            db=db,
            client=client,
            task_queue=task_queue,
            submission=submission,
            client_key=client_key,
            # The same text is filed by every test here: the per-text limit is tested on its own.
            limits=dataclasses.replace(limits or FloodLimits(), per_description_per_day=10**6),
            now=now,
        )


def today_of(now: dt.datetime) -> str:
    return now.astimezone(CHINA_TZ).date().isoformat()


async def accept_and_verify(sessions: sessionmaker[Session], client: Client, case_id: int, today: str) -> None:
    await complete(sessions, client, "ql.handler", case_id, "triage", {"decision": "accept", "reason": "属本局职责"})
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "verification",
        {"verified_on": today, "method": "site_inspection", "findings": "现场核实：储罐清理未办理受限空间作业审批"},
    )


async def test_report_is_verified_concluded_and_answered_without_identity_in_history(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    filed = await file(sessions, client, task_queue, now)
    case = filed.case
    assert len(filed.code) == 20
    await open_task(sessions, case.id, "triage")
    tracked = public_report_queries.track_in(sessions, filed.code)
    assert tracked.status == "已收到举报，待受理"

    # The identity: in full for the handling office, masked for the office above and beside it.
    with sessions() as db:
        mine = public_report_queries.reporter_view(db, principal(sessions, "ql.handler"), case.id)
        beside = public_report_queries.reporter_view(db, principal(sessions, "ql.office"), case.id)
        above = public_report_queries.reporter_view(db, principal(sessions, "qj.head"), case.id)
    assert mine is not None and (mine.name, mine.phone, mine.masked) == (NAME, PHONE, False)
    for view in (beside, above):
        assert view is not None and view.masked and view.name == "李**" and view.phone == "139****2345"

    today = today_of(now)
    await accept_and_verify(sessions, client, case.id, today)
    concluded = {
        "result": "substantiated",
        "conclusion": "责令立即停止作业，另案责令限期整改",
        "handoff": "rectification",
    }
    await complete(sessions, client, "ql.handler", case.id, "conclusion", concluded)
    # 安全生产法 art 73(1): the rectification measures are signed by the head first (P1).
    assert case_row(sessions, case.id).status == "signing"
    signed = {"measures": "停止受限空间作业，限期整改作业审批制度", "decision": "sign", "opinion": "同意"}
    await complete(sessions, client, "ql.head", case.id, "rectification_sign", signed)
    assert case_row(sessions, case.id).status == "replying"
    reply = {"reply": "经核查举报属实，已责令该企业停止违规作业并限期整改。", "replied_on": today, "channel": "online"}
    await complete(sessions, client, "ql.handler", case.id, "reply", reply)
    # 举报奖励 (P2): a verified report's reward is decided by the head (here refused; see test_report_rewards.py).
    refusal = {"decision": "refuse", "category": "violation", "reason": "举报人系企业安全管理人员，属履职范围"}
    await complete(sessions, client, "ql.head", case.id, "reward_decision", refusal)
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "concluded"

    tracked = public_report_queries.track_in(sessions, filed.code)
    assert (tracked.status, tracked.reply, tracked.closed) == ("已办结", reply["reply"], True)
    assert tracked.reward_status == "refused" and "不予奖励" in tracked.reward_notice
    # Nothing internal reaches the reporter, and no identity reaches the history or the timeline.
    assert "受限空间作业审批" not in str(tracked) and "另案" not in str(tracked)
    history = await client.get_workflow_handle(case.workflow_id).fetch_history()
    recorded = b"".join(event.SerializeToString() for event in history.events)
    assert "3号储罐".encode() in recorded  # the payloads are readable here: the place is in the input
    assert PHONE.encode() not in recorded and NAME.encode() not in recorded
    assert all(PHONE not in e.summary + e.reason + str(e.data) for e in events(sessions, case.id))
    assert case_row(sessions, case.id).details["handoff"] == "rectification"
    await record_history(client, case.workflow_id, "public_report_happy_path")


async def test_forwarded_report_moves_to_the_competent_bureau_which_may_refuse_it(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    filed = await file(sessions, client, task_queue, now)
    case = filed.case
    forward = {"decision": "forward", "forward_to": "530303", "reason": "事发地属沾益区"}
    with pytest.raises(InvalidInput, match="6位行政区划代码"):
        await complete(sessions, client, "ql.handler", case.id, "triage", {**forward, "forward_to": "53"})
    await complete(sessions, client, "ql.handler", case.id, "triage", {**forward, "forward_to": "999999"})
    await eventually(lambda: "forward_failed" in [e.kind for e in events(sessions, case.id)])
    await complete(sessions, client, "ql.handler", case.id, "triage", forward)

    triage = await open_task(sessions, case.id, "triage")
    assert triage.org_id == principal(sessions, "zy.handler").org_id
    assert case_row(sessions, case.id).jurisdiction_code == "530303"
    with sessions() as db:
        with pytest.raises(NotFound):
            visible_case(db, principal(sessions, "ql.handler"), case.id)
        now_mine = public_report_queries.reporter_view(db, principal(sessions, "zy.handler"), case.id)
    assert now_mine is not None and not now_mine.masked and now_mine.phone == PHONE
    assert public_report_queries.track_in(sessions, filed.code).handling_org == "沾益区应急管理局"

    refusal = {"decision": "not_accept", "reason": "举报事项已由法院受理"}
    await complete(sessions, client, "zy.handler", case.id, "triage", refusal)
    reply = {"reply": "您举报的事项不属于安全生产监管职责，已告知向有关部门反映。", "replied_on": today_of(now)}
    await complete(sessions, client, "zy.handler", case.id, "reply", {**reply, "channel": "phone"})
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "not_accepted"
    assert public_report_queries.track_in(sessions, filed.code).status == "不予受理"
    await record_history(client, case.workflow_id, "public_report_forwarded_refused")


async def test_P4_upper_level_approves_one_extension_of_at_most_thirty_days_from_the_unrolled_end(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    # File on a day whose 60th day is a Saturday: the handling limit rolls to Monday, but the
    # extension's 30 days (and their cap) run from the Saturday (P4).
    now = await time_env.get_current_time()
    day = now.astimezone(CHINA_TZ).date() + dt.timedelta(days=1)
    while (day + dt.timedelta(days=60)).weekday() != 5:
        day += dt.timedelta(days=1)
    await time_env.sleep(dt.datetime.combine(day, dt.time(10), tzinfo=CHINA_TZ) - now)
    now = await time_env.get_current_time()
    filed = await file(sessions, client, task_queue, now, anonymous=True)
    case = filed.case
    await complete(sessions, client, "ql.handler", case.id, "triage", {"decision": "accept"})
    verification = await open_task(sessions, case.id, "verification")
    due = dt.date.fromisoformat(case_row(sessions, case.id).details["handling_due"])
    assert (due - now.astimezone(CHINA_TZ).date()).days >= 60

    request = {"days": 30, "reason": "涉及多家企业，需调取监控和用工记录"}
    with pytest.raises(Forbidden, match="承办举报的部门"):
        await act(sessions, client, "ql.office", case.id, "request_extension", request)
    with pytest.raises(InvalidInput, match="不得超过30日"):
        await act(sessions, client, "ql.handler", case.id, "request_extension", {**request, "days": 31})
    await act(sessions, client, "ql.handler", case.id, "request_extension", request)
    with pytest.raises(Conflict, match="待上一级部门审批"):
        await act(sessions, client, "ql.handler", case.id, "request_extension", request)
    decision = await open_task(sessions, case.id, "extension_decision")
    assert decision.org_id == principal(sessions, "qj.head").org_id and decision.role == "head"
    await complete(
        sessions, client, "qj.head", case.id, "extension_decision", {"decision": "approve", "opinion": "同意"}
    )

    await eventually(lambda: case_row(sessions, case.id).details["handling_due"] != due.isoformat())
    extended = dt.date.fromisoformat(case_row(sessions, case.id).details["handling_due"])
    with sessions() as db:
        moved = db.get(models.Task, verification.id)
        assert moved is not None and moved.due_at.astimezone(CHINA_TZ).date() == extended
        assert moved.clock_start_at is not None
        clock = compute_clock(load_calendar(db), moved.clock_start_at, 60, Unit.CALENDAR_DAYS, extension_days=30)
    assert clock.unrolled_end.weekday() == 5 and due > clock.unrolled_end  # the limit itself was rolled
    assert extended == clock.due_date  # Saturday + 30 days, rolled once; not the rolled Monday + 30
    with pytest.raises(Conflict, match="已延长过"):
        await act(sessions, client, "ql.handler", case.id, "request_extension", {**request, "days": 5})
    tracked = public_report_queries.track_in(sessions, filed.code)
    assert tracked.handling_due == extended.isoformat() and tracked.extension_reason == request["reason"]
    # The conclusion keeps the extended limit.
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "verification",
        {"verified_on": today_of(now), "method": "records", "findings": "调阅监控"},
    )
    conclusion = await open_task(sessions, case.id, "conclusion")
    assert conclusion.due_at.astimezone(CHINA_TZ).date() == extended
    await record_history(client, case.workflow_id, "public_report_extension_approved")


async def test_refused_extension_leaves_the_limit_and_an_overdue_report_escalates(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    filed = await file(sessions, client, task_queue, now)
    case = filed.case
    await complete(sessions, client, "ql.handler", case.id, "triage", {"decision": "accept"})
    due = case_row(sessions, case.id).details["handling_due"]
    await act(sessions, client, "ql.handler", case.id, "request_extension", {"days": 10, "reason": "需补充鉴定"})
    await complete(
        sessions, client, "qj.head", case.id, "extension_decision", {"decision": "refuse", "opinion": "理由不充分"}
    )
    await eventually(lambda: "extension_refused" in [e.kind for e in events(sessions, case.id)])
    assert case_row(sessions, case.id).details["handling_due"] == due

    await time_env.sleep(dt.timedelta(days=70))

    def supervision() -> list[models.Task]:
        return [t for t in tasks_of(sessions, case.id) if t.step == "supervision" and t.status == "open"]

    await eventually(lambda: bool(supervision()))
    assert supervision()[0].org_id == principal(sessions, "qj.office").org_id
    assert case_row(sessions, case.id).overdue
    with sessions() as db:  # the upper safety office supervises, and still sees no identity
        view = public_report_queries.reporter_view(db, principal(sessions, "qj.office"), case.id)
    assert view is not None and view.masked and PHONE not in view.phone
    await record_history(client, case.workflow_id, "public_report_extension_refused_overdue")


async def test_flood_limit_refuses_and_writes_nothing(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    limits = FloodLimits(per_client_per_hour=1, total_per_hour=100)
    await file(sessions, client, task_queue, now, client_key="flooder", limits=limits)
    with sessions() as db:
        before = db.scalar(select(models.Case.id).order_by(models.Case.id.desc()).limit(1))
    with pytest.raises(TooManyReports):
        await file(sessions, client, task_queue, now, client_key="flooder", limits=limits)
    with sessions() as db:
        assert db.scalar(select(models.Case.id).order_by(models.Case.id.desc()).limit(1)) == before
