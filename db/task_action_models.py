"""The read-side state of task actions (migration 0016): 抄送 notices and 代理 periods.

Neither changes what a workflow does, so they live here rather than in the workflows
(docs/decisions/0007-stand-ins-and-copies-in-the-database.md); each one written also appends a
line to the case's hash-chained timeline (services/task_notices.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class TaskCopy(Base):
    """抄送: a read-only notice of a case (and the step it was sent from) to a user or a unit."""

    __tablename__ = "task_copies"
    __table_args__ = (
        Index("ix_task_copies_user", "to_user_id", "created_at"),
        Index("ix_task_copies_org", "to_org_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    task_id: Mapped[str | None] = mapped_column(String(120))
    step_title: Mapped[str] = mapped_column(String(200), default="")
    from_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_name: Mapped[str] = mapped_column(String(100))
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # a person, or
    to_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))  # every user of a unit
    to_name: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    read_at: Mapped[dt.datetime | None]  # the first time a recipient opened it (a person's copy)


class TaskStandIn(Base):
    """代理: while `user_id` is on leave, `stand_in_user_id` (same body and post) handles the tasks
    `user_id` had claimed, from `starts_on` to `ends_on` (China days, both included)."""

    __tablename__ = "task_stand_ins"
    __table_args__ = (Index("ix_task_stand_ins_stand_in", "stand_in_user_id", "ends_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    stand_in_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
