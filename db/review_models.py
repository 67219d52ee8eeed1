"""The public rulings (公开裁定) of penalty cases (migration 0027), counted per bureau and year
against the share of 国办发〔2015〕20号 (十六) in the annual enforcement review."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class PublicRuling(Base):
    """A penalty case put to a public ruling with the enterprises concerned (one per case)."""

    __tablename__ = "public_rulings"
    __table_args__ = (Index("ix_public_rulings_org_day", "org_id", "ruled_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))  # the bureau that ruled
    ruled_on: Mapped[dt.date]
    enterprises: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime]
