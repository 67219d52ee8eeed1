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
