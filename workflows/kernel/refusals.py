"""One error vocabulary: workflows raise the domain's errors; this module turns them into the
`ApplicationError` a refused Update carries, once, for every validator.

The `type` of the ApplicationError is the domain error's class name (Forbidden, Conflict,
InvalidInput): the contract `services/case_actions.py` reads back into the same domain error,
which `api/` and `web/` map to HTTP 403, 409 and 422.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from pydantic import ValidationError

    from domain.errors import Conflict, DomainError, Forbidden, InvalidInput
    from domain.forms import StepForm, form_errors

F = TypeVar("F", bound=StepForm)

# The refusal types a refused Update carries (ApplicationError.type).
FORBIDDEN = Forbidden.__name__
CONFLICT = Conflict.__name__
INVALID = InvalidInput.__name__
REFUSALS: dict[str, type[DomainError]] = {kind.__name__: kind for kind in (Forbidden, Conflict, InvalidInput)}


class InvalidForm(InvalidInput):
    """A form that failed validation, with the message of each field."""

    def __init__(self, message: str, errors: list[dict[str, str]]) -> None:
        super().__init__(message)
        self.errors = errors


def refusal(exc: DomainError) -> ApplicationError:
    """The ApplicationError of a refused Update; non-retryable, it records nothing."""
    # By class name, so that a second copy of domain.errors (a sandbox's) maps alike.
    names = {cls.__name__ for cls in type(exc).__mro__}
    kind = next((name for name in REFUSALS if name in names), INVALID)
    details = exc.errors if isinstance(exc, InvalidForm) else None
    return ApplicationError(exc.message, details, type=kind, non_retryable=True)


@contextmanager
def refusing() -> Iterator[None]:
    """Translate a domain error raised inside the block into the Update's refusal."""
    try:
        yield
    except DomainError as exc:
        raise refusal(exc) from None


def parse_form(form: type[F], data: dict[str, Any]) -> F:
    """Validate a form in a validator; refuse with every field's message in Chinese."""
    try:
        return form.model_validate(data)
    except ValidationError as exc:
        errors = form_errors(exc, form)
        raise InvalidForm("；".join(e["message"] for e in errors), errors) from None
