"""The exchange log: ordered, bounded, observable, exportable as masked HAR 1.2."""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from scb_console.core.exchange import ExchangeLog, ExchangeRecord, har_document

WALL = 1_750_000_000.25


def _record(seq: int, **changes: Any) -> ExchangeRecord:
    record = ExchangeRecord(
        seq=seq,
        started_wall=WALL + seq,
        step="server_token",
        method="POST",
        url="http://127.0.0.1:8766/partners/sandbox/v1/oauth/token",
        request_headers=(
            ("content-type", "application/json"),
            ("requestUId", f"uid-{seq}"),
            ("apisecret", "sand…(24)"),
        ),
        request_body='{"applicationKey": "key", "applicationSecret": "sand…(24)"}',
        status=200,
        response_headers=(("Content-Type", "application/json; charset=utf-8"),),
        response_body='{"status": {"code": 1000}, "data": {"accessToken": "3436…(36)"}}',
        duration_ms=12.5,
        request_uid=f"uid-{seq}",
        scb_code=1000,
        error=None,
        profile_name="demo",
        environment="local",
    )
    return dataclasses.replace(record, **changes)


def test_records_keep_their_order_and_seq_is_never_reused() -> None:
    log = ExchangeLog()
    assert [log.next_seq(), log.next_seq()] == [1, 2]
    log.append(_record(1))
    log.append(_record(2))
    assert [r.seq for r in log.records] == [1, 2]
    assert len(log) == 2
    log.clear()
    assert log.records == ()
    assert len(log) == 0
    assert log.next_seq() == 3


def test_records_is_a_snapshot_that_later_appends_do_not_change() -> None:
    log = ExchangeLog()
    log.append(_record(1))
    snapshot = log.records
    log.append(_record(2))
    assert len(snapshot) == 1
    assert len(log.records) == 2
    assert log.records is log.records  # cached until the next change


def test_max_records_keeps_the_newest() -> None:
    log = ExchangeLog(max_records=3)
    for seq in range(1, 6):
        log.append(_record(seq))
    assert [r.seq for r in log.records] == [3, 4, 5]
    with pytest.raises(ValueError, match="at least 1"):
        ExchangeLog(max_records=0)


def test_listeners_hear_each_record_until_they_unsubscribe() -> None:
    log = ExchangeLog()
    heard: list[int] = []
    cleared: list[bool] = []
    unsubscribe = log.subscribe(
        lambda r: heard.append(r.seq), on_clear=lambda: cleared.append(True)
    )
    log.append(_record(1))
    log.clear()
    unsubscribe()
    unsubscribe()  # twice is fine
    log.append(_record(2))
    log.clear()
    assert heard == [1]
    assert cleared == [True]


def test_a_failing_listener_is_logged_and_does_not_stop_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = ExchangeLog()
    heard: list[int] = []

    def broken(record: ExchangeRecord) -> None:
        raise RuntimeError("listener bug")

    log.subscribe(broken)
    log.subscribe(lambda r: heard.append(r.seq))
    with caplog.at_level(logging.ERROR, logger="scb_console.core.exchange"):
        log.append(_record(7))
    assert heard == [7]
    assert log.records[0].seq == 7
    assert "listener failed on record 7" in caplog.text


# --- HAR ------------------------------------------------------------------------------------


def _check_har_1_2(doc: dict[str, Any]) -> None:
    """The fields HAR 1.2 requires, with their types."""
    log = doc["log"]
    assert log["version"] == "1.2"
    assert set(log["creator"]) >= {"name", "version"}
    for entry in log["entries"]:
        datetime.datetime.fromisoformat(entry["startedDateTime"])
        assert isinstance(entry["time"], float | int)
        assert entry["time"] >= 0
        request, response = entry["request"], entry["response"]
        for key in ("method", "url", "httpVersion", "cookies", "headers", "queryString"):
            assert key in request
        assert isinstance(request["headersSize"], int)
        assert isinstance(request["bodySize"], int)
        for key in ("status", "statusText", "httpVersion", "cookies", "headers", "redirectURL"):
            assert key in response
        assert {"size", "mimeType"} <= set(response["content"])
        assert isinstance(response["bodySize"], int)
        assert entry["cache"] == {}
        timings = entry["timings"]
        assert all(timings[k] >= 0 for k in ("send", "wait", "receive"))
        custom = {
            k
            for k in entry
            if k
            not in {
                "startedDateTime",
                "time",
                "request",
                "response",
                "cache",
                "timings",
                "comment",
                "pageref",
                "serverIPAddress",
                "connection",
            }
        }
        assert all(k.startswith("_") for k in custom), custom
        for pair in request["headers"] + response["headers"] + request["queryString"]:
            assert set(pair) == {"name", "value"}


def test_har_export_is_har_1_2_with_our_fields() -> None:
    log = ExchangeLog()
    log.append(_record(1))
    log.append(
        _record(
            2,
            step="authorize",
            method="GET",
            url="http://127.0.0.1:8766/partners/sandbox/v2/oauth/authorize?shop=7&code=abcd…(9)",
            request_body="",
            status=401,
            scb_code=9500,
            error="SCB refused the API key or secret (9500 ...)",
        )
    )
    log.append(
        _record(
            3,
            status=None,
            response_headers=(),
            response_body="",
            scb_code=None,
            error="Connection to 127.0.0.1:8766 refused",
        )
    )
    doc = log.to_har()
    _check_har_1_2(doc)
    first, second, third = doc["log"]["entries"]
    assert first["startedDateTime"] == "2025-06-15T15:06:41.250Z"
    assert first["time"] == 12.5
    assert first["request"]["postData"]["mimeType"] == "application/json"
    assert first["response"]["status"] == 200
    assert first["response"]["statusText"] == "OK"
    assert first["response"]["content"]["mimeType"] == "application/json; charset=utf-8"
    assert first["_requestUId"] == "uid-1"
    assert first["_step"] == "server_token"
    assert "postData" not in second["request"]
    assert second["request"]["queryString"] == [
        {"name": "shop", "value": "7"},
        {"name": "code", "value": "abcd…(9)"},
    ]
    assert second["_scbCode"] == 9500
    assert second["_error"].startswith("SCB refused")
    assert third["response"]["status"] == 0
    assert third["_error"] == "Connection to 127.0.0.1:8766 refused"
    assert json.loads(json.dumps(doc)) == doc  # plain JSON all the way down


def test_har_carries_only_what_the_records_carry() -> None:
    doc = har_document([_record(1)])
    text = json.dumps(doc, ensure_ascii=False)
    assert "sand…(24)" in text
    assert "3436…(36)" in text


def test_write_har_is_atomic_and_replaces_the_old_file(tmp_path: Path) -> None:
    log = ExchangeLog()
    log.append(_record(1))
    target = tmp_path / "exchanges.har"
    target.write_text("old content", encoding="utf-8")
    assert log.write_har(target) == target
    assert json.loads(target.read_text(encoding="utf-8")) == log.to_har()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exchanges.har"]


def test_write_har_to_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ExchangeLog().write_har(tmp_path / "missing" / "x.har")
    assert list(tmp_path.iterdir()) == []


def test_write_har_that_fails_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.har"
    target.write_text("old", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("scb_console.core.exchange.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        ExchangeLog().write_har(target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.har"]


def test_each_exchange_is_one_debug_line_with_its_request_uid_and_no_query(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = ExchangeLog()
    authorize = _record(
        1,
        step="authorize",
        method="GET",
        url="http://127.0.0.1:8766/partners/sandbox/v2/oauth/authorize?state=s3cr3t&x=1",
        status=None,
        error="timed out",
    )
    with caplog.at_level(logging.INFO, logger="scb_console.core.exchange"):
        log.append(_record(2))
    assert caplog.records == []  # (only at DEBUG: the log file's level when asked for)
    with caplog.at_level(logging.DEBUG, logger="scb_console.core.exchange"):
        log.append(authorize)
        log.append(_record(3))
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "exchange 1 authorize: GET http://127.0.0.1:8766/partners/sandbox/v2/oauth/authorize"
        " -> no answer in 12 ms, requestUId uid-1 (timed out)",
        "exchange 3 server_token: POST http://127.0.0.1:8766/partners/sandbox/v1/oauth/token"
        " -> 200 in 12 ms, requestUId uid-3",
    ]
