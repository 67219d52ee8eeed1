"""The Temporal client, with the pydantic data converter (dates, datetimes, dataclasses), and the
deadline every call from the web puts on it (security probe F11)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any, TypeVar

from pydantic import TypeAdapter
from temporalio.client import Client, WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.contrib.pydantic import PydanticJSONPlainPayloadConverter, PydanticPayloadConverter
from temporalio.converter import DataConverter
from temporalio.service import RPCError, RPCStatusCode

from domain.errors import DomainError

# One cache of pydantic type adapters for the whole process. The SDK's pydantic converter keeps
# its cache per converter instance, and every workflow run (and every client call made with a
# workflow's serialisation context) gets a fresh instance: each case rebuilt the adapter of
# every contract it decodes, 2-9 ms of CPU each (ProjectionResult 8.6 ms), in the worker and in
# the web process (docs/performance.md, third round). Adapters are immutable once built and the
# cache is thread-safe, so sharing them changes no result.
_TYPE_ADAPTERS: functools._lru_cache_wrapper[TypeAdapter[Any]] = functools.lru_cache(maxsize=1024)(TypeAdapter)


class SharedAdapterPayloadConverter(PydanticPayloadConverter):
    """The SDK's pydantic payload converter, with its JSON converter on the process's adapter cache."""

    def __init__(self) -> None:
        super().__init__()
        for converter in self.converters.values():
            if isinstance(converter, PydanticJSONPlainPayloadConverter):
                converter._type_adapter = _TYPE_ADAPTERS  # noqa: SLF001 - the SDK's documented cache slot


DATA_CONVERTER = DataConverter(payload_converter_class=SharedAdapterPayloadConverter)
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
