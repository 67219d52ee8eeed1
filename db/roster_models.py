"""The inspector roster (执法人员名录库), the list of inspection matters (随机抽查事项清单) and
the double-random draws (双随机抽查) made from them (migration 0022).

北碚府办发〔2016〕65号 (十五): "制定随机抽查事项清单，明确抽查依据、抽查主体、抽查内容、抽查方式等…
及时向社会公布。建立随机抽取检查对象、随机选派执法检查人员的“双随机”抽查机制". A draw's inputs and
result are also on its case's hash-chained timeline; the row here is the read side.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class Inspector(Base):
    """An enforcement officer of a bureau and their 执法证 (行政处罚法 art 42: 持有执法证件)."""

    __tablename__ = "inspectors"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    certificate_no: Mapped[str] = mapped_column(String(40), unique=True)
    issuing_authority: Mapped[str] = mapped_column(String(100))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    def valid_on(self, day: dt.date) -> bool:
        return self.active and self.valid_from <= day <= self.valid_until


class InspectorConflict(Base):
    """A declared conflict of interest (行政处罚法 art 43: 回避) of an inspector with an enterprise."""

    __tablename__ = "inspector_conflicts"
    __table_args__ = (UniqueConstraint("inspector_id", "enterprise_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_on: Mapped[dt.date] = mapped_column(Date)


class InspectionMatter(Base):
    """One matter of a bureau's published list of random inspection matters (随机抽查事项清单)."""

    __tablename__ = "inspection_matters"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every sector
    share_percent: Mapped[float | None] = mapped_column(Numeric(5, 2), nullable=True)
    draw_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    published_on: Mapped[dt.date] = mapped_column(Date)


class RandomDraw(Base):
    """A draw: its recorded inputs and result (as on the timeline), and its case."""

    __tablename__ = "random_draws"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True, nullable=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("inspection_matters.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    drawn_on: Mapped[dt.date] = mapped_column(Date)
    drawn_at: Mapped[dt.datetime]
    drawn_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # DrawInputs.as_record()
    selections: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # DrawResult.as_record()
