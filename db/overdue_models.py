"""Hourly snapshots of open and overdue cases per jurisdiction and process: the trend of 督办."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class OverdueSnapshot(Base):
    """Hourly counts of open and overdue cases, per jurisdiction and process (for the trend chart)."""

    __tablename__ = "overdue_snapshots"
    __table_args__ = (UniqueConstraint("taken_at", "jurisdiction_code", "process"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[dt.datetime] = mapped_column(index=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    process: Mapped[str] = mapped_column(String(32))
    open_cases: Mapped[int] = mapped_column(Integer)
    overdue_cases: Mapped[int] = mapped_column(Integer)
