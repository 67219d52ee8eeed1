"""Interview proposals (migration 0025): a 约谈 that a trigger rule proposed to an office, which
confirms it (the interview starts) or dismisses it. One row per rule's key, so the periodic job
may run as often as it likes (domain/interview_triggers.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class InterviewProposal(Base):
    __tablename__ = "interview_proposals"
    __table_args__ = (Index("ix_interview_proposals_office_status", "office_org_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    rule: Mapped[str] = mapped_column(String(32))
    office_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))  # the office that decides
    party_kind: Mapped[str] = mapped_column(String(16))  # enterprise | government
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))  # the party's
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    party_name: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(String(300))
    source_case_nos: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="proposed")  # proposed | confirmed | dismissed
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dismiss_reason: Mapped[str] = mapped_column(Text, default="")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
