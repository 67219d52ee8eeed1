"""A write the database kept waiting past its limit answers 503 with Retry-After, not a 500: SQLite's
"database is locked" and PostgreSQL's lock timeout, deadlock and serialisation failure. Any other
database fault stays a 500."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from api import errors


class PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"pg {sqlstate}")
        self.sqlstate = sqlstate


def client_raising(orig: Exception) -> TestClient:
    app = FastAPI()
    errors.install(app)

    @app.post("/api/v1/thing")
    @app.post("/thing")
    def thing() -> None:
        raise OperationalError("INSERT INTO cases ...", {}, orig)

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    "orig",
    [sqlite3.OperationalError("database is locked"), PgError("55P03"), PgError("40P01"), PgError("40001")],
    ids=["sqlite-locked", "pg-lock-timeout", "pg-deadlock", "pg-serialisation"],
)
def test_a_busy_database_answers_503_with_retry_after(orig: Exception) -> None:
    client = client_raising(orig)
    response = client.post("/api/v1/thing")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(errors.DATABASE_BUSY_RETRY_AFTER)
    assert response.json()["error"] == "unavailable" and "稍后重试" in response.json()["message"]
    page = client.post("/thing")
    assert page.status_code == 503 and "稍后重试" in page.text


def test_other_database_faults_stay_server_errors() -> None:
    response = client_raising(sqlite3.OperationalError("disk I/O error")).post("/api/v1/thing")
    assert response.status_code == 500
