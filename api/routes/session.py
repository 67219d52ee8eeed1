"""Login and logout for the JSON API (the same server-side session as the web pages)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import SESSION_COOKIE, DbSession, SignedIn, State, now
from api.schemas import LoginRequest, SessionRead
from services import auth
from services.principal import Principal, load_principal

router = APIRouter(prefix="/api/v1/session", tags=["session"])


def set_session_cookie(response: Response, request: Request, token: str, hours: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=hours * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


@router.post("", response_model=SessionRead)
def create_session(
    body: LoginRequest, request: Request, response: Response, db: DbSession, state: State
) -> SessionRead:
    result = auth.login(
        db=db,
        username=body.username,
        password=body.password,
        now=now(),
        hours=state.settings.session_hours,
    )
    set_session_cookie(response, request, result.token, state.settings.session_hours)
    return _session_read(load_principal(db, result.user), result.csrf_token)


@router.get("", response_model=SessionRead)
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


@router.delete("", status_code=204)
def delete_session(request: Request, response: Response, db: DbSession) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.logout(db=db, token=token)
    response.delete_cookie(SESSION_COOKIE, path="/")
