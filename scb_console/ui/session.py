"""What the window works with, without Qt: the running services and the active profile's engine.

:class:`Services` is everything :func:`scb_console.ui.app.run_gui` (or a test) starts before the
window opens: the clock, the one shared HTTP client, the stores, the exchange log, the embedded
sandbox and the loopback redirect receiver.

:class:`ConsoleSession` is the active profile and what hangs off it: its API secret, an
:class:`~scb_console.core.client.SCBClient` and a :class:`~scb_console.core.flow.UserFlow`.
Switching profile builds a fresh client and flow; the tokens obtained so far stay in the token
inspector, labelled with the profile and environment that issued them.

The app starts what the first frame does not show after it (issue 7): :class:`Startup` is that
work in progress, :class:`DeferredSecretStore` the OS keyring until it is open,
:class:`LazyHttpClient` the HTTP client until it is made and :class:`WriteBehindProfileStore`
the profile file until it is written. Each opens (or writes) at once, on the calling thread,
when something needs it before then, so nothing waits for the start-up to end.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scb_console.core.clock import Clock
from scb_console.core.contract import Environment
from scb_console.core.errors import FlowError, ProfileError
from scb_console.core.exchange import ExchangeLog
from scb_console.core.i18n import tr as engine_tr
from scb_console.core.models import Profile, TokenSet
from scb_console.core.ports import ProfileStore, SecretStore

if TYPE_CHECKING:  # loaded when first used: the first frame needs none of them
    import httpx

    from scb_console.core.client import SCBClient
    from scb_console.core.flow import UserFlow
    from scb_console.infra.receiver import RedirectReceiver
    from scb_console.sandbox import EmbeddedSandbox

log = logging.getLogger(__name__)

#: The key the API secret is filed under in the secret store.
API_SECRET_KEY = "api_secret"
#: The name of the profile a first launch creates.
LOCAL_PROFILE_NAME = "Local sandbox"


class Startup:
    """What the app still starts once the window has painted its first frame: the receiver,
    the OS keyring and the HTTP client (:func:`scb_console.ui.app.finish_services`).

    The window calls :meth:`begin` after its first frame; the app calls :meth:`finish` when
    all of it is up, which runs the :meth:`when_done` callbacks (the window then activates the
    profile it shows). ``notes`` are one-line messages for the status bar; ``profiles_changed``
    says the profiles were saved again (the receiver took another port than expected).
    """

    def __init__(self, begin: Callable[[], object] | None = None) -> None:
        self._begin = begin
        self._begun = False
        self._done = False
        self._on_begin: list[Callable[[], object]] = []
        self._callbacks: list[Callable[[], object]] = []
        #: The task doing the work (the app's), awaited or cancelled when the app shuts down.
        self.task: asyncio.Task[None] | None = None
        self.notes: list[str] = []
        self.profiles_changed = False

    @property
    def begun(self) -> bool:
        return self._begun

    @property
    def done(self) -> bool:
        return self._done

    def begin(self) -> None:
        """Start the rest (once; later calls do nothing): the :meth:`on_begin` callbacks, then
        the ``begin`` given."""
        if self._begun:
            return
        self._begun = True
        callbacks, self._on_begin = self._on_begin, []
        for callback in callbacks:
            try:
                callback()
            except Exception:
                log.exception("a start-up callback failed")
        if self._begin is not None:
            self._begin()

    def on_begin(self, callback: Callable[[], object]) -> None:
        """``callback()`` when :meth:`begin` is called (at once when it was already)."""
        if self._begun:
            callback()
        else:
            self._on_begin.append(callback)

    def when_done(self, callback: Callable[[], object]) -> None:
        """``callback()`` once everything is up (at once when it already is)."""
        if self._done:
            callback()
        else:
            self._callbacks.append(callback)

    def finish(self) -> None:
        """Everything is up: run the callbacks (each even when another fails)."""
        if self._done:
            return
        self._done = True
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            try:
                callback()
            except Exception:
                log.exception("a start-up callback failed")


class DeferredSecretStore:
    """A :class:`~scb_console.core.ports.SecretStore` opened after the first frame.

    ``opener`` opens the real store (the OS keyring, or session memory with the reason):
    :meth:`resolve` calls it once, on whichever thread asks first (the app asks on a worker
    thread after the first frame; a read or write before then opens it on the calling thread).
    Until then ``ready`` is False, ``persistent`` False and ``description`` empty: a window
    checks ``ready`` before showing either.
    """

    def __init__(self, opener: Callable[[], SecretStore]) -> None:
        self._opener = opener
        self._store: SecretStore | None = None
        self._lock = threading.Lock()
        self.persistent = False
        self.description = ""
        #: Why there is no OS keyring (when there is none), once opened.
        self.reason = ""

    @property
    def ready(self) -> bool:
        return self._store is not None

    def resolve(self) -> SecretStore:
        """The real store, opened now if it was not yet (thread-safe)."""
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is None:
                opened = self._opener()
                self.persistent = bool(getattr(opened, "persistent", False))
                self.description = str(getattr(opened, "description", ""))
                self.reason = str(getattr(opened, "reason", "") or "")
                self._store = opened
            return self._store

    def get(self, profile: str, key: str) -> str | None:
        return self.resolve().get(profile, key)

    def set(self, profile: str, key: str, value: str) -> None:
        self.resolve().set(profile, key, value)

    def delete(self, profile: str, key: str) -> None:
        self.resolve().delete(profile, key)

    def __repr__(self) -> str:
        return f"DeferredSecretStore({self._store!r})" if self.ready else "DeferredSecretStore()"


class WriteBehindProfileStore:
    """A :class:`~scb_console.core.ports.ProfileStore` whose writes wait while ``holding``.

    At start-up the app prepares the profiles (a first launch creates one; every launch points
    the local ones at the sandbox's new port) before the first frame, which shows them; the
    file is written after it (:meth:`flush`: an atomic write syncs the disk twice). Meanwhile
    :meth:`load` and :meth:`last_used` answer with what is held; a save or a last-used change
    made by the user writes what is held first, then their change, at once.
    """

    def __init__(self, store: ProfileStore) -> None:
        self._store = store
        #: While True, save() and set_last_used() are held (the app's start-up).
        self.holding = False
        self._profiles: list[Profile] | None = None
        self._last_used: str | None = None

    @property
    def store(self) -> ProfileStore:
        """The store written to."""
        return self._store

    @property
    def pending(self) -> bool:
        """Something is held, not written yet."""
        return self._profiles is not None or self._last_used is not None

    def flush(self) -> None:
        """Write what is held (and hold nothing more); ProfileError when it cannot."""
        self.holding = False
        profiles, last_used = self._profiles, self._last_used
        self._profiles = self._last_used = None
        if profiles is not None:
            self._store.save(profiles)
        if last_used is not None:
            self._store.set_last_used(last_used)

    def load(self) -> list[Profile]:
        if self._profiles is not None:
            return list(self._profiles)
        return list(self._store.load())

    def last_used(self) -> str | None:
        if self._last_used is not None:
            return self._last_used
        if self._profiles is not None:
            stored = self._store.last_used()
            return stored if stored in {p.name for p in self._profiles} else None
        return self._store.last_used()

    def save(self, profiles: Sequence[Profile]) -> None:
        if self.holding:
            self._profiles = list(profiles)
            return
        self.flush()
        self._store.save(profiles)

    def set_last_used(self, name: str) -> None:
        if self.holding:
            if name not in {p.name for p in self.load()}:
                raise ProfileError(engine_tr("no profile named {name!r}", name=name))
            self._last_used = name
            return
        self.flush()
        self._store.set_last_used(name)

    def __getattr__(self, name: str) -> Any:  # the file store's extras (path, warnings...)
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._store, name)


class LazyHttpClient:
    """Stands in for the shared ``httpx.AsyncClient`` until it exists.

    The app makes the client after the first frame (importing httpx takes some 50 ms; the CA
    certificates load later, for HTTPS only: core.transport) and :meth:`adopt` s it; anything
    that uses this object before then (every attribute but the ones below is the real
    client's) makes it at once with ``factory``. Either way it is the client ``factory``
    builds: TLS verification on.
    """

    def __init__(self, factory: Callable[[], httpx.AsyncClient]) -> None:
        self._factory = factory
        self._client: httpx.AsyncClient | None = None
        self._closed = False

    @property
    def built(self) -> bool:
        return self._client is not None

    def client(self) -> httpx.AsyncClient:
        """The real client, made now if it was not yet."""
        if self._client is None:
            if self._closed:
                raise RuntimeError("the HTTP client was closed before it was ever used")
            self._client = self._factory()
        return self._client

    def adopt(self, client: httpx.AsyncClient) -> bool:
        """Take ``client`` as the real one; False (keep the one already made) when a use
        before made it: the caller closes ``client`` then."""
        if self._client is not None or self._closed:
            return False
        self._client = client
        return True

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.client(), name)

    @property
    def is_closed(self) -> bool:
        return self._closed if self._client is None else self._client.is_closed

    async def aclose(self) -> None:
        self._closed = True
        if self._client is not None:
            await self._client.aclose()

    def __repr__(self) -> str:
        return f"LazyHttpClient({'made' if self.built else 'not made yet'})"


@dataclass
class Services:
    """Everything the window needs from outside, started before it opens (or, for what the
    first frame does not need, just after it: see :attr:`startup`)."""

    clock: Clock
    http: httpx.AsyncClient
    secret_store: SecretStore
    profile_store: ProfileStore
    exchange_log: ExchangeLog
    #: The embedded local sandbox (None when the console runs without one).
    sandbox: EmbeddedSandbox | None = None
    #: The loopback redirect receiver, already started (None when it could not listen).
    receiver: RedirectReceiver | None = None
    #: ``(usable, description)`` of the OS keyring, for the status bar.
    keyring: tuple[bool, str] = (False, "session memory only")
    #: The QSettings file (None: the platform's default place).
    settings_path: Path | None = None
    #: A one-off Accept-Language for this run (``--lang``); None keeps each profile's own.
    lang: str | None = None
    #: Where the log files go (shown in the About dialog).
    log_dir: Path | None = None
    #: Why the receiver is not listening, when it is not.
    receiver_problem: str | None = None
    #: What is still starting after the first frame (None: everything is up).
    startup: Startup | None = None

    @property
    def ready(self) -> bool:
        """Everything started (the window activates its profile only then)."""
        return self.startup is None or self.startup.done

    @property
    def callback_url(self) -> str | None:
        receiver = self.receiver
        if receiver is None or not receiver.running:
            return None
        return receiver.callback_url

    @property
    def sandbox_root_url(self) -> str | None:
        return None if self.sandbox is None else self.sandbox.root_url


def prepare_tls_soon(http: object) -> asyncio.Future[None] | None:
    """Load the CA certificates of the shared client's HTTPS transport on a worker thread (20-40
    ms, mostly in OpenSSL, which lets the GUI thread run), so an HTTPS profile's first request
    does not pay for them on the GUI thread. Nothing to do without a running loop or when
    they are loaded (core.transport.DeferredTLSTransport); else the worker's future."""
    from scb_console.core.transport import DeferredTLSTransport

    client = http.client() if isinstance(http, LazyHttpClient) else http
    transport = getattr(client, "_transport", None)
    if not isinstance(transport, DeferredTLSTransport) or transport.tls_ready:
        return None
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None  # (no loop: the first HTTPS request loads them)
    done = loop.run_in_executor(None, transport.prepare_tls)
    done.add_done_callback(_log_tls_failure)
    return done


def _log_tls_failure(future: asyncio.Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:  # (the request will say it)
        log.warning("loading the CA certificates failed: %s", future.exception())


@dataclass
class ConsoleSession:
    """The active profile, its secret, and the engine built from them."""

    services: Services
    profile: Profile | None = None
    client: SCBClient | None = None
    flow: UserFlow | None = None
    #: The last server token of this session, per profile name.
    server_tokens: dict[str, TokenSet] = field(default_factory=dict)
    #: Production profiles the user already confirmed sending to in this session.
    confirmed_production: set[str] = field(default_factory=set)
    #: Called with the old flow when a new profile replaces it (to unsubscribe listeners).
    on_flow_replaced: Callable[[UserFlow], None] | None = None

    def activate(self, profile: Profile) -> UserFlow:
        """Make ``profile`` the active one: a new client and flow over the shared HTTP client."""
        if self.services.lang and self.services.lang != profile.accept_language:
            profile = replace(profile, accept_language=self.services.lang)
        from scb_console.core.client import SCBClient
        from scb_console.core.flow import UserFlow

        secret = self.services.secret_store.get(profile.name, API_SECRET_KEY) or ""
        old = self.flow
        client = SCBClient(
            self.services.http,
            profile,
            secret,
            clock=self.services.clock,
            log=self.services.exchange_log,
        )
        auto, margin = (old.auto_refresh, old.refresh_margin) if old is not None else (False, 60.0)
        flow = UserFlow(client, clock=self.services.clock, auto_refresh=auto, refresh_margin=margin)
        if old is not None:
            if self.on_flow_replaced is not None:
                self.on_flow_replaced(old)  # listeners leave the old flow first...
            old.cancel()  # ...so its "cancelled" is not taken for the new flow's
        self.profile, self.client, self.flow = profile, client, flow
        if profile.resolved_base_url.lower().startswith("https:"):
            prepare_tls_soon(self.services.http)
        return flow

    def require_client(self) -> SCBClient:
        if self.client is None:
            raise ProfileError(_no_profile())
        return self.client

    def require_flow(self) -> UserFlow:
        if self.flow is None:
            raise FlowError(_no_profile())
        return self.flow

    @property
    def environment(self) -> Environment | None:
        return None if self.profile is None else self.profile.environment

    @property
    def needs_production_confirmation(self) -> bool:
        profile = self.profile
        return (
            profile is not None
            and profile.environment is Environment.PRODUCTION
            and profile.name not in self.confirmed_production
        )


def _no_profile() -> str:
    return engine_tr("No profile is selected: pick or add one in the Credentials panel")
