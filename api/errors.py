"""Domain errors become HTTP responses with one consistent body: {"error", "message", "errors"}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
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


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, request_validation_error)
