"""The input rules (F6, F13) must not break cases already running: a workflow re-reads a step's
form in its Update handler, also when it replays its history, so a form accepted before the rules
existed (here an invisible-only reason) must still be read as it was then."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer, Worker

from domain import input_rules
from services.temporal_client import DATA_CONVERTER
from tests.workflows.hazard_helpers import case_row, complete, report
from worker import WORKFLOWS

LEGACY_FORM = {"decision": "not_list", "reason": "\u200b"}  # accepted before the rules: a zero-width "reason"


async def test_a_form_accepted_before_the_rules_still_replays(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(input_rules, "enforced", lambda: False)  # the code before the rules
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    await complete(sessions, client, "ql.office", case.id, "listing_decision", LEGACY_FORM)
    assert case_row(sessions, case.id).status != "starting"
    monkeypatch.undo()

    history = await client.get_workflow_handle(case.workflow_id).fetch_history()
    await Replayer(workflows=WORKFLOWS, data_converter=DATA_CONVERTER).replay_workflow(history)

    with pytest.raises(Exception, match="不能只包含空白或不可见字符"):  # a new submission is refused
        from domain.hazard import ListingDecisionForm

        ListingDecisionForm.model_validate(LEGACY_FORM)
