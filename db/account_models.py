"""Sign-in sessions, login throttling and the audit of reads by read-only roles."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class WebSession(Base):
    """Server-side session; the cookie carries a random token whose SHA-256 is the key."""

    __tablename__ = "web_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    # Idle timeout: the last request seen, written at most once a minute (services/auth.py).
    last_seen_at: Mapped[dt.datetime | None]
    # A confirmation to show once on the next page (flash message); never taken from a URL.
    flash: Mapped[str | None] = mapped_column(String(500))


class LoginFailure(Base):
    """A failed login from a client address (and the user name typed), for the per-address and
    per-(account, address) throttles of services/auth.py."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_username_address", "username", "address"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    username: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[dt.datetime]


class CaseReadAudit(Base):
    """A case, document or attachment opened by a read-only role (services/read_audit.py)."""

    __tablename__ = "case_read_audit"
    __table_args__ = (Index("ix_case_read_audit_user_at", "user_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # case | document | attachment
    object_id: Mapped[int] = mapped_column(Integer)
