"""What the support report needs of a session that nothing else keeps, recorded as it happens.

:class:`SessionRecorder` listens to the engine bridge from the moment the window opens: each flow
event with the local time it happened, every token obtained (even ones later forgotten in the
inspector), and every authorization code received (only to check the report for it: codes are
never shown). File → Export support report… (:mod:`scb_console.ui.report_dialog`) reads it.

This module imports nothing of the report itself (:mod:`scb_console.core.report`, its HTML and
HAR helpers: about 0.5 MiB), which loads when the File menu is first opened.
"""

from __future__ import annotations

from collections import deque
from typing import Final

from PySide6.QtCore import QObject

from scb_console.core.clock import Clock
from scb_console.core.exchange import ExchangeRecord
from scb_console.core.flow import FlowEvent, TimelineEntry
from scb_console.core.models import TokenSet
from scb_console.ui.bridge import EngineBridge

#: At most this many flow events and tokens are remembered for the report.
MAX_EVENTS: Final = 5000
MAX_TOKENS: Final = 2000


class SessionRecorder(QObject):
    """Flow events with their times, every token and code of the session, for the report."""

    def __init__(self, bridge: EngineBridge, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionRecorder")
        self._bridge = bridge
        self._clock = clock
        self.events: deque[TimelineEntry] = deque(maxlen=MAX_EVENTS)
        self.tokens: deque[TokenSet] = deque(maxlen=MAX_TOKENS)
        self._codes: deque[str] = deque(maxlen=MAX_EVENTS)
        self._last_seq = 0
        bridge.flow_changed.connect(self.on_flow_changed)
        bridge.token_obtained.connect(self.on_token_obtained)
        bridge.exchange_recorded.connect(self.on_exchange_recorded)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every authorization code seen (secrets: only to check exports for them)."""
        return tuple(self._codes)

    def on_flow_changed(self, event: object) -> None:
        if not isinstance(event, FlowEvent):
            return
        flow = self._bridge.flow
        profile_name = environment = ""
        if flow is not None:
            code = flow.code
            if code and code not in self._codes:
                self._codes.append(code)
            profile = flow.client.profile
            profile_name, environment = profile.name, profile.environment.value
        self.events.append(
            TimelineEntry(
                wall=self._clock.wall(),
                state=event.state.value,
                previous=event.previous.value,
                message=event.message,
                profile=profile_name,
                environment=environment,
                error=event.error is not None,
                after_seq=self._last_seq,
            )
        )

    def on_exchange_recorded(self, record: object) -> None:
        if isinstance(record, ExchangeRecord):
            self._last_seq = record.seq

    def on_token_obtained(self, token: object) -> None:
        if isinstance(token, TokenSet):
            self.tokens.append(token)

    def remember_code(self, code: str) -> None:
        if code and code not in self._codes:
            self._codes.append(code)


__all__ = ["MAX_EVENTS", "MAX_TOKENS", "SessionRecorder"]
