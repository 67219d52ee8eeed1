"""Tamper evidence beyond the timeline (audit F12): every edit of the audit's list made by SQL,
outside the application, is named by `services.chain_verify` (table, row, field class), and a
download of an altered attachment is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.roles import OrgType
from services import chain_verify
from settings import Settings, get_settings
from tests.security.matrix_data import make_case

T0 = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)
MISMATCH = "附件内容与登记的校验值不符，已拒绝提供，请联系系统管理员"
IN_CASE = "（案件 {case_no}，id {case_id}）"
CHANGED = "：内容被改动，未经系统登记；被改动的字段类："


@dataclass(frozen=True)
class Protected:
    case_id: int
    case_no: str
    task_id: str
    attachment_id: int
    attachment_sha256: str
    report_id: int
    police_org_id: int
    foreign_police_org_id: int
    store: Path


@pytest.fixture
def protected(sessions: sessionmaker[Session], tmp_path: Path) -> Protected:
    """A case written through the ORM, as the application writes it: access granted to the police,
    a step completed, an attachment uploaded (its bytes in the store), a public report."""
    store = tmp_path / "attachments"
    case = make_case(sessions, "R", "530302", police_access=True, attachment_root=store)
    with sessions.begin() as db:
        police = db.scalars(
            select(models.Organisation.id).where(
                models.Organisation.jurisdiction_code == "530302",
                models.Organisation.org_type == OrgType.PUBLIC_SECURITY,
            )
        ).one()
        foreign = db.scalars(
            select(models.Organisation.id).where(
                models.Organisation.jurisdiction_code != "530302",
                models.Organisation.org_type == OrgType.PUBLIC_SECURITY,
            )
        ).first()
        assert foreign is not None
        task = db.get(models.Task, case.task_id)
        assert task is not None
        handler = db.scalars(select(models.User.id).where(models.User.username == "ql.handler")).one()
        task.status, task.completed_at, task.completed_by_user_id = "done", T0, handler
        task.outcome = {"decision": "approve", "reason": "整改到位"}
        report = models.PublicReport(
            case_id=case.case_id,
            tracking_hash=hashlib.sha256(case.marker.encode()).hexdigest(),
            handling_org_id=task.org_id,
            anonymous=False,
            reporter_name="王五",
            reporter_phone="13800000000",
            received_at=T0,
        )
        db.add(report)
        db.flush()
        sha256 = db.get(models.Attachment, case.attachment_id).sha256  # type: ignore[union-attr]
        report_id = report.id
    return Protected(
        case.case_id, case.case_no, case.task_id, case.attachment_id, sha256, report_id, police, foreign, store
    )


def _sql(sessions: sessionmaker[Session], statement: sa.Executable) -> None:
    """A direct edit, as with the sqlite3 or psql prompt: no ORM object, no flush, no hook."""
    with sessions.begin() as db:
        db.execute(statement)


def _verify(database_url: str, capsys: pytest.CaptureFixture[str], store: Path) -> tuple[int, str]:
    """The command as an administrator runs it: the attachment directory comes from the settings."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATTACHMENT_DIR", str(store))
        get_settings.cache_clear()
        try:
            code = chain_verify.main(["--database-url", database_url])
        finally:
            get_settings.cache_clear()
    return code, capsys.readouterr().out


def _lines_about(out: str, case_no: str) -> list[str]:
    return [line for line in out.splitlines() if f"案件 {case_no}，" in line or f"案件 {case_no}（" in line]


def test_a_case_written_by_the_application_verifies_clean(
    protected: Protected, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _verify(database_url, capsys, protected.store)
    assert code in (0, 1)  # other tests of the session leave tampered cases behind
    assert _lines_about(out, protected.case_no) == []


Tamper = Callable[[Protected], sa.Executable]
TAMPERINGS: list[tuple[str, Tamper, str]] = [
    (
        "forged case_access row",
        lambda p: sa.text(
            "INSERT INTO case_access (case_id, org_id, reason, granted_at)"
            f" VALUES ({p.case_id}, {p.foreign_police_org_id}, 'forged', '2026-12-01')"
        ),
        "表 case_access 行 {case_id}/{foreign_police_org_id}（案件 {case_no}，id {case_id}）：不是经系统写入的",
    ),
    (
        "case_access reason and time",
        lambda p: (
            sa.update(models.CaseAccess.__table__)
            .where(models.CaseAccess.__table__.c.case_id == p.case_id)
            .values(granted_at=T0 - dt.timedelta(days=365))
        ),
        "表 case_access 行 {case_id}/{police_org_id}（案件 {case_no}，id {case_id}）：内容被改动，未经系统登记；"
        "被改动的字段类：access",
    ),
    (
        "case_access deleted",
        lambda p: sa.delete(models.CaseAccess.__table__).where(models.CaseAccess.__table__.c.case_id == p.case_id),
        "表 case_access 行 {case_id}/{police_org_id}（案件 {case_no}，id {case_id}）：已被删除",
    ),
    (
        "cases.jurisdiction_path",
        lambda p: (
            sa.update(models.Case.__table__)
            .where(models.Case.__table__.c.id == p.case_id)
            .values(jurisdiction_path="530000/530300/530303/")
        ),
        "表 cases 行 {case_id}" + IN_CASE + CHANGED + "jurisdiction",
    ),
    (
        "cases.status",
        lambda p: (
            sa.update(models.Case.__table__).where(models.Case.__table__.c.id == p.case_id).values(status="closed")
        ),
        "被改动的字段类：status",
    ),
    (
        "cases.details",
        lambda p: (
            sa.update(models.Case.__table__)
            .where(models.Case.__table__.c.id == p.case_id)
            .values(details={"description": "改过"})
        ),
        "被改动的字段类：details",
    ),
    (
        "tasks.outcome",
        lambda p: (
            sa.update(models.Task.__table__)
            .where(models.Task.__table__.c.id == p.task_id)
            .values(outcome={"decision": "reject", "reason": "伪造"})
        ),
        "表 tasks 行 {task_id}" + IN_CASE + CHANGED + "completion",
    ),
    (
        "tasks.completed_by_user_id",
        lambda p: (
            sa.update(models.Task.__table__)
            .where(models.Task.__table__.c.id == p.task_id)
            .values(completed_by_user_id=1)
        ),
        "表 tasks 行 {task_id}" + IN_CASE + CHANGED + "completion",
    ),
    (
        "tasks.org_id (assignee)",
        lambda p: (
            sa.update(models.Task.__table__)
            .where(models.Task.__table__.c.id == p.task_id)
            .values(org_id=p.foreign_police_org_id)
        ),
        "被改动的字段类：assignment",
    ),
    (
        "public_reports.reporter_name",
        lambda p: (
            sa.update(models.PublicReport.__table__)
            .where(models.PublicReport.__table__.c.id == p.report_id)
            .values(reporter_name="赵六")
        ),
        "表 public_reports 行 {report_id}" + IN_CASE + CHANGED + "reporter",
    ),
    (
        "public_reports.reporter_phone",
        lambda p: (
            sa.update(models.PublicReport.__table__)
            .where(models.PublicReport.__table__.c.id == p.report_id)
            .values(reporter_phone="13900000000")
        ),
        "表 public_reports 行 {report_id}" + IN_CASE + CHANGED + "reporter",
    ),
    (
        "attachments.filename",
        lambda p: (
            sa.update(models.Attachment.__table__)
            .where(models.Attachment.__table__.c.id == p.attachment_id)
            .values(filename="整改完成报告.pdf")
        ),
        "表 attachments 行 {attachment_id}" + IN_CASE + CHANGED + "file",
    ),
    (
        "attachments.sha256",
        lambda p: (
            sa.update(models.Attachment.__table__)
            .where(models.Attachment.__table__.c.id == p.attachment_id)
            .values(sha256="ab" * 32)
        ),
        "表 attachments 行 {attachment_id}" + IN_CASE + CHANGED + "file",
    ),
    (
        "attachments.from_enterprise (visibility)",
        lambda p: (
            sa.update(models.Attachment.__table__)
            .where(models.Attachment.__table__.c.id == p.attachment_id)
            .values(from_enterprise=True, category="plan")
        ),
        "被改动的字段类：placement",
    ),
    (
        "blacklist_entries.public",
        lambda p: (
            sa.update(models.BlacklistEntry.__table__)
            .where(models.BlacklistEntry.__table__.c.case_id == p.case_id)
            .values(public=True)
        ),
        "被改动的字段类：listing",
    ),
]


@pytest.mark.parametrize(("tamper", "expected"), [(t, e) for _, t, e in TAMPERINGS], ids=[n for n, _, _ in TAMPERINGS])
def test_a_direct_sql_edit_is_named_by_table_row_and_field_class(
    protected: Protected,
    sessions: sessionmaker[Session],
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    tamper: Tamper,
    expected: str,
) -> None:
    assert _lines_about(_verify(database_url, capsys, protected.store)[1], protected.case_no) == []
    _sql(sessions, tamper(protected))
    code, out = _verify(database_url, capsys, protected.store)
    assert code == 1
    lines = "\n".join(_lines_about(out, protected.case_no))
    assert expected.format(**protected.__dict__) in lines, out


def test_changed_attachment_bytes_are_named_and_the_download_is_refused(
    protected: Protected, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.security.conftest import make_pages, page_login

    pages = make_pages(database_url, Settings(attachment_dir=protected.store))
    page_login(pages, "ql.handler")
    api_url, page_url = f"/api/v1/attachments/{protected.attachment_id}", f"/attachments/{protected.attachment_id}"
    original = pages.get(api_url)
    assert original.status_code == 200 and original.headers["X-Attachment-SHA256"] == protected.attachment_sha256
    blob = (
        protected.store
        / protected.attachment_sha256[:2]
        / protected.attachment_sha256[2:4]
        / protected.attachment_sha256
    )
    blob.write_bytes(original.content.replace(b"%PDF-1.4", b"%PDF-1.5"))

    refused = pages.get(api_url)
    assert refused.status_code == 409, refused.text
    assert refused.json()["message"] == MISMATCH and "X-Attachment-SHA256" not in refused.headers
    page = pages.get(page_url)
    assert page.status_code == 409 and MISMATCH in page.text
    code, out = _verify(database_url, capsys, protected.store)
    assert code == 1
    row = f"表 attachments 行 {protected.attachment_id}" + IN_CASE.format(**protected.__dict__)
    assert f"{row}：存储的文件内容与登记的 SHA-256 不符" in out, out


def test_a_missing_attachment_file_is_named(
    protected: Protected, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sha = protected.attachment_sha256
    (protected.store / sha[:2] / sha[2:4] / sha).unlink()
    code, out = _verify(database_url, capsys, protected.store)
    assert code == 1
    row = f"表 attachments 行 {protected.attachment_id}" + IN_CASE.format(**protected.__dict__)
    assert f"{row}：存储中找不到该文件" in out, out


def test_an_edited_ledger_entry_is_named(
    protected: Protected, sessions: sessionmaker[Session], database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whoever edits a row and rewrites its ledger entry to match breaks the ledger's chain instead."""
    ledger = models.RowLedgerEntry.__table__
    with sessions() as db:
        entry_id = db.scalars(
            select(models.RowLedgerEntry.id)
            .where(models.RowLedgerEntry.table_name == "tasks", models.RowLedgerEntry.row_key == protected.task_id)
            .order_by(models.RowLedgerEntry.id.desc())
        ).first()
    _sql(sessions, sa.update(ledger).where(ledger.c.id == entry_id).values(digests={"completion": "0" * 64}))
    code, out = _verify(database_url, capsys, protected.store)
    assert code == 1
    assert f"登记链 case:{protected.case_id}（案件 {protected.case_no}，id {protected.case_id}）：登记链不完整" in out


def test_a_sample_of_attachments_is_checked_on_request(
    protected: Protected, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--database-url", database_url, "--attachment-dir", str(protected.store)]
    chain_verify.main([*args, "--attachments", "sample", "1"])
    assert ", 1 attachment files checked" in capsys.readouterr().out
    chain_verify.main([*args, "--attachments", "none"])
    assert ", 0 attachment files checked" in capsys.readouterr().out


def test_migration_backfills_the_ledger_so_an_upgraded_database_verifies_clean(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from db.session import make_engine
    from settings import ROOT
    from tests.support import empty_database

    with empty_database(tmp_path, "old.sqlite3") as url:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "0011")
        engine = make_engine(url)
        statements = [
            "INSERT INTO jurisdictions (code, name, level, path) VALUES ('530000', '云南省', 'province', '530000/')",
            "INSERT INTO organisations (id, name, org_type, jurisdiction_code)"
            " VALUES (1, '云南省应急管理厅', 'emergency_bureau', '530000'),"
            " (2, '云南省公安厅', 'public_security', '530000')",
            "INSERT INTO users (id, username, display_name, password_hash, org_id, role, is_active, failed_logins)"
            " VALUES (1, 'u', '用户', 'x', 1, 'handler', :yes, 0)",
            "INSERT INTO cases (id, case_no, workflow_id, process, title, status, closed, jurisdiction_code,"
            " jurisdiction_path, created_at, updated_at, overdue, details)"
            " VALUES (1, 'C1', 'wf1', 'hazard', 't', 'open', :no, '530000', '530000/', :t, :t, :no, '{\"a\": [1, 2]}')",
            "INSERT INTO case_access (case_id, org_id, reason, granted_at) VALUES (1, 2, '移送', :t)",
            "INSERT INTO tasks (id, case_id, step, title, kind, org_id, role, status, opened_at, due_at,"
            " deadline_rule, deadline_basis, due_explanation, provisional, overdue, completed_at,"
            " completed_by_user_id, outcome, clock_state, clock_unit, clock_budget, waiting_on,"
            " suspended_seconds, extension_count, fixed_due_on)"
            " VALUES ('wf1.t1', 1, 's', '步骤', 'step', 1, 'handler', 'done', :t, :t, 'r', '', '', :no, :no, :t,"
            " 1, '{\"decision\": \"同意\"}', 'met', 'days', 5, 'department', 0, 0, '2026-03-05')",
            "INSERT INTO attachments (id, case_id, category, sha256, size, content_type, filename,"
            " uploaded_by_user_id, uploaded_by_name, from_enterprise, uploaded_at)"
            " VALUES (1, 1, 'evidence', :sha, 3, 'application/pdf', '笔录.pdf', 1, '用户', :no, :t)",
            "INSERT INTO public_reports (id, case_id, tracking_hash, handling_org_id, anonymous, reporter_name,"
            " reporter_phone, received_at) VALUES (1, 1, :sha, 1, :no, '王五', '13800000000', :t)",
        ]
        values = {"t": T0, "yes": True, "no": False, "sha": "c" * 64}
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement), values)
        command.upgrade(config, "head")
        with Session(engine) as db:
            report = chain_verify.verify_all(db)
            scopes = set(db.scalars(select(models.RowLedgerHead.scope)))
        with engine.begin() as conn:  # and a change after the upgrade is named
            conn.execute(sa.text("UPDATE cases SET jurisdiction_path = '530000/530300/' WHERE id = 1"))
        with Session(engine) as db:
            after = chain_verify.verify_all(db)
        engine.dispose()
    assert report.intact, report.rows
    assert report.rows_checked == 9 and scopes == {"case:1", "registry"}
    assert [(p.table, p.row_key, p.classes) for _, p in after.rows] == [("cases", "1", ("jurisdiction",))]


def test_admin_page_lists_a_changed_row(
    protected: Protected, sessions: sessionmaker[Session], database_url: str
) -> None:
    from tests.security.conftest import make_pages, page_login

    table = models.Case.__table__
    _sql(sessions, sa.update(table).where(table.c.id == protected.case_id).values(jurisdiction_code="530303"))
    admin = make_pages(database_url)
    page_login(admin, "yn.admin")
    page = admin.get("/admin/chain")
    assert page.status_code == 200
    row = f"表 cases 行 {protected.case_id}" + IN_CASE.format(**protected.__dict__)
    assert f"{row}{CHANGED}jurisdiction" in page.text


def test_an_orm_bulk_update_of_a_protected_row_is_refused(
    protected: Protected, sessions: sessionmaker[Session]
) -> None:
    """It would bypass the hooks that keep the ledger current, so no code path may use it."""
    with sessions() as db, pytest.raises(RuntimeError, match="bypasses the row ledger"):
        db.execute(sa.update(models.Task).where(models.Task.id == protected.task_id).values(outcome={}))
    with sessions() as db, pytest.raises(RuntimeError, match="bypasses the row ledger"):
        db.execute(sa.delete(models.CaseAccess).where(models.CaseAccess.case_id == protected.case_id))
    with sessions.begin() as db:  # an unprotected column (a user's failed logins) may be updated in bulk
        db.execute(sa.update(models.User).where(models.User.username == "nobody").values(failed_logins=0))


def test_a_delete_undone_by_a_savepoint_leaves_the_row_vouched_for(
    protected: Protected, sessions: sessionmaker[Session], database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with sessions.begin() as db:
        grant = db.get(models.CaseAccess, (protected.case_id, protected.police_org_id))
        savepoint = db.begin_nested()
        db.delete(grant)
        db.flush()
        savepoint.rollback()
        case = db.get(models.Case, protected.case_id)
        assert case is not None
        case.status = "closed"  # a legitimate change in the same transaction
    assert _lines_about(_verify(database_url, capsys, protected.store)[1], protected.case_no) == []
