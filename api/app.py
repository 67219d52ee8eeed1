"""The FastAPI application: JSON API under /api/v1, web pages, static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import docs_pages, errors
from api.body_limits import BodyLimitMiddleware
from api.client import is_https
from api.input_hygiene import NulRefusalMiddleware
from api.routes import (
    accidents,
    admin,
    blacklist,
    bulletins,
    calendar,
    cases,
    crime_transfers,
    deadlines,
    directory,
    documents,
    enforcement_reviews,
    enterprise,
    general_hazards,
    inspection_plans,
    inspections,
    interviews,
    notifications,
    public_portal,
    random_draws,
    rectifications,
    registers,
    session,
    statistics,
    supervision_stats,
    tasks,
)
from api.scheduler import start_scheduler, stop_scheduler
from api.state import AppState
from db.config_store import load_process_config
from db.session import make_engine, make_session_factory
from services.temporal_client import RETRY_AFTER_SECONDS, connect
from settings import Settings, get_settings

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "assets"

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'",
}


def add_security_headers(request: Request, response: Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    state = getattr(request.app.state, "app", None)
    if state is not None and is_https(request, state.settings):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")


_SECURITY_HEADER_LINES = [(name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
_HSTS = (b"strict-transport-security", b"max-age=31536000")
_RETRY_AFTER = (b"retry-after", str(RETRY_AFTER_SECONDS).encode())


class SecurityHeadersMiddleware:
    """The security headers on every response, HSTS over HTTPS, and Retry-After on a 503 (the
    workflow service did not answer, F11), pages too. A pure ASGI middleware: it edits the
    response's start message and nothing else (a `BaseHTTPMiddleware` wrapped each request in a
    task group and a streamed copy of the response, issue #22). A header the route set wins."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                extra = [line for line in _SECURITY_HEADER_LINES if line[0] not in present]
                state = getattr(scope["app"].state, "app", None) if "app" in scope else None
                if state is not None and _HSTS[0] not in present and is_https(Request(scope), state.settings):
                    extra.append(_HSTS)
                if message["status"] == 503 and _RETRY_AFTER[0] not in present:
                    extra.append(_RETRY_AFTER)
                if extra:
                    message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def build_state(settings: Settings) -> AppState:
    settings.check_secrets()
    engine = make_engine(settings.database_url)
    return AppState(
        settings=settings,
        sessions=make_session_factory(engine),
        temporal=await connect(settings.temporal_address, settings.temporal_namespace),
        config=load_process_config(settings.process_config_file),
    )


def create_app(state: AppState | None = None) -> FastAPI:
    """Build the app; tests pass a ready `AppState`, production builds one from settings."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.app = state or await build_state(get_settings())
        # settings.web_threads: requests doing blocking work at once (ADR 0015)
        anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.app.settings.web_threads
        # Hourly overdue snapshots; tests pass a ready state and keep the scheduler off.
        scheduler = start_scheduler(
            app.state.app.sessions,
            enabled=state is None,
            declarations=app.state.app.config.self_declaration,
            interview_triggers=app.state.app.config.interview,
        )
        from api.ops_wiring import operations_running

        try:
            async with operations_running(app.state.app, enabled=state is None):  # docs/ops/
                yield
        finally:
            stop_scheduler(scheduler)

    app = FastAPI(
        title="安全生产监管执法案件协同系统 API",
        version="1.0",
        description="Case orchestration for work-safety supervision. Errors share one body: "
        '{"error": code, "message": text for a handler, "errors": [per field]}.',
        lifespan=lifespan,
        # Served by api/docs_pages.py from vendored assets, under the normal CSP (F10).
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app)
    for router in (
        session.router,
        tasks.router,
        cases.router,
        deadlines.router,
        calendar.router,
        supervision_stats.router,
        accidents.router,
        crime_transfers.router,
        blacklist.router,
        rectifications.router,
        inspections.router,
        documents.router,
        enterprise.router,
        public_portal.router,
        notifications.router,
        registers.router,  # before directory: /enterprises/import is not an enterprise id
        directory.router,
        admin.router,
        statistics.router,
        random_draws.router,
        general_hazards.router,
        inspection_plans.router,
        interviews.router,
        bulletins.router,
        enforcement_reviews.router,
    ):
        app.include_router(router)

    from web.console import router as web_router

    app.include_router(web_router)
    app.include_router(docs_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    # Inside the security headers (its 413 gets them too), outside everything that reads a body.
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(NulRefusalMiddleware)

    app.add_middleware(SecurityHeadersMiddleware)

    async def server_error(request: Request, _exc: Exception) -> Response:
        # Runs outside every middleware (Starlette's outermost layer): add the headers here too.
        response = PlainTextResponse("服务器内部错误，请稍后重试", status_code=500)
        add_security_headers(request, response)
        return response

    app.add_exception_handler(Exception, server_error)

    from api.ops_wiring import install_operations

    install_operations(app)  # /healthz, /readyz, /metrics, the archive; request metrics and traces

    return app


def app_factory() -> FastAPI:
    """Entry point for uvicorn (`--factory api.app:app_factory`)."""
    from api.ops_wiring import configure_web_logging

    configure_web_logging()
    return create_app()
