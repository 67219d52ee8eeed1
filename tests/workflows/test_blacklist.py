"""The serious-dishonesty list on the time-skipping server: three years, credit repair, revocation."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.blacklist import BlacklistProposal, add_months
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services import blacklist_queries
from services.blacklist_intake import propose_listing
from tests.penalty_support import penalty_decision
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, events, eventually, open_task

REPAIR = {
    "penalty_performed": True,
    "hazards_rectified": True,
    "credit_commitment": True,
    "evidence": "罚款缴纳凭证、隐患整改验收意见、信用承诺书",
}


async def _today(env: WorkflowEnvironment) -> dt.date:
    return (await env.get_current_time()).astimezone(CHINA_TZ).date()


async def _propose(
    sessions: sessionmaker[Session], client: Client, task_queue: str, now: dt.datetime, enterprise_name: str
) -> models.Case:
    decided_on = now.astimezone(CHINA_TZ).date() - dt.timedelta(days=20)
    number = penalty_decision(sessions, "ql.handler", enterprise_name, decided_on, "麒应急罚")
    with sessions() as db:
        enterprise = db.scalars(select(models.Enterprise).where(models.Enterprise.name == enterprise_name)).one()
        return await propose_listing(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            proposal=BlacklistProposal(
                enterprise_id=enterprise.id,
                condition="refused_suspension",
                penalty_decision_no=number,
                penalty_decided_on=decided_on,
                facts="责令停产整顿期间擅自组织生产，拒不执行停产整顿决定。",
                rules="2023",
            ),
            config=ProcessConfig(),
            now=now,
        )


async def _notify(sessions: sessionmaker[Session], client: Client, case_id: int, today: dt.date) -> None:
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "notice",
        {
            "reasons": "拒不执行停产整顿决定，符合列入严重失信主体名单情形",
            "rights": "可在送达之日起5个工作日内提出陈述、申辩",
            "served_on": today.isoformat(),
        },
    )


async def _decide(sessions: sessionmaker[Session], client: Client, case_id: int) -> None:
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "decision",
        {"decision": "list", "opinion": "事实清楚，依据充分"},
    )


ENTERPRISE_1 = "曲靖越州金属制品有限公司"


def _entry(sessions: sessionmaker[Session], case_id: int) -> models.BlacklistEntry | None:
    with sessions() as db:
        return db.scalars(select(models.BlacklistEntry).where(models.BlacklistEntry.case_id == case_id)).one_or_none()


def _publicly_found(sessions: sessionmaker[Session], name: str) -> bool:
    with sessions() as db:
        rows, _ = blacklist_queries.public_entries(db, blacklist_queries.PublicSearch(name=name))
    return len(rows) > 0


async def _listed(
    env: WorkflowEnvironment, sessions: sessionmaker[Session], client: Client, task_queue: str, enterprise_name: str
) -> models.Case:
    """Proposal, notice, a statement that is answered and upheld, the decision."""
    case = await _propose(sessions, client, task_queue, await env.get_current_time(), enterprise_name)
    today = await _today(env)
    await _notify(sessions, client, case.id, today)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "statement",
        {"received_on": today.isoformat(), "statement": "停产期间仅为设备检修，并非组织生产。"},
    )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "statement_review",
        {"decision": "uphold", "reply": "现场检查记录显示生产线在运行，申辩理由不成立。"},
    )
    await _decide(sessions, client, case.id)
    await eventually(lambda: (_entry(sessions, case.id) or models.BlacklistEntry(public=False)).public)
    return case


async def test_full_three_years_end_in_automatic_exit_and_publication_stops(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await _propose(sessions, client, task_queue, await time_env.get_current_time(), "曲靖越州金属制品有限公司")
    await _notify(sessions, client, case.id, await _today(time_env))
    statement = await open_task(sessions, case.id, "statement")
    # No statement within the defence period (5 working days): the right is waived, the decision follows.
    await time_env.sleep(dt.timedelta(days=10))
    await open_task(sessions, case.id, "decision")
    await eventually(lambda: "defence_waived" in [e.kind for e in events(sessions, case.id)])
    with sessions() as db:
        assert db.get(models.Task, statement.id).status == "cancelled"  # type: ignore[union-attr]
    await _decide(sessions, client, case.id)
    listed_on = await _today(time_env)
    await eventually(lambda: _entry(sessions, case.id) is not None)
    entry = _entry(sessions, case.id)
    assert entry is not None and entry.public and entry.exit_on == add_months(listed_on, 36)
    assert _publicly_found(sessions, "越州金属")
    assert "限制参加政府采购活动" in entry.measures
    # The notice and the decision are numbered documents; the entry carries the decision's number.
    with sessions() as db:
        documents = {
            d.doc_type: d for d in db.scalars(select(models.Document).where(models.Document.case_id == case.id))
        }
    assert set(documents) == {"blacklist_listing_notice", "blacklist_listing_decision"}
    decision = documents["blacklist_listing_decision"]
    assert entry.decision_no == decision.number and decision.number.startswith("麒应急失信决〔")
    assert ENTERPRISE_1 in decision.html and "未提出陈述、申辩" in decision.html and len(decision.sha256) == 64
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "publication",
        {"channels": "信用中国、国家企业信用信息公示系统", "published_on": listed_on.isoformat()},
    )

    # Partner departments acknowledge through the handler; once each, and only the deciding bureau records it.
    await act(
        sessions, client, "ql.handler", case.id, "acknowledge_partner", {"partner": "财政部门", "reference": "回执1"}
    )
    with pytest.raises(Conflict):
        await act(sessions, client, "ql.handler", case.id, "acknowledge_partner", {"partner": "财政部门"})
    with pytest.raises(InvalidInput):
        await act(sessions, client, "ql.handler", case.id, "acknowledge_partner", {"partner": "不相干部门"})
    with pytest.raises(Forbidden):
        await act(sessions, client, "qj.handler", case.id, "acknowledge_partner", {"partner": "自然资源部门"})
    assert case_row(sessions, case.id).details["partners_acknowledged"] == {"财政部门": "回执1"}

    await time_env.sleep(dt.timedelta(days=365 * 3 - 30))
    assert case_row(sessions, case.id).status == "listed" and _publicly_found(sessions, "越州金属")
    await time_env.sleep(dt.timedelta(days=40))
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "exited"
    row = case_row(sessions, case.id)
    assert row.closed and row.status == "exited"
    entry = _entry(sessions, case.id)
    assert entry is not None and not entry.public and entry.status == "expired"
    assert not _publicly_found(sessions, "越州金属")
    assert "partners_notified_exit" in [e.kind for e in events(sessions, case.id)]
    await record_history(client, case.workflow_id, "blacklist_three_years")


async def test_credit_repair_after_twelve_months_removes_the_entry_early(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await _listed(time_env, sessions, client, task_queue, "麒麟区宏达建材有限公司")
    listed_on = await _today(time_env)
    await time_env.sleep(dt.timedelta(days=100))
    # Before 12 months the validator refuses at once; nothing is recorded.
    with pytest.raises(Conflict, match="满12个月"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "apply_repair",
            {**REPAIR, "applied_on": (await _today(time_env)).isoformat()},
        )
    assert "repair_applied" not in [e.kind for e in events(sessions, case.id)]
    await time_env.sleep(dt.timedelta(days=270))
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "apply_repair",
        {**REPAIR, "applied_on": (await _today(time_env)).isoformat()},
    )
    with pytest.raises(Conflict, match="待审核"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "apply_repair",
            {**REPAIR, "applied_on": (await _today(time_env)).isoformat()},
        )
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "repair_review",
        {"decision": "approve", "opinion": "已履行处罚并整改到位"},
    )
    await eventually(lambda: case_row(sessions, case.id).status == "repaired")
    entry = _entry(sessions, case.id)
    assert entry is not None and not entry.public and entry.status == "repaired"
    assert entry.removed_on is not None and entry.removed_on >= add_months(listed_on, 12)
    assert not _publicly_found(sessions, "宏达建材")
    await record_history(client, case.workflow_id, "blacklist_credit_repair")


async def test_refused_credit_repair_keeps_the_entry_and_a_new_application_may_follow(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await _listed(time_env, sessions, client, task_queue, "曲靖市麒麟煤化工有限公司")
    await time_env.sleep(dt.timedelta(days=370))
    today = (await _today(time_env)).isoformat()
    with pytest.raises(InvalidInput, match="信用承诺"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "apply_repair",
            {**REPAIR, "credit_commitment": False, "applied_on": today},
        )
    await act(sessions, client, "ql.handler", case.id, "apply_repair", {**REPAIR, "applied_on": today})
    await complete(
        sessions, client, "ql.handler", case.id, "repair_review", {"decision": "reject", "opinion": "整改未经验收"}
    )
    await eventually(lambda: "repair_rejected" in [e.kind for e in events(sessions, case.id)])
    assert case_row(sessions, case.id).status == "listed" and _publicly_found(sessions, "麒麟煤化工")
    await act(sessions, client, "ql.handler", case.id, "apply_repair", {**REPAIR, "applied_on": today})
    await open_task(sessions, case.id, "repair_review")
    await record_history(client, case.workflow_id, "blacklist_repair_refused")


async def test_revoked_fraudulent_repair_restores_the_remaining_period_and_a_violation_extends_it(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await _listed(time_env, sessions, client, task_queue, "麒麟区南城烟花爆竹经营部")
    original = _entry(sessions, case.id)
    assert original is not None
    with pytest.raises(Conflict):
        await act(sessions, client, "ql.handler", case.id, "revoke_repair", {"reason": "尚未修复"})
    await time_env.sleep(dt.timedelta(days=400))
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "apply_repair",
        {**REPAIR, "applied_on": (await _today(time_env)).isoformat()},
    )
    await complete(sessions, client, "ql.handler", case.id, "repair_review", {"decision": "approve", "opinion": "同意"})
    await eventually(lambda: case_row(sessions, case.id).status == "repaired")
    removed_on = await _today(time_env)
    await time_env.sleep(dt.timedelta(days=100))
    await act(sessions, client, "ql.handler", case.id, "revoke_repair", {"reason": "整改验收材料系伪造"})
    restored = _entry(sessions, case.id)
    assert restored is not None and restored.public and restored.status == "listed" and restored.removed_on is None
    # The remaining period runs again from the revocation: the end moves by the time spent off the list.
    gap = (await _today(time_env)) - removed_on
    assert abs((restored.exit_on - original.exit_on) - gap) <= dt.timedelta(days=1)
    assert _publicly_found(sessions, "南城烟花")

    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "record_violation",
        {"occurred_on": (await _today(time_env)).isoformat(), "description": "再次拒不执行停产整顿", "extend": True},
    )
    extended = _entry(sessions, case.id)
    assert extended is not None and extended.exit_on == add_months(restored.exit_on, 12)
    left = extended.exit_on - (await _today(time_env))
    await time_env.sleep(left - dt.timedelta(days=5))
    assert case_row(sessions, case.id).status == "listed"
    await time_env.sleep(dt.timedelta(days=10))
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "exited"
    assert not _publicly_found(sessions, "南城烟花")
    await record_history(client, case.workflow_id, "blacklist_repair_revoked")


async def test_a_founded_defence_changes_the_decision_to_not_listed(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await _propose(
        sessions, client, task_queue, await time_env.get_current_time(), "曲靖市珠源危险化学品储运有限公司"
    )
    today = await _today(time_env)
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        await complete(
            sessions,
            client,
            "ql.handler",
            case.id,
            "notice",
            {"reasons": "x", "rights": "x", "served_on": (today + dt.timedelta(days=3)).isoformat()},
        )
    await _notify(sessions, client, case.id, today)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "statement",
        {"received_on": today.isoformat(), "statement": "停产整顿决定已被行政复议撤销", "evidence": "行政复议决定书"},
    )
    assert case_row(sessions, case.id).status == "reviewing_statement"
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "statement_review",
        {"decision": "accept", "reply": "经核实，停产整顿决定已被撤销，不符合列入情形。"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "not_listed"
    row = case_row(sessions, case.id)
    assert row.closed and row.status == "not_listed" and "statement_answer" in row.details
    assert _entry(sessions, case.id) is None and not _publicly_found(sessions, "珠源危险")
    await record_history(client, case.workflow_id, "blacklist_defence_accepted")
