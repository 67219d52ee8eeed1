"""Shared helpers for the test suite: databases, Temporal environments, demo principals."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.service import RPCError

from db import models
from db.migrate import upgrade
from db.seed import seed_organisations
from db.session import make_engine, make_session_factory
from domain.legal_calendar import CHINA_TZ
from services.principal import Principal, load_principal

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"

SEARCH_ATTRIBUTES = {
    "CaseProcess": IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    "CaseStatus": IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    "CaseJurisdiction": IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
    "CaseDueTime": IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
    "CaseOverdue": IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
}


def binary(name: str) -> str:
    path = shutil.which(name) or str(VENV_BIN / name)
    if not Path(path).exists():
        raise RuntimeError(f"{name} not found: install the test extras (pip install -e '.[test]')")
    return path


@contextmanager
def empty_database(tmp_dir: Path, sqlite_file: str = "test.sqlite3") -> Iterator[str]:
    """An empty database on the backend under test: a new file `sqlite_file` in `tmp_dir`, or a
    new PostgreSQL database when TEST_POSTGRES_URL is set (dropped afterwards)."""
    server = os.environ.get("TEST_POSTGRES_URL")
    if not server:
        yield f"sqlite:///{tmp_dir / sqlite_file}"
        return
    name = f"anquan_test_{uuid.uuid4().hex[:10]}"
    conninfo = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def throwaway_database(tmp_dir: Path) -> Iterator[str]:
    """A migrated, seeded database: PostgreSQL when TEST_POSTGRES_URL is set, else SQLite."""
    with empty_database(tmp_dir) as url:
        _prepare(url)
        yield url


def _prepare(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        seed_organisations(session)
        session.commit()
    engine.dispose()


async def terminate_open_cases(client: Client, sessions: sessionmaker[Session]) -> None:
    """End the workflows a test left running: once their worker is gone, a timer that fires
    leaves a workflow task nobody polls, and the time-skipping server stops skipping."""
    with sessions() as db:
        ids = list(db.scalars(select(models.Case.workflow_id).where(models.Case.closed.is_(False))))
    for workflow_id in ids:
        try:
            await client.get_workflow_handle(workflow_id).terminate("test finished")
        except RPCError:
            pass  # already finished


def session_factory(url: str) -> sessionmaker[Session]:
    return make_session_factory(make_engine(url))


def principal(factory: sessionmaker[Session], username: str) -> Principal:
    with factory() as db:
        user = db.scalars(select(models.User).where(models.User.username == username)).one()
        return load_principal(db, user)


async def register_search_attributes(client: Client, namespace: str = "default") -> None:
    await client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(namespace=namespace, search_attributes=SEARCH_ATTRIBUTES)
    )


HISTORIES = Path(__file__).resolve().parent / "replay" / "histories"


async def record_history(client: Client, workflow_id: str, name: str) -> None:
    """With RECORD_HISTORIES=1, keep this run's history for the replay tests.

    Old histories stay: after a patched change, record with RECORD_HISTORIES_SUFFIX=_<patch> so
    the suite replays both the histories of cases started before and after the change.
    """
    if os.environ.get("RECORD_HISTORIES") != "1":
        return
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    HISTORIES.mkdir(parents=True, exist_ok=True)
    wrapped = {"workflow_id": workflow_id, "history": json.loads(history.to_json())}
    name += os.environ.get("RECORD_HISTORIES_SUFFIX", "")
    (HISTORIES / f"{name}.json").write_text(json.dumps(wrapped, ensure_ascii=False, indent=1))


FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def form_token(client: Any, path: str = "/login") -> str:
    """The form token of a page's form (login, public report), as a browser would post it back."""
    match = FORM_TOKEN.search(client.get(path).text)
    assert match, f"no form token on {path}"
    return match.group(1)


def post_login(client: Any, username: str, password: str = "demo1234", **kwargs: Any) -> Any:
    """Sign in through the login page as a browser does: open the form, post it with its token."""
    data = {"username": username, "password": password, "form_token": form_token(client), **kwargs.pop("data", {})}
    return client.post("/login", data=data, **kwargs)


def fact_day(now: dt.datetime) -> dt.date:
    """The day of a past fact (an inspection, a finding) for an intake at `now` on the test server.

    The time-skipping server's clock runs ahead of the wall clock once earlier tests skipped time,
    while intake refuses a past fact dated after the real today (domain/input_rules.py, audit F6).
    """
    return min(now.astimezone(CHINA_TZ).date(), dt.datetime.now(CHINA_TZ).date())


# The API's task lists answer 50 rows a page (ADR 0015); the suite's database is shared by every
# test, so a test that looks for its own task in a list asks for the largest page.
ALL_ROWS = {"page_size": 500}
