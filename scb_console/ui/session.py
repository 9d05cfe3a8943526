"""What the window works with, without Qt: the running services and the active profile's engine.

:class:`Services` is everything :func:`scb_console.ui.app.run_gui` (or a test) starts before the
window opens: the clock, the one shared HTTP client, the stores, the exchange log, the embedded
sandbox and the loopback redirect receiver.

:class:`ConsoleSession` is the active profile and what hangs off it: its API secret, an
:class:`~scb_console.core.client.SCBClient` and a :class:`~scb_console.core.flow.UserFlow`.
Switching profile builds a fresh client and flow; the tokens obtained so far stay in the token
inspector, labelled with the profile and environment that issued them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from scb_console.core.client import SCBClient
from scb_console.core.clock import Clock
from scb_console.core.contract import Environment
from scb_console.core.errors import FlowError, ProfileError
from scb_console.core.exchange import ExchangeLog
from scb_console.core.flow import UserFlow
from scb_console.core.i18n import tr as engine_tr
from scb_console.core.models import Profile, TokenSet
from scb_console.core.ports import ProfileStore, SecretStore

if TYPE_CHECKING:  # aiohttp (the sandbox, the receiver) loads on run_gui's start-up thread
    from scb_console.infra.receiver import RedirectReceiver
    from scb_console.sandbox import EmbeddedSandbox

#: The key the API secret is filed under in the secret store.
API_SECRET_KEY = "api_secret"
#: The name of the profile a first launch creates.
LOCAL_PROFILE_NAME = "Local sandbox"


@dataclass
class Services:
    """Everything the window needs from outside, started before it opens."""

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

    @property
    def callback_url(self) -> str | None:
        receiver = self.receiver
        if receiver is None or not receiver.running:
            return None
        return receiver.callback_url

    @property
    def sandbox_root_url(self) -> str | None:
        return None if self.sandbox is None else self.sandbox.root_url


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
