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


@pytest.mark.parametrize(
    ("argv", "thai", "english"),
    [
        (["prfiles"], "อาร์กิวเมนต์ COMMAND: ตัวเลือก 'prfiles' ไม่ถูกต้อง (เลือกจาก", "invalid choice"),
        (["token"], "ต้องระบุอาร์กิวเมนต์ต่อไปนี้: KIND", "the following arguments are required"),
        (["profiles", "list", "--bogus"], "ไม่รู้จักอาร์กิวเมนต์: --bogus", "unrecognized arguments"),
        (["token", "server", "--timeout"], "อาร์กิวเมนต์ --timeout: ต้องตามด้วยค่าหนึ่งค่า", "expected"),
        (
            ["token", "server", "--timeout", "soon"],
            "อาร์กิวเมนต์ --timeout: 'soon' ไม่ใช่จำนวนวินาที",
            "is not a number of seconds",
        ),
        (["--size", "big"], "'big' ไม่ใช่รูปแบบ WIDTHxHEIGHT (เช่น 1280x800)", "is not WIDTHxHEIGHT"),
        (["sandbox", "--port", "abc"], "อาร์กิวเมนต์ --port: 'abc' ไม่ใช่หมายเลขพอร์ต", "port number"),
    ],
    ids=["choice", "required", "unrecognized", "one value", "timeout", "size", "sandbox port"],
)
def test_usage_errors_in_thai_and_in_english(
    cli: Cli, argv: list[str], thai: str, english: str
) -> None:
    """argparse's own error lines (matched on the running Python's real wording) and the
    option types' errors, in Thai with --lang th; English unchanged without."""
    done = cli("--lang", "th", *argv, env=ENGLISH_LOCALE)
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert "ข้อผิดพลาด: " in last
    assert thai in last
    assert english not in last
    plain = cli(*argv, env=ENGLISH_LOCALE)
    assert plain.returncode == 2
    assert ": error: " in plain.stderr
    assert english in plain.stderr


def test_profile_errors_in_thai(cli: Cli) -> None:
    missing = cli("--lang", "th", "profiles", "show", "nope", env=ENGLISH_LOCALE)
    assert missing.returncode == 2
    assert "ไม่มีโปรไฟล์ชื่อ 'nope' (โปรไฟล์ที่มี: ยังไม่มี)" in missing.stderr
    bad = cli("--lang", "th", "profiles", "add", "a/b", "--no-secret", env=ENGLISH_LOCALE)
    assert bad.returncode == 2
    assert "ชื่อโปรไฟล์ 'a/b' ต้องไม่มีอักขระควบคุม" in bad.stderr
    url = cli(
        "--lang",
        "th",
        "token",
        "server",
        "--base-url",
        "notaurl",
        "--api-key",
        "K",
        env=ENGLISH_LOCALE,
    )
    assert "base URL 'notaurl' ต้องเป็น URL เต็มที่ขึ้นต้นด้วย http:// หรือ https://" in url.stderr
    english = cli("profiles", "show", "nope", env=ENGLISH_LOCALE)
    assert "no profile named 'nope' (profiles: none yet)" in english.stderr


def test_each_argparse_wording_is_matched(capsys: pytest.CaptureFixture[str]) -> None:
    from scb_console.cli.main import Parser
    from scb_console.core import i18n

    parser = Parser(prog="x")
    parser.add_argument("--count", type=int)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--a", action="store_true")
    group.add_argument("--b", action="store_true")
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--many", nargs="+")
    i18n.set_language("th")
    lines = []
    try:
        for argv in (["--count", "many"], ["--a", "--b"], ["--flag=yes"], ["--many"]):
            with pytest.raises(SystemExit):
                parser.parse_args(argv)
            lines.append(capsys.readouterr().err.strip().splitlines()[-1])
    finally:
        i18n.set_language("en")
    assert lines == [
        "x: ข้อผิดพลาด: อาร์กิวเมนต์ --count: ค่า int ไม่ถูกต้อง: 'many'",
        "x: ข้อผิดพลาด: อาร์กิวเมนต์ --b: ใช้ร่วมกับอาร์กิวเมนต์ --a ไม่ได้",
        "x: ข้อผิดพลาด: อาร์กิวเมนต์ --flag: ไม่รับค่า 'yes' ที่ระบุมา",
        "x: ข้อผิดพลาด: อาร์กิวเมนต์ --many: ต้องตามด้วยค่าอย่างน้อยหนึ่งค่า",
    ]


def test_the_rarer_cli_errors_in_thai_too(cli: Cli) -> None:
    """A profile that exists, no refresh token anywhere, a masked token piped in."""
    assert cli("profiles", "add", "demo", "--no-secret", env=ENGLISH_LOCALE).returncode == 0
    again = cli("--lang", "th", "profiles", "add", "demo", "--no-secret", env=ENGLISH_LOCALE)
    assert again.returncode == 2
    assert "มีโปรไฟล์ชื่อ 'demo' อยู่แล้ว" in again.stderr
    ad_hoc = ("--base-url", "http://127.0.0.1:9/x", "--api-key", "K")
    secret = {**ENGLISH_LOCALE, "SCB_CONSOLE_API_SECRET": "x"}
    refresh = cli("--lang", "th", "token", "refresh", *ad_hoc, env=secret)
    assert refresh.returncode == 2
    assert "ไม่มี refresh token: ส่งด้วย --refresh-token-stdin หรือ $SCB_CONSOLE_REFRESH_TOKEN" in (
        refresh.stderr
    )
    masked = cli(
        "--lang",
        "th",
        "call",
        "profile",
        *ad_hoc,
        "--access-token-stdin",
        env=secret,
        input='{"accessToken": "abcd…(30)"}',
    )
    assert masked.returncode == 2
    assert "accessToken ใน stdin ถูกปิดบังไว้" in masked.stderr
