"""Presentation mode: large type, every secret off the screen, an environment banner, big toasts.

The secret check walks the whole widget tree (texts, placeholders, tooltips, titles, accessible
names, every item view's model) for the session's secret strings after a full flow.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStatusBar,
    QTabBar,
    QTextEdit,
    QToolBar,
    QWidget,
)

from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.flow import FlowState
from scb_console.core.models import TokenKind
from scb_console.sandbox import DEMO_API_SECRET
from scb_console.ui import theme
from scb_console.ui.main_window import MainWindow
from scb_console.ui.presentation import FONT_SCALE, QR_SIDE, presentation_for
from scb_console.ui.qr import QrCodeWidget
from scb_console.ui.session import API_SECRET_KEY
from scb_console.ui.wizard import Step

from .conftest import WAIT_MS

_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


# --- the walk ------------------------------------------------------------------------------------


def _columns(model: QAbstractItemModel, parent: QModelIndex | QPersistentModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model keeps columnCount private: one column
        return 1


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return model.hasChildren(index)
    except TypeError:  # a list or table model keeps it private: flat
        return False


def _model_texts(
    model: QAbstractItemModel, parent: QModelIndex | QPersistentModelIndex | None = None
) -> Iterable[str]:
    parent = parent if parent is not None else QModelIndex()
    columns = _columns(model, parent)
    for column in range(columns):
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            for role in _ROLES:
                value = model.headerData(column, orientation, role)
                if value is not None:
                    yield str(value)
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in _ROLES:
                value = model.data(index, role)
                if value is not None:
                    yield str(value)
            if column == 0 and _has_children(model, index):
                yield from _model_texts(model, index)


def _texts(widget: QWidget) -> Iterable[str]:
    yield widget.toolTip()
    yield widget.windowTitle()
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    yield widget.statusTip()
    yield widget.whatsThis()
    if isinstance(widget, QLineEdit):
        yield widget.text()
        yield widget.displayText()
        yield widget.placeholderText()
    if isinstance(widget, QLabel):
        yield widget.text()
    if isinstance(widget, QAbstractButton):
        yield widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        yield widget.toPlainText()
    if isinstance(widget, QComboBox):
        yield widget.currentText()
        for i in range(widget.count()):
            yield widget.itemText(i)
            yield str(widget.itemData(i, Qt.ItemDataRole.ToolTipRole) or "")
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield widget.tabText(i)
            yield widget.tabToolTip(i)
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model())
    if isinstance(widget, QrCodeWidget):
        yield widget.text()
    if isinstance(widget, QStatusBar):
        yield widget.currentMessage()


def find_secrets(window: MainWindow, secrets: dict[str, str]) -> list[str]:
    """Where any of ``secrets`` (name -> value) shows anywhere in the window."""
    widgets = {id(w): w for w in [window, *window.findChildren(QWidget)]}
    for top in QApplication.topLevelWidgets():
        widgets.setdefault(id(top), top)
    found = []
    for widget in widgets.values():
        where = f"{type(widget).__name__}#{widget.objectName()}"
        for text in _texts(widget):
            for name, secret in secrets.items():
                if text and secret in text:
                    found.append(f"{name} in {where}")
    for action in window.findChildren(QAction):
        for text in (action.text(), action.toolTip(), action.statusTip()):
            for name, secret in secrets.items():
                if secret in text:
                    found.append(f"{name} in action {action.text()!r}")
    return found


# --- the flow ------------------------------------------------------------------------------------


def click(qtbot: Any, button: QAbstractButton) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _walk_flow(window: MainWindow, qtbot: Any) -> dict[str, str]:
    """Server token, authorize, approve, exchange, profile, refresh; returns the secrets."""
    wizard = window.wizard
    flow = window.session.flow
    assert flow is not None
    wizard.go_to(Step.SERVER_TOKEN)
    click(qtbot, wizard.server_token_button)
    qtbot.waitUntil(lambda: window.inspector.model.rowCount() == 1, timeout=WAIT_MS)
    wizard.go_to(Step.AUTHORIZE)
    click(qtbot, wizard.authorize_button)
    qtbot.waitUntil(lambda: flow.state is FlowState.AWAITING_CONSENT, timeout=WAIT_MS)
    click(qtbot, wizard.simulate_button)
    qtbot.waitUntil(lambda: flow.state is FlowState.CODE_RECEIVED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    code = flow.code
    assert code is not None
    wizard.go_to(Step.EXCHANGE)
    click(qtbot, wizard.exchange_button)
    qtbot.waitUntil(lambda: flow.state is FlowState.AUTHORIZED, timeout=WAIT_MS)
    wizard.go_to(Step.PROFILE)
    click(qtbot, wizard.call_profile_button)
    qtbot.waitUntil(lambda: wizard.english_name_label.text() != "—", timeout=WAIT_MS)
    wizard.go_to(Step.REFRESH)
    click(qtbot, wizard.refresh_button)
    qtbot.waitUntil(lambda: window.inspector.model.rowCount() == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    secrets = {"API secret": DEMO_API_SECRET, "authorization code": code}
    for i, token in enumerate(window.inspector.model.tokens()):
        secrets[f"access token {i}"] = token.access_token
        if token.refresh_token:
            secrets[f"refresh token {i}"] = token.refresh_token
    assert len(secrets) == 2 + 3 + 2  # a server token, two user tokens with refresh tokens
    return secrets


def _fonts(window: MainWindow) -> dict[int, tuple[float, int]]:
    return {
        id(w): (w.font().pointSizeF(), w.font().weight().value)
        for w in [window, *window.findChildren(QWidget)]
        if not w.isWindow() or w is window
    }


def _user_row(window: MainWindow) -> int:
    model = window.inspector.model
    return next(
        row for row in range(model.rowCount()) if model.token_at(row).kind is TokenKind.USER
    )


def _button(window: MainWindow, name: str) -> QAbstractButton:
    button = window.findChild(QAbstractButton, name)
    assert isinstance(button, QAbstractButton), name
    return button


# --- tests ---------------------------------------------------------------------------------------


def test_presentation_mode_hides_every_secret(window: MainWindow, qtbot: Any) -> None:
    secrets = _walk_flow(window, qtbot)
    inspector = window.inspector
    credentials = window.credentials
    inspector.select_source_row(_user_row(window))
    inspector.set_reveal(True)
    qtbot.waitUntil(inspector.is_revealed)
    # the walk finds secrets when they are on screen (so it can fail below)
    shown = find_secrets(window, secrets)
    assert any(s.startswith("API secret in QLineEdit#apiSecretEdit") for s in shown), shown
    assert any(s.startswith("access token") for s in shown), shown
    assert any(s.startswith("refresh token") for s in shown), shown
    fonts_before = _fonts(window)
    step_font = window.wizard.step_list.font().pointSizeF()

    window.presentation_action.trigger()  # View ▸ Presentation mode
    mode = presentation_for(window)
    assert mode.enabled
    assert window.presentation_action.isChecked()
    for step in Step:  # every page of the wizard, and the tokens tab
        window.wizard.go_to(step)
        assert find_secrets(window, secrets) == []
    window.tabs.setCurrentWidget(inspector)
    for row in range(inspector.model.rowCount()):  # each token in the inspector's detail
        inspector.select_source_row(row)
        assert find_secrets(window, secrets) == []
    window.tabs.setCurrentWidget(window.wizard)

    # reveal and copy-secret controls are off, and stay off when their owners re-enable them
    inspector.select_source_row(_user_row(window))
    assert not inspector.reveal_allowed()
    inspector.set_reveal(True)
    assert not inspector.is_revealed()
    for name in ("revealTokenButton", "copyAuthHeaderButton", "copyCurlButton"):
        assert not _button(window, name).isEnabled(), name
    assert not any(
        action.isEnabled() for action in inspector.table.actions() if "Copy" in action.text()
    )
    assert not credentials.secret.reveal.isEnabled()
    assert not credentials.save_button.isEnabled()
    assert not credentials.test_button.isEnabled()
    credentials.test_button.setEnabled(True)  # what the panel does on a profile change
    assert not credentials.test_button.isEnabled()
    # larger type, a large QR code, the environment named in a coloured banner
    assert window.wizard.step_list.font().pointSizeF() == step_font * FONT_SCALE
    assert window.wizard.qr.minimumWidth() >= QR_SIDE
    banner = window.findChild(QToolBar, "presentationBanner")
    assert isinstance(banner, QToolBar)
    assert banner.isVisible()
    assert mode.banner_text().startswith("LOCAL SANDBOX · ")
    assert "Profile: Local sandbox" in mode.banner_text()
    colour = theme.environment_color(Environment.LOCAL).name()
    assert colour in banner.styleSheet()

    window.presentation_action.trigger()  # off again: everything as it was
    assert not mode.enabled
    assert not window.presentation_action.isChecked()
    assert credentials.api_secret_edit.text() == DEMO_API_SECRET
    assert not credentials.dirty
    assert not credentials.save_button.isEnabled()
    assert credentials.secret.reveal.isEnabled()
    assert credentials.test_button.isEnabled()
    assert inspector.reveal_allowed()
    for name in ("revealTokenButton", "copyAuthHeaderButton", "copyCurlButton"):
        assert _button(window, name).isEnabled(), name
    assert all(
        action.isEnabled() for action in inspector.table.actions() if "Copy" in action.text()
    )
    inspector.set_reveal(True)
    assert inspector.is_revealed()
    fonts_after = _fonts(window)
    assert {k: v for k, v in fonts_after.items() if k in fonts_before} == fonts_before
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChild(QToolBar, "presentationBanner") is None
    assert window.wizard.qr.minimumWidth() < QR_SIDE
    assert any(s.startswith("access token") for s in find_secrets(window, secrets))


def test_switching_profile_while_presenting(window: MainWindow, qtbot: Any) -> None:
    credentials = window.credentials
    store = window.services.secret_store
    assert credentials.add_profile("Partner UAT", Environment.UAT)
    uat_secret = "uat-secret-7f3a9c21e4b8"
    store.set("Partner UAT", API_SECRET_KEY, uat_secret)
    credentials.select_profile("Local sandbox")
    mode = presentation_for(window)
    mode.set_enabled(True)
    assert window.presentation_action.isChecked()  # the menu follows
    credentials.select_profile("Partner UAT")
    assert window.session.environment is Environment.UAT
    assert mode.banner_text().startswith("SCB UAT · ")
    assert "Profile: Partner UAT" in mode.banner_text()
    secrets = {"API secret": DEMO_API_SECRET, "UAT secret": uat_secret}
    assert find_secrets(window, secrets) == []
    assert credentials.api_secret_edit.text() == ""
    mode.set_enabled(False)
    assert credentials.api_secret_edit.text() == uat_secret  # the profile on screen now
    assert store.get("Partner UAT", API_SECRET_KEY) == uat_secret  # nothing saved meanwhile
    assert store.get("Local sandbox", API_SECRET_KEY) == DEMO_API_SECRET


def test_expiry_toasts_in_large_type(window: MainWindow, qtbot: Any, clock: FakeClock) -> None:
    wizard = window.wizard
    flow = window.session.flow
    assert flow is not None
    mode = presentation_for(window)
    toast = mode.toast

    def authorize_and_approve() -> None:
        wizard.go_to(Step.AUTHORIZE)
        click(qtbot, wizard.authorize_button)
        qtbot.waitUntil(lambda: flow.state is FlowState.AWAITING_CONSENT, timeout=WAIT_MS)
        click(qtbot, wizard.simulate_button)
        qtbot.waitUntil(lambda: flow.state is FlowState.CODE_RECEIVED, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)

    authorize_and_approve()
    clock.advance(50)
    window.ticker.fire()
    assert toast.text() == ""  # presentation mode is off: no toast
    mode.set_enabled(True)
    window.ticker.fire()
    assert toast.isVisible()
    assert toast.text() == "Authorization code expires in 10 s"
    assert toast.kind == "warning"
    assert toast.label.font().pointSizeF() >= 2 * QApplication.font().pointSizeF()
    window.ticker.fire()  # said once, not on every tick
    clock.advance(11)
    window.ticker.fire()
    assert flow.state is FlowState.CODE_EXPIRED
    assert toast.text() == "Authorization code expired"
    assert toast.kind == "error"

    authorize_and_approve()
    wizard.go_to(Step.EXCHANGE)
    click(qtbot, wizard.exchange_button)
    qtbot.waitUntil(lambda: flow.state is FlowState.AUTHORIZED, timeout=WAIT_MS)
    tokens = flow.tokens
    assert tokens is not None
    toast.hide()
    clock.advance(tokens.expires_in - 90)
    window.ticker.fire()
    assert toast.text() == ""  # 90 s left: not yet
    clock.advance(31)
    window.ticker.fire()
    assert toast.text() == "Access token expires in 1 min"
    clock.advance(60)
    window.ticker.fire()
    assert toast.text() == "Access token expired"
    mode.set_enabled(False)
    assert not toast.isVisible()


def test_present_option_opens_in_presentation_mode(tmp_path: Path, test_home: Path) -> None:
    """``scb-console --present --screenshot``: the real start, in presentation mode."""
    target = tmp_path / "present.png"
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scb_console.cli.main",
            "--present",
            "--screenshot",
            str(target),
            "--size",
            "1600x1000",
        ],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    image = QImage(str(target))
    assert not image.isNull()
    green = theme.environment_color(Environment.LOCAL).rgb() & 0xFFFFFF
    # the banner: a wide strip of the local environment's green across the top
    rows = [
        y
        for y in range(0, 160)
        if sum(1 for x in range(0, image.width(), 8) if image.pixel(x, y) & 0xFFFFFF == green)
        > image.width() // 8 // 2
    ]
    assert len(rows) >= 30, rows


def test_token_check_never_shows_a_pasted_token(window: MainWindow, qtbot: Any) -> None:
    """What support staff paste into Token check (a live token) is shown masked, in or out of
    presentation mode, so the tab can stay open during a demo."""
    _walk_flow(window, qtbot)
    flow = window.session.flow
    assert flow is not None
    assert flow.tokens is not None
    pasted = {"pasted access token": flow.tokens.access_token}
    panel = window.token_check
    window.tabs.setCurrentWidget(panel)
    panel.set_input_text(flow.tokens.access_token)
    qtbot.waitUntil(lambda: bool(panel.input.toPlainText()), timeout=WAIT_MS)
    assert find_secrets(window, pasted) == []  # nothing is revealed: no widget shows it
    window.presentation_action.trigger()
    try:
        assert find_secrets(window, pasted) == []
    finally:
        window.presentation_action.trigger()
