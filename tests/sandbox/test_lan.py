"""Phone demo (LAN mode): the consent page on a second address, nothing else, and the hand-off.

Tests never bind or contact a real network interface: the "LAN address" is 127.0.0.2, a
loopback alias (Linux routes all of 127.0.0.0/8 to lo).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from scb_console.core.contract import PATH_AUTHORIZE, PATH_PROFILE, PATH_REFRESH, PATH_TOKEN
from scb_console.sandbox import EmbeddedSandbox
from scb_console.sandbox.lan import (
    LanAddressError,
    check_lan_address,
    detect_lan_address,
    lan_address_candidates,
)
from tests.sandbox.conftest import CUSTOMER, PIN, Scb, status_of

LAN = "127.0.0.2"


def _loopback_alias_works(address: str = "127.0.0.2") -> bool:
    """Linux routes all of 127.0.0.0/8 to lo; macOS has only 127.0.0.1 unless aliased."""
    try:
        with socket.socket() as probe:
            probe.bind((address, 0))
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _loopback_alias_works(), reason="127.0.0.2 is not a loopback address here"
)


class Handed:
    """Records what the sandbox hands over, and on which thread."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.threads: list[str] = []

    def __call__(self, url: str) -> None:
        self.urls.append(url)
        self.threads.append(threading.current_thread().name)


@pytest.fixture
def handed(sandbox: EmbeddedSandbox) -> Iterator[Handed]:
    recorder = Handed()
    sandbox.set_redirect_handler(recorder)
    yield recorder
    sandbox.set_redirect_handler(None)


@pytest.fixture
def lan(sandbox: EmbeddedSandbox) -> Iterator[httpx.Client]:
    """A client of the LAN listener on 127.0.0.2 (follows no redirect)."""
    root = sandbox.start_lan(LAN)
    with httpx.Client(base_url=root, timeout=10) as client:
        yield client
    sandbox.stop_lan()


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def test_lan_listener_serves_the_consent_page(
    sandbox: EmbeddedSandbox, lan: httpx.Client, scb: Scb
) -> None:
    root = sandbox.lan_root_url
    assert root == f"http://{LAN}:{sandbox.port}"  # the sandbox's own port, on the LAN address
    login = scb.login()
    assert sandbox.lan_consent_url(login) == f"{root}/_sandbox/easy/login/{login}"
    page = lan.get(f"/_sandbox/easy/login/{login}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert f'action="/_sandbox/easy/login/{login}"' in page.text  # the form posts back here
    assert CUSTOMER in page.text
    missing = lan.get("/_sandbox/easy/login/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert "No such login" in missing.text


def test_approval_on_the_lan_is_handed_to_the_console(
    sandbox: EmbeddedSandbox, lan: httpx.Client, scb: Scb, handed: Handed
) -> None:
    login = scb.login(state="xyz-state")
    form = {"customerId": CUSTOMER, "pin": PIN, "action": "approve"}
    answer = lan.post(f"/_sandbox/easy/login/{login}", data=form)
    assert answer.status_code == 200  # a page for the phone, not a redirect to 127.0.0.1
    assert "location" not in answer.headers
    assert "Approved — look at the console screen" in answer.text
    assert len(handed.urls) == 1
    assert handed.threads == ["scb-sandbox"]  # called on the sandbox thread
    params = _query(handed.urls[0])
    assert params["state"] == "xyz-state"
    assert params["status"] == "success"
    assert params["code"] not in answer.text  # the phone never sees the code
    # the code is real: it exchanges for tokens over loopback
    assert status_of(scb.exchange(params["code"])) == (200, 1000)
    # the login is spent: a second approval is refused
    again = lan.post(f"/_sandbox/easy/login/{login}", data=form)
    assert again.status_code == 404
    assert len(handed.urls) == 1


def test_denial_on_the_lan_is_handed_over_too(
    sandbox: EmbeddedSandbox, lan: httpx.Client, scb: Scb, handed: Handed
) -> None:
    login = scb.login()
    answer = lan.post(f"/_sandbox/easy/login/{login}", data={"action": "deny"})
    assert answer.status_code == 200
    assert "Declined" in answer.text
    assert _query(handed.urls[0])["status"] == "denied"
    assert "code" not in _query(handed.urls[0])


def test_wrong_pin_shows_the_form_again_and_hands_nothing(
    lan: httpx.Client, scb: Scb, handed: Handed
) -> None:
    login = scb.login()
    answer = lan.post(
        f"/_sandbox/easy/login/{login}",
        data={"customerId": CUSTOMER, "pin": "000000", "action": "approve"},
    )
    assert answer.status_code == 401
    assert 'role="alert"' in answer.text
    assert "<form" in answer.text
    assert handed.urls == []


def test_a_form_over_the_limit_is_a_413_page_and_hands_nothing(
    lan: httpx.Client, scb: Scb, handed: Handed
) -> None:
    from scb_console.sandbox.lan import MAX_FORM

    login = scb.login()
    form = {"customerId": CUSTOMER, "pin": PIN, "action": "approve", "pad": "x" * MAX_FORM}
    answer = lan.post(f"/_sandbox/easy/login/{login}", data=form)
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert str(MAX_FORM) in answer.text
    assert handed.urls == []
    assert scb.approve(login).status_code == 200  # still pending


def test_without_a_handler_the_login_is_not_spent(
    sandbox: EmbeddedSandbox, lan: httpx.Client, scb: Scb
) -> None:
    sandbox.set_redirect_handler(None)
    login = scb.login()
    form = {"customerId": CUSTOMER, "pin": PIN, "action": "approve"}
    answer = lan.post(f"/_sandbox/easy/login/{login}", data=form)
    assert answer.status_code == 503
    assert "not waiting" in answer.text
    assert scb.approve(login).status_code == 200  # still pending


def test_a_failing_handler_is_a_page_not_a_crash(
    sandbox: EmbeddedSandbox, lan: httpx.Client, scb: Scb
) -> None:
    def broken(url: str) -> None:
        raise RuntimeError("boom")

    sandbox.set_redirect_handler(broken)
    login = scb.login()
    answer = lan.post(
        f"/_sandbox/easy/login/{login}",
        data={"customerId": CUSTOMER, "pin": PIN, "action": "approve"},
    )
    assert answer.status_code == 500
    assert "could not take the redirect" in answer.text
    assert "boom" not in answer.text
    assert lan.get("/_sandbox/easy/login/x").status_code == 404  # still serving


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/_sandbox/faults"),
        ("PUT", "/_sandbox/faults"),
        ("GET", "/_sandbox/requests"),
        ("POST", "/_sandbox/reset"),
        ("GET", "/_sandbox/info"),
        ("GET", "/_sandbox/health"),
        ("POST", "/_sandbox/logins/LOGIN/approve"),
        ("POST", "/_sandbox/logins/LOGIN/deny"),
        ("POST", "/partners/sandbox" + PATH_TOKEN),
        ("GET", "/partners/sandbox" + PATH_AUTHORIZE),
        ("POST", "/partners/sandbox" + PATH_REFRESH),
        ("GET", "/partners/sandbox" + PATH_PROFILE),
    ],
)
def test_lan_listener_refuses_everything_else(
    sandbox: EmbeddedSandbox, lan: httpx.Client, scb: Scb, method: str, path: str
) -> None:
    sandbox.set_faults(latency_ms=5)
    login = scb.login()
    response = lan.request(
        method,
        path.replace("LOGIN", login),
        json={"default": {}, "customerId": CUSTOMER, "pin": PIN},
        headers=scb.authorize_headers(),
    )
    assert response.status_code == 403
    assert "Not available on the network" in response.text
    assert "latency_ms" not in response.text
    assert sandbox.server.faults.default.latency_ms == 5  # nothing changed
    assert scb.approve(login).status_code == 200  # the login is still pending
    assert lan.get("/favicon.ico").status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example"},
        {"Host": "127.0.0.1:1"},
        {"Origin": "http://evil.example"},
        {"Origin": "http://127.0.0.1"},
    ],
)
def test_foreign_host_or_origin_is_refused(
    lan: httpx.Client, scb: Scb, handed: Handed, headers: dict[str, str]
) -> None:
    login = scb.login()
    form = {"customerId": CUSTOMER, "pin": PIN, "action": "approve"}
    response = lan.post(f"/_sandbox/easy/login/{login}", data=form, headers=headers)
    assert response.status_code == 403
    assert handed.urls == []
    assert lan.get(f"/_sandbox/easy/login/{login}", headers=headers).status_code == 403


def test_own_origin_is_accepted_and_null_origin_refused(
    sandbox: EmbeddedSandbox, lan: httpx.Client, scb: Scb, handed: Handed
) -> None:
    """The page's form posts with its own origin (referrer policy same-origin); ``null`` is what
    a sandboxed frame on another site sends, so it is refused like any foreign origin."""
    form = {"customerId": CUSTOMER, "pin": PIN, "action": "approve"}
    login = scb.login()
    own = str(sandbox.lan_root_url)
    response = lan.post(f"/_sandbox/easy/login/{login}", data=form, headers={"Origin": own})
    assert response.status_code == 200
    login = scb.login()
    response = lan.post(f"/_sandbox/easy/login/{login}", data=form, headers={"Origin": "null"})
    assert response.status_code == 403
    assert len(handed.urls) == 1


def test_loopback_listener_keeps_its_checks(sandbox: EmbeddedSandbox, lan: httpx.Client) -> None:
    with httpx.Client(base_url=sandbox.root_url, timeout=10) as local:
        assert local.get("/_sandbox/info").status_code == 200
        assert local.get("/_sandbox/info", headers={"Host": "evil.example"}).status_code == 403
        assert local.get("/_sandbox/info", headers={"Origin": "null"}).status_code == 403


def test_stop_lan_closes_the_listener(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    root = sandbox.start_lan(LAN)
    port = int(root.rsplit(":", 1)[1])
    assert sandbox.start_lan(LAN) == root  # idempotent
    sandbox.stop_lan()
    assert sandbox.lan_root_url is None
    assert sandbox.lan_consent_url("x") is None
    with pytest.raises(OSError), socket.create_connection((LAN, port), timeout=5):
        pass
    assert status_of(scb.server_token()) == (200, 1000)  # loopback still serves
    sandbox.stop_lan()  # twice is fine


def test_stopping_the_sandbox_closes_the_lan_listener() -> None:
    box = EmbeddedSandbox()
    box.start()
    root = box.start_lan(LAN)
    port = int(root.rsplit(":", 1)[1])
    box.stop()
    with pytest.raises(OSError), socket.create_connection((LAN, port), timeout=5):
        pass
    with pytest.raises(RuntimeError, match="start the sandbox"):
        box.start_lan(LAN)


def test_a_taken_port_falls_back_to_a_free_one(sandbox: EmbeddedSandbox) -> None:
    with socket.socket() as blocker:
        blocker.bind((LAN, sandbox.port))
        blocker.listen()
        root = sandbox.start_lan(LAN)
    try:
        assert root.startswith(f"http://{LAN}:")
        assert root != f"http://{LAN}:{sandbox.port}"
    finally:
        sandbox.stop_lan()


def test_moving_to_another_address_closes_the_first(sandbox: EmbeddedSandbox) -> None:
    first = sandbox.start_lan(LAN)
    second = sandbox.start_lan("127.0.0.3")
    try:
        assert second.startswith("http://127.0.0.3:")
        port = int(first.rsplit(":", 1)[1])
        with pytest.raises(OSError), socket.create_connection((LAN, port), timeout=5):
            pass
    finally:
        sandbox.stop_lan()


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("0.0.0.0", "every interface"),
        ("::", "every interface"),
        ("my-laptop.local", "not an IP address"),
        ("224.0.0.1", "not the address of an interface"),
        ("", "not an IP address"),
    ],
)
def test_unusable_addresses_are_named(sandbox: EmbeddedSandbox, address: str, why: str) -> None:
    with pytest.raises(LanAddressError, match=why):
        check_lan_address(address)
    with pytest.raises(LanAddressError, match=why):
        sandbox.start_lan(address)
    assert sandbox.lan_root_url is None


def test_check_lan_address_normalises() -> None:
    assert check_lan_address(" 192.168.1.20 ") == "192.168.1.20"
    assert check_lan_address("[fe80::1]") == "fe80::1"


def test_detection_never_offers_loopback() -> None:
    # a UDP connect sends nothing; towards loopback the source is loopback, which is no LAN
    assert detect_lan_address("127.0.0.1") is None


def test_candidates_put_the_primary_first_without_duplicates_or_loopback() -> None:
    assert lan_address_candidates(
        "192.168.1.20", ["127.0.1.1", "10.0.0.5", "192.168.1.20", "169.254.3.4", "junk"]
    ) == ["192.168.1.20", "10.0.0.5"]
    assert lan_address_candidates(None, []) == []


def test_what_the_lan_listener_answers_is_journaled_like_the_consent_page(
    sandbox: EmbeddedSandbox, lan: httpx.Client, scb: Scb, handed: Handed
) -> None:
    """Support reads /_sandbox/requests to see what happened: the phone's page, its approval
    (PIN masked, the code in the redirect masked) and a refused request are there, as the
    loopback consent page's are."""
    login = scb.login()
    before = len(scb.admin("GET", "/_sandbox/requests").json()["requests"])
    assert lan.get(f"/_sandbox/easy/login/{login}").status_code == 200
    form = {"customerId": CUSTOMER, "pin": PIN, "action": "approve"}
    assert lan.post(f"/_sandbox/easy/login/{login}", data=form).status_code == 200
    assert lan.get("/partners/sandbox/v1/oauth/token").status_code == 403
    entries = scb.admin("GET", "/_sandbox/requests").json()["requests"][before:]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", f"/_sandbox/easy/login/{login}", 200),
        ("POST", f"/_sandbox/easy/login/{login}", 200),
        ("GET", "/partners/sandbox/v1/oauth/token", 403),
    ]
    approval = entries[1]
    assert approval["requestBody"]["customerId"] == CUSTOMER
    assert approval["requestBody"]["action"] == "approve"
    assert PIN not in str(approval["requestBody"])
    code = _query(handed.urls[0])["code"]
    assert "redirectUrl" in approval["responseBody"]
    assert code not in str(approval)
    headers = {name.lower(): value for name, value in approval["requestHeaders"]}
    assert headers["host"] == f"{LAN}:{sandbox.port}"  # (it came over the LAN)
    # the loopback consent page journals its approval the same way
    other = scb.login()
    scb.client.post(f"{sandbox.root_url}/_sandbox/easy/login/{other}", data=form)
    (loopback,) = [
        entry
        for entry in scb.admin("GET", "/_sandbox/requests").json()["requests"]
        if entry["method"] == "POST" and entry["path"] == f"/_sandbox/easy/login/{other}"
    ]
    assert loopback["endpoint"] == approval["endpoint"]
    assert set(loopback["requestBody"]) == set(approval["requestBody"])


def test_the_lan_pages_speak_the_phones_language(
    sandbox: EmbeddedSandbox, lan: httpx.Client, scb: Scb, handed: Handed
) -> None:
    thai = {"Accept-Language": "th-TH,th;q=0.9,en;q=0.8"}
    login = scb.login()
    consent = lan.get(f"/_sandbox/easy/login/{login}", headers=thai)
    assert consent.status_code == 200
    assert 'lang="th"' in consent.text
    wrong = lan.post(
        f"/_sandbox/easy/login/{login}",
        data={"customerId": CUSTOMER, "pin": "000000", "action": "approve"},
        headers=thai,
    )
    assert "PIN ไม่ถูกต้อง" in wrong.text
    approved = lan.post(
        f"/_sandbox/easy/login/{login}",
        data={"customerId": CUSTOMER, "pin": PIN, "action": "approve"},
        headers=thai,
    )
    assert approved.status_code == 200
    assert "อนุมัติแล้ว" in approved.text
    assert "ไม่พบการเข้าสู่ระบบ" in lan.get(f"/_sandbox/easy/login/{login}", headers=thai).text
    assert "ใช้ผ่านเครือข่ายไม่ได้" in lan.get("/_sandbox/faults", headers=thai).text
    assert "โปรดสแกนคิวอาร์โค้ด" in lan.get("/elsewhere", headers=thai).text
    english = lan.get("/elsewhere", headers={"Accept-Language": "en-US,en;q=0.9,th;q=0.5"})
    assert "Scan the QR code" in english.text
