"""Decree 493 art. 3 on every boundary: "以上" includes the number, "以下" excludes it."""

from __future__ import annotations

import pytest

from domain.accident_grading import Grade, InvestigatingLevel, grade_accident
from domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade"),
    [
        (0, 0, 0, Grade.GENERAL),
        (2, 9, 9_999_999, Grade.GENERAL),
        (3, 0, 0, Grade.LARGER),
        (0, 10, 0, Grade.LARGER),
        (0, 0, 10_000_000, Grade.LARGER),
        (9, 49, 49_999_999, Grade.LARGER),
        (10, 0, 0, Grade.MAJOR),
        (0, 50, 0, Grade.MAJOR),
        (0, 0, 50_000_000, Grade.MAJOR),
        (29, 99, 99_999_999, Grade.MAJOR),
        (30, 0, 0, Grade.EXTRAORDINARY),
        (0, 100, 0, Grade.EXTRAORDINARY),
        (0, 0, 100_000_000, Grade.EXTRAORDINARY),
        (1, 0, 60_000_000, Grade.MAJOR),  # the highest criterion decides
    ],
)
def test_A2_grade_boundaries_include_the_figure_and_any_criterion_suffices(
    deaths: int, injuries: int, loss: int, grade: Grade
) -> None:
    assert grade_accident(deaths, injuries, loss).grade is grade


def test_A7_grade_decides_the_investigating_level() -> None:
    assert grade_accident(30, 0, 0).investigating_level is InvestigatingLevel.STATE_COUNCIL
    assert grade_accident(10, 0, 0).investigating_level is InvestigatingLevel.PROVINCE
    assert grade_accident(3, 0, 0).investigating_level is InvestigatingLevel.CITY
    assert grade_accident(1, 0, 0).investigating_level is InvestigatingLevel.COUNTY


@pytest.mark.parametrize(("deaths", "injuries", "loss", "message"), [(-1, 0, 0, "负数"), (0, 10**7, 0, "合理范围")])
def test_negative_or_absurd_figures_are_refused(deaths: int, injuries: int, loss: int, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        grade_accident(deaths, injuries, loss)
