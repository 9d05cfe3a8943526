"""Running ``python -m scb_console`` in a subprocess that inherits the test's isolated folders."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from tests.cli.keyring_backend import ENV_FILE, SharedTestKeyring

REPO = Path(__file__).resolve().parents[2]
TEST_KEYRING = "tests.cli.keyring_backend.SharedTestKeyring"
NO_KEYRING = "keyring.backends.fail.Keyring"
#: Variables a developer's shell may have set that would change what the CLI does.
SCRUBBED = (
    "SCB_CONSOLE_API_SECRET",
    "SCB_CONSOLE_ACCESS_TOKEN",
    "SCB_CONSOLE_REFRESH_TOKEN",
    "SCB_CONSOLE_RESOURCE_OWNER_ID",
    "PYTHON_KEYRING_BACKEND",
    "KEYRING_PROPERTY_PERSIST",
    # a Thai locale would make the CLI speak Thai (tests that want it set it themselves)
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
)


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


@dataclass
class Cli:
    """``cli(...)`` runs ``python -m scb_console ...``; ``cli.env`` is what the subprocess gets."""

    env: dict[str, str]
    keyring_file: Path
    timeout: float = 60.0

    def environ(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = dict(self.env)
        if extra:
            env.update(extra)
        return env

    def __call__(
        self,
        *args: str,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "scb_console", *args],
            input=input if input is not None else "",
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.environ(env),
            cwd=REPO,
            timeout=self.timeout,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    def popen(self, *args: str, env: Mapping[str, str] | None = None) -> Running:
        process = subprocess.Popen(
            [sys.executable, "-m", "scb_console", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=self.environ(env),
            cwd=REPO,
        )
        return Running(process)

    def keyring(self) -> dict[tuple[str, str], str]:
        return SharedTestKeyring.contents(self.keyring_file)


@dataclass
class Running:
    """A CLI subprocess whose stderr is read line by line as it comes (by a thread)."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _eof: bool = False

    def __post_init__(self) -> None:
        assert self.process.stderr is not None
        threading.Thread(target=self._pump, args=(self.process.stderr,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        with stream:
            for line in stream:
                with self._cond:
                    self.lines.append(line.rstrip("\n"))
                    self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def wait_for_line(self, prefix: str, timeout: float = 20.0) -> str:
        """The first stderr line starting with ``prefix`` (waits on a condition, no sleeping)."""

        def found() -> str | None:
            return next((line for line in self.lines if line.startswith(prefix)), None)

        with self._cond:
            ok = self._cond.wait_for(lambda: found() is not None or self._eof, timeout)
            line = found()
        if not ok or line is None:
            self.kill()
            raise AssertionError(f"no stderr line {prefix!r}; stderr so far:\n" + self.stderr)
        return line

    @property
    def stderr(self) -> str:
        with self._cond:
            return "\n".join(self.lines)

    def write(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text)
        self.process.stdin.flush()

    def finish(self, timeout: float = 30.0) -> Result:
        """Close stdin, wait for the exit and collect the output."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()
        try:
            stdout = self.process.stdout.read()
            self.process.wait(timeout)
        finally:
            self.kill()
        with self._cond:
            self._cond.wait_for(lambda: self._eof, timeout)
        return Result(self.process.returncode, stdout, self.stderr)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None and not stream.closed:
                with contextlib.suppress(BrokenPipeError):
                    stream.close()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """The CLI with the test's XDG folders and a test keyring shared with the subprocess."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    keyring_file = tmp_path / "test-keyring.json"
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
            "PYTHON_KEYRING_BACKEND": TEST_KEYRING,
            ENV_FILE: str(keyring_file),
            "PYTHONIOENCODING": "utf-8",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        assert var in env, f"{var} must come from the autouse fixture"
    return Cli(env=env, keyring_file=keyring_file)


@pytest.fixture
def free_port() -> int:
    """A port nothing listens on right now (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def secret_service_available_or_skip() -> None:
    """Skip without a Secret Service; fail instead when CI says one must be there."""
    from keyring.backends import SecretService

    from scb_console.infra.secrets import refusal

    reason = refusal(SecretService.Keyring())
    if reason is None:
        return
    message = f"no Secret Service reachable on D-Bus: {reason}"
    if os.environ.get("SCB_CONSOLE_REQUIRE_SECRET_SERVICE") == "1":
        pytest.fail(f"SCB_CONSOLE_REQUIRE_SECRET_SERVICE=1 but {message}")
    pytest.skip(message)
