"""``run_gui(screenshot=...)``: the real start (sandbox, receiver, first launch), in a subprocess.

The subprocess inherits the per-test XDG folders the root conftest sets, so it starts with no
profile file: a first launch.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.models import Profile
from scb_console.core.ports import MemorySecretStore
from scb_console.infra.profiles import FileProfileStore
from scb_console.sandbox import DEMO_API_KEY
from scb_console.ui.app import build_services, prepare_profiles, shutdown_services
from scb_console.ui.session import API_SECRET_KEY
from tests.scripts import run_script


def _run_gui(*args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "from scb_console.ui.app import parse_size, run_gui\n"
        "path, size, profile = sys.argv[1], sys.argv[2], sys.argv[3] or None\n"
        "sys.exit(run_gui(screenshot=path, size=parse_size(size), profile=profile))\n"
    )
    return run_script(code, *args, timeout=timeout)


def _distinct_colours(image: QImage, step: int = 7) -> int:
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    return len(colours)


def test_screenshot_of_the_first_launch(qapp: Any, tmp_path: Path, test_home: Path) -> None:
    target = tmp_path / "shots" / "main.png"
    result = _run_gui(str(target), "1280x800", "")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    image = QImage(str(target))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)
    assert _distinct_colours(image) > 40  # not blank: text, badges, the QR code, tables
    dark = sum(
        1 for x in range(0, 1280, 5) for y in range(0, 800, 5) if image.pixel(x, y) & 0xFFFFFF == 0
    )
    assert dark > 200  # the QR code's black modules are on screen
    if os.environ.get("SCB_UI_SHOTS"):
        image.save(str(Path(os.environ["SCB_UI_SHOTS"]) / "run-gui-screenshot.png"))

    # the first launch created the Local sandbox profile (no secret in the file)
    profiles = test_home / "config" / "scb-console" / "profiles.toml"
    document = tomllib.loads(profiles.read_text(encoding="utf-8"))
    assert document["last_used"] == "Local sandbox"
    (profile,) = document["profile"]
    assert profile["environment"] == "local"
    assert profile["api_key"] == DEMO_API_KEY
    assert profile["base_url"].startswith("http://127.0.0.1:")
    assert "secret" not in profiles.read_text(encoding="utf-8")


def test_screenshot_with_an_unknown_profile_says_so(tmp_path: Path) -> None:
    result = _run_gui(str(tmp_path / "x.png"), "800x600", "No such profile")
    assert result.returncode == 2
    assert "no profile named 'No such profile'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_the_window_opens_and_shuts_down_cleanly(test_home: Path) -> None:
    """The normal start: the window shows; closing it stops the receiver, the HTTP client and
    the sandbox, and the process exits 0 without a warning about anything left open."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from scb_console.ui import main_window\n"
        "from scb_console.ui.app import run_gui\n"
        "show = main_window.MainWindow.show\n"
        "def show_then_close(self):\n"
        "    show(self)\n"
        "    QTimer.singleShot(300, self.close)\n"
        "main_window.MainWindow.show = show_then_close\n"
        "sys.exit(run_gui())\n"
    )
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c", code],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for problem in (
        "Traceback",
        "ResourceWarning",
        "Exception ignored",
        "was destroyed",
        "Unclosed",
    ):
        assert problem not in result.stderr, result.stderr
    # the window's layout was remembered for the next launch (QSettings, no secret in it)
    settings = list((test_home / "config").rglob("*.conf"))
    assert settings, list((test_home / "config").rglob("*"))
    text = b"".join(path.read_bytes() for path in settings)
    assert b"geometry" in text
    assert b"sandbox-demo-secret" not in text


def test_build_and_shut_down_services(run: Any, clock: FakeClock) -> None:
    services, notes = run(build_services(clock=clock))
    try:
        assert services.sandbox is not None
        assert services.sandbox.running
        assert services.receiver is not None
        assert services.receiver.running
        assert services.callback_url is not None
        assert services.sandbox.config.apps[0].callback_urls["mobile_app"] == services.callback_url
        # a real Secret Service in CI, none on most dev machines: either way it is said plainly
        usable, reason = services.keyring
        assert services.secret_store.persistent is usable
        assert reason
        assert any("Local sandbox" in note for note in notes)  # first launch
        (profile,) = services.profile_store.load()
        assert profile.base_url == services.sandbox.base_url
        secret = services.secret_store.get("Local sandbox", API_SECRET_KEY)
        assert secret == services.sandbox.config.apps[0].api_secret
    finally:
        run(shutdown_services(services))
    assert not services.receiver.running
    assert services.http.is_closed
    assert not services.sandbox.running


def test_later_launch_repoints_the_local_profile(tmp_path: Path) -> None:
    store = FileProfileStore(tmp_path / "profiles.toml")
    secrets = MemorySecretStore()
    store.save(
        [
            Profile(
                "Local sandbox", Environment.LOCAL, "key", "http://127.0.0.1:1/partners/sandbox"
            ),
            Profile("Mine", Environment.SANDBOX, "my-key"),
        ]
    )
    store.set_last_used("Mine")
    notes = prepare_profiles(
        store,
        secrets,
        sandbox_base_url="http://127.0.0.1:4242/partners/sandbox",
        api_key="key",
        api_secret="demo-secret",
        callback_url="http://127.0.0.1:8765/callback",
    )
    assert notes == []  # not a first launch
    local, mine = store.load()
    assert local.base_url == "http://127.0.0.1:4242/partners/sandbox"
    assert local.callback_url == "http://127.0.0.1:8765/callback"
    assert mine == Profile("Mine", Environment.SANDBOX, "my-key")
    assert store.last_used() == "Mine"
    assert secrets.get("Local sandbox", API_SECRET_KEY) == "demo-secret"  # a session store forgot
    assert secrets.get("Mine", API_SECRET_KEY) is None
