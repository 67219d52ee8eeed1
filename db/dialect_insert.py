"""The INSERT with ON CONFLICT of the database a session is bound to (PostgreSQL or SQLite, the
two the project runs on): `insert_for(session)(table)` has `.on_conflict_do_nothing/_update`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for_dialect(dialect: str) -> Callable[[Any], Any]:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def insert_for(session: Session) -> Callable[[Any], Any]:
    return insert_for_dialect(session.get_bind().dialect.name)
