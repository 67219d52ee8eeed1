"""Crime transfer on the time-skipping server: the straight path, non-filing with reconsideration
and filing supervision, forwarding, reverse transfer, and an overdue filing decision."""

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
from domain.crime_transfer import CrimeTransferStart
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.legal_calendar import CHINA_TZ
from services.case_actions import visible_case
from services.crime_transfer_intake import start_crime_transfer
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import (
    act,
    case_row,
    complete,
    complete_task_id,
    events,
    eventually,
    open_task,
    sleep_past_due,
    tasks_of,
)

REPORT = {
    "team_members": "张三、李四",
    "category": "dangerous_operation",
    "facts": "企业在重大事故隐患挂牌督办期间拒不执行停产停业整顿决定，继续组织储罐区装卸作业。",
    "evidence": "现场检查笔录、询问笔录3份、监控录像",
    "exhibits": "失效报警器4台",
    "appraisals": "",
}


async def start(
    sessions: sessionmaker[Session], client: Client, task_queue: str, now: dt.datetime, source: int | None = None
) -> models.Case:
    with sessions() as db:
        enterprise = db.scalars(
            select(models.Enterprise).where(models.Enterprise.jurisdiction_code == "530302")
        ).first()
        assert enterprise is not None
        return await start_crime_transfer(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            start=CrimeTransferStart(
                source_case_id=source,
                enterprise_id=None if source else enterprise.id,
                category="dangerous_operation",
                facts="拒不执行停产停业整顿决定",
            ),
            now=now,
        )


async def transfer(sessions: sessionmaker[Session], client: Client, case_id: int) -> None:
    await complete(sessions, client, "ql.handler", case_id, "transfer_report", REPORT)
    await complete(sessions, client, "ql.head", case_id, "approval", {"decision": "approve", "reason": ""})
    await complete(
        sessions, client, "ql.handler", case_id, "transfer", {"method": "online", "materials": "调查报告、证据材料"}
    )
    await open_task(sessions, case_id, "receipt")  # the letter is issued, the police and procuratorate addressed


def documents(sessions: sessionmaker[Session], case_id: int) -> list[models.Document]:
    with sessions() as db:
        return list(db.scalars(select(models.Document).where(models.Document.case_id == case_id)))


async def test_T3_T5_T10_T15_T23_T25_straight_path_from_report_to_filing_notice_handover_and_outcome(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await start(sessions, client, task_queue, now)
    with sessions() as db:  # before the transfer the police and the procuratorate see nothing
        for liaison in ("ql.police", "ql.procurator"):
            with pytest.raises(NotFound):
                visible_case(db, principal(sessions, liaison), case.id)
    await transfer(sessions, client, case.id)
    receipt = await open_task(sessions, case.id, "receipt")  # opened once the letter is issued
    letter = documents(sessions, case.id)[0]
    assert letter.title == "涉嫌犯罪案件移送书"
    assert "收到本移送书后3日内依法作出立案" in letter.html  # C6: the unit the configuration chose
    assert re.fullmatch(r"麒应急移〔\d{4}〕\d+号", letter.number)
    assert "麒麟区公安局" in letter.html and "抄送：麒麟区人民检察院" in letter.html and "失效报警器4台" in letter.html
    issued = next(e for e in events(sessions, case.id) if e.kind == "document_issued")
    assert issued.data["sha256"] == letter.sha256 and issued.data["number"] == letter.number

    assert receipt.org_id == principal(sessions, "ql.police").org_id
    copy = await open_task(sessions, case.id, "copy_receipt")
    assert copy.org_id == principal(sessions, "ql.procurator").org_id
    with sessions() as db:
        assert visible_case(db, principal(sessions, "ql.police"), case.id)
        assert visible_case(db, principal(sessions, "ql.procurator"), case.id)
    await complete(sessions, client, "ql.procurator", case.id, "copy_receipt", {"remarks": ""})
    await complete(sessions, client, "ql.police", case.id, "receipt", {"decision": "accept"})
    assert case_row(sessions, case.id).status == "awaiting_decision"
    await complete(
        sessions,
        client,
        "ql.police",
        case.id,
        "filing_decision",
        {"decision": "file", "filing_no": "麒公刑立〔2026〕8号"},
    )
    row, police_org = case_row(sessions, case.id), principal(sessions, "ql.police").org_id
    assert row.status == "filed" and row.details["settled"] is True
    # T25: the police notify the filing in writing within 3 日, copied to the procuratorate; the
    # handover (art 12) waits for that notice.
    notice_task = await open_task(sessions, case.id, "filing_notice")
    assert (notice_task.org_id, notice_task.deadline_rule) == (police_org, "crime_transfer.filing_notice")
    assert (notice_task.due_at - notice_task.opened_at) >= dt.timedelta(days=3)
    assert not [t for t in tasks_of(sessions, case.id) if t.step == "handover"]
    await complete(sessions, client, "ql.police", case.id, "filing_notice", {"remarks": ""})
    await open_task(sessions, case.id, "handover")
    filing_notice = next(d for d in documents(sessions, case.id) if d.doc_type == "filing_notice")
    assert filing_notice.title == "立案告知书" and re.fullmatch(r"麒公（刑）立告字〔\d{4}〕\d+号", filing_notice.number)
    assert "麒公刑立〔2026〕8号" in filing_notice.html and "抄送：麒麟区人民检察院" in filing_notice.html
    assert "3日内将涉案物品" in filing_notice.html
    today = (await time_env.get_current_time()).astimezone(CHINA_TZ).date()
    with pytest.raises(InvalidInput, match="移交日期不能晚于今天"):
        await complete(
            sessions,
            client,
            "ql.handler",
            case.id,
            "handover",
            {"handed_over_on": (today + dt.timedelta(days=2)).isoformat(), "items": "失效报警器4台"},
        )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "handover",
        {"handed_over_on": today.isoformat(), "items": "失效报警器4台"},
    )
    await complete(
        sessions, client, "ql.police", case.id, "outcome_report", {"result": "prosecution", "details": "已移送审查起诉"}
    )
    assert case_row(sessions, case.id).status == "prosecuting"
    result = {"decision": "prosecute", "decision_no": "麒检刑诉〔2026〕3号"}
    await complete(sessions, client, "ql.procurator", case.id, "prosecution_result", result)
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "closed"
    row = case_row(sessions, case.id)
    assert row.closed and row.details["outcome"] == "prosecution"
    await record_history(client, case.workflow_id, "crime_transfer_straight_path")


async def test_T7_T8_T9_T17_T18_T20_non_filing_reconsideration_and_filing_supervision_end_in_filing(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await start(sessions, client, task_queue, now)
    await transfer(sessions, client, case.id)
    await complete(sessions, client, "ql.police", case.id, "receipt", {"decision": "accept"})
    with pytest.raises(InvalidInput, match="不予立案须写明理由"):
        await complete(sessions, client, "ql.police", case.id, "filing_decision", {"decision": "not_file"})
    await complete(
        sessions,
        client,
        "ql.police",
        case.id,
        "filing_decision",
        {"decision": "not_file", "reasons": "现有证据不足以证明存在现实危险"},
    )
    await open_task(sessions, case.id, "non_filing_response")
    notice = next(d for d in documents(sessions, case.id) if d.doc_type == "non_filing_notice")
    assert re.fullmatch(r"麒公（刑）不立字〔\d{4}〕\d+号", notice.number)
    assert "现有证据不足以证明存在现实危险" in notice.html and "3日内向本局提请复议" in notice.html
    assert case_row(sessions, case.id).status == "disputing"

    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "non_filing_response",
        {"decision": "reconsider", "reason": "危险现实存在"},
    )
    await complete(
        sessions, client, "ql.police", case.id, "reconsideration", {"decision": "uphold", "reasons": "维持原决定"}
    )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "reconsideration_response",
        {"decision": "supervision", "reason": "复议决定认定事实错误"},
    )
    assert case_row(sessions, case.id).status == "supervising"
    await complete(
        sessions,
        client,
        "ql.procurator",
        case.id,
        "supervision_review",
        {"decision": "require_explanation", "opinion": "要求公安机关说明不立案理由"},
    )
    explanation = await open_task(sessions, case.id, "police_explanation")
    assert explanation.org_id == principal(sessions, "ql.police").org_id
    await complete(sessions, client, "ql.police", case.id, "police_explanation", {"explanation": "证据不足"})
    await complete(
        sessions,
        client,
        "ql.procurator",
        case.id,
        "supervision_decision",
        {"decision": "notify_filing", "opinion": "不立案理由不成立", "notice_no": "麒检通立〔2026〕2号"},
    )
    on_notice = await open_task(sessions, case.id, "filing_on_notice")
    assert (on_notice.due_at - on_notice.opened_at) >= dt.timedelta(days=15)
    await complete(sessions, client, "ql.police", case.id, "filing_on_notice", {"filing_no": "麒公刑立〔2026〕9号"})
    assert case_row(sessions, case.id).status == "filed"
    kinds = [e.kind for e in events(sessions, case.id)]
    for kind in (
        "not_filed",
        "reconsideration_requested",
        "reconsideration_upheld",
        "supervision_requested",
        "filing_notified",
    ):
        assert kind in kinds
    await record_history(client, case.workflow_id, "crime_transfer_supervision")


async def test_T6_wrong_jurisdiction_forwards_to_the_police_with_jurisdiction(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await start(sessions, client, task_queue, now)
    await transfer(sessions, client, case.id)
    with pytest.raises(InvalidInput, match="不能转送本机关"):
        await complete(
            sessions,
            client,
            "ql.police",
            case.id,
            "receipt",
            {"decision": "forward", "forward_to": "530302", "notice": "x"},
        )
    with pytest.raises(InvalidInput, match="没有可转送的公安机关"):
        await complete(
            sessions,
            client,
            "ql.police",
            case.id,
            "receipt",
            {"decision": "forward", "forward_to": "110101", "notice": "x"},
        )
    with sessions() as db:  # zy.police knows nothing of the case until it is forwarded
        with pytest.raises(NotFound):
            visible_case(db, principal(sessions, "zy.police"), case.id)
    await complete(
        sessions,
        client,
        "ql.police",
        case.id,
        "receipt",
        {"decision": "forward", "forward_to": "530303", "notice": "犯罪地在沾益区，已转送沾益区公安局"},
    )
    receipt = await open_task(sessions, case.id, "receipt")
    assert receipt.org_id == principal(sessions, "zy.police").org_id
    with pytest.raises(Forbidden):
        await complete(sessions, client, "ql.police", case.id, "receipt", {"decision": "accept"})
    await complete(sessions, client, "zy.police", case.id, "receipt", {"decision": "accept"})
    decision = await open_task(sessions, case.id, "filing_decision")
    assert decision.org_id == principal(sessions, "zy.police").org_id
    forwarded = next(e for e in events(sessions, case.id) if e.kind == "forwarded")
    assert "沾益区公安局" in forwarded.summary and forwarded.reason.startswith("犯罪地在沾益区")


async def test_T12_T13_reverse_transfer_opens_the_administrative_follow_up_and_a_fine_warns_of_substitution(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await start(sessions, client, task_queue, now)
    await transfer(sessions, client, case.id)
    back = {"document_no": "麒公函〔2026〕5号", "reason": "不构成危险作业罪", "liability": "违反安全生产法第一百零二条"}
    with pytest.raises(Conflict, match="尚未签收受理"):
        await act(sessions, client, "ql.police", case.id, "transfer_back", back)
    with pytest.raises(NotFound):  # another county's police cannot even address the case
        await act(sessions, client, "zy.police", case.id, "transfer_back", back)
    fine = {"measure": "fine", "document_no": "麒应急罚〔2026〕30号", "amount_cny": 50000, "description": "罚款5万元"}
    result = await act(sessions, client, "ql.handler", case.id, "record_administrative_measure", fine)
    assert "不得以罚代刑" in result.message
    assert case_row(sessions, case.id).details["substitution_warning"] is True
    await complete(sessions, client, "ql.police", case.id, "receipt", {"decision": "accept"})
    with pytest.raises(Forbidden):
        await act(sessions, client, "ql.handler", case.id, "transfer_back", back)
    await act(sessions, client, "ql.police", case.id, "transfer_back", back)
    follow_up = await open_task(sessions, case.id, "administrative_follow_up")
    assert follow_up.org_id == principal(sessions, "ql.handler").org_id
    assert case_row(sessions, case.id).status == "transferred_back"
    with sessions() as db:
        decision = db.scalars(
            select(models.Task).where(models.Task.case_id == case.id, models.Task.step == "filing_decision")
        ).one()
        assert decision.status == "cancelled"
    with pytest.raises(Conflict, match="已反向移送"):
        await act(sessions, client, "ql.police", case.id, "transfer_back", back)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "administrative_follow_up",
        {"decision_no": "麒应急罚〔2026〕31号", "result": "责令停产整顿并处罚款，已书面回复"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "closed"
    kinds = [e.kind for e in events(sessions, case.id)]
    assert kinds.count("substitution_warning") == 1 and "transferred_back" in kinds
    await record_history(client, case.workflow_id, "crime_transfer_back_transfer")


async def test_T7_overdue_filing_decision_escalates_on_both_sides_and_to_the_procuratorate(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await start(sessions, client, task_queue, now)
    await transfer(sessions, client, case.id)
    await complete(sessions, client, "ql.police", case.id, "receipt", {"decision": "accept"})
    await sleep_past_due(time_env, sessions, case.id, "filing_decision")

    def opened(step: str) -> list[models.Task]:
        return [t for t in tasks_of(sessions, case.id) if t.step == step and t.status == "open"]

    await eventually(lambda: opened("upper_oversight") and opened("filing_oversight") and opened("supervision"))
    assert opened("supervision")[0].org_id == principal(sessions, "qj.office").org_id
    # the city police urges its county; the unsigned copy is urged by the city procuratorate
    urging = {t.org_id for t in opened("upper_oversight")}
    assert urging == {principal(sessions, "qj.police").org_id, principal(sessions, "qj.procurator").org_id}
    assert opened("filing_oversight")[0].org_id == principal(sessions, "ql.procurator").org_id
    assert case_row(sessions, case.id).overdue
    with sessions() as db:  # the city police now sees the case it must urge
        assert visible_case(db, principal(sessions, "qj.police"), case.id)
    city_police = principal(sessions, "qj.police").org_id
    urge = next(t for t in opened("upper_oversight") if t.org_id == city_police)
    await complete_task_id(sessions, client, "qj.police", urge.id, {"measures": "电话督促麒麟区公安局即日作出决定"})
    await complete(
        sessions,
        client,
        "ql.police",
        case.id,
        "filing_decision",
        {"decision": "file", "filing_no": "麒公刑立〔2026〕12号"},
    )
    decision = next(t for t in tasks_of(sessions, case.id) if t.step == "filing_decision")
    await eventually(
        lambda: (
            not opened("filing_oversight") and not [t for t in opened("supervision") if t.parent_task_id == decision.id]
        )
    )
    assert case_row(sessions, case.id).status == "filed"
    await record_history(client, case.workflow_id, "crime_transfer_overdue_decision")


async def test_T2_head_refusal_needs_reasons_and_the_procuratorate_reviews_it_before_it_closes(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await start(sessions, client, task_queue, now)
    with pytest.raises(InvalidInput, match="2名以上"):
        await complete(sessions, client, "ql.handler", case.id, "transfer_report", {**REPORT, "team_members": "张三"})
    await complete(sessions, client, "ql.handler", case.id, "transfer_report", REPORT)
    with pytest.raises(Forbidden):  # the handler cannot approve his own report
        await complete(sessions, client, "ql.handler", case.id, "approval", {"decision": "approve"})
    with pytest.raises(InvalidInput, match="须写明理由"):
        await complete(sessions, client, "ql.head", case.id, "approval", {"decision": "refuse"})
    await complete(
        sessions, client, "ql.head", case.id, "approval", {"decision": "refuse", "reason": "未达立案追诉标准"}
    )
    review = await open_task(sessions, case.id, "refusal_review")  # T16: 刑事诉讼规则 art 557(3)
    assert review.org_id == principal(sessions, "ql.procurator").org_id
    assert case_row(sessions, case.id).status == "not_transferred"
    with pytest.raises(InvalidInput, match="检察意见书文号"):
        await complete(
            sessions, client, "ql.procurator", case.id, "refusal_review", {"decision": "opinion", "opinion": "x"}
        )
    await complete(
        sessions, client, "ql.procurator", case.id, "refusal_review", {"decision": "no_opinion", "opinion": "理由成立"}
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "not_transferred"
    refused = next(e for e in events(sessions, case.id) if e.kind == "transfer_refused")
    assert refused.reason == "未达立案追诉标准"
    assert documents(sessions, case.id) == []
