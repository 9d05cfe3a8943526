"""The in-memory state: expired entries are purged, stores are capped, tokens are signed."""

from __future__ import annotations

from scb_console.core.clock import FakeClock
from scb_console.sandbox import EmbeddedSandbox
from scb_console.sandbox.state import ExpiringStore, TokenClaims, TokenSigner
from tests.sandbox.conftest import Scb, status_of


def test_expired_state_is_purged_so_memory_stays_bounded(
    sandbox: EmbeddedSandbox, scb: Scb, clock: FakeClock
) -> None:
    state = sandbox.server.state
    for _ in range(10):
        scb.login()  # waiting logins
        scb.code()  # unused codes
        scb.user_tokens()  # spent codes, live refresh tokens
    sizes = state.sizes()
    assert sizes["logins"] == 10
    assert sizes["codes"] == 10
    assert sizes["refresh_tokens"] == 10

    clock.advance(300)  # logins and codes are past their lifetimes
    scb.server_token()
    scb.login()
    sizes = state.sizes()
    assert (sizes["logins"], sizes["codes"]) == (1, 0)
    assert sizes["refresh_tokens"] == 10

    clock.advance(3600)  # and now the refresh tokens
    scb.login()
    sizes = state.sizes()
    assert (sizes["logins"], sizes["codes"], sizes["refresh_tokens"]) == (1, 0, 0)


def test_server_tokens_cost_no_state(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    before = sandbox.server.state.sizes()
    tokens = [scb.server_token().json()["data"]["accessToken"] for _ in range(50)]
    after = sandbox.server.state.sizes()
    assert {k: v for k, v in after.items() if k != "journal"} == {
        k: v for k, v in before.items() if k != "journal"
    }
    assert len(set(tokens)) == 50


def test_rotation_does_not_grow_the_refresh_store(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    sandbox.config.rotate_refresh = True
    refresh = scb.user_tokens()["refreshToken"]
    for _ in range(20):
        response = scb.refresh(refresh)
        assert status_of(response) == (200, 1000)
        refresh = response.json()["data"]["refreshToken"]
    assert sandbox.server.state.sizes()["refresh_tokens"] == 1


def test_expiring_store_purges_from_the_front_and_caps() -> None:
    store: ExpiringStore[str, int] = ExpiringStore(cap=3)
    for i in range(5):
        store.put(f"k{i}", i, deadline=10.0 + i)
    assert list(store) == ["k2", "k3", "k4"]  # the cap dropped the oldest
    assert store.purge(12.5) == 1
    assert list(store) == ["k3", "k4"]
    assert store.get("k3", 13.0) is None  # expired on read, and gone
    assert len(store) == 1
    assert store.pop("k4", 13.0) == 4
    assert store.pop("k4", 13.0) is None


def test_token_signer_verifies_its_own_live_tokens_only() -> None:
    signer = TokenSigner()
    claims = TokenClaims("user", "key", "cust", 100.0)
    token = signer.issue(claims)
    assert signer.verify(token, 99.9) == claims
    assert signer.verify(token, 100.0) is None
    assert TokenSigner().verify(token, 0.0) is None  # another sandbox's key
    for bad in ("", ".", "abc", "a.b.c", "é.é", token + "x", "x" + token):
        assert signer.verify(bad, 0.0) is None
    signer.rotate()
    assert signer.verify(token, 0.0) is None
