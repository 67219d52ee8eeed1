"""The message centre's rules: which notice for which event, and the default channels."""

from __future__ import annotations

from domain.notifications import (
    DEFAULT_CHANNELS,
    KIND_LABELS,
    Notice,
    channels_for,
    clock_notice,
    supervision_notice,
    task_notice,
)


def _task(returned: str | None) -> Notice:
    return task_notice(
        source_key="event:7",
        case_id=3,
        case_no="GP-2026-00003",
        case_title="配电室未设挡鼠板",
        task_id="wf.t4",
        task_title="报送隐患治理方案",
        due="2026年12月20日",
        returned_reason=returned,
    )


def test_a_new_task_names_the_case_the_step_and_its_due_day_and_links_to_its_form() -> None:
    notice = _task(None)
    assert notice.kind == "task" and notice.title == "新待办：报送隐患治理方案"
    assert "GP-2026-00003" in notice.body and "2026年12月20日" in notice.body
    assert notice.link == "/cases/3#task-wf.t4"


def test_a_returned_step_carries_the_return_opinion() -> None:
    notice = _task("经费来源不明确")
    assert notice.kind == "returned" and "退回意见：经费来源不明确" in notice.body
    assert "（未填写）" in _task("").body


def test_reminders_and_escalations_are_clock_notices_and_other_clock_events_are_not() -> None:
    reminder = clock_notice(
        kind="reminded", source_key="clock:1", case_id=1, case_no="X", task_id="t", task_title="整改", due="D"
    )
    escalated = clock_notice(
        kind="escalated", source_key="clock:2", case_id=1, case_no="X", task_id="t", task_title="整改", due="D"
    )
    assert reminder is not None and reminder.kind == "reminder" and "将于D到期" in reminder.body
    assert escalated is not None and escalated.kind == "escalated" and "上一级安委办督办" in escalated.body
    assert (
        clock_notice(kind="suspended", source_key="c", case_id=1, case_no="X", task_id="t", task_title="", due="")
        is None
    )


def test_an_urge_goes_to_the_overdue_step_and_names_the_office_and_its_reason() -> None:
    common = {"source_key": "event:9:t", "case_id": 1, "case_no": "X", "task_id": "t", "task_title": "整改"}
    urged = supervision_notice(kind="urged", office="曲靖市安委办", reason="请立即整改", **common)  # type: ignore[arg-type]
    summon = supervision_notice(kind="supervision_summon", office="曲靖市安委办", reason="约谈", **common)  # type: ignore[arg-type]
    assert urged is not None and urged.kind == "urged" and "曲靖市安委办" in urged.body and "请立即整改" in urged.body
    assert summon is not None and summon.kind == "supervision" and summon.title.startswith("约谈")
    assert supervision_notice(kind="task_completed", office="", reason="", **common) is None  # type: ignore[arg-type]


def test_channels_default_by_kind_and_a_users_choice_wins() -> None:
    assert set(DEFAULT_CHANNELS) == set(KIND_LABELS)
    assert channels_for("urged", None, None) == (True, True)
    assert channels_for("task", None, None) == (True, False)
    assert channels_for("urged", False, None) == (False, True)
    assert channels_for("task", None, True) == (True, True)
