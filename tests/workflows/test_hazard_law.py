"""Hazard supervision paths of the December 2026 audit (H*, O1): each test drives the workflow
through the rule it is named after. Figures and forms: tests/domain/test_hazard_law.py."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from db.seed import credit_code
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import (
    LISTING,
    PUBLICATION,
    act,
    case_row,
    china_today,
    complete,
    events,
    eventually,
    open_task,
    report,
    tasks_of,
    to_rectification,
)

COMPLETION = {"summary": "已更换报警器并联锁", "evaluation": "经专家评估合格"}
PENALTY = {"target": "enterprise", "fine_cny": 30_000, "facts": "逾期未消除重大事故隐患"}


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CHINA_TZ).date()


async def _accept(sessions: sessionmaker[Session], client: Client, case_id: int, today: dt.date, **form: str) -> None:
    base = {"decision": "pass", "accepted_on": today.isoformat(), "inspectors": "李四、王五", "opinion": "隐患已消除"}
    await complete(sessions, client, "ql.office", case_id, "acceptance", {**base, **form})


async def test_H26_H7_H2_acceptance_opens_at_the_lapsed_deadline_and_a_failure_sets_a_new_one(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    deadline = today + dt.timedelta(days=30)
    await to_rectification(sessions, client, case.id, today, deadline)
    assert not [t for t in tasks_of(sessions, case.id) if t.step == "acceptance"]
    await time_env.sleep(dt.timedelta(days=31))
    # No completion report: the issuing office inspects within 10 日 of the deadline (H26).
    acceptance = await open_task(sessions, case.id, "acceptance")
    await eventually(lambda: any(t.kind == "supervision" for t in tasks_of(sessions, case.id)))
    assert acceptance.org_id == principal(sessions, "ql.office").org_id
    assert acceptance.title == "整改期限届满现场验收"
    assert _day(acceptance.due_at) >= deadline + dt.timedelta(days=10)
    assert _day(acceptance.due_at) <= deadline + dt.timedelta(days=13)  # 10 日, rolled past a rest day at most
    now = await china_today(client, time_env)
    new_deadline = now + dt.timedelta(days=20)
    await _accept(sessions, client, case.id, now, decision="fail", new_deadline=new_deadline.isoformat())
    assert "correction_ordered" in [e.kind for e in events(sessions, case.id)]
    # The lapsed rectification is closed with the supervision rung it had opened.
    assert not [t for t in tasks_of(sessions, case.id) if t.kind == "supervision" and t.status == "open"]
    rectification = await open_task(sessions, case.id, "rectification")
    assert _day(rectification.due_at) >= new_deadline
    # H2: the completion report says when it went to the 职代会.
    with pytest.raises(InvalidInput, match="职工代表大会"):
        await complete(
            sessions, client, "ql.handler", case.id, "rectification", {**COMPLETION, "completed_on": now.isoformat()}
        )
    report_form = {**COMPLETION, "completed_on": now.isoformat(), "workers_congress_reported_on": now.isoformat()}
    await complete(sessions, client, "ql.handler", case.id, "rectification", report_form)
    await _accept(sessions, client, case.id, now)
    assert "hazard_written_off" in [e.kind for e in events(sessions, case.id)]
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "delisting_publication",
        {**PUBLICATION, "published_on": now.isoformat()},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "delisted"
    await record_history(client, case.workflow_id, "hazard_acceptance_at_lapse")


async def test_H26_an_extension_withdraws_the_acceptance_opened_at_the_lapse(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=30))
    await time_env.sleep(dt.timedelta(days=31))
    lapsed = await open_task(sessions, case.id, "acceptance")
    supervision = await open_task(sessions, case.id, "supervision")
    new_due = await china_today(client, time_env) + dt.timedelta(days=30)
    from tests.workflows.hazard_helpers import complete_task_id

    await complete_task_id(
        sessions,
        client,
        "qj.office",
        supervision.id,
        {"decision": "extend", "reason": "准予延期", "new_due": new_due.isoformat()},
    )
    await eventually(lambda: next(t for t in tasks_of(sessions, case.id) if t.id == lapsed.id).status == "cancelled")
    assert case_row(sessions, case.id).status == "rectifying"


async def test_H31_the_plan_clock_runs_from_the_service_of_the_notice(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    form = {**LISTING, "rectification_deadline": (today + dt.timedelta(days=120)).isoformat()}
    await complete(sessions, client, "ql.office", case.id, "listing_decision", form)
    await eventually(lambda: any(e.kind == "document_issued" for e in events(sessions, case.id)))
    await open_task(sessions, case.id, "upper_filing")
    assert not [t for t in tasks_of(sessions, case.id) if t.step == "rectification_plan"]  # not before service
    issued = next(e for e in events(sessions, case.id) if e.kind == "document_issued")
    service = {"document_id": issued.data["document_id"], "method": "announcement", "served_on": today.isoformat()}
    await act(sessions, client, "ql.office", case.id, "serve_document", {**service, "proof": "公告第1号"})
    plan = await open_task(sessions, case.id, "rectification_plan")
    # 公告送达: served 30 days after the announcement, then 10 working days (at least 14 calendar days).
    assert _day(plan.due_at) >= today + dt.timedelta(days=30 + 14)


async def test_H21_H22_filing_is_due_in_3_working_days_and_publication_in_5(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    form = {**LISTING, "rectification_deadline": (today + dt.timedelta(days=120)).isoformat()}
    await complete(sessions, client, "ql.office", case.id, "listing_decision", form)
    filing = await open_task(sessions, case.id, "upper_filing")
    publication = await open_task(sessions, case.id, "listing_publication")
    assert filing.deadline_rule == "hazard.upper_filing" and publication.deadline_rule == "hazard.listing_publication"
    assert filing.org_id == publication.org_id == principal(sessions, "ql.office").org_id
    assert filing.due_at < publication.due_at
    assert 3 <= (_day(filing.due_at) - today).days <= 3 + 9  # 3 WD, a holiday week at most
    assert 5 <= (_day(publication.due_at) - today).days <= 5 + 9


async def test_H4_H6_H13_a_coal_mine_resumes_only_after_its_application_and_the_signed_off_review(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    config = ProcessConfig(coal_industries=("化工",))  # the test enterprise counts as a mine here
    case = await report(sessions, client, task_queue, await time_env.get_current_time(), config=config)
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=30))
    await time_env.sleep(dt.timedelta(days=31))
    order = {"order_no": "麒应急停〔2026〕1号", "scope": "储罐区", "reason": "逾期未整改"}
    await act(sessions, client, "ql.handler", case.id, "order_suspension", order)
    now = await china_today(client, time_env)
    report_form = {**COMPLETION, "completed_on": now.isoformat(), "workers_congress_reported_on": now.isoformat()}
    await complete(sessions, client, "ql.handler", case.id, "rectification", report_form)
    await _accept(sessions, client, case.id, now)
    assert case_row(sessions, case.id).status == "resumption"
    assert not [t for t in tasks_of(sessions, case.id) if t.step == "delisting_publication"]
    application = {
        "applied_on": now.isoformat(),
        "treatment_plan": "治理方案及完成情况",
        "evaluation_report": "安全评价报告：隐患已消除",
        "evaluator": "云南安科院",
    }
    await complete(sessions, client, "ql.handler", case.id, "resumption_application", application)
    review = await open_task(sessions, case.id, "resumption_review")
    assert review.deadline_rule == "hazard.resumption_review_coal"
    assert _day(review.due_at) >= now + dt.timedelta(days=20)
    approve = {
        "decision": "approve",
        "reviewed_on": now.isoformat(),
        "opinion": "具备恢复生产条件",
        "head_signed": True,
    }
    with pytest.raises(InvalidInput, match="矿山安全监察机构"):
        await complete(sessions, client, "ql.handler", case.id, "resumption_review", approve)
    signed = {**approve, "inspectorate_agreed": True, "government_approved": True}
    await complete(sessions, client, "ql.handler", case.id, "resumption_review", signed)
    assert case_row(sessions, case.id).details["resumed_on"] == now.isoformat()
    notice = await open_task(sessions, case.id, "resumption_notice")
    assert notice.deadline_rule == "hazard.resumption_notice"
    published = {"channel": "麒麟区人民政府网站", "published_on": now.isoformat()}
    await complete(sessions, client, "ql.handler", case.id, "resumption_notice", published)
    await open_task(sessions, case.id, "delisting_publication")
    await record_history(client, case.workflow_id, "hazard_coal_resumption")


async def test_H9_H10_three_fines_in_180_days_across_cases_prompt_the_closure_proposal(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    # An enterprise of its own, fined by no other test: the counter reads all of its cases.
    only_here = "麒麟区处罚计数测试有限公司"
    with sessions() as db:
        code = credit_code("530302", 88_000_002)
        if db.scalars(select(models.Enterprise).where(models.Enterprise.credit_code == code)).first() is None:
            db.add(
                models.Enterprise(
                    name=only_here, credit_code=code, industry="化工", size="小型", jurisdiction_code="530302"
                )
            )
            db.commit()
    first = await report(sessions, client, task_queue, await time_env.get_current_time(), enterprise_name=only_here)
    second = await report(sessions, client, task_queue, await time_env.get_current_time(), enterprise_name=only_here)
    with pytest.raises(InvalidInput, match="0元至50000元"):
        await act(
            sessions,
            client,
            "ql.handler",
            first.id,
            "record_penalty",
            {**PENALTY, "fine_cny": 60_000, "decision_no": "罚0", "decided_on": today.isoformat()},
        )

    def penalty(n: int, days_ago: int) -> dict[str, object]:
        decided = today - dt.timedelta(days=days_ago)
        return {**PENALTY, "decision_no": f"麒应急罚〔2026〕{n}号", "decided_on": decided.isoformat()}

    assert (
        await act(sessions, client, "ql.handler", first.id, "record_penalty", penalty(1, 170))
    ).message == "已登记行政处罚"
    await act(sessions, client, "ql.handler", first.id, "record_penalty", penalty(2, 60))
    assert not [t for t in tasks_of(sessions, first.id) if t.step == "closure_proposal"]
    third = await act(sessions, client, "ql.handler", second.id, "record_penalty", penalty(3, 0))
    assert "一百八十日内受到3次" in third.message
    closure = await open_task(sessions, second.id, "closure_proposal")
    assert closure.org_id == principal(sessions, "ql.handler").org_id
    assert "closure_required" in [e.kind for e in events(sessions, second.id)]
    form = {
        "ground": "repeat_penalties",
        "government": "曲靖市麒麟区人民政府",
        "proposal_no": "麒应急呈〔2026〕1号",
        "proposed_on": today.isoformat(),
    }
    await complete(sessions, client, "ql.handler", second.id, "closure_proposal", form)
    assert case_row(sessions, second.id).details["closure_proposal"] == "麒应急呈〔2026〕1号"


async def test_H7_H10_a_hopeless_acceptance_ends_in_the_closure_proposal(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=30))
    await time_env.sleep(dt.timedelta(days=31))
    now = await china_today(client, time_env)
    await _accept(sessions, client, case.id, now, decision="hopeless", opinion="设备无法改造，整改无望")
    await open_task(sessions, case.id, "closure_proposal")
    form = {"ground": "hopeless", "government": "曲靖市麒麟区人民政府", "proposal_no": "麒应急呈〔2026〕2号"}
    await complete(
        sessions, client, "ql.handler", case.id, "closure_proposal", {**form, "proposed_on": now.isoformat()}
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "closure_proposed"
    await record_history(client, case.workflow_id, "hazard_hopeless_closure")


async def test_H10_refusing_the_suspension_order_prompts_the_closure_proposal(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=30))
    await time_env.sleep(dt.timedelta(days=31))
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "order_suspension",
        {"order_no": "停1", "scope": "全厂", "reason": "逾期"},
    )
    refused = await act(
        sessions, client, "ql.handler", case.id, "report_refusal", {"facts": "继续生产", "evidence": "照片"}
    )
    assert "提请地方人民政府予以关闭" in refused.message
    await open_task(sessions, case.id, "closure_proposal")


async def test_O1_a_province_listed_hazard_escalates_the_bureau_steps_to_the_province_office(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time(), grade=1)
    form = {**LISTING, "rectification_deadline": (today + dt.timedelta(days=120)).isoformat()}
    await complete(sessions, client, "yn.office", case.id, "listing_decision", form)
    await eventually(lambda: any(e.kind == "document_issued" for e in events(sessions, case.id)))
    issued = next(e for e in events(sessions, case.id) if e.kind == "document_issued")
    service = {"document_id": issued.data["document_id"], "method": "direct", "served_on": today.isoformat()}
    await act(sessions, client, "yn.office", case.id, "serve_document", {**service, "recipient": "麒麟区人民政府"})
    plan = await open_task(sessions, case.id, "rectification_plan")
    await time_env.sleep(dt.timedelta(days=25))
    province = principal(sessions, "yn.office").org_id
    await eventually(lambda: any(t.parent_task_id == plan.id for t in tasks_of(sessions, case.id)))
    rung = next(t for t in tasks_of(sessions, case.id) if t.parent_task_id == plan.id)
    assert rung.org_id == province  # not the city office between them


async def test_H1_H15_a_general_hazard_is_recorded_and_listed_by_the_county_only_where_configured(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    recorded = await report(sessions, client, task_queue, now, grade=0)
    assert (await client.get_workflow_handle(recorded.workflow_id).result())["status"] == "general_recorded"
    assert case_row(sessions, recorded.id).details["grade_label"] == "一般事故隐患"
    local = await report(sessions, client, task_queue, now, grade=0, config=ProcessConfig(list_general_hazards=True))
    listing = await open_task(sessions, local.id, "listing_decision")
    assert listing.org_id == principal(sessions, "ql.office").org_id  # the county's office


async def test_H12_H28_the_licence_is_suspended_while_listed_and_returned_at_delisting(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    config = ProcessConfig(suspend_licence_on_listing=True)
    case = await report(sessions, client, task_queue, await time_env.get_current_time(), config=config)
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=60))
    licence = {
        "licence_no": "（云）WH安许证字〔2024〕001",
        "decision_no": "云应急暂扣〔2026〕1号",
        "suspended_on": today.isoformat(),
        "licensing_authority": "云南省应急管理厅",
    }
    await complete(sessions, client, "ql.handler", case.id, "licence_suspension", licence)
    assert case_row(sessions, case.id).details["licence_suspended"] == "云应急暂扣〔2026〕1号"
    report_form = {**COMPLETION, "completed_on": today.isoformat(), "workers_congress_reported_on": today.isoformat()}
    await complete(sessions, client, "ql.handler", case.id, "rectification", report_form)
    await _accept(sessions, client, case.id, today)
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "delisting_publication",
        {**PUBLICATION, "published_on": today.isoformat()},
    )
    await eventually(lambda: "licence_returned" in [e.kind for e in events(sessions, case.id)])


async def test_H28_an_overdue_rectification_has_the_licence_suspended_where_configured(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    config = ProcessConfig(suspend_licence_when_overdue=True)
    case = await report(sessions, client, task_queue, await time_env.get_current_time(), config=config)
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=30))
    assert not [t for t in tasks_of(sessions, case.id) if t.step == "licence_suspension"]
    await time_env.sleep(dt.timedelta(days=31))
    await open_task(sessions, case.id, "licence_suspension")


async def test_H8_progress_reports_open_after_each_calendar_quarter(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=300))
    from domain.hazard_measures import quarter_end

    end = quarter_end(today)
    await time_env.sleep(dt.timedelta(days=(end - today).days + 1))
    progress = await open_task(sessions, case.id, "progress_report")
    assert "季度整改进展" in progress.title
    assert _day(progress.due_at) >= end + dt.timedelta(days=15)
    assert _day(progress.due_at) <= end + dt.timedelta(days=15 + 3)
