"""Login, server-side sessions and lockout after repeated failures."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db import models
from domain.errors import Forbidden, TooManyAttempts

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
_hasher = PasswordHasher()
# Verifying against a dummy hash keeps the time of an unknown-user login like a real one.
_DUMMY_HASH = _hasher.hash("not-a-password")


@dataclass(frozen=True)
class AddressThrottle:
    """Failed logins allowed from one client address within a sliding window."""

    address: str
    max_failures: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class LoginResult:
    token: str  # goes into the cookie; only its SHA-256 is stored
    csrf_token: str
    user: models.User


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(
    *,
    db: Session,
    username: str,
    password: str,
    now: dt.datetime,
    hours: int,
    throttle: AddressThrottle | None = None,
) -> LoginResult:
    """A new session for a correct password. Refused: an unknown user or wrong password, an
    account locked after MAX_FAILED_LOGINS, or an address over its throttle (which guessing
    many accounts a few times each would otherwise slip under)."""
    if throttle is not None and _address_failures(db, throttle, now) >= throttle.max_failures:
        raise TooManyAttempts("该网络地址登录失败次数过多，请稍后再试")
    user = db.scalars(select(models.User).where(models.User.username == username)).one_or_none()
    if user is None or not user.is_active:
        _verify(_DUMMY_HASH, password)
        _record_failure(db, throttle, now)
        raise Forbidden("用户名或密码错误")
    if user.locked_until is not None and user.locked_until > now:
        _record_failure(db, throttle, now)
        raise Forbidden("登录失败次数过多，账号已临时锁定，请15分钟后再试")
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        _record_failure(db, throttle, now)
        raise Forbidden("用户名或密码错误")
    user.failed_logins = 0
    user.locked_until = None
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    db.add(
        models.WebSession(
            token_hash=_hash_token(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    db.execute(delete(models.WebSession).where(models.WebSession.expires_at < now))
    db.commit()
    return LoginResult(token, csrf, user)


def _address_failures(db: Session, throttle: AddressThrottle, now: dt.datetime) -> int:
    since = now - throttle.window
    count = db.scalar(
        select(func.count())
        .select_from(models.LoginFailure)
        .where(models.LoginFailure.address == throttle.address, models.LoginFailure.at > since)
    )
    return count or 0


def _record_failure(db: Session, throttle: AddressThrottle | None, now: dt.datetime) -> None:
    """Count the failure against the address (and forget its failures older than the window); commit."""
    if throttle is not None:
        db.execute(
            delete(models.LoginFailure).where(
                models.LoginFailure.address == throttle.address, models.LoginFailure.at <= now - throttle.window
            )
        )
        db.add(models.LoginFailure(address=throttle.address[:64], at=now))
    db.commit()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def session_for(*, db: Session, token: str, now: dt.datetime) -> tuple[models.WebSession, models.User] | None:
    row = db.get(models.WebSession, _hash_token(token))
    if row is None or row.expires_at <= now:
        return None
    user = db.get(models.User, row.user_id)
    if user is None or not user.is_active:
        return None
    return row, user


def logout(*, db: Session, token: str) -> None:
    db.execute(delete(models.WebSession).where(models.WebSession.token_hash == _hash_token(token)))
    db.commit()
