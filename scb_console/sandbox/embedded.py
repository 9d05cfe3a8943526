"""The sandbox on its own thread and event loop, for the console and for tests.

The GUI thread never serves HTTP: :class:`EmbeddedSandbox` runs a
:class:`~scb_console.sandbox.server.SandboxServer` in a daemon thread with a private asyncio loop.
Every method is safe to call from any thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from scb_console.core.clock import Clock
from scb_console.sandbox.config import SandboxConfig
from scb_console.sandbox.faults import ENDPOINTS, Faults, FaultsError, FaultSpec
from scb_console.sandbox.server import RequestListener, SandboxServer

if TYPE_CHECKING:  # the LAN listener's module loads when the phone demo first starts
    from scb_console.sandbox.lan import LanListener, RedirectHandler

#: How long start() and stop() wait for the sandbox thread.
THREAD_TIMEOUT = 10.0


class EmbeddedSandbox:
    """A :class:`SandboxServer` on a daemon thread; ``start()`` returns its base URL.

    Use it as a context manager, or call :meth:`start` and :meth:`stop` (idempotent).
    """

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        clock: Clock | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int | None = None,
        on_request: RequestListener | None = None,
        on_redirect: RedirectHandler | None = None,
    ) -> None:
        self._server = SandboxServer(
            config if config is not None else SandboxConfig.default(),
            clock=clock,
            seed=seed,
            on_request=on_request,
        )
        #: The phone demo's consent page on a LAN address (made by the first start_lan()).
        self._lan: LanListener | None = None
        self._on_redirect = on_redirect
        self._host = host
        self._port = port
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> str:
        """Start serving (if not already) and return the base URL once it accepts connections."""
        with self._lock:
            if self._thread is not None:
                return self._server.base_url
            ready: concurrent.futures.Future[str] = concurrent.futures.Future()
            thread = threading.Thread(
                target=self._run, args=(ready,), name="scb-sandbox", daemon=True
            )
            thread.start()
            try:
                url = ready.result(timeout=THREAD_TIMEOUT)
            except BaseException:
                thread.join(THREAD_TIMEOUT)
                raise
            self._thread = thread
            return url

    def stop(self) -> None:
        """Stop serving and join the thread. Safe to call twice, or before start()."""
        with self._lock:
            thread, self._thread = self._thread, None
            loop, event = self._loop, self._stop_event
            if thread is None:
                return
            if loop is not None and event is not None and not loop.is_closed():
                with contextlib.suppress(RuntimeError):  # the loop closed in between
                    loop.call_soon_threadsafe(event.set)
            thread.join(THREAD_TIMEOUT)
            if thread.is_alive():  # pragma: no cover - a handler that never ends
                raise RuntimeError("the sandbox thread did not stop in time")

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self, ready: concurrent.futures.Future[str]) -> None:
        asyncio.run(self._serve(ready))

    async def _serve(self, ready: concurrent.futures.Future[str]) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        try:
            url = await self._server.start(self._host, self._port)
        except BaseException as exc:
            ready.set_exception(exc)
            return
        ready.set_result(url)
        try:
            await self._stop_event.wait()
        finally:
            if self._lan is not None:
                await self._lan.stop()
            await self._server.stop()
            self._loop = None
            self._stop_event = None

    # --- what the console and tests read ------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def server(self) -> SandboxServer:
        return self._server

    @property
    def config(self) -> SandboxConfig:
        return self._server.config

    @property
    def base_url(self) -> str:
        return self._server.base_url

    @property
    def root_url(self) -> str:
        return self._server.root_url

    @property
    def port(self) -> int:
        return self._server.port

    def info(self) -> dict[str, Any]:
        return self._server.info()

    # --- run-time settings -----------------------------------------------------------------------

    def set_callback_url(self, url: str) -> None:
        """Register ``url`` (the console's receiver) as the demo app's callback for every
        endState."""
        self._server.set_callback_url(url)

    def set_faults(
        self, faults: Faults | None = None, *, endpoint: str | None = None, **spec: Any
    ) -> Faults:
        """Change the faults at run time and return the faults now in force.

        ``set_faults(Faults(...))`` replaces them all; ``set_faults(error_rate=1.0)`` replaces
        the default spec; ``set_faults(endpoint="token", drop_rate=1.0)`` one endpoint's spec;
        ``set_faults()`` clears every fault.
        """
        if faults is not None and (spec or endpoint is not None):
            raise TypeError("pass either a Faults object or fault settings, not both")
        if faults is None:
            try:
                new_spec = FaultSpec(**spec)
            except TypeError as exc:
                raise FaultsError(f"faults: {exc}") from None
            current = self._server.faults
            if endpoint is None:
                faults = current.with_default(new_spec) if spec else Faults()
            elif endpoint not in ENDPOINTS:
                raise FaultsError(f"unknown endpoint {endpoint!r} (known: {', '.join(ENDPOINTS)})")
            else:
                faults = current.with_endpoint(endpoint, new_spec)
        self._server.faults = faults
        return faults

    def reset(self) -> None:
        """Forget all state and the journal, void every token, restore the configured faults."""
        self._server.reset()

    def requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The recent request journal (secrets masked), oldest first."""
        return self._server.state.recent(limit)

    # --- phone demo (LAN mode): see scb_console.sandbox.lan --------------------------------------

    def set_redirect_handler(self, handler: RedirectHandler | None) -> None:
        """Who gets the redirect URL of an approval on the LAN listener (called on the sandbox
        thread); None: the LAN consent page refuses to take approvals."""
        self._on_redirect = handler
        if self._lan is not None:
            self._lan.on_redirect = handler

    def start_lan(self, host: str, port: int | None = None) -> str:
        """Also serve the consent page (only it) on ``host``, a LAN address of this machine;
        returns its root URL. Raises LanAddressError (a ValueError) when it cannot listen."""
        with self._lock:
            loop = self._loop
            if self._thread is None or loop is None:
                raise RuntimeError("start the sandbox before its LAN listener")
            if self._lan is None:
                from scb_console.sandbox.lan import LanListener

                self._lan = LanListener(self._server, on_redirect=self._on_redirect)
            future = asyncio.run_coroutine_threadsafe(self._lan.start(host, port), loop)
            return future.result(THREAD_TIMEOUT)

    def stop_lan(self) -> None:
        """Close the LAN listener (its connections too). Safe to call when it is not running."""
        with self._lock:
            loop = self._loop
            lan = self._lan
            if loop is None or lan is None or not lan.running:
                return
            asyncio.run_coroutine_threadsafe(lan.stop(), loop).result(THREAD_TIMEOUT)

    @property
    def lan_root_url(self) -> str | None:
        """``http://<lan-address>:<port>`` while the LAN listener runs, else None."""
        try:
            return None if self._lan is None else self._lan.root_url
        except RuntimeError:  # not running (or stopped in between)
            return None

    def lan_consent_url(self, login_id: str) -> str | None:
        """The consent page of ``login_id`` on the LAN listener, or None when it is off."""
        root = self.lan_root_url
        return None if root is None else root + f"/_sandbox/easy/login/{login_id}"
