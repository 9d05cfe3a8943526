"""The CLI in Thai: ``--lang th`` (anywhere on the line) or a Thai locale; English otherwise."""

from __future__ import annotations

import pytest

from scb_console.cli.i18n import split_language
from scb_console.sandbox import EmbeddedSandbox
from tests.cli.conftest import Cli

ENGLISH_LOCALE = {"LANG": "C.UTF-8", "LC_ALL": "", "LANGUAGE": "", "LC_MESSAGES": ""}


def _ad_hoc(sandbox: EmbeddedSandbox) -> tuple[str, ...]:
    key = sandbox.config.apps[0].api_key
    return ("--environment", "local", "--base-url", sandbox.base_url, "--api-key", key)


def test_a_wrong_secret_is_explained_in_thai(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    done = cli(
        "--lang",
        "th",
        "token",
        "server",
        *_ad_hoc(sandbox),
        env={**ENGLISH_LOCALE, "SCB_CONSOLE_API_SECRET": "not-the-secret"},
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout == ""
    line = done.stderr.strip()
    assert line.startswith("scb-console: ข้อผิดพลาด: SCB ปฏิเสธ API key หรือ API secret (9500 ")
    assert "requestUId" in line


def test_the_language_option_may_come_last(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    done = cli(
        "token",
        "server",
        *_ad_hoc(sandbox),
        "--lang=th",
        env={**ENGLISH_LOCALE, "SCB_CONSOLE_API_SECRET": "not-the-secret"},
    )
    assert done.returncode == 3
    assert "ข้อผิดพลาด" in done.stderr


def test_a_thai_locale_speaks_thai(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    done = cli(
        "token",
        "server",
        *_ad_hoc(sandbox),
        env={**ENGLISH_LOCALE, "LANG": "th_TH.UTF-8", "SCB_CONSOLE_API_SECRET": "nope"},
    )
    assert done.returncode == 3
    assert "SCB ปฏิเสธ API key หรือ API secret" in done.stderr


def test_english_stays_the_default(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    done = cli(
        "token",
        "server",
        *_ad_hoc(sandbox),
        env={**ENGLISH_LOCALE, "SCB_CONSOLE_API_SECRET": "not-the-secret"},
    )
    assert done.returncode == 3
    assert done.stderr.startswith("scb-console: error: SCB refused the API key or secret (9500 ")


def test_a_usage_error_and_a_status_line_in_thai(cli: Cli) -> None:
    done = cli("--lang", "th", "token", "server", env=ENGLISH_LOCALE)
    assert done.returncode == 2
    assert "ระบุปลายทาง: --profile NAME หรือ --base-url URL ร่วมกับ --api-key KEY" in done.stderr
    added = cli("--lang", "th", "profiles", "add", "demo", "--no-secret", env=ENGLISH_LOCALE)
    assert added.returncode == 0, added.stderr
    assert "บันทึกโปรไฟล์ 'demo' ไว้ใน" in added.stderr
    shown = cli("profiles", "show", "demo", "--json", env=ENGLISH_LOCALE)
    assert '"accept_language": "TH"' in shown.stdout  # new profiles ask SCB in Thai
    english = cli("profiles", "add", "other", "--no-secret", env=ENGLISH_LOCALE)
    assert english.returncode == 0
    assert "profile 'other' saved in" in english.stderr


def test_an_unknown_language_is_refused(cli: Cli) -> None:
    done = cli("--lang", "fr", "profiles", "list", env=ENGLISH_LOCALE)
    assert done.returncode == 2
    assert "--lang 'fr' is not one of: en, th" in done.stderr


@pytest.mark.parametrize(
    ("argv", "lang", "rest"),
    [
        (["--lang", "th", "profiles", "list"], "th", ["profiles", "list"]),
        (["profiles", "list", "--lang=en"], "en", ["profiles", "list"]),
        (["profiles", "list"], None, ["profiles", "list"]),
        (["call", "--", "--lang", "th"], None, ["call", "--", "--lang", "th"]),
    ],
)
def test_the_option_is_taken_out_of_the_line(
    argv: list[str], lang: str | None, rest: list[str]
) -> None:
    assert split_language(argv) == (lang, rest)
