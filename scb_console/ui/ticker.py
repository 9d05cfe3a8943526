"""One shared 1 Hz tick for every countdown, aligned to the wall clock's second.

Countdowns do not count: on each tick they ask their deadline (monotonic) for the time left, so
a late or missed tick never makes them drift. Aligning the tick to the second boundary makes all
displayed countdowns (and the status bar's clock) change together, as a wall clock does.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from scb_console.core.clock import Clock, SystemClock
from scb_console.ui import qtfix  # noqa: F401  (guards against a PySide6 refcount bug)

#: A timer that fires this close before a boundary would re-fire just after it: skip a second.
_MIN_DELAY_MS = 200
#: Fire a few milliseconds after the boundary, never just before it (timers can be early).
_LATE_MS = 5


class Ticker(QObject):
    """Emits :attr:`tick` once a second, just after each wall-clock second boundary."""

    tick = Signal()

    def __init__(self, clock: Clock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._timer = QTimer(self)
        self._timer.setObjectName("tickerTimer")
        self._timer.setSingleShot(True)  # re-armed each tick to the next boundary: no drift
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timeout)

    def start(self) -> None:
        """Start ticking (the first tick comes at the next second boundary)."""
        self._arm()

    def stop(self) -> None:
        self._timer.stop()

    def is_active(self) -> bool:
        return self._timer.isActive()

    def fire(self) -> None:
        """Emit a tick now (tests call this after advancing a FakeClock)."""
        self.tick.emit()

    def next_delay_ms(self) -> int:
        """Milliseconds from now to the next wall-clock second boundary (at least 200)."""
        millis = int(self._clock.wall() * 1000) % 1000
        delay = 1000 - millis + _LATE_MS
        if delay < _MIN_DELAY_MS:
            delay += 1000
        return delay

    def _arm(self) -> None:
        self._timer.start(self.next_delay_ms())

    def _on_timeout(self) -> None:
        self._arm()
        self.tick.emit()
