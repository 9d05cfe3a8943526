"""The engine's messages in English (the default) and Thai: catalog, selection, real errors."""

from __future__ import annotations

import ast
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import scb_console.cli.i18n  # noqa: F401  (registers the CLI's catalog, as the CLI does)
from scb_console.core import contract, envelope, flow, i18n, redirect
from scb_console.core.client import SCBClient
from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment, StatusCode
from scb_console.core.envelope import Answer, Step, parse_envelope, transport_error
from scb_console.core.errors import ApiError, ConnectError, MalformedResponse, RequestTimeout
from scb_console.core.flow import FlowState
from scb_console.core.i18n_th import ENGINE_TH
from scb_console.core.models import Profile
from scb_console.sandbox import DEMO_API_KEY, EmbeddedSandbox

PACKAGE = Path(__file__).resolve().parents[2] / "scb_console"
THAI = range(0x0E00, 0x0E80)


def _thai(text: str) -> bool:
    return any(ord(ch) in THAI for ch in text)


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _literal_templates() -> dict[str, str]:
    """Every literal first argument of ``tr(...)`` / ``engine_tr(...)`` outside the GUI's Qt
    code (the GUI's own strings go through Qt's .ts), with the file it is in."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("ui/") and rel != "ui/session.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            first = node.args[0]
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name in ("tr", "engine_tr") and literal:
                assert isinstance(first, ast.Constant)
                found.setdefault(str(first.value), rel)
    return found


def test_every_engine_and_cli_message_has_a_thai_translation() -> None:
    templates = _literal_templates()
    assert len(templates) > 120  # the scan found the engine's, the CLI's and the session's
    catalog = i18n.catalog("th")
    missing = {text: where for text, where in templates.items() if text not in catalog}
    assert not missing, f"no Thai for: {missing}"


def test_the_names_messages_are_made_of_are_translated_too() -> None:
    catalog = i18n.catalog("th")
    names = [
        *(contract._ENV_LABELS.values()),
        *(envelope._STEP_LABELS.values()),
        *flow.STATE_LABELS,
        *flow._BUSY_MESSAGE.values(),
        flow._CANCELLED_MESSAGE,
        redirect.DENIED_MESSAGE,
        "authorize",
        "take a redirect",
        "exchange",
        "refresh",
        "the URL",
        "the query string",
        "the redirect",
    ]
    assert [name for name in names if name not in catalog] == []


def test_every_translation_keeps_its_placeholders_and_is_thai() -> None:
    for source, thai in i18n.catalog("th").items():
        assert i18n.placeholders(source) == i18n.placeholders(thai), source
        assert thai.strip(), source
    # the engine's catalog is Thai, not copied English (names like "SCB UAT" excepted)
    names = ("SCB UAT", "the URL")
    untranslated = [s for s, t in ENGINE_TH.items() if not _thai(t) and s not in names]
    assert untranslated == []


def test_a_translation_that_drops_a_placeholder_is_refused() -> None:
    with pytest.raises(ValueError, match="placeholders"):
        i18n.register("th", {"code {code} received": "ได้รับรหัสแล้ว"})


def test_english_is_the_default_and_unchanged() -> None:
    assert i18n.get_language() == "en"
    assert i18n.tr("cancelled") == "cancelled"
    assert Environment.LOCAL.label == "Local sandbox"
    assert FlowState.AWAITING_CONSENT.label == "Awaiting consent"
    assert i18n.tr("no such {thing}", thing="x") == "no such x"  # unknown: English


def test_thai_is_chosen_for_the_whole_process() -> None:
    assert i18n.set_language("TH") == "th"
    assert Environment.LOCAL.label == "แซนด์บ็อกซ์ในเครื่อง"
    assert FlowState.CODE_RECEIVED.label == "ได้รับรหัสแล้ว"
    assert Step.EXCHANGE_CODE.label == "การแลกรหัสอนุญาต"
    assert i18n.tr("no such {thing}", thing="x") == "no such x"  # untranslated: still reads
    assert i18n.tr_in("en", "cancelled") == "cancelled"  # one answer in another language


@pytest.mark.parametrize(
    ("value", "code"),
    [("th", "th"), ("TH", "th"), ("th_TH.UTF-8", "th"), ("th-TH", "th"), ("English", "en")],
)
def test_language_names_are_read(value: str, code: str) -> None:
    assert i18n.normalize_language(value) == code


def test_an_unknown_language_is_named() -> None:
    with pytest.raises(ValueError, match=r"'fr'.*en, th"):
        i18n.normalize_language("fr")


@pytest.mark.parametrize(
    ("environ", "code"),
    [
        ({}, "en"),
        ({"LANG": "th_TH.UTF-8"}, "th"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "th_TH.UTF-8"}, "th"),
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "th_TH.UTF-8"}, "en"),  # LC_ALL wins, and is not Thai
        ({"LANGUAGE": "th:en", "LANG": "en_US.UTF-8"}, "th"),
        ({"LANG": "C"}, "en"),
    ],
)
def test_the_locale_picks_the_language(environ: dict[str, str], code: str) -> None:
    assert i18n.language_from_environment(environ) == code


# --- the common errors, for real, in Thai -----------------------------------------------------


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused_in_thai(clock: FakeClock) -> None:
    i18n.set_language("th")
    profile = Profile(
        name="dead",
        environment=Environment.CUSTOM,
        api_key="k",
        base_url=f"http://127.0.0.1:{_closed_port()}",
    )
    async with httpx.AsyncClient(timeout=5) as http:
        client = SCBClient(http, profile, "s", clock=clock)
        with pytest.raises(ConnectError) as caught:
            await client.server_token()
    text = str(caught.value)
    assert "ถูกปฏิเสธ" in text
    assert "แซนด์บ็อกซ์ในเครื่องทำงานอยู่หรือไม่" in text
    assert caught.value.request_uid
    assert caught.value.request_uid in text


def test_timeout_in_thai() -> None:
    i18n.set_language("th")
    err = transport_error(
        httpx.ReadTimeout("timed out"),
        url="https://api.example/v1/oauth/token",
        request_uid="uid-1",
        step=Step.SERVER_TOKEN,
        timeout=15,
    )
    assert isinstance(err, RequestTimeout)
    assert str(err) == (
        "api.example ไม่ตอบคำขอโทเค็นเซิร์ฟเวอร์ภายใน 15 วินาที "
        "คำขออาจถูกประมวลผลที่ฝั่งเซิร์ฟเวอร์แล้ว (requestUId uid-1)"
    )


async def test_wrong_secret_9500_in_thai(sandbox: EmbeddedSandbox, clock: FakeClock) -> None:
    i18n.set_language("th")
    profile = Profile(
        name="demo", environment=Environment.LOCAL, api_key=DEMO_API_KEY, base_url=sandbox.base_url
    )
    async with httpx.AsyncClient(timeout=5) as http:
        client = SCBClient(http, profile, "not-the-secret", clock=clock)
        with pytest.raises(ApiError) as caught:
            await client.server_token()
    assert caught.value.code == StatusCode.INVALID_API_KEY
    assert str(caught.value).startswith("SCB ปฏิเสธ API key หรือ API secret (9500 ")
    assert "โปรไฟล์ 'demo'" in str(caught.value)


def test_expired_code_9300_in_thai() -> None:
    i18n.set_language("th")
    body = (
        b'{"status": {"code": 9300, "description": "Invalid/expired temporary token"}, '
        b'"data": null}'
    )
    answer = Answer(401, (("content-type", "application/json"),), body, "uid-2")
    with pytest.raises(ApiError) as caught:
        parse_envelope(answer, step=Step.EXCHANGE_CODE, profile_name="demo")
    assert str(caught.value) == (
        "SCB ปฏิเสธรหัสอนุญาต (9300 Invalid/expired temporary token): รหัสไม่ถูกต้อง หมดอายุ "
        f"(รหัสมีอายุ {contract.CODE_TTL} วินาที) หรือถูกใช้ไปแล้ว โปรดเริ่มใหม่ที่ขั้นขออนุญาต "
        "(requestUId uid-2)"
    )


def test_malformed_answer_in_thai() -> None:
    i18n.set_language("th")
    answer = Answer(502, (("content-type", "text/html"),), b"<html>Bad Gateway</html>", "uid-3")
    with pytest.raises(MalformedResponse) as caught:
        parse_envelope(answer, step=Step.SERVER_TOKEN, profile_name="demo")
    text = str(caught.value)
    assert text.startswith("คำตอบของ SCB ต่อคำขอโทเค็นเซิร์ฟเวอร์ (HTTP 502) เป็นหน้า HTML")
    assert "โดยขึ้นต้นว่า: <html>Bad Gateway</html>" in text


def test_the_same_errors_stay_english_by_default() -> None:
    err = transport_error(
        httpx.ReadTimeout("timed out"),
        url="https://api.example/v1/oauth/token",
        request_uid="uid-1",
        step=Step.SERVER_TOKEN,
        timeout=15,
    )
    assert str(err).startswith("api.example did not answer the server token request within 15 s")
    assert not _thai(str(err))
