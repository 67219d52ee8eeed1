"""The official holiday calendar as imported (国务院办公厅节假日安排通知)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class CalendarYear(Base):
    """A year of the official holiday arrangement (国务院办公厅节假日安排通知), as imported."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(200))


class CalendarDay(Base):
    """A day that differs from the weekend rule: a holiday, or a make-up working day (调休)."""

    __tablename__ = "calendar_days"
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("calendar_years.year"), index=True)
    is_working: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(50), default="")


class CalendarRevision(Base):
    """One row naming the calendar's current revision (migration 0028): a new random token at each
    change. A process that caches the calendar (db/calendar_store.py) compares it with its copy's,
    so a change made by another process is seen at the next read; being random, a token never names
    two contents (another database, a restored backup)."""

    __tablename__ = "calendar_revision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[str] = mapped_column(String(32))
