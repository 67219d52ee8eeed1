"""Workflow code never reads the clock, chance, the environment or I/O, on any path (ADR 0016).

The worker runs workflows unsandboxed in production; the SDK's sandbox, which refuses such calls at
run time, checks only the paths a test takes (every test runs sandboxed: tests/conftest.py). This
check reads every module the workflows import from this project, tested path or not, and refuses
the calls that would record a command a replay could not repeat.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.test_import_cycles import import_graph, project_modules

# Calls named by their last two dotted parts (`dt.datetime.now()` is `datetime.now`).
FORBIDDEN_CALLS = {
    "datetime.now": "the wall clock: use workflow.now()",
    "datetime.utcnow": "the wall clock: use workflow.now()",
    "datetime.today": "the wall clock: use workflow.now()",
    "date.today": "the wall clock: use workflow.now()",
    "time.time": "the wall clock: use workflow.now()",
    "time.time_ns": "the wall clock: use workflow.now()",
    "time.monotonic": "the wall clock: use workflow.now()",
    "time.perf_counter": "the wall clock: use workflow.now()",
    "time.sleep": "blocks the worker: use workflow.sleep()",
    "uuid.uuid1": "chance: use workflow.uuid4()",
    "uuid.uuid4": "chance: use workflow.uuid4()",
    "os.getenv": "the environment: pass it in the workflow's input",
    "os.urandom": "chance: use workflow.random()",
}
FORBIDDEN_NAMES = {"open": "I/O: read it in an activity", "input": "I/O"}
# Module-level functions of `random` and `secrets` draw from a shared, unseeded source;
# `random.Random(seed)` is a seeded generator of its own and replays the same.
SEEDED = {"Random"}
# Calls reached only outside a workflow, each with its guard in the module named.
ALLOWED = {
    # `now()` answers workflow.now() when workflow.in_workflow(), the system clock for the web's forms.
    ("domain.input_rules", "dt.datetime.now"),
}
FORBIDDEN_IMPORTS = {"socket", "subprocess", "threading", "requests", "httpx", "sqlalchemy", "psycopg", "urllib"}


def _runs_in_a_workflow(name: str) -> bool:
    return name.split(".")[0] in ("workflows", "domain") or name == "activities.names"


def workflow_modules() -> dict[str, Path]:
    """Every module of this project that the registered workflows import, transitively: what
    runs in a workflow. The activity modules they name are neither read nor followed (only their
    names and contracts are imported, under `imports_passed_through`)."""
    graph, paths = import_graph(), project_modules()
    seen: set[str] = set()
    todo = ["workflows.registry"]
    while todo:
        name = todo.pop()
        if name in seen or name not in graph or not _runs_in_a_workflow(name):
            continue
        seen.add(name)
        todo.extend(graph[name])
    return {name: paths[name] for name in sorted(seen)}


def nondeterministic_calls(source: str) -> list[str]:
    """`line: what` for each call, name or import in `source` that a replay could not repeat."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            dotted = ast.unparse(node.func)
            parts = dotted.split(".")
            last_two = ".".join(parts[-2:])
            if last_two in FORBIDDEN_CALLS:
                found.append(f"{node.lineno}: {dotted}(): {FORBIDDEN_CALLS[last_two]}")
            elif dotted in FORBIDDEN_NAMES:
                found.append(f"{node.lineno}: {dotted}(): {FORBIDDEN_NAMES[dotted]}")
            elif len(parts) == 2 and parts[0] in ("random", "secrets") and parts[1] not in SEEDED:
                found.append(f"{node.lineno}: {dotted}(): chance: use workflow.random()")
        elif isinstance(node, ast.Attribute) and ast.unparse(node) == "os.environ":
            found.append(f"{node.lineno}: os.environ: the environment: pass it in the workflow's input")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name.split(".")[0] in FORBIDDEN_IMPORTS | {"secrets"}:
                    found.append(f"{node.lineno}: import {name}: I/O or chance, not for workflow code")
    return found


def test_the_workflows_reach_their_own_modules_and_the_domain_rules() -> None:
    modules = workflow_modules()
    assert "workflows.hazard.workflow" in modules and "domain.legal_calendar" in modules
    assert "workflows.kernel.case_clock" in modules
    assert all(path.exists() for path in modules.values())
    # Used by the web and the services only: if a workflow ever imported them, the check below
    # would refuse their chance draws.
    assert "domain.password_policy" not in modules and "domain.tracking_code" not in modules


def test_no_workflow_path_reads_the_clock_chance_the_environment_or_io() -> None:
    problems = [
        f"{name} line {finding}"
        for name, path in workflow_modules().items()
        for finding in nondeterministic_calls(path.read_text())
        if not any(name == module and f" {call}()" in finding for module, call in ALLOWED)
    ]
    assert problems == []


def test_the_check_refuses_each_kind_of_nondeterminism() -> None:
    source = """
import datetime as dt
import random, socket
import time
from secrets import token_hex
x = dt.datetime.now()
y = dt.date.today()
z = time.monotonic()
w = random.choice([1, 2])
v = open("f")
u = os.environ["HOME"]
ok = random.Random(7).choice([1, 2])
ok2 = self.tasks.open(spec)
ok3 = workflow.now()
"""
    found = nondeterministic_calls(source)
    assert [line.split(":")[0] for line in found] == ["3", "5", "6", "7", "8", "9", "10", "11"], found
