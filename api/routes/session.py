"""Login and logout for the JSON API (the same server-side session as the web pages)."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from api.client import client_address, client_network, is_https
from api.deps import SESSION_COOKIE, AnyActingPrincipal, DbSession, SignedIn, State, idle_limit, now
from api.origin import same_origin
from api.schemas import ErrorRead, LoginRequest, SessionRead
from domain.errors import Forbidden
from services import auth
from services.principal import Principal, load_principal
from settings import Settings

router = APIRouter(prefix="/api/v1/session", tags=["session"])


def set_session_cookie(response: Response, request: Request, token: str, settings: Settings) -> None:
    """HttpOnly (no script reads it), SameSite=Lax (no cross-site posts carry it), Secure over HTTPS."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=is_https(request, settings),
        path="/",
    )


def login_throttle(request: Request, settings: Settings) -> auth.AddressThrottle:
    return auth.AddressThrottle(
        address=client_network(request, settings),
        max_failures=settings.login_address_max_failures,
        window=dt.timedelta(minutes=settings.login_address_window_minutes),
        pair_free_failures=settings.login_pair_free_failures,
        pair_first_delay=dt.timedelta(seconds=settings.login_pair_first_delay_seconds),
        pair_max_delay=dt.timedelta(seconds=settings.login_pair_max_delay_seconds),
    )


LOGIN_REFUSALS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorRead, "description": "wrong user name or password (alike for an unknown user); cross-site"},
    422: {"model": ErrorRead},
    429: {
        "model": ErrorRead,
        "description": "too many failures from this address, or from this (user, address) too soon (Retry-After)",
    },
}


@router.post("", response_model=SessionRead, responses=LOGIN_REFUSALS)
def create_session(
    body: LoginRequest, request: Request, response: Response, db: DbSession, state: State
) -> SessionRead:
    """Sign in. A post another site's page makes a browser send is refused (login CSRF)."""
    same_origin(request)
    result = auth.login(
        db=db,
        username=body.username,
        password=body.password,
        now=now(),
        hours=state.settings.session_hours,
        throttle=login_throttle(request, state.settings),
    )
    set_session_cookie(response, request, result.token, state.settings)
    return _session_read(load_principal(db, result.user), result.csrf_token)


@router.get("", response_model=SessionRead, responses={401: {"model": ErrorRead}})
def read_session(signed: SignedIn) -> SessionRead:
    principal, csrf = signed
    return _session_read(principal, csrf)


def _session_read(principal: Principal, csrf: str) -> SessionRead:
    return SessionRead(
        username=principal.username,
        display_name=principal.display_name,
        role=principal.role,
        org_name=principal.org_name,
        jurisdiction_code=principal.jurisdiction_code,
        csrf_token=csrf,
    )


@router.delete("", status_code=204, responses={403: {"model": ErrorRead, "description": "CSRF token missing or wrong"}})
def delete_session(
    request: Request,
    response: Response,
    db: DbSession,
    state: State,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> None:
    """Sign out; with a live session its CSRF token must come back, as on every state-changing call."""
    token = request.cookies.get(SESSION_COOKIE)
    found = auth.session_for(db=db, token=token, now=now(), idle=idle_limit(request)) if token else None
    if found is not None:
        if not x_csrf_token or not hmac.compare_digest(x_csrf_token, found[0].csrf_token):
            raise Forbidden("缺少或错误的 X-CSRF-Token 请求头")
        auth.logout(db=db, token=token or "", address=client_address(request, state.settings))
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.delete(
    "/all", status_code=204, responses={403: {"model": ErrorRead, "description": "CSRF token missing or wrong"}}
)
def delete_all_sessions(
    request: Request, response: Response, db: DbSession, state: State, principal: AnyActingPrincipal
) -> None:
    """Sign out everywhere: every session of the user ends, this one included."""
    auth.logout_everywhere(db=db, user_id=principal.user_id, address=client_address(request, state.settings))
    response.delete_cookie(SESSION_COOKIE, path="/")
