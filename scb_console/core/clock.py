"""Time, kept honestly: a monotonic clock for deadlines and a wall clock for display.

Expiry is always computed from a :class:`Deadline` on the monotonic clock, so a changed system
clock or a suspended laptop does not corrupt a countdown. The wall clock only labels things
("expires 14:32:05") and measures the skew against a server's ``Date`` header.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Where the engine reads time. Inject a :class:`FakeClock` in tests."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps; only differences mean anything."""
        ...

    def wall(self) -> float:
        """Seconds since the Unix epoch, as the system clock says now."""
        ...


class SystemClock:
    """The real clocks: :func:`time.monotonic` and :func:`time.time`."""

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()


class FakeClock:
    """A clock tests move by hand. Both clocks advance together unless told otherwise."""

    def __init__(self, *, wall: float = 1_750_000_000.0, monotonic: float = 1_000.0) -> None:
        self._wall = float(wall)
        self._mono = float(monotonic)

    def monotonic(self) -> float:
        return self._mono

    def wall(self) -> float:
        return self._wall

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on both clocks."""
        if seconds < 0:
            raise ValueError("time does not run backwards on the monotonic clock")
        self._mono += seconds
        self._wall += seconds

    def set_wall(self, epoch_seconds: float) -> None:
        """Change the system clock only (as a user or NTP would); deadlines must not move."""
        self._wall = float(epoch_seconds)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A moment on the monotonic clock."""

    at: float

    @classmethod
    def after(cls, clock: Clock, seconds: float) -> Deadline:
        return cls(clock.monotonic() + seconds)

    def remaining(self, clock: Clock) -> float:
        """Seconds left, never below zero."""
        return max(0.0, self.at - clock.monotonic())

    def expired(self, clock: Clock) -> bool:
        return clock.monotonic() >= self.at


def format_remaining(seconds: float) -> str:
    """``1:05:09``, ``29:59``, ``0:07``: whole seconds, rounded up so 0:00 means expired."""
    whole = int(-(-seconds // 1)) if seconds > 0 else 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
