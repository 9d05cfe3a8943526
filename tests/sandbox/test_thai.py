"""The sandbox speaks Thai: its consent page follows the browser, descriptions the request."""

from __future__ import annotations

import httpx
import pytest

from scb_console.core.contract import DESCRIPTIONS, DESCRIPTIONS_TH, StatusCode, descriptions_for
from scb_console.sandbox import EmbeddedSandbox
from scb_console.sandbox.page import page_language
from tests.sandbox.conftest import Scb, status_of

THAI = range(0x0E00, 0x0E80)


def _consent(scb: Scb, sandbox: EmbeddedSandbox, accept_language: str | None) -> httpx.Response:
    login = scb.login()
    headers = {"Accept-Language": accept_language} if accept_language is not None else {}
    return scb.client.get(f"{sandbox.root_url}/_sandbox/easy/login/{login}", headers=headers)


def test_the_consent_page_is_thai_for_a_thai_browser(scb: Scb, sandbox: EmbeddedSandbox) -> None:
    page = _consent(scb, sandbox, "th-TH,th;q=0.9,en;q=0.8")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="th">' in html
    for words in ("เข้าสู่ระบบและอนุมัติ", "ลูกค้าทดสอบ", "PIN 6 หลัก", ">อนุมัติ<", ">ปฏิเสธ<"):
        assert words in html, words
    assert "ขอสิทธิ์อ่านข้อมูลโปรไฟล์ลูกค้าของคุณ" in html
    assert "Sign in and approve" not in html
    assert "นาย สมชาย ใจดี" in html  # the customers' Thai names, intact
    assert "endState mobile_app" in html  # SCB's names stay as SCB spells them


@pytest.mark.parametrize("accept_language", [None, "en-US,en;q=0.9", "en;q=0.9,th;q=0.5", "de"])
def test_the_consent_page_stays_english_otherwise(
    scb: Scb, sandbox: EmbeddedSandbox, accept_language: str | None
) -> None:
    html = _consent(scb, sandbox, accept_language).text
    assert '<html lang="en">' in html
    assert "Sign in and approve" in html
    assert ">Approve</button>" in html
    assert "เข้าสู่ระบบและอนุมัติ" not in html


def test_a_wrong_pin_is_explained_in_thai(scb: Scb, sandbox: EmbeddedSandbox) -> None:
    login = scb.login()
    answer = scb.client.post(
        f"{sandbox.root_url}/_sandbox/easy/login/{login}",
        data={"action": "approve", "customerId": "sb-customer-001", "pin": "000000"},
        headers={"Accept-Language": "th"},
    )
    assert answer.status_code == 401
    assert "PIN ไม่ถูกต้อง (เหลือโอกาสอีก" in answer.text


def test_an_unknown_login_page_is_thai_too(scb: Scb, sandbox: EmbeddedSandbox) -> None:
    answer = scb.client.get(
        f"{sandbox.root_url}/_sandbox/easy/login/no-such-login", headers={"Accept-Language": "th"}
    )
    assert answer.status_code == 404
    assert "ไม่พบการเข้าสู่ระบบนี้" in answer.text


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("th", "th"),
        ("th-TH", "th"),
        ("TH", "th"),
        ("en-US,en;q=0.9", "en"),
        ("en-US,th;q=0.9", "en"),
        ("th;q=0.9,en;q=0.8", "th"),
        ("en;q=0.5,th;q=0.8", "th"),
        ("fr,de", "en"),
        ("th;q=0", "en"),
        ("", "en"),
        (None, "en"),
        ("th;q=bogus", "en"),
    ],
)
def test_the_page_language_follows_the_q_values(header: str | None, language: str) -> None:
    assert page_language(header) == language


# --- error descriptions -------------------------------------------------------------------------


def test_a_wrong_secret_is_described_in_thai_for_accept_language_th(scb: Scb) -> None:
    scb.secret = "not-the-secret"
    answer = scb.client.post(
        "/v1/oauth/token",
        headers=scb.headers(**{"accept-language": "TH"}),
        json={"applicationKey": scb.key, "applicationSecret": scb.secret},
    )
    assert status_of(answer) == (401, StatusCode.INVALID_API_KEY)
    assert answer.json()["status"]["description"] == "ข้อมูลยืนยันสิทธิ์ไม่ถูกต้อง"


def test_descriptions_stay_scbs_english_by_default(scb: Scb) -> None:
    scb.secret = "not-the-secret"
    for headers in ({}, {"accept-language": "EN"}):
        answer = scb.client.post(
            "/v1/oauth/token",
            headers=scb.headers(**headers),
            json={"applicationKey": scb.key, "applicationSecret": scb.secret},
        )
        assert answer.json()["status"]["description"] == "Invalid authorization credentials"


def test_a_missing_header_names_it_in_thai(scb: Scb) -> None:
    answer = scb.client.post(
        "/v1/oauth/token",
        headers={"accept-language": "th", "resourceOwnerId": scb.key},  # no requestUId
        json={"applicationKey": scb.key, "applicationSecret": scb.secret},
    )
    assert status_of(answer) == (400, StatusCode.MISSING_HEADER)
    assert answer.json()["status"]["description"] == "ไม่พบเฮดเดอร์มาตรฐานที่จำเป็น (requestUId)"


def test_an_expired_code_is_described_in_thai(scb: Scb) -> None:
    answer = scb.client.post(
        "/v1/oauth/token",
        headers=scb.headers(**{"accept-language": "TH"}),
        json={"applicationKey": scb.key, "applicationSecret": scb.secret, "authCode": "spent"},
    )
    assert status_of(answer) == (401, StatusCode.INVALID_TEMPORARY_TOKEN)
    assert answer.json()["status"]["description"] == ("โทเค็นชั่วคราวไม่ถูกต้องหรือหมดอายุ (authCode)")


def test_the_thai_table_covers_every_code() -> None:
    assert set(DESCRIPTIONS_TH) == set(DESCRIPTIONS)
    for code, text in DESCRIPTIONS_TH.items():
        assert any(ord(ch) in THAI for ch in text), code
    assert descriptions_for("TH") is DESCRIPTIONS_TH
    assert descriptions_for("th-TH") is DESCRIPTIONS_TH
    assert descriptions_for("EN") is DESCRIPTIONS
    assert descriptions_for(None) is DESCRIPTIONS
