"""Typed results and the profile: frozen dataclasses, no I/O."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scb_console.core import contract
from scb_console.core.clock import Clock, Deadline
from scb_console.core.contract import Environment


class TokenKind(enum.StrEnum):
    SERVER = "server"  # 2-legged: API key + secret
    USER = "user"  # 3-legged: from an authorization code (or a refresh of one)


@dataclass(frozen=True, slots=True)
class TokenSet:
    """One token response, with when it was issued on both clocks.

    ``expires_at`` and ``refresh_expires_at`` are the server's epoch seconds as sent;
    the local deadlines are ``issued_mono + expires_in`` on the monotonic clock.
    """

    kind: TokenKind
    access_token: str
    token_type: str
    expires_in: int
    expires_at: int | None
    issued_mono: float
    issued_wall: float
    request_uid: str
    profile_name: str
    environment: Environment
    base_url: str
    refresh_token: str | None = None
    refresh_expires_in: int | None = None
    refresh_expires_at: int | None = None
    #: The customer's id from the code exchange's ``resourceOwnerId`` response header.
    resource_owner_id: str | None = None
    #: The response's ``Date`` header as epoch seconds, if it had one.
    server_date: float | None = None
    #: ``server_date - issued_wall``: positive when the server's clock is ahead of ours.
    skew: float | None = None
    #: The raw ``data`` object of the response (secrets unmasked: mask before showing).
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: The ``requestUId`` of the token this one replaced by a refresh, if any.
    replaces: str | None = None

    @property
    def access_deadline(self) -> Deadline:
        return Deadline(self.issued_mono + self.expires_in)

    @property
    def refresh_deadline(self) -> Deadline | None:
        if self.refresh_token is None or self.refresh_expires_in is None:
            return None
        return Deadline(self.issued_mono + self.refresh_expires_in)

    def access_remaining(self, clock: Clock) -> float:
        return self.access_deadline.remaining(clock)

    def refresh_remaining(self, clock: Clock) -> float | None:
        deadline = self.refresh_deadline
        return None if deadline is None else deadline.remaining(clock)

    @property
    def authorization_header(self) -> str:
        return f"{self.token_type or contract.TOKEN_TYPE_BEARER} {self.access_token}"

    def __repr__(self) -> str:  # never print a token in a traceback or a log line
        return (
            f"TokenSet(kind={self.kind.value}, profile={self.profile_name!r}, "
            f"environment={self.environment.value}, expires_in={self.expires_in}, "
            f"request_uid={self.request_uid!r})"
        )


_LOGIN_ID = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://login/([^/?#]+)")


@dataclass(frozen=True, slots=True)
class AuthorizeResult:
    """The answer of ``GET /v2/oauth/authorize``: the deeplink to open in SCB Easy."""

    deeplink: str
    request_uid: str
    #: The ``state`` the console sent and expects back on the redirect (None if none was sent).
    state: str | None = None

    @property
    def login_id(self) -> str | None:
        """The ``<uuid>`` of ``scbeasysim://login/<uuid>``, or None for another shape."""
        match = _LOGIN_ID.match(self.deeplink)
        return match.group(1) if match else None


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    """The ``profile`` object of ``GET /v2/customers/profile``; ``raw`` keeps every field."""

    raw: Mapping[str, Any]
    request_uid: str

    def _text(self, name: str) -> str:
        value = self.raw.get(name)
        return value if isinstance(value, str) else ""

    @property
    def citizen_id(self) -> str:
        return self._text("citizenID")

    @property
    def thai_name(self) -> str:
        parts = (self._text("thaiTitle"), self._text("thaiFirstName"), self._text("thaiLastName"))
        return " ".join(p for p in parts if p)

    @property
    def english_name(self) -> str:
        parts = (self._text("engTitle"), self._text("engFirstName"), self._text("engLastName"))
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class RedirectParams:
    """What the redirect to the callback URL carried."""

    code: str | None
    state: str | None
    status: str | None
    #: The partner's own query pairs echoed back (reserved names excluded).
    extras: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    """A named set of non-secret settings. The API secret lives in the keyring, never here."""

    name: str
    environment: Environment = Environment.LOCAL
    api_key: str = ""
    #: Required for CUSTOM and LOCAL (the embedded sandbox's URL); ignored for SCB's environments.
    base_url: str = ""
    callback_url: str = ""
    response_channel: str = contract.RESPONSE_CHANNELS[0]
    end_state: str = contract.END_STATES[0]
    accept_language: str = contract.ACCEPT_LANGUAGES[0]
    redirect_option: str = ""
    partner_query: tuple[tuple[str, str], ...] = ()
    #: Request timeout in seconds for every call of this profile.
    timeout: float = 15.0

    @property
    def resolved_base_url(self) -> str:
        """The base URL requests go to: SCB's for its environments, the profile's otherwise."""
        default = self.environment.default_base_url
        url = default if default is not None else self.base_url
        return url.rstrip("/")
