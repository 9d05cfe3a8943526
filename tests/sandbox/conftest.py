"""Helpers for the sandbox's contract tests: a real httpx client over loopback, SCB-shaped calls."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from scb_console.core.contract import PATH_AUTHORIZE, PATH_PROFILE, PATH_REFRESH, PATH_TOKEN
from scb_console.sandbox import DEMO_API_KEY, DEMO_API_SECRET, EmbeddedSandbox

CUSTOMER = "sb-customer-001"
PIN = "123456"


class Scb:
    """SCB's calls, spelled out, against one sandbox. Every call returns the raw response."""

    def __init__(self, sandbox: EmbeddedSandbox, client: httpx.Client) -> None:
        self.sandbox = sandbox
        self.client = client
        self.key = DEMO_API_KEY
        self.secret = DEMO_API_SECRET

    def headers(self, **extra: str) -> dict[str, str]:
        return {"resourceOwnerId": self.key, "requestUId": str(uuid.uuid4()), **extra}

    def server_token(self, **body: Any) -> httpx.Response:
        payload = {"applicationKey": self.key, "applicationSecret": self.secret, **body}
        return self.client.post(PATH_TOKEN, headers=self.headers(), json=payload)

    def authorize_headers(self, **extra: str) -> dict[str, str]:
        fields = {
            "apikey": self.key,
            "apisecret": self.secret,
            "response-channel": "mobile",
            "endState": "mobile_app",
        }
        return self.headers(**(fields | extra))

    def authorize(self, query: str = "", **extra: str) -> httpx.Response:
        url = PATH_AUTHORIZE + (f"?{query}" if query else "")
        return self.client.get(url, headers=self.authorize_headers(**extra))

    def login(self, query: str = "", **extra: str) -> str:
        """Authorize and return the login id of the deeplink."""
        response = self.authorize(query, **extra)
        assert response.status_code == 200, response.text
        deeplink = response.json()["data"]["callbackUrl"]
        assert deeplink.startswith("scbeasysim://login/")
        return str(deeplink.removeprefix("scbeasysim://login/"))

    def approve(self, login_id: str, customer: str = CUSTOMER, pin: str = PIN) -> httpx.Response:
        return self.client.post(
            f"{self.sandbox.root_url}/_sandbox/logins/{login_id}/approve",
            json={"customerId": customer, "pin": pin},
        )

    def deny(self, login_id: str) -> httpx.Response:
        return self.client.post(f"{self.sandbox.root_url}/_sandbox/logins/{login_id}/deny")

    def code(self, customer: str = CUSTOMER, pin: str = PIN, **extra: str) -> str:
        """A fresh authorization code (authorize, then approve)."""
        response = self.approve(self.login(**extra), customer, pin)
        assert response.status_code == 200, response.text
        return str(httpx.URL(response.json()["redirectUrl"]).params["code"])

    def exchange(self, code: str) -> httpx.Response:
        return self.server_token(authCode=code)

    def user_tokens(self, customer: str = CUSTOMER, pin: str = PIN) -> dict[str, Any]:
        response = self.exchange(self.code(customer, pin))
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()["data"]
        data["resourceOwnerId"] = response.headers["resourceOwnerId"]
        return data

    def refresh(self, refresh_token: str) -> httpx.Response:
        payload = {
            "applicationKey": self.key,
            "applicationSecret": self.secret,
            "refreshToken": refresh_token,
        }
        return self.client.post(PATH_REFRESH, headers=self.headers(), json=payload)

    def profile(self, access_token: str, owner: str = CUSTOMER) -> httpx.Response:
        headers = {
            "authorization": f"Bearer {access_token}",
            "resourceOwnerId": owner,
            "requestUId": str(uuid.uuid4()),
        }
        return self.client.get(PATH_PROFILE, headers=headers)

    def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.request(method, f"{self.sandbox.root_url}{path}", **kwargs)


def status_of(response: httpx.Response) -> tuple[int, int]:
    """``(HTTP status, SCB status.code)``, after checking the envelope's shape."""
    body = response.json()
    assert set(body) == {"status", "data"}, body
    assert isinstance(body["status"]["description"], str)
    assert body["status"]["description"]
    if response.status_code >= 400:
        assert body["data"] is None
    return response.status_code, body["status"]["code"]


@pytest.fixture
def client(sandbox: EmbeddedSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as http:
        yield http


@pytest.fixture
def scb(sandbox: EmbeddedSandbox, client: httpx.Client) -> Scb:
    return Scb(sandbox, client)
