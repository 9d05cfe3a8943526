"""The keyring SecretStore: an in-memory backend everywhere, the real Secret Service where there is.

The ``secret_service`` tests talk to a real Secret Service (gnome-keyring on D-Bus). They skip when
none is reachable, and FAIL instead when ``SCB_CONSOLE_REQUIRE_SECRET_SERVICE=1`` (CI sets it), so
CI can never pass by quietly skipping them. Run them locally with::

    dbus-run-session -- bash -c 'export XDG_RUNTIME_DIR=$(mktemp -d);
        echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null;
        SCB_CONSOLE_REQUIRE_SECRET_SERVICE=1 pytest -q tests/infra/test_secrets.py'
"""

from __future__ import annotations

import os
import sys
import textwrap
import uuid
from pathlib import Path
from typing import Any, ClassVar

import keyring
import keyring.backend
import keyring.core
import keyring.errors
import pytest
from keyring.backends import SecretService, chainer, fail, null
from keyring.compat import properties
from keyring.testing.backend import BackendBasicTests

from scb_console.core.contract import Environment
from scb_console.core.errors import SecretStoreError
from scb_console.core.models import Profile
from scb_console.core.ports import MemorySecretStore, SecretStore
from scb_console.infra import secrets
from scb_console.infra.profiles import FileProfileStore
from scb_console.infra.secrets import (
    SERVICE,
    KeyringSecretStore,
    SessionSecretStore,
    keyring_status,
    open_secret_store,
    refusal,
)
from tests.scripts import RECORD_LOGS, run_json_script

THAI_SECRET = "รหัสลับ-ξεσκεπάζω-🔑-" + "x" * 40


def _unregister(cls: type[keyring.backend.KeyringBackend]) -> None:
    """Keep a test backend out of keyring's registry, so keyring never picks it on its own."""
    keyring.backend.KeyringBackend._classes.discard(cls)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that keeps passwords in a dict: the OS keyring's stand-in for tests."""

    @properties.classproperty
    def priority(cls) -> float:
        return 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("no such password") from None


_unregister(MemoryKeyring)


class RaisingKeyring(MemoryKeyring):
    """Every operation fails with the exception given."""

    def __init__(self, exc: Exception) -> None:
        super().__init__()
        self.exc = exc

    def get_password(self, service: str, username: str) -> str | None:
        raise self.exc

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.exc

    def delete_password(self, service: str, username: str) -> None:
        raise self.exc


_unregister(RaisingKeyring)


class PlaintextKeyring(MemoryKeyring):
    """Looks like keyrings.alt's plaintext file backend (which is not installed here)."""

    @properties.classproperty
    def priority(cls) -> float:
        return 5  # even a high priority does not make a file backend acceptable


PlaintextKeyring.__module__ = "keyrings.alt.file"
_unregister(PlaintextKeyring)


class EncryptedKeyring(MemoryKeyring):
    pass


EncryptedKeyring.__module__ = "keyrings.alt.file"
_unregister(EncryptedKeyring)


class FileBackedKeyring(MemoryKeyring):
    """A third-party backend that keeps a file (keyrings.alt's file_base exposes file_path)."""

    file_path = "/tmp/secrets.cfg"


FileBackedKeyring.__module__ = "somebody.keyring_backend"
_unregister(FileBackedKeyring)


class LowPriorityKeyring(MemoryKeyring):
    @properties.classproperty
    def priority(cls) -> float:
        return 0.5


_unregister(LowPriorityKeyring)


class NotViableKeyring(MemoryKeyring):
    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("the daemon is neither running nor activatable")


_unregister(NotViableKeyring)


class FakeChainer(chainer.ChainerBackend):
    """A chainer over backends a test chooses (keyring's own discovers them from the system)."""

    chained: ClassVar[list[keyring.backend.KeyringBackend]] = []

    @properties.classproperty
    def backends(cls) -> list[keyring.backend.KeyringBackend]:
        return list(cls.chained)


_unregister(FakeChainer)


@pytest.fixture
def use_keyring(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make keyring's process-wide backend one the test chooses, and restore it afterwards."""

    def use(backend: keyring.backend.KeyringBackend) -> None:
        monkeypatch.setattr(keyring.core, "_keyring_backend", backend)

    return use


# --- the test backend itself passes keyring's own backend tests ----------


class TestMemoryKeyringIsAKeyring(BackendBasicTests):
    def init_keyring(self) -> keyring.backend.KeyringBackend:
        return MemoryKeyring()


# --- KeyringSecretStore over the in-memory backend ----------


def test_round_trip_files_secrets_under_service_and_profile_key() -> None:
    backend = MemoryKeyring()
    store: SecretStore = KeyringSecretStore(backend)
    assert store.get("demo", "api_secret") is None
    store.set("demo", "api_secret", "s3cr3t-value")
    assert backend.passwords == {(SERVICE, "demo:api_secret"): "s3cr3t-value"}
    assert store.get("demo", "api_secret") == "s3cr3t-value"
    assert store.get("other", "api_secret") is None
    store.set("demo", "api_secret", "second")
    assert store.get("demo", "api_secret") == "second"
    store.delete("demo", "api_secret")
    assert store.get("demo", "api_secret") is None
    assert backend.passwords == {}


def test_unicode_and_empty_values_survive() -> None:
    store = KeyringSecretStore(MemoryKeyring())
    store.set("ทดสอบ", "refresh_token", THAI_SECRET)
    assert store.get("ทดสอบ", "refresh_token") == THAI_SECRET
    store.set("ทดสอบ", "refresh_token", "")
    assert store.get("ทดสอบ", "refresh_token") == ""


def test_delete_of_a_missing_secret_is_not_an_error() -> None:
    store = KeyringSecretStore(MemoryKeyring())
    store.delete("demo", "access_token")
    assert store.get("demo", "access_token") is None


def test_store_is_persistent_and_describes_its_backend() -> None:
    store = KeyringSecretStore(MemoryKeyring())
    assert store.persistent is True
    assert store.description == MemoryKeyring().name
    store.set("demo", "api_secret", "hide-me-please")
    assert "hide-me-please" not in repr(store)


@pytest.mark.parametrize(
    ("module", "description"),
    [
        ("keyring.backends.SecretService", "Secret Service"),
        ("keyring.backends.macOS", "macOS Keychain"),
        ("keyring.backends.Windows", "Windows Credential Manager"),
        ("keyring.backends.kwallet", "KWallet"),
    ],
)
def test_description_names_the_os_keyring(module: str, description: str) -> None:
    # describe_backend goes by the backend's module, as keyring's own classes are laid out
    fake = type("Keyring", (MemoryKeyring,), {"__module__": module})
    _unregister(fake)
    backend = fake()
    assert KeyringSecretStore(backend).description == description


@pytest.mark.parametrize(("profile", "key"), [("", "api_secret"), ("demo", ""), ("a\nb", "k")])
def test_empty_or_control_names_are_refused(profile: str, key: str) -> None:
    store = KeyringSecretStore(MemoryKeyring())
    with pytest.raises(SecretStoreError, match="non-empty"):
        store.set(profile, key, "v")


# --- refusing backends that are not an OS keyring ----------


@pytest.mark.parametrize(
    ("backend", "words"),
    [
        (fail.Keyring(), "no OS keyring available: install and unlock gnome-keyring"),
        (null.Keyring(), "'null' backend"),
        (PlaintextKeyring(), "keeps secrets in a file"),
        (EncryptedKeyring(), "keeps secrets in a file"),
        (FileBackedKeyring(), "keeps secrets in a file"),
        (LowPriorityKeyring(), "not recommended (priority 0.5)"),
        (NotViableKeyring(), "not usable: the daemon is neither running"),
    ],
    ids=["fail", "null", "plaintext", "encrypted", "file_path", "low-priority", "not-viable"],
)
def test_refused_backends(backend: keyring.backend.KeyringBackend, words: str) -> None:
    reason = refusal(backend)
    assert reason is not None
    assert words in reason
    with pytest.raises(SecretStoreError) as info:
        KeyringSecretStore(backend)
    assert words in str(info.value)
    assert "session-only" in str(info.value)


def test_acceptable_backend_is_not_refused() -> None:
    assert refusal(MemoryKeyring()) is None


def test_default_backend_picks_the_acceptable_one_out_of_a_chainer(use_keyring: Any) -> None:
    good = MemoryKeyring()
    FakeChainer.chained = [PlaintextKeyring(), good]
    try:
        use_keyring(FakeChainer())
        assert secrets.default_backend() is good
        store = open_secret_store()
        assert isinstance(store, KeyringSecretStore)
        assert store.backend is good
    finally:
        FakeChainer.chained = []


def test_a_chainer_of_file_backends_only_gives_session_memory(use_keyring: Any) -> None:
    FakeChainer.chained = [PlaintextKeyring()]
    try:
        use_keyring(FakeChainer())
        store = open_secret_store()
    finally:
        FakeChainer.chained = []
    assert isinstance(store, SessionSecretStore)
    assert "keeps secrets in a file" in store.reason


# --- open_secret_store and keyring_status ----------


def test_no_keyring_gives_session_memory_with_the_reason(use_keyring: Any) -> None:
    use_keyring(fail.Keyring())
    store = open_secret_store()
    assert isinstance(store, SessionSecretStore)
    assert isinstance(store, MemorySecretStore)
    assert store.persistent is False
    assert store.description == "session memory only"
    assert store.reason.startswith("no OS keyring available: install and unlock gnome-keyring")
    ok, reason = keyring_status()
    assert ok is False
    assert reason == store.reason
    store.set("demo", "api_secret", "kept for the session")
    assert store.get("demo", "api_secret") == "kept for the session"


def test_usable_keyring_is_opened(use_keyring: Any) -> None:
    backend = MemoryKeyring()
    use_keyring(backend)
    store = open_secret_store()
    assert isinstance(store, KeyringSecretStore)
    assert store.backend is backend
    assert keyring_status() == (True, backend.name)


def test_locked_keyring_is_found_by_the_probe(use_keyring: Any) -> None:
    use_keyring(RaisingKeyring(keyring.errors.KeyringLocked("Failed to unlock the collection!")))
    ok, reason = keyring_status()
    assert ok is False
    assert "is locked: unlock it" in reason
    store = open_secret_store()
    assert isinstance(store, SessionSecretStore)
    assert "locked" in store.reason
    # without the probe the keyring looks fine until it is used
    assert keyring_status(probe=False)[0] is True


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (keyring.errors.KeyringLocked("Failed to unlock"), "is locked: unlock it"),
        (keyring.errors.NoKeyringError("none"), "no OS keyring available"),
        (keyring.errors.InitError("Failed to create the collection"), "refused: Failed to create"),
        (OSError("Connection refused"), "refused: Connection refused"),
        (keyring.errors.PasswordSetError(""), "refused: PasswordSetError"),
    ],
)
def test_backend_errors_become_one_line_secret_store_errors(exc: Exception, words: str) -> None:
    store = KeyringSecretStore(RaisingKeyring(exc))
    for action in (
        lambda: store.get("demo", "api_secret"),
        lambda: store.set("demo", "api_secret", "never-in-a-message"),
    ):
        with pytest.raises(SecretStoreError) as info:
            action()
        message = str(info.value)
        assert words in message
        assert "'api_secret' of profile 'demo'" in message
        assert "never-in-a-message" not in message
        assert "\n" not in message
        assert info.value.__cause__ is None


def test_delete_error_that_is_not_a_missing_secret_is_reported() -> None:
    class StubbornKeyring(MemoryKeyring):
        def delete_password(self, service: str, username: str) -> None:
            raise keyring.errors.PasswordDeleteError("denied")

    _unregister(StubbornKeyring)
    backend = StubbornKeyring()
    store = KeyringSecretStore(backend)
    store.set("demo", "api_secret", "x")
    with pytest.raises(SecretStoreError, match="could not delete"):
        store.delete("demo", "api_secret")


# --- the real Secret Service (gnome-keyring on D-Bus) ----------


def _secret_service_or_skip() -> keyring.backend.KeyringBackend:
    """The real SecretService backend; skip without one, or fail when CI requires one."""
    backend = SecretService.Keyring()
    reason = refusal(backend)
    if reason is None:
        return backend
    message = f"no Secret Service reachable on D-Bus: {reason}"
    if os.environ.get("SCB_CONSOLE_REQUIRE_SECRET_SERVICE") == "1":
        pytest.fail(f"SCB_CONSOLE_REQUIRE_SECRET_SERVICE=1 but {message}")
    pytest.skip(message)


@pytest.mark.secret_service
def test_real_secret_service_round_trip(tmp_path: Path) -> None:
    backend = _secret_service_or_skip()
    store = KeyringSecretStore(backend)
    assert store.description == "Secret Service"
    assert store.persistent is True
    store.probe()

    profile_name = f"test-{uuid.uuid4().hex[:12]}"
    secret = f"{THAI_SECRET}-{uuid.uuid4()}"
    try:
        assert store.get(profile_name, "api_secret") is None
        store.set(profile_name, "api_secret", secret)
        assert store.get(profile_name, "api_secret") == secret
        # filed where the contract says, readable by keyring itself
        assert backend.get_password(SERVICE, f"{profile_name}:api_secret") == secret
        # a second key of the same profile is a separate item
        store.set(profile_name, "refresh_token", "rt-" + "9" * 40)
        store.set(profile_name, "api_secret", secret + "!")
        assert store.get(profile_name, "api_secret") == secret + "!"
        assert store.get(profile_name, "refresh_token") == "rt-" + "9" * 40

        # the profile file next to it never holds the secret
        profiles = FileProfileStore(tmp_path / "profiles.toml")
        profiles.save(
            [
                Profile(
                    name=profile_name,
                    environment=Environment.LOCAL,
                    api_key="l7-api-key",
                    base_url="http://127.0.0.1:8080/partners/sandbox",
                )
            ]
        )
        text = (tmp_path / "profiles.toml").read_bytes()
        assert profile_name.encode() in text
        assert secret.encode() not in text
        assert b"secret" not in text.lower()
    finally:
        store.delete(profile_name, "api_secret")
        store.delete(profile_name, "refresh_token")
    assert store.get(profile_name, "api_secret") is None
    assert store.get(profile_name, "refresh_token") is None
    store.delete(profile_name, "api_secret")  # deleting again is fine


@pytest.mark.secret_service
def test_real_secret_service_is_what_open_secret_store_picks(use_keyring: Any) -> None:
    _secret_service_or_skip()
    use_keyring(None)  # let keyring discover the system's backend afresh
    assert keyring_status() == (True, "Secret Service")
    store = open_secret_store()
    assert isinstance(store, KeyringSecretStore)
    assert store.description == "Secret Service"


@pytest.mark.secret_service
class TestRealSecretServiceIsAKeyring(BackendBasicTests):
    """keyring's own backend tests, against the Secret Service the console will use."""

    def init_keyring(self) -> keyring.backend.KeyringBackend:
        return _secret_service_or_skip()


@pytest.mark.skipif(sys.platform == "darwin", reason="the Keychain binding is wanted on macOS")
def test_picking_a_backend_off_macos_loads_no_keychain_binding_and_says_the_same() -> None:
    """keyring imports every backend to ask each whether it works here; its macOS backend's
    Keychain binding imports ctypes (0.8 MiB). Off macOS it is not imported while keyring
    chooses: the choice, and what keyring logs, are as they were, and nothing is left in the
    binding's place afterwards."""
    code = RECORD_LOGS + textwrap.dedent(
        """
        import json, sys
        if sys.argv[1] == "ours":
            from scb_console.infra.secrets import default_backend
            try:
                chosen = type(default_backend()).__module__
            except Exception as exc:
                chosen = type(exc).__name__
        else:
            import keyring
            chosen = type(keyring.get_keyring()).__module__
        ctypes_loaded = "ctypes" in sys.modules
        import keyring.backends.macOS as macos
        viable = macos.Keyring.viable
        left = "keyring.backends.macOS.api" in sys.modules  # (no None left in its place)
        print(json.dumps({"chosen": chosen, "ctypes": ctypes_loaded, "macOS viable": viable,
                          "binding left in sys.modules": left,
                          "logged": [r for r in records if not r.startswith("DEBUG")]}))
        """
    )

    ours, keyrings_own = run_json_script(code, "ours"), run_json_script(code, "keyring's own")
    assert ours["ctypes"] is False
    assert keyrings_own["ctypes"] is True  # (what it costs without the guard)
    assert ours["macOS viable"] is False
    assert ours["binding left in sys.modules"] is keyrings_own["binding left in sys.modules"]
    assert ours["logged"] == keyrings_own["logged"]
    if ours["chosen"] != "SecretStoreError":  # (no usable keyring here: nothing to compare)
        assert ours["chosen"] == keyrings_own["chosen"]
