"""The console's HTTP transport: httpx's own, with the CA certificates loaded only for HTTPS.

``httpx.AsyncHTTPTransport()`` builds an SSL context at once and loads certifi's bundle into it
(~140 CA certificates): about 2 MiB of memory and 20-40 ms of CPU, before any request. A session
against the local sandbox (``http://127.0.0.1``) never uses it. :class:`DeferredTLSTransport`
routes each request by its scheme to one of two httpx transports, each made when first needed:

- ``https``: httpx's default transport, unchanged: certifi's CAs, host names checked. Made at
  the first HTTPS request, or before it by :meth:`DeferredTLSTransport.prepare_tls` (thread-safe:
  the console calls it on a worker thread when the active profile is an HTTPS one);
- ``http``: a transport whose SSL context trusts no certificate at all (it verifies, and has no
  CA to verify against), so nothing could ever be accepted through it over TLS; plain HTTP
  never asks it anything. Made with the transport (it costs nothing but httpcore's import,
  which the console pays on the worker thread that makes its client).

TLS verification is never turned off: ``verify=False`` is refused here as in
:class:`scb_console.core.client.SCBClient`.
"""

from __future__ import annotations

import ssl
import threading
from typing import Any

import httpx


def _trusts_nothing() -> ssl.SSLContext:
    """A client context that verifies certificates and host names, with no CA to trust."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # (CERT_REQUIRED, check_hostname: on)


class DeferredTLSTransport(httpx.AsyncBaseTransport):
    """``httpx.AsyncHTTPTransport(**options)`` for HTTPS, made when first needed; see the
    module. ``options`` are ``AsyncHTTPTransport``'s (not ``verify``: always httpx's default)."""

    def __init__(self, **options: Any) -> None:
        if "verify" in options:
            raise ValueError("DeferredTLSTransport always verifies TLS with httpx's defaults")
        self._options = options
        self._lock = threading.Lock()
        self._tls: httpx.AsyncHTTPTransport | None = None
        # made now, with the client (on the console's worker thread): its SSL context costs
        # nothing to make, but the first transport imports httpcore, some 20 ms
        self._plain = httpx.AsyncHTTPTransport(verify=_trusts_nothing(), **options)

    @property
    def tls_ready(self) -> bool:
        """Whether the HTTPS transport (and its CA certificates) is made."""
        return self._tls is not None

    def prepare_tls(self) -> None:
        """Make the HTTPS transport now (from any thread), if it is not made yet."""
        self._https()

    def made_transports(self) -> tuple[httpx.AsyncHTTPTransport, ...]:
        """The transports made so far (what ``SCBClient`` checks for ``verify=False``)."""
        return (self._plain,) if self._tls is None else (self._tls, self._plain)

    def _https(self) -> httpx.AsyncHTTPTransport:
        with self._lock:
            if self._tls is None:
                self._tls = httpx.AsyncHTTPTransport(**self._options)
            return self._tls

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self._plain if request.url.scheme == "http" else self._https()
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self.made_transports():
            await transport.aclose()
