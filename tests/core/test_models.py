"""Typed results: token deadlines on the monotonic clock, reprs without secrets, login ids."""

from __future__ import annotations

import dataclasses

import pytest

from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.models import (
    AuthorizeResult,
    CustomerProfile,
    Profile,
    TokenKind,
    TokenSet,
)

ACCESS = "34362373-8b4a-4d0e-a5a0-6f5f0c1e2d3f"
REFRESH = "9e80be84-1111-2222-3333-444455556666"


def _token(clock: FakeClock, **changes: object) -> TokenSet:
    token = TokenSet(
        kind=TokenKind.USER,
        access_token=ACCESS,
        token_type="Bearer",
        expires_in=1800,
        expires_at=int(clock.wall()) + 1800,
        issued_mono=clock.monotonic(),
        issued_wall=clock.wall(),
        request_uid="uid-1",
        profile_name="demo",
        environment=Environment.LOCAL,
        base_url="http://127.0.0.1:1/partners/sandbox",
        refresh_token=REFRESH,
        refresh_expires_in=3600,
        refresh_expires_at=int(clock.wall()) + 3600,
        resource_owner_id="owner-1",
        raw={"accessToken": ACCESS, "refreshToken": REFRESH},
    )
    return dataclasses.replace(token, **changes)  # type: ignore[arg-type]


def test_token_deadlines_follow_the_monotonic_clock(clock: FakeClock) -> None:
    token = _token(clock)
    assert token.access_deadline.at == clock.monotonic() + 1800
    assert token.access_remaining(clock) == 1800
    assert token.refresh_remaining(clock) == 3600
    clock.advance(1000)
    clock.set_wall(0)  # a wall clock change does not matter
    assert token.access_remaining(clock) == 800
    assert token.refresh_remaining(clock) == 2600
    clock.advance(800)
    assert token.access_deadline.expired(clock)
    assert not token.refresh_deadline.expired(clock)  # type: ignore[union-attr]


def test_a_token_without_refresh_token_has_no_refresh_deadline(clock: FakeClock) -> None:
    token = _token(clock, refresh_token=None, kind=TokenKind.SERVER)
    assert token.refresh_deadline is None
    assert token.refresh_remaining(clock) is None


def test_token_repr_and_str_hide_every_token(clock: FakeClock) -> None:
    token = _token(clock)
    for text in (repr(token), str(token), repr([token]), f"{token}"):
        assert ACCESS not in text
        assert REFRESH not in text
        assert "uid-1" in text


def test_authorization_header(clock: FakeClock) -> None:
    assert _token(clock).authorization_header == f"Bearer {ACCESS}"
    assert _token(clock, token_type="").authorization_header == f"Bearer {ACCESS}"


@pytest.mark.parametrize(
    ("deeplink", "login_id"),
    [
        (
            "scbeasysim://login/a2f816bf-5e33-4a7b-a3fd-3babd1e95428",
            "a2f816bf-5e33-4a7b-a3fd-3babd1e95428",
        ),
        ("scbeasysim://login/abc?x=1", "abc"),
        ("scbeasy://login/abc", "abc"),
        ("https://example.com/login/abc", None),
        ("scbeasysim://other/abc", None),
        ("not a link", None),
        ("", None),
    ],
)
def test_authorize_result_login_id(deeplink: str, login_id: str | None) -> None:
    assert AuthorizeResult(deeplink, "uid").login_id == login_id


def test_customer_profile_names() -> None:
    profile = CustomerProfile(
        raw={
            "citizenID": "1234567890123",
            "thaiTitle": "นาย",
            "thaiFirstName": "สมชาย",
            "thaiLastName": "ใจดี",
            "engTitle": "Mr.",
            "engFirstName": "Somchai",
            "engLastName": "Jaidee",
        },
        request_uid="uid",
    )
    assert profile.citizen_id == "1234567890123"
    assert profile.thai_name == "นาย สมชาย ใจดี"
    assert profile.english_name == "Mr. Somchai Jaidee"
    assert CustomerProfile(raw={"engFirstName": 5}, request_uid="u").english_name == ""


def test_profile_base_url() -> None:
    local = Profile("p", Environment.LOCAL, base_url="http://127.0.0.1:8766/partners/sandbox/")
    assert local.resolved_base_url == "http://127.0.0.1:8766/partners/sandbox"
    sandbox = Profile("p", Environment.SANDBOX, base_url="http://ignored")
    assert sandbox.resolved_base_url == "https://api-sandbox.partners.scb/partners/sandbox"
