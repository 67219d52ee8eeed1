"""The paths of the transfer added for legal fidelity (issue 18, audit §3.5), on the time-skipping
server: materials completed on the police's request (T27), the longer review (T27 [U]),
administrative handling after non-filing (T11), the government's order on an overdue transfer
(T4), the 7-日 explanation and the correction opinion (T19), the procuratorial opinion after a
refusal (T16) and after non-prosecution with its 2-month reply (T33, T34), liaison records (T29,
T30, T32)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from db.head_capacity import set_head_capacity
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ, add_months
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import (
    act,
    case_row,
    complete,
    events,
    eventually,
    open_task,
    sleep_past_due,
    tasks_of,
)
from tests.workflows.test_crime_transfer import REPORT, documents, start, transfer


def day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CHINA_TZ).date()


def opened(sessions: sessionmaker[Session], case_id: int, step: str) -> list[models.Task]:
    return [t for t in tasks_of(sessions, case_id) if t.step == step and t.status == "open"]


async def accepted(
    sessions: sessionmaker[Session], client: Client, task_queue: str, time_env: WorkflowEnvironment
) -> models.Case:
    case = await start(sessions, client, task_queue, await time_env.get_current_time())
    await transfer(sessions, client, case.id)
    await complete(sessions, client, "ql.police", case.id, "receipt", {"decision": "accept"})
    return case


async def test_T27_police_ask_for_missing_materials_on_acceptance_and_may_extend_the_review(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, await time_env.get_current_time())
    await transfer(sessions, client, case.id)
    refuse = {"decision": "forward", "forward_to": "530303", "notice": "x", "missing_materials": "鉴定意见"}
    with pytest.raises(InvalidInput, match="不得以材料不全为由不接受"):
        await complete(sessions, client, "ql.police", case.id, "receipt", refuse)
    await complete(
        sessions, client, "ql.police", case.id, "receipt", {"decision": "accept", "missing_materials": "检验报告原件"}
    )
    supplement = await open_task(sessions, case.id, "supplement")  # 公安规定 2020 art 180(2): 3 日
    assert supplement.org_id == principal(sessions, "ql.handler").org_id
    assert supplement.deadline_rule == "crime_transfer.supplement"
    assert day(supplement.due_at) >= day(supplement.opened_at) + dt.timedelta(days=3)
    decision = await open_task(sessions, case.id, "filing_decision")  # accepted all the same
    requested = next(e for e in events(sessions, case.id) if e.kind == "materials_requested")
    assert requested.reason == "检验报告原件"
    await complete(sessions, client, "ql.handler", case.id, "supplement", {"materials": "检验报告原件已送达"})
    assert "materials_supplemented" in [e.kind for e in events(sessions, case.id)]

    extend = {"period": "complex", "approval": "经麒麟区公安局负责人批准", "reason": "案情重大复杂"}
    with pytest.raises(Forbidden):
        await act(sessions, client, "ql.handler", case.id, "extend_review", extend)
    await act(sessions, client, "ql.police", case.id, "extend_review", extend)  # [U] 30 日 from acceptance
    accepted_on = day(decision.opened_at)
    await eventually(lambda: day(open_task_row(sessions, decision.id).due_at) >= accepted_on + dt.timedelta(days=30))
    with pytest.raises(Conflict, match="已延长"):
        await act(sessions, client, "ql.police", case.id, "extend_review", {**extend, "period": "verification"})
    await complete(sessions, client, "ql.police", case.id, "filing_decision", {"decision": "file", "filing_no": "F1"})
    await open_task(sessions, case.id, "filing_notice")


def open_task_row(sessions: sessionmaker[Session], task_id: str) -> models.Task:
    with sessions() as db:
        task = db.get(models.Task, task_id)
        assert task is not None
        return task


async def test_T11_not_filed_and_no_objection_opens_the_administrative_handling(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await accepted(sessions, client, task_queue, time_env)
    not_filed = {"decision": "not_file", "reasons": "情节显著轻微"}
    await complete(sessions, client, "ql.police", case.id, "filing_decision", not_filed)
    await complete(
        sessions, client, "ql.handler", case.id, "non_filing_response", {"decision": "accept", "reason": "无异议"}
    )
    handling = await open_task(sessions, case.id, "administrative_handling")  # 310号令 art 10
    assert handling.org_id == principal(sessions, "ql.handler").org_id
    row = case_row(sessions, case.id)
    assert row.status == "handling" and not row.closed
    with pytest.raises(InvalidInput, match="决定书文号"):
        form = {"decision": "penalty", "result": "拟罚款"}
        await complete(sessions, client, "ql.handler", case.id, "administrative_handling", form)
    form = {"decision": "penalty", "decision_no": "麒应急罚〔2026〕40号", "result": "罚款3万元"}
    await complete(sessions, client, "ql.handler", case.id, "administrative_handling", form)
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "closed"
    assert case_row(sessions, case.id).details["administrative_handling"]["decision_no"] == "麒应急罚〔2026〕40号"
    await record_history(client, case.workflow_id, "crime_transfer_not_filed_handling")


async def test_T4_overdue_transfer_is_ordered_by_the_government_with_the_sanction_route(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, await time_env.get_current_time())
    await complete(sessions, client, "ql.handler", case.id, "transfer_report", REPORT)
    await complete(sessions, client, "ql.head", case.id, "approval", {"decision": "approve", "reason": ""})
    await open_task(sessions, case.id, "transfer")
    await time_env.sleep(dt.timedelta(hours=30))
    await eventually(lambda: opened(sessions, case.id, "transfer_order"))
    order = opened(sessions, case.id, "transfer_order")[0]
    assert order.org_id == principal(sessions, "ql.office").org_id  # 本级人民政府 (its 安委办)
    overdue = next(e for e in events(sessions, case.id) if e.kind == "transfer_overdue")
    assert "记过以上处分" in overdue.summary and "本级人民政府责令限期移送" in overdue.summary
    assert "第十六条" in case_row(sessions, case.id).details["sanction_route"]
    await complete(sessions, client, "ql.handler", case.id, "transfer", {"method": "online", "materials": "调查报告"})
    await eventually(lambda: not opened(sessions, case.id, "transfer_order"))
    await open_task(sessions, case.id, "receipt")


async def test_T19_overdue_filing_decision_needs_reasons_in_7_days_then_a_correction_opinion(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await accepted(sessions, client, task_queue, time_env)
    await sleep_past_due(time_env, sessions, case.id, "filing_decision")
    await eventually(lambda: opened(sessions, case.id, "overdue_explanation"))
    explain = opened(sessions, case.id, "overdue_explanation")[0]
    assert explain.org_id == principal(sessions, "ql.police").org_id
    assert explain.deadline_rule == "crime_transfer.overdue_explanation"
    assert day(explain.due_at) >= day(explain.opened_at) + dt.timedelta(days=7)
    assert not opened(sessions, case.id, "correction_opinion")
    await sleep_past_due(time_env, sessions, case.id, "overdue_explanation")
    await eventually(lambda: opened(sessions, case.id, "correction_opinion"))
    assert opened(sessions, case.id, "correction_opinion")[0].org_id == principal(sessions, "ql.procurator").org_id
    await complete(sessions, client, "ql.police", case.id, "filing_decision", {"decision": "file", "filing_no": "F2"})
    await eventually(
        lambda: (
            not opened(sessions, case.id, "correction_opinion") and not opened(sessions, case.id, "filing_oversight")
        )
    )
    assert not opened(sessions, case.id, "overdue_explanation")


async def test_T16_procuratorial_opinion_after_a_refusal_requires_the_transfer(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, await time_env.get_current_time())
    await complete(sessions, client, "ql.handler", case.id, "transfer_report", REPORT)
    await complete(sessions, client, "ql.head", case.id, "approval", {"decision": "refuse", "reason": "证据不足"})
    opinion = {"decision": "opinion", "opinion_no": "麒检行意〔2026〕1号", "opinion": "涉嫌危险作业罪，应当移送"}
    await complete(sessions, client, "ql.procurator", case.id, "refusal_review", opinion)
    await open_task(sessions, case.id, "transfer")
    assert case_row(sessions, case.id).details["procuratorial_opinion"] == "麒检行意〔2026〕1号"
    await complete(sessions, client, "ql.handler", case.id, "transfer", {"method": "online", "materials": "调查报告"})
    await open_task(sessions, case.id, "receipt")
    assert documents(sessions, case.id)[0].title == "涉嫌犯罪案件移送书"
    await record_history(client, case.workflow_id, "crime_transfer_refusal_opinion")


async def test_T33_T34_opinion_after_non_prosecution_is_answered_within_2_months(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await accepted(sessions, client, task_queue, time_env)
    await complete(sessions, client, "ql.police", case.id, "filing_decision", {"decision": "file", "filing_no": "F3"})
    await complete(sessions, client, "ql.police", case.id, "filing_notice", {"remarks": ""})
    today = day(await time_env.get_current_time())
    await complete(
        sessions, client, "ql.handler", case.id, "handover", {"handed_over_on": today.isoformat(), "items": "报警器"}
    )
    outcome = {"result": "prosecution", "details": "侦查终结移送审查起诉"}
    await complete(sessions, client, "ql.police", case.id, "outcome_report", outcome)  # the police's part is over
    result = await open_task(sessions, case.id, "prosecution_result")
    assert result.org_id == principal(sessions, "ql.procurator").org_id
    with pytest.raises(InvalidInput, match="检察意见书文号"):
        await complete(
            sessions,
            client,
            "ql.procurator",
            case.id,
            "prosecution_result",
            {"decision": "non_prosecution_opinion", "decision_no": "麒检不诉〔2026〕1号"},
        )
    form = {
        "decision": "non_prosecution_opinion",
        "decision_no": "麒检不诉〔2026〕1号",
        "opinion_no": "麒检意〔2026〕2号",
        "opinion": "建议给予罚款",
    }
    await complete(sessions, client, "ql.procurator", case.id, "prosecution_result", form)
    reply = await open_task(sessions, case.id, "opinion_reply")
    assert reply.org_id == principal(sessions, "ql.handler").org_id and reply.clock_unit == "months"
    # 2 months to the corresponding day (民法典 art 202), not 60 days; a rest day rolls forward.
    corresponding = add_months(day(reply.opened_at), 2)
    assert corresponding <= day(reply.due_at) <= corresponding + dt.timedelta(days=9)
    await complete(sessions, client, "ql.handler", case.id, "opinion_reply", {"result": "已罚款并书面回复"})
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "closed"
    await record_history(client, case.workflow_id, "crime_transfer_non_prosecution_opinion")


async def test_T34_procuratorate_back_transfer_is_an_opinion_reply_and_the_police_one_is_not(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    back = {"document_no": "麒检意〔2026〕3号", "reason": "不构成犯罪", "liability": "违反安全生产法"}
    by_procuratorate = await accepted(sessions, client, task_queue, time_env)
    await act(sessions, client, "ql.procurator", by_procuratorate.id, "transfer_back", back)
    reply = await open_task(sessions, by_procuratorate.id, "opinion_reply")
    assert reply.deadline_rule == "crime_transfer.opinion_reply" and reply.clock_unit == "months"
    by_police = await accepted(sessions, client, task_queue, time_env)
    await act(sessions, client, "ql.police", by_police.id, "transfer_back", {**back, "document_no": "麒公函1号"})
    follow_up = await open_task(sessions, by_police.id, "administrative_follow_up")
    assert follow_up.deadline_rule == "crime_transfer.administrative_follow_up" and follow_up.clock_unit != "months"
    assert not [t for t in tasks_of(sessions, by_police.id) if t.step == "opinion_reply"]


async def test_T29_T30_T32_liaison_records_are_kept_on_the_timeline(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await accepted(sessions, client, task_queue, time_env)
    today = day(await time_env.get_current_time())
    records = [
        ("ql.handler", "evidence_handover", "麒麟区公安局", "现场检查笔录原件3份"),
        ("ql.police", "information_exchange", "麒麟区应急管理局", "已开展初查"),
        ("ql.procurator", "consultation", "应急、公安、检察", "会商认为涉嫌危险作业罪"),
        ("ql.office", "joint_supervision", "区安委办、区检察院", "联合督办"),
        ("ql.handler", "joint_meeting", "联席会议成员单位", "通报本案进展"),
    ]
    for user, kind, participants, content in records:
        form = {"kind": kind, "held_on": today.isoformat(), "participants": participants, "content": content}
        await act(sessions, client, user, case.id, "record_liaison", form)
    late = {"kind": "case_briefing", "held_on": (today + dt.timedelta(days=3)).isoformat(), "participants": "x"}
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        await act(sessions, client, "ql.handler", case.id, "record_liaison", {**late, "content": "x"})
    kinds = {e.kind: e for e in events(sessions, case.id)}
    assert kinds["liaison_evidence_handover"].reason == "现场检查笔录原件3份"
    assert "重大案件会商" in kinds["liaison_consultation"].summary
    assert "联合督办" in kinds["liaison_joint_supervision"].summary
    assert kinds["liaison_information_exchange"].actor_user_id == principal(sessions, "ql.police").user_id


def head_account(sessions: sessionmaker[Session], username: str, capacity: str) -> str:
    """A second head of 麒麟区应急管理局, marked principal, acting or deputy (users.head_capacity)."""
    with sessions() as db:
        if db.scalar(select(models.User.id).where(models.User.username == username)) is None:
            head = db.scalars(select(models.User).where(models.User.username == "ql.head")).one()
            user = models.User(
                username=username,
                display_name=f"麒麟区应急管理局{capacity}",
                password_hash=head.password_hash,
                org_id=head.org_id,
                role="head",
            )
            db.add(user)
            db.flush()
            set_head_capacity(db, user.id, capacity)
            db.commit()
    return username


async def test_T2_only_the_principal_head_or_the_head_in_charge_approves_a_deputy_is_refused(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    assert principal(sessions, "ql.head").head_capacity == ""  # an unmarked head account is the head
    assert principal(sessions, head_account(sessions, "ql.principal", "principal")).head_capacity == "principal"
    deputy = head_account(sessions, "ql.deputy", "deputy")
    acting = head_account(sessions, "ql.acting", "acting")
    case = await start(sessions, client, task_queue, await time_env.get_current_time())
    await complete(sessions, client, "ql.handler", case.id, "transfer_report", REPORT)
    approve = {"decision": "approve", "reason": ""}
    with pytest.raises(Forbidden, match="副职负责人不能作出移送决定"):
        await complete(sessions, client, deputy, case.id, "approval", approve)
    with pytest.raises(Forbidden, match="正职负责人或者主持工作的负责人"):
        await complete(sessions, client, deputy, case.id, "approval", {"decision": "refuse", "reason": "x"})
    await complete(sessions, client, acting, case.id, "approval", approve)  # 主持工作的负责人
    await open_task(sessions, case.id, "transfer")
