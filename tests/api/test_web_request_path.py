"""The web request path of issue #22 (ADR 0015): the thread cap a web process starts with, the
API lists' default page, and the inbox's enterprise filter built in Python, escaped."""

from __future__ import annotations

import anyio.to_thread
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from api.app import create_app
from api.state import AppState
from domain.process_config import ProcessConfig
from services.inbox_queries import EnterpriseChoice, ListedCase, ListedTask
from settings import Settings
from web.console.task_pages import enterprise_options


def _tokens() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


def test_a_web_process_runs_as_many_blocking_requests_at_once_as_web_threads_says(
    sessions: sessionmaker[Session], client: Client
) -> None:
    for threads in (4, 7):
        state = AppState(
            settings=Settings(web_threads=threads), sessions=sessions, temporal=client, config=ProcessConfig()
        )
        with TestClient(create_app(state)) as http:  # runs the lifespan, on the client's own event loop
            assert http.portal is not None
            assert http.portal.call(_tokens) == threads


def test_the_api_task_lists_answer_fifty_rows_a_page_unless_asked(
    sessions: sessionmaker[Session], client: Client
) -> None:
    app = create_app(AppState(settings=Settings(), sessions=sessions, temporal=client, config=ProcessConfig()))
    operations = app.openapi()["paths"]
    for path in ("/api/v1/tasks", "/api/v1/tasks/done"):
        page_size = next(p for p in operations[path]["get"]["parameters"] if p["name"] == "page_size")
        assert page_size["schema"]["default"] == 50
        assert page_size["schema"]["maximum"] == 500


def test_the_enterprise_filter_escapes_names_and_marks_the_chosen_one() -> None:
    choices = [EnterpriseChoice(7, "甲<script>&公司"), EnterpriseChoice(9, '乙"有限"公司')]
    html = str(enterprise_options(choices, 9))
    assert '<option value="7">甲&lt;script&gt;&amp;公司</option>' in html
    assert '<option value="9" selected>乙&#34;有限&#34;公司</option>' in html
    assert "<script>" not in html
    assert str(enterprise_options(choices, None)).count("selected") == 0


def test_a_listed_task_and_case_carry_the_model_attribute_names() -> None:
    from db import models

    for listed, model in ((ListedTask, models.Task), (ListedCase, models.Case)):
        for name in listed.__dataclass_fields__:
            assert hasattr(model, name), f"{listed.__name__}.{name} is not a column of {model.__name__}"
