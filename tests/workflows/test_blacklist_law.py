"""Decree 11 and 49号 in the blacklist intake and workflow (time-skipping server): natural persons
and the industries in scope (B5), the proposing bureau's own penalty decision (B6/B7), no service
back-dated past the defence period (audit §7), the 2017 year from publication and removal window
(B17, B18), and the procedure pinned (B9, B11, B14)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.blacklist import BlacklistProposal, add_months
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.legal_calendar import CHINA_TZ
from domain.process_config import BlacklistConfig, ProcessConfig
from services import violation_register
from services.blacklist_intake import propose_listing
from tests.penalty_support import penalty_decision
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, events, eventually, open_task
from tests.workflows.test_blacklist import REPAIR, _entry, _today

# 沾益区's units, which the other blacklist scenarios do not list (one open listing per subject).
MACHINERY = "曲靖沾益西平机械制造有限公司"
MINE = "沾益区盘江煤业有限公司"
GRAIN = "沾益区播乐粮食加工厂"
FIREWORKS = "麒麟区南城烟花爆竹经营部"  # only natural persons of it are proposed here


async def _propose(
    env: WorkflowEnvironment,
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    enterprise: str,
    *,
    login: str = "zy.handler",
    config: ProcessConfig | None = None,
    **fields: Any,
) -> models.Case:
    now = await env.get_current_time()
    decided_on = now.astimezone(CHINA_TZ).date() - dt.timedelta(days=10)
    with sessions() as db:
        enterprise_id = db.scalars(select(models.Enterprise.id).where(models.Enterprise.name == enterprise)).one()
    proposal: dict[str, Any] = {
        "enterprise_id": enterprise_id,
        "condition": "refused_suspension",
        "penalty_decision_no": penalty_decision(sessions, login, enterprise, decided_on, "沾应急罚"),
        "penalty_decided_on": decided_on,
        "facts": "责令停产整顿期间擅自组织生产。",
        "rules": "2023",
        **fields,
    }
    with sessions() as db:
        return await propose_listing(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, login),
            proposal=BlacklistProposal.model_validate(proposal),
            config=config or ProcessConfig(),
            now=now,
        )


def _notice(served_on: dt.date, method: str = "direct") -> dict[str, str]:
    return {
        "reasons": "拒不执行停产整顿决定",
        "rights": "可在送达之日起5个工作日内提出陈述、申辩",
        "served_on": served_on.isoformat(),
        "service_method": method,
        "service_proof": "公告编号2026-1" if method == "announcement" else "",
    }


async def _close(client: Client, sessions: sessionmaker[Session], case: models.Case) -> None:
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
    with sessions.begin() as db:  # the subject may be proposed again by later scenarios
        row = db.get(models.Case, case.id)
        assert row is not None
        row.closed = True


async def test_B5_a_principal_head_is_listed_as_a_natural_person_beside_the_unit(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    person: dict[str, Any] = {"subject": "person", "person_name": "王建国", "person_role": "principal"}
    case = await _propose(time_env, sessions, client, task_queue, MACHINERY, **person)
    assert case.details["person_name"] == "王建国" and "王建国" in case.title
    # The unit itself may still be proposed: one open listing per subject, not per enterprise.
    unit = await _propose(time_env, sessions, client, task_queue, MACHINERY)
    with pytest.raises(Conflict):
        await _propose(time_env, sessions, client, task_queue, MACHINERY, **person)
    today = await _today(time_env)
    await complete(sessions, client, "zy.handler", case.id, "notice", _notice(today))
    await time_env.sleep(dt.timedelta(days=10))  # the defence period lapses
    await complete(sessions, client, "zy.handler", case.id, "decision", {"decision": "list", "opinion": "依法列入"})
    await eventually(lambda: _entry(sessions, case.id) is not None)
    entry = _entry(sessions, case.id)
    assert entry is not None and entry.enterprise_name == f"王建国（{MACHINERY}生产经营单位主要负责人）"
    with sessions() as db:
        html = db.scalars(
            select(models.Document.html).where(
                models.Document.case_id == case.id, models.Document.doc_type == "blacklist_listing_decision"
            )
        ).one()
    assert "王建国" in html and "将你列入" in html
    await _close(client, sessions, case)
    await _close(client, sessions, unit)


async def test_B5_only_listed_industries_and_service_body_staff_are_in_scope(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    staff: dict[str, Any] = {"subject": "person", "person_name": "赵检测", "person_role": "staff"}
    with pytest.raises(InvalidInput, match="机构从业人员"):
        await _propose(time_env, sessions, client, task_queue, FIREWORKS, login="ql.handler", **staff)
    mining_only = ProcessConfig(blacklist=dataclasses.replace(BlacklistConfig(), listed_industries=("煤矿",)))
    with pytest.raises(InvalidInput, match="不在严重失信主体名单管理范围内"):
        await _propose(time_env, sessions, client, task_queue, FIREWORKS, login="ql.handler", config=mining_only)
    service = dataclasses.replace(BlacklistConfig(), service_body_industries=("烟花爆竹",))
    case = await _propose(
        time_env,
        sessions,
        client,
        task_queue,
        FIREWORKS,
        login="ql.handler",
        config=ProcessConfig(blacklist=service),
        **staff,
    )
    assert case.details["person_role"] == "staff"
    await _close(client, sessions, case)


async def test_B6_B7_the_listing_rests_on_a_penalty_decision_the_proposing_bureau_issued_to_the_party(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    day = await _today(time_env) - dt.timedelta(days=10)
    with pytest.raises(NotFound, match="未找到行政处罚决定书"):
        await _propose(time_env, sessions, client, task_queue, GRAIN, penalty_decision_no="沾应急罚〔2026〕999号")
    # 谁处罚、谁决定: a decision of the city bureau cannot found a listing by the county bureau.
    city = penalty_decision(sessions, "qj.head", GRAIN, day, "曲应急罚")
    with pytest.raises(Forbidden, match="谁处罚、谁决定"):
        await _propose(time_env, sessions, client, task_queue, GRAIN, penalty_decision_no=city)
    other = penalty_decision(sessions, "zy.handler", MINE, day, "沾应急罚")
    with pytest.raises(InvalidInput, match="当事人与所选主体不一致"):
        await _propose(time_env, sessions, client, task_queue, GRAIN, penalty_decision_no=other)
    with pytest.raises(InvalidInput, match="决定书作出日期"):
        await _propose(time_env, sessions, client, task_queue, GRAIN, penalty_decided_on=day - dt.timedelta(days=1))
    case = await _propose(time_env, sessions, client, task_queue, GRAIN)
    assert case.details["penalty_case_no"].startswith("ZG-TEST-")
    await _close(client, sessions, case)


async def test_B9_B10_a_service_date_back_dated_past_the_whole_defence_period_is_refused(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await _propose(time_env, sessions, client, task_queue, MINE)
    today = await _today(time_env)
    with pytest.raises(InvalidInput, match="陈述、申辩期在登记前已届满"):
        await complete(sessions, client, "zy.handler", case.id, "notice", _notice(today - dt.timedelta(days=6)))
    # 公告送达 counts from the end of the announcement period: 30 days back is still within time.
    await complete(
        sessions, client, "zy.handler", case.id, "notice", _notice(today - dt.timedelta(days=30), "announcement")
    )
    statement = await open_task(sessions, case.id, "statement")
    assert statement.due_at is not None and statement.due_at.astimezone(CHINA_TZ).date() >= today + dt.timedelta(days=5)
    # B9: the statement is answered before the written decision.
    await complete(
        sessions, client, "zy.handler", case.id, "statement", {"received_on": today.isoformat(), "statement": "已整改"}
    )
    await open_task(sessions, case.id, "statement_review")
    await _close(client, sessions, case)


async def test_B11_B14_B17_B18_a_2017_listing_runs_a_year_from_publication_and_may_leave_on_application(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await _propose(
        time_env, sessions, client, task_queue, MACHINERY, condition="joint_operating_under_suspension", rules="2017"
    )
    await complete(sessions, client, "zy.handler", case.id, "notice", _notice(await _today(time_env)))
    await time_env.sleep(dt.timedelta(days=10))
    await complete(sessions, client, "zy.handler", case.id, "decision", {"decision": "list", "opinion": "依法列入"})
    await eventually(lambda: _entry(sessions, case.id) is not None)
    decided_on = await _today(time_env)
    # B11: publication is a step on its own clock (7 working days by default).
    publication = await open_task(sessions, case.id, "publication")
    assert publication.due_at is not None and publication.due_at.astimezone(CHINA_TZ).date() > decided_on
    await time_env.sleep(dt.timedelta(days=3))
    published_on = await _today(time_env)
    with pytest.raises(InvalidInput, match="不能早于列入决定日期"):
        early = {"channels": "信用中国", "published_on": (decided_on - dt.timedelta(days=1)).isoformat()}
        await complete(sessions, client, "zy.handler", case.id, "publication", early)
    await complete(
        sessions,
        client,
        "zy.handler",
        case.id,
        "publication",
        {"channels": "信用中国", "published_on": published_on.isoformat()},
    )
    exit_on = add_months(published_on, 12)
    await eventually(lambda: (_entry(sessions, case.id) or models.BlacklistEntry()).exit_on == exit_on)
    assert case_row(sessions, case.id).details["exit_on"] == exit_on.isoformat()
    # B14: a new violation is recorded (no extension asked).
    violation = {"occurred_on": published_on.isoformat(), "description": "再次违规生产"}
    await act(sessions, client, "zy.handler", case.id, "record_violation", violation)
    # B18: removal on application only within the 30 days before expiry.
    window_opens = exit_on - dt.timedelta(days=30)
    await time_env.sleep(
        dt.datetime.combine(window_opens, dt.time(9), tzinfo=CHINA_TZ)
        - await time_env.get_current_time()
        - dt.timedelta(days=1)
    )
    day_before = (window_opens - dt.timedelta(days=1)).isoformat()
    with pytest.raises(Conflict, match="届满前30日内"):
        await act(sessions, client, "zy.handler", case.id, "apply_repair", {**REPAIR, "applied_on": day_before})
    await time_env.sleep(dt.timedelta(days=1))
    await act(
        sessions, client, "zy.handler", case.id, "apply_repair", {**REPAIR, "applied_on": window_opens.isoformat()}
    )
    review = {"decision": "approve", "opinion": "经审核同意移出"}
    await complete(sessions, client, "zy.handler", case.id, "repair_review", review)
    await eventually(lambda: case_row(sessions, case.id).status == "repaired")
    assert "period_from_publication" in [e.kind for e in events(sessions, case.id)]
    await time_env.sleep(dt.timedelta(days=31))
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "repaired"
    await record_history(client, case.workflow_id, "blacklist_2017_from_publication")


async def test_B1_the_register_holds_penalties_listings_and_new_violations_of_units_and_people(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    person: dict[str, Any] = {"subject": "person", "person_name": "钱守安", "person_role": "principal"}
    case = await _propose(time_env, sessions, client, task_queue, MINE, **person)
    await complete(sessions, client, "zy.handler", case.id, "notice", _notice(await _today(time_env)))
    await time_env.sleep(dt.timedelta(days=10))
    await complete(sessions, client, "zy.handler", case.id, "decision", {"decision": "list", "opinion": "依法列入"})
    await eventually(lambda: _entry(sessions, case.id) is not None)
    violation = {"occurred_on": (await _today(time_env)).isoformat(), "description": "擅自恢复储罐作业"}
    await act(sessions, client, "zy.handler", case.id, "record_violation", violation)
    await eventually(lambda: "violation_recorded" in [e.kind for e in events(sessions, case.id)])
    with sessions() as db:
        enterprise_id = case.enterprise_id
        mine = violation_register.violation_records(db, principal(sessions, "zy.handler"), enterprise_id)
        beside = violation_register.violation_records(db, principal(sessions, "ql.handler"), enterprise_id)
    kinds = {r.kind: r for r in mine}
    assert set(kinds) == {"penalty", "listing", "violation"}
    assert case.details["penalty_decision_no"] in {r.reference for r in mine if r.kind == "penalty"}
    assert kinds["listing"].subject == f"钱守安（{MINE}生产经营单位主要负责人）"
    assert kinds["violation"].description == "擅自恢复储罐作业"
    assert beside == []  # another county's register does not show this one's
    await _close(client, sessions, case)
