"""约谈 and 重大案件会商 on the time-skipping server: the office interviews an enterprise, the
enterprise reports one commitment on its portal and lets the other lapse, the office verifies and
decides 通报; the bureau consults the police and the procuratorate, whose agreed actions are their
own tasks; the ladder refuses an office that skips a level."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.interview import ConsultationRequest, InterviewRequest, check_ladder
from domain.legal_calendar import CHINA_TZ
from services import interview_queries
from services.case_actions import visible_case
from services.interview_intake import start_consultation, start_interview
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import (
    act,
    case_row,
    complete,
    events,
    eventually,
    open_task,
    report,
    sleep_past_due,
    tasks_of,
)
from web.console import bulletin_pages

ENTERPRISE = "麒麟区宏达建材有限公司"  # its user is qy.hongda


def enterprise_id(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as db:
        found = db.scalar(select(models.Enterprise.id).where(models.Enterprise.name == name))
        assert found is not None
        return found


async def interview(
    sessions: sessionmaker[Session], client: Client, task_queue: str, now: dt.datetime, username: str, **party: object
) -> models.Case:
    today = now.astimezone(CHINA_TZ).date()
    request = InterviewRequest.model_validate(
        {
            "reason": "overdue_hazard",
            "matters": "重大事故隐患两次逾期未整改，说明原因并作出整改承诺",
            "meeting_on": (today + dt.timedelta(days=3)).isoformat(),
            "place": "麒麟区安委办会议室",
            **party,
        }
    )
    with sessions() as db:
        return await start_interview(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, username),
            request=request,
            now=now,
        )


async def serve_notice(sessions: sessionmaker[Session], client: Client, case_id: int, served_on: dt.date) -> None:
    await eventually(lambda: any(e.kind == "document_issued" for e in events(sessions, case_id)))
    issued = next(e for e in events(sessions, case_id) if e.kind == "document_issued")
    assert "约谈通知书" in issued.summary
    form = {"document_id": issued.data["document_id"], "method": "direct", "served_on": served_on.isoformat()}
    await act(sessions, client, "ql.office", case_id, "serve_document", {**form, "recipient": "企业负责人"})


async def test_enterprise_commitments_are_followed_verified_and_lead_to_a_bulletin(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    today = now.astimezone(CHINA_TZ).date()
    case = await interview(
        sessions,
        client,
        task_queue,
        now,
        "ql.office",
        party_kind="enterprise",
        enterprise_id=enterprise_id(sessions, ENTERPRISE),
    )
    notice = {
        "meeting_on": today.isoformat(),
        "place": "麒麟区安委办会议室",
        "matters": "隐患逾期未整改",
        "attendees_required": "主要负责人",
    }
    await complete(sessions, client, "ql.office", case.id, "notice", notice)
    meeting = {
        "held_on": today.isoformat(),
        "attendees": "企业总经理 张三，区安委办 李四",
        "statements": "企业承认整改不力，承诺限期完成",
        "commitments": f"更换报警器；{(today + dt.timedelta(days=10)).isoformat()}；张三\n"
        f"完善联锁；{(today + dt.timedelta(days=20)).isoformat()}；张三",
    }
    # The meeting waits for the notice's service.
    with pytest.raises(Conflict, match="尚未送达"):
        await complete(sessions, client, "ql.office", case.id, "meeting", meeting)
    await serve_notice(sessions, client, case.id, today)
    bad = {**meeting, "commitments": "更换报警器；明天；张三"}
    with pytest.raises(InvalidInput, match="第1行"):
        await complete(sessions, client, "ql.office", case.id, "meeting", bad)
    await complete(sessions, client, "ql.office", case.id, "meeting", meeting)
    assert case_row(sessions, case.id).status == "following"

    # The enterprise reports the first on its portal; another enterprise cannot see the case.
    with sessions() as db:
        with pytest.raises(NotFound):
            visible_case(db, principal(sessions, "qy.panjiang"), case.id)
    await open_task(sessions, case.id, "commitment")
    first = sorted((t for t in tasks_of(sessions, case.id) if t.step == "commitment"), key=lambda t: t.due_at)
    assert [t.status for t in first] == ["open", "open"] and first[0].title.startswith("落实：1.")
    from tests.workflows.hazard_helpers import complete_task_id

    await complete_task_id(
        sessions, client, "qy.hongda", first[0].id, {"done_on": today.isoformat(), "report": "已更换"}
    )
    await complete(
        sessions, client, "ql.office", case.id, "commitment_check", {"verdict": "fulfilled", "opinion": "现场核实"}
    )
    # The second lapses: the office's 督办 view shows it overdue.
    await sleep_past_due(time_env, sessions, case.id, "commitment")
    await eventually(lambda: any(e.kind == "commitment_lapsed" for e in events(sessions, case.id)))
    with sessions() as db:
        board = interview_queries.board(db, principal(sessions, "ql.office"), today + dt.timedelta(days=21))
    late = [r for r in board.overdue if r.case_id == case.id]
    assert [(r.content, r.state) for r in late] == [("完善联锁", "lapsed")]
    await complete(
        sessions, client, "ql.office", case.id, "commitment_check", {"verdict": "not_fulfilled", "opinion": "未报告"}
    )
    with pytest.raises(InvalidInput, match="未全部落实"):
        await complete(sessions, client, "ql.office", case.id, "conclusion", {"outcome": "close", "opinion": "结束"})
    await complete(sessions, client, "ql.office", case.id, "conclusion", {"outcome": "bulletin", "opinion": "予以通报"})
    await eventually(lambda: case_row(sessions, case.id).closed)
    row = case_row(sessions, case.id)
    assert row.status == "bulletin" and row.details["bulletin_requested"] is True
    assert row.details["kept"] == 1 and row.details["committed"] == 2
    assert any(e.kind == "bulletin_requested" for e in events(sessions, case.id))
    # The office's bulletin starts from the interview: the interviewed enterprise named, the facts cited.
    with sessions() as db:
        draft = bulletin_pages._from_interview(db, principal(sessions, "ql.office"), case.id)
    assert draft["kind"] == "criticism" and draft["named_enterprises"] == [row.enterprise_id]
    assert row.case_no in str(draft["facts"]) and row.details["party_name"] in str(draft["subject"])
    # The reason by its label, the subject from the commitments' states, the way back to the interview.
    assert "重大事故隐患逾期未整改" in str(draft["facts"]) and "overdue_hazard" not in str(draft["facts"])
    assert "未全部落实" in str(draft["subject"]) and "承诺2项，落实1项" in str(draft["facts"])
    assert draft["source"] == {"id": case.id, "case_no": row.case_no, "title": row.title}
    # An enterprise is named among the enterprises; no body is chosen for it, and the form says so.
    assert draft["recipients"] == [] and "通报对象必填" in str(draft["recipient_notice"])
    # A government is named by the safety-committee office that stands for it (it held the commitments).
    government = models.Case(
        process="interview",
        jurisdiction_code="530302",
        details={"party_kind": "government", "party_name": "麒麟区人民政府"},
    )
    with sessions() as db:
        orgs, _ = bulletin_pages._choices(db, principal(sessions, "qj.office"))
        assert bulletin_pages._party_org(db, government, orgs) == principal(sessions, "ql.office").org_id
    await record_history(client, row.workflow_id, "interview_enterprise_bulletin")


async def test_the_ladder_refuses_an_office_that_skips_a_level(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    # The city office may not interview an enterprise of a county (the county office does).
    with pytest.raises(Forbidden, match="下一级"):
        await interview(
            sessions,
            client,
            task_queue,
            now,
            "qj.office",
            party_kind="enterprise",
            enterprise_id=enterprise_id(sessions, ENTERPRISE),
        )
    # A county office may not interview a county of the same level.
    with pytest.raises(Forbidden):
        await interview(
            sessions, client, task_queue, now, "ql.office", party_kind="government", jurisdiction_code="530303"
        )
    with pytest.raises(Forbidden, match="约谈由安委办组织|无权"):
        await interview(
            sessions, client, task_queue, now, "ql.handler", party_kind="government", jurisdiction_code="530302"
        )
    with pytest.raises(PermissionError, match="特别重大"):
        check_ladder("city", "530300", "530300", gravest_accident=True)
    check_ladder("province", "530000", "530302", gravest_accident=True)


async def test_T29_consultation_actions_are_tasks_of_the_police_and_the_procuratorate(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    today = now.astimezone(CHINA_TZ).date()
    source = await report(sessions, client, task_queue, now)
    request = ConsultationRequest(
        case_no=source.case_no, agenda="是否涉嫌危险作业罪", meeting_on=today, place="局会议室"
    )
    with sessions() as db:
        case = await start_consultation(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            request=request,
            now=now,
        )
    # The liaisons of its level see it once invited; the police of another county never do.
    await open_task(sessions, case.id, "minutes")
    with sessions() as db:
        assert visible_case(db, principal(sessions, "ql.police"), case.id).id == case.id
        assert visible_case(db, principal(sessions, "ql.procurator"), case.id).id == case.id
        with pytest.raises(NotFound):
            visible_case(db, principal(sessions, "jh.police"), case.id)
    due = (today + dt.timedelta(days=15)).isoformat()
    minutes = {
        "held_on": today.isoformat(),
        "participants": "应急 王五，公安 赵六，检察 钱七",
        "minutes": "一致认为涉嫌危险作业罪，移送公安机关",
        "actions": f"审查移送材料；{due}；公安\n开展立案监督；{due}；检察",
    }
    with pytest.raises(InvalidInput, match="承诺方"):
        await complete(sessions, client, "ql.handler", case.id, "minutes", {**minutes, "actions": f"审查；{due}；法院"})
    await complete(sessions, client, "ql.handler", case.id, "minutes", minutes)
    await open_task(sessions, case.id, "action")
    actions = {t.role: t for t in tasks_of(sessions, case.id) if t.step == "action"}
    assert set(actions) == {"police_liaison", "procuratorate_liaison"}
    from tests.workflows.hazard_helpers import complete_task_id

    with pytest.raises(Forbidden):
        await complete_task_id(
            sessions,
            client,
            "ql.police",
            actions["procuratorate_liaison"].id,
            {"done_on": today.isoformat(), "report": "x"},
        )
    await complete_task_id(
        sessions, client, "ql.police", actions["police_liaison"].id, {"done_on": today.isoformat(), "report": "已审查"}
    )
    await complete_task_id(
        sessions,
        client,
        "ql.procurator",
        actions["procuratorate_liaison"].id,
        {"done_on": today.isoformat(), "report": "已监督"},
    )
    for _ in range(2):
        await complete(
            sessions, client, "ql.handler", case.id, "action_check", {"verdict": "fulfilled", "opinion": "已落实"}
        )
    await complete(sessions, client, "ql.handler", case.id, "close", {"summary": "议定事项全部落实"})
    await eventually(lambda: case_row(sessions, case.id).closed)
    assert [c["state"] for c in case_row(sessions, case.id).details["commitments"]] == ["fulfilled", "fulfilled"]
    await record_history(client, case_row(sessions, case.id).workflow_id, "consultation_closed")
