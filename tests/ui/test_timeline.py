"""The validity timeline: bars, greyed expiry, and a "now" line that moves with the clock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from scb_console.core.clock import FakeClock
from scb_console.ui.theme import dark_palette, error_color, is_dark, timeline_color
from scb_console.ui.timeline import TimelineItem, TimelineWidget


def _image(widget: TimelineWidget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _count(image: QImage, colour: QColor) -> int:
    wanted = colour.rgb() & 0xFFFFFF
    return sum(
        1
        for y in range(image.height())
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) & 0xFFFFFF == wanted
    )


def _distinct(image: QImage) -> int:
    return len(
        {image.pixel(x, y) for y in range(0, image.height(), 3) for x in range(0, image.width(), 3)}
    )


def _timeline(qtbot: QtBot, clock: FakeClock) -> TimelineWidget:
    widget = TimelineWidget(clock)
    qtbot.addWidget(widget)
    widget.resize(800, 200)
    now = clock.monotonic()
    widget.set_items(
        [
            TimelineItem("Authorization code", now - 5, now + 55, "code"),
            TimelineItem("Access token", now - 5, now + 1795, "access"),
            TimelineItem("Refresh token", now - 5, now + 3595, "refresh"),
        ]
    )
    return widget


def test_empty_timeline_paints_its_placeholder(qtbot: QtBot, clock: FakeClock) -> None:
    widget = TimelineWidget(clock)
    qtbot.addWidget(widget)
    widget.resize(600, 120)
    assert widget.items() == []
    assert _distinct(_image(widget)) > 1  # the placeholder text, not a blank rectangle
    assert "appear here" in widget.accessibleDescription()


def test_bars_are_painted_in_their_kind_colour(qtbot: QtBot, clock: FakeClock) -> None:
    widget = _timeline(qtbot, clock)
    dark = is_dark(widget.palette())
    image = _image(widget)
    assert _distinct(image) > 10
    for kind in ("code", "access", "refresh"):
        assert _count(image, timeline_color(kind, dark)) > 20, kind
    assert _count(image, error_color(dark)) > 10  # the "now" line
    assert widget.accessibleDescription() == "3 validity windows, 3 still valid"


def test_now_line_moves_with_the_clock(qtbot: QtBot, clock: FakeClock) -> None:
    widget = _timeline(qtbot, clock)
    start, end = widget.time_range()
    assert start <= clock.monotonic() <= end
    before_x = widget.now_x()
    before = _image(widget)
    clock.advance(900)
    widget.on_tick()
    after_x = widget.now_x()
    assert after_x > before_x + 100  # a quarter of an hour on a one-hour axis of ~600 px
    assert _image(widget) != before
    # the line is drawn where now_x says
    image = _image(widget)
    column = round(after_x)
    colour = error_color(is_dark(widget.palette())).rgb() & 0xFFFFFF
    hits = sum(
        1
        for y in range(image.height())
        if any(image.pixel(x, y) & 0xFFFFFF == colour for x in (column - 1, column, column + 1))
    )
    assert hits > 50


def test_expired_bars_are_greyed(qtbot: QtBot, clock: FakeClock) -> None:
    widget = _timeline(qtbot, clock)
    dark = is_dark(widget.palette())
    code = timeline_color("code", dark)
    assert _count(_image(widget), code) > 20
    clock.advance(120)  # the 60 s code is gone
    widget.on_tick()
    assert _count(_image(widget), code) == 0
    assert _count(_image(widget), timeline_color("access", dark)) > 20
    assert widget.accessibleDescription() == "3 validity windows, 2 still valid"


def test_muted_items_are_greyed_while_valid(qtbot: QtBot, clock: FakeClock) -> None:
    widget = TimelineWidget(clock)
    qtbot.addWidget(widget)
    widget.resize(700, 120)
    now = clock.monotonic()
    widget.set_items([TimelineItem("Superseded", now - 10, now + 1000, "access", muted=True)])
    assert _count(_image(widget), timeline_color("access", is_dark(widget.palette()))) == 0


def test_many_items_and_dark_palette_still_paint(qtbot: QtBot, clock: FakeClock) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_clock(clock)
    widget.setPalette(dark_palette())
    widget.resize(700, 160)
    now = clock.monotonic()
    items = [
        TimelineItem(f"Token {i}", now - i * 60, now + 1800 - i * 60, "access") for i in range(40)
    ]
    widget.set_items(items[::-1])  # oldest first, as tokens arrive: the newest lanes are shown
    image = _image(widget)
    assert _count(image, timeline_color("access", True)) > 20
    assert widget.sizeHint().height() <= 320


def test_live_windows_win_over_expired_ones_when_lanes_run_out(
    qtbot: QtBot, clock: FakeClock
) -> None:
    widget = TimelineWidget(clock)
    qtbot.addWidget(widget)
    widget.resize(700, 120)  # room for about four lanes
    now = clock.monotonic()
    live = TimelineItem("Refresh token", now - 3000, now + 600, "refresh")
    codes = [TimelineItem(f"Code {i}", now - 900 + i, now - 840 + i, "code") for i in range(12)]
    widget.set_items([live, *codes])
    dark = is_dark(widget.palette())
    assert _count(_image(widget), timeline_color("refresh", dark)) > 20
