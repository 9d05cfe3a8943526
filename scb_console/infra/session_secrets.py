"""Session-only secrets, and whether any OS keyring can be reached, found without ``keyring``.

``keyring`` finds its backend by loading every one it knows (entry points through
``importlib_metadata``; the Secret Service backend imports ``secretstorage``, which imports
``cryptography`` and ``jeepney``), then asks each whether it is viable. That is some 14 MiB of
memory and 100 ms of CPU, paid even where nothing can answer.

On Linux and the BSDs every OS keyring the console accepts (Secret Service: gnome-keyring,
KeePassXC...; KWallet) is reached over the D-Bus session bus. Without one (a headless machine,
a container, a CI job, an ssh session without a desktop), :func:`keyring_unreachable` says so
from the environment alone and :func:`open_secret_store` hands back session-only memory with
that reason, without importing ``keyring``. Whenever a bus may be there, or the user configured
keyring (``PYTHON_KEYRING_BACKEND``, ``keyringrc.cfg``), or on macOS and Windows, the decision is
``keyring``'s, as before (:mod:`scb_console.infra.secrets`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from scb_console.core.i18n import tr
from scb_console.core.ports import MemorySecretStore, SecretStore

#: What to tell a person when no keyring can be used (English; :func:`no_keyring_hint` says it
#: in the current language).
NO_KEYRING_HINT: Final = (
    "install and unlock gnome-keyring (or KWallet, or your platform's keychain), "
    "or use session-only secrets"
)


def no_keyring_hint() -> str:
    """:data:`NO_KEYRING_HINT` in the current language."""
    return tr(
        "install and unlock gnome-keyring (or KWallet, or your platform's keychain), "
        "or use session-only secrets"
    )


class SessionSecretStore(MemorySecretStore):
    """Session-only memory, with the reason the OS keyring could not be used."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        #: Why there is no keyring, in words a person can act on.
        self.reason = reason


def _keyring_config_file(environ: Mapping[str, str]) -> Path:
    """Where keyring reads its configuration on Linux (``keyring.util.platform_``)."""
    root = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(root, "python_keyring", "keyringrc.cfg")


def keyring_unreachable(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """Why no OS keyring can be reached from this process, or None when one may be (and
    ``keyring`` decides)."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if system == "darwin" or system.startswith(("win", "cygwin")):
        return None  # the Keychain, the Credential Manager: no bus needed
    if env.get("PYTHON_KEYRING_BACKEND") or _keyring_config_file(env).is_file():
        return None  # configured by the user: keyring's call (file backends are still refused)
    if env.get("DBUS_SESSION_BUS_ADDRESS"):
        return None
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime, "bus").exists():
        return None  # the bus at its standard place (GDBus and libsecret find it there)
    return tr(
        "no OS keyring available: there is no D-Bus session bus here (DBUS_SESSION_BUS_ADDRESS "
        "is not set), and the Secret Service and KWallet are reached over it; {hint}",
        hint=no_keyring_hint(),
    )


def open_secret_store(*, probe: bool = True) -> SecretStore:
    """The OS keyring when one is usable, else session-only memory that says why (never a
    file): :func:`scb_console.infra.secrets.open_secret_store`, unless no keyring can be
    reached at all."""
    reason = keyring_unreachable()
    if reason is not None:
        return SessionSecretStore(reason)
    from scb_console.infra.secrets import open_secret_store as open_keyring_store

    return open_keyring_store(probe=probe)
