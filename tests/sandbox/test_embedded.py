"""EmbeddedSandbox (own thread and loop) and SandboxServer (in the caller's loop)."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Mapping
from typing import Any

import httpx
import pytest

from scb_console.core.clock import FakeClock
from scb_console.sandbox import EmbeddedSandbox, SandboxConfig, SandboxServer
from tests.sandbox.conftest import Scb, status_of


def test_fixture_sandbox_serves_on_loopback(sandbox: EmbeddedSandbox) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/partners/sandbox", sandbox.base_url)
    assert sandbox.root_url == f"http://127.0.0.1:{sandbox.port}"
    assert sandbox.base_url == sandbox.root_url + "/partners/sandbox"
    assert sandbox.running


def test_requests_are_served_on_the_sandbox_thread(clock: FakeClock) -> None:
    threads: list[str] = []

    def listener(entry: Mapping[str, Any]) -> None:
        threads.append(threading.current_thread().name)

    with EmbeddedSandbox(clock=clock, on_request=listener) as box, httpx.Client() as http:
        assert http.get(box.root_url + "/_sandbox/health").status_code == 200
    assert threads == ["scb-sandbox"]
    assert threading.current_thread().name != "scb-sandbox"


def test_start_is_idempotent_and_stop_is_too(clock: FakeClock) -> None:
    box = EmbeddedSandbox(clock=clock)
    box.stop()  # before start: nothing to do
    url = box.start()
    assert box.start() == url
    box.stop()
    box.stop()
    assert not box.running
    assert not any(t.name == "scb-sandbox" for t in threading.enumerate())
    with httpx.Client() as http, pytest.raises(httpx.ConnectError):
        http.get(url.replace("/partners/sandbox", "/_sandbox/health"))


def test_restart_after_stop(clock: FakeClock) -> None:
    box = EmbeddedSandbox(clock=clock)
    box.start()
    box.stop()
    url = box.start()
    try:
        with httpx.Client(base_url=url) as http:
            assert status_of(Scb(box, http).server_token()) == (200, 1000)
    finally:
        box.stop()


def test_port_in_use_raises_from_start(clock: FakeClock) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        box = EmbeddedSandbox(clock=clock, port=taken.getsockname()[1])
        with pytest.raises(OSError):
            box.start()
        assert not box.running
        box.stop()


def test_set_callback_url_rejects_a_non_url(sandbox: EmbeddedSandbox) -> None:
    from scb_console.sandbox import ConfigError

    with pytest.raises(ConfigError):
        sandbox.set_callback_url("nope")


async def test_server_runs_in_the_current_loop(clock: FakeClock) -> None:
    server = SandboxServer(SandboxConfig.default(), clock=clock)
    base = await server.start()
    try:
        assert base == server.base_url
        assert server.root_url == f"http://127.0.0.1:{server.port}"
        async with httpx.AsyncClient() as http:
            response = await http.get(server.root_url + "/_sandbox/health")
        assert response.status_code == 200
        assert server.state.sizes()["logins"] == 0
    finally:
        await server.stop()
        await server.stop()
    assert not server.running


def test_port_before_start_is_a_clear_error(clock: FakeClock) -> None:
    server = SandboxServer(SandboxConfig.default(), clock=clock)
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.base_url


def test_starting_the_sandbox_leaves_the_consent_pages_html_module_for_later() -> None:
    """The embedded sandbox starts while the console paints its first frame, on a thread that
    holds the GIL whenever it runs Python: what only the consent page needs (``html`` and its
    entity table) loads when a page is first served (test_consent covers the escaping)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from scb_console.sandbox import EmbeddedSandbox\n"
        "import httpx\n"
        "with EmbeddedSandbox() as sandbox:\n"
        "    assert httpx.get(sandbox.root_url + '/_sandbox/health').status_code == 200\n"
        "    print('html' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"]
