"""Reading HAR 1.2: what SCB Console writes reads back; other tools' shapes are tolerated;
size, entries and bodies are bounded; any bytes give a HarLog or an InputError."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scb_console.core import har as har_module
from scb_console.core.client import SCBClient
from scb_console.core.clock import FakeClock
from scb_console.core.errors import ApiError, InputError
from scb_console.core.exchange import ExchangeLog, ExchangeRecord
from scb_console.core.har import MAX_HAR_BYTES, HarLog, parse_har, read_har
from scb_console.core.masking import mask
from scb_console.sandbox import EmbeddedSandbox

from .sandbox_flow import user_token

# --- what SCB Console writes reads back -----------------------------------------------------


async def test_the_exchange_logs_har_reads_back_entry_for_entry(
    client: SCBClient,
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    clock: FakeClock,
    log: ExchangeLog,
) -> None:
    await client.server_token()
    clock.advance(2.5)
    token = await user_token(client, http, sandbox)
    await client.customer_profile(token)
    clock.advance(61)
    with pytest.raises(ApiError):
        await client.exchange_code("not-a-code-0000000000")

    text = json.dumps(log.to_har())
    read = parse_har(text.encode("utf-8"))

    assert isinstance(read, HarLog)
    assert read.version == "1.2"
    assert read.creator.startswith("SCB Console")
    assert read.warnings == ()
    records = log.records
    assert len(read.entries) == len(records) == 5
    for entry, record in zip(read.entries, records, strict=True):
        assert entry.request_uid == record.request_uid
        assert entry.method == record.method
        assert entry.url == record.url
        assert entry.status == record.status
        assert entry.scb_code == record.scb_code
        assert entry.step == record.step
        assert entry.environment == "local"
        assert entry.started == pytest.approx(record.started_wall, abs=0.001)
        assert entry.time_ms == pytest.approx(record.duration_ms)
        assert entry.response_body == record.response_body
        assert entry.request_body == record.request_body
    last = read.entries[-1]
    assert last.status == 401
    assert last.scb_code == 9300
    assert last.error is not None
    assert "9300" in last.error
    # already masked by the log: a token response reads back masked
    assert token.access_token not in text
    data = json.loads(read.entries[2].response_body)["data"]
    assert data["accessToken"] == mask(token.access_token)


def test_other_tools_shapes_are_understood() -> None:
    body = json.dumps({"status": {"code": 1000}, "data": {"accessToken": "x" * 36}})
    doc = {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [],
            "entries": [
                {
                    "startedDateTime": "2025-06-15T15:06:40.123456789+07:00",  # nanoseconds
                    "time": 41,
                    "request": {
                        "method": "post",
                        "url": "https://api-sandbox.partners.scb/partners/sandbox/v1/oauth/token",
                        "headers": [
                            {"name": "requestUId", "value": "uid-1"},
                            {"name": "Content-Type", "value": "application/json"},
                        ],
                        "postData": {"mimeType": "application/json", "text": "{}"},
                    },
                    "response": {
                        "status": 200,
                        "headers": [{"name": "date", "value": "Sun, 15 Jun 2025 08:06:40 GMT"}],
                        "content": {
                            "mimeType": "application/json",
                            "encoding": "base64",
                            "text": base64.b64encode(body.encode()).decode(),
                        },
                        "redirectURL": "",
                    },
                },
                {  # no answer: status 0, no content
                    "startedDateTime": "2025-06-15T08:06:41Z",
                    "request": {"method": "GET", "url": "https://example.test/x"},
                    "response": {"status": 0},
                },
            ],
        }
    }
    read = parse_har(json.dumps(doc))
    first, second = read.entries
    assert first.method == "POST"
    assert first.request_uid == "uid-1"
    assert first.request_header("content-type") == "application/json"
    assert first.response_header("DATE") == "Sun, 15 Jun 2025 08:06:40 GMT"
    assert first.response_body == body  # base64 decoded
    assert first.started == pytest.approx(1749974800.123456)
    assert first.finished == pytest.approx(1749974800.164456)
    assert first.origin == "https://api-sandbox.partners.scb"
    assert first.path == "/partners/sandbox/v1/oauth/token"
    assert first.step is None
    assert first.scb_code is None
    assert second.status is None
    assert second.time_ms is None
    assert second.response_body == ""
    assert read.creator == "WebInspector 537.36"
    assert "uid-1" not in repr(first)  # repr keeps headers and bodies out


def test_odd_entries_are_skipped_or_defaulted_with_warnings() -> None:
    doc = {
        "log": {
            "version": "9.9",
            "entries": [
                "not an entry",
                {"response": {}},
                {
                    "startedDateTime": "yesterday",
                    "time": "12",
                    "request": {"url": 42, "headers": {"a": "b"}},
                    "response": [],
                    "_scbCode": "9300",
                },
                {"request": {"url": "http://x/"}, "response": {"status": 99999}},
            ],
        }
    }
    read = parse_har(json.dumps(doc))
    assert len(read.entries) == 2
    odd, last = read.entries
    assert odd.method == "GET"  # the default
    assert odd.url == "42"
    assert odd.started is None
    assert odd.started_text == "yesterday"
    assert odd.time_ms is None
    assert odd.request_headers == ()
    assert odd.scb_code is None
    assert last.status is None
    text = "\n".join(read.warnings)
    assert "HAR version '9.9'" in text
    assert "entry 1 is a string" in text
    assert "entry 2 has no request object" in text
    assert "'yesterday' is not ISO 8601" in text
    assert "entry 3 request is an object, not an array" in text


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe\x00\xd8", "UTF-16"),
        (b'{"log": {"entries": []}}\xc3\x28', "not UTF-8 text (byte 0xc3 at offset 24"),
        (b"", "is empty"),
        (b'{"log": {"entries": [{"request": {', "cut short"),
        (b'{"log": {"entries": [}', "not valid JSON"),
        (b"[1, 2]", "top level is an array"),
        (b'{"status": {}, "data": {}}', 'no "log" object (is this a token response?'),
        (b'{"log": {"entries": {}}}', '"log.entries" is an object, expected an array'),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"log": {"entries": [1' + b"1" * 5000 + b"]}}", "not valid JSON"),
    ],
)
def test_what_is_not_a_har_is_a_clear_input_error(data: bytes, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_har(data)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_utf16_and_a_bom_are_read() -> None:
    doc = '{"log": {"version": "1.2", "entries": []}}'
    assert parse_har(doc.encode("utf-16")).entries == ()
    assert parse_har(b"\xef\xbb\xbf" + doc.encode()).version == "1.2"


def test_a_har_over_50_mib_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.har"
    with big.open("wb") as handle:  # sparse: nothing is really written or read
        handle.truncate(MAX_HAR_BYTES + 1)
    with pytest.raises(InputError, match=r"huge\.har is 50\.0 MiB; .* up to 50 MiB"):
        read_har(big)
    with pytest.raises(InputError, match=r"up to 50 MiB"):
        parse_har(b" " * (MAX_HAR_BYTES + 1))


def test_read_har_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"Could not read .*missing\.har"):
        read_har(tmp_path / "missing.har")
    good = tmp_path / "ok.har"
    good.write_text('{"log": {"entries": []}}', encoding="utf-8")
    assert read_har(good).entries == ()


def test_entries_headers_and_bodies_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_module, "MAX_ENTRIES", 3)
    monkeypatch.setattr(har_module, "MAX_HEADERS", 2)
    monkeypatch.setattr(har_module, "MAX_BODY_CHARS", 10)
    entry = {
        "request": {
            "url": "http://127.0.0.1/x",
            "headers": [{"name": f"h{i}", "value": "v"} for i in range(5)],
        },
        "response": {"status": 200, "content": {"text": "y" * 50}},
    }
    read = parse_har(json.dumps({"log": {"entries": [entry] * 5}}))
    assert len(read.entries) == 3
    assert all(len(e.request_headers) == 2 for e in read.entries)
    assert all(e.response_body == "y" * 10 and e.truncated for e in read.entries)
    assert "only the first 3 were read" in read.warnings[0]
    assert any("has 5 items: only the first 2" in w for w in read.warnings)


def test_warnings_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    read = parse_har(json.dumps({"log": {"entries": ["x"] * 500}}))
    assert len(read.warnings) == har_module.MAX_WARNINGS + 1
    assert read.warnings[-1] == "… and 450 more warnings"


# --- strangers' input -----------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "log",
                    "entries",
                    "request",
                    "response",
                    "url",
                    "method",
                    "headers",
                    "name",
                    "value",
                    "status",
                    "content",
                    "text",
                    "encoding",
                    "postData",
                    "time",
                    "startedDateTime",
                    "_scbCode",
                    "_step",
                    "_requestUId",
                    "redirectURL",
                    "creator",
                    "version",
                    "_error",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


def _parse_or_error(data: bytes | str) -> HarLog | InputError:
    """parse_har's answer, or the InputError it raised (any other exception fails the test)."""
    try:
        return parse_har(data)
    except InputError as exc:
        return exc


def _check(result: HarLog | InputError) -> None:
    if isinstance(result, InputError):
        assert str(result)
        assert "\n" not in str(result)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_give_a_har_log_or_an_input_error(data: bytes) -> None:
    _check(_parse_or_error(data))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json)
def test_any_json_gives_a_har_log_or_an_input_error(value: Any) -> None:
    for doc in (value, {"log": value}, {"log": {"entries": value}}, {"log": {"entries": [value]}}):
        result = _parse_or_error(json.dumps(doc))
        _check(result)
        if isinstance(result, HarLog):
            for entry in result.entries:
                assert isinstance(entry.url, str)
                entry.query()
                _ = (entry.origin, entry.path, entry.finished, entry.request_uid)


def test_a_har_file_on_disk_is_read(tmp_path: Path, log: ExchangeLog) -> None:
    path = tmp_path / "empty.har"
    log.write_har(path)
    assert os.path.getsize(path) > 0
    assert read_har(path).entries == ()


# --- writing in steps ---------------------------------------------------------------------------


async def _real_log(
    client: SCBClient, http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    await client.server_token()
    clock.advance(2.5)
    await client.customer_profile(await user_token(client, http, sandbox))
    clock.advance(61)
    with pytest.raises(ApiError):
        await client.exchange_code("not-a-code-0000000000")


async def test_the_har_written_in_steps_is_the_one_json_writes(
    client: SCBClient,
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    clock: FakeClock,
    log: ExchangeLog,
    tmp_path: Path,
) -> None:
    await _real_log(client, http, sandbox, clock)
    records = log.records
    assert len(records) == 5
    whole = json.dumps(log.to_har(), ensure_ascii=False, indent=2) + "\n"
    assert "".join(har_module.har_chunks(records)) == whole
    assert "".join(har_module.har_chunks(())) == (
        json.dumps(har_module.har_document(()), ensure_ascii=False, indent=2) + "\n"
    )

    _write_in_steps_and_check(records, tmp_path / "log.har", whole)


def _write_in_steps_and_check(records: Sequence[ExchangeRecord], target: Path, whole: str) -> None:
    target.write_text("the previous export", encoding="utf-8")
    with har_module.ChunkedFile(target) as file:
        done = list(har_module.write_har_steps(records, file))
        assert target.read_text(encoding="utf-8") == "the previous export"  # not yet
        assert file.commit() == target
    assert done == sorted(done)
    assert done[-1] == 1.0
    assert len(done) >= len(records)  # a step per entry at least
    assert target.read_text(encoding="utf-8") == whole
    assert [p.name for p in target.parent.iterdir()] == ["log.har"]  # no temp file left
    assert [e.request_uid for e in read_har(target).entries] == [r.request_uid for r in records]


def test_a_chunked_file_left_unfinished_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.har"
    with har_module.ChunkedFile(target) as file:
        file.write("x" * (har_module.WRITE_BLOCK_CHARS * 2 + 5))  # some of it reached the disk
        assert len(list(tmp_path.iterdir())) == 1
    assert list(tmp_path.iterdir()) == []  # discarded on the way out: no target, no temp file
    assert file.closed
    with pytest.raises(ValueError, match="committed or discarded"):
        file.write("more")
    with pytest.raises(ValueError, match="committed once"):
        file.commit()
    file.discard()  # harmless twice


def test_a_chunked_file_writes_utf8_whole_and_fails_as_os_errors(tmp_path: Path) -> None:
    target = tmp_path / "thai.txt"
    file = har_module.ChunkedFile(target)
    text = "สวัสดี " * 20_000  # more than one block, multi-byte
    for index in range(0, len(text), 1000):
        file.write(text[index : index + 1000])
    file.write("")
    assert file.chars == len(text)
    file.commit()
    assert target.read_text(encoding="utf-8") == text
    with pytest.raises(OSError):
        har_module.ChunkedFile(tmp_path / "missing-folder" / "x.har")
    taken = tmp_path / "taken"
    taken.mkdir()  # a folder where the file should go: the rename fails (even for root)
    file = har_module.ChunkedFile(taken)
    file.write("data")
    with pytest.raises(OSError):
        file.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken", "thai.txt"]
