"""The pure rules of a bulletin draft and the counting of a case bulletin (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.bulletin import BulletinDraft, TransferLine, case_figures, check_draft, classify
from domain.errors import InvalidInput

TODAY = dt.date(2026, 11, 20)


def draft(**fields: object) -> BulletinDraft:
    base: dict[str, object] = {"kind": "criticism", "subject": "s", "facts": "f", "recipients": [3]}
    return BulletinDraft.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"recipients": []}, "至少指定一个通报对象"),
        ({"recipients": [3, 3]}, "通报对象重复"),
        ({"facts": ""}, "写明通报的事实"),
        ({"rectification": "整改", "rectification_deadline": TODAY}, "整改期限应晚于今天"),
        ({"rectification": "整改"}, "同时写明整改事项和整改期限"),
        ({"kind": "commendation", "rectification": "整改", "rectification_deadline": dt.date(2026, 12, 1)}, "表扬"),
        ({"kind": "case_bulletin", "recipients": []}, "通报期间"),
        (
            {"kind": "case_bulletin", "recipients": [], "period_start": TODAY, "period_end": dt.date(2026, 11, 1)},
            "起始日期不能晚于截止日期",
        ),
        (
            {"kind": "case_bulletin", "period_start": dt.date(2026, 1, 1), "period_end": TODAY},
            "不另指定对象",
        ),
    ],
)
def test_a_bad_draft_is_refused_with_its_reason(fields: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_draft(draft(**fields), TODAY)


def test_a_good_draft_passes() -> None:
    check_draft(draft(rectification="整改", rectification_deadline=dt.date(2026, 12, 1)), TODAY)
    check_draft(draft(kind="commendation"), TODAY)
    period = {"period_start": dt.date(2026, 1, 1), "period_end": TODAY}
    check_draft(draft(kind="case_bulletin", recipients=[], facts="", **period), TODAY)


def test_case_figures_count_filed_not_filed_and_supervision() -> None:
    line = TransferLine("YS-1", "t", "s", "2026-03-01")
    assert classify({"transferred"}, {"filed"}) == (True, False, False)
    assert classify({"not_filed"}, {"disputing", "supervising"}) == (False, True, True)
    assert classify({"not_filed", "supervision_declined"}, {"supervising"}) == (False, True, False)
    figures = case_figures(
        [
            (line, {"transferred"}, {"filed"}),
            (line, {"transferred", "not_filed"}, {"supervising"}),
            (line, {"transferred"}, set()),
        ]
    )
    assert (figures.transferred, figures.filed, figures.not_filed, figures.under_supervision) == (3, 1, 1, 1)
    assert len(figures.cases) == 3
