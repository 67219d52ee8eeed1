"""The inspection's own row (migration 0023): how, by whom, and which plan or draw it carries out.

The case row holds the enterprise and the jurisdiction; the workflow holds the procedure. This row
keeps what the lists and the annual plan's progress ask of an inspection without reading details.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class Inspection(Base):
    __tablename__ = "inspections"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(20), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))  # the inspecting department
    planned_on: Mapped[dt.date]
    # Links to the annual plan (a case of the plan process) and the 双随机 draw, built elsewhere.
    plan_case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    draw_id: Mapped[int | None] = mapped_column(Integer, index=True)
    inspector_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    lead_department: Mapped[str] = mapped_column(String(100), default="")
    participant_departments: Mapped[list[str]] = mapped_column(JSON, default=list)
