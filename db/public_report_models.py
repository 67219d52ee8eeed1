"""Public reports (举报): the reporter's identity apart from the case, and the public form's flood limits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class PublicReport(Base):
    """A public report (举报): the reporter's identity and the hash of their tracking code.

    Kept out of the case's details, the workflow's input and the timeline, so that only the
    handling office (`handling_org_id`) reads the identity (services/public_report_queries.py).
    """

    __tablename__ = "public_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    tracking_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the code
    handling_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    reporter_name: Mapped[str] = mapped_column(String(50), default="")
    reporter_phone: Mapped[str] = mapped_column(String(20), default="")
    received_at: Mapped[dt.datetime]


class PublicFormSubmission(Base):
    """One accepted post of the public form, for flood limits: a keyed hash of the client, no report id."""

    __tablename__ = "public_form_submissions"
    __table_args__ = (Index("ix_public_form_submissions_client_at", "client_hash", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    client_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(index=True)
    # Keyed hash of the normalised description: the same text posted again and again from
    # many addresses is one abuser, counted across clients (services/public_report_intake.py).
    description_hash: Mapped[str | None] = mapped_column(String(64), index=True)
