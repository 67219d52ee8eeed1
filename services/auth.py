"""Login, server-side sessions (absolute and idle expiry) and login throttling.

Throttling never locks an account: a hard lock let anybody who knows a user name keep its owner
out (security probe F4). Instead failures are counted per (user name, client address), and after
a few each further try from that pair must wait a delay that doubles with every failure (429 with
Retry-After); the owner signing in from another address, or from an address without failures,
is not slowed. A second count per address stops guessing many accounts a few times each. Unknown
and existing accounts answer the same message in the same order of work (dummy hash included).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from db import models
from domain.errors import Forbidden, TooManyAttempts
from domain.roles import Role
from services import audit_log
from services.principal import Principal

WRONG_CREDENTIALS = "用户名或密码错误"
# last_seen_at is written at most this often: the idle timeout is exact to within this much.
LAST_SEEN_GRANULARITY = dt.timedelta(minutes=1)
_hasher = PasswordHasher()
# Verifying against a dummy hash keeps the time of an unknown-user login like a real one.
_DUMMY_HASH = _hasher.hash("not-a-password")


@dataclass(frozen=True)
class AddressThrottle:
    """The client's address and the limits of both counts.

    Per address: `max_failures` within `window`, across accounts. Per (user name, address):
    `pair_free_failures` within `pair_window` cost nothing; each further failure doubles the wait
    before the next try, from `pair_first_delay` up to `pair_max_delay`.
    """

    address: str
    max_failures: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)
    pair_free_failures: int = 3
    pair_first_delay: dt.timedelta = dt.timedelta(seconds=2)
    pair_max_delay: dt.timedelta = dt.timedelta(minutes=15)
    pair_window: dt.timedelta = dt.timedelta(hours=24)

    def pair_delay(self, failures: int) -> dt.timedelta:
        """The wait after the latest of `failures` failures of one (user name, address)."""
        if failures < self.pair_free_failures:
            return dt.timedelta(0)
        doublings = min(failures - self.pair_free_failures, 30)
        delay: dt.timedelta = self.pair_first_delay * (1 << doublings)
        return min(self.pair_max_delay, delay)


@dataclass(frozen=True)
class LoginResult:
    token: str  # goes into the cookie; only its SHA-256 is stored
    csrf_token: str
    user: models.User


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_hash(token: str) -> str:
    """The key of a session row: the SHA-256 of the cookie's token."""
    return _hash_token(token)


def login(
    *,
    db: Session,
    username: str,
    password: str,
    now: dt.datetime,
    hours: int,
    throttle: AddressThrottle | None = None,
) -> LoginResult:
    """A new session for a correct password. Refused alike: an unknown or inactive user, or a
    wrong password (403); too many failures from the address, or from this (user name, address)
    too soon after the last one (429 with the seconds to wait)."""
    name = username[:64]
    if throttle is not None:
        _check_throttle(db, throttle, name, now)
    user = db.scalars(select(models.User).where(models.User.username == username)).one_or_none()
    address = throttle.address if throttle is not None else ""
    if user is None or not user.is_active:
        _verify(_DUMMY_HASH, password)
        reason = "未知用户名" if user is None else "账号已停用"
        audit_log.add(
            db,
            action="login_failed",
            at=now,
            actor=None,
            actor_name=name,
            target=name,
            detail={"reason": reason},
            address=address,
        )
        _record_failure(db, throttle, name, now)
        raise Forbidden(WRONG_CREDENTIALS)
    if not _verify(user.password_hash, password):
        audit_log.add(
            db, action="login_failed", at=now, actor=user, target=name, detail={"reason": "密码错误"}, address=address
        )
        _record_failure(db, throttle, name, now)
        raise Forbidden(WRONG_CREDENTIALS)
    if throttle is not None:  # the owner got in: this pair's earlier mistakes are forgiven
        db.execute(
            delete(models.LoginFailure).where(
                models.LoginFailure.username == name, models.LoginFailure.address == throttle.address[:64]
            )
        )
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    db.add(
        models.WebSession(
            token_hash=_hash_token(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
            last_seen_at=now,
        )
    )
    db.execute(delete(models.WebSession).where(models.WebSession.expires_at < now))
    audit_log.add(db, action="login", at=now, actor=user, target=user.username, address=address)
    db.commit()
    return LoginResult(token, csrf, user)


def _seconds(delta: dt.timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def _check_throttle(db: Session, throttle: AddressThrottle, name: str, now: dt.datetime) -> None:
    failures = models.LoginFailure
    address = throttle.address[:64]
    recent = failures.at > now - throttle.window
    at_address = failures.address == address
    count, oldest = db.execute(select(func.count(), func.min(failures.at)).where(at_address, recent)).one()
    if count >= throttle.max_failures:
        raise TooManyAttempts("该网络地址登录失败次数过多，请稍后再试", _seconds(oldest + throttle.window - now))
    pair_count, latest = db.execute(
        select(func.count(), func.max(failures.at)).where(
            failures.username == name, failures.address == address, failures.at > now - throttle.pair_window
        )
    ).one()
    if pair_count:
        wait = latest + throttle.pair_delay(pair_count) - now
        if wait > dt.timedelta(0):
            raise TooManyAttempts(f"登录尝试过于频繁，请{_seconds(wait)}秒后再试", _seconds(wait))


def _record_failure(db: Session, throttle: AddressThrottle | None, name: str, now: dt.datetime) -> None:
    """Count the failure against the address and the (user name, address) pair (and forget
    failures older than the longer window); commit."""
    if throttle is not None:
        forgotten = now - max(throttle.window, throttle.pair_window)
        db.execute(delete(models.LoginFailure).where(models.LoginFailure.at <= forgotten))
        db.add(models.LoginFailure(address=throttle.address[:64], username=name, at=now))
    db.commit()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def session_for(
    *, db: Session, token: str, now: dt.datetime, idle: dt.timedelta | None = None
) -> tuple[models.WebSession, models.User] | None:
    """The live session of a cookie's token: not past its absolute lifetime, nor idle longer than
    `idle`. Activity moves `last_seen_at`, written at most once a minute (not on every request)."""
    row = db.get(models.WebSession, _hash_token(token))
    if row is None or row.expires_at <= now:
        return None
    last_seen = row.last_seen_at or row.created_at
    if idle is not None and last_seen + idle <= now:
        return None
    user = db.get(models.User, row.user_id)
    if user is None or not user.is_active:
        return None
    if now - last_seen >= LAST_SEEN_GRANULARITY:
        db.execute(
            update(models.WebSession).where(models.WebSession.token_hash == row.token_hash).values(last_seen_at=now)
        )
        db.commit()
    return row, user


@dataclass(frozen=True)
class SignedInSession:
    """A live session and its principal, as every request needs them (api/deps.py, web pages)."""

    principal: Principal
    csrf_token: str
    token_hash: str  # the session row's key
    flash: str | None


# One statement, built once (its cache key too), read as plain rows: no ORM object is loaded on
# the path every request takes. The user's and the session's current rows are read on every
# request, so a revoked session or a disabled user fails at once, in every web process.
_SESSION_WITH_PRINCIPAL = (
    select(
        models.WebSession.token_hash,
        models.WebSession.csrf_token,
        models.WebSession.created_at,
        models.WebSession.expires_at,
        models.WebSession.last_seen_at,
        models.WebSession.flash,
        models.User.id,
        models.User.username,
        models.User.display_name,
        models.User.role,
        models.User.is_active,
        models.User.must_change_password,
        models.User.head_capacity,
        models.User.enterprise_id,
        models.Organisation.id,
        models.Organisation.name,
        models.Organisation.org_type,
        models.Jurisdiction.code,
        models.Jurisdiction.name,
        models.Jurisdiction.path,
        models.Jurisdiction.level,
        models.Enterprise.id,
        models.Enterprise.name,
        models.Enterprise.credit_code,
    )
    .select_from(models.WebSession)
    .join(models.User, models.User.id == models.WebSession.user_id)
    .join(models.Organisation, models.Organisation.id == models.User.org_id)
    .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
    .outerjoin(models.Enterprise, models.Enterprise.id == models.User.enterprise_id)
    .where(models.WebSession.token_hash == bindparam("token_hash"))
)


def signed_in_session(
    *, db: Session, token: str, now: dt.datetime, idle: dt.timedelta | None = None
) -> SignedInSession | None:
    """`session_for` and `load_principal` in one query of plain rows: the live session of a
    cookie's token (not past its lifetime, nor idle longer than `idle`), its active user and the
    principal. An enterprise account without its enterprise is refused, as by `load_principal`."""
    key = _hash_token(token)
    row = db.execute(_SESSION_WITH_PRINCIPAL, {"token_hash": key}).one_or_none()
    if row is None:
        return None
    (
        token_hash,
        csrf_token,
        created_at,
        expires_at,
        last_seen_at,
        flash,
        user_id,
        username,
        display_name,
        role,
        is_active,
        must_change_password,
        head_capacity,
        _user_enterprise_id,
        org_id,
        org_name,
        org_type,
        jurisdiction_code,
        jurisdiction_name,
        jurisdiction_path,
        jurisdiction_level,
        enterprise_id,
        enterprise_name,
        credit_code,
    ) = row
    if expires_at <= now:
        return None
    last_seen = last_seen_at or created_at
    if idle is not None and last_seen + idle <= now:
        return None
    if not is_active:
        return None
    if now - last_seen >= LAST_SEEN_GRANULARITY:
        db.execute(update(models.WebSession).where(models.WebSession.token_hash == key).values(last_seen_at=now))
        db.commit()
    if role == Role.ENTERPRISE and enterprise_id is None:
        raise Forbidden("企业账号未关联企业，请联系监管部门")
    principal = Principal(
        user_id=user_id,
        username=username,
        display_name=display_name,
        role=Role(role),
        org_id=org_id,
        org_name=org_name,
        org_type=org_type,
        jurisdiction_code=jurisdiction_code,
        jurisdiction_name=jurisdiction_name,
        jurisdiction_path=jurisdiction_path,
        jurisdiction_level=jurisdiction_level,
        enterprise_id=enterprise_id,
        enterprise_name=enterprise_name or "",
        credit_code=credit_code or "",
        head_capacity=(head_capacity or "") if role == Role.HEAD else "",
        must_change_password=bool(must_change_password),
    )
    return SignedInSession(principal, csrf_token, token_hash, flash)


def logout(*, db: Session, token: str, address: str = "") -> None:
    row = db.get(models.WebSession, _hash_token(token))
    user = db.get(models.User, row.user_id) if row is not None else None
    db.execute(delete(models.WebSession).where(models.WebSession.token_hash == _hash_token(token)))
    if user is not None:
        audit_log.add(
            db, action="logout", at=dt.datetime.now(dt.UTC), actor=user, target=user.username, address=address
        )
    db.commit()


def logout_everywhere(*, db: Session, user_id: int, address: str = "", audit: bool = True) -> int:
    """End every session of the user (a lost phone, a shared computer); returns how many."""
    ended = db.execute(delete(models.WebSession).where(models.WebSession.user_id == user_id))
    user = db.get(models.User, user_id)
    if audit and user is not None:
        audit_log.add(
            db, action="logout_all", at=dt.datetime.now(dt.UTC), actor=user, target=user.username, address=address
        )
    db.commit()
    return int(ended.rowcount or 0)  # type: ignore[attr-defined]


def set_password(user: models.User, password: str) -> None:
    """Store a new password's hash (the caller checks the policy and commits)."""
    user.password_hash = _hasher.hash(password)


def verify_password(user: models.User, password: str) -> bool:
    return _verify(user.password_hash, password)
