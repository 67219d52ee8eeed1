"""The annual enforcement plan's tables (migration 0021): one plan per bureau and year, and the
inspections done against it (`plan_executions`, written by services/plan_progress.record_done)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class InspectionPlan(Base):
    """A bureau's plan for a year; the unique key refuses a second plan (409)."""

    __tablename__ = "inspection_plans"
    __table_args__ = (UniqueConstraint("org_id", "year", name="uq_inspection_plans_org_year"),)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime]


class PlanExecution(Base):
    """One inspection done against a plan: which enterprise, which inspection case, which day."""

    __tablename__ = "plan_executions"
    __table_args__ = (UniqueConstraint("plan_case_id", "inspection_case_id", name="uq_plan_executions_inspection"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    inspection_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    done_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime]
