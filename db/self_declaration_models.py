"""The enterprises' monthly self-inspection declarations (migration 0024, U10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class SelfDeclaration(Base):
    """One declaration of one enterprise for one month (企业自查自报).

    `revision` 0 is the declaration; a correction adds revision 1, 2, … and keeps the first. The
    unique key makes a second declaration for the same month fail even when two arrive at once.
    `hazards` lists what was declared, each with the 一般事故隐患 case it opened."""

    __tablename__ = "self_declarations"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "month", "revision", name="uq_self_declarations_month"),
        Index("ix_self_declarations_month_path", "month", "jurisdiction_path"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    jurisdiction_path: Mapped[str] = mapped_column(String(100))  # the enterprise's, for the bureau's list
    no_hazards: Mapped[bool] = mapped_column(Boolean, default=False)
    hazards: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # filed after its due day
    filed_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filed_at: Mapped[dt.datetime]
