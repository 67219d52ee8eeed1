"""Contested rectification on the time-skipping server: rectified on re-inspection, a penalty with
a hearing, a reconsideration that revokes the decision and withdraws its publication, non-payment
through the reminder to court enforcement, stopping power supply and lifting it, and a
jurisdiction dispute decided by the safety-committee office."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar
from domain.rectification import RectificationStart
from services.rectification_intake import start_rectification
from tests.support import fact_day, principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, events, eventually, open_task, tasks_of

ORDER = {
    "hazards": "储罐区4台可燃气体报警器失效，未与紧急切断联锁",
    "measures": "更换报警器并实现与紧急切断装置联锁",
    "period_days": 30,
    "basis": "安全生产法第六十五条第一款第（二）项",
}

# Where the decision may be challenged (行政复议法 art 20(3), 法释〔2018〕1号 art 64): a fine names both.
CHALLENGE = {"reconsideration_body": "曲靖市麒麟区人民政府", "court": "曲靖市麒麟区人民法院"}
LEGAL_REVIEW = {"result": "passed", "opinion": "事实清楚，证据确凿，程序合法，适用依据正确", "reviewer": "法制科 钱七"}


async def today(env: WorkflowEnvironment) -> dt.date:
    return (await env.get_current_time()).astimezone(CHINA_TZ).date()


async def start(
    sessions: sessionmaker[Session], client: Client, task_queue: str, env: WorkflowEnvironment, own_power: bool = False
) -> models.Case:
    now = await env.get_current_time()
    with sessions() as db:
        enterprise = db.scalars(
            select(models.Enterprise).where(models.Enterprise.jurisdiction_code == "530302")
        ).first()
        assert enterprise is not None
        return await start_rectification(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            start=RectificationStart(
                enterprise_id=enterprise.id,
                inspection_record_no="麒应急检〔2026〕15号",
                inspected_on=fact_day(now),
                findings="可燃气体报警器失效",
                own_enforcement_power=own_power,
            ),
            now=now,
        )


def issued(sessions: sessionmaker[Session], case_id: int) -> dict[str, models.Document]:
    with sessions() as db:
        return {d.doc_type: d for d in db.scalars(select(models.Document).where(models.Document.case_id == case_id))}


async def document(sessions: sessionmaker[Session], case_id: int, doc_type: str) -> models.Document:
    """A document the workflow issues right after a step: wait until it is stored."""
    await eventually(lambda: doc_type in issued(sessions, case_id))
    return issued(sessions, case_id)[doc_type]


def kinds(sessions: sessionmaker[Session], case_id: int) -> list[str]:
    return [e.kind for e in events(sessions, case_id)]


async def order_and_serve(
    sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int
) -> dt.date:
    """Order, then serve two days later: the period runs from service. Returns the deadline."""
    await complete(sessions, client, "ql.handler", case_id, "order", ORDER)
    await env.sleep(dt.timedelta(days=2))
    served = await today(env)
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "service",
        {"method": "direct", "served_on": served.isoformat(), "recipient": "企业安全负责人 王五"},
    )
    return served + dt.timedelta(days=ORDER["period_days"])


async def to_penalty(sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int) -> None:
    await order_and_serve(sessions, client, env, case_id)
    await env.sleep(dt.timedelta(days=33))  # the period runs out without a completion report
    await open_task(sessions, case_id, "reinspection")
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "reinspection",
        {"result": "not_rectified", "inspected_on": (await today(env)).isoformat(), "opinion": "报警器仍未更换"},
    )


async def notice(
    sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int, serious: bool
) -> None:
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "penalty_notice",
        {
            "facts": "逾期未整改重大事故隐患",
            "basis": "安全生产法第一百零二条",
            "fine_cny": 50000,
            "serious": serious,
            "served_on": (await today(env)).isoformat(),
        },
    )


async def decide(
    sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int, fine: int = 50000
) -> None:
    await complete(
        sessions,
        client,
        "ql.head",
        case_id,
        "penalty_decision",
        {
            "decision": "fine",
            "fine_cny": fine,
            "reasons": "陈述、申辩理由不成立",
            "served_on": (await today(env)).isoformat(),
            **CHALLENGE,
        },
    )


async def test_rectified_on_reinspection_after_completion_report(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    order_task = await open_task(sessions, case.id, "order")
    assert order_task.deadline_rule == "rectification.order"
    deadline = await order_and_serve(sessions, client, time_env, case.id)
    order = await document(sessions, case.id, "rectification_order")
    assert re.fullmatch(r"麒应急责改〔\d{4}〕\d+号", order.number)
    assert "自本指令书送达之日起30日内" in order.html and "可燃气体报警器失效" in order.html
    completion = await open_task(sessions, case.id, "completion")
    # The rectification period runs from the day of service, not from signing.
    assert completion.clock_start_at is not None
    assert completion.due_at.astimezone(CHINA_TZ).date() >= deadline
    assert completion.fixed_due_on == deadline
    row = case_row(sessions, case.id)
    assert row.status == "rectifying" and row.details["rectification_deadline"] == deadline.isoformat()

    with pytest.raises(InvalidInput, match="不能晚于今天"):
        await complete(
            sessions,
            client,
            "ql.handler",
            case.id,
            "completion",
            {"reported_on": (await today(time_env) + dt.timedelta(days=1)).isoformat(), "report": "已更换"},
        )
    await time_env.sleep(dt.timedelta(days=10))
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "completion",
        {"reported_on": (await today(time_env)).isoformat(), "report": "已更换4台报警器并联锁"},
    )
    reinspection = await open_task(sessions, case.id, "reinspection")
    assert reinspection.deadline_rule == "rectification.reinspection"
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "reinspection",
        {"result": "rectified", "inspected_on": (await today(time_env)).isoformat(), "opinion": "报警器已更换并联锁"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "rectified"
    opinion = await document(sessions, case.id, "reinspection_opinion")
    assert opinion.title == "整改复查意见书" and "已整改到位" in opinion.html and "你单位已报告整改完成" in opinion.html
    row = case_row(sessions, case.id)
    assert row.closed and row.details["reinspection_no"] == opinion.number
    await record_history(client, case.workflow_id, "rectification_rectified")


def details(sessions: sessionmaker[Session], case_id: int) -> dict[str, object]:
    return dict(case_row(sessions, case_id).details)


async def test_penalty_with_hearing_moves_a_near_hearing_day_and_ends_in_payment(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    assert (await document(sessions, case.id, "reinspection_opinion")).html.count("未报告整改完成") == 1
    await notice(sessions, client, time_env, case.id, serious=True)
    notice_doc = await document(sessions, case.id, "penalty_notice")
    assert "要求举行听证" in notice_doc.html and "五个工作日内" in notice_doc.html and "50,000元" in notice_doc.html
    statement = await open_task(sessions, case.id, "statement")
    assert statement.deadline_rule == "rectification.hearing_request" and statement.clock_unit == "working_days"
    await complete(sessions, client, "ql.handler", case.id, "statement", {"kind": "hearing", "content": "要求听证"})
    requested = await today(time_env) + dt.timedelta(days=2)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "hearing_notice",
        {
            "hearing_on": requested.isoformat(),
            "place": "麒麟区应急管理局会议室",
            "presiding_officer": "法制科 赵六",
            "served_on": (await today(time_env)).isoformat(),
        },
    )
    hearing_on = dt.date.fromisoformat(str(details(sessions, case.id)["hearing_on"]))
    # At least 7 working days between notice and hearing: the requested day is moved.
    assert hearing_on >= await today(time_env) + dt.timedelta(days=9)
    assert "hearing_moved" in kinds(sessions, case.id)
    letter = await document(sessions, case.id, "hearing_notice")
    assert re.fullmatch(r"麒应急听通〔\d{4}〕\d+号", letter.number) and letter.title == "听证通知书"
    assert f"听证时间：{hearing_on.year}年{hearing_on.month}月{hearing_on.day}日" in letter.html
    assert "麒麟区应急管理局会议室" in letter.html and notice_doc.number in letter.html
    await time_env.sleep(dt.timedelta(days=(hearing_on - await today(time_env)).days - 1))
    with pytest.raises(InvalidInput, match="听证不得早于"):
        await complete(
            sessions,
            client,
            "ql.handler",
            case.id,
            "hearing",
            {"held_on": (await today(time_env)).isoformat(), "party_attended": True, "record": "当事人陈述"},
        )
    await time_env.sleep(dt.timedelta(days=1))
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "hearing",
        {"held_on": hearing_on.isoformat(), "party_attended": True, "record": "当事人称资金困难"},
    )
    # 行政处罚法 art 58(1)(二): a decision after a hearing is legally reviewed first.
    await complete(sessions, client, "ql.handler", case.id, "legal_review", LEGAL_REVIEW)
    decision = await open_task(sessions, case.id, "penalty_decision")
    assert decision.role == "head" and decision.clock_budget == 90
    with pytest.raises(Forbidden):
        await complete(
            sessions,
            client,
            "ql.handler",
            case.id,
            "penalty_decision",
            {"decision": "fine", "fine_cny": 40000, "reasons": "x", "served_on": (await today(time_env)).isoformat()},
        )
    await decide(sessions, client, time_env, case.id, fine=40000)
    decision_doc = await document(sessions, case.id, "penalty_decision")
    await eventually(lambda: "decision_no" in details(sessions, case.id))
    row = details(sessions, case.id)
    assert row["fine_cny"] == 40000 and row["decision_no"] == decision_doc.number
    assert row["reconsideration_until"] and row["litigation_until"]
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "payment",
        {"paid_on": (await today(time_env)).isoformat(), "amount_cny": 40000, "receipt_no": "NO-2026-001"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "paid"
    await record_history(client, case.workflow_id, "rectification_penalty_hearing")


async def test_hearing_refused_when_penalty_is_not_serious_and_reconsideration_revokes_and_withdraws_publication(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    await notice(sessions, client, time_env, case.id, serious=False)
    with pytest.raises(InvalidInput, match="不属于听证范围"):
        await complete(sessions, client, "ql.handler", case.id, "statement", {"kind": "hearing", "content": "要求听证"})
    await time_env.sleep(dt.timedelta(days=10))  # the statement period passes without a statement
    await open_task(sessions, case.id, "penalty_decision")
    assert "defence_waived" in kinds(sessions, case.id)
    with pytest.raises(Conflict, match="尚未作出行政处罚决定"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "record_appeal",
            {"kind": "reconsideration", "filed_on": (await today(time_env)).isoformat(), "body": "麒麟区人民政府"},
        )
    await decide(sessions, client, time_env, case.id)
    publication = await open_task(sessions, case.id, "publication")
    assert publication.clock_budget == 7 and publication.clock_unit == "working_days"
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "publication",
        {"published_on": (await today(time_env)).isoformat(), "channel": "麒麟区人民政府网站"},
    )
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "record_appeal",
        {"kind": "reconsideration", "filed_on": (await today(time_env)).isoformat(), "body": "麒麟区人民政府"},
    )
    assert case_row(sessions, case.id).status == "awaiting_payment"  # an appeal does not suspend execution
    await time_env.sleep(dt.timedelta(days=5))
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "record_appeal_result",
        {
            "kind": "reconsideration",
            "result": "revoked",
            "decided_on": (await today(time_env)).isoformat(),
            "document_no": "麒政复决〔2026〕3号",
        },
    )
    withdrawal = await open_task(sessions, case.id, "withdraw_publication")
    assert withdrawal.clock_budget == 3 and withdrawal.clock_unit == "working_days"
    assert not [t for t in tasks_of(sessions, case.id) if t.status == "open" and t.step == "payment"]
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "withdraw_publication",
        {"withdrawn_on": (await today(time_env)).isoformat(), "explanation": "处罚决定已被复议机关撤销"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "revoked"
    assert {"reconsideration_filed", "reconsideration_decided", "publication_withdrawn"} <= set(
        kinds(sessions, case.id)
    )
    assert details(sessions, case.id)["publication_withdrawn_on"]
    await record_history(client, case.workflow_id, "rectification_reconsideration_revoked")


async def test_non_payment_through_reminder_to_court_enforcement_on_a_working_day(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    await notice(sessions, client, time_env, case.id, serious=False)
    await time_env.sleep(dt.timedelta(days=10))
    await decide(sessions, client, time_env, case.id, fine=10000)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "publication",
        {"published_on": (await today(time_env)).isoformat(), "channel": "麒麟区人民政府网站"},
    )
    decided_on = await today(time_env)
    await time_env.sleep(dt.timedelta(days=20))  # the 15 days to pay pass
    # 按日连续处罚 (art 112): the original fine for each day of continued refusal.
    fine_days = {
        "decision_no": "麒应急罚〔2026〕9号",
        "from_on": (decided_on + dt.timedelta(days=1)).isoformat(),
        "to_on": (decided_on + dt.timedelta(days=3)).isoformat(),
    }
    await act(sessions, client, "ql.handler", case.id, "record_continuous_fine", fine_days)
    assert details(sessions, case.id)["continuous_fines"][0]["amount_cny"] == 30000  # type: ignore[index]
    with pytest.raises(InvalidInput, match="计罚截止日"):
        await act(
            sessions, client, "ql.handler", case.id, "record_continuous_fine", {**fine_days, "to_on": "2020-01-01"}
        )
    await open_task(sessions, case.id, "reminder")
    assert case_row(sessions, case.id).status == "surcharging"
    surcharge = details(sessions, case.id)["surcharge"]
    assert isinstance(surcharge, dict) and surcharge["principal_cny"] == 10000
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "reminder",
        {"served_on": (await today(time_env)).isoformat(), "method": "direct"},
    )
    reminder = await document(sessions, case.id, "payment_reminder")
    assert reminder.title == "催告书" and "十个工作日内" in reminder.html and "申请人民法院强制执行" in reminder.html
    compliance = await open_task(sessions, case.id, "reminder_compliance")
    assert compliance.clock_budget == 10 and compliance.clock_unit == "working_days"
    await time_env.sleep(dt.timedelta(days=20))
    await eventually(lambda: case_row(sessions, case.id).status == "awaiting_litigation_window")
    six_months = dt.date.fromisoformat(str(details(sessions, case.id)["litigation_until"]))
    # A reconsideration within its 60 days, upheld: the window to sue becomes 15 days from the decision.
    appeal = {"kind": "reconsideration", "filed_on": (await today(time_env)).isoformat(), "body": "麒麟区人民政府"}
    await act(sessions, client, "ql.handler", case.id, "record_appeal", appeal)
    await time_env.sleep(dt.timedelta(days=10))
    decided = await today(time_env)
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "record_appeal_result",
        {
            "kind": "reconsideration",
            "result": "upheld",
            "decided_on": decided.isoformat(),
            "document_no": "麒政复决〔2026〕9号",
        },
    )
    litigation_until = dt.date.fromisoformat(str(details(sessions, case.id)["litigation_until"]))
    assert decided + dt.timedelta(days=15) <= litigation_until < six_months
    assert "window_moved" in kinds(sessions, case.id)
    assert details(sessions, case.id)["surcharge"]["paused"] == [[appeal["filed_on"], decided.isoformat()]]  # type: ignore[index]
    await time_env.sleep(dt.timedelta(days=(litigation_until - await today(time_env)).days + 1))
    application = await open_task(sessions, case.id, "court_application")
    assert application.fixed_due_on is not None and application.fixed_due_on > litigation_until + dt.timedelta(days=85)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "court_application",
        {
            "court": "曲靖市麒麟区人民法院",
            "filed_on": (await today(time_env)).isoformat(),
            "materials": "申请书、决定书、催告书",
        },
    )
    application_doc = await document(sessions, case.id, "court_enforcement_application")
    assert application_doc.title == "强制执行申请书" and "曲靖市麒麟区人民法院：" in application_doc.html
    assert str(details(sessions, case.id)["decision_no"]) in application_doc.html
    assert (
        str(details(sessions, case.id)["reminder_no"]) in application_doc.html and "行政强制法" in application_doc.html
    )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "court_acceptance",
        {"decision": "accepted", "court_case_no": "（2027）云0302行审12号"},
    )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "court_ruling",
        {"ruling": "enforce", "ruling_no": "（2027）云0302行审12号裁定", "enforce_on": None},
    )
    enforcement = await open_task(sessions, case.id, "enforcement")
    enforce_on = dt.date.fromisoformat(str(details(sessions, case.id)["enforce_on"]))
    assert LegalCalendar().is_working_day(enforce_on)  # never on a rest day or holiday
    assert enforcement.fixed_due_on == enforce_on
    await time_env.sleep(dt.timedelta(days=(enforce_on - await today(time_env)).days))
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "enforcement",
        {"enforced_on": enforce_on.isoformat(), "result": "已划拨罚款及加处罚款"},
    )
    publication = await open_task(sessions, case.id, "enforcement_publication")
    assert publication.clock_budget == 20 and publication.clock_unit == "working_days"
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "enforcement_publication",
        {"published_on": (await today(time_env)).isoformat(), "channel": "麒麟区人民政府网站"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "enforced"
    await record_history(client, case.workflow_id, "rectification_court_enforcement")


async def test_power_supply_is_stopped_after_approval_and_notice_and_lifted_on_compliance(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await order_and_serve(sessions, client, time_env, case.id)
    with pytest.raises(Conflict, match="未实施停止供电"):
        await act(sessions, client, "ql.handler", case.id, "lift_power_cut", {"compliance": "已停产"})
    proposal = {"refusal": "拒不执行停产停业整顿决定，继续装卸作业", "danger": "储罐区可燃气体泄漏无法报警"}
    with pytest.raises(Conflict, match="拒不执行停产停业决定为前提"):
        await act(sessions, client, "ql.handler", case.id, "propose_power_cut", proposal)
    with pytest.raises(Conflict, match="尚未责令停产停业整顿"):
        await act(sessions, client, "ql.handler", case.id, "report_refusal", {"facts": "继续装卸", "evidence": "监控"})
    suspension = {
        "order_no": "麒应急停〔2026〕2号",
        "scope": "储罐区",
        "reason": "重大事故隐患未消除",
        "served_on": (await today(time_env)).isoformat(),
    }
    await act(sessions, client, "ql.handler", case.id, "order_suspension", suspension)
    with pytest.raises(Conflict, match="已责令停产停业整顿"):
        await act(sessions, client, "ql.handler", case.id, "order_suspension", suspension)
    refusal = {"facts": "拒不停产，继续组织储罐区装卸作业", "evidence": "现场检查笔录、监控录像"}
    await act(sessions, client, "ql.handler", case.id, "report_refusal", refusal)
    assert "crime_transfer_referral" in kinds(sessions, case.id)  # hand-off point to a crime transfer
    assert details(sessions, case.id)["crime_transfer_referral"] is True
    await act(sessions, client, "ql.handler", case.id, "propose_power_cut", proposal)
    with pytest.raises(Conflict, match="审批或实施中"):
        await act(sessions, client, "ql.handler", case.id, "propose_power_cut", proposal)
    approval = await open_task(sessions, case.id, "power_cut_approval")
    assert approval.role == "head"
    await complete(
        sessions,
        client,
        "ql.head",
        case.id,
        "power_cut_approval",
        {"decision": "approve", "opinion": "同意", "capacity": "principal"},
    )
    notified = (await time_env.get_current_time()).astimezone(CHINA_TZ).replace(microsecond=0)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "power_cut_notice",
        {
            "power_company": "云南电网曲靖麒麟供电局",
            "letter_no": "麒应急停电〔2026〕1号",
            "enterprise_notified_at": notified.isoformat(),
        },
    )
    power = details(sessions, case.id)["power_supply"]
    assert isinstance(power, dict) and power["state"] == "scheduled"
    stop_at = dt.datetime.fromisoformat(str(power["stop_at"]))
    assert stop_at >= notified + dt.timedelta(hours=24)
    assert LegalCalendar().is_working_day(stop_at.date()) and 8 <= stop_at.hour < 18
    await time_env.sleep(stop_at - notified + dt.timedelta(hours=1))
    await eventually(lambda: "power_supply_stopped" in kinds(sessions, case.id))
    assert details(sessions, case.id)["power_supply"]["state"] == "stopped"  # type: ignore[index]
    await act(sessions, client, "ql.handler", case.id, "lift_power_cut", {"compliance": "已停产整顿并消除危险"})
    assert details(sessions, case.id)["power_supply"]["state"] == "lifted"  # type: ignore[index]
    assert "power_cut_lifted" in kinds(sessions, case.id)
    closure = {
        "government": "曲靖市麒麟区人民政府",
        "reasons": "拒不执行停产停业整顿决定",
        "ground": "refused_suspension",
    }
    await act(sessions, client, "ql.handler", case.id, "propose_closure", closure)
    assert details(sessions, case.id)["closure_proposed_to"] == "曲靖市麒麟区人民政府"
    await record_history(client, case.workflow_id, "rectification_power_cut")


async def stop_power_supply(
    sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int
) -> None:
    suspension = {
        "order_no": "麒应急停〔2026〕3号",
        "scope": "储罐区",
        "reason": "重大事故隐患未消除",
        "served_on": (await today(env)).isoformat(),
    }
    await act(sessions, client, "ql.handler", case_id, "order_suspension", suspension)
    await act(sessions, client, "ql.handler", case_id, "report_refusal", {"facts": "继续装卸", "evidence": "监控"})
    await act(sessions, client, "ql.handler", case_id, "propose_power_cut", {"refusal": "拒不停产", "danger": "泄漏"})
    await complete(
        sessions,
        client,
        "ql.head",
        case_id,
        "power_cut_approval",
        {"decision": "approve", "opinion": "同意", "capacity": "principal"},
    )
    notified = (await env.get_current_time()).astimezone(CHINA_TZ).replace(microsecond=0)
    notice_form = {"power_company": "麒麟供电局", "letter_no": "麒应急停电〔2026〕2号"}
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "power_cut_notice",
        {**notice_form, "enterprise_notified_at": notified.isoformat()},
    )
    await env.sleep(dt.timedelta(days=5))
    await eventually(lambda: "power_supply_stopped" in kinds(sessions, case_id))


async def test_power_supply_is_restored_when_the_case_closes_rectified(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await order_and_serve(sessions, client, time_env, case.id)
    await stop_power_supply(sessions, client, time_env, case.id)
    day = (await today(time_env)).isoformat()
    await complete(sessions, client, "ql.handler", case.id, "completion", {"reported_on": day, "report": "已整改"})
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "reinspection",
        {"result": "rectified", "inspected_on": day, "opinion": "已整改到位"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "rectified"
    assert details(sessions, case.id)["power_supply"]["state"] == "lifted"  # type: ignore[index]
    assert "power_cut_lifted" in kinds(sessions, case.id)


async def test_jurisdiction_dispute_escalates_when_overdue_and_the_office_designates_the_other_department(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await open_task(sessions, case.id, "order")
    referral = {"other_department": "麒麟区住房和城乡建设局", "dispute": "在建项目的燃气设施由谁监管存在争议"}
    await act(sessions, client, "ql.handler", case.id, "refer_jurisdiction", referral)
    with pytest.raises(Conflict, match="尚未答复"):
        await act(sessions, client, "ql.handler", case.id, "refer_jurisdiction", referral)
    designation = await open_task(sessions, case.id, "jurisdiction_designation")
    assert designation.org_id == principal(sessions, "ql.office").org_id
    assert designation.deadline_rule == "rectification.jurisdiction_designation"
    await time_env.sleep(dt.timedelta(days=20))  # the designation is overdue: the office above supervises
    # Other steps fell overdue too; the designation's own supervision goes to the city office.
    await eventually(lambda: [t for t in tasks_of(sessions, case.id) if t.parent_task_id == designation.id])
    supervision = next(t for t in tasks_of(sessions, case.id) if t.parent_task_id == designation.id)
    assert supervision.step == "supervision"
    assert supervision.org_id == principal(sessions, "qj.office").org_id
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "jurisdiction_designation",
        {"competent": "other", "reasons": "燃气设施属住建部门行业监管"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "transferred"
    row = case_row(sessions, case.id)
    assert row.closed and row.details["jurisdiction_dispute"]["state"] == "designated_other"
    assert not [t for t in tasks_of(sessions, case.id) if t.status == "open"]
    await record_history(client, case.workflow_id, "rectification_jurisdiction")


async def test_office_designating_this_department_lets_the_procedure_continue(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    referral = {"other_department": "麒麟区市场监督管理局", "dispute": "特种设备由谁监管存在争议"}
    await act(sessions, client, "ql.handler", case.id, "refer_jurisdiction", referral)
    with pytest.raises(Forbidden):
        await complete(
            sessions, client, "ql.handler", case.id, "jurisdiction_designation", {"competent": "this", "reasons": "x"}
        )
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "jurisdiction_designation",
        {"competent": "this", "reasons": "储罐区属危险化学品安全监管"},
    )
    assert details(sessions, case.id)["jurisdiction_dispute"]["state"] == "designated_this"  # type: ignore[index]
    await complete(sessions, client, "ql.handler", case.id, "order", ORDER)
    await open_task(sessions, case.id, "service")
    assert not case_row(sessions, case.id).closed
