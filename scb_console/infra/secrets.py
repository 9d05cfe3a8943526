"""Secrets in the OS keyring (Secret Service, macOS Keychain, Windows Credential Manager, KWallet).

:class:`KeyringSecretStore` implements :class:`scb_console.core.ports.SecretStore` with the
``keyring`` library: service ``"scb-console"``, username ``"<profile>:<key>"``.

The console never keeps a secret in a file. A keyring backend that does (the ``keyrings.alt``
plaintext and "encrypted" file backends, ``keyrings.cryptfile``) is refused, and so are the
``fail`` and ``null`` backends keyring picks when it finds nothing. :func:`open_secret_store`
then hands back session-only memory with the reason, which the UI shows.

The console opens its store through ``session_secrets.open_secret_store``
(:mod:`scb_console.infra.session_secrets`), which does not import this module (nor
``keyring``) where no OS keyring can be reached.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null

from scb_console.core.errors import SecretStoreError
from scb_console.core.i18n import tr
from scb_console.core.ports import SecretStore
from scb_console.infra.keyring_plugins import plugins_found_here
from scb_console.infra.session_secrets import NO_KEYRING_HINT, SessionSecretStore, no_keyring_hint

__all__ = [
    "NO_KEYRING_HINT",
    "SERVICE",
    "KeyringSecretStore",
    "SessionSecretStore",
    "default_backend",
    "describe_backend",
    "keyring_status",
    "open_secret_store",
    "refusal",
]

#: The keyring "service" every console secret is filed under.
SERVICE: Final = "scb-console"


#: Modules of keyring backends that keep secrets in files: refused whatever their priority.
_FILE_BACKEND_MODULES: Final = ("keyrings.alt", "keyrings.cryptfile")
_FILE_BACKEND_NAMES: Final = re.compile(
    r"Plaintext|Encrypted|Registry|^File|File(Keyring|Backend)$"
)

_DESCRIPTIONS: Final = {
    "keyring.backends.SecretService": "Secret Service",
    "keyring.backends.libsecret": "Secret Service (libsecret)",
    "keyring.backends.kwallet": "KWallet",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Manager",
}

#: A key no one stores: reading it proves the keyring answers (and is unlocked).
_PROBE_KEY: Final = "__probe__"


def _module(backend: keyring.backend.KeyringBackend) -> str:
    return type(backend).__module__


def _name(backend: keyring.backend.KeyringBackend) -> str:
    try:
        return str(backend.name)
    except Exception:  # a broken third-party backend: its class name will do
        return type(backend).__qualname__


def describe_backend(backend: keyring.backend.KeyringBackend) -> str:
    """A short name for the status bar: ``"Secret Service"``, ``"macOS Keychain"``, ..."""
    module = _module(backend)
    for prefix, description in _DESCRIPTIONS.items():
        if module == prefix or module.startswith(prefix + "."):
            return description
    return _name(backend)


def refusal(backend: keyring.backend.KeyringBackend) -> str | None:
    """Why ``backend`` must not hold the console's secrets, or None when it may.

    Refused: the ``fail`` and ``null`` backends, backends that keep secrets in files
    (``keyrings.alt``, ``keyrings.cryptfile``, any backend with a ``file_path``), a backend that
    is not viable here, and one keyring itself rates as not recommended (priority below 1).
    """
    if isinstance(backend, fail.Keyring):
        return tr("no OS keyring available: {hint}", hint=no_keyring_hint())
    if isinstance(backend, null.Keyring):
        return tr(
            "the keyring is disabled (the 'null' backend is configured): {hint}",
            hint=no_keyring_hint(),
        )
    if isinstance(backend, chainer.ChainerBackend):
        return tr("the keyring chainer is not used directly; pick one of its backends")
    module = _module(backend)
    cls_name = type(backend).__name__
    if (
        module.startswith(_FILE_BACKEND_MODULES)
        or hasattr(type(backend), "file_path")
        or (_FILE_BACKEND_NAMES.search(cls_name) and not module.startswith("keyring.backends."))
    ):
        return tr(
            "refusing the {name!r} keyring backend: it keeps secrets in a file, and the console "
            "never does; {hint}",
            name=_name(backend),
            hint=no_keyring_hint(),
        )
    try:
        priority = float(backend.priority)
    except Exception as exc:  # keyring signals "not viable here" by raising from priority
        return tr(
            "the {keyring} keyring is not usable: {error}; {hint}",
            keyring=describe_backend(backend),
            error=exc,
            hint=no_keyring_hint(),
        )
    if priority < 1:
        return tr(
            "refusing the {name!r} keyring backend: keyring rates it as not recommended "
            "(priority {priority:g}); {hint}",
            name=_name(backend),
            priority=priority,
            hint=no_keyring_hint(),
        )
    return None


def _candidates(backend: keyring.backend.KeyringBackend) -> list[keyring.backend.KeyringBackend]:
    if isinstance(backend, chainer.ChainerBackend):
        return list(backend.backends)
    return [backend]


#: keyring's macOS backend's binding to the Keychain API (it imports ctypes).
_MACOS_API: Final = "keyring.backends.macOS.api"


@contextmanager
def _no_keychain_api_off_macos() -> Iterator[None]:
    """While keyring picks a backend off macOS, its macOS backend finds no Keychain API.

    keyring imports every backend it knows to ask each whether it can work here. Its macOS
    backend imports its Keychain binding, which imports ``ctypes``: 0.8 MiB resident, on a
    system that has no Keychain (the backend's priority answers "macOS required" before
    anything uses the binding). The binding is made unimportable for the time of the choice;
    the backend expects that it may fail to import (``try: from . import api``) and says the
    same as before. On macOS nothing changes.
    """
    if sys.platform == "darwin" or _MACOS_API in sys.modules:
        yield
        return
    sys.modules[_MACOS_API] = None  # type: ignore[assignment]  # (an import of it fails)
    try:
        yield
    finally:
        if _MACOS_API in sys.modules and sys.modules[_MACOS_API] is None:
            del sys.modules[_MACOS_API]


def default_backend() -> keyring.backend.KeyringBackend:
    """The keyring backend the console would use, or SecretStoreError saying why there is none.

    Starts from what ``keyring`` chose (its config file and ``PYTHON_KEYRING_BACKEND`` apply);
    a chainer is opened up and its best acceptable backend taken. keyring finds its plugins
    without ``importlib_metadata`` where it can (:mod:`scb_console.infra.keyring_plugins`).
    """
    try:
        with _no_keychain_api_off_macos(), plugins_found_here(keyring.backend):
            chosen = keyring.get_keyring()
    except Exception as exc:
        raise SecretStoreError(
            tr(
                "the keyring could not be initialised: {error}; {hint}",
                error=exc,
                hint=no_keyring_hint(),
            )
        ) from None
    reasons: list[str] = []
    for candidate in _candidates(chosen):
        reason = refusal(candidate)
        if reason is None:
            return candidate
        reasons.append(reason)
    if reasons:
        raise SecretStoreError(reasons[0])
    raise SecretStoreError(tr("no OS keyring available: {hint}", hint=no_keyring_hint()))


def _check_name(what: str, value: str) -> None:
    if not value or any(ord(ch) < 32 for ch in value):
        if what == "profile":
            raise SecretStoreError(
                tr("a secret's profile must be non-empty text without control characters")
            )
        raise SecretStoreError(
            tr("a secret's key must be non-empty text without control characters")
        )


class KeyringSecretStore:
    """A :class:`~scb_console.core.ports.SecretStore` in the OS keyring.

    ``keyring_backend`` defaults to the one :func:`default_backend` finds. A backend that
    :func:`refusal` rejects raises :class:`SecretStoreError` here, never later.
    """

    persistent = True

    def __init__(self, keyring_backend: keyring.backend.KeyringBackend | None = None) -> None:
        backend = default_backend() if keyring_backend is None else keyring_backend
        reason = refusal(backend)
        if reason is not None:
            raise SecretStoreError(reason)
        self._backend = backend
        #: A short description for the status bar ("Secret Service").
        self.description: str = describe_backend(backend)

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        return self._backend

    def __repr__(self) -> str:
        return f"KeyringSecretStore({self.description!r})"

    @staticmethod
    def username(profile: str, key: str) -> str:
        """The keyring username a secret is filed under: ``"<profile>:<key>"``."""
        return f"{profile}:{key}"

    def _fail(self, action: str, profile: str, key: str, exc: Exception) -> SecretStoreError:
        if isinstance(exc, keyring.errors.KeyringLocked):
            detail = tr(
                "the {keyring} keyring is locked: unlock it (log in to the desktop session, or "
                "unlock gnome-keyring), or use session-only secrets",
                keyring=self.description,
            )
        elif isinstance(exc, keyring.errors.NoKeyringError):
            detail = tr("no OS keyring available: {hint}", hint=no_keyring_hint())
        else:
            text = str(exc).strip() or type(exc).__name__
            detail = tr(
                "the {keyring} keyring refused: {error}; {hint}",
                keyring=self.description,
                error=text,
                hint=no_keyring_hint(),
            )
        fields = {"key": key, "profile": profile, "detail": detail}
        if action == "read":
            message = tr(
                "could not read the secret {key!r} of profile {profile!r}: {detail}", **fields
            )
        elif action == "store":
            message = tr(
                "could not store the secret {key!r} of profile {profile!r}: {detail}", **fields
            )
        else:
            message = tr(
                "could not delete the secret {key!r} of profile {profile!r}: {detail}", **fields
            )
        return SecretStoreError(message)

    def get(self, profile: str, key: str) -> str | None:
        _check_name("profile", profile)
        _check_name("key", key)
        try:
            value = self._backend.get_password(SERVICE, self.username(profile, key))
        except Exception as exc:
            raise self._fail("read", profile, key, exc) from None
        return None if value is None else str(value)

    def set(self, profile: str, key: str, value: str) -> None:
        _check_name("profile", profile)
        _check_name("key", key)
        if not isinstance(value, str):
            raise SecretStoreError(
                tr(
                    "the secret {key!r} of profile {profile!r} must be text",
                    key=key,
                    profile=profile,
                )
            )
        try:
            self._backend.set_password(SERVICE, self.username(profile, key), value)
        except Exception as exc:
            raise self._fail("store", profile, key, exc) from None

    def delete(self, profile: str, key: str) -> None:
        """Remove the secret; no error when there is none."""
        _check_name("profile", profile)
        _check_name("key", key)
        username = self.username(profile, key)
        try:
            self._backend.delete_password(SERVICE, username)
        except keyring.errors.PasswordDeleteError:
            # "no such password" on most backends; make sure it really is gone
            try:
                still = self._backend.get_password(SERVICE, username)
            except Exception as exc:
                raise self._fail("delete", profile, key, exc) from None
            if still is not None:
                raise SecretStoreError(
                    tr(
                        "could not delete the secret {key!r} of profile {profile!r}: the "
                        "{keyring} keyring refused",
                        key=key,
                        profile=profile,
                        keyring=self.description,
                    )
                ) from None
        except Exception as exc:
            raise self._fail("delete", profile, key, exc) from None

    def probe(self) -> None:
        """Read a key no one stores: SecretStoreError when the keyring is locked or unreachable."""
        self.get(SERVICE, _PROBE_KEY)


def keyring_status(*, probe: bool = True) -> tuple[bool, str]:
    """``(True, "Secret Service")`` when the OS keyring can be used, else ``(False, reason)``.

    With ``probe`` the keyring is asked for a key no one stores, which finds a locked or
    unreachable keyring now rather than at the first save.
    """
    try:
        store = KeyringSecretStore()
        if probe:
            store.probe()
    except SecretStoreError as exc:
        return False, str(exc)
    return True, store.description


def open_secret_store(*, probe: bool = True) -> SecretStore:
    """The OS keyring when one is usable, else session-only memory (never a file).

    The fallback is a :class:`SessionSecretStore` whose ``reason`` says why.
    """
    try:
        store = KeyringSecretStore()
        if probe:
            store.probe()
    except SecretStoreError as exc:
        return SessionSecretStore(str(exc))
    return store
