"""Domain errors become HTTP responses with one consistent body: {"error", "message", "errors"}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from api.deps import NotAuthenticated
from domain.errors import DomainError
from services.case_actions import RefusedWithErrors

STATUS = {
    "invalid": 422,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "unauthenticated": 401,
    "rate_limited": 429,
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
    return JSONResponse(body, status_code=STATUS.get(exc.code, 400))


async def request_validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": ".".join(str(p) for p in err["loc"][1:]), "message": str(err["msg"])} for err in exc.errors()]
    message = "；".join(f"{e['field']}：{e['message']}" for e in errors) or "请求格式不正确"
    return JSONResponse({"error": "invalid", "message": message, "errors": errors}, status_code=422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, request_validation_error)
