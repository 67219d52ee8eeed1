"""The Temporal client, with the pydantic data converter (dates, datetimes, dataclasses), and the
deadline every call from the web puts on it (security probe F11)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import TypeVar

from temporalio.client import Client, WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import RPCError, RPCStatusCode

from domain.errors import DomainError

DATA_CONVERTER = pydantic_data_converter
DEFAULT_CALL_TIMEOUT = 15.0  # seconds; settings.temporal_call_timeout_seconds, set per request
RETRY_AFTER_SECONDS = 30
# The deadline of the calls made for the current request (api.deps.temporal_client sets it).
call_timeout: ContextVar[float] = ContextVar("temporal_call_timeout", default=DEFAULT_CALL_TIMEOUT)
# The server could not be reached or did not answer in time: nothing to retry at once.
_UNREACHABLE = (RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED, RPCStatusCode.CANCELLED)

T = TypeVar("T")


class TemporalUnavailable(DomainError):
    """The workflow service did not answer in time, or could not be reached: HTTP 503 with
    Retry-After. The message says whether the step may nevertheless have been taken."""

    code = "unavailable"

    def __init__(self, message: str, *, may_have_happened: bool) -> None:
        super().__init__(message)
        self.may_have_happened = may_have_happened


async def connect(address: str, namespace: str) -> Client:
    return await Client.connect(address, namespace=namespace, data_converter=DATA_CONVERTER)


async def within_deadline(call: Awaitable[T], *, late: str, unreachable: str) -> T:
    """Await a Temporal call for at most the request's deadline.

    `late` is the message when no answer came in time (the call may still take effect: an Update
    waits for a worker that may come back); `unreachable` when the server refused the connection.
    """
    try:
        async with asyncio.timeout(call_timeout.get()):
            return await call
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        # The SDK turns the cancellation of a waiting Update into its own error.
        raise TemporalUnavailable(late, may_have_happened=True) from None
    except RPCError as exc:
        if exc.status not in _UNREACHABLE:
            raise
        if exc.status == RPCStatusCode.UNAVAILABLE:
            raise TemporalUnavailable(unreachable, may_have_happened=False) from None
        raise TemporalUnavailable(late, may_have_happened=True) from None
