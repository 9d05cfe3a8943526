"""The console's shared HTTP client loads the CA certificates only for HTTPS, on a worker."""

from __future__ import annotations

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
