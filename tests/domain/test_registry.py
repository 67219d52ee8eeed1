"""The registry of process definitions: the docs' tables, the clock rows, the workflows' actions."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest

from domain.definitions.common import CLOCK_ACTIONS, KERNEL_ACTIONS
from domain.process import START_WORDS, ProcessDefinition, Start
from domain.process_docs import ACTIONS_BEGIN, ACTIONS_END, STEPS_BEGIN, STEPS_END, action_table, block, step_table
from domain.registry import PROCESSES
from workflows.registry import PROCESS_WORKFLOWS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "processes"
DEFINITIONS = list(PROCESSES.values())


def by_code(definition: ProcessDefinition) -> str:
    return definition.code


@pytest.mark.parametrize("definition", DEFINITIONS, ids=by_code)
def test_docs_step_table_is_the_definition(definition: ProcessDefinition) -> None:
    page = (DOCS / definition.docs).read_text()
    assert block(page, STEPS_BEGIN, STEPS_END) == step_table(definition), "run scripts/process-tables"
    assert block(page, ACTIONS_BEGIN, ACTIONS_END) == action_table(definition), "run scripts/process-tables"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=by_code)
def test_every_step_has_a_clock_row_whose_start_says_where_it_runs_from(definition: ProcessDefinition) -> None:
    for step in definition.steps:
        rule = definition.clock(step.clock)
        words = START_WORDS[step.starts]
        assert not words or any(word in rule.starts_on for word in words), (step.code, rule.starts_on)
        if step.starts is Start.DUE_DAY:
            continue
        assert rule.code.startswith(f"{definition.code}."), step.code


@pytest.mark.parametrize("definition", DEFINITIONS, ids=by_code)
def test_enterprise_steps_are_the_enterprises_time(definition: ProcessDefinition) -> None:
    for step in definition.enterprise_steps:
        assert definition.clock(step.clock).waiting_on == "enterprise", step.code


@pytest.mark.parametrize("definition", DEFINITIONS, ids=by_code)
def test_the_workflow_is_pinned_under_the_definitions_name(definition: ProcessDefinition) -> None:
    workflow = PROCESS_WORKFLOWS[definition.code]
    assert workflow.__temporal_workflow_definition.name == definition.workflow  # type: ignore[attr-defined]


@pytest.mark.parametrize("definition", DEFINITIONS, ids=by_code)
def test_the_workflow_accepts_exactly_the_actions_its_definition_offers(definition: ProcessDefinition) -> None:
    with mock.patch("temporalio.workflow.info", return_value=SimpleNamespace(workflow_id="w")):
        instance = PROCESS_WORKFLOWS[definition.code]()
    registered = set(instance.actions.names())
    declared = {action.code for action in definition.actions}
    assert registered == declared | set(KERNEL_ACTIONS)
    assert {a.code for a in CLOCK_ACTIONS} <= declared


def test_every_step_code_is_unique_within_its_process() -> None:
    for definition in DEFINITIONS:
        codes = [step.code for step in definition.steps]
        assert len(codes) == len(set(codes)), definition.code
