"""The registers around enforcement (migration 0020): the history of the key-supervision list
(重点监管对象, 国办发〔2015〕20号 (七) "动态管理"), entrustments of enforcement (委托执法,
北碚 (十六), 西双版纳 (十八)) and the cases handled under one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class KeyObjectChange(Base):
    """One set or unset of an enterprise's key-supervision flag: who, when, why."""

    __tablename__ = "key_object_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    is_key_object: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(300))
    effective_on: Mapped[dt.date]
    changed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_by_name: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[dt.datetime]


class Entrustment(Base):
    """A written entrustment (委托书): who entrusts whom with which matters, for how long.

    The entrusted unit acts in the entruster's name within the scope (行政处罚法 art 20); it may be
    an organisation with accounts here (a district bureau) or one known by name only (a township,
    whose acts the entruster's handlers record).
    """

    __tablename__ = "entrustments"
    id: Mapped[int] = mapped_column(primary_key=True)
    entruster_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    entrusted_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    entrusted_name: Mapped[str] = mapped_column(String(200))
    matters: Mapped[list[str]] = mapped_column(JSON)  # codes of domain.entrustment.MATTERS
    valid_from: Mapped[dt.date]
    valid_to: Mapped[dt.date]
    document_no: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime]


class CaseEntrustment(Base):
    """A case handled under an entrustment: its documents carry the entruster's name."""

    __tablename__ = "case_entrustments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    entrustment_id: Mapped[int] = mapped_column(ForeignKey("entrustments.id"), index=True)
    matter: Mapped[str] = mapped_column(String(32))
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime]
