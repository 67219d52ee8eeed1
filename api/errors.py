"""Domain errors become HTTP responses with one consistent body: {"error", "message", "errors"}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import NotAuthenticated
from domain.errors import DomainError, TooManyAttempts
from domain.forms import error_message
from services.case_actions import RefusedWithErrors
from services.temporal_client import RETRY_AFTER_SECONDS, TemporalUnavailable

STATUS = {
    "invalid": 422,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "unauthenticated": 401,
    "too_large": 413,
    "too_many": 429,
    "rate_limited": 429,
    "unavailable": 503,
}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


async def domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    if isinstance(exc, NotAuthenticated) and _wants_html(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    body: dict[str, object] = {"error": exc.code, "message": exc.message}
    if isinstance(exc, RefusedWithErrors):
        body["errors"] = exc.errors
    headers = retry_after_header(exc)
    if isinstance(exc, TemporalUnavailable):
        body["may_have_happened"] = exc.may_have_happened
    return JSONResponse(body, status_code=STATUS.get(exc.code, 400), headers=headers)


def retry_after_header(exc: DomainError) -> dict[str, str]:
    """Retry-After for a throttled attempt (its own delay) and for Temporal out of reach (F11)."""
    if isinstance(exc, TooManyAttempts) and exc.retry_after is not None:
        return {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, TemporalUnavailable):
        return {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return {}


async def request_validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(p) for p in err["loc"][1:]), "message": error_message(err)} for err in exc.errors()
    ]
    message = "；".join(f"{e['field']}：{e['message']}" for e in errors) or "请求格式不正确"
    return JSONResponse({"error": "invalid", "message": message, "errors": errors}, status_code=422)


ERROR_FOR_STATUS = {
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
}
UNREADABLE_BODY = "There was an error parsing the body"


async def http_error(_request: Request, exc: Exception) -> Response:
    """The framework's own refusals (an unknown path, a body that is not UTF-8 JSON) in the same
    body as every other error; an unreadable body is invalid input (422), like a malformed one."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:  # the framework could not read the body (JSON or multipart)
        message = (
            "请求体不是有效的 JSON（须为 UTF-8 编码）"
            if exc.detail == UNREADABLE_BODY
            else f"请求体格式不正确（{exc.detail}）"
        )
        return JSONResponse({"error": "invalid", "message": message, "errors": []}, status_code=422)
    code = ERROR_FOR_STATUS.get(exc.status_code, "invalid")
    return JSONResponse({"error": code, "message": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)


# The database kept a write waiting past its limit: SQLite's busy timeout (another writer held the
# database), PostgreSQL's lock timeout or a deadlock it broke. The transaction was rolled back, so
# the request changed nothing in the database; but an intake may already have asked Temporal, so
# the answer says to look before sending again. Anything else stays a 500.
BUSY_SQLITE = ("database is locked", "database table is locked")
BUSY_POSTGRES = {"55P03", "40P01", "40001"}  # lock_not_available, deadlock_detected, serialization_failure
DATABASE_BUSY_RETRY_AFTER = 5


def database_busy(exc: OperationalError) -> bool:
    orig = exc.orig
    if orig is None:
        return False
    if getattr(orig, "sqlstate", None) in BUSY_POSTGRES:
        return True
    return any(text in str(orig) for text in BUSY_SQLITE)


async def operational_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OperationalError)
    if not database_busy(exc):
        raise exc  # the server error handler's 500
    message = "系统繁忙，数据库暂时无法写入，请稍后重试；重试前请先刷新查看操作是否已生效"
    headers = {"Retry-After": str(DATABASE_BUSY_RETRY_AFTER)}
    if _wants_html(request):
        return PlainTextResponse(message, status_code=503, headers=headers)
    body = {"error": "unavailable", "message": message, "may_have_happened": True}
    return JSONResponse(body, status_code=503, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(OperationalError, operational_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, request_validation_error)
