"""Countdowns and the shared ticker, driven by a FakeClock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from scb_console.core.clock import Deadline, FakeClock, SystemClock
from scb_console.ui.countdown import CountdownBar, CountdownWidget
from scb_console.ui.theme import CountdownState, countdown_color, dark_palette, is_dark
from scb_console.ui.ticker import Ticker


def _ring(qtbot: QtBot, clock: FakeClock, seconds: float = 60.0) -> CountdownWidget:
    widget = CountdownWidget(caption="Authorization code", clock=clock)
    qtbot.addWidget(widget)
    widget.resize(160, 160)
    widget.set_deadline(Deadline.after(clock, seconds), seconds)
    return widget


def _top_of_ring(widget: CountdownWidget) -> QColor:
    """The colour in the middle of the ring's stroke at 12 o'clock (where the arc starts)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    side = min(widget.width(), widget.height())
    thickness = max(6.0, side * 0.075)
    y = round(thickness / 2 + 2)
    return QColor(image.pixel(widget.width() // 2 + 2, y))


def test_advancing_the_clock_changes_the_text(qtbot: QtBot, clock: FakeClock) -> None:
    widget = _ring(qtbot, clock)
    assert widget.text() == "1:00"
    assert widget.remaining() == 60
    clock.advance(18.4)
    assert widget.text() == "1:00"  # nothing moves until the tick asks
    widget.update_from(clock)
    assert widget.text() == "0:42"  # 41.6 s rounds up: 0:00 only when expired
    assert widget.remaining() == pytest.approx(41.6)
    assert widget.accessibleName() == "Authorization code: 0:42 remaining"


def test_colours_switch_at_20_and_10_seconds(qtbot: QtBot, clock: FakeClock) -> None:
    widget = _ring(qtbot, clock)
    dark = is_dark(widget.palette())
    states = []
    widget.state_changed.connect(states.append)
    assert widget.state() is CountdownState.NORMAL
    normal = countdown_color(CountdownState.NORMAL, dark)
    assert _top_of_ring(widget) == normal

    clock.advance(39.5)  # 20.5 s left
    widget.update_from(clock)
    assert widget.state() is CountdownState.NORMAL
    clock.advance(0.5)  # 20 s left: amber from 20 s
    widget.update_from(clock)
    assert widget.state() is CountdownState.AMBER
    assert widget.color() == countdown_color(CountdownState.AMBER, dark) != normal
    assert _top_of_ring(widget) == countdown_color(CountdownState.AMBER, dark)

    clock.advance(9.9)  # 10.1 s left
    widget.update_from(clock)
    assert widget.state() is CountdownState.AMBER
    clock.advance(0.1)  # 10 s left: red from 10 s
    widget.update_from(clock)
    assert widget.state() is CountdownState.RED
    assert _top_of_ring(widget) == countdown_color(CountdownState.RED, dark)
    assert states == ["amber", "red"]


def test_expired_is_emitted_once(qtbot: QtBot, clock: FakeClock) -> None:
    widget = _ring(qtbot, clock)
    fired: list[None] = []
    widget.expired.connect(lambda: fired.append(None))
    clock.advance(59)
    widget.update_from(clock)
    assert fired == []
    clock.advance(1)
    with qtbot.waitSignal(widget.expired, timeout=100):
        widget.update_from(clock)
    for _ in range(3):
        clock.advance(5)
        widget.update_from(clock)
    assert fired == [None]
    assert widget.state() is CountdownState.EXPIRED
    assert widget.text() == "0:00"
    assert widget.accessibleName() == "Authorization code: expired"
    # a new deadline (a new code) counts again and can expire again
    widget.set_deadline(Deadline.after(clock, 60), 60)
    assert widget.state() is CountdownState.NORMAL
    clock.advance(60)
    widget.update_from(clock)
    assert fired == [None, None]


def test_a_deadline_already_past_expires_at_once(qtbot: QtBot, clock: FakeClock) -> None:
    widget = CountdownWidget(clock=clock)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.expired, timeout=100):
        widget.set_deadline(Deadline(clock.monotonic() - 1), 60)
    assert widget.state() is CountdownState.EXPIRED


def test_a_changed_wall_clock_does_not_move_the_countdown(qtbot: QtBot, clock: FakeClock) -> None:
    widget = _ring(qtbot, clock)
    clock.advance(15)
    widget.update_from(clock)
    before = widget.text()
    clock.set_wall(clock.wall() - 3600)  # the user (or NTP) moves the system clock back an hour
    widget.update_from(clock)
    assert widget.text() == before == "0:45"
    clock.set_wall(clock.wall() + 7200)
    widget.update_from(clock)
    assert widget.text() == "0:45"


def test_idle_and_cleared_countdown(qtbot: QtBot, clock: FakeClock) -> None:
    widget = CountdownWidget(caption="Code")
    qtbot.addWidget(widget)
    assert widget.state() is CountdownState.IDLE
    assert widget.text() == "–:––"
    assert widget.accessibleName() == "Code: not started"
    widget.update_from(clock)  # nothing to count: no error
    widget.set_deadline(Deadline.after(clock, 60), 60)
    assert widget.text() == "1:00"  # no clock given: shows the full time until the next tick
    widget.set_deadline(None, 0)
    assert widget.state() is CountdownState.IDLE
    assert widget.fraction() == 0


def test_thresholds_are_constructor_arguments(qtbot: QtBot, clock: FakeClock) -> None:
    widget = CountdownWidget(amber_at=300, red_at=60, clock=clock)
    qtbot.addWidget(widget)
    widget.set_deadline(Deadline.after(clock, 1800), 1800)
    clock.advance(1500)
    widget.update_from(clock)
    assert widget.state() is CountdownState.AMBER
    assert widget.text() == "5:00"
    with pytest.raises(ValueError, match="red_at"):
        CountdownWidget(amber_at=10, red_at=20)


def test_ring_paints_in_light_and_dark(qtbot: QtBot, clock: FakeClock) -> None:
    widget = _ring(qtbot, clock)
    light = widget.grab().toImage()
    widget.setPalette(dark_palette())
    dark = widget.grab().toImage()
    assert light != dark
    assert _top_of_ring(widget) == countdown_color(CountdownState.NORMAL, True)


def test_bar_counts_down_with_token_thresholds(qtbot: QtBot, clock: FakeClock) -> None:
    bar = CountdownBar(caption="Access token", clock=clock)
    qtbot.addWidget(bar)
    bar.resize(360, 28)
    bar.set_deadline(Deadline.after(clock, 1800), 1800)
    assert (bar.amber_at, bar.red_at) == (300, 60)
    assert bar.text() == "30:00"
    empty = bar.grab().toImage()
    clock.advance(1500)
    bar.update_from(clock)
    assert bar.state() is CountdownState.AMBER
    assert bar.fraction() == pytest.approx(300 / 1800)
    assert bar.grab().toImage() != empty
    clock.advance(300)
    with qtbot.waitSignal(bar.expired, timeout=100):
        bar.update_from(clock)
    assert bar.accessibleName() == "Access token: expired"
    bar.set_caption_width(120)
    assert bar.caption_width() == 120


def test_every_countdown_follows_the_one_ticker(qtbot: QtBot, clock: FakeClock) -> None:
    ticker = Ticker(clock)
    rings = [_ring(qtbot, clock, seconds) for seconds in (60, 30, 90)]
    for ring in rings:
        ticker.tick.connect(ring.update_from)  # update_from() uses the ring's own clock
    clock.advance(25)
    with qtbot.waitSignal(ticker.tick, timeout=100):
        ticker.fire()
    assert [ring.text() for ring in rings] == ["0:35", "0:05", "1:05"]
    assert [ring.state() for ring in rings] == [
        CountdownState.NORMAL,
        CountdownState.RED,
        CountdownState.NORMAL,
    ]


def test_ticker_aligns_to_the_wall_clock_second() -> None:
    assert Ticker(FakeClock(wall=1_000.250)).next_delay_ms() == 755
    assert Ticker(FakeClock(wall=1_000.000)).next_delay_ms() == 1005
    # too close to the boundary (an early timer): wait for the following one
    assert Ticker(FakeClock(wall=1_000.900)).next_delay_ms() == 1105


def test_ticker_starts_stops_and_ticks_for_real(qtbot: QtBot) -> None:
    ticker = Ticker(SystemClock())
    assert not ticker.is_active()
    ticker.start()
    assert ticker.is_active()
    with qtbot.waitSignal(ticker.tick, timeout=2500):
        pass
    assert ticker.is_active()  # re-armed for the next second
    ticker.stop()
    assert not ticker.is_active()
