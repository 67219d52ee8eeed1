"""Login, logout and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.client import is_https
from api.deps import SESSION_COOKIE, DbSession, State, now
from api.routes.session import login_throttle, set_session_cookie
from domain.errors import DomainError
from domain.roles import Role
from services import auth
from web.console.common import (
    ERROR_STATUS,
    AnyViewer,
    MaybeViewer,
    PageRoute,
    checked_form,
    render,
    safe_local_path,
)
from web.i18n import LANGUAGES

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def _safe_next(target: str | None) -> str:
    return safe_local_path(target)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, viewer: MaybeViewer, next: str | None = None) -> Response:  # noqa: A002
    if viewer is not None:
        home = "/enterprise" if viewer.principal.is_enterprise else "/inbox"
        return RedirectResponse(_safe_next(next) if next else home, status_code=303)
    return render(request, "login.html", None, next=_safe_next(next))


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, db: DbSession, state: State) -> Response:
    form = await request.form()
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    try:
        result = auth.login(
            db=db,
            username=username,
            password=password,
            now=now(),
            hours=state.settings.session_hours,
            throttle=login_throttle(request, state.settings),
        )
    except DomainError as exc:
        status = ERROR_STATUS.get(exc.code, 403)
        return render(request, "login.html", None, status, error=exc.message, username=username, next=target)
    if result.user.role == Role.ENTERPRISE and not target.startswith("/enterprise"):
        target = "/enterprise"  # the console is not theirs; the portal is
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, request, result.token, state.settings)
    return response


@router.post("/logout")
async def logout(request: Request, db: DbSession, viewer: AnyViewer) -> Response:
    await checked_form(request, viewer)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.logout(db=db, token=token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, state: State, code: str, next: str | None = None) -> Response:  # noqa: A002
    response = RedirectResponse(_safe_next(next), status_code=303)
    if code in LANGUAGES:
        secure = is_https(request, state.settings)
        response.set_cookie("lang", code, max_age=365 * 86400, httponly=True, samesite="lax", secure=secure, path="/")
    return response
