"""The archive reader (档案管理员, `yn.archive`): read-only case access, each read on an audit log.

This is the designed path for an audited read (security probe F2): never the administrator, a
role of its own that reads the cases of its jurisdiction, acts on none, and leaves a row in
`case_read_audit` for every case, document and attachment it opens.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from settings import Settings
from tests import support
from tests.security.conftest import make_pages, page_login
from tests.security.matrix_data import MatrixCase, make_case, row_counts
from tests.security.test_authorisation_matrix import Unreachable

ATTACHMENTS = Path(tempfile.mkdtemp(prefix="archive-attachments-"))


@pytest.fixture(scope="module")
def case(database_url: str) -> MatrixCase:
    sessions = support.session_factory(database_url)
    return make_case(sessions, "B", "532801", police_access=False, attachment_root=ATTACHMENTS)


def _client(database_url: str, username: str) -> tuple[TestClient, str]:
    client = make_pages(database_url, Settings(attachment_dir=ATTACHMENTS))
    client.app.state.app.temporal = Unreachable()  # type: ignore[attr-defined]
    return client, page_login(client, username)


def _audit(sessions: sessionmaker[Session], username: str) -> list[tuple[str, int, int]]:
    with sessions() as db:
        rows = db.execute(
            select(models.CaseReadAudit.kind, models.CaseReadAudit.case_id, models.CaseReadAudit.object_id)
            .where(models.CaseReadAudit.username == username)
            .order_by(models.CaseReadAudit.id)
        )
        return [(kind, case_id, object_id) for kind, case_id, object_id in rows]


def test_each_read_of_a_case_document_and_attachment_is_audited(
    database_url: str, sessions: sessionmaker[Session], case: MatrixCase
) -> None:
    archive, _csrf = _client(database_url, "yn.archive")
    before = len(_audit(sessions, "yn.archive"))
    reads = [
        (f"/cases/{case.case_id}", ("case", case.case_id)),
        (f"/api/v1/cases/{case.case_id}", ("case", case.case_id)),
        (f"/api/v1/documents/{case.document_id}", ("document", case.document_id)),
        (f"/documents/{case.document_id}", ("document", case.document_id)),
        (f"/api/v1/attachments/{case.attachment_id}", ("attachment", case.attachment_id)),
    ]
    for url, (kind, object_id) in reads:
        seen = len(_audit(sessions, "yn.archive"))
        response = archive.get(url)
        assert response.status_code == 200, (url, response.status_code)
        added = _audit(sessions, "yn.archive")[seen:]
        assert (kind, case.case_id, object_id) in added, f"{url}: not on the audit log ({added})"
    assert len(_audit(sessions, "yn.archive")) >= before + len(reads)
    # The handler reading its own work is not logged here (its steps are on the timeline).
    with sessions() as db:
        total = db.scalar(select(func.count()).select_from(models.CaseReadAudit))
    handler, _ = _client(database_url, "jh.handler")
    assert handler.get(f"/cases/{case.case_id}").status_code == 200
    with sessions() as db:
        assert db.scalar(select(func.count()).select_from(models.CaseReadAudit)) == total


def test_the_archive_reader_acts_on_nothing(
    database_url: str, sessions: sessionmaker[Session], case: MatrixCase
) -> None:
    archive, csrf = _client(database_url, "yn.archive")
    before = row_counts(sessions)
    api = {"X-CSRF-Token": csrf}
    refused = [
        archive.post(f"/api/v1/tasks/{case.task_id}/claim", headers=api),
        archive.post(f"/api/v1/cases/{case.case_id}/actions/request_extension", json={"form": {}}, headers=api),
        archive.post(
            f"/api/v1/cases/{case.case_id}/attachments",
            data={"category": "evidence"},
            files={"files": ("a.pdf", b"%PDF-1.4 x", "application/pdf")},
            headers=api,
        ),
        archive.post(f"/tasks/{case.task_id}/claim", data={"csrf_token": csrf, "back": "/inbox"}),
        archive.post(f"/cases/{case.case_id}/actions/request_extension", data={"csrf_token": csrf}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused), [r.text[:120] for r in refused]
    assert row_counts(sessions) == before
    signed_out = archive.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert signed_out.status_code == 303 and archive.get("/api/v1/session").status_code == 401
