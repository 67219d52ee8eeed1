"""Who may hand a task to whom (转办, 委派, 代理), who may co-approve (加签), and the read-tracked
outcome that decides whether 撤回 is still possible (issue 19)."""

from __future__ import annotations

import pytest

from domain.errors import Forbidden
from domain.task_actions import COSIGN, CosignForm, check_cosigner, check_hand_over
from workflows.kernel.human_task import ReadTracked, TaskOutcome


@pytest.mark.parametrize("action", ["transfer", "delegate", "stand_in"])
def test_a_heads_approval_goes_only_to_a_head(action: str) -> None:
    with pytest.raises(Forbidden, match="负责人审批须由机关负责人本人作出"):
        check_hand_over("head", "handler", 7, 7, action)
    check_hand_over("head", "head", 7, 7, action)  # the head presiding while the head is away


def test_a_step_stays_with_its_body_and_post() -> None:
    with pytest.raises(Forbidden, match="其他单位"):
        check_hand_over("office", "office", 8, 7, "transfer")
    with pytest.raises(Forbidden, match="同一岗位"):
        check_hand_over("handler", "office", 7, 7, "transfer")
    check_hand_over("handler", "handler", 7, 7, "transfer")


def test_co_approvers_are_officials() -> None:
    for role in ("enterprise", "police_liaison", "procuratorate_liaison", "archive_reader"):
        with pytest.raises(Forbidden):
            check_cosigner(role)
    check_cosigner("office")
    assert COSIGN.form is CosignForm and set(CosignForm.model_fields) == {"decision", "opinion"}


def test_an_outcome_notes_when_the_process_reads_it() -> None:
    untouched = ReadTracked({"measures": "更换报警器"})
    assert untouched.read is False and dict.__getitem__(untouched, "measures") == "更换报警器"
    for read in (lambda f: f["measures"], lambda f: f.get("x"), lambda f: {**f}, lambda f: list(f), lambda f: "x" in f):
        form = ReadTracked({"measures": "更换报警器"})
        read(form)
        assert form.read is True
    outcome = TaskOutcome(form=ReadTracked({"decision": "agree", "opinion": "同意"}), actor=None, at=None)  # type: ignore[arg-type]
    outcome.parsed(CosignForm)
    assert outcome.form.read is True  # type: ignore[attr-defined]
