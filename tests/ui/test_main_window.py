"""The main window: it opens, every stable object name is there, the layout is remembered."""

from __future__ import annotations

import asyncio
import json
import platform
from collections.abc import Callable
from pathlib import Path
from typing import Any

import PySide6
import pytest
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLineEdit, QMainWindow, QWidget

import scb_console
from scb_console.core.contract import Environment
from scb_console.core.errors import ApiError
from scb_console.core.models import Profile
from scb_console.sandbox import DEMO_API_SECRET
from scb_console.ui.about import AboutDialog
from scb_console.ui.bridge import EngineBridge
from scb_console.ui.main_window import MainWindow
from scb_console.ui.session import API_SECRET_KEY, Services
from scb_console.ui.settings import UiSettings
from scb_console.ui.wizard import Step

from .conftest import WAIT_MS

OBJECT_NAMES = [
    "profileList",
    "apiKeyEdit",
    "apiSecretEdit",
    "testCredentialsButton",
    "serverTokenButton",
    "authorizeButton",
    "deeplinkQr",
    "deeplinkEdit",
    "openConsentButton",
    "simulateApprovalButton",
    "redirectPasteEdit",
    "codeCountdown",
    "exchangeButton",
    "refreshButton",
    "autoRefreshCheck",
    "callProfileButton",
    "tokenTable",
    "tokenTimeline",
    "exchangeLogTable",
]


@pytest.mark.parametrize("name", OBJECT_NAMES)
def test_stable_object_names(window: MainWindow, name: str) -> None:
    found = window.findChildren(QWidget, name)
    assert len(found) == 1, f"{name}: {len(found)} widgets"


# --- layout, menus, status bar ------------------------------------------------------------------


def test_layout_is_remembered_and_holds_no_secret(
    make_window: Callable[..., MainWindow], services: Services, qtbot: Any, tmp_path: Path
) -> None:
    first = make_window(services)
    assert first.exchange_dock.isVisible()
    first.exchange_dock.toggleViewAction().trigger()  # View menu: hide the exchange log
    assert not first.exchange_dock.isVisible()
    first.resize(1100, 760)
    first.credentials.api_secret_edit.setText("a-secret-that-must-not-leak")
    first.close()

    saved = UiSettings(tmp_path / "config" / "ui.ini").geometry()
    assert saved is not None
    second = make_window(services, size=None)
    assert not second.exchange_dock.isVisible()
    # the offscreen screen is 800x800, so restoreGeometry fits the window into it (on a real
    # screen it comes back as it was); what was saved is a geometry Qt restores:
    probe = QMainWindow()
    assert probe.restoreGeometry(saved)
    probe.deleteLater()
    second.exchange_dock.toggleViewAction().trigger()
    assert second.exchange_dock.isVisible()

    stored = (tmp_path / "config" / "ui.ini").read_bytes()
    assert b"a-secret-that-must-not-leak" not in stored
    assert DEMO_API_SECRET.encode() not in stored


def test_view_menu_lists_the_docks_and_tabs(window: MainWindow) -> None:
    titles = [action.text() for action in window.view_menu.actions() if action.text()]
    assert "Credentials" in titles
    assert "Exchange log" in titles
    window.show_tokens_action.trigger()
    assert window.tabs.currentWidget() is window.inspector
    window.show_flow_action.trigger()
    assert window.tabs.currentWidget() is window.wizard


def test_status_bar_shows_profile_environment_keyring(window: MainWindow) -> None:
    assert window.profile_label.text() == "Profile: Local sandbox"
    assert window.env_badge.text() == "Local sandbox"
    assert "#1a7f37" in window.env_badge.styleSheet()  # the local sandbox's green
    assert "session only" in window.keyring_label.text()
    assert window.skew_label.text() == "Clock skew: —"


def test_accessible_names_and_tooltips(window: MainWindow) -> None:
    for name in ("apiKeyEdit", "apiSecretEdit", "deeplinkEdit", "redirectPasteEdit"):
        widget = window.findChild(QWidget, name)
        assert widget is not None
        assert widget.accessibleName(), name
        assert len(widget.toolTip()) > 20, name
    for name in ("serverTokenButton", "authorizeButton", "exchangeButton", "refreshButton"):
        widget = window.findChild(QWidget, name)
        assert widget is not None
        assert widget.toolTip(), name


def test_production_asks_once_before_the_first_request(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = window.credentials
    assert panel.add_profile("Live", Environment.PRODUCTION)
    assert window.session.profile is not None
    assert window.env_badge.text() == "SCB production"
    assert "#cf222e" in window.env_badge.styleSheet()
    answers = [False]
    asked: list[str] = []

    def ask(profile: Profile) -> bool:
        asked.append(profile.name)
        return answers.pop(0)

    monkeypatch.setattr(window, "ask_production_confirmation", ask)
    window.wizard.go_to(Step.SERVER_TOKEN)
    window.wizard.server_token_button.click()  # refused: nothing is sent
    assert asked == ["Live"]
    assert not window.bridge.running()
    assert not window.services.exchange_log.records
    answers.append(True)
    assert window.confirm_request()
    assert window.confirm_request()  # asked once per session only
    assert asked == ["Live", "Live"]


def test_about_dialog_names_the_versions(window: MainWindow, tmp_path: Path) -> None:
    dialog = AboutDialog(tmp_path / "log", window)
    info = dialog.info
    assert info["SCB Console"] == scb_console.__version__
    assert info["Qt"] == qVersion()
    assert info["PySide6"] == PySide6.__version__
    assert info["Python"] == platform.python_version()
    assert info["Log folder"] == str(tmp_path / "log")
    assert dialog.labels["PySide6"].text() == PySide6.__version__
    dialog.deleteLater()


# --- the credentials panel ----------------------------------------------------------------------


def test_profiles_add_duplicate_rename_delete(window: MainWindow, services: Services) -> None:
    panel = window.credentials
    secrets = services.secret_store
    assert panel.duplicate_profile("Copy")
    assert [p.name for p in panel.profiles] == ["Local sandbox", "Copy"]
    assert secrets.get("Copy", API_SECRET_KEY) == DEMO_API_SECRET  # the secret came along
    assert window.session.profile is not None
    assert window.session.profile.name == "Copy"
    assert panel.rename_profile("Copy", "Renamed")
    assert secrets.get("Copy", API_SECRET_KEY) is None
    assert secrets.get("Renamed", API_SECRET_KEY) == DEMO_API_SECRET
    assert not panel.rename_profile("Renamed", "Local sandbox")  # names are unique
    assert "already exists" in panel.test_result.text()
    assert not panel.add_profile("bad/name")
    assert "/" in panel.test_result.text()
    assert panel.delete_profile("Renamed")
    assert secrets.get("Renamed", API_SECRET_KEY) is None
    assert [p.name for p in panel.profiles] == ["Local sandbox"]
    assert services.profile_store.last_used() == "Local sandbox"


def test_secret_is_masked_and_shown_only_while_pressed(window: MainWindow, qtbot: Any) -> None:
    panel = window.credentials
    edit = panel.api_secret_edit
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mousePress(panel.secret.reveal, Qt.MouseButton.LeftButton)
    assert edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseRelease(panel.secret.reveal, Qt.MouseButton.LeftButton)
    assert edit.echoMode() == QLineEdit.EchoMode.Password


def test_export_and_import_carry_no_secret(window: MainWindow, tmp_path: Path) -> None:
    panel = window.credentials
    path = tmp_path / "profiles.json"
    assert panel.export_to(path)
    text = path.read_text(encoding="utf-8")
    assert "Local sandbox" in text
    assert DEMO_API_SECRET not in text
    document = json.loads(text)
    document["profiles"][0]["name"] = "Imported"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert panel.import_from(path)
    assert [p.name for p in panel.profiles] == ["Local sandbox", "Imported"]
    assert panel.api_secret_edit.text() == ""  # secrets are never imported
    path.write_text('{"profiles": [{"name": "x", "api_secret": "s"}]}', encoding="utf-8")
    assert not panel.import_from(path)
    path.write_text("not json", encoding="utf-8")
    assert not panel.import_from(path)


def test_partner_query_is_validated(window: MainWindow) -> None:
    panel = window.credentials
    panel.partner_query_edit.setText("orderId=42&ref=abc")
    panel.on_field_edited()
    assert panel.save_current()
    assert window.session.profile is not None
    assert window.session.profile.partner_query == (("orderId", "42"), ("ref", "abc"))
    panel.partner_query_edit.setText("x=" + "y" * 300)
    panel.on_field_edited()
    assert not panel.save_current()
    assert "255" in panel.test_result.text()


# --- the engine bridge ----------------------------------------------------------------------------


def test_bridge_turns_outcomes_into_signals(
    aloop: Any, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    bridge = EngineBridge()
    busy: list[bool] = []
    bridge.busy.connect(busy.append)

    async def fine() -> int:
        return 42

    async def known() -> None:
        raise ApiError(
            "SCB refused the key", http_status=401, code=9500, description="x", request_uid="u-1"
        )

    async def unexpected() -> None:
        raise ValueError("boom\nsecond line")

    async def forever() -> None:
        await asyncio.Event().wait()

    with qtbot.waitSignal(bridge.succeeded, timeout=WAIT_MS) as blocker:
        task = bridge.run(fine(), label="fine")
    assert blocker.args == ["fine", 42]
    assert task.done()
    assert busy == [True, False]

    with qtbot.waitSignal(bridge.failed, timeout=WAIT_MS) as blocker:
        bridge.run(known(), label="known")
    assert blocker.args == ["known", "SCB refused the key (requestUId u-1)"]

    errors: list[str] = []
    bridge.error.connect(errors.append)
    with qtbot.waitSignal(bridge.failed, timeout=WAIT_MS) as blocker:
        bridge.run(unexpected(), label="oops")
    assert blocker.args == ["oops", "Unexpected error (ValueError): boom"]
    assert errors == ["Unexpected error (ValueError): boom"]
    assert "oops failed unexpectedly" in caplog.text  # the traceback goes to the log only

    task = bridge.run(forever(), label="slow")
    assert bridge.running("slow")
    with qtbot.waitSignal(bridge.cancelled, timeout=WAIT_MS) as blocker:
        bridge.cancel_all()
    assert blocker.args == ["slow"]
    assert not bridge.running()
    bridge.deleteLater()


def test_the_step_list_keeps_each_rows_picture_until_the_row_changes(
    window: MainWindow, qtbot: Any
) -> None:
    """Rows are painted once per look (texts, icon, colours, font, size) and drawn from the
    kept picture after that: the list repaints every row when any step changes. The current
    step's row (and a hovered one) is drawn each time, not kept."""
    from PySide6.QtGui import QPixmap

    from scb_console.ui.wizard import Step

    window.show()
    qtbot.waitExposed(window)
    step_list = window.wizard.step_list
    delegate = step_list.itemDelegate()
    step_list.viewport().grab()  # paint every row once
    kept = dict(delegate._rows)
    assert len(kept) == step_list.count() - 1  # every row but the current one
    assert all(isinstance(p, QPixmap) and not p.isNull() for p in kept.values())
    step_list.viewport().grab()  # the same looks: nothing new painted
    assert delegate._rows == kept
    window.wizard.go_to(Step.REFRESH)  # the old current step is an ordinary row now
    step_list.viewport().grab()
    assert len(delegate._rows) == len(kept) + 1
    # the kept pictures are drawn where their rows are: the current one highlighted
    shot = step_list.viewport().grab().toImage()
    current = step_list.visualItemRect(step_list.item(step_list.currentRow()))
    first = step_list.visualItemRect(step_list.item(0))
    x = current.right() - 8  # (right of the texts: the highlight or the list's background)
    assert step_list.currentRow() != 0
    assert shot.pixelColor(x, current.center().y()) != shot.pixelColor(x, first.center().y())


def test_a_usable_keyring_is_shown_with_a_mark_every_ui_font_draws(window: MainWindow) -> None:
    """No colour emoji: it needed an emoji font (a box without one) and megabytes to draw."""
    window.services.keyring = (True, "SecretService Keyring")
    window._update_keyring_label()
    text = window.keyring_label.text()
    assert text == "✓ SecretService Keyring"
    metrics = QFontMetrics(window.keyring_label.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in text if not ch.isspace())
    assert "SecretService Keyring" in window.keyring_label.toolTip()
    window.services.keyring = (False, "no D-Bus session bus")
    window._update_keyring_label()
    assert "session only" in window.keyring_label.text()
