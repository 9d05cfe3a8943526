"""The deferred-TLS transport (core.transport): HTTP without the CA bundle, HTTPS as httpx does."""

from __future__ import annotations

import ssl

import httpx
import pytest

from scb_console.core.client import _refuse_unverified
from scb_console.core.transport import DeferredTLSTransport
from scb_console.sandbox import EmbeddedSandbox


def _context(transport: httpx.AsyncHTTPTransport) -> ssl.SSLContext:
    context = transport._pool._ssl_context
    assert isinstance(context, ssl.SSLContext)
    return context


async def test_plain_http_never_loads_the_ca_bundle(sandbox: EmbeddedSandbox) -> None:
    transport = DeferredTLSTransport()
    async with httpx.AsyncClient(transport=transport) as http:
        response = await http.get(sandbox.root_url + "/_sandbox/health")
        assert response.status_code == 200
        assert not transport.tls_ready
        (plain,) = transport.made_transports()
        context = _context(plain)
        # it verifies, and trusts no certificate at all: nothing could pass it over TLS
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname
        assert context.cert_store_stats()["x509_ca"] == 0
        _refuse_unverified(http)  # (and SCBClient accepts it)


async def test_https_goes_to_httpx_default_verified_transport(sandbox: EmbeddedSandbox) -> None:
    transport = DeferredTLSTransport()
    async with httpx.AsyncClient(transport=transport, timeout=5) as http:
        # the sandbox speaks plain HTTP: a TLS handshake with it fails, after routing to TLS
        https_url = sandbox.root_url.replace("http://", "https://") + "/_sandbox/health"
        with pytest.raises(httpx.ConnectError):
            await http.get(https_url)
        assert transport.tls_ready
        tls, _plain = transport.made_transports()
        context = _context(tls)
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname
        assert context.cert_store_stats()["x509_ca"] > 50  # certifi's bundle


def test_prepare_tls_makes_it_once() -> None:
    transport = DeferredTLSTransport()
    transport.prepare_tls()
    first = transport.made_transports()
    transport.prepare_tls()
    assert transport.tls_ready
    assert transport.made_transports() == first


def test_verify_cannot_be_given() -> None:
    with pytest.raises(ValueError, match="always verifies"):
        DeferredTLSTransport(verify=False)
