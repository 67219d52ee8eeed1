"""Login, logout and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import form_token
from api.client import client_address, is_https
from api.deps import SESSION_COOKIE, DbSession, State, now
from api.origin import same_origin
from api.routes.session import login_throttle, set_session_cookie
from domain.errors import DomainError, TooManyAttempts
from domain.legal_calendar import CHINA_TZ
from domain.roles import Role
from services import auth
from services.principal import home_path, load_principal
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


LOGIN_FORM = "login"


def _login_form(request: Request, state: State, status_code: int = 200, **context: object) -> Response:
    """The login page with a fresh form token (and the browser's form cookie)."""
    token = form_token.issue(request, state.settings, LOGIN_FORM, now())
    context.setdefault("title", "登录")
    response = render(request, "login.html", None, status_code, form_token=token.value, **context)
    return form_token.remember(response, request, state.settings, token)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, viewer: MaybeViewer, state: State, next: str | None = None) -> Response:  # noqa: A002
    if viewer is not None:
        home = home_path(viewer.principal, now().astimezone(CHINA_TZ).year)
        return RedirectResponse(_safe_next(next) if next else home, status_code=303)
    return _login_form(request, state, next=_safe_next(next))


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, db: DbSession, state: State) -> Response:
    """Sign in from the login page. Login CSRF (another site signing the visitor into the
    attacker's account) is refused twice over: by Origin/Sec-Fetch-Site, and by the form token,
    which only a page of this site rendered for this browser carries."""
    same_origin(request, "请从本网站的登录页面登录")
    form = await request.form()
    form_token.check(request, str(form.get(form_token.FORM_FIELD, "")), state.settings, LOGIN_FORM, now())
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
        response = _login_form(request, state, status, error=exc.message, username=username, next=target)
        if isinstance(exc, TooManyAttempts) and exc.retry_after is not None:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    principal = load_principal(db, result.user)
    if result.user.role == Role.ENTERPRISE and not target.startswith("/enterprise"):
        target = "/enterprise"  # the console is not theirs; the portal is
    elif not principal.has_case_access and target == "/inbox":
        target = home_path(principal, now().astimezone(CHINA_TZ).year)  # the administrator has no inbox
    if result.user.must_change_password:  # a reset password is used once, to choose a new one
        target = "/account/password"
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, request, result.token, state.settings)
    return response


@router.post("/logout")
async def logout(request: Request, db: DbSession, viewer: AnyViewer) -> Response:
    await checked_form(request, viewer, read_only_may=True)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.logout(db=db, token=token, address=client_address(request, request.app.state.app.settings))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/logout/all")
async def logout_everywhere(request: Request, db: DbSession, viewer: AnyViewer) -> Response:
    """End every session of the user (another computer, a lost phone), this one included."""
    await checked_form(request, viewer, read_only_may=True)
    address = client_address(request, request.app.state.app.settings)
    auth.logout_everywhere(db=db, user_id=viewer.principal.user_id, address=address)
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
