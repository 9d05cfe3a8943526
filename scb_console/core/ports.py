"""What the engine needs from outside, as protocols. ``scb_console.infra`` implements them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from scb_console.core.models import Profile


class SecretStore(Protocol):
    """Where secrets live: the OS keyring, or session-only memory when there is none.

    ``key`` names a secret within a profile: ``"api_secret"``, ``"access_token"``, ...
    Implementations raise :class:`scb_console.core.errors.SecretStoreError` when they cannot.
    """

    #: A short description for the status bar ("Secret Service", "session memory only").
    description: str
    #: False for a store that forgets everything when the process ends.
    persistent: bool

    def get(self, profile: str, key: str) -> str | None: ...

    def set(self, profile: str, key: str, value: str) -> None: ...

    def delete(self, profile: str, key: str) -> None:
        """Remove the secret; no error when there is none."""
        ...


class ProfileStore(Protocol):
    """Where profiles (non-secret fields only) are kept."""

    def load(self) -> Sequence[Profile]: ...

    def save(self, profiles: Sequence[Profile]) -> None: ...

    def last_used(self) -> str | None: ...

    def set_last_used(self, name: str) -> None: ...


class MemorySecretStore:
    """Session-only secrets: the fallback when no keyring works, and the store tests use."""

    description = "session memory only"
    persistent = False

    def __init__(self) -> None:
        self._secrets: dict[tuple[str, str], str] = {}

    def get(self, profile: str, key: str) -> str | None:
        return self._secrets.get((profile, key))

    def set(self, profile: str, key: str, value: str) -> None:
        self._secrets[(profile, key)] = value

    def delete(self, profile: str, key: str) -> None:
        self._secrets.pop((profile, key), None)
