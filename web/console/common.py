"""What every page shares: templates and their filters, the signed-in principal, CSRF, rendering."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import SESSION_COOKIE, DbSession, NotAuthenticated, idle_limit, now
from db import models
from db.calendar_store import load_calendar
from domain.bulletin import KINDS as BULLETIN_KINDS
from domain.crime_transfer import CRIME_CATEGORIES
from domain.errors import DomainError, Forbidden, InvalidInput
from domain.forms import StepForm, form_errors
from domain.inspection import FINDING_KINDS, FOLLOW_UP_LABELS
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit, remaining
from domain.processes import LEVEL_LABELS, PROCESS_LABELS, STATUS_LABELS_BY_PROCESS, status_label
from domain.rectification import APPEAL_RESULTS
from domain.roles import ROLE_LABELS
from services import auth
from services.notifications import messages
from services.principal import Principal, require_case_access, require_staff, require_writer
from web.console.nav import is_active, nav_sections
from web.i18n import LANGUAGES, translate

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "views"))
DUE_SOON = dt.timedelta(days=3)


def zh_date(value: dt.datetime | dt.date | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        value = value.astimezone(CHINA_TZ).date()
    return f"{value.year}年{value.month}月{value.day}日"


def zh_datetime(value: dt.datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # an ISO moment kept in a case's details
        value = dt.datetime.fromisoformat(value)
    local = value.astimezone(CHINA_TZ)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def zh_dates(value: object) -> str:
    """Dates written into a text (a timeline line, a message) in the 年月日 the pages use (D20):
    "整改期限2027-03-31" reads "整改期限2027年3月31日"."""
    return ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", "" if value is None else str(value))


def calendar_source(source: str, year: int) -> str:
    """The holiday calendar's source as an official would cite it, never the library the system
    falls back to (D13): the State Council General Office's yearly notice."""
    if not source or source.startswith("chinese-calendar"):
        return f"国务院办公厅关于{year}年部分节假日安排的通知"
    return source


UNCONFIRMED = re.compile(
    r"[，,；;]?\s*(?:现行规定|原文|[\u4e00-\u9fff]{0,8}期限(?:为本地配置)?)?[，,]?"
    r"未经(?:核实|确认)(?:[（(][^）)]*[）)]|，参照[^；。]*)?"
)


def for_public(basis: str | None) -> str:
    """A legal basis as enterprises and the public read it: without the system's notes that a
    figure is unconfirmed or local (those are for the staff and the docs) (D13)."""
    return UNCONFIRMED.sub("", basis or "").strip("；;，, ")


def money(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value / 10000:,.2f}万元" if value >= 10000 else f"{value}元"


TEMPLATES.env.filters.update(
    zh_date=zh_date,
    zh_datetime=zh_datetime,
    zh_dates=zh_dates,
    money=money,
    calendar_source=calendar_source,
    for_public=for_public,
)
TEMPLATES.env.globals.update(
    STATUS_LABELS_BY_PROCESS=STATUS_LABELS_BY_PROCESS,
    PROCESS_LABELS=PROCESS_LABELS,
    ROLE_LABELS=ROLE_LABELS,
    LEVEL_LABELS=LEVEL_LABELS,
    status_label=status_label,
    CRIME_CATEGORIES=CRIME_CATEGORIES,
    APPEAL_RESULTS=APPEAL_RESULTS,
    FINDING_KINDS=FINDING_KINDS,
    FOLLOW_UP_LABELS=FOLLOW_UP_LABELS,
    BULLETIN_KINDS=BULLETIN_KINDS,
    nav_sections=nav_sections,
    nav_is_active=is_active,
)


def safe_local_path(target: str | None, default: str = "/inbox") -> str:
    """Only local paths: never redirect a user to another site (`//host`, `/\\host`, `https:`)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


class Viewer:
    """The signed-in user as the pages see them."""

    def __init__(self, principal: Principal, csrf: str, session_key: str = "", flash: str | None = None) -> None:
        self.principal = principal
        self.csrf = csrf
        self.session_key = session_key  # the session row's key (SHA-256 of the cookie's token)
        self.flash = flash  # a confirmation this server stored for the next page


def set_flash(db: Session, viewer: Viewer, message: str) -> None:
    """Keep a confirmation in the server-side session, shown once by the next page rendered.

    Never in the URL: a `?notice=` anybody could write would show their text as the site's own.
    """
    message = zh_dates(message)  # dates read 年月日 like the rest of the page (D20)
    db.execute(
        update(models.WebSession).where(models.WebSession.token_hash == viewer.session_key).values(flash=message[:500])
    )
    db.commit()


def _take_flash(request: Request, viewer: Viewer | None) -> str | None:
    if viewer is None or not viewer.flash:
        return None
    message, viewer.flash = viewer.flash, None
    with request.app.state.app.sessions() as db:
        db.execute(
            update(models.WebSession)
            .where(models.WebSession.token_hash == viewer.session_key, models.WebSession.flash == message)
            .values(flash=None)
        )
        db.commit()
    return message


def _header_facts(request: Request, viewer: Viewer | None) -> dict[str, Any]:
    """What the header shows of the signed-in user: the unread notices beside 消息, and whether a
    password set by an administrator must still be changed."""
    if viewer is None:
        return {"unread_messages": 0, "must_change_password": False}
    with request.app.state.app.sessions() as db:
        user = db.get(models.User, viewer.principal.user_id)
        return {
            "unread_messages": messages.unread_count(db, viewer.principal.user_id),
            "must_change_password": bool(user and user.must_change_password),
        }


def optional_viewer(request: Request, db: DbSession) -> Viewer | None:
    token = request.cookies.get(SESSION_COOKIE)
    found = auth.signed_in_session(db=db, token=token, now=now(), idle=idle_limit(request)) if token else None
    if found is None:
        return None
    return Viewer(found.principal, found.csrf_token, found.token_hash, found.flash)


async def any_viewer(viewer: Annotated[Viewer | None, Depends(optional_viewer)]) -> Viewer:
    """Staff or enterprise user (the portal, logout, attachments); pages filter by visibility."""
    if viewer is None:
        raise NotAuthenticated("请先登录")
    return viewer


async def console_viewer(viewer: Annotated[Viewer, Depends(any_viewer)]) -> Viewer:
    """A staff user, the administrator included: the calendar and the chain check."""
    require_staff(viewer.principal)
    return viewer


async def required_viewer(viewer: Annotated[Viewer, Depends(any_viewer)]) -> Viewer:
    """A staff user with case access: the console is not for enterprise users, who have the
    portal, and its case pages are not for the administrator, who has no case duty."""
    require_staff(viewer.principal)
    require_case_access(viewer.principal)
    return viewer


async def enterprise_viewer(viewer: Annotated[Viewer, Depends(any_viewer)]) -> Viewer:
    if not viewer.principal.is_enterprise:
        raise Forbidden("企业服务端仅供企业用户使用")
    return viewer


SignedInViewer = Annotated[Viewer, Depends(required_viewer)]
ConsoleViewer = Annotated[Viewer, Depends(console_viewer)]
AnyViewer = Annotated[Viewer, Depends(any_viewer)]
EnterpriseViewer = Annotated[Viewer, Depends(enterprise_viewer)]
MaybeViewer = Annotated[Viewer | None, Depends(optional_viewer)]


async def read_form(request: Request, max_files: int = 0) -> FormData:
    """The posted form, parsed with limits: `max_files` file parts (none on a form without files),
    at most 200 fields; the body's size is capped before this by `api.body_limits`."""
    try:
        form = await request.form(max_files=max_files, max_fields=200)
    except StarletteHTTPException as exc:  # the parser refused: too many parts, malformed multipart
        if "files" in str(exc.detail).lower():
            raise InvalidInput(f"一次最多上传{max_files}个文件" if max_files else "此处不接受上传文件") from None
        raise InvalidInput(f"提交的内容格式不正确（{exc.detail}）") from None
    if any("\x00" in key or (isinstance(value, str) and "\x00" in value) for key, value in form.multi_items()):
        raise InvalidInput("提交的内容不能包含空字符（NUL）")  # PostgreSQL cannot store it (F13)
    return form


async def checked_form(
    request: Request, viewer: Viewer, max_files: int = 0, *, read_only_may: bool = False
) -> FormData:
    """The posted form, after its CSRF token matched the session's. Read-only roles (the archive
    reader) may post nothing but what `read_only_may` allows (signing out)."""
    form = await read_form(request, max_files)
    token = str(form.get("csrf_token", ""))
    if not token or not hmac.compare_digest(token, viewer.csrf):
        raise Forbidden("页面已过期或请求来源不明（CSRF 校验失败），请刷新页面后重试")
    if not read_only_may:
        require_writer(viewer.principal)
    return form


def language(request: Request) -> str:
    lang = request.cookies.get("lang", "zh")
    return lang if lang in LANGUAGES else "zh"


def render(
    request: Request,
    template: str,
    viewer: Viewer | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = language(request)
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "viewer": viewer,
            "lang": lang,
            "t": lambda text: translate(text, lang),
            "path": request.url.path,
            "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            "now_year": now().astimezone(CHINA_TZ).year,
            "notice": _take_flash(request, viewer),
            **_header_facts(request, viewer),
            **context,
        },
        status_code=status_code,
    )


class Clock:
    """Remaining time of open tasks, in each rule's unit, for one request."""

    def __init__(self, calendar: LegalCalendar, at: dt.datetime) -> None:
        self.calendar = calendar
        self.at = at

    def left(self, due_at: dt.datetime, unit: str, state: str = "running") -> dict[str, str]:
        if state == "suspended":
            return {"text": "中止计时", "css": "suspended"}
        rest = remaining(self.calendar, due_at, self.at, Unit(unit or Unit.CALENDAR_DAYS))
        css = "overdue" if due_at < self.at else ("soon" if due_at - self.at <= DUE_SOON else "normal")
        return {"text": rest.text(), "css": css}


def clock(db: DbSession) -> Clock:
    return Clock(load_calendar(db), now())


RequestClock = Annotated[Clock, Depends(clock)]


ERROR_STATUS = {
    "invalid": 422,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "too_large": 413,
    "too_many": 429,
    "rate_limited": 429,
    "unavailable": 503,  # the workflow service did not answer in time (services.temporal_client)
}


def refused_form(exc: ValidationError | DomainError, form: type[StepForm]) -> tuple[int, dict[str, Any]]:
    """The status and page messages of a refused form: each field's message, or the domain's."""
    if isinstance(exc, ValidationError):
        errors = form_errors(exc, form)
        return 422, {
            "error": zh_dates("；".join(e["message"] for e in errors)),
            "field_errors": {e["field"]: e["message"] for e in errors},
        }
    return ERROR_STATUS.get(exc.code, 400), {"error": zh_dates(exc.message)}


class PageRoute(APIRoute):
    """A page route: a refusal nobody caught (CSRF, a foreign case, a malformed id) is shown as a page.

    The app-wide handlers in `api.errors` answer such errors in JSON, which a browser would show raw;
    a missing session still propagates so that they redirect to the login page.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except NotAuthenticated:
                raise
            except DomainError as exc:
                return error_page(request, exc.message, ERROR_STATUS.get(exc.code, 400))
            except RequestValidationError:
                return error_page(request, "页面地址或提交的内容格式不正确", 422)

        return page_handler


def error_page(request: Request, message: str, status_code: int) -> HTMLResponse:
    with request.app.state.app.sessions() as db:
        viewer = optional_viewer(request, db)
        return render(request, "error.html", viewer, status_code, message=message, title="出错了")
