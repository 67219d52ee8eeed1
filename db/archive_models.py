"""The legal archive's tables (migration 0015): the queue of dossiers to assemble, the dossiers
kept, and every read of one (services/archive/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class ArchiveJob(Base):
    """A closed case whose dossier is to be assembled: queued by the projection when the case
    closes, taken by the assembler (services/archive/assembler.py), one per case."""

    __tablename__ = "archive_jobs"
    __table_args__ = (Index("ix_archive_jobs_status", "status", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | running | done | failed
    enqueued_at: Mapped[dt.datetime]
    claimed_at: Mapped[dt.datetime | None]
    done_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class CaseArchive(Base):
    """The dossier (案卷) of a closed case: one file under ARCHIVE_DIR, its checksum and manifest."""

    __tablename__ = "case_archives"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    path: Mapped[str] = mapped_column(String(300))  # relative to ARCHIVE_DIR
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    manifest: Mapped[dict[str, Any]] = mapped_column(default=dict)
    assembled_at: Mapped[dt.datetime]
    retention_years: Mapped[int] = mapped_column(Integer)  # 0: permanent (永久)
    retain_until: Mapped[dt.date | None]


class ArchiveRead(Base):
    """Who read a dossier, when, and what: the archive's audit trail (append-only)."""

    __tablename__ = "archive_reads"
    __table_args__ = (Index("ix_archive_reads_case", "case_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    user_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))  # metadata | download
    at: Mapped[dt.datetime]
