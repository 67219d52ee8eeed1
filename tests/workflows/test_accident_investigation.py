"""Accident investigation on the time-skipping server: from the report to the one-year evaluation."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from db.calendar_store import load_calendar
from domain.accident import AccidentReport
from domain.china_time import day_of
from domain.clock_arithmetic import Suspension, compute_clock
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ, Unit
from domain.process_config import ProcessConfig
from services.accident_intake import report_accident
from services.case_actions import visible_case
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, events, eventually, open_task, tasks_of
from tests.workflows.test_rectification import document


async def _report(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    now: dt.datetime,
    deaths: int,
    typical: bool = False,
    county: str = "530302",
    config: ProcessConfig | None = None,
) -> models.Case:
    with sessions() as db:
        enterprise = db.scalars(select(models.Enterprise).where(models.Enterprise.jurisdiction_code == county)).first()
        assert enterprise is not None
        return await report_accident(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, {"530302": "ql.handler", "530303": "zy.handler"}[county]),
            report=AccidentReport.model_validate(
                {
                    "enterprise_id": enterprise.id,
                    "occurred_at": now - dt.timedelta(hours=3),
                    "place": "液氯储罐区",
                    "deaths": deaths,
                    "serious_injuries": 0,
                    "direct_loss_cny": 1_200_000,
                    "account": "液氯泄漏致人中毒。",
                    "typical": typical,
                }
            ),
            config=config or ProcessConfig(),
            now=now,
        )


REPORT = {  # 条例 art 30: the six items, the evidence and the members' signatures
    "unit_overview": "某化工有限公司",
    "course_and_rescue": "液氯泄漏，企业组织救援",
    "casualties_and_loss": "死亡1人，直接经济损失120万元",
    "cause_and_nature": "违章作业致液氯泄漏，责任事故",
    "responsibility": "企业主要负责人负主要责任",
    "measures": "全面排查",
    "evidence_list": "勘验笔录、询问笔录",
    "signed_by": "张三、李四",
}


async def test_accident_from_report_to_one_year_evaluation_with_the_procuratorate(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    # Not listed (a province may list fewer grades): the reply follows the report directly.
    case = await _report(sessions, client, task_queue, now, deaths=1, config=ProcessConfig(review_level_by_grade={}))
    assert case_row(sessions, case.id).details["grade"] == "一般"
    invitation = await open_task(sessions, case.id, "procuratorate_join")
    assert invitation.org_id == principal(sessions, "ql.procurator").org_id
    with sessions() as db:  # the liaisons now see this case, and only because it was addressed to them
        assert visible_case(db, principal(sessions, "ql.procurator"), case.id)
        assert visible_case(db, principal(sessions, "ql.police"), case.id)
    await complete(
        sessions, client, "ql.procurator", case.id, "procuratorate_join", {"decision": "join", "members": "检察官 赵六"}
    )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "team_formation",
        {"lead_department": "麒麟区应急管理局", "members": "区政府、应急局、公安分局、工会、监委", "experts": ""},
    )
    report = await open_task(sessions, case.id, "investigation_report")
    # Art. 29: 60 days from the accident, not from the team's formation.
    assert report.due_at.astimezone(CHINA_TZ).date() >= (now - dt.timedelta(hours=3)).astimezone(
        CHINA_TZ
    ).date() + dt.timedelta(days=60)
    await complete(sessions, client, "ql.handler", case.id, "investigation_report", {**REPORT, "suspected_crime": True})
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "reply",
        {
            "reply_no": "麒政复〔2026〕3号",
            "penalties": "对企业罚款50万元",
            "accountability": "",
            "crime_referral": False,
        },
    )
    penalty = await open_task(sessions, case.id, "penalty_follow_up")
    assert penalty.org_id == principal(sessions, "ql.handler").org_id
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "penalty_follow_up",
        {
            "document_no": "麒应急罚〔2026〕21号",
            "result": "已作出罚款50万元的行政处罚决定",
            "penalty_case_no": "ZG-2026-0001",
            "blacklist": "not_applicable",
        },
    )
    today = (await time_env.get_current_time()).astimezone(CHINA_TZ).date()
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "reply_delivery",
        {"delivered_on": today.isoformat(), "recipients": "事故单位"},
    )
    await complete(
        sessions,
        client,
        "qj.office",
        case.id,
        "report_filing",
        {"filing_no": "曲安办备1号", "filed_on": today.isoformat()},
    )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "publication",
        {"channel": "麒麟区人民政府网站", "published_on": today.isoformat(), "redacted": True},
    )
    assert case_row(sessions, case.id).status == "evaluating"
    notice = await document(sessions, case.id, "accident_report_publication")
    assert notice.title == "事故调查报告公布公告" and "麒麟区人民政府网站" in notice.html
    assert f"公布日期：{today.year}年{today.month}月{today.day}日" in notice.html
    await time_env.sleep(dt.timedelta(days=301))
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "measures_evaluation",
        {"organised_by": "区安委办", "result": "整改措施已落实"},
    )
    day = (await time_env.get_current_time()).astimezone(CHINA_TZ).date().isoformat()
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "evaluation_publication",
        {"channel": "区政府网站", "published_on": day, "redacted": True},
    )
    await complete(sessions, client, "qj.office", case.id, "evaluation_filing", {"filing_no": "备2号", "filed_on": day})
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "closed"
    kinds = [e.kind for e in events(sessions, case.id)]
    assert {"notified", "procuratorate_joined", "follow_up_penalty", "crime_transfer_referral"} <= set(kinds)
    row = case_row(sessions, case.id)
    assert row.closed and row.details["report_published"] and row.details["procuratorate_members"] == "检察官 赵六"
    await record_history(client, case.workflow_id, "accident_full_path")


async def test_A20_grade_rise_moves_the_investigation_and_the_report_clock_extends_once_after_appraisal(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await _report(sessions, client, task_queue, now, deaths=2)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "team_formation",
        {"lead_department": "麒麟区应急管理局", "members": "调查组", "experts": ""},
    )
    report = await open_task(sessions, case.id, "investigation_report")
    with pytest.raises(Forbidden):
        await act(
            sessions,
            client,
            "ql.police",
            case.id,
            "update_casualties",
            {"deaths": 3, "serious_injuries": 0, "direct_loss_cny": 0, "reason": "x"},
        )
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "update_casualties",
        {"deaths": 3, "serious_injuries": 2, "direct_loss_cny": 1_200_000, "reason": "1名重伤者抢救无效死亡"},
    )
    # A11: the city government decides to form a new team (条例 art 20 para 2); nothing moves before.
    assert (await open_task(sessions, case.id, "investigation_report")).org_id == principal(
        sessions, "ql.handler"
    ).org_id
    await complete(
        sessions, client, "qj.office", case.id, "regrade_decision", {"decision": "new_team", "opinion": "另行组织"}
    )
    moved = await open_task(sessions, case.id, "investigation_report")
    assert moved.id == report.id and moved.org_id == principal(sessions, "qj.handler").org_id
    assert case_row(sessions, case.id).details["grade"] == "较大"

    # Appraisal time is excluded; then one extension of at most 60 days, approved by the city government.
    await act(
        sessions,
        client,
        "qj.handler",
        case.id,
        "suspend_clock",
        {"task_id": report.id, "reason": "委托司法鉴定", "basis": "条例第二十九条：技术鉴定时间不计入调查期限"},
    )
    await time_env.sleep(dt.timedelta(days=10))
    await act(sessions, client, "qj.handler", case.id, "resume_clock", {"task_id": report.id, "reason": "鉴定完成"})
    resumed = await open_task(sessions, case.id, "investigation_report")
    # A21: ten whole days added to the unrolled end (not to the rolled due), then rolled once.
    with sessions() as db:
        row = db.get(models.Task, report.id)
        assert row is not None and row.clock_start_at is not None
        stops = [
            day_of(e.at)
            for e in db.scalars(
                select(models.DeadlineEvent)
                .where(
                    models.DeadlineEvent.task_id == report.id, models.DeadlineEvent.kind.in_(("suspended", "resumed"))
                )
                .order_by(models.DeadlineEvent.id)
            )
        ]
        clock = compute_clock(
            load_calendar(db), row.clock_start_at, 60, Unit.CALENDAR_DAYS, suspensions=[Suspension(*stops)]
        )
    assert clock.excluded_days == 10 and resumed.due_at == clock.due
    original_day = report.due_at.astimezone(CHINA_TZ).date()
    with pytest.raises(InvalidInput, match="60日"):
        await act(
            sessions,
            client,
            "qj.handler",
            case.id,
            "request_extension",
            {"requested_due": (original_day + dt.timedelta(days=90)).isoformat(), "reason": "过长"},
        )
    # A20: the 60 days run from the unrolled end after the appraisal's ten days, so a day 65 days
    # after the original due day is within the cap (measured from the original day it was not).
    await act(
        sessions,
        client,
        "qj.handler",
        case.id,
        "request_extension",
        {"requested_due": (original_day + dt.timedelta(days=65)).isoformat(), "reason": "需补充调查"},
    )
    await complete(
        sessions, client, "qj.office", case.id, "extension_decision", {"decision": "approve", "opinion": "同意"}
    )
    await eventually(lambda: "deadline_moved" in [e.kind for e in events(sessions, case.id)])
    with pytest.raises(InvalidInput, match="最多可延长1次"):
        await act(
            sessions,
            client,
            "qj.handler",
            case.id,
            "request_extension",
            {"requested_due": (original_day + dt.timedelta(days=50)).isoformat(), "reason": "再次延期"},
        )
    await record_history(client, case.workflow_id, "accident_grade_rise_extension")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A10_overdue_report_escalates_and_the_upper_level_takes_the_investigation(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await _report(sessions, client, task_queue, now, deaths=1)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "team_formation",
        {"lead_department": "麒麟区应急管理局", "members": "调查组", "experts": ""},
    )
    await open_task(sessions, case.id, "investigation_report")
    await time_env.sleep(dt.timedelta(days=65))
    city = principal(sessions, "qj.office").org_id
    await eventually(lambda: any(t.kind == "supervision" and t.org_id == city for t in tasks_of(sessions, case.id)))
    with pytest.raises(Forbidden):
        await act(sessions, client, "ql.office", case.id, "escalate_investigation", {"reason": "自行提级"})
    await act(
        sessions, client, "qj.office", case.id, "escalate_investigation", {"reason": "县级调查严重超期，市级提级调查"}
    )
    report = await open_task(sessions, case.id, "investigation_report")
    assert report.org_id == principal(sessions, "qj.handler").org_id
    assert "investigation_escalated" in [e.kind for e in events(sessions, case.id)]
    with pytest.raises(Forbidden):  # only the level above the one now investigating may take it
        await act(sessions, client, "qj.office", case.id, "escalate_investigation", {"reason": "再提级"})
    await act(sessions, client, "yn.office", case.id, "escalate_investigation", {"reason": "社会影响重大，省级提级"})
    assert (await open_task(sessions, case.id, "investigation_report")).org_id == principal(
        sessions, "yn.handler"
    ).org_id
    with pytest.raises(Conflict, match="已无上一级"):
        await act(sessions, client, "yn.office", case.id, "escalate_investigation", {"reason": "再提级"})
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_typical_larger_accident_is_reviewed_above_and_a_repeat_is_escalated(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    first = await _report(sessions, client, task_queue, now, deaths=3, typical=True, county="530303")
    team = await open_task(sessions, first.id, "team_formation")
    assert team.org_id == principal(sessions, "qj.handler").org_id  # 较大: the city investigates
    await complete(
        sessions,
        client,
        "qj.handler",
        first.id,
        "team_formation",
        {"lead_department": "曲靖市应急管理局", "members": "调查组", "experts": ""},
    )
    await complete(sessions, client, "qj.handler", first.id, "investigation_report", REPORT)
    review = await open_task(sessions, first.id, "draft_review")
    assert review.org_id == principal(sessions, "yn.office").org_id  # listed: the province reviews the draft
    await complete(sessions, client, "yn.office", first.id, "draft_review", {"decision": "approve", "opinion": "同意"})
    await complete(
        sessions,
        client,
        "qj.office",
        first.id,
        "reply",
        {"reply_no": "曲政复〔2026〕5号", "penalties": "", "accountability": "", "crime_referral": False},
    )
    # 曲靖 (四): the report and its 批复 are filed with the province's office, which records it.
    assert (await open_task(sessions, first.id, "report_filing")).org_id == principal(sessions, "yn.office").org_id

    # A second 较大 accident at the same unit within 24 months: the province investigates.
    second = await _report(sessions, client, task_queue, now, deaths=4, county="530303")
    team = await open_task(sessions, second.id, "team_formation")
    assert team.org_id == principal(sessions, "yn.handler").org_id
    assert "提级调查" in events(sessions, second.id)[0].summary
    for case in (first, second):
        await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_A6_casualty_changes_count_to_the_end_of_the_thirtieth_day_after_the_accident(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await _report(sessions, client, task_queue, now, deaths=1)
    accident_day = (now - dt.timedelta(hours=3)).astimezone(CHINA_TZ).date()
    last_day = accident_day + dt.timedelta(days=30)
    late_on_last_day = dt.datetime.combine(last_day, dt.time(23, 59), tzinfo=CHINA_TZ)
    await time_env.sleep(late_on_last_day - await time_env.get_current_time())
    update = {"deaths": 1, "serious_injuries": 1, "direct_loss_cny": 1_200_000, "reason": "1人伤情加重"}
    # Within "自事故发生之日起30日内": the 30th day counts whole (not 30 × 24 hours from the moment).
    await act(sessions, client, "ql.handler", case.id, "update_casualties", update)
    await time_env.sleep(dt.timedelta(minutes=2))
    with pytest.raises(Conflict, match="超过30日"):
        await act(sessions, client, "ql.handler", case.id, "update_casualties", update)
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
