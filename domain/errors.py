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
    """Login throttling: HTTP 429, with the seconds to wait (Retry-After) when known."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
