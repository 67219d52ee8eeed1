"""The bulletin process's tables (migration 0026): what a bulletin names, and the agencies that
jointly supervise a case (联合督办, 西双版纳 (十六)).

A bulletin's number, date and text are those of its issued document (`documents`, type
`bulletin` or `case_bulletin`); this row keeps what the draft named, for the public portal and the
office's 督办 view to query."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class Bulletin(Base):
    __tablename__ = "bulletins"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    drafter_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    recipient_org_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    enterprise_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    rectification: Mapped[str] = mapped_column(Text, default="")
    rectification_due: Mapped[dt.date | None]
    period_start: Mapped[dt.date | None]
    period_end: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime]


class JointSupervision(Base):
    """An agency jointly supervising a case (联合督办): the case's own deadlines appear to it."""

    __tablename__ = "joint_supervisions"
    __table_args__ = (UniqueConstraint("case_id", "org_id", name="uq_joint_supervisions_case_org"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime]
    note: Mapped[str] = mapped_column(Text, default="")
