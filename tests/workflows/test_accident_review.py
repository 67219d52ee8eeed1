"""Accident investigation on the time-skipping server: the upper review of every grade (国办发〔2015〕20号
(六)), the revision within art 29's period, the reply, its delivery and filing, and the evaluation
within a year of the reply, published and filed (安全生产法 art 86(3))."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.accident import AccidentReport
from domain.accident_review import add_years
from domain.errors import Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services.accident_intake import report_accident
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, events, eventually, open_task, tasks_of

FULL_REPORT = {
    "unit_overview": "某化工有限公司，成立于2010年，从业人员120人",
    "course_and_rescue": "液氯储罐阀门泄漏，企业启动预案，消防救援1小时内控制",
    "casualties_and_loss": "死亡1人，直接经济损失120万元",
    "cause_and_nature": "违章作业致液氯泄漏，责任事故",
    "responsibility": "企业主要负责人负主要责任",
    "measures": "全面排查",
    "evidence_list": "现场勘验笔录、询问笔录12份、鉴定意见1份",
    "signed_by": "张三、李四、王五",
}
TEAM = {"lead_department": "应急管理局", "members": "政府、应急局、公安、工会、监委", "experts": ""}


async def report(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    now: dt.datetime,
    deaths: int,
    config: ProcessConfig | None = None,
    county: str = "530302",
    enterprise_name: str = "",
) -> models.Case:
    with sessions() as db:
        query = select(models.Enterprise).where(models.Enterprise.jurisdiction_code == county)
        if enterprise_name:  # a unit with no earlier 较大 accident in this session (repeat trigger)
            query = query.where(models.Enterprise.name == enterprise_name)
        enterprise = db.scalars(query).first()
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
                    "missing": 0,
                    "road_or_fire": False,
                    "typical": False,
                    "direct_loss_cny": 1_200_000,
                    "account": "液氯泄漏致人中毒。",
                }
            ),
            config=config or ProcessConfig(),
            now=now,
        )


def due_day(task: models.Task) -> dt.date:
    return task.due_at.astimezone(CHINA_TZ).date()


def kinds(sessions: sessionmaker[Session], case_id: int) -> list[str]:
    return [e.kind for e in events(sessions, case_id)]


async def test_A19_A22_A23_A24_A36_general_accident_is_reviewed_by_the_city_and_a_revision_keeps_the_period(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now, deaths=1)
    await open_task(sessions, case.id, "team_formation")
    # A36: a 一般 accident investigated by the county is listed and reviewed by the city (国办发 (六)).
    assert "listed_for_supervision" in kinds(sessions, case.id)
    assert case_row(sessions, case.id).details["supervising_level"] == "city"
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    first = await open_task(sessions, case.id, "investigation_report")
    # A23: 条例 art 30's six items, the evidence and the members' signatures are required.
    partial = {k: v for k, v in FULL_REPORT.items() if k not in ("course_and_rescue", "signed_by")}
    with pytest.raises(InvalidInput, match="事故发生经过和事故救援情况、在报告上签名的调查组成员"):
        await complete(sessions, client, "ql.handler", case.id, "investigation_report", partial)
    # Technical appraisal (条例 art 27): ten days excluded from the first report's clock.
    before = due_day(first)
    suspension = {"task_id": first.id, "reason": "委托技术鉴定", "basis": "条例第二十七条"}
    await act(sessions, client, "ql.handler", case.id, "suspend_clock", suspension)
    await time_env.sleep(dt.timedelta(days=10))
    await act(sessions, client, "ql.handler", case.id, "resume_clock", {"task_id": first.id, "reason": "鉴定完成"})
    first = await open_task(sessions, case.id, "investigation_report")
    assert due_day(first) >= before + dt.timedelta(days=7)  # ten days from the unrolled end, rolled once
    await time_env.sleep(dt.timedelta(days=10))
    await complete(sessions, client, "ql.handler", case.id, "investigation_report", FULL_REPORT)
    # A22: the investigation ends on submission; the review sits with the city office.
    assert case_row(sessions, case.id).details["report_submitted"] is True
    review = await open_task(sessions, case.id, "draft_review")
    assert review.org_id == principal(sessions, "qj.office").org_id
    await complete(
        sessions, client, "qj.office", case.id, "draft_review", {"decision": "return", "opinion": "补充证据"}
    )
    # A19: the revision is due on the art 29 day of the first report (appraisal days included),
    # not 60 fresh days from the return.
    revision = await open_task(sessions, case.id, "report_revision")
    assert due_day(revision) == due_day(first)
    # The extension action finds the revision; its cap is the first report's ≤60 日.
    with pytest.raises(InvalidInput, match="60日"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "request_extension",
            {"requested_due": (due_day(first) + dt.timedelta(days=61)).isoformat(), "reason": "过长"},
        )
    requested = due_day(first) + dt.timedelta(days=30)
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "request_extension",
        {"requested_due": requested.isoformat(), "reason": "补充鉴定"},
    )
    await complete(
        sessions, client, "ql.office", case.id, "extension_decision", {"decision": "approve", "opinion": "同意"}
    )
    await eventually(lambda: due_day(tasks_of_step(sessions, case.id, "report_revision")) >= requested)
    extended = due_day(tasks_of_step(sessions, case.id, "report_revision"))
    await time_env.sleep(dt.timedelta(days=5))
    await complete(sessions, client, "ql.handler", case.id, "report_revision", FULL_REPORT)
    # Returned again: the second revision keeps the extended day; the one extension is used up.
    await complete(sessions, client, "qj.office", case.id, "draft_review", {"decision": "return", "opinion": "再补充"})
    await eventually(lambda: len([t for t in tasks_of(sessions, case.id) if t.step == "report_revision"]) == 2)
    assert due_day(tasks_of_step(sessions, case.id, "report_revision")) == extended
    with pytest.raises(InvalidInput, match="最多可延长1次"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "request_extension",
            {"requested_due": (extended + dt.timedelta(days=5)).isoformat(), "reason": "再延期"},
        )
    await complete(sessions, client, "ql.handler", case.id, "report_revision", FULL_REPORT)
    received = (await time_env.get_current_time()).astimezone(CHINA_TZ).date()
    await complete(sessions, client, "qj.office", case.id, "draft_review", {"decision": "approve", "opinion": "同意"})
    # A24: the 批复's 15 日 run from the receipt of the (revised) report; the review sits inside them.
    reply = await open_task(sessions, case.id, "reply")
    assert reply.deadline_rule == "accident.reply"
    assert due_day(reply) >= received + dt.timedelta(days=15)
    assert due_day(reply) <= received + dt.timedelta(days=15 + 9)  # at most a holiday's roll
    assert {"draft_returned", "draft_approved"} <= set(kinds(sessions, case.id))
    from tests.workflows.test_clock_starts import check_clock_starts  # every clock from its row's event

    with sessions() as db:
        assert check_clock_starts(db, "accident", case.id - 1) >= 6
    await record_history(client, case.workflow_id, "accident_review_revision")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


def tasks_of_step(sessions: sessionmaker[Session], case_id: int, step: str) -> models.Task:
    return next(t for t in reversed(tasks_of(sessions, case_id)) if t.step == step)


async def test_A27_A28_A29_A30_A31_reply_is_delivered_filed_and_evaluated_within_a_year_then_published_and_filed(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now, deaths=1, config=ProcessConfig(review_level_by_grade={}))
    await open_task(sessions, case.id, "team_formation")
    assert "listed_for_supervision" not in kinds(sessions, case.id)
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    await complete(sessions, client, "ql.handler", case.id, "investigation_report", FULL_REPORT)
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
    replied_on = (await time_env.get_current_time()).astimezone(CHINA_TZ).date()
    # A27: delivery of the 批复 is a step with its 15 日 clock, by the lead department.
    delivery = await open_task(sessions, case.id, "reply_delivery")
    assert delivery.org_id == principal(sessions, "ql.handler").org_id
    assert due_day(delivery) >= replied_on + dt.timedelta(days=15)
    assert "reply_delivered" not in kinds(sessions, case.id)  # not asserted before it happens
    # 曲靖 (四): every report is filed with the upper office, which records the filing.
    filing = await open_task(sessions, case.id, "report_filing")
    assert filing.org_id == principal(sessions, "qj.office").org_id
    # A28: the penalty follow-up names the penalty case and answers the blacklist question.
    penalty = {"document_no": "麒应急罚〔2026〕21号", "result": "已罚款50万元"}
    with pytest.raises(InvalidInput, match="行政处罚案件编号"):
        await complete(sessions, client, "ql.handler", case.id, "penalty_follow_up", penalty)
    with pytest.raises(InvalidInput, match="严重失信主体名单"):
        await complete(
            sessions, client, "ql.handler", case.id, "penalty_follow_up", {**penalty, "penalty_case_no": "ZG-1"}
        )
    done = {**penalty, "penalty_case_no": "ZG-2026-0001", "blacklist": "not_applicable"}
    await complete(sessions, client, "ql.handler", case.id, "penalty_follow_up", done)
    today = (await time_env.get_current_time()).astimezone(CHINA_TZ).date()
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        await complete(
            sessions,
            client,
            "ql.handler",
            case.id,
            "reply_delivery",
            {"delivered_on": (today + dt.timedelta(days=1)).isoformat(), "recipients": "事故单位"},
        )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "reply_delivery",
        {"delivered_on": today.isoformat(), "recipients": "事故单位、责任人员"},
    )
    await complete(
        sessions,
        client,
        "qj.office",
        case.id,
        "report_filing",
        {"filing_no": "曲安办备〔2026〕7号", "filed_on": today.isoformat()},
    )
    # A29: publication of the report, 20 working days from the 批复.
    publication = await open_task(sessions, case.id, "publication")
    assert publication.deadline_rule == "accident.publication"
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "publication",
        {"channel": "区政府网站", "published_on": today.isoformat(), "redacted": True},
    )
    await eventually(lambda: "concluded" in kinds(sessions, case.id))
    assert {"penalty_applied", "reply_delivered", "report_filing_filed"} <= set(kinds(sessions, case.id))
    assert case_row(sessions, case.id).details["penalty_case_no"] == "ZG-2026-0001"
    # A30: the evaluation opens 300 days after the 批复 and is due within one year of it.
    await time_env.sleep(dt.timedelta(days=301))
    evaluation = await open_task(sessions, case.id, "measures_evaluation")
    assert due_day(evaluation) == add_years(replied_on, 1)
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "measures_evaluation",
        {"organised_by": "麒麟区安委办", "result": "整改措施已落实"},
    )
    # A30: its results are published (a step with its clock); A31: filed with the city office.
    published = await open_task(sessions, case.id, "evaluation_publication")
    assert published.deadline_rule == "accident.evaluation_publication"
    filed = await open_task(sessions, case.id, "evaluation_filing")
    assert filed.org_id == principal(sessions, "qj.office").org_id
    with pytest.raises(Forbidden):  # the receiving office records the filing, not the sender
        await complete(
            sessions,
            client,
            "ql.office",
            case.id,
            "evaluation_filing",
            {"filing_no": "x", "filed_on": today.isoformat()},
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
    assert case_row(sessions, case.id).status == "disclosing"  # not closed before the filing is recorded
    await complete(
        sessions,
        client,
        "qj.office",
        case.id,
        "evaluation_filing",
        {"filing_no": "曲安办备〔2027〕2号", "filed_on": day},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "closed"
    assert {"evaluation_published", "evaluation_filing_filed"} <= set(kinds(sessions, case.id))
    await record_history(client, case.workflow_id, "accident_review_evaluation")


async def test_A31_policy_anchor_counts_the_evaluation_from_closure_when_configured(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    # 国办发〔2015〕20号 (六): "在事故结案1年后及时组织开展评估" as a province's setting.
    config = ProcessConfig(
        review_level_by_grade={}, evaluation_anchor="closure", evaluation_after_days=365, evaluation_due_extra_days=60
    )
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now, deaths=1, config=config)
    await complete(sessions, client, "ql.handler", case.id, "team_formation", TEAM)
    await complete(sessions, client, "ql.handler", case.id, "investigation_report", FULL_REPORT)
    reply = {"reply_no": "麒政复〔2026〕4号", "penalties": "", "accountability": "", "crime_referral": False}
    await complete(sessions, client, "ql.office", case.id, "reply", reply)
    await time_env.sleep(dt.timedelta(days=10))
    day = (await time_env.get_current_time()).astimezone(CHINA_TZ).date()
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "reply_delivery",
        {"delivered_on": day.isoformat(), "recipients": "事故单位"},
    )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "publication",
        {"channel": "区政府网站", "published_on": day.isoformat(), "redacted": True},
    )
    assert "concluded" not in kinds(sessions, case.id)  # the report's filing is still open
    await time_env.sleep(dt.timedelta(days=5))
    closed_on = (await time_env.get_current_time()).astimezone(CHINA_TZ).date()
    await complete(
        sessions,
        client,
        "qj.office",
        case.id,
        "report_filing",
        {"filing_no": "曲安办备3号", "filed_on": closed_on.isoformat()},
    )
    await eventually(lambda: "concluded" in kinds(sessions, case.id))
    await time_env.sleep(dt.timedelta(days=364))
    assert not [t for t in tasks_of(sessions, case.id) if t.step == "measures_evaluation"]
    await time_env.sleep(dt.timedelta(days=2))
    evaluation = await open_task(sessions, case.id, "measures_evaluation")
    assert due_day(evaluation) == add_years(closed_on, 1) + dt.timedelta(days=60)
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
