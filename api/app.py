"""The FastAPI application: JSON API under /api/v1, web pages, static files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles

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

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        add_security_headers(request, response)
        if response.status_code == 503:  # the workflow service did not answer (F11): pages too
            response.headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
        return response

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
