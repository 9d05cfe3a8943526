"""The exchange log view: model over an ExchangeLog, filter, masked detail, HAR, autoscroll."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from scb_console.core.exchange import ExchangeLog, ExchangeRecord
from scb_console.core.masking import mask, mask_headers, mask_json
from scb_console.ui.exchange_view import (
    ExchangeColumn,
    ExchangeLogModel,
    ExchangeLogPanel,
    FilterTextRole,
)
from scb_console.ui.theme import error_color, is_dark

pytestmark = pytest.mark.usefixtures("qapp")

API_SECRET = "9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0"
ACCESS_TOKEN = "34362373-8b4a-4d0e-a5a0-6f5f0c1e2d3f"
WALL = 1_750_000_000.25

STEPS = [
    ("server_token", "POST", "/v1/oauth/token", 200, 1000, None),
    ("authorize", "GET", "/v2/oauth/authorize?state=abc", 200, 1000, None),
    ("exchange_code", "POST", "/v1/oauth/token", 401, 9300, "invalid authorization code"),
    ("customer_profile", "GET", "/v2/customers/profile", 200, 1000, None),
    ("refresh", "POST", "/v1/oauth/token", None, None, "connection refused"),
]


def make_record(seq: int, step_index: int | None = None) -> ExchangeRecord:
    """A record as the engine makes it: every secret masked before it is stored."""
    step, method, path, status, code, error = STEPS[
        seq % len(STEPS) if step_index is None else step_index
    ]
    uid = f"{seq:08d}-aaaa-4bbb-8ccc-dddddddddddd"
    headers = mask_headers(
        (
            ("content-type", "application/json"),
            ("apikey", "l7a1b2c3d4e5f6"),
            ("apisecret", API_SECRET),
            ("requestUId", uid),
        )
    )
    body = (
        json.dumps(mask_json({"applicationKey": "l7a1b2c3d4e5f6", "applicationSecret": API_SECRET}))
        if method == "POST"
        else ""
    )
    answer = json.dumps(
        mask_json(
            {
                "status": {"code": code, "description": "x"},
                "data": {"accessToken": ACCESS_TOKEN, "tokenType": "Bearer", "expiresIn": 1800},
            }
        )
    )
    return ExchangeRecord(
        seq=seq,
        started_wall=WALL + seq,
        step=step,
        method=method,
        url=f"http://127.0.0.1:8765{path}",
        request_headers=headers,
        request_body=body,
        status=status,
        response_headers=(("content-type", "application/json"),) if status else (),
        response_body=answer if status else "",
        duration_ms=40.0 + seq,
        request_uid=uid,
        scb_code=code,
        error=error,
        profile_name="Local sandbox",
        environment="local",
    )


def bulk_records(count: int) -> Iterator[ExchangeRecord]:
    """``count`` records made cheaply from one template per step (seq, time, requestUId vary)."""
    templates = [make_record(i) for i in range(len(STEPS))]
    for seq in range(count):
        yield dataclasses.replace(
            templates[seq % len(STEPS)],
            seq=seq,
            started_wall=WALL + seq,
            request_uid=f"{seq:08d}-aaaa-4bbb-8ccc-dddddddddddd",
        )


@pytest.fixture
def log() -> ExchangeLog:
    return ExchangeLog()


@pytest.fixture
def panel(qtbot: QtBot, log: ExchangeLog) -> ExchangeLogPanel:
    widget = ExchangeLogPanel(log)
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    return widget


@pytest.fixture(autouse=True)
def _clean_clipboard() -> Iterator[None]:
    yield
    QGuiApplication.clipboard().clear()


def _cell(model: ExchangeLogModel, row: int, column: ExchangeColumn, role: int = 0) -> object:
    return model.data(model.index(row, column), role)


def test_columns_and_cells(log: ExchangeLog) -> None:
    model = ExchangeLogModel(log)
    for seq in range(5):
        log.append(make_record(seq))
    assert model.rowCount() == 5
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == [
        "Time",
        "Step",
        "Method",
        "Path",
        "Status",
        "SCB code",
        "Duration (ms)",
        "requestUId",
    ]
    expected_time = time.strftime("%H:%M:%S", time.localtime(WALL + 1)) + ".250"
    row1 = [_cell(model, 1, c) for c in ExchangeColumn]
    assert row1 == [
        expected_time,
        "authorize",
        "GET",
        "/v2/oauth/authorize?state=abc",
        "200",
        "1000",
        "41",
        "00000001-aaaa-4bbb-8ccc-dddddddddddd",
    ]
    assert _cell(model, 4, ExchangeColumn.STATUS) == "error"
    assert _cell(model, 4, ExchangeColumn.SCB_CODE) == "—"
    assert model.record_at(2).step == "exchange_code"
    # the base URL's own path is left out of the narrow column; the tooltip has the URL
    scb = dataclasses.replace(
        make_record(5, step_index=0),
        url="https://api-sandbox.partners.scb/partners/sandbox/v1/oauth/token",
    )
    log.append(scb)
    assert _cell(model, 5, ExchangeColumn.PATH) == "/v1/oauth/token"
    tip = str(_cell(model, 5, ExchangeColumn.PATH, Qt.ItemDataRole.ToolTipRole))
    assert tip == "POST https://api-sandbox.partners.scb/partners/sandbox/v1/oauth/token"
    assert "partners/sandbox/v1" in str(_cell(model, 5, ExchangeColumn.STEP, FilterTextRole))
    with pytest.raises(IndexError):
        model.record_at(6)


def test_error_rows_are_red(log: ExchangeLog) -> None:
    model = ExchangeLogModel(log)
    for seq in range(5):
        log.append(make_record(seq))
    red = error_color(is_dark())
    colours = [
        _cell(model, row, ExchangeColumn.STEP, Qt.ItemDataRole.ForegroundRole) for row in range(5)
    ]
    assert colours == [None, None, red, None, red]


def test_100000_records_stay_correct(log: ExchangeLog) -> None:
    model = ExchangeLogModel(log)
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append(last - first + 1))
    for record in bulk_records(100_000):
        log.append(record)
    assert model.rowCount() == 100_000
    assert sum(inserted) == 100_000
    for row in (0, 1, 54_321, 99_999):
        assert model.record_at(row).seq == row
        assert (
            _cell(model, row, ExchangeColumn.REQUEST_UID)
            == f"{row:08d}-aaaa-4bbb-8ccc-dddddddddddd"
        )
    assert model.records() == list(log.records)


def test_a_log_with_a_limit_drops_the_oldest_rows(qtbot: QtBot) -> None:
    log = ExchangeLog(max_records=5)
    model = ExchangeLogModel(log)
    for seq in range(8):
        log.append(make_record(seq))
    assert model.rowCount() == 5
    assert [model.record_at(r).seq for r in range(5)] == [3, 4, 5, 6, 7]
    assert model.records() == list(log.records)


def test_clear_anywhere_clears_the_view(log: ExchangeLog) -> None:
    model = ExchangeLogModel(log)
    log.append(make_record(0))
    log.clear()
    assert model.rowCount() == 0
    log.append(make_record(1))
    assert model.rowCount() == 1
    model.set_log(None)  # detached: the old log no longer feeds it
    log.append(make_record(2))
    assert model.rowCount() == 0


def test_records_from_another_thread_arrive_on_the_gui_thread(
    log: ExchangeLog, qtbot: QtBot
) -> None:
    model = ExchangeLogModel(log)
    log.append(make_record(0))
    worker = threading.Thread(target=lambda: [log.append(make_record(s)) for s in range(1, 4)])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=2000)
    assert [model.record_at(r).seq for r in range(4)] == [0, 1, 2, 3]


def test_filter_narrows_rows_on_any_column(
    panel: ExchangeLogPanel, log: ExchangeLog, qtbot: QtBot
) -> None:
    for seq in range(20):
        log.append(make_record(seq))
    edit = panel.findChild(QLineEdit, "exchangeFilterEdit")
    assert isinstance(edit, QLineEdit)
    assert panel.visible_row_count() == 20
    qtbot.keyClicks(edit, "EXCHANGE_code")
    assert panel.visible_row_count() == 4
    edit.setText("401 exchange")  # every word, any order
    assert panel.visible_row_count() == 4
    edit.setText("00000007-aaaa")  # a requestUId
    assert panel.visible_row_count() == 1
    edit.setText("9300 authorize")
    assert panel.visible_row_count() == 0
    edit.setText("")
    assert panel.visible_row_count() == 20
    edit.setText("refresh")
    count = panel.findChild(QLabel, "exchangeCountLabel")
    qtbot.waitUntil(lambda: count.text() == "4 of 20 exchanges", timeout=1000)
    log.append(make_record(20, step_index=4))  # a new matching row shows at once
    assert panel.visible_row_count() == 5
    model = panel.model
    assert "refresh" in str(model.data(model.index(4, 0), FilterTextRole))


def test_filter_over_100000_rows(panel: ExchangeLogPanel, qtbot: QtBot) -> None:
    big = ExchangeLog()
    for record in bulk_records(100_000):
        big.append(record)
    panel.set_log(big)
    assert panel.visible_row_count() == 100_000
    panel.set_filter_text("00054321-aaaa")
    assert panel.visible_row_count() == 1
    panel.select_row(0)
    assert panel.selected_record() is big.records[54_321]


def test_detail_shows_the_exchange_masked(panel: ExchangeLogPanel, log: ExchangeLog) -> None:
    for seq in range(5):
        log.append(make_record(seq))
    panel.select_row(2)
    detail = panel.detail_view.toPlainText()
    assert detail.startswith("POST http://127.0.0.1:8765/v1/oauth/token\n")
    assert f"apisecret: {mask(API_SECRET)}" in detail
    assert f'"applicationSecret": "{mask(API_SECRET)}"' in detail
    assert "── HTTP 401 (42 ms · SCB code 9300 · requestUId 00000002-" in detail
    assert "Error: invalid authorization code" in detail
    assert f'"accessToken": "{mask(ACCESS_TOKEN)}"' in detail
    assert API_SECRET not in detail
    assert ACCESS_TOKEN not in detail
    panel.select_row(4)
    assert "── No answer" in panel.detail_view.toPlainText()
    assert "connection refused" in panel.detail_view.toPlainText()


def test_copy_request_uid(panel: ExchangeLogPanel, log: ExchangeLog, qtbot: QtBot) -> None:
    log.append(make_record(0))
    button = panel.findChild(QPushButton, "copyRequestUidButton")
    assert isinstance(button, QPushButton)
    assert not button.isEnabled()
    panel.select_row(0)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "00000000-aaaa-4bbb-8ccc-dddddddddddd"


def test_export_har_is_valid_json_with_masked_secrets(
    panel: ExchangeLogPanel, log: ExchangeLog, tmp_path: Path, qtbot: QtBot
) -> None:
    for seq in range(5):
        log.append(make_record(seq))
    target = tmp_path / "log.har"
    with qtbot.waitSignal(panel.har_exported, timeout=100):
        assert panel.export_har(target) == target
    text = target.read_text(encoding="utf-8")
    har = json.loads(text)
    entries = har["log"]["entries"]
    assert len(entries) == 5
    assert entries[2]["response"]["status"] == 401
    assert API_SECRET not in text
    assert ACCESS_TOKEN not in text
    request = entries[0]["request"]
    assert {"name": "apisecret", "value": mask(API_SECRET)} in request["headers"]
    assert json.loads(request["postData"]["text"])["applicationSecret"] == mask(API_SECRET)
    answer = json.loads(entries[0]["response"]["content"]["text"])
    assert answer["data"]["accessToken"] == mask(ACCESS_TOKEN)
    with pytest.raises(OSError):
        panel.export_har(tmp_path / "missing-dir" / "x.har")


def test_clear_button_clears_log_and_view(
    panel: ExchangeLogPanel, log: ExchangeLog, qtbot: QtBot
) -> None:
    log.append(make_record(0))
    panel.select_row(0)
    assert panel.detail_view.toPlainText()
    button = panel.findChild(QPushButton, "clearExchangeLogButton")
    assert isinstance(button, QPushButton)
    qtbot.waitUntil(button.isEnabled, timeout=1000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(log) == 0
    assert panel.model.rowCount() == 0
    assert panel.detail_view.toPlainText() == ""


def test_autoscroll_follows_new_rows_unless_scrolled_up(
    panel: ExchangeLogPanel, log: ExchangeLog, qtbot: QtBot
) -> None:
    table = panel.findChild(QTableView, "exchangeLogTable")
    assert isinstance(table, QTableView)
    panel.resize(800, 300)
    panel.show()
    qtbot.waitExposed(panel)
    scroll = table.verticalScrollBar()
    for seq in range(200):
        log.append(make_record(seq))
    qtbot.waitUntil(
        lambda: scroll.maximum() > 0 and scroll.value() == scroll.maximum(), timeout=2000
    )
    assert panel.is_following()

    scroll.setValue(0)  # the user scrolls up to read
    assert not panel.is_following()
    before = scroll.maximum()
    for seq in range(200, 260):
        log.append(make_record(seq))
    qtbot.waitUntil(lambda: scroll.maximum() > before, timeout=2000)
    assert scroll.value() == 0  # left where the user is reading

    scroll.setValue(scroll.maximum())  # back to the bottom: following again
    assert panel.is_following()
    before = scroll.maximum()
    log.append(make_record(260))
    qtbot.waitUntil(lambda: scroll.maximum() > before, timeout=2000)
    assert scroll.value() == scroll.maximum()


def test_filter_text_is_kept_per_row_and_follows_trimming(qtbot: QtBot) -> None:
    log = ExchangeLog(max_records=5)
    for seq in range(3):  # taken over by set_log: their text is made on the first filter
        log.append(make_record(seq))
    panel = ExchangeLogPanel(log)
    qtbot.addWidget(panel)
    for seq in range(3, 8):  # the oldest three are dropped
        log.append(make_record(seq))
    model = panel.model
    assert [model.record_at(r).seq for r in range(5)] == [3, 4, 5, 6, 7]
    assert model.matching_rows(["00000005-aaaa"]) == [False, False, True, False, False]
    assert model.matching_rows(["post", "token"]) == [
        "/v1/oauth/token" in model.record_at(r).url for r in range(5)
    ]
    panel.set_filter_text("00000001-aaaa")  # a dropped row: not shown
    assert panel.visible_row_count() == 0
    panel.set_filter_text("00000006-AAAA")
    assert panel.visible_row_count() == 1
    log.append(make_record(8))  # a row added while filtering is tested on its own
    log.append(make_record(16))
    panel.set_filter_text("00000016")
    assert panel.visible_row_count() == 1
    assert model.index(5, 0).isValid() is False
    assert model.index(0, len(ExchangeColumn)).isValid() is False
    assert model.index(0, 0, model.index(0, 0)).isValid() is False


def test_filter_keeps_a_matching_selection_and_clears_a_hidden_one(
    panel: ExchangeLogPanel, log: ExchangeLog
) -> None:
    for seq in range(20):
        log.append(make_record(seq))
    panel.select_row(4)  # seq 4: refresh
    panel.set_filter_text("refresh")
    assert panel.visible_row_count() == 4
    assert panel.selected_record() is log.records[4]
    assert "00000004-aaaa" in panel.detail_view.toPlainText()
    panel.set_filter_text("authorize")  # the selected row is hidden: no detail left over
    assert panel.selected_record() is None
    assert panel.detail_view.toPlainText() == ""
    panel.set_filter_text("")
    assert panel.visible_row_count() == 20


def test_a_burst_of_rows_repaints_the_table_once_at_the_end(
    panel: ExchangeLogPanel, log: ExchangeLog, qtbot: QtBot
) -> None:
    panel.resize(800, 300)
    panel.show()
    qtbot.waitExposed(panel)
    viewport = panel.table.viewport()
    log.append(make_record(0))  # after a quiet spell: painted at once
    assert viewport.updatesEnabled()
    for seq in range(1, 50):  # the rest of the burst: held, then painted together
        log.append(make_record(seq))
    assert not viewport.updatesEnabled()
    assert panel.model.rowCount() == 50  # the rows themselves are there at once
    qtbot.waitUntil(viewport.updatesEnabled, timeout=2000)
    scroll = panel.table.verticalScrollBar()
    assert scroll.value() == scroll.maximum() > 0
