"""Masking: the first four characters and the length, nothing more; never twice."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from scb_console.core.masking import (
    mask,
    mask_authorization,
    mask_header,
    mask_headers,
    mask_json,
    mask_text,
    mask_url,
)

TOKEN = "34362373-8b4a-4d0e-a5a0-6f5f0c1e2d3f"


def test_mask_keeps_four_characters_and_the_length() -> None:
    assert mask(TOKEN) == "3436…(36)"
    assert mask("abcdefghi") == "abcd…(9)"


def test_short_values_show_only_their_length() -> None:
    assert mask("abcdefgh") == "…(8)"
    assert mask("x") == "…(1)"
    assert mask("") == ""


def test_two_tokens_can_be_told_apart() -> None:
    assert mask(TOKEN) != mask(TOKEN[:4] + "x" * 40)
    assert mask(TOKEN) != mask("9999" + TOKEN[4:])


def test_authorization_keeps_the_scheme() -> None:
    assert mask_authorization(f"Bearer {TOKEN}") == "Bearer 3436…(36)"
    assert mask_header("Authorization", f"Bearer {TOKEN}") == "Bearer 3436…(36)"
    assert mask_authorization(TOKEN) == "3436…(36)"


def test_headers_mask_secrets_in_any_case_and_keep_the_rest() -> None:
    headers = (("APISecret", "my-api-secret-value"), ("apikey", "public-key"), ("x", "y"))
    assert mask_headers(headers) == (
        ("APISecret", "my-a…(19)"),
        ("apikey", "public-key"),
        ("x", "y"),
    )


def test_json_secrets_are_masked_at_any_depth() -> None:
    value = {
        "status": {"code": 1000},
        "data": {
            "accessToken": TOKEN,
            "refreshToken": "refresh-token-value",
            "list": [{"authCode": "code-value-123"}, {"applicationSecret": "s3cr3t-value"}],
            "expiresIn": 1800,
        },
    }
    masked = mask_json(value)
    assert masked["data"]["accessToken"] == "3436…(36)"
    assert masked["data"]["refreshToken"] == "refr…(19)"
    assert masked["data"]["list"] == [{"authCode": "code…(14)"}, {"applicationSecret": "s3cr…(12)"}]
    assert masked["data"]["expiresIn"] == 1800
    assert value["data"]["accessToken"] == TOKEN  # a copy; the input is untouched


def test_url_masks_the_code_only() -> None:
    url = "http://127.0.0.1:8765/callback?code=abcdefgh12345&state=xyz&codeX=1&order=5"
    assert mask_url(url) == (
        "http://127.0.0.1:8765/callback?code=abcd…(13)&state=xyz&codeX=1&order=5"
    )
    assert mask_url("https://x/cb#code=abcdefgh12345") == "https://x/cb#code=abcd…(13)"
    assert mask_url("https://x/cb?decode=abcdefgh12345") == "https://x/cb?decode=abcdefgh12345"
    assert mask_url(mask_url(url)) == mask_url(url)


def test_text_masks_json_fields_even_when_truncated() -> None:
    text = '{"data": {"accessToken": "' + TOKEN + '", "refreshToken": "abcdefghijkl'
    masked = mask_text(text)
    assert TOKEN not in masked
    assert "3436…(36)" in masked
    assert "abcdefghijkl" not in masked
    assert '"refreshToken": "abcd…(12)' in masked


def test_text_masks_header_lines_and_literals() -> None:
    text = f"apisecret: top-secret-value\nAuthorization: Bearer {TOKEN}\nother: {TOKEN}"
    masked = mask_text(text, literals=[TOKEN])
    assert "top-secret-value" not in masked
    assert TOKEN not in masked
    assert "apisecret: top-…(16)" in masked
    assert "Authorization: Bearer 3436…(36)" in masked
    assert masked.endswith("other: 3436…(36)")


def test_a_cut_value_that_starts_with_a_mask_is_not_masked_again() -> None:
    text = 'it begins: {"accessToken": "3436…(36) (requestUId 5d5b7ab0)'
    assert mask_text(text) == text


def test_masking_text_twice_changes_nothing() -> None:
    text = f'{{"accessToken": "{TOKEN}"}} authorization: Bearer {TOKEN} ?code=abcdefghijk'
    once = mask_text(text, literals=[TOKEN])
    assert mask_text(once, literals=[TOKEN]) == once


_SECRET = st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=9, max_size=40)


@given(before=st.text(max_size=80), secret=_SECRET, after=st.text(max_size=80))
def test_a_known_secret_never_survives_mask_text(before: str, secret: str, after: str) -> None:
    masked = mask_text(before + secret + after + secret, literals=[secret])
    assert secret not in masked


@given(secret=_SECRET, cut=st.integers(min_value=0, max_value=60))
def test_a_json_secret_cut_anywhere_shows_at_most_four_characters(secret: str, cut: int) -> None:
    secret = "Q" + secret  # a prefix that appears nowhere else in the text
    text = '{"status": {"code": 1000}, "data": {"accessToken": "' + secret + '"}}'
    cut_at = text.index(secret) + min(cut, len(secret))
    assert secret[:5] not in mask_text(text[:cut_at])
