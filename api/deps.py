"""Request dependencies: DB session, Temporal client, the signed-in principal, CSRF.

Only what touches the database runs in the thread pool (`signed_in` and the sync handlers): the
other dependencies are `async def`, because FastAPI runs every sync dependency in a worker thread
and each hop there costs more CPU than the work these do (issue #22).
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from sqlalchemy.orm import Session
from temporalio.client import Client

from api.state import AppState
from domain.errors import DomainError, Forbidden
from domain.forms import MAX_ID
from services import auth
from services.principal import Principal, require_case_access, require_staff, require_writer
from services.temporal_client import call_timeout

SESSION_COOKIE = "anquan_session"

# A row id in a URL: a number the database can hold, else 422 before any query.
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]


class NotAuthenticated(DomainError):
    code = "unauthenticated"


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.app
    return state


async def app_state_dependency(request: Request) -> AppState:
    return app_state(request)


async def db_session(request: Request) -> AsyncIterator[Session]:
    """A session per request. Opening one does no I/O (the connection is taken at the first
    query, in the handler's thread); closing it hands the connection back to the pool."""
    with app_state(request).sessions() as session:
        yield session


async def temporal_client(request: Request) -> Client:
    """The Temporal client; its calls for this request get the configured deadline (async, so that
    the deadline is set in the request's own context)."""
    state = app_state(request)
    call_timeout.set(state.settings.temporal_call_timeout_seconds)
    return state.temporal


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


State = Annotated[AppState, Depends(app_state_dependency)]
DbSession = Annotated[Session, Depends(db_session)]
TemporalClient = Annotated[Client, Depends(temporal_client)]


def idle_limit(request: Request) -> dt.timedelta:
    """How long a session may go unused (the `session_idle_minutes` setting)."""
    return dt.timedelta(minutes=app_state(request).settings.session_idle_minutes)


def signed_in(request: Request, db: DbSession) -> tuple[Principal, str]:
    """The principal and the session's CSRF token, or `NotAuthenticated`."""
    token = request.cookies.get(SESSION_COOKIE)
    found = auth.signed_in_session(db=db, token=token, now=now(), idle=idle_limit(request)) if token else None
    # End the read's transaction: the connection goes back to the pool here, in the dependency's
    # thread, instead of being held while the request waits for the event loop (an async route
    # that then needs a connection on the loop would wait for one that only the loop can free).
    db.commit()
    if found is None:
        raise NotAuthenticated("请先登录")
    return found.principal, found.csrf_token


SignedIn = Annotated[tuple[Principal, str], Depends(signed_in)]


def _password_changed(principal: Principal) -> Principal:
    if principal.must_change_password:
        raise Forbidden("您的密码由管理员设置或重置，请先修改密码（POST /api/v1/account/password）")
    return principal


async def any_principal(signed: SignedIn) -> Principal:
    """Staff or enterprise user: only for routes that filter by `visible_cases` themselves."""
    return _password_changed(signed[0])


async def current_principal(signed: SignedIn) -> Principal:
    """A staff principal with case access: enterprise users are refused everywhere but their
    portal, the administrator everywhere but its tools."""
    require_staff(signed[0])
    require_case_access(signed[0])
    return _password_changed(signed[0])


async def any_csrf_checked_principal(
    signed: SignedIn, x_csrf_token: Annotated[str | None, Header()] = None
) -> Principal:
    """For state-changing JSON calls: the session's CSRF token must come back in a header."""
    principal, csrf = signed
    if not x_csrf_token or not hmac.compare_digest(x_csrf_token, csrf):
        raise Forbidden("缺少或错误的 X-CSRF-Token 请求头")
    return principal


async def csrf_checked_principal(signed: SignedIn, x_csrf_token: Annotated[str | None, Header()] = None) -> Principal:
    principal = await any_csrf_checked_principal(signed, x_csrf_token)
    require_staff(principal)
    require_case_access(principal)
    require_writer(principal)
    return _password_changed(principal)


async def csrf_checked_console_principal(
    signed: SignedIn, x_csrf_token: Annotated[str | None, Header()] = None
) -> Principal:
    principal = await any_csrf_checked_principal(signed, x_csrf_token)
    require_staff(principal)
    return _password_changed(principal)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
ActingPrincipal = Annotated[Principal, Depends(csrf_checked_principal)]
# The calendar and other tools: staff, the administrator included (who has no case access).
ActingConsolePrincipal = Annotated[Principal, Depends(csrf_checked_console_principal)]
# Routes open to enterprise users too (the portal, attachments): they must filter by visibility.
AnyPrincipal = Annotated[Principal, Depends(any_principal)]
AnyActingPrincipal = Annotated[Principal, Depends(any_csrf_checked_principal)]
