"""A timeline of validity windows: one bar per code or token, a "now" line, a time axis.

Bars are placed on the monotonic clock (where deadlines live); the axis labels are wall-clock
times derived from it at paint time. Expired bars are greyed; the part of a live bar already
used is drawn faded, so what is left is seen at a glance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from scb_console.core.clock import Clock, SystemClock
from scb_console.ui import i18n
from scb_console.ui.theme import error_color, is_dark, muted_color, timeline_color
from scb_console.ui.token_model import format_local_time


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One bar: ``kind`` is "access", "refresh", "code" or "server" (it picks the colour)."""

    label: str
    start_mono: float
    end_mono: float
    kind: str
    #: Drawn greyed even while still valid (a token superseded by a refresh).
    muted: bool = False


#: Axis steps to choose from, in seconds.
_STEPS: Final = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600)

_LANE_MAX: Final = 24.0
_LANE_MIN: Final = 14.0
_LANE_GAP: Final = 6.0
_PAD: Final = 10.0


class TimelineWidget(QWidget):
    """Horizontal validity bars with a "now" line; call :meth:`on_tick` every second."""

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._items: list[TimelineItem] = []
        #: Facts of the items computed once per set_items, not on every paint (O(1) per use):
        #: the earliest start, the latest end, the widest label (for the font it was measured
        #: with). A thousand tokens would otherwise cost a second per tick.
        self._span: tuple[float, float] | None = None
        self._widest: tuple[str, float] | None = None
        self._placeholder = self.tr("Validity windows of codes and tokens appear here")
        self._title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(90)
        self.setAccessibleName(self.tr("Validity timeline"))
        self._update_accessibility()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(self.tr("Validity timeline"))
            self._update_accessibility()
            self.update()
        super().changeEvent(event)

    # -- public API ----------------------------------------------------------------------------

    def set_clock(self, clock: Clock) -> None:
        self._clock = clock
        self.update()

    def clock(self) -> Clock:
        return self._clock

    def set_items(self, items: Sequence[TimelineItem]) -> None:
        self._items = list(items)
        self._span = None
        self._widest = None
        self._update_accessibility()
        self.updateGeometry()
        self.update()

    def items(self) -> list[TimelineItem]:
        return list(self._items)

    def set_title(self, title: str) -> None:
        """A heading painted at the top left (beside the "now" marker), or none."""
        self._title = title
        self.update()

    def title(self) -> str:
        return self._title

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def on_tick(self) -> None:
        self._update_accessibility()
        self.update()

    def time_range(self) -> tuple[float, float]:
        """The monotonic span the axis shows: every bar and "now", with a little margin."""
        now = self._clock.monotonic()
        if not self._items:
            return now - 60.0, now + 300.0
        if self._span is None:
            self._span = (
                min(item.start_mono for item in self._items),
                max(item.end_mono for item in self._items),
            )
        start = min(self._span[0], now)
        end = max(self._span[1], now)
        span = max(end - start, 60.0)
        margin = span * 0.04
        return start - margin, start + span + margin

    def now_x(self) -> float:
        """The x coordinate of the "now" line at the widget's current size."""
        return self._x_of(self._clock.monotonic(), self._plot_rect())

    def sizeHint(self) -> QSize:
        lanes = max(1, len(self._items))
        height = self._header_height() + lanes * (_LANE_MAX + _LANE_GAP) + self._axis_height()
        return QSize(640, int(min(height + _PAD, 320)))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 90)

    # -- geometry ------------------------------------------------------------------------------

    def _label_width(self) -> float:
        font_key = self.font().key()
        if self._widest is None or self._widest[0] != font_key:
            metrics = QFontMetricsF(self.font())
            labels = {item.label for item in self._items}
            widest = max((metrics.horizontalAdvance(label) for label in labels), default=0.0)
            self._widest = (font_key, widest)
        return min(max(self._widest[1] + 16, 90.0), self.width() * 0.32)

    def _header_height(self) -> float:
        return QFontMetricsF(self._small_font()).height() + 6

    def _axis_height(self) -> float:
        return QFontMetricsF(self._small_font()).height() + 10

    def _plot_rect(self) -> QRectF:
        left = _PAD + self._label_width()
        top = _PAD + self._header_height()
        return QRectF(
            left,
            top,
            max(10.0, self.width() - left - _PAD * 2),
            max(10.0, self.height() - top - self._axis_height() - _PAD / 2),
        )

    def _x_of(self, mono: float, plot: QRectF) -> float:
        start, end = self.time_range()
        return plot.left() + (mono - start) / (end - start) * plot.width()

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(max(7.0, size * 0.85))
        return font

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if not self._items:
                self._paint_placeholder(painter)
            else:
                self._paint_timeline(painter)
        finally:
            painter.end()

    def _paint_placeholder(self, painter: QPainter) -> None:
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRectF(self.rect()).adjusted(_PAD, _PAD, -_PAD, -_PAD),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            self._placeholder,
        )

    def _paint_timeline(self, painter: QPainter) -> None:
        palette = self.palette()
        dark = is_dark(palette)
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        muted = muted_color(dark)
        grid = QColor(text_colour)
        grid.setAlphaF(0.08)
        plot = self._plot_rect()
        now = self._clock.monotonic()
        start, end = self.time_range()
        small = self._small_font()
        small_metrics = QFontMetricsF(small)

        # Grid lines and the axis labels (wall-clock times).
        step = self._axis_step(end - start, plot.width(), small_metrics)
        wall_offset = self._clock.wall() - now
        first = math.ceil((start + wall_offset) / step) * step
        painter.setFont(small)
        tick = first
        axis_y = plot.bottom() + 4
        while tick - wall_offset <= end:
            x = self._x_of(tick - wall_offset, plot)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            label = format_local_time(tick, seconds=step < 60)
            width = small_metrics.horizontalAdvance(label)
            painter.setPen(muted)
            painter.drawText(
                QRectF(x - width / 2 - 2, axis_y, width + 4, small_metrics.height()),
                int(Qt.AlignmentFlag.AlignCenter),
                label,
            )
            tick += step
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))

        # Lanes: as many as fit; the newest items win when there are too many.
        lane_total = plot.height() / max(1, len(self._items))
        lane = min(_LANE_MAX + _LANE_GAP, max(lane_total, _LANE_MIN + 2))
        fitting = max(1, int(plot.height() / lane + 1e-6))
        shown = self._visible_items(fitting, now)
        hidden = len(self._items) - len(shown)
        bar_height = lane - min(_LANE_GAP, lane * 0.25)
        label_metrics = QFontMetricsF(self.font())
        bar_font = QFont(small)
        bar_font.setWeight(QFont.Weight.DemiBold)
        bar_metrics = QFontMetricsF(bar_font)

        for i, item in enumerate(shown):
            y = plot.top() + i * lane + (lane - bar_height) / 2
            expired = item.end_mono <= now
            greyed = expired or item.muted
            colour = muted if greyed else timeline_color(item.kind, dark)

            painter.setFont(self.font())
            painter.setPen(muted if greyed else text_colour)
            label = label_metrics.elidedText(
                item.label, Qt.TextElideMode.ElideRight, self._label_width() - 12
            )
            painter.drawText(
                QRectF(_PAD, y, self._label_width() - 8, bar_height),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                label,
            )

            x0 = self._x_of(item.start_mono, plot)
            x1 = max(x0 + 2, self._x_of(item.end_mono, plot))
            radius = min(5.0, bar_height / 2)
            painter.setPen(Qt.PenStyle.NoPen)
            faded = QColor(colour)
            faded.setAlphaF(0.28 if not greyed else 0.22)
            painter.setBrush(faded)
            painter.drawRoundedRect(QRectF(x0, y, x1 - x0, bar_height), radius, radius)
            if not greyed and now < item.end_mono:
                xs = max(x0, self._x_of(now, plot))
                painter.setBrush(colour)
                painter.drawRoundedRect(QRectF(xs, y, x1 - xs, bar_height), radius, radius)

            text = i18n.format_countdown(0 if expired else item.end_mono - now)
            if item.muted and not expired:
                text = self.tr("superseded")
            painter.setFont(bar_font)
            width = bar_metrics.horizontalAdvance(text) + 10
            if x1 - x0 >= width:
                inside_live = not greyed and x1 - max(x0, self._x_of(now, plot)) >= width
                painter.setPen(QColor("#ffffff") if inside_live else text_colour)
                painter.drawText(
                    QRectF(x1 - width, y, width - 5, bar_height),
                    int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                    text,
                )
            elif x1 + width < plot.right() + _PAD:
                painter.setPen(muted)
                painter.drawText(
                    QRectF(x1 + 4, y, width, bar_height),
                    int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                    text,
                )

        header = QRectF(_PAD, _PAD, self._label_width() + 260, self._header_height())
        title_width = 0.0
        if self._title:
            title_font = QFont(self.font())
            title_font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(title_font)
            painter.setPen(text_colour)
            painter.drawText(
                header, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), self._title
            )
            title_width = QFontMetricsF(title_font).horizontalAdvance(self._title) + 10
        if hidden:
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(
                header.adjusted(title_width, 0, 0, 0),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                self.tr("+{count} older not shown").format(count=hidden),
            )

        # The "now" line, over everything.
        now_x = self._x_of(now, plot)
        now_colour = error_color(dark)
        painter.setPen(QPen(now_colour, 2))
        painter.drawLine(QPointF(now_x, plot.top() - 2), QPointF(now_x, plot.bottom()))
        painter.setFont(bar_font)
        label = self.tr("now {time}").format(time=format_local_time(self._clock.wall()))
        width = bar_metrics.horizontalAdvance(label) + 12
        pill_x = min(max(now_x - width / 2, plot.left()), plot.right() - width)
        pill = QRectF(pill_x, _PAD, width, self._header_height() - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(now_colour)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), label)

    def _visible_items(self, room: int, now: float) -> list[TimelineItem]:
        """The items that fit in ``room`` lanes: live ones first, then the newest; in order."""
        if len(self._items) <= room:
            return list(self._items)
        order = range(len(self._items) - 1, -1, -1)  # newest first
        live = [i for i in order if self._items[i].end_mono > now and not self._items[i].muted]
        live_set = set(live)
        rest = [i for i in order if i not in live_set]
        keep = sorted((live + rest)[:room])
        return [self._items[i] for i in keep]

    @staticmethod
    def _axis_step(span: float, width: float, metrics: QFontMetricsF) -> int:
        room = metrics.horizontalAdvance("00:00:00") + 24
        for step in _STEPS:
            if width * step / span >= room:
                return step
        return _STEPS[-1]

    def _update_accessibility(self) -> None:
        now = self._clock.monotonic()
        live = sum(1 for item in self._items if item.end_mono > now)
        self.setAccessibleDescription(
            self.tr("{count} validity windows, {live} still valid").format(
                count=len(self._items), live=live
            )
            if self._items
            else self._placeholder
        )
