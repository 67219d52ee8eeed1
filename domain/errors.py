"""Domain exceptions. Services raise these; only `api/` and `web/` turn them into HTTP."""


class DomainError(Exception):
    """Base class; `code` names the HTTP-neutral kind of refusal."""

    code = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    code = "invalid"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class TooLarge(DomainError):
    """An upload beyond the configured size (HTTP 413)."""

    code = "too_large"


class TooManyRequests(DomainError):
    """A flood limit (the public report form): HTTP 429."""

    code = "too_many"


class TooManyAttempts(DomainError):
    code = "rate_limited"
