"""Clocks and deadlines: countdowns live on the monotonic clock, the wall clock only labels."""

from __future__ import annotations

import pytest

from scb_console.core.clock import Clock, Deadline, FakeClock, SystemClock, format_remaining


def test_fake_clock_moves_both_clocks_together(clock: FakeClock) -> None:
    mono, wall = clock.monotonic(), clock.wall()
    clock.advance(12.5)
    assert clock.monotonic() == mono + 12.5
    assert clock.wall() == wall + 12.5


def test_fake_clock_refuses_to_run_backwards(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(FakeClock(), Clock)
    assert isinstance(SystemClock(), Clock)
    system = SystemClock()
    first = system.monotonic()
    assert system.monotonic() >= first
    assert system.wall() > 1_600_000_000


def test_deadline_counts_down_and_expires_exactly_on_time(clock: FakeClock) -> None:
    deadline = Deadline.after(clock, 60)
    assert deadline.remaining(clock) == 60
    assert not deadline.expired(clock)
    clock.advance(59.5)
    assert deadline.remaining(clock) == pytest.approx(0.5)
    assert not deadline.expired(clock)
    clock.advance(0.5)
    assert deadline.expired(clock)
    assert deadline.remaining(clock) == 0
    clock.advance(100)
    assert deadline.remaining(clock) == 0  # never below zero


def test_changing_the_wall_clock_does_not_move_deadlines(clock: FakeClock) -> None:
    deadline = Deadline.after(clock, 60)
    clock.set_wall(clock.wall() - 3600)  # the user set the clock back an hour
    assert deadline.remaining(clock) == 60
    clock.advance(30)
    clock.set_wall(clock.wall() + 86_400)  # ... and forward a day
    assert deadline.remaining(clock) == 30
    assert not deadline.expired(clock)
    clock.advance(30)
    assert deadline.expired(clock)


def test_set_wall_changes_only_the_wall_clock(clock: FakeClock) -> None:
    mono = clock.monotonic()
    clock.set_wall(0)
    assert clock.wall() == 0
    assert clock.monotonic() == mono


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (-5, "0:00"),
        (0.2, "0:01"),  # rounded up: 0:00 only once expired
        (7, "0:07"),
        (59.01, "1:00"),
        (60, "1:00"),
        (1799.5, "30:00"),
        (1800, "30:00"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3909, "1:05:09"),
    ],
)
def test_format_remaining(seconds: float, shown: str) -> None:
    assert format_remaining(seconds) == shown
