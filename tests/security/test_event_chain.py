"""The case timeline is a hash chain: appends are idempotent and serialised; tampering is named."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from activities.projection import CaseActivities
from db import models
from db.calendar_store import load_calendar
from db.session import make_engine
from domain.event_chain import GENESIS_HASH
from domain.process_config import ProcessConfig
from services import chain_verify
from settings import ROOT
from tests.support import empty_database
from workflows.contracts import EventRecord, ProjectionBatch

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def _new_case(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as db:
        suffix = uuid.uuid4().hex[:10]
        case = models.Case(
            case_no=f"CHAIN-{suffix}",
            workflow_id=f"chain-{suffix}",
            process="hazard",
            title="哈希链测试",
            status="open",
            jurisdiction_code="530302",
            jurisdiction_path="530000/530300/530302",
            created_at=T0,
            updated_at=T0,
        )
        db.add(case)
        db.flush()
        return case.id


def _events(case_id: int, keys: range, actor: str = "张三") -> ProjectionBatch:
    return ProjectionBatch(
        case_id=case_id,
        events=[
            EventRecord(
                key=f"e{i}",
                at=T0 + dt.timedelta(minutes=i, microseconds=7),
                kind="note",
                summary=f"第{i}步 <script>alert(1)</script>",
                actor_name=actor,
                data={"n": i, "list": (1, 2), "中文": "值"},
            )
            for i in keys
        ],
    )


def _activities(sessions: sessionmaker[Session]) -> CaseActivities:
    return CaseActivities(sessions, ProcessConfig(), load_calendar)


def _broken_for(sessions: sessionmaker[Session], case_id: int) -> chain_verify.BrokenLink | None:
    with sessions() as db:
        report = chain_verify.verify_all(db)
    return next((link for _, link in report.broken if link.case_id == case_id), None)


@pytest.fixture
def chained_case(sessions: sessionmaker[Session]) -> int:
    case_id = _new_case(sessions)
    _activities(sessions).apply_case_changes(_events(case_id, range(1, 6)))
    return case_id


def test_events_are_chained_in_order_and_a_retry_appends_nothing(
    sessions: sessionmaker[Session], chained_case: int
) -> None:
    _activities(sessions).apply_case_changes(_events(chained_case, range(1, 6)))  # the retry
    _activities(sessions).apply_case_changes(_events(chained_case, range(4, 8)))  # half new
    with sessions() as db:
        rows = db.scalars(
            select(models.CaseEvent).where(models.CaseEvent.case_id == chained_case).order_by(models.CaseEvent.seq)
        ).all()
        head = db.get(models.CaseChainHead, chained_case)
    assert [r.seq for r in rows] == list(range(1, 8))
    assert [r.event_key for r in rows] == [f"e{i}" for i in range(1, 8)]
    assert rows[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert head is not None and (head.seq, head.hash) == (7, rows[-1].hash)
    assert _broken_for(sessions, chained_case) is None


def test_two_writers_on_one_case_never_fork_the_chain(sessions: sessionmaker[Session]) -> None:
    case_id = _new_case(sessions)
    errors: list[BaseException] = []

    def writer(first: int) -> None:
        try:
            for i in range(first, first + 10):
                _activities(sessions).apply_case_changes(_events(case_id, range(i, i + 1), actor=f"w{first}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(first,)) for first in (100, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sessions() as db:
        seqs = list(db.scalars(select(models.CaseEvent.seq).where(models.CaseEvent.case_id == case_id)))
    assert sorted(seqs) == list(range(1, 21))
    assert _broken_for(sessions, case_id) is None


def _event_id(sessions: sessionmaker[Session], case_id: int, seq: int) -> int:
    with sessions() as db:
        found = db.scalar(
            select(models.CaseEvent.id).where(models.CaseEvent.case_id == case_id, models.CaseEvent.seq == seq)
        )
        assert found is not None
        return found


def _sql(sessions: sessionmaker[Session], *statements: sa.Executable) -> None:
    with sessions.begin() as db:
        for statement in statements:
            db.execute(statement)


def test_an_edited_event_body_is_named(sessions: sessionmaker[Session], chained_case: int) -> None:
    target = _event_id(sessions, chained_case, 3)
    _sql(sessions, update(models.CaseEvent).where(models.CaseEvent.id == target).values(summary="改过的内容"))
    link = _broken_for(sessions, chained_case)
    assert link is not None and (link.seq, link.problem) == (3, "content_changed")
    with sessions() as db:
        assert link.found == db.get(models.CaseEvent, target).hash  # type: ignore[union-attr]


def test_an_edited_timestamp_or_data_is_named(sessions: sessionmaker[Session], chained_case: int) -> None:
    target = _event_id(sessions, chained_case, 2)
    _sql(sessions, update(models.CaseEvent).where(models.CaseEvent.id == target).values(at=T0))
    link = _broken_for(sessions, chained_case)
    assert link is not None and (link.seq, link.problem) == (2, "content_changed")


def test_a_deleted_event_is_named(sessions: sessionmaker[Session], chained_case: int) -> None:
    target = _event_id(sessions, chained_case, 2)
    _sql(sessions, sa.delete(models.CaseEvent).where(models.CaseEvent.id == target))
    link = _broken_for(sessions, chained_case)
    assert link is not None and (link.seq, link.problem) == (2, "sequence_gap")
    assert (link.expected, link.found) == ("seq 2", "seq 3")


def test_a_deleted_event_renumbered_to_hide_the_gap_is_named(
    sessions: sessionmaker[Session], chained_case: int
) -> None:
    target = _event_id(sessions, chained_case, 2)
    _sql(sessions, sa.delete(models.CaseEvent).where(models.CaseEvent.id == target))
    for seq in (3, 4, 5):
        _sql(
            sessions,
            update(models.CaseEvent)
            .where(models.CaseEvent.case_id == chained_case, models.CaseEvent.seq == seq)
            .values(seq=seq - 1),
        )
    link = _broken_for(sessions, chained_case)
    assert link is not None and (link.seq, link.problem) == (2, "prev_hash_mismatch")


def test_reordered_events_are_named(sessions: sessionmaker[Session], chained_case: int) -> None:
    second, fourth = _event_id(sessions, chained_case, 2), _event_id(sessions, chained_case, 4)
    _sql(
        sessions,
        update(models.CaseEvent).where(models.CaseEvent.id == second).values(seq=-2),
        update(models.CaseEvent).where(models.CaseEvent.id == fourth).values(seq=2),
        update(models.CaseEvent).where(models.CaseEvent.id == second).values(seq=4),
    )
    link = _broken_for(sessions, chained_case)
    assert link is not None and link.seq == 2 and link.problem == "prev_hash_mismatch"


def test_a_deleted_last_event_is_named_by_the_head(sessions: sessionmaker[Session], chained_case: int) -> None:
    _sql(sessions, sa.delete(models.CaseEvent).where(models.CaseEvent.id == _event_id(sessions, chained_case, 5)))
    link = _broken_for(sessions, chained_case)
    assert link is not None and (link.seq, link.problem) == (5, "head_mismatch")


def test_a_recomputed_hash_does_not_hide_an_edit(sessions: sessionmaker[Session], chained_case: int) -> None:
    """Whoever rewrites an event and its own hash still breaks the next event's link."""
    from activities.event_chain_writer import chain_entry
    from domain.event_chain import entry_hash

    target = _event_id(sessions, chained_case, 3)
    with sessions.begin() as db:
        event = db.get(models.CaseEvent, target)
        assert event is not None
        event.summary = "伪造"
        event.hash = entry_hash(chain_entry(event))
    link = _broken_for(sessions, chained_case)
    assert link is not None and (link.seq, link.problem) == (4, "prev_hash_mismatch")


def test_the_command_exits_non_zero_and_names_the_link(
    sessions: sessionmaker[Session], database_url: str, chained_case: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert chain_verify.main(["--database-url", database_url]) in (0, 1)  # other tests may have broken cases
    capsys.readouterr()
    target = _event_id(sessions, chained_case, 4)
    _sql(sessions, update(models.CaseEvent).where(models.CaseEvent.id == target).values(actor_name="李四"))
    assert chain_verify.main(["--database-url", database_url]) == 1
    out = capsys.readouterr().out
    with sessions() as db:
        case_no = db.get(models.Case, chained_case).case_no  # type: ignore[union-attr]
    assert f"案件 {case_no}（id {chained_case}）第 4 条事件：事件内容被改动" in out


def test_migration_backfills_the_chain_of_existing_events(tmp_path: Path) -> None:
    with empty_database(tmp_path, "old.sqlite3") as url:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "0006")
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO jurisdictions (code, name, level, path)"
                    " VALUES ('530000', '云南省', 'province', '530000/')"
                )
            )
            for case_id in (1, 2):
                conn.execute(
                    sa.text(
                        "INSERT INTO cases (id, case_no, workflow_id, process, title, status, closed,"
                        " jurisdiction_code, jurisdiction_path, created_at, updated_at, overdue, details)"
                        " VALUES (:id, :no, :wf, 'hazard', 't', 'open', :no_, '530000', '530000/', :t, :t, :no_, '{}')"
                    ),
                    {"id": case_id, "no": f"C{case_id}", "wf": f"wf{case_id}", "no_": False, "t": T0},
                )
            for i, case_id in enumerate((1, 2, 1, 1, 2)):
                conn.execute(
                    sa.text(
                        "INSERT INTO case_events (case_id, event_key, at, actor_name, kind, summary, reason, data)"
                        " VALUES (:c, :k, :at, '系统', 'note', :s, '', :d)"
                    ),
                    {
                        "c": case_id,
                        "k": f"k{i}",
                        "at": T0 + dt.timedelta(days=i, microseconds=123),
                        "s": f"事件{i}",
                        "d": f'{{"i": {i}, "名": "值"}}',
                    },
                )
        command.upgrade(config, "head")
        factory = sessionmaker(engine)
        with factory() as db:
            report = chain_verify.verify_all(db)
            seqs = db.execute(
                select(models.CaseEvent.case_id, models.CaseEvent.seq).order_by(models.CaseEvent.id)
            ).all()
        engine.dispose()
    assert report.intact and report.events_checked == 5
    assert [tuple(r) for r in seqs] == [(1, 1), (2, 1), (1, 2), (1, 3), (2, 2)]


def test_admin_page_names_the_broken_link_and_only_admins_see_it(
    sessions: sessionmaker[Session], database_url: str, chained_case: int
) -> None:
    from tests.security.conftest import make_pages, page_login

    target = _event_id(sessions, chained_case, 3)
    _sql(sessions, update(models.CaseEvent).where(models.CaseEvent.id == target).values(reason="补记的理由"))
    handler = make_pages(database_url)
    page_login(handler, "ql.handler")
    assert handler.get("/admin/chain").status_code == 403
    admin = make_pages(database_url)
    page_login(admin, "yn.admin")
    page = admin.get("/admin/chain")
    assert page.status_code == 200 and "发现被改动的时间线" in page.text
    with sessions() as db:
        case_no = db.get(models.Case, chained_case).case_no  # type: ignore[union-attr]
    row = page.text.split(f">{case_no}</a>")[1].split("</tr>")[0]
    assert "<td>3</td>" in row and "事件内容被改动" in row
    assert 'href="/admin/chain"' in page.text


def test_an_altered_document_is_named_by_its_chained_hash(sessions: sessionmaker[Session]) -> None:
    from tests.security.matrix_data import make_case

    case = make_case(sessions, "D", "530302", police_access=False)
    assert _broken_for(sessions, case.case_id) is None
    _sql(
        sessions,
        update(models.Document).where(models.Document.id == case.document_id).values(html="<html>改过的文书</html>"),
    )
    link = _broken_for(sessions, case.case_id)
    assert link is not None and (link.seq, link.problem) == (1, "document_changed")
    # Rewriting the document's own hash as well does not help: the chained event still holds the old one.
    import hashlib

    forged = hashlib.sha256("<html>改过的文书</html>".encode()).hexdigest()
    _sql(sessions, update(models.Document).where(models.Document.id == case.document_id).values(sha256=forged))
    link = _broken_for(sessions, case.case_id)
    assert link is not None and link.problem == "document_changed" and link.found.startswith(forged)
