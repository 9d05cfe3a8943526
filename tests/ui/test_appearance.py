"""View ▸ Appearance: follow the system, light or dark, at once; every colour follows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from scb_console.core.contract import Environment
from scb_console.ui import theme
from scb_console.ui.app import apply_appearance, starts_dark
from scb_console.ui.main_window import MainWindow
from scb_console.ui.session import Services
from scb_console.ui.settings import UiSettings
from scb_console.ui.wizard import Step
from tests.ui.test_gui_flows import shot


def _palette_colours(dark: bool) -> set[str]:
    """Every colour the theme hands out for a light (or dark) appearance, as ``#rrggbb``."""
    colours = [theme.error_color(dark), theme.warning_color(dark), theme.muted_color(dark)]
    colours += [theme.environment_color(env, dark) for env in Environment]
    colours += [theme.countdown_color(state, dark) for state in theme.CountdownState]
    colours += [theme.status_color(status, dark) for status in theme.TokenStatus]
    colours += [theme.timeline_color(kind, dark) for kind in ("access", "refresh", "code")]
    return {colour.name().lower() for colour in colours}


LIGHT_ONLY = _palette_colours(False) - _palette_colours(True)
DARK_ONLY = _palette_colours(True) - _palette_colours(False)


def _stale(window: MainWindow, wrong: set[str]) -> list[str]:
    """Widgets whose stylesheet still holds a colour of the other appearance."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        css = widget.styleSheet().lower()
        hits = sorted(colour for colour in wrong if colour in css)
        if hits:
            found.append(f"{type(widget).__name__}#{widget.objectName()}: {', '.join(hits)}")
    return found


@pytest.fixture
def restore_light(qapp: QApplication) -> Iterator[None]:
    yield
    apply_appearance(qapp, dark=False)  # (the session's other tests are light)


def test_the_appearance_menu_switches_every_colour_at_once(
    window: MainWindow, qtbot: Any, qapp: QApplication, restore_light: None
) -> None:
    # widgets that put theme colours in stylesheets: a banner, the faults dock, a verdict card
    banner = window.wizard.page(Step.SERVER_TOKEN).banner
    banner.show_message("SCB answered 500 (requestUId 1234)")
    window.faults_action.trigger()
    qtbot.waitUntil(window.faults_dock.isVisible)
    panel = window.token_check
    window.tabs.setCurrentWidget(panel)
    panel.set_input_text('{"status": {"code": 9300, "description": "Invalid token"}, "data": null}')
    assert panel.verdicts.cards()
    window.tabs.setCurrentIndex(0)
    icons = [window.wizard.step_list.item(i).icon().cacheKey() for i in range(len(Step))]

    actions = window.appearance_actions
    assert set(actions) == {"system", "light", "dark"}
    assert actions["system"].isChecked()  # (a first start follows the system)
    assert _stale(window, DARK_ONLY) == []
    assert theme.error_color(False).name() in banner.styleSheet()

    actions["dark"].trigger()
    assert window.settings.theme() == "dark"
    assert theme.is_dark(QGuiApplication.palette())
    assert actions["dark"].isChecked()
    assert _stale(window, LIGHT_ONLY) == []
    assert theme.error_color(True).name() in banner.styleSheet()
    assert theme.environment_color(Environment.LOCAL, True).name() in window.env_badge.styleSheet()
    assert [window.wizard.step_list.item(i).icon().cacheKey() for i in range(len(Step))] != icons
    picture = window.grab()
    assert picture.toImage().pixelColor(5, picture.height() // 2).lightnessF() < 0.5  # dark
    shot(window, "appearance-dark")
    window.tabs.setCurrentWidget(panel)
    shot(window, "appearance-dark-token-check")
    window.tabs.setCurrentIndex(0)

    actions["light"].trigger()
    shot(window, "appearance-light")
    assert window.settings.theme() == "light"
    assert not theme.is_dark(QGuiApplication.palette())
    assert _stale(window, DARK_ONLY) == []
    assert theme.error_color(False).name() in banner.styleSheet()

    actions["system"].trigger()
    assert window.settings.theme() == "system"
    assert theme.is_dark(QGuiApplication.palette()) == theme.system_is_dark(qapp)


def test_a_window_carrying_the_stylesheet_follows_the_menu_too(
    qapp: QApplication,
    make_window: Callable[..., MainWindow],
    services: Services,
    restore_light: None,
) -> None:
    """run_gui's way: the application has no stylesheet, the window carries it."""
    kept = qapp.styleSheet()
    qapp.setStyleSheet("")
    try:
        window = make_window(services)
        window.appearance_actions["dark"].trigger()
        assert window.styleSheet() == theme.app_stylesheet(True)
        assert qapp.styleSheet() == ""
        window.appearance_actions["light"].trigger()
        assert window.styleSheet() == theme.app_stylesheet(False)
    finally:
        qapp.setStyleSheet(kept)


@pytest.mark.parametrize(
    ("saved", "screenshot", "dark"),
    [
        ("dark", None, True),
        ("light", None, False),
        ("dark", "shot.png", False),  # the docs' screenshots are light
        ("system", None, None),  # as the system says
    ],
)
def test_the_console_starts_in_the_appearance_picked_last_time(
    qapp: QApplication, tmp_path: Path, saved: str, screenshot: str | None, dark: bool | None
) -> None:
    settings = UiSettings(tmp_path / "ui.ini")
    settings.set_theme(saved)
    expected = theme.system_is_dark(qapp) if dark is None else dark
    assert starts_dark(qapp, screenshot=screenshot, settings=settings) is expected


def test_a_widget_following_the_appearance_stops_when_it_is_gone(qapp: QApplication) -> None:
    calls: list[bool] = []
    widget = QWidget()
    theme.follow(widget, calls.append)
    theme.notifier().changed.emit(True)
    assert calls == [True]
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del widget
    QApplication.processEvents()
    theme.notifier().changed.emit(False)  # (no call into a deleted widget)
    assert calls == [True]
