from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from services.temporal_client import DATA_CONVERTER
from tests import support


@pytest.fixture(scope="module")
async def dev_env() -> AsyncIterator[WorkflowEnvironment]:
    """The Temporal CLI dev server (the time-skipping server has no DescribeTaskQueue)."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=support.binary("temporal"),
        data_converter=DATA_CONVERTER,
        dev_server_extra_args=["--log-level", "error"],
    )
    await support.register_search_attributes(env.client)
    yield env
    await env.shutdown()


@pytest.fixture
def dev_client(dev_env: WorkflowEnvironment) -> Client:
    return dev_env.client
