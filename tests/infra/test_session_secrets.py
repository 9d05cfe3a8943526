"""Whether an OS keyring can be reached, decided from the environment (infra.session_secrets)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scb_console.infra.session_secrets import (
    NO_KEYRING_HINT,
    SessionSecretStore,
    keyring_unreachable,
)


@pytest.fixture
def bare_env(tmp_path: Path) -> dict[str, str]:
    """A Linux session with no bus: no address, a runtime folder without a bus socket, and a
    config folder without keyringrc.cfg."""
    runtime = tmp_path / "run"
    runtime.mkdir()
    return {"XDG_RUNTIME_DIR": str(runtime), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def test_without_a_session_bus_no_keyring_can_be_reached(bare_env: dict[str, str]) -> None:
    reason = keyring_unreachable(bare_env, "linux")
    assert reason is not None
    assert reason.startswith("no OS keyring available: there is no D-Bus session bus here")
    assert "DBUS_SESSION_BUS_ADDRESS" in reason
    assert reason.endswith(NO_KEYRING_HINT)
    assert keyring_unreachable(bare_env, "freebsd14") is not None  # (same buses there)


def test_the_reason_is_said_in_thai_too(bare_env: dict[str, str]) -> None:
    from keyring.backends import fail

    from scb_console.core import i18n
    from scb_console.infra.secrets import refusal

    i18n.set_language("th")
    try:
        reason = keyring_unreachable(bare_env, "linux")
        refused = refusal(fail.Keyring())
    finally:
        i18n.set_language("en")
    assert reason is not None
    assert reason.startswith("ไม่มีคีย์ริงของระบบให้ใช้: เครื่องนี้ไม่มี D-Bus session bus")
    assert reason.endswith("หรือใช้ข้อมูลลับเฉพาะเซสชันนี้")
    assert refused is not None
    assert refused.startswith("ไม่มีคีย์ริงของระบบให้ใช้: โปรดติดตั้งและปลดล็อก gnome-keyring")


def test_a_bus_address_a_bus_socket_or_keyring_config_leave_it_to_keyring(
    bare_env: dict[str, str], tmp_path: Path
) -> None:
    assert (
        keyring_unreachable({**bare_env, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}, "linux")
        is None
    )
    assert keyring_unreachable({**bare_env, "PYTHON_KEYRING_BACKEND": "a.B"}, "linux") is None
    (Path(bare_env["XDG_RUNTIME_DIR"]) / "bus").touch()
    assert keyring_unreachable(bare_env, "linux") is None
    (Path(bare_env["XDG_RUNTIME_DIR"]) / "bus").unlink()
    config = Path(bare_env["XDG_CONFIG_HOME"]) / "python_keyring"
    config.mkdir(parents=True)
    (config / "keyringrc.cfg").write_text("[backend]\ndefault-keyring=a.B\n", encoding="utf-8")
    assert keyring_unreachable(bare_env, "linux") is None


@pytest.mark.parametrize("platform", ["darwin", "win32", "cygwin"])
def test_keychains_need_no_bus(bare_env: dict[str, str], platform: str) -> None:
    assert keyring_unreachable(bare_env, platform) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the D-Bus rule is Linux's")
def test_opening_the_store_without_a_bus_never_imports_keyring(bare_env: dict[str, str]) -> None:
    """keyring's backend search (secretstorage, cryptography, importlib_metadata...) is some
    14 MiB and 100 ms; where nothing can answer, the console does not start it."""
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS",)}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env.update(bare_env)
    code = (
        "import sys\n"
        "from scb_console.infra.session_secrets import open_secret_store\n"
        "store = open_secret_store()\n"
        "print(type(store).__name__, store.persistent, 'keyring' in sys.modules)\n"
        "print(store.reason)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    first, reason = result.stdout.splitlines()
    assert first == "SessionSecretStore False False"
    assert "no D-Bus session bus" in reason


def test_the_session_store_keeps_secrets_in_memory_with_its_reason() -> None:
    store = SessionSecretStore("why")
    store.set("p", "api_secret", "s3cret")
    assert store.get("p", "api_secret") == "s3cret"
    assert store.reason == "why"
    assert not store.persistent
