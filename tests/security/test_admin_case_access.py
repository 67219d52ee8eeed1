"""The system administrator reads no case (security probe F2).

`yn.admin` keeps the holiday calendar and runs the chain check. It sits in the province office,
which sees the whole province, yet its role has no case access: `visible_cases` gives it nothing,
a task addressed to its office is not its own, and the case pages and API refuse it at the edge
(403). The full route × role table is `test_authorisation_matrix.py`; this file names the reads
the probe made and shows that the administrator's own work still works.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.errors import NotFound
from domain.roles import OrgType, Role
from services import case_actions, case_queries
from services.case_queries import CaseFilter
from settings import Settings
from tests import support
from tests.security.conftest import make_pages, page_login
from tests.security.matrix_data import T0, MatrixCase, make_case

ATTACHMENTS = Path(tempfile.mkdtemp(prefix="admin-attachments-"))


@pytest.fixture(scope="module")
def case(database_url: str) -> MatrixCase:
    sessions = support.session_factory(database_url)
    return make_case(sessions, "A", "530302", police_access=True, attachment_root=ATTACHMENTS)


@pytest.fixture
def admin(database_url: str) -> TestClient:
    client = make_pages(database_url, Settings(attachment_dir=ATTACHMENTS))
    page_login(client, "yn.admin")
    return client


def test_the_administrator_reads_no_case_document_or_attachment(admin: TestClient, case: MatrixCase) -> None:
    reads = {
        "/api/v1/cases": (403,),
        f"/api/v1/cases/{case.case_id}": (403, 404),
        f"/api/v1/documents/{case.document_id}": (403, 404),
        f"/api/v1/documents/{case.document_id}/pdf": (403, 404),
        f"/api/v1/attachments/{case.attachment_id}": (404,),
        f"/api/v1/cases/{case.case_id}/attachments": (404,),
        "/api/v1/tasks": (403,),
        "/api/v1/overdue": (403,),
        "/api/v1/overdue/tasks": (403,),
        "/api/v1/supervision/stats": (403,),
        "/api/v1/supervision/trend": (403,),
        "/api/v1/supervision/overdue.csv": (403,),
        "/api/v1/supervision/overdue.xlsx": (403,),
        f"/api/v1/cases/{case.case_id}/reporter": (403,),
        "/inbox": (403,),
        "/cases": (403,),
        f"/cases/{case.case_id}": (403, 404),
        f"/documents/{case.document_id}": (403, 404),
        f"/attachments/{case.attachment_id}": (404,),
        "/overdue": (403,),
        "/cases?q=MATRIX": (403,),
    }
    answers = {url: admin.get(url, follow_redirects=False).status_code for url in reads}
    wrong = {url: status for url, status in answers.items() if status not in reads[url]}
    assert not wrong, f"the administrator read: {wrong}"


def test_no_query_gives_the_administrator_a_case(sessions: sessionmaker[Session], case: MatrixCase) -> None:
    """Below the edge too: no case in a list, and a task addressed to its own office is not its own."""
    with sessions.begin() as db:
        office = db.scalars(
            select(models.Organisation).where(
                models.Organisation.jurisdiction_code == "530000",
                models.Organisation.org_type == OrgType.SAFETY_OFFICE,
            )
        ).one()
        task_id = f"admin-{uuid.uuid4().hex[:12]}"
        db.add(
            models.Task(
                id=task_id,
                case_id=case.case_id,
                step="supervision",
                title="省安委办督办",
                kind="step",
                org_id=office.id,
                role=Role.OFFICE,
                status="open",
                opened_at=T0,
                due_at=T0 + dt.timedelta(days=3),
                original_due_at=T0 + dt.timedelta(days=3),
                clock_start_at=T0,
                deadline_rule="hazard.rectification",
                outcome={},
            )
        )
    admin = support.principal(sessions, "yn.admin")
    assert admin.org_id == office.id  # the province office, which sees the whole province
    with sessions() as db:
        cases, total = case_queries.list_cases(db, admin, CaseFilter())
        assert (cases, total) == ([], 0)
        with pytest.raises(NotFound):
            case_actions.visible_task(db, admin, task_id)
        with pytest.raises(NotFound):
            case_actions.visible_case(db, admin, case.case_id)
        office_user = support.principal(sessions, "yn.office")
        assert case_actions.visible_task(db, office_user, task_id)[0].id == task_id  # the office's own


def test_the_administrator_still_keeps_the_calendar_and_the_chain(database_url: str) -> None:
    client = make_pages(database_url)
    response = support.post_login(client, "yn.admin", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/calendar/")
    calendar = client.get(response.headers["location"])
    assert calendar.status_code == 200 and 'href="/inbox"' not in calendar.text
    assert client.get("/admin/chain").status_code == 200
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/calendar/")
    assert client.get("/api/v1/calendar/2026").status_code == 200
