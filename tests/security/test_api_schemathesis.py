"""Schemathesis against the real system (Temporal dev server, worker and web app as processes on
loopback): generated and mutated requests for every operation of the OpenAPI schema, signed in as
a handler. No response may be a server error or stray from the schema (status code, content
type, headers, body). The examples per operation are bounded (SCHEMATHESIS_EXAMPLES, default 12)
so the run stays well under a minute per database."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from launcher import Stack
from tests.ui.conftest import stack  # noqa: F401 - the real system, started once for this module

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Signing out would end the session the other operations run in; it is covered in test_sessions
# and test_session_idle (signing out everywhere).
SKIPPED = {("DELETE", "/api/v1/session"), ("DELETE", "/api/v1/session/all")}


@pytest.fixture(scope="module")
def handler_session(stack: Stack) -> Iterator[requests.Session]:  # noqa: F811
    session = requests.Session()
    response = session.post(stack.url + "/api/v1/session", json={"username": "ql.handler", "password": "demo1234"})
    response.raise_for_status()
    session.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    yield session
    session.close()


# The app's own schema, as /openapi.json serves it (it needs no database to build).
schema = schemathesis.openapi.from_dict(create_app().openapi())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_answers_within_its_schema(case: Case, handler_session: requests.Session, stack: Stack) -> None:  # noqa: F811
    if (case.method.upper(), case.path) in SKIPPED:
        pytest.skip("would sign the shared session out")
    case.call_and_validate(base_url=stack.url, session=handler_session, checks=CHECKS, timeout=30)
