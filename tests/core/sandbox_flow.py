"""Real flows against the local sandbox, shared by the HAR, token check and report tests."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx

from scb_console.core.client import SCBClient
from scb_console.core.contract import Environment
from scb_console.core.models import AuthorizeResult, Profile, TokenSet
from scb_console.sandbox import EmbeddedSandbox
from scb_console.sandbox.defaults import DEMO_CUSTOMERS


def local_profile(sandbox: EmbeddedSandbox, **changes: Any) -> Profile:
    profile = Profile(
        name="Partner app",
        environment=Environment.LOCAL,
        api_key=sandbox.config.apps[0].api_key,
        base_url=sandbox.base_url,
        callback_url="http://127.0.0.1:8765/callback",
    )
    return dataclasses.replace(profile, **changes)


async def approve(
    http: httpx.AsyncClient, sandbox: EmbeddedSandbox, result: AuthorizeResult
) -> str:
    """A test customer approves on the sandbox's consent page; the redirect's code."""
    customer = DEMO_CUSTOMERS[0]
    response = await http.post(
        f"{sandbox.root_url}/_sandbox/logins/{result.login_id}/approve",
        json={"customerId": customer.id, "pin": customer.pin},
    )
    assert response.status_code == 200, response.text
    return str(httpx.URL(response.json()["redirectUrl"]).params["code"])


async def user_token(
    client: SCBClient, http: httpx.AsyncClient, sandbox: EmbeddedSandbox
) -> TokenSet:
    code = await approve(http, sandbox, await client.authorize())
    return await client.exchange_code(code)
