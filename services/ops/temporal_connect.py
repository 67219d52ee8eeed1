"""The worker's Temporal client with a metrics runtime and tracing interceptors, and tracing
added to a client already connected (the web app's): the same data converter as
services/temporal_client.py."""

from __future__ import annotations

from collections.abc import Sequence

from temporalio.client import Client, Interceptor
from temporalio.runtime import Runtime

from services.temporal_client import DATA_CONVERTER


async def connect_observed(
    address: str, namespace: str, *, runtime: Runtime | None = None, interceptors: Sequence[Interceptor] = ()
) -> Client:
    """`runtime` carries the worker's Prometheus exporter; `interceptors` the tracing."""
    return await Client.connect(
        address, namespace=namespace, data_converter=DATA_CONVERTER, runtime=runtime, interceptors=interceptors
    )


def with_interceptors(client: Client, interceptors: Sequence[Interceptor]) -> Client:
    """The same connection, with interceptors added (a client's are fixed when it is made)."""
    if not interceptors:
        return client
    config = client.config()
    config["interceptors"] = [*config.get("interceptors", []), *interceptors]
    return Client(**config)
