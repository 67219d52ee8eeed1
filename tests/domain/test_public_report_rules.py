"""Pure rules of public reports: the tracking code's check, masking, the form, configuration."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain import tracking_code
from domain.errors import InvalidInput
from domain.process_config import parse_process_config
from domain.public_report import PublicReportSubmission, mask_name, mask_phone


def test_tracking_codes_are_long_random_and_pass_their_own_check() -> None:
    codes = {tracking_code.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 20 and tracking_code.validate(tracking_code.grouped(code).lower()) == code


def test_every_single_typo_and_neighbour_swap_is_caught_by_the_check() -> None:
    code = tracking_code.new_code()
    for i, original in enumerate(code):
        for other in tracking_code.ALPHABET:
            if other != original:
                with pytest.raises(InvalidInput):
                    tracking_code.validate(code[:i] + other + code[i + 1 :])
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            with pytest.raises(InvalidInput, match="校验不通过"):
                tracking_code.validate(code[:i] + code[i + 1] + code[i] + code[i + 2 :])
    with pytest.raises(InvalidInput, match="20位"):
        tracking_code.validate(code[:-2])


def test_look_alike_letters_are_read_as_crockford_does() -> None:
    code = tracking_code.new_code()
    typed = code.replace("0", "O").replace("1", "I")
    assert tracking_code.validate(typed) == code
    assert tracking_code.digest(typed) == tracking_code.digest(code)


def test_masking_keeps_a_surname_and_the_ends_of_a_number() -> None:
    assert (mask_name("王明远"), mask_name("李"), mask_name("")) == ("王**", "李*", "")
    assert (mask_phone("13612345678"), mask_phone("0874-3123456"), mask_phone("")) == (
        "136****5678",
        "087*****3456",
        "",
    )


@pytest.mark.parametrize("phone", ["13612345678", "0874-3123456", "08743123456"])
def test_phone_numbers_people_write_are_accepted(phone: str) -> None:
    form = PublicReportSubmission(jurisdiction_code="530302", description="d", place="p", reporter_phone=phone)
    assert not form.anonymous


def test_a_report_without_name_or_phone_is_anonymous_and_a_bad_phone_is_refused() -> None:
    assert PublicReportSubmission(jurisdiction_code="530302", description="d", place="p").anonymous
    with pytest.raises(ValidationError, match="11位手机号"):
        PublicReportSubmission(jurisdiction_code="530302", description="d", place="p", reporter_phone="12345")


def test_flood_limits_and_handling_limits_are_configurable() -> None:
    config = parse_process_config(
        {
            "public_report": {"per_client_per_hour": 2, "total_per_hour": 50},
            "deadlines": {"public_report.handling": {"amount": 30, "max_extension_days": 60}},
        }
    )
    assert (config.public_report.per_client_per_hour, config.public_report.total_per_hour) == (2, 50)
    assert (config.rule("public_report.handling").amount, config.rule("public_report.handling").max_extension_days) == (
        30,
        60,
    )
    with pytest.raises(InvalidInput):
        parse_process_config({"public_report": {"per_client_per_hour": 0}})
