"""``scb-console`` itself: help, version, usage errors, the GUI hand-off and the exit statuses."""

from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from scb_console import __version__
from scb_console.cli import main as cli_main
from scb_console.core.errors import ApiError, MalformedResponse, ProfileError, TransportError
from tests.cli.conftest import Cli


def test_help_lists_the_commands_and_exit_statuses(cli: Cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    for word in ("profiles", "token", "call", "sandbox", "--screenshot", "--size", "--version"):
        assert word in result.stdout
    for line in ("2  usage", "3  SCB answered with an error", "4  network error", "5  malformed"):
        assert line in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ("token", "--help"),
        ("token", "user", "--help"),
        ("token", "refresh", "--help"),
        ("call", "profile", "--help"),
        ("profiles", "add", "--help"),
    ],
)
def test_subcommand_help(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    assert "usage: scb-console" in result.stdout


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"scb-console {__version__}"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--size", "big"), "'big' is not WIDTHxHEIGHT"),
        (("--size", "10x10"), "the size must be between 320x240"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("token",), "the following arguments are required: KIND"),
        (("token", "server", "--timeout", "-1"), "give seconds between 0 and 600"),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(
    cli: Cli, args: tuple[str, ...], words: str
) -> None:
    result = cli(*args)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_token_server_needs_somewhere_to_connect(cli: Cli) -> None:
    result = cli("token", "server")
    assert result.returncode == 2
    assert "say where to connect: --profile NAME, or --base-url URL and --api-key KEY" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_secret_is_never_an_argv_option(cli: Cli) -> None:
    for args in (("token", "server"), ("profiles", "add", "x")):
        result = cli(*args, "--api-secret", "s3cr3t", "--base-url", "http://127.0.0.1:1")
        assert result.returncode == 2
        assert "unrecognized arguments: --api-secret" in result.stderr


# --- in process: parsing and the GUI hand-off ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "size"),
    [("1280x800", (1280, 800)), (" 800 X 600 ", (800, 600)), ("1024×768", (1024, 768))],
)
def test_parse_size(text: str, size: tuple[int, int]) -> None:
    assert cli_main.parse_size(text) == size


def test_no_command_starts_the_gui_lazily_with_the_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    seen: dict[str, Any] = {}

    def run_gui(**kwargs: Any) -> int:
        seen.update(kwargs)
        return 0

    fake = types.ModuleType("scb_console.ui.app")
    fake.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scb_console.ui.app", fake)
    shot = str(tmp_path / "shot.png")
    status = cli_main.main(["--screenshot", shot, "--size", "1024x700", "--profile", "demo"])
    assert status == 0
    assert seen == {"screenshot": shot, "size": (1024, 700), "profile": "demo", "lang": None}


@pytest.mark.parametrize(
    "line",
    [
        [],
        ["--screenshot", "s.png", "--size", "1024x700", "--profile", "demo", "--debug"],
        ["--demo", "--demo-speed", "4", "--exit-when-done", "--present"],
        ["--sandbox-fault", "token:error_rate=1", "--sandbox-fault", "token:latency_ms=5"],
    ],
)
def test_a_desktop_line_reads_the_same_without_the_command_parsers(line: list[str]) -> None:
    """The desktop console's own parser gives what the full parser gives for its options."""
    quick = cli_main.parse_arguments(line)
    full = cli_main.build_parser(line).parse_args(line)
    assert not hasattr(quick, "_handler")
    assert {k: v for k, v in vars(full).items() if k != "_command"} == vars(quick)


def test_starting_the_desktop_console_does_not_load_the_terminal_commands() -> None:
    code = (
        "import json, sys\n"
        "from scb_console.cli import main\n"
        "main.parse_arguments(['--size', '800x600'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('scb_console.cli.') "
        "or m.split('.')[0] in ('keyring', 'httpx'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out)
    assert "scb_console.cli.profiles_cmd" not in loaded
    assert "scb_console.cli.token_cmd" not in loaded
    assert not [m for m in loaded if m.split(".")[0] in ("keyring", "httpx")]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (["prfiles"], "invalid choice: 'prfiles' (choose from"),
        (["--size", "big"], "'big' is not WIDTHxHEIGHT"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_what_the_desktop_parser_cannot_read_gets_the_full_parsers_message(
    capsys: pytest.CaptureFixture[str], line: list[str], words: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli_main.parse_arguments(line)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert words in err
    assert "COMMAND" in err  # the full parser's usage line


def test_gui_missing_gives_a_clear_message_and_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "scb_console.ui.app", None)  # makes the import fail
    assert cli_main.main([]) == 2
    err = capsys.readouterr().err
    assert "the desktop console is not available" in err
    assert "scb-console --help" in err


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ProfileError("bad profile"), 2),
        (
            ApiError("SCB said no", http_status=401, code=9500, description="x", request_uid="u-1"),
            3,
        ),
        (TransportError("refused", request_uid="u-2"), 4),
        (MalformedResponse("not JSON", request_uid="u-3"), 5),
    ],
)
def test_each_error_class_gives_its_exit_status_and_the_request_uid(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: Exception,
    status: int,
) -> None:
    def fail(args: Any, stdin: Any) -> int:
        raise error

    from scb_console.cli import token_cmd

    monkeypatch.setattr(token_cmd, "cmd_server", fail)
    assert cli_main.main(["token", "server"]) == status
    err = capsys.readouterr().err
    assert err.startswith("scb-console: error: ")
    assert str(error) in err
    assert "Traceback" not in err
    if getattr(error, "request_uid", None):
        assert f"requestUId {error.request_uid}" in err  # type: ignore[attr-defined]


def test_unexpected_error_is_one_line_unless_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(args: Any, stdin: Any) -> int:
        raise KeyError("accessToken")

    from scb_console.cli import token_cmd

    monkeypatch.setattr(token_cmd, "cmd_server", boom)
    assert cli_main.main(["token", "server"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        "scb-console: unexpected error: KeyError: 'accessToken' "
        "(run again with --debug for the traceback)"
    )
    assert cli_main.main(["--debug", "token", "server"]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_debug_may_come_last(cli: Cli) -> None:
    result = cli(
        "token", "server", "--base-url", "http://127.0.0.1:1/x", "--api-key", "k", "--debug"
    )
    assert result.returncode == 2
    assert "no API secret" in result.stderr
    assert "Traceback" in result.stderr  # --debug asked for it


@pytest.mark.skipif(
    importlib.util.find_spec("scb_console.ui.app") is None, reason="the GUI is not built yet"
)
def test_no_command_starts_the_real_gui_for_a_screenshot(cli: Cli, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = cli(
        "--screenshot", str(shot), "--size", "1000x700", env={"QT_QPA_PLATFORM": "offscreen"}
    )
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "Traceback" not in result.stderr


def test_sandbox_subcommand_serves_and_token_server_works_against_it(cli: Cli) -> None:
    """`scb-console sandbox --json --port 0` in one process, `token server` from another."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scb_console", "sandbox", "--json", "--port", "0", "--quiet"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli.environ(),
    )
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        app = info["apps"][0]
        result = cli(
            "token",
            "server",
            "--environment",
            "local",
            "--base-url",
            info["base_url"],
            "--api-key",
            app["api_key"],
            env={"SCB_CONSOLE_API_SECRET": app["api_secret"]},
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["kind"] == "server"
    finally:
        process.terminate()
        process.communicate(timeout=20)
    assert process.returncode in (0, -signal.SIGTERM)
