"""The Temporal client, with the pydantic data converter (dates, datetimes, dataclasses)."""

from __future__ import annotations

from collections.abc import Sequence

from temporalio.client import Client, Interceptor
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.runtime import Runtime

DATA_CONVERTER = pydantic_data_converter


async def connect(
    address: str, namespace: str, *, runtime: Runtime | None = None, interceptors: Sequence[Interceptor] = ()
) -> Client:
    """`runtime` carries the worker's metrics exporter; `interceptors` the tracing (services/ops/)."""
    return await Client.connect(
        address, namespace=namespace, data_converter=DATA_CONVERTER, runtime=runtime, interceptors=interceptors
    )
