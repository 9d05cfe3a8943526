"""File → Export support report…, after a real session clicked through the window against the
embedded sandbox: every requestUId is in the file, no secret of the session is."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu, QMessageBox

from scb_console.core.clock import FakeClock
from scb_console.core.errors import ExportError
from scb_console.core.flow import FlowState
from scb_console.core.masking import mask
from scb_console.core.report import Report
from scb_console.sandbox import DEMO_API_SECRET
from scb_console.ui import report_dialog
from scb_console.ui.main_window import MainWindow
from scb_console.ui.wizard import Step

from .conftest import WAIT_MS
from .test_gui_flows import approve, authorize, click, exchange, server_token

SHOTS = os.environ.get("SCB_UI_SHOTS")


def run_session(window: MainWindow, qtbot: Any, clock: FakeClock) -> list[str]:
    """Server token, an expired code, the 3-legged flow, a refresh and the profile call; the
    secrets of the session (the codes read from the flow while they were alive)."""
    flow = window.session.flow
    assert flow is not None
    codes: list[str] = []
    server_token(window, qtbot)
    authorize(window, qtbot)
    approve(window, qtbot)
    assert flow.code is not None
    codes.append(flow.code)
    clock.advance(61)
    window.ticker.fire()
    qtbot.waitUntil(lambda: flow.state is FlowState.CODE_EXPIRED, timeout=WAIT_MS)
    first = window.wizard.deeplink_edit.text()
    authorize(window, qtbot)
    qtbot.waitUntil(lambda: window.wizard.deeplink_edit.text() != first, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    approve(window, qtbot)
    assert flow.code is not None
    codes.append(flow.code)
    tokens = exchange(window, qtbot)
    clock.advance(100)
    window.wizard.go_to(Step.REFRESH)
    click(qtbot, window.wizard.refresh_button)
    qtbot.waitUntil(lambda: len(flow.history) == 2, timeout=WAIT_MS)
    window.wizard.go_to(Step.PROFILE)
    click(qtbot, window.wizard.call_profile_button)
    qtbot.waitUntil(lambda: len(window.services.exchange_log) == 6, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    assert tokens.refresh_token is not None
    secrets = [DEMO_API_SECRET, *codes, tokens.refresh_token]
    for token in window.inspector.model.tokens():
        secrets.append(token.access_token)
    assert len(secrets) == 7  # the secret, two codes, the refresh token, three access tokens
    return secrets


def test_the_support_report_has_every_request_uid_and_no_secret(
    window: MainWindow, qtbot: Any, clock: FakeClock, tmp_path: Path
) -> None:
    secrets = run_session(window, qtbot, clock)
    records = window.services.exchange_log.records
    assert [r.step for r in records] == [
        "server_token",
        "authorize",
        "authorize",
        "exchange_code",
        "refresh",
        "customer_profile",
    ]
    for name in ("report.html", "report.md"):
        written = window.export_report(tmp_path / name)
        text = written.read_text(encoding="utf-8")
        for record in records:
            assert record.request_uid in text
        for secret in secrets:
            assert secret not in text
        for token in window.inspector.model.tokens():
            assert mask(token.access_token) in text
        assert "Code expired" in text  # the flow timeline, from the recorder
        assert "Code received" in text
        assert "Qt" in text
        assert "PySide6" in text
        assert "Local sandbox" in text
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        window.export_report(Path(SHOTS) / "support-report.html")


def test_every_secret_of_the_session_is_gathered(
    window: MainWindow, qtbot: Any, clock: FakeClock
) -> None:
    secrets = run_session(window, qtbot, clock)
    gathered = report_dialog.gather_secrets(window)
    assert set(secrets) <= set(gathered)
    data = report_dialog.gather_session_data(window)
    assert len(data.exchanges) == 6
    assert len(data.tokens) == 3
    assert data.flow_state == "Authorized"
    assert data.profile is not None
    assert set(data.versions) == {"Qt", "PySide6"}
    assert [e.state for e in data.events][:3] == [
        "awaiting_consent",
        "code_received",
        "code_expired",
    ]


def test_the_menu_action_asks_where_and_says_where(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server_token(window, qtbot)
    target = tmp_path / "ticket-1234"
    monkeypatch.setattr(
        report_dialog.QFileDialog,
        "getSaveFileName",
        lambda *args, **kwargs: (str(target), "Support report, Markdown (*.md)"),
    )
    actions = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Export support report…" in actions
    window.export_report_action.trigger()
    written = tmp_path / "ticket-1234.md"  # the suffix of the chosen format
    assert written.is_file()
    assert window.services.exchange_log.records[0].request_uid in written.read_text("utf-8")
    assert str(written) in window.statusBar().currentMessage()
    box = window.findChild(QMessageBox, "supportReportMessage")
    assert box is not None
    assert box.isVisible()
    assert str(written) in box.informativeText()
    box.accept()


def test_a_report_that_would_leak_is_refused_with_a_message(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = server_token(window, qtbot)
    leaking = Report(html=f"<p>{token.access_token}</p>", markdown="", generated_wall=0.0)
    monkeypatch.setattr(report_dialog, "build_report", lambda data: leaking)
    target = tmp_path / "leak.html"
    with pytest.raises(ExportError, match="Refused to write the support report"):
        window.export_report(target)
    assert not target.exists()
    monkeypatch.setattr(
        report_dialog.QFileDialog,
        "getSaveFileName",
        lambda *args, **kwargs: (str(target), "Support report, HTML (*.html)"),
    )
    window.on_export_report()
    assert not target.exists()
    assert "Refused to write" in window.statusBar().currentMessage()
    box = window.findChild(QMessageBox, "supportReportMessage")
    assert box is not None
    assert box.text() == "The support report was not written."
    assert token.access_token not in box.informativeText()
    box.accept()


# a popup menu on the offscreen platform: it cannot raise it or grab the keyboard for it
@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_opening_the_file_menu_loads_the_report_ahead_of_the_export(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's modules are not part of every session: they load, on a thread, when the
    File menu (the one way to Export support report…) opens."""
    from scb_console.ui import main_window

    asked: list[tuple[str, ...]] = []
    monkeypatch.setattr(main_window, "preload_modules", lambda names: asked.append(tuple(names)))
    menus = [m for m in window.export_report_action.associatedObjects() if isinstance(m, QMenu)]
    assert len(menus) == 1  # the File menu
    menu = menus[0]
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible, timeout=WAIT_MS)
    menu.close()
    assert asked == [main_window.REPORT_MODULES]
    assert "scb_console.ui.report_dialog" in main_window.REPORT_MODULES
