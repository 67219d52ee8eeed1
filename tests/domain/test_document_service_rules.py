"""Service rules without I/O: the day service takes effect, and the checks a service must pass."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.document_service import DocumentServiceForm, check_service, effective_service_day
from domain.errors import Conflict, InvalidInput
from domain.process_config import parse_process_config

TODAY = dt.date(2026, 11, 23)


def _form(**values: object) -> DocumentServiceForm:
    base = {"document_id": 1, "method": "post", "served_on": "2026-11-20", "proof": "EMS 1190"}
    return DocumentServiceForm.model_validate({**base, **values})


def test_announcement_counts_once_its_period_ends_and_the_period_is_configurable() -> None:
    served = dt.date(2026, 11, 2)
    assert effective_service_day("direct", served, 30) == served
    assert effective_service_day("announcement", served, 30) == dt.date(2026, 12, 2)
    assert parse_process_config({}).announcement_service_days == 30
    assert parse_process_config({"service": {"announcement_days": 60}}).announcement_service_days == 60


def test_a_service_out_of_time_twice_or_without_proof_is_refused() -> None:
    issued = dt.date(2026, 11, 18)
    check_service(_form(), issued_on=issued, already_served=False, today=TODAY)
    refusals = [
        (_form(), None, False, InvalidInput, "没有该文书"),
        (_form(), issued, True, Conflict, "不能重复登记"),
        (_form(served_on="2026-11-24"), issued, False, InvalidInput, "不能晚于今天"),
        (_form(served_on="2026-11-17"), issued, False, InvalidInput, "不能早于文书签发日期2026-11-18"),
        (_form(proof=""), issued, False, InvalidInput, "邮寄送达须填写送达凭证（邮件单号）"),
        (_form(method="left", recipient=""), issued, False, InvalidInput, "须填写受送达人"),
    ]
    for form, issued_on, served, error, message in refusals:
        with pytest.raises(error, match=message):
            check_service(form, issued_on=issued_on, already_served=served, today=TODAY)
