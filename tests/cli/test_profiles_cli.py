"""``scb-console profiles``: round trips through a subprocess; the secret only in the keyring."""

from __future__ import annotations

import os
import stat
import tomllib
import uuid
from pathlib import Path

import pytest

from scb_console.infra import paths
from scb_console.infra.secrets import SERVICE
from tests.cli.conftest import NO_KEYRING, Cli, secret_service_available_or_skip

SECRET = "s3cr3t-ไทย-" + "z" * 24
LOCAL = "http://127.0.0.1:8080/partners/sandbox"


def _profile_file() -> Path:
    return paths.profiles_file()


def test_add_list_show_edit_remove_round_trip(cli: Cli, test_home: Path) -> None:
    added = cli(
        "profiles",
        "add",
        "demo",
        "--environment",
        "local",
        "--base-url",
        LOCAL,
        "--api-key",
        "l7-demo-key",
        "--callback-url",
        "http://127.0.0.1:8765/callback",
        "--partner-query",
        "orderId=42",
        "--api-secret-stdin",
        input=SECRET + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert "stored in" in added.stderr
    assert SECRET not in added.stderr + added.stdout

    # the file lives in the XDG config dir the test set, private, with no secret in it
    path = _profile_file()
    assert path.is_relative_to(test_home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert SECRET.encode() not in raw
    assert b"secret" not in raw.lower()
    assert tomllib.loads(raw.decode())["profile"][0]["api_key"] == "l7-demo-key"
    # the secret went to the keyring, under the console's service and "<profile>:<key>"
    assert cli.keyring() == {(SERVICE, "demo:api_secret"): SECRET}

    listed = cli("profiles", "list")
    assert listed.returncode == 0
    assert "demo" in listed.stdout
    assert "stored" in listed.stdout
    listed_json = cli("profiles", "list", "--json").json()
    assert isinstance(listed_json, dict)
    (entry,) = listed_json["profiles"]
    assert entry["name"] == "demo"
    assert entry["apiSecret"] == "stored"
    assert entry["partner_query"] == [["orderId", "42"]]

    shown = cli("profiles", "show", "demo")
    assert shown.returncode == 0
    assert SECRET not in shown.stdout
    assert f"{SECRET[:4]}…({len(SECRET)})" in shown.stdout  # masked
    assert "orderId=42" in shown.stdout
    shown_json = cli("profiles", "show", "demo", "--json").json()
    assert isinstance(shown_json, dict)
    assert shown_json["api_secret"] == f"{SECRET[:4]}…({len(SECRET)})"

    edited = cli("profiles", "edit", "demo", "--accept-language", "th", "--rename", "demo2")
    assert edited.returncode == 0, edited.stderr
    assert cli.keyring() == {(SERVICE, "demo2:api_secret"): SECRET}  # the secret moved
    shown_json = cli("profiles", "show", "demo2", "--json").json()
    assert isinstance(shown_json, dict)
    assert shown_json["accept_language"] == "TH"

    new_secret = cli("profiles", "edit", "demo2", "--api-secret-stdin", input="another-one\n")
    assert new_secret.returncode == 0
    assert cli.keyring() == {(SERVICE, "demo2:api_secret"): "another-one"}

    removed = cli("profiles", "remove", "demo2")
    assert removed.returncode == 0, removed.stderr
    assert cli.keyring() == {}
    assert cli("profiles", "list", "--json").json()["profiles"] == []  # type: ignore[index]


def test_add_without_a_secret_then_show_says_not_stored(cli: Cli) -> None:
    added = cli("profiles", "add", "scb", "--environment", "sandbox", "--api-key", "k1")
    assert added.returncode == 0, added.stderr
    assert "no API secret stored" in added.stderr
    shown = cli("profiles", "show", "scb")
    assert "not stored" in shown.stdout
    assert "https://api-sandbox.partners.scb/partners/sandbox" in shown.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("add", "x", "--environment", "custom"), "the Custom environment needs a base URL"),
        (("add", "x", "--environment", "mars"), "unknown environment 'mars'"),
        (("add", "a:b", "--environment", "sandbox"), "must not contain control characters, ':'"),
        (("add", "x", "--base-url", "ftp://h"), "must be an absolute http:// or https:// URL"),
        (("show", "ghost"), "no profile named 'ghost' (profiles: none yet)"),
        (("remove", "ghost"), "no profile named 'ghost'"),
        (("edit", "ghost", "--api-key", "k"), "no profile named 'ghost'"),
        (("add", "x", "--partner-query", "novalue"), "'novalue' is not NAME=VALUE"),
    ],
)
def test_profile_errors_exit_2_with_one_line(cli: Cli, args: tuple[str, ...], words: str) -> None:
    result = cli("profiles", *args)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not _profile_file().exists()


def test_a_local_profile_defaults_to_the_standalone_sandbox(cli: Cli) -> None:
    added = cli("profiles", "add", "here", "--no-secret")
    assert added.returncode == 0, added.stderr
    shown = cli("profiles", "show", "here", "--json").json()
    assert isinstance(shown, dict)
    assert shown["environment"] == "local"
    assert shown["base_url"] == "http://127.0.0.1:8766/partners/sandbox"


def test_adding_twice_is_refused(cli: Cli) -> None:
    assert cli("profiles", "add", "p", "--environment", "sandbox").returncode == 0
    again = cli("profiles", "add", "P", "--environment", "uat")
    assert again.returncode == 2
    assert "a profile named 'P' exists" in again.stderr


def test_secret_stdin_that_is_empty_is_a_usage_error(cli: Cli) -> None:
    result = cli("profiles", "add", "p", "--environment", "sandbox", "--api-secret-stdin")
    assert result.returncode == 2
    assert "--api-secret-stdin was given but stdin had no API secret" in result.stderr


def test_without_a_keyring_the_secret_is_refused_and_nothing_saved(cli: Cli) -> None:
    result = cli(
        "profiles",
        "add",
        "p",
        "--environment",
        "sandbox",
        "--api-secret-stdin",
        input=SECRET + "\n",
        env={"PYTHON_KEYRING_BACKEND": NO_KEYRING},
    )
    assert result.returncode == 6
    assert "no OS keyring available: install and unlock gnome-keyring" in result.stderr
    assert "Nothing was saved" in result.stderr
    assert "Traceback" not in result.stderr
    assert not _profile_file().exists()
    # and no plaintext fallback anywhere in the test's folders
    home = Path(os.environ["SCB_CONSOLE_TEST_HOME"])
    for file in home.rglob("*"):
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes(), file


def test_a_corrupt_profile_file_is_moved_aside_and_reported(cli: Cli) -> None:
    path = _profile_file()
    path.parent.mkdir(parents=True)
    path.write_text("[[profile]\nname = ", encoding="utf-8")
    result = cli("profiles", "list")
    assert result.returncode == 2
    assert "could not be used (it is not valid TOML" in result.stderr
    assert ".corrupt-" in result.stderr
    assert "Traceback" not in result.stderr
    (aside,) = path.parent.glob("profiles.toml.corrupt-*")
    assert aside.read_text(encoding="utf-8") == "[[profile]\nname = "
    assert cli("profiles", "list").returncode == 0


@pytest.mark.secret_service
def test_profiles_with_the_real_secret_service(cli: Cli) -> None:
    """The CLI stores the secret in gnome-keyring and finds it again in a new process."""
    secret_service_available_or_skip()
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}
    name = f"cli-{uuid.uuid4().hex[:10]}"
    added = cli(
        "profiles",
        "add",
        name,
        "--environment",
        "sandbox",
        "--api-key",
        "k",
        "--api-secret-stdin",
        input=SECRET + "\n",
        env=env,
    )
    try:
        assert added.returncode == 0, added.stderr
        assert "stored in Secret Service" in added.stderr
        assert SECRET.encode() not in _profile_file().read_bytes()
        shown = cli("profiles", "show", name, "--json", env=env).json()
        assert isinstance(shown, dict)
        assert shown["api_secret"] == f"{SECRET[:4]}…({len(SECRET)})"
        assert shown["keyring"] == "Secret Service"
    finally:
        removed = cli("profiles", "remove", name, env=env)
    assert removed.returncode == 0, removed.stderr
    from keyring.backends import SecretService

    assert SecretService.Keyring().get_password(SERVICE, f"{name}:api_secret") is None
