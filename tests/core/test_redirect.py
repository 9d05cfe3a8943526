"""The redirect parser: URLs of any scheme, bare query strings, bare codes; clear errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scb_console.core.errors import RedirectError
from scb_console.core.models import RedirectParams
from scb_console.core.redirect import (
    check_redirect,
    params_from_query,
    parse_redirect,
    read_redirect,
)

CODE = "a2f816bf-5e33-4a7b-a3fd-3babd1e95428"
STATE = "Zq3vN8d0mKx1sJ4pYt7wLw"


@pytest.mark.parametrize(
    "url",
    [
        f"http://127.0.0.1:8765/callback?code={CODE}&state={STATE}&status=success",
        f"https://partner.example.com/cb?state={STATE}&code={CODE}",
        f"myapp://login/done?code={CODE}&state={STATE}",
        f"myapp:cb?code={CODE}&state={STATE}",
        f"127.0.0.1:8765/callback?code={CODE}&state={STATE}",
        f"  https://partner.example.com/cb?code={CODE}&state={STATE}\n",
        # a terminal wrapped the paste: browsers drop the line breaks, so do we
        f"https://partner.example.com/cb?code={CODE[:10]}\n{CODE[10:]}&state={STATE}",
        # the pairs in the fragment
        f"https://partner.example.com/cb#code={CODE}&state={STATE}",
    ],
)
def test_full_urls_of_any_scheme(url: str) -> None:
    params = parse_redirect(url, expected_state=STATE)
    assert params.code == CODE
    assert params.state == STATE


def test_bare_query_string() -> None:
    for text in (f"code={CODE}&state={STATE}", f"?code={CODE}&state={STATE}&status=success"):
        params = parse_redirect(text, expected_state=STATE)
        assert (params.code, params.state) == (CODE, STATE)


@pytest.mark.parametrize("code", [CODE, "abcd", "QUJDREVGRw==", "x" * 2048, "tok_./+~-9"])
def test_bare_code(code: str) -> None:
    params = parse_redirect(code, expected_state=STATE)
    assert params == RedirectParams(code=code, state=None, status=None)


def test_extras_are_the_partner_pairs_in_order() -> None:
    params = parse_redirect(
        f"https://p.example/cb?order=42&code={CODE}&lang=th&state={STATE}&status=success&x="
    )
    assert params.extras == (("order", "42"), ("lang", "th"), ("x", ""))
    assert params.status == "success"


def test_percent_encoding_is_decoded() -> None:
    params = parse_redirect(f"https://p.example/cb?code={CODE}&note=a%20b%26c&state=s%2Bt")
    assert params.state == "s+t"
    assert params.extras == (("note", "a b&c"),)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "nothing to read"),
        ("   \n\t ", "nothing to read"),
        ("https://partner.example.com/cb", "no code and no status"),
        ("https://partner.example.com/cb?order=42", "no code and no status"),
        ("order=42&lang=th", "no code and no status"),
        ("code=&state=abc", "no code and no status"),
        ("hello world", "cannot read this"),
        ("abc", "cannot read this"),  # too short for a code
        ("x" * 2049, "cannot read this"),
        ("co\x00de", "cannot read this"),
        ("รหัส", "cannot read this"),
        ("https://p.example/cb?code=a%20b%20c%20d", "not a plausible authorization code"),
        (f"https://p.example/cb?code={CODE}&code=other-code", "two different values for 'code'"),
        ("x" * 20_000, "too long"),
        ("https://p.example/cb?" + "&".join(["a=1"] * 101), "too many parameters"),
        ("https://p.example/cb?status=error", "status 'error' but carries no code"),
    ],
)
def test_errors_name_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(RedirectError) as info:
        parse_redirect(text)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_denied() -> None:
    url = f"http://127.0.0.1:8765/callback?status=denied&state={STATE}"
    with pytest.raises(RedirectError, match="the customer declined consent in SCB Easy"):
        parse_redirect(url, expected_state=STATE)
    # reading alone does not judge: the flow and the receiver need the denied params
    params = read_redirect(url)
    assert (params.code, params.status, params.state) == (None, "denied", STATE)


def test_state_mismatch_is_masked() -> None:
    other = "wxyzQ9v8b7n6m5l4k3j2h1"
    url = f"https://p.example/cb?code={CODE}&state={other}"
    with pytest.raises(RedirectError) as info:
        parse_redirect(url, expected_state=STATE)
    message = str(info.value)
    assert "possible CSRF or an old link" in message
    assert f"expected state {STATE[:4]}…" in message
    assert f"got {other[:4]}…" in message
    assert STATE not in message
    assert other not in message
    assert CODE not in message


def test_state_mismatch_is_checked_before_denial() -> None:
    with pytest.raises(RedirectError, match="possible CSRF"):
        parse_redirect(
            "https://p.example/cb?status=denied&state=old-state-123", expected_state=STATE
        )


def test_no_expected_state_accepts_any_state() -> None:
    assert parse_redirect(f"code={CODE}&state=whatever").state == "whatever"


def test_missing_state_is_not_a_mismatch() -> None:
    # a bare code (or a redirect without state) cannot be checked; the receiver is stricter
    assert parse_redirect(f"code={CODE}", expected_state=STATE).code == CODE


def test_check_redirect_directly() -> None:
    params = RedirectParams(code=CODE, state=STATE, status="success")
    assert check_redirect(params, expected_state=STATE) is params
    with pytest.raises(RedirectError, match="possible CSRF"):
        check_redirect(params, expected_state="another-state")


def test_params_from_query() -> None:
    params = params_from_query(f"code={CODE}&state={STATE}&ref=abc")
    assert params == RedirectParams(CODE, STATE, None, (("ref", "abc"),))
    with pytest.raises(RedirectError, match="no code and no status"):
        params_from_query("")
    with pytest.raises(RedirectError, match="too long"):
        params_from_query("a" * 20_000)


def _outcome(text: str) -> RedirectParams | RedirectError:
    try:
        return parse_redirect(text, expected_state=STATE)
    except RedirectError as err:
        return err


@given(st.text())
def test_any_text_gives_params_or_redirect_error(text: str) -> None:
    result = _outcome(text)  # any other exception fails the test
    if isinstance(result, RedirectError):
        assert str(result)
        assert "\n" not in str(result)
    else:
        assert result.code


_url_chars = st.characters(codec="utf-8", exclude_categories=("Cs",))


@given(
    st.sampled_from(["http://", "https://", "myapp://", "", "?"]),
    st.lists(st.tuples(st.text(_url_chars), st.text(_url_chars)), max_size=6),
)
def test_any_url_shape_gives_params_or_redirect_error(
    prefix: str, pairs: list[tuple[str, str]]
) -> None:
    text = prefix + "h/cb?" + "&".join(f"{k}={v}" for k, v in pairs)
    result = _outcome(text)
    if isinstance(result, RedirectError):
        assert "\n" not in str(result)
    else:
        assert result.code
