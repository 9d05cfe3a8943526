"""Fixtures for every test: no test touches the real config, data, cache or log directories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scb_console.core.clock import FakeClock
from scb_console.sandbox import EmbeddedSandbox, SandboxConfig


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Send platformdirs (XDG on Linux) and QSettings to a per-test folder."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        path = home / sub
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    monkeypatch.setenv("SCB_CONSOLE_TEST_HOME", str(home))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def test_home() -> Path:
    import os

    return Path(os.environ["SCB_CONSOLE_TEST_HOME"])


@pytest.fixture
def sandbox(clock: FakeClock) -> Iterator[EmbeddedSandbox]:
    """A started local sandbox (demo app and customers) on its own thread, timed by ``clock``."""
    box = EmbeddedSandbox(SandboxConfig.default(), clock=clock)
    box.start()
    try:
        yield box
    finally:
        box.stop()
