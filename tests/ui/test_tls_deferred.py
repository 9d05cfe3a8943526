"""The console's shared HTTP client loads the CA certificates only for HTTPS, on a worker."""

from __future__ import annotations

from typing import Any

from scb_console.core.transport import DeferredTLSTransport


async def test_the_console_client_loads_the_cas_for_an_https_profile_on_a_worker() -> None:
    from scb_console.ui.app import make_http_client
    from scb_console.ui.session import prepare_tls_soon

    http = make_http_client()
    try:
        transport = http._transport
        assert isinstance(transport, DeferredTLSTransport)
        assert not transport.tls_ready
        future = prepare_tls_soon(http)
        assert future is not None
        await future
        assert transport.tls_ready
        assert prepare_tls_soon(http) is None  # (loaded: nothing more to do)
    finally:
        await http.aclose()


def test_activating_an_https_profile_loads_the_cas_and_a_local_one_does_not(
    make_services: Any, run: Any, qtbot: Any
) -> None:
    """ConsoleSession.activate starts the CA load for an HTTPS profile (SCB's sandbox), and
    leaves the local sandbox's plain-HTTP profile without it."""
    from scb_console.core.contract import Environment
    from scb_console.core.models import Profile
    from scb_console.ui.app import make_http_client
    from scb_console.ui.session import ConsoleSession

    services = make_services()
    services.http = make_http_client()
    transport = services.http._transport
    assert isinstance(transport, DeferredTLSTransport)
    session = ConsoleSession(services)

    async def activate(profile: Profile) -> None:
        session.activate(profile)

    assert services.sandbox is not None
    local = Profile("Local", Environment.LOCAL, "k", base_url=services.sandbox.base_url)
    run(activate(local))
    assert session.profile == local
    assert not transport.tls_ready
    scb = Profile("SCB sandbox", Environment.SANDBOX, "k")
    assert scb.base_url == ""  # (SCB's own URL for its environments: resolved_base_url)
    assert scb.resolved_base_url.startswith("https://")
    run(activate(scb))
    qtbot.waitUntil(lambda: transport.tls_ready, timeout=10_000)
    run(services.http.aclose())
