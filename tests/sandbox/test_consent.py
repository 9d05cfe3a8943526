"""GET /v2/oauth/authorize and the SCB Easy stand-in: consent page, approve, deny, PIN lockout."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from scb_console.core.clock import FakeClock
from scb_console.core.contract import PATH_AUTHORIZE
from scb_console.sandbox import DEMO_CUSTOMERS, EmbeddedSandbox
from tests.sandbox.conftest import CUSTOMER, PIN, Scb, status_of

RECEIVER = "http://127.0.0.1:8765/callback"


def _query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def test_authorize_answers_a_simulator_deeplink(scb: Scb) -> None:
    response = scb.authorize()
    assert status_of(response) == (200, 1000)
    data = response.json()["data"]
    assert set(data) == {"callbackUrl"}
    match = re.fullmatch(r"scbeasysim://login/([0-9a-f-]{36})", data["callbackUrl"])
    assert match is not None
    uuid.UUID(match.group(1))


@pytest.mark.parametrize(
    "missing",
    ["apikey", "apisecret", "resourceOwnerId", "requestUId", "response-channel", "endState"],
)
def test_authorize_missing_header_is_400_9100(scb: Scb, missing: str) -> None:
    headers = scb.authorize_headers()
    del headers[missing]
    response = scb.client.get(PATH_AUTHORIZE, headers=headers)
    assert status_of(response) == (400, 9100)
    assert f"({missing})" in response.json()["status"]["description"]


@pytest.mark.parametrize(("header", "value"), [("apikey", "nope"), ("apisecret", "nope")])
def test_authorize_wrong_credentials_is_401_9500(scb: Scb, header: str, value: str) -> None:
    response = scb.client.get(PATH_AUTHORIZE, headers=scb.authorize_headers(**{header: value}))
    assert status_of(response) == (401, 9500)


def test_authorize_unknown_channel_is_501_4101(scb: Scb) -> None:
    response = scb.authorize(**{"response-channel": "sms"})
    assert status_of(response) == (501, 4101)


def test_authorize_other_channel_is_fine(scb: Scb) -> None:
    assert status_of(scb.authorize(**{"response-channel": "mobile_mma"})) == (200, 1000)


def test_authorize_unknown_end_state_is_400_1102(scb: Scb) -> None:
    response = scb.authorize(endState="desktop")
    assert status_of(response) == (400, 1102)
    assert "endState" in response.json()["status"]["description"]


def test_authorize_unknown_redirect_option_is_400_1102(scb: Scb) -> None:
    response = scb.authorize(redirectOption="nope")
    assert status_of(response) == (400, 1102)
    assert "redirectOption" in response.json()["status"]["description"]


def test_partner_query_over_255_characters_is_400_1102(scb: Scb) -> None:
    assert status_of(scb.authorize("a=" + "x" * 253)) == (200, 1000)  # exactly 255
    response = scb.authorize("a=" + "x" * 254)
    assert status_of(response) == (400, 1102)
    assert "255" in response.json()["status"]["description"]


def test_approval_redirects_with_code_state_status_and_partner_pairs(scb: Scb) -> None:
    login = scb.login("order=42&code=evil&state=evil&status=evil&note=a%20b", state="st-9")
    response = scb.approve(login)
    assert response.status_code == 200
    url = response.json()["redirectUrl"]
    assert url.startswith(RECEIVER + "?")
    pairs = _query(url)
    names = [name for name, _ in pairs]
    assert names == ["code", "state", "status", "order", "note"]  # reserved ones overwritten
    values = dict(pairs)
    assert values["state"] == "st-9"
    assert values["status"] == "success"
    assert values["order"] == "42"
    assert values["note"] == "a b"
    uuid.UUID(values["code"])


def test_redirect_without_state_header_has_no_state(scb: Scb) -> None:
    url = scb.approve(scb.login()).json()["redirectUrl"]
    assert "state" not in dict(_query(url))


def test_end_state_picks_its_registered_callback(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    app = sandbox.config.apps[0]
    app.callback_urls = {"mobile_app": "myapp://done", "mobile_web": "https://partner.example/cb"}
    web = scb.approve(scb.login(endState="mobile_web")).json()["redirectUrl"]
    native = scb.approve(scb.login(endState="mobile_app")).json()["redirectUrl"]
    assert web.startswith("https://partner.example/cb?code=")
    assert native.startswith("myapp://done?code=")


def test_redirect_option_picks_the_alternative(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    sandbox.config.apps[0].redirect_options = {"alt": "http://127.0.0.1:9/alt?keep=1"}
    url = scb.approve(scb.login(redirectOption="alt")).json()["redirectUrl"]
    assert url.startswith("http://127.0.0.1:9/alt?keep=1&code=")


def test_set_callback_url_registers_the_receiver(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    sandbox.set_callback_url("http://127.0.0.1:45678/callback")
    url = scb.approve(scb.login()).json()["redirectUrl"]
    assert url.startswith("http://127.0.0.1:45678/callback?code=")


def test_deny_redirects_with_denied_and_no_code(scb: Scb) -> None:
    login = scb.login("order=7", state="s")
    response = scb.deny(login)
    assert response.status_code == 200
    values = dict(_query(response.json()["redirectUrl"]))
    assert values == {"state": "s", "status": "denied", "order": "7"}
    assert scb.approve(login).status_code == 404  # the login is answered


def test_login_is_answered_once(scb: Scb) -> None:
    login = scb.login()
    assert scb.approve(login).status_code == 200
    again = scb.approve(login)
    assert again.status_code == 404
    assert "already answered" in again.json()["error"]


def test_unknown_login_is_a_clear_404(scb: Scb) -> None:
    missing = str(uuid.uuid4())
    for response in (scb.approve(missing), scb.deny(missing)):
        assert response.status_code == 404
        assert missing in response.json()["error"]
    page = scb.admin("GET", f"/_sandbox/easy/login/{missing}")
    assert page.status_code == 404
    assert "No such login" in page.text


def test_login_expires(scb: Scb, clock: FakeClock) -> None:
    login = scb.login()
    clock.advance(300)
    assert scb.approve(login).status_code == 404


def test_wrong_pin_is_refused_and_three_lock_the_login(scb: Scb) -> None:
    login = scb.login()
    first = scb.approve(login, pin="000000")
    assert first.status_code == 401
    assert first.json()["attemptsLeft"] == 2
    assert "wrong PIN" in first.json()["error"]
    assert scb.approve(login, pin="000001").json()["attemptsLeft"] == 1
    third = scb.approve(login, pin="000002")
    assert third.status_code == 423
    assert "locked" in third.json()["error"]
    assert scb.approve(login, pin=PIN).status_code == 423  # even the right PIN now
    assert scb.deny(login).status_code == 423
    assert scb.admin("GET", f"/_sandbox/easy/login/{login}").status_code == 423


def test_right_pin_after_a_wrong_one_works(scb: Scb) -> None:
    login = scb.login()
    assert scb.approve(login, pin="999999").status_code == 401
    assert scb.approve(login).status_code == 200


def test_pin_is_per_customer(scb: Scb) -> None:
    second = DEMO_CUSTOMERS[1]
    login = scb.login()
    assert scb.approve(login, customer=second.id, pin=PIN).status_code == 401
    response = scb.approve(login, customer=second.id, pin=second.pin)
    assert response.status_code == 200
    code = httpx.URL(response.json()["redirectUrl"]).params["code"]
    assert scb.exchange(code).headers["resourceOwnerId"] == second.id


@pytest.mark.parametrize(
    "body",
    [
        {"customerId": CUSTOMER},
        {"pin": PIN},
        {"customerId": CUSTOMER, "pin": "12345"},
        {"customerId": CUSTOMER, "pin": 123456},
        [],
    ],
)
def test_approve_with_a_bad_body_is_400_and_costs_no_attempt(scb: Scb, body: object) -> None:
    login = scb.login()
    response = scb.admin("POST", f"/_sandbox/logins/{login}/approve", json=body)
    assert response.status_code == 400
    assert response.json()["error"]
    for _ in range(2):
        assert scb.approve(login, pin="000000").status_code == 401  # still 3 attempts in all
    assert scb.approve(login, pin="000000").status_code == 423


def test_approve_with_an_unknown_customer_is_400(scb: Scb) -> None:
    response = scb.approve(scb.login(), customer="nobody")
    assert response.status_code == 400
    assert "customerId" in response.json()["error"]


# --- the HTML page ------------------------------------------------------------------------------


def test_consent_page_renders_with_the_customers(scb: Scb) -> None:
    login = scb.login()
    page = scb.admin("GET", f"/_sandbox/easy/login/{login}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    html = page.text
    assert '<meta name="viewport"' in html
    assert "<script" not in html.lower()
    assert "SCB Console demo app" in html
    for customer in DEMO_CUSTOMERS:
        assert customer.id in html
        assert customer.profile["thaiFirstName"] in html
        assert customer.profile["engFirstName"] in html
    assert f'action="/_sandbox/easy/login/{login}"' in html
    assert 'name="pin"' in html
    assert 'value="approve"' in html
    assert 'value="deny"' in html


def test_consent_form_post_redirects_the_browser_with_a_code(scb: Scb) -> None:
    login = scb.login("x=1", state="st")
    response = scb.admin(
        "POST",
        f"/_sandbox/easy/login/{login}",
        data={"customerId": CUSTOMER, "pin": PIN, "action": "approve"},
    )
    assert response.status_code == 303
    location = response.headers["location"]
    values = dict(_query(location))
    assert location.startswith(RECEIVER)
    assert (values["state"], values["status"], values["x"]) == ("st", "success", "1")
    assert status_of(scb.exchange(values["code"])) == (200, 1000)


def test_consent_form_posts_as_a_browser_does(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    """A browser posts the form with the page's Origin, which the loopback checks accept.

    Regression: a ``<meta name="referrer" content="no-referrer">`` made Chromium send
    ``Origin: null`` with the form (Fetch spec), which the loopback check refused with 403, so
    Approve failed in a real browser (seen with headless Chromium).
    """
    login = scb.login(state="st")
    page = scb.admin("GET", f"/_sandbox/easy/login/{login}")
    assert "no-referrer" not in page.text
    assert page.headers["Referrer-Policy"] == "same-origin"
    response = scb.admin(
        "POST",
        f"/_sandbox/easy/login/{login}",
        data={"customerId": CUSTOMER, "pin": PIN, "action": "approve"},
        headers={"Origin": sandbox.root_url},
    )
    assert response.status_code == 303


def test_consent_form_wrong_pin_shows_the_page_again(scb: Scb) -> None:
    login = scb.login()
    response = scb.admin(
        "POST",
        f"/_sandbox/easy/login/{login}",
        data={"customerId": CUSTOMER, "pin": "000000", "action": "approve"},
    )
    assert response.status_code == 401
    assert "wrong PIN" in response.text
    assert "2 attempts left" in response.text
    assert 'role="alert"' in response.text


def test_consent_form_deny(scb: Scb) -> None:
    login = scb.login()
    response = scb.admin("POST", f"/_sandbox/easy/login/{login}", data={"action": "deny"})
    assert response.status_code == 303
    assert dict(_query(response.headers["location"]))["status"] == "denied"


def test_consent_page_escapes_names(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    sandbox.config.apps[0].name = "<b>evil</b>"
    page = scb.admin("GET", f"/_sandbox/easy/login/{scb.login()}")
    assert "<b>evil</b>" not in page.text
    assert "&lt;b&gt;evil&lt;/b&gt;" in page.text
