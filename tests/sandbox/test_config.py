"""SandboxConfig: the demo default and TOML files, with clear messages for mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from scb_console.core.contract import DEFAULT_RECEIVER_PORT, RECEIVER_PATH
from scb_console.sandbox import (
    DEMO_API_KEY,
    DEMO_API_SECRET,
    DEMO_CUSTOMERS,
    ConfigError,
    FaultSpec,
    SandboxConfig,
    defaults,
)

PROFILE_FIELDS = {
    "citizenID", "thaiFirstName", "thaiLastName", "thaiTitle", "engFirstName", "engLastName",
    "engTitle", "birthDate", "mobile", "email", "genderCode", "nationalityCode", "address",
}  # fmt: skip


def test_default_config() -> None:
    config = SandboxConfig.default()
    (app,) = config.apps
    assert (app.api_key, app.api_secret) == (DEMO_API_KEY, DEMO_API_SECRET)
    receiver = f"http://127.0.0.1:{DEFAULT_RECEIVER_PORT}{RECEIVER_PATH}"
    assert app.callback_urls == {"mobile_app": receiver, "mobile_web": receiver}
    assert (config.code_ttl, config.token_ttl, config.refresh_ttl) == (60, 1800, 3600)
    assert config.rotate_refresh is False
    assert not config.faults.default.active
    assert SandboxConfig.default("http://127.0.0.1:1/cb").apps[0].callback_urls == {
        "mobile_app": "http://127.0.0.1:1/cb",
        "mobile_web": "http://127.0.0.1:1/cb",
    }


def test_default_config_copies_the_customers() -> None:
    config = SandboxConfig.default()
    config.customers[0].profile["engFirstName"] = "Changed"
    assert DEMO_CUSTOMERS[0].profile["engFirstName"] == "Somchai"


def test_demo_customers_are_complete() -> None:
    assert len(DEMO_CUSTOMERS) >= 3
    assert len({c.id for c in DEMO_CUSTOMERS}) == len(DEMO_CUSTOMERS)
    for customer in DEMO_CUSTOMERS:
        assert len(customer.pin) == 6
        assert customer.pin.isdigit()
        assert customer.profile.keys() >= PROFILE_FIELDS
        assert customer.thai_name
        assert customer.english_name
        address = customer.profile["address"]
        assert address["thaiProvince"]
        assert address["engProvince"]
        assert address["zipCode"]
        citizen = customer.profile["citizenID"]
        digits = [int(d) for d in citizen]
        assert len(digits) == 13
        assert (11 - sum(d * (13 - i) for i, d in enumerate(digits[:12])) % 11) % 10 == digits[12]


def test_app_repr_masks_the_secret() -> None:
    app = SandboxConfig.default().apps[0]
    assert DEMO_API_SECRET not in repr(app)


def test_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.toml"
    path.write_text(
        """
code_ttl = 30
rotate_refresh = true

[[apps]]
name = "Backend"
api_key = "k1"
api_secret = "s1"
callback_url = "http://127.0.0.1:9000/cb"
callback_urls = { mobile_web = "https://partner.example/cb" }
redirect_options = { alt = "http://127.0.0.1:9000/alt" }

[[apps]]
api_key = "k2"
api_secret = "s2"

[[customers]]
id = "c1"
pin = "000111"
profile = { thaiFirstName = "ทดสอบ", engFirstName = "Test" }

[faults]
latency_ms = 5
[faults.endpoints.token]
error_rate = 0.5
""",
        encoding="utf-8",
    )
    config = SandboxConfig.from_toml(path)
    assert config.code_ttl == 30
    assert config.token_ttl == 1800
    assert config.rotate_refresh
    first, second = config.apps
    assert first.callback_urls == {
        "mobile_app": "http://127.0.0.1:9000/cb",
        "mobile_web": "https://partner.example/cb",
    }
    assert first.redirect_options == {"alt": "http://127.0.0.1:9000/alt"}
    assert second.callback_urls["mobile_app"] == defaults.DEFAULT_CALLBACK_URL
    assert [c.id for c in config.customers] == ["c1"]
    assert config.customers[0].english_name == "Test"
    assert config.faults.default == FaultSpec(latency_ms=5)
    assert config.faults.for_endpoint("token") == FaultSpec(error_rate=0.5)


def test_empty_toml_gives_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    config = SandboxConfig.from_toml(path)
    assert config.apps[0].api_key == DEMO_API_KEY
    assert len(config.customers) == len(DEMO_CUSTOMERS)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("code_tll = 3", "code_tll"),
        ("code_ttl = 0", "code_ttl"),
        ("code_ttl = 'x'", "code_ttl"),
        ("rotate_refresh = 'yes'", "rotate_refresh"),
        ("[[apps]]\napi_key = 'k'", "api_secret"),
        ("[[apps]]\napi_key = 'k'\napi_secret = 's'\ncolor = 1", "color"),
        ("[[apps]]\napi_key = 'k'\napi_secret = 's'\ncallback_url = 'nope'", "absolute URL"),
        (
            "[[apps]]\napi_key = 'k'\napi_secret = 's'\ncallback_urls = { desktop = 'http://x/' }",
            "desktop",
        ),
        ("[[apps]]\napi_key='k'\napi_secret='s'\n[[apps]]\napi_key='k'\napi_secret='t'", "two"),
        ("[[customers]]\nid = 'c'\npin = '12'", "6 digits"),
        ('[[apps]]\napi_key = "k\\u001f"\napi_secret = "s"', "printable"),
        ('[[customers]]\nid = "c\\n"\npin = "123456"', "printable"),
        ("[[customers]]\npin = '123456'", "id"),
        ("apps = 3", "apps"),
        ("[faults]\nerror_rate = 9", "error_rate"),
        ("this is not toml", "TOML"),
    ],
)
def test_bad_toml_names_the_problem(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=words) as caught:
        SandboxConfig.from_toml(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_toml_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        SandboxConfig.from_toml(tmp_path / "nope.toml")


def test_bad_default_callback_url() -> None:
    with pytest.raises(ConfigError, match="callback URL"):
        SandboxConfig.default("not a url")
