"""Countdowns: a ring (:class:`CountdownWidget`) and a slim bar (:class:`CountdownBar`).

Neither counts by itself. Each holds a :class:`Deadline` on the monotonic clock and, on every
tick of the shared :class:`~scb_console.ui.ticker.Ticker`, asks it how much time is left
(:meth:`update_from`). A late tick, a busy event loop or a changed system clock cannot make one
drift: the next tick shows the right time again.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from scb_console.core.clock import Clock, Deadline, format_remaining
from scb_console.ui.theme import CountdownState, countdown_color, is_dark, tabular_figures

_IDLE_TEXT = "–:––"


class _CountdownBase(QWidget):
    """The state both shapes share: deadline, total, thresholds, the once-only expiry."""

    #: Emitted once when the remaining time reaches zero (again after each new deadline).
    expired = Signal()
    #: Emitted whenever the state (idle/normal/amber/red/expired) changes.
    state_changed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        caption: str = "",
        amber_at: float = 20.0,
        red_at: float = 10.0,
        clock: Clock | None = None,
        expired_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        if red_at > amber_at:
            raise ValueError("red_at must not be above amber_at")
        self._caption = caption
        self._amber_at = float(amber_at)
        self._red_at = float(red_at)
        self._clock = clock
        #: What an expired countdown says; None: "expired" in the interface language.
        self._expired_text = expired_text
        self._deadline: Deadline | None = None
        self._total = 0.0
        self._remaining = 0.0
        self._state = CountdownState.IDLE
        self._expired_emitted = False
        self._update_accessibility()

    # -- public API ----------------------------------------------------------------------------

    @property
    def amber_at(self) -> float:
        return self._amber_at

    @property
    def red_at(self) -> float:
        return self._red_at

    def set_thresholds(self, amber_at: float, red_at: float) -> None:
        if red_at > amber_at:
            raise ValueError("red_at must not be above amber_at")
        self._amber_at = float(amber_at)
        self._red_at = float(red_at)
        self._set_state(self._compute_state())
        self.update()

    def set_deadline(
        self, deadline: Deadline | None, total: float, clock: Clock | None = None
    ) -> None:
        """Count down to ``deadline``; ``total`` is the full lifetime (for the ring's fraction).

        ``None`` clears the countdown. With a ``clock`` (or the constructor's), the display is
        brought up to date at once; otherwise it shows the full ``total`` until the next tick.
        """
        self._deadline = deadline
        self._total = max(0.0, float(total))
        self._expired_emitted = False
        self._remaining = self._total if deadline is not None else 0.0
        clock = clock if clock is not None else self._clock
        self._set_state(self._compute_state())
        if deadline is not None and clock is not None:
            self.update_from(clock)
        self._update_accessibility()
        self.update()

    def deadline(self) -> Deadline | None:
        return self._deadline

    def total(self) -> float:
        return self._total

    def update_from(self, clock: Clock | None = None) -> None:
        """Recompute the remaining time from the deadline (call on every tick)."""
        clock = clock if clock is not None else self._clock
        if self._deadline is None or clock is None:
            return
        remaining = self._deadline.remaining(clock)
        changed = remaining != self._remaining
        self._remaining = remaining
        self._set_state(self._compute_state())
        if changed:
            self._update_accessibility()
            self.update()
        if remaining <= 0 and not self._expired_emitted:
            self._expired_emitted = True
            self.expired.emit()

    def remaining(self) -> float:
        """Seconds left as of the last update (0 when expired or idle)."""
        return self._remaining

    def state(self) -> CountdownState:
        return self._state

    def text(self) -> str:
        """What the countdown shows: ``0:42``, ``0:00`` when expired, a dash when idle."""
        if self._deadline is None:
            return _IDLE_TEXT
        return format_remaining(self._remaining)

    def caption(self) -> str:
        return self._caption

    def set_caption(self, caption: str) -> None:
        self._caption = caption
        self._update_accessibility()
        self.update()

    def expired_text(self) -> str:
        """What the countdown says once expired (``expired`` / ``หมดอายุ`` by default)."""
        return self._expired_text if self._expired_text is not None else self.tr("expired")

    def set_expired_text(self, text: str | None) -> None:
        self._expired_text = text
        self._update_accessibility()
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._update_accessibility()
            self.update()
        super().changeEvent(event)

    def color(self) -> QColor:
        """The colour of the current state in the widget's palette (light or dark)."""
        return countdown_color(self._state, is_dark(self.palette()))

    def fraction(self) -> float:
        """Remaining / total, between 0 and 1."""
        if self._deadline is None or self._total <= 0:
            return 0.0
        return min(1.0, max(0.0, self._remaining / self._total))

    # -- internals -----------------------------------------------------------------------------

    def _compute_state(self) -> CountdownState:
        if self._deadline is None:
            return CountdownState.IDLE
        if self._remaining <= 0:
            return CountdownState.EXPIRED
        if self._remaining <= self._red_at:
            return CountdownState.RED
        if self._remaining <= self._amber_at:
            return CountdownState.AMBER
        return CountdownState.NORMAL

    def _set_state(self, state: CountdownState) -> None:
        if state != self._state:
            self._state = state
            self.update()
            self.state_changed.emit(state.value)

    def _status_line(self) -> str:
        if self._state is CountdownState.IDLE:
            return self.tr("not started")
        if self._state is CountdownState.EXPIRED:
            return self.expired_text()
        return self.tr("remaining")

    def _update_accessibility(self) -> None:
        prefix = f"{self._caption}: " if self._caption else ""
        if self._state is CountdownState.IDLE:
            name = prefix + self.tr("not started")
        elif self._state is CountdownState.EXPIRED:
            name = prefix + self.expired_text()
        else:
            name = prefix + self.tr("{time} remaining").format(time=self.text())
        self.setAccessibleName(name)
        self.setToolTip(name)


class CountdownWidget(_CountdownBase):
    """A ring that empties as time runs out, the time left in its middle, a caption below."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        caption: str = "",
        amber_at: float = 20.0,
        red_at: float = 10.0,
        clock: Clock | None = None,
        expired_text: str | None = None,
    ) -> None:
        super().__init__(
            parent,
            caption=caption,
            amber_at=amber_at,
            red_at=red_at,
            clock=clock,
            expired_text=expired_text,
        )
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def sizeHint(self) -> QSize:
        return QSize(168, 168)

    def minimumSizeHint(self) -> QSize:
        return QSize(96, 96)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        side = min(self.width(), self.height())
        thickness = max(6.0, side * 0.075)
        inset = thickness / 2 + 2
        ring = QRectF(
            (self.width() - side) / 2 + inset,
            (self.height() - side) / 2 + inset,
            side - 2 * inset,
            side - 2 * inset,
        )
        colour = self.color()

        track = QColor(palette.color(QPalette.ColorRole.WindowText))
        track.setAlphaF(0.10)
        pen = QPen(track, thickness)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(ring)

        fraction = self.fraction()
        if fraction > 0:
            pen = QPen(colour, thickness)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            # Qt angles: 1/16 degree, counter-clockwise from 3 o'clock; start at 12, run clockwise.
            span = -round(fraction * 360 * 16)
            painter.drawArc(ring, 90 * 16, span)

        inner = ring.adjusted(thickness, thickness, -thickness, -thickness)
        time_font = QFont(self.font())
        time_font.setPixelSize(max(12, round(inner.height() * 0.30)))
        time_font.setWeight(QFont.Weight.DemiBold)
        tabular_figures(time_font)
        small_font = QFont(self.font())
        small_font.setPixelSize(max(9, round(inner.height() * 0.105)))
        caption_room = inner.width() * 0.92
        while (
            small_font.pixelSize() > 8
            and QFontMetricsF(small_font).horizontalAdvance(self._caption) > caption_room
        ):
            small_font.setPixelSize(small_font.pixelSize() - 1)

        time_metrics = QFontMetricsF(time_font)
        small_metrics = QFontMetricsF(small_font)
        lines_height = time_metrics.height() + 2 * small_metrics.height()
        top = inner.center().y() - lines_height / 2

        text_colour = palette.color(QPalette.ColorRole.WindowText)
        muted = QColor(text_colour)
        muted.setAlphaF(0.65)

        painter.setFont(small_font)
        painter.setPen(muted)
        caption_rect = QRectF(inner.left(), top, inner.width(), small_metrics.height())
        caption = small_metrics.elidedText(self._caption, Qt.TextElideMode.ElideRight, caption_room)
        painter.drawText(caption_rect, int(Qt.AlignmentFlag.AlignCenter), caption)

        painter.setFont(time_font)
        time_colour = colour if self._state is not CountdownState.NORMAL else text_colour
        if self._state in (CountdownState.IDLE, CountdownState.EXPIRED):
            time_colour = muted
        painter.setPen(time_colour)
        time_rect = QRectF(
            inner.left(), caption_rect.bottom(), inner.width(), time_metrics.height()
        )
        painter.drawText(time_rect, int(Qt.AlignmentFlag.AlignCenter), self.text())

        painter.setFont(small_font)
        painter.setPen(colour if self._state is CountdownState.EXPIRED else muted)
        status_rect = QRectF(
            inner.left(), time_rect.bottom(), inner.width(), small_metrics.height()
        )
        painter.drawText(status_rect, int(Qt.AlignmentFlag.AlignCenter), self._status_line())


class CountdownBar(_CountdownBase):
    """A slim horizontal countdown: caption on the left, a thin bar, the time on the right."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        caption: str = "",
        amber_at: float = 300.0,
        red_at: float = 60.0,
        clock: Clock | None = None,
        expired_text: str | None = None,
    ) -> None:
        super().__init__(
            parent,
            caption=caption,
            amber_at=amber_at,
            red_at=red_at,
            clock=clock,
            expired_text=expired_text,
        )
        self._caption_width: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_caption_width(self, width: int | None) -> None:
        """Reserve ``width`` pixels for the caption (to line up stacked bars); None: fit it."""
        self._caption_width = width
        self.update()

    def caption_width(self) -> int:
        """The pixels the caption takes (its own width plus a gap, unless set)."""
        if self._caption_width is not None:
            return self._caption_width
        if not self._caption:
            return 0
        return math.ceil(self.fontMetrics().horizontalAdvance(self._caption)) + 12

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(320, max(24, math.ceil(metrics.height() * 1.6)))

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(160, max(24, math.ceil(metrics.height() * 1.6)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        metrics = QFontMetricsF(self.font())
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        colour = self.color()
        height = float(self.height())

        caption_width = 0.0
        if self._caption:
            caption_width = min(float(self.caption_width()), self.width() * 0.4)
            painter.setPen(text_colour)
            caption = metrics.elidedText(
                self._caption, Qt.TextElideMode.ElideRight, caption_width - 12
            )
            painter.drawText(
                QRectF(0, 0, caption_width, height),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                caption,
            )

        time_font = QFont(self.font())
        time_font.setWeight(QFont.Weight.DemiBold)
        tabular_figures(time_font)
        time_metrics = QFontMetricsF(time_font)
        label = self.text() if self._state is not CountdownState.EXPIRED else self.expired_text()
        widest = max(
            time_metrics.horizontalAdvance("0:00:00"), time_metrics.horizontalAdvance(label)
        )
        time_width = widest + 10
        painter.setFont(time_font)
        painter.setPen(colour if self._state is not CountdownState.NORMAL else text_colour)
        painter.drawText(
            QRectF(self.width() - time_width, 0, time_width, height),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
            label,
        )

        bar_height = max(4.0, round(height * 0.25))
        bar = QRectF(
            caption_width,
            (height - bar_height) / 2,
            max(0.0, self.width() - caption_width - time_width - 8),
            bar_height,
        )
        track = QColor(text_colour)
        track.setAlphaF(0.10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, bar_height / 2, bar_height / 2)
        fraction = self.fraction()
        if fraction > 0:
            filled = QRectF(bar.left(), bar.top(), bar.width() * fraction, bar.height())
            painter.setBrush(colour)
            painter.drawRoundedRect(filled, bar_height / 2, bar_height / 2)
