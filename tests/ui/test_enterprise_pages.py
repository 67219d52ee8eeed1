"""The enterprise portal's pages without Temporal: an enterprise sees only its own cases, the
documents served on it and its own submissions; the console is closed to it; ids are 404s."""

from __future__ import annotations

import datetime as dt
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from activities.event_chain_writer import append_event
from db import models
from tests import support


def _login(pages: TestClient, username: str) -> None:
    response = support.post_login(pages, username, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == ("/enterprise" if username.startswith("qy.") else "/inbox")


def _case(db: Session, enterprise_name: str, title: str) -> tuple[int, dict[str, int | str]]:
    """A hazard case waiting for the enterprise's plan, with an internal and a served document."""
    enterprise = db.scalars(select(models.Enterprise).where(models.Enterprise.name == enterprise_name)).one()
    bureau = db.scalars(
        select(models.Organisation).where(
            models.Organisation.jurisdiction_code == enterprise.jurisdiction_code,
            models.Organisation.org_type == "emergency_bureau",
        )
    ).one()
    jurisdiction = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert jurisdiction is not None
    now = dt.datetime.now(dt.UTC)
    tag = uuid.uuid4().hex[:8]
    case = models.Case(
        case_no=f"GP-T-{tag}",
        workflow_id=f"hazard-test-{tag}",
        process="hazard",
        title=title,
        status="planning",
        jurisdiction_code=jurisdiction.code,
        jurisdiction_path=jurisdiction.path,
        enterprise_id=enterprise.id,
        created_at=now,
        updated_at=now,
    )
    db.add(case)
    db.flush()
    for step, task_title in (("rectification_plan", "报送隐患治理方案"), ("plan_review", "内部审查治理方案")):
        db.add(
            models.Task(
                id=f"{case.workflow_id}.{step}",
                case_id=case.id,
                step=step,
                title=task_title,
                org_id=bureau.id,
                role="handler",
                status="open",
                opened_at=now,
                due_at=now + dt.timedelta(days=10),
                deadline_rule=f"hazard.{step}",
            )
        )
    db.flush()
    append_event(
        db,
        models.CaseEvent(
            case_id=case.id,
            event_key="note",
            at=now,
            actor_name="承办人",
            kind="status",
            summary="内部研判：拟移送公安",
        ),
    )
    ids: dict[str, int | str] = {
        "task": f"{case.workflow_id}.rectification_plan",
        "internal_task": f"{case.workflow_id}.plan_review",
    }
    for doc_type, doc_title in (
        ("rectification_order", "责令限期整改指令书"),
        ("crime_transfer_letter", "涉嫌犯罪案件移送书"),
    ):
        document = models.Document(
            case_id=case.id,
            doc_key=doc_type,
            doc_type=doc_type,
            issuer_org_id=bureau.id,
            year=1900,
            seq=int(uuid.uuid4().int % 1_000_000_000),
            number=f"测〔1900〕{tag}号",
            title=doc_title,
            html=f"<p>{doc_title}正文</p>",
            sha256="0" * 64,
            issued_at=now,
        )
        db.add(document)
        db.flush()
        ids[doc_type] = document.id
    db.commit()
    return case.id, ids


def test_an_enterprise_sees_its_own_case_and_served_documents_only(pages: TestClient, database_url: str) -> None:
    sessions: sessionmaker[Session] = support.session_factory(database_url)
    with sessions() as db:
        mine, my_ids = _case(db, "沾益区盘江煤业有限公司", "主井提升机制动失效")
        theirs, their_ids = _case(db, "麒麟区宏达建材有限公司", "粉磨车间积尘超标")

    _login(pages, "qy.panjiang")
    portal = pages.get("/enterprise")
    assert portal.status_code == 200
    assert "主井提升机制动失效" in portal.text and "报送隐患治理方案" in portal.text
    assert "粉磨车间积尘超标" not in portal.text

    page = pages.get(f"/enterprise/cases/{mine}")
    assert page.status_code == 200
    assert "待提交：报送隐患治理方案" in page.text and 'type="file"' in page.text
    assert "责令限期整改指令书" in page.text
    assert "涉嫌犯罪案件移送书" not in page.text and "内部研判" not in page.text and "内部审查" not in page.text
    assert pages.get(f"/enterprise/documents/{my_ids['rectification_order']}").status_code == 200

    # Guessed ids: another enterprise's case, document and task, or an internal document, are 404s.
    assert pages.get(f"/enterprise/cases/{theirs}").status_code == 404
    assert pages.get(f"/enterprise/documents/{their_ids['rectification_order']}").status_code == 404
    assert pages.get(f"/enterprise/documents/{my_ids['crime_transfer_letter']}").status_code == 404
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    posted = pages.post(f"/enterprise/cases/{theirs}/tasks/{their_ids['task']}", data={"csrf_token": csrf})
    assert posted.status_code == 404
    internal = pages.post(f"/enterprise/cases/{mine}/tasks/{my_ids['internal_task']}", data={"csrf_token": csrf})
    assert internal.status_code == 404

    # The console is not theirs, nor the agencies' document view.
    for path in ("/inbox", "/cases", f"/cases/{mine}", "/overdue", f"/documents/{my_ids['rectification_order']}"):
        assert pages.get(path).status_code == 403, path


def test_staff_have_no_portal(pages: TestClient) -> None:
    _login(pages, "ql.handler")
    assert pages.get("/enterprise").status_code == 403


def test_a_handler_upload_over_the_limit_or_of_the_wrong_type_is_refused_on_the_page(
    pages: TestClient, database_url: str
) -> None:
    sessions: sessionmaker[Session] = support.session_factory(database_url)
    with sessions() as db:
        case_id, _ = _case(db, "沾益区盘江煤业有限公司", "副井罐笼防坠器未试验")
    _login(pages, "zy.handler")
    page = pages.get(f"/cases/{case_id}")
    assert f'action="/cases/{case_id}/attachments"' in page.text
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    url = f"/cases/{case_id}/attachments"
    big = pages.post(
        url,
        data={"csrf_token": csrf, "category": "photo"},
        files={"files": ("照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * (20 * 1024 * 1024))},
    )
    assert big.status_code == 413 and "超过大小上限20MB，未保存" in big.text
    script = pages.post(
        url, data={"csrf_token": csrf, "category": "photo"}, files={"files": ("照片.png", b"<script>alert(1)</script>")}
    )
    assert script.status_code == 422 and "类型不被接受" in script.text
    with sessions() as db:
        assert not db.scalars(select(models.Attachment).where(models.Attachment.case_id == case_id)).all()
