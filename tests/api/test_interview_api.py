"""约谈 and 会商 through the JSON API: creation and its refusals (422, 403 on the ladder, 409), a
government's commitment in its own office's inbox, the consultation shared with its liaisons only,
and the trigger job's proposals, stored once and confirmed or dismissed by the office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.interview_triggers import TriggerRules
from domain.legal_calendar import CHINA_TZ
from services.interview_triggers import run_triggers
from tests.support import ALL_ROWS
from tests.workflows.hazard_helpers import events, eventually, open_task

Login = Callable[[str], Awaitable[httpx.AsyncClient]]


def china_today() -> dt.date:
    return dt.datetime.now(CHINA_TZ).date()


async def _complete(
    http: httpx.AsyncClient, sessions: sessionmaker[Session], case_id: int, step: str, form: Any
) -> None:
    task = await open_task(sessions, case_id, step)
    response = await http.post(f"/api/v1/tasks/{task.id}/complete", json={"form": form})
    assert response.status_code == 200, response.text


async def test_city_office_interviews_a_county_government_whose_office_keeps_the_commitment(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = china_today()
    city = await login("qj.office")
    body = {
        "party_kind": "government",
        "jurisdiction_code": "530303",
        "reason": "ineffective_work",
        "matters": "辖区重大事故隐患整改不力",
        "meeting_on": (today + dt.timedelta(days=2)).isoformat(),
        "place": "曲靖市安委办会议室",
    }
    for bad in (
        {"jurisdiction_code": ""},
        {"party_kind": "enterprise"},
        {"jurisdiction_code": "999999"},
        {"meeting_on": "2020-01-01"},
    ):
        response = await city.post("/api/v1/interviews", json={**body, **bad})
        assert response.status_code == 422, (bad, response.text)
    county = await login("ql.office")
    assert (await county.post("/api/v1/interviews", json=body)).status_code == 403  # a county beside it
    skipping = {**body, "party_kind": "enterprise", "enterprise_id": _enterprise(sessions, "沾益区播乐粮食加工厂")}
    refused = await city.post("/api/v1/interviews", json=skipping)  # the county's enterprise: the county's office
    assert refused.status_code == 403 and "下一级" in refused.json()["message"]
    handler = await login("zy.handler")
    assert (await handler.post("/api/v1/interviews", json=body)).status_code == 403
    created = await city.post("/api/v1/interviews", json=body)
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    assert created.json()["process"] == "interview" and created.json()["jurisdiction_code"] == "530303"
    assert (await city.post("/api/v1/interviews", json=body)).status_code == 409

    notice = {"meeting_on": today.isoformat(), "place": "市安委办", "matters": "整改不力", "attendees_required": "区长"}
    await _complete(city, sessions, case_id, "notice", notice)
    await eventually(lambda: any(e.kind == "document_issued" for e in events(sessions, case_id)))
    issued = next(e for e in events(sessions, case_id) if e.kind == "document_issued")
    served = await city.post(
        f"/api/v1/documents/{issued.data['document_id']}/service",
        json={"form": {"method": "direct", "served_on": today.isoformat(), "recipient": "沾益区人民政府办公室"}},
    )
    assert served.status_code in (200, 201), served.text
    due = (today + dt.timedelta(days=30)).isoformat()
    meeting = {
        "held_on": today.isoformat(),
        "attendees": "沾益区副区长",
        "statements": "承认整改不力",
        "commitments": f"完成辖区隐患排查；{due}；沾益区人民政府",
    }
    await _complete(city, sessions, case_id, "meeting", meeting)
    task = await open_task(sessions, case_id, "commitment")
    with sessions() as db:
        zy_office = db.scalars(select(models.Organisation).where(models.Organisation.name.like("沾益区安全%"))).one()
    assert (task.org_id, task.role) == (zy_office.id, "office")
    zy = await login("zy.office")
    inbox = await zy.get("/api/v1/tasks", params=ALL_ROWS)
    assert task.id in inbox.text
    await _complete(zy, sessions, case_id, "commitment", {"done_on": today.isoformat(), "report": "已完成排查"})
    await _complete(city, sessions, case_id, "commitment_check", {"verdict": "fulfilled", "opinion": "核实"})
    board = (await city.get("/api/v1/interviews/board")).json()
    assert any(r["case_id"] == case_id and r["commitments"] == 1 for r in board["interviews"])
    await _complete(city, sessions, case_id, "conclusion", {"outcome": "close", "opinion": "已落实"})
    await eventually(lambda: (city_case := _case(sessions, case_id)).closed and city_case.status == "closed")


def _case(sessions: sessionmaker[Session], case_id: int) -> models.Case:
    with sessions() as db:
        case = db.get(models.Case, case_id)
        assert case is not None
        return case


async def test_consultation_is_seen_by_its_liaisons_only(login: Login, sessions: sessionmaker[Session]) -> None:
    today = china_today()
    handler = await login("jh.handler")
    source = await handler.post(
        "/api/v1/hazards",
        json={
            "enterprise_id": _enterprise(sessions, "景洪市勐养砂石场"),
            "title": "边坡超高",
            "description": "采场边坡超过设计高度",
            "grade": 4,
            "source": "inspection",
            "found_on": today.isoformat(),
        },
    )
    assert source.status_code == 201, source.text
    body = {
        "case_no": source.json()["case_no"],
        "agenda": "是否移送",
        "meeting_on": today.isoformat(),
        "place": "局会议室",
    }
    assert (await handler.post("/api/v1/consultations", json={**body, "case_no": "NO-SUCH"})).status_code == 404
    assert (await handler.post("/api/v1/consultations", json={**body, "agenda": ""})).status_code == 422
    created = await handler.post("/api/v1/consultations", json=body)
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    await open_task(sessions, case_id, "minutes")
    police = await login("jh.police")
    assert (await police.get(f"/api/v1/cases/{case_id}")).status_code == 200
    assert (await police.get(f"/api/v1/cases/{source.json()['id']}")).status_code == 404  # only the consultation
    other = await login("ql.police")
    assert (await other.get(f"/api/v1/cases/{case_id}")).status_code == 404


def _enterprise(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as db:
        found = db.scalar(select(models.Enterprise.id).where(models.Enterprise.name == name))
        assert found is not None
        return found


async def test_trigger_job_proposes_once_and_the_office_confirms_or_dismisses(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    now = dt.datetime.now(dt.UTC)
    graded = []
    for name, grade in (
        ("勐海县勐遮糖业有限公司", "较大"),
        ("勐海县打洛矿业有限公司", "重大"),
        ("勐海县勐混加油站", "一般"),
    ):
        with sessions() as db:
            place = db.get(models.Jurisdiction, "532822")
            assert place is not None
            case = models.Case(
                case_no=f"SG-TRIGGER-{_enterprise(sessions, name)}",
                workflow_id=f"trigger-fact-{_enterprise(sessions, name)}",
                process="accident",
                title=f"{name}事故",
                status="closed",
                closed=True,
                jurisdiction_code=place.code,
                jurisdiction_path=place.path,
                enterprise_id=_enterprise(sessions, name),
                created_at=now,
                updated_at=now,
                details={"grade": grade},
            )
            db.add(case)
            db.commit()
            graded.append(case.case_no)
    rules = TriggerRules(hazard_overdue_times=0, escalations_per_year=0)
    assert run_triggers(sessions, rules, now) >= 2
    assert run_triggers(sessions, rules, now) == 0  # idempotent: the same facts, no new proposal
    office = await login("mh.office")
    proposed = (await office.get("/api/v1/interview-proposals")).json()
    mine = {p["source_case_nos"][0]: p for p in proposed if p["source_case_nos"][0] in graded}
    assert set(mine) == set(graded[:2])  # 一般 is not among the configured grades
    foreign = (await (await login("jh.office")).get("/api/v1/interview-proposals")).json()
    assert not any(p["source_case_nos"][0] in graded for p in foreign)  # another county's office
    dismissed = await office.post(
        f"/api/v1/interview-proposals/{mine[graded[1]]['id']}/dismiss", json={"reason": "已另行处理"}
    )
    assert dismissed.status_code == 200 and dismissed.json()["status"] == "dismissed"
    again = await office.post(f"/api/v1/interview-proposals/{mine[graded[1]]['id']}/dismiss", json={"reason": "x"})
    assert again.status_code == 409
    meeting_on = (china_today() + dt.timedelta(days=5)).isoformat()
    confirmed = await office.post(
        f"/api/v1/interview-proposals/{mine[graded[0]]['id']}/confirm",
        json={"meeting_on": meeting_on, "place": "县安委办"},
    )
    assert confirmed.status_code == 201, confirmed.text
    assert confirmed.json()["process"] == "interview"
    case = _case(sessions, confirmed.json()["id"])
    assert case.details["trigger"].startswith("accident:") and case.details["reason"] == "accident"
    assert run_triggers(sessions, rules, now) == 0


async def test_the_interview_form_offers_the_governments_and_departments_below_by_name(login: Login) -> None:
    office = await login("qj.office")
    form = (await office.get("/interviews/new")).text
    assert 'value="530302"' in form and "麒麟区人民政府" in form  # a county of 曲靖市
    assert "麒麟区应急管理局" in form and "麒麟区安全生产委员会办公室" not in form  # departments, not offices
    assert 'value="530000"' not in form  # never the level above
    county = await login("ql.office")
    assert 'name="jurisdiction_code"' in (await county.get("/interviews/new")).text
    # The government chosen by name on the form is the party of the interview that starts.
    meeting = (dt.datetime.now(CHINA_TZ).date() + dt.timedelta(days=10)).isoformat()
    fields = {"party_kind": "government", "jurisdiction_code": "530303", "reason": "other", "matters": "隐患排查不力"}
    fields |= {"meeting_on": meeting, "place": "曲靖市安委办会议室", "csrf_token": office.headers["X-CSRF-Token"]}
    started = await office.post("/interviews", data=fields)
    assert started.status_code == 303 and started.headers["location"].startswith("/cases/"), started.text[:300]
