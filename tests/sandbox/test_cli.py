"""The standalone sandbox: options, the banner, --json, the request log, signals."""

from __future__ import annotations

import argparse
import json
import select
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scb_console.sandbox import DEMO_API_KEY, DEMO_API_SECRET, DEMO_CUSTOMERS, FaultSpec
from scb_console.sandbox.cli import build_config, configure_parser, host_warning, run


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    return parser.parse_args(list(argv))


def _first_line(process: subprocess.Popen[str], timeout: float = 30.0) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], deadline - time.monotonic())
        if ready:
            return process.stdout.readline()
    raise AssertionError("the sandbox printed nothing in time")


class Standalone:
    def __init__(self, *argv: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scb_console.sandbox", "--port", "0", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.first = _first_line(self.process)

    def finish(self, sig: int = signal.SIGTERM) -> tuple[int, str, str]:
        self.process.send_signal(sig)
        code = self.process.wait(timeout=30)
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        # read through the text wrappers: the first readline() may have buffered more
        out, err = self.process.stdout.read(), self.process.stderr.read()
        self.process.stdout.close()
        self.process.stderr.close()
        return code, out, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=30)


@pytest.fixture
def standalone() -> Iterator[list[Standalone]]:
    started: list[Standalone] = []
    yield started
    for item in started:
        item.kill()


def test_json_first_line_then_request_log_then_clean_sigterm(
    standalone: list[Standalone],
) -> None:
    box = Standalone("--json")
    standalone.append(box)
    info = json.loads(box.first)
    assert info["base_url"].startswith("http://127.0.0.1:")
    assert info["base_url"].endswith("/partners/sandbox")
    (app,) = info["apps"]
    assert (app["api_key"], app["api_secret"]) == (DEMO_API_KEY, DEMO_API_SECRET)
    assert set(app["callback_urls"]) == {"mobile_app", "mobile_web"}
    assert [(c["id"], c["pin"]) for c in info["customers"]] == [
        (c.id, c.pin) for c in DEMO_CUSTOMERS
    ]
    uid = str(uuid.uuid4())
    with httpx.Client() as http:
        response = http.post(
            info["base_url"] + "/v1/oauth/token",
            headers={"resourceOwnerId": DEMO_API_KEY, "requestUId": uid},
            json={"applicationKey": DEMO_API_KEY, "applicationSecret": DEMO_API_SECRET},
        )
    assert response.status_code == 200
    code, out, err = box.finish(signal.SIGTERM)
    assert code == 0
    assert out == ""  # nothing after the JSON line
    line = next(line for line in err.splitlines() if uid in line)
    method, path, status, logged_uid, ms = line.split()
    assert (method, path, status, logged_uid) == (
        "POST",
        "/partners/sandbox/v1/oauth/token",
        "200",
        uid,
    )
    assert ms.endswith("ms")
    assert float(ms[:-2]) >= 0
    assert DEMO_API_SECRET not in err
    assert "Traceback" not in err


def test_banner_and_sigint(standalone: list[Standalone]) -> None:
    box = Standalone("--code-ttl", "30")
    standalone.append(box)
    assert box.first.startswith("SCB sandbox listening on http://127.0.0.1:")
    code, out, err = box.finish(signal.SIGINT)
    assert code == 0
    text = box.first + out
    assert DEMO_API_KEY in text
    assert DEMO_API_SECRET in text
    for customer in DEMO_CUSTOMERS:
        assert customer.id in text
        assert customer.pin in text
    assert "สมชาย" in text
    assert "code 30 s" in text
    assert "Traceback" not in err


def test_host_other_than_default_warns(standalone: list[Standalone]) -> None:
    """127.0.0.2 is a loopback alias on Linux: the warning path, without leaving the machine."""
    box = Standalone("--json", "--host", "127.0.0.2")
    standalone.append(box)
    info = json.loads(box.first)
    assert info["base_url"].startswith("http://127.0.0.2:")
    code, _, err = box.finish()
    assert code == 0
    assert "warning" in err.lower()
    assert "127.0.0.2" in err.splitlines()[0]


def test_host_warning_texts() -> None:
    assert host_warning("127.0.0.1") is None
    loopback = host_warning("::1")
    assert loopback is not None
    assert "still loopback" in loopback
    for host in ("0.0.0.0", "192.168.1.20", "example.org"):
        text = host_warning(host)
        assert text is not None
        assert "NOT loopback" in text
        assert host in text


def test_bad_config_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("code_ttl = -1\n", encoding="utf-8")
    assert run(_parse("--config", str(path))) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert "code_ttl" in err
    assert str(path) in err


def test_port_in_use_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert run(_parse("--port", str(port))) == 1
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--port", "70000"],
        ["--code-ttl", "0"],
        ["--error-rate", "1.5"],
        ["--malformed", "xml"],
        ["--fault", "nope:error_rate=1"],
        ["--fault", "token-error"],
        ["--latency-ms", "-3"],
    ],
)
def test_bad_options_are_refused_by_the_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        _parse(*argv)
    assert caught.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_build_config_applies_the_options() -> None:
    config = build_config(
        _parse(
            "--api-key", "k", "--api-secret", "s", "--callback-url", "http://127.0.0.1:9/cb",
            "--code-ttl", "5", "--token-ttl", "6", "--refresh-ttl", "7", "--rotate-refresh",
            "--latency-ms", "3", "--error-rate", "0.25", "--malformed", "html",
            "--drop-rate", "0.1", "--clock-offset", "-30",
            "--fault", "token:error_rate=1", "--fault", "profile:malformed=truncated",
        )
    )  # fmt: skip
    app = config.apps[0]
    assert (app.api_key, app.api_secret) == ("k", "s")
    assert set(app.callback_urls.values()) == {"http://127.0.0.1:9/cb"}
    assert (config.code_ttl, config.token_ttl, config.refresh_ttl) == (5, 6, 7)
    assert config.rotate_refresh
    default = FaultSpec(
        latency_ms=3, error_rate=0.25, malformed="html", drop_rate=0.1, clock_offset=-30
    )
    assert config.faults.default == default
    assert config.faults.for_endpoint("token").error_rate == 1.0
    assert config.faults.for_endpoint("token").latency_ms == 3  # starts from the default
    assert config.faults.for_endpoint("profile").malformed == "truncated"
    assert config.faults.for_endpoint("refresh") == default


def test_build_config_defaults() -> None:
    config = build_config(_parse())
    assert config.apps[0].api_key == DEMO_API_KEY
    assert not config.rotate_refresh
    assert not config.faults.default.active


def test_every_option_has_help() -> None:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    for action in parser._actions:
        if action.option_strings and action.dest != "help":
            assert action.help, action.option_strings
