"""Fixtures shared by the core tests that run real flows against the local sandbox.

Modules with their own ``http``/``log``/``client`` fixtures (test_client, test_flow) override
these.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from scb_console.core.client import SCBClient
from scb_console.core.clock import FakeClock
from scb_console.core.exchange import ExchangeLog
from scb_console.sandbox import EmbeddedSandbox

from .sandbox_flow import local_profile


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def log() -> ExchangeLog:
    return ExchangeLog()


@pytest.fixture
def client(
    http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock, log: ExchangeLog
) -> SCBClient:
    return SCBClient(
        http, local_profile(sandbox), sandbox.config.apps[0].api_secret, clock=clock, log=log
    )
