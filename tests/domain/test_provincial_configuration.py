"""C9 and C10: every period of the processes is a row of one rules table (unit, start, actor,
expiry, basis), and what varies by province or is unconfirmed is configuration, loaded and
checked from config/process.toml."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from domain.deadline_rules import DEFAULT_RULES
from domain.errors import InvalidInput
from domain.process_config import parse_process_config
from domain.rectification_deadlines import MONTH_PERIODS
from domain.registry import PROCESSES
from domain.roles import Level

ROOT = Path(__file__).resolve().parents[2]


def test_C9_every_step_clock_and_every_month_period_is_a_row_with_unit_start_expiry_and_basis() -> None:
    used = {step.clock for process in PROCESSES.values() for step in process.steps if step.clock}
    assert used and used <= DEFAULT_RULES.keys(), sorted(used - DEFAULT_RULES.keys())
    for code, rule in DEFAULT_RULES.items():
        assert rule.unit and rule.starts_on and rule.on_expiry and rule.basis, code
        assert rule.source_tag in ("P", "S", "U"), code
    # Periods in months are rows whose amount the calendar activity counts in months.
    for code, months in MONTH_PERIODS.items():
        assert code in DEFAULT_RULES and DEFAULT_RULES[code].amount == 0 and months > 0, code
    # The casualty windows (条例 art 13) and the evaluation (安全生产法 art 86) are rows too.
    assert {"accident.casualty_window", "accident.casualty_window_road_fire"} <= DEFAULT_RULES.keys()
    assert any(code.startswith("accident.evaluation") for code in DEFAULT_RULES)


def test_C9_the_surcharge_rate_and_the_daytime_window_are_defined_once() -> None:
    folders = ("workflows", "domain", "activities")
    texts = {
        p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for f in folders for p in (ROOT / f).rglob("*.py")
    }
    assert [name for name, text in texts.items() if "SURCHARGE_RATE_PER_DAY_PERCENT =" in text] == [
        "domain/rectification_deadlines.py"
    ]
    assert [name for name, text in texts.items() if re.search(r"(?<![\w.])0\.03(?!\d)", text)] == []
    assert [name for name, text in texts.items() if "dt.time(8, 0)" in text] == ["domain/rectification_deadlines.py"]


def test_C10_provincial_variations_are_configuration_read_from_the_file() -> None:
    shipped = parse_process_config(tomllib.loads((ROOT / "config" / "process.toml").read_text(encoding="utf-8")))
    assert shipped.review_level_by_grade["一般"] == "city" and shipped.evaluation_anchor == "reply"
    custom = parse_process_config(
        {
            "hazard": {"listing_level_by_grade": {"1": "province", "2": "city", "3": "city", "4": "county"}},
            "accident": {
                "review_level_by_grade": {"一般": "province", "较大": "province"},
                "evaluation_anchor": "closure",
                "evaluation_due_extra_days": 60,
                "count_missing_in_grade": False,
                "escalation_triggers": ["complex"],
            },
            "rectification": {"daytime": ["07:30", "19:00"]},
            "deadlines": {"rectification.statement": {"amount": 7}, "public_report.handling": {"amount": 30}},
        }
    )
    assert custom.listing_level(2) == Level.CITY  # which committee lists a hazard grade
    assert custom.review_level_by_grade == {"一般": "province", "较大": "province"}  # supervised grades
    assert custom.evaluation_anchor == "closure"  # the policy's 结案1年后 instead of the law's year
    assert custom.enforcement_daytime == (dt.time(7, 30), dt.time(19, 0))  # "not at night"
    assert not custom.accident.count_missing_in_grade and custom.accident.escalation_triggers == {"complex"}
    assert custom.rule("rectification.statement").amount == 7
    assert custom.rule("public_report.handling").amount == 30


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"accident": {"review_level_by_grade": {"重大": "city"}}}, "review_level_by_grade"),
        ({"accident": {"evaluation_anchor": "reply", "evaluation_due_extra_days": 60}}, "第八十六条"),
        ({"rectification": {"daytime": ["19:00", "07:00"]}}, "daytime"),
        ({"deadlines": {"no.such.rule": {"amount": 1}}}, "unknown deadline rule"),
    ],
)
def test_C10_a_configuration_against_the_law_is_refused_at_load(raw: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_process_config(raw)
