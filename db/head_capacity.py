"""A head's capacity (`users.head_capacity`, migration 0021): "" or principal (正职负责人), acting
(主持工作的负责人) or deputy (副职负责人). 国务院令第310号 art 5 reserves the transfer decision to the
principal head or the head in charge of the work, so a deputy is refused.

The column is read here rather than mapped on `models.User`: during a rolling upgrade today's code
runs on the schema before the migration, where it is absent — every head then counts as the head,
as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session


def read_head_capacity(db: Session, user_id: int) -> str:
    columns = {c["name"] for c in sa.inspect(db.connection()).get_columns("users")}
    if "head_capacity" not in columns:
        return ""
    value = db.scalar(sa.text("SELECT head_capacity FROM users WHERE id = :id"), {"id": user_id})
    return str(value or "")


def set_head_capacity(db: Session, user_id: int, capacity: str) -> None:
    """Mark a head account (the administrator's act; tests)."""
    db.execute(sa.text("UPDATE users SET head_capacity = :c WHERE id = :id"), {"c": capacity, "id": user_id})
