"""Fault rehearsal: make the embedded local sandbox misbehave at run time, on purpose.

A demo (or a developer) shows how the flow and the console behave when things go wrong: one-click
presets ("Slow network: 2 s", "SCB is down: 500s", ...) and a custom form per endpoint (all,
token, authorize, refresh, profile): added latency, a share of 500/9700 answers, malformed
answers (JSON cut in half, an HTML error page), a share of dropped connections, and a server
clock offset. The faults go to :meth:`EmbeddedSandbox.set_faults` (thread-safe: one reference
swap on the sandbox), and take effect on the next request.

The active faults are listed at a glance, and :class:`FaultsIndicator` (in the status bar) stays
visible while any fault is on, so nobody forgets. The panel is disabled, with the reason, when
the active profile is not the embedded local sandbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from typing import Final

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from scb_console.core.contract import Environment
from scb_console.core.models import Profile
from scb_console.sandbox import ENDPOINTS, EmbeddedSandbox, Faults, FaultsError, FaultSpec
from scb_console.ui import i18n, theme
from scb_console.ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: The endpoint choices: ``(key, label)``; "" is every endpoint (the default spec).
ENDPOINT_LABELS: Final[tuple[tuple[str, str], ...]] = (
    ("", QT_TRANSLATE_NOOP("FaultsPanel", "All endpoints")),
    ("token", QT_TRANSLATE_NOOP("FaultsPanel", "token: server token and code exchange")),
    ("authorize", QT_TRANSLATE_NOOP("FaultsPanel", "authorize: the deeplink")),
    ("refresh", QT_TRANSLATE_NOOP("FaultsPanel", "refresh: new access token")),
    ("profile", QT_TRANSLATE_NOOP("FaultsPanel", "profile: the customer profile call")),
)
#: Malformed-answer choices: ``(mode, label)``.
MALFORMED_LABELS: Final[tuple[tuple[str | None, str], ...]] = (
    (None, QT_TRANSLATE_NOOP("FaultsPanel", "No: well-formed answers")),
    ("truncated", QT_TRANSLATE_NOOP("FaultsPanel", "Truncated JSON (cut in half)")),
    ("html", QT_TRANSLATE_NOOP("FaultsPanel", "HTML error page instead of JSON")),
)
#: Largest clock offset the form takes (a week, either way).
MAX_OFFSET: Final = 7 * 24 * 3600


@dataclass(frozen=True, slots=True)
class Preset:
    """A one-click set of faults (for every SCB endpoint); ``label`` and ``description`` are
    English (``shown_label`` / ``shown_description``: in the interface language)."""

    key: str
    label: str
    description: str
    faults: Faults

    @property
    def shown_label(self) -> str:
        return translate("FaultsPanel", self.label)

    @property
    def shown_description(self) -> str:
        return translate("FaultsPanel", self.description)


PRESETS: Final[tuple[Preset, ...]] = (
    Preset(
        "slow",
        QT_TRANSLATE_NOOP("FaultsPanel", "Slow network: 2 s"),
        QT_TRANSLATE_NOOP(
            "FaultsPanel",
            "Every SCB call answers 2 seconds late: the console stays usable while it waits",
        ),
        Faults(FaultSpec(latency_ms=2000)),
    ),
    Preset(
        "down",
        QT_TRANSLATE_NOOP("FaultsPanel", "SCB is down: 500s"),
        QT_TRANSLATE_NOOP(
            "FaultsPanel",
            "Every SCB call answers HTTP 500 with SCB code 9700 (generic server error)",
        ),
        Faults(FaultSpec(error_rate=1.0)),
    ),
    Preset(
        "garbled",
        QT_TRANSLATE_NOOP("FaultsPanel", "Garbled answers"),
        QT_TRANSLATE_NOOP(
            "FaultsPanel",
            "SCB's answers arrive cut in half: not valid JSON (the request itself went through)",
        ),
        Faults(FaultSpec(malformed="truncated")),
    ),
    Preset(
        "drop",
        QT_TRANSLATE_NOOP("FaultsPanel", "Connections drop"),
        QT_TRANSLATE_NOOP("FaultsPanel", "The sandbox closes every connection before it answers"),
        Faults(FaultSpec(drop_rate=1.0)),
    ),
    Preset(
        "clock",
        QT_TRANSLATE_NOOP("FaultsPanel", "Server clock 2 h ahead"),
        QT_TRANSLATE_NOOP(
            "FaultsPanel",
            "The Date header and expiresAt run 2 hours ahead of this machine: watch the clock skew",
        ),
        Faults(FaultSpec(clock_offset=7200)),
    ),
    Preset(
        "clear",
        QT_TRANSLATE_NOOP("FaultsPanel", "All clear"),
        QT_TRANSLATE_NOOP("FaultsPanel", "No fault anywhere: the sandbox behaves"),
        Faults(),
    ),
)
PRESETS_BY_KEY: Final = {preset.key: preset for preset in PRESETS}


# --- words ------------------------------------------------------------------------------------


def format_latency(ms: int) -> str:
    """``300`` -> "300 ms", ``2000`` -> "2 s", ``1500`` -> "1.5 s"."""
    if ms < 1000:
        return translate("FaultsPanel", "{n} ms").format(n=ms)
    return translate("FaultsPanel", "{n} s").format(n=f"{ms / 1000:g}")


def format_offset(seconds: float) -> str:
    """A signed clock offset in at most two units: "+2 h", "−1 h 30 min", "+45 s", "0 s"."""
    sign = "−" if seconds < 0 else "+"
    rest = round(abs(seconds))
    if rest == 0:
        return translate("FaultsPanel", "{n} s").format(n=0)
    parts: list[str] = []
    units = (
        (translate("FaultsPanel", "{n} d"), 86400),
        (translate("FaultsPanel", "{n} h"), 3600),
        (translate("FaultsPanel", "{n} min"), 60),
        (translate("FaultsPanel", "{n} s"), 1),
    )
    for unit, size in units:
        if rest >= size:
            parts.append(unit.format(n=rest // size))
            rest %= size
        elif parts:
            break  # "1 h 0 min 5 s" reads worse than "1 h"
        if len(parts) == 2:
            break
    return sign + " ".join(parts)


def _percent(rate: float) -> str:
    return f"{rate * 100:g} %"


def describe_spec(spec: FaultSpec) -> list[str]:
    """What goes wrong with ``spec``, one short phrase per fault (empty: nothing)."""
    phrases: list[str] = []
    if spec.latency_ms:
        phrases.append(
            translate("FaultsPanel", "{latency} latency").format(
                latency=format_latency(spec.latency_ms)
            )
        )
    if spec.error_rate:
        phrases.append(
            translate("FaultsPanel", "500/9700 on {percent} of calls").format(
                percent=_percent(spec.error_rate)
            )
        )
    if spec.malformed == "truncated":
        phrases.append(translate("FaultsPanel", "truncated JSON answers"))
    elif spec.malformed == "html":
        phrases.append(translate("FaultsPanel", "HTML error pages instead of JSON"))
    if spec.drop_rate:
        phrases.append(
            translate("FaultsPanel", "{percent} of connections dropped").format(
                percent=_percent(spec.drop_rate)
            )
        )
    if spec.clock_offset:
        phrases.append(
            translate("FaultsPanel", "server clock {offset}").format(
                offset=format_offset(spec.clock_offset)
            )
        )
    return phrases


def faults_active(faults: Faults) -> bool:
    """Whether any endpoint has any fault."""
    return faults.default.active or any(spec.active for spec in faults.endpoints.values())


def describe_faults(faults: Faults) -> list[tuple[str, str]]:
    """``(where, what)`` for every spec in force; an endpoint's own spec replaces the default,
    so an inactive override of an active default is listed too ("no fault")."""
    return [
        (
            translate("FaultsPanel", "All endpoints") if name is None else name,
            ", ".join(phrases)
            if phrases
            else translate("FaultsPanel", "no fault (overrides all endpoints)"),
        )
        for name, phrases in _fault_rows(faults)
    ]


def _fault_rows(faults: Faults) -> list[tuple[str | None, list[str]]]:
    """``(endpoint or None for all, phrases)`` for every spec in force (no phrase: an
    inactive override of an active default)."""
    rows: list[tuple[str | None, list[str]]] = []
    if faults.default.active:
        rows.append((None, describe_spec(faults.default)))
    for name in ENDPOINTS:
        spec = faults.endpoints.get(name)
        if spec is None:
            continue
        if spec.active:
            rows.append((name, describe_spec(spec)))
        elif faults.default.active:
            rows.append((name, []))
    return rows


def short_summary(faults: Faults) -> str:
    """The status bar's few words: the first fault in force, and how many more."""
    active = [(where, phrases) for where, phrases in _fault_rows(faults) if phrases]
    if not active:
        return ""
    where, phrases = active[0]
    first = phrases[0]
    count = sum(len(p) for _, p in active)
    text = first if where is None else f"{where}: {first}"
    if count > 1:
        text += translate("FaultsPanel", " (+{count} more)").format(count=count - 1)
    return text


# --- widgets ----------------------------------------------------------------------------------


def _muted_text(dark: bool) -> str:
    return f"color: {theme.muted_color(dark).name()};"


class FaultsIndicator(QToolButton):
    """The status bar's reminder while any fault is on; a click shows the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faultsIndicator")
        self.setAutoRaise(True)
        # text only, even while empty: QStatusBar sizes itself from every item's minimum size,
        # hidden ones too, and an empty tool button is as tall as an icon
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setVisible(False)
        self.setAccessibleName(self.tr("Faults are on"))
        self._faults: Faults | None = None
        self._colour = ""
        # styled while still hidden: its size is then the same hidden and shown, so turning
        # faults on does not change the status bar's height (which would lay out and repaint
        # the whole window: 10+ ms on the GUI thread)
        self._restyle()
        theme.follow(self, self._restyle)

    def _restyle(self, dark: bool | None = None) -> None:
        colour = theme.warning_color(theme.is_dark() if dark is None else dark).name()
        if colour == self._colour:
            return
        self._colour = colour
        self.setStyleSheet(
            f"QToolButton#faultsIndicator {{ color: {colour}; font-weight: 600; "
            f"border: 1px solid {colour}; border-radius: 4px; padding: 0 6px; }}"
        )

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self.setAccessibleName(self.tr("Faults are on"))
            if self._faults is not None:
                self.show_faults(self._faults)
        super().changeEvent(event)

    def show_faults(self, faults: Faults) -> None:
        self._faults = faults
        summary = short_summary(faults)
        if not summary:
            self.setVisible(False)
            self.setText("")
            return
        self._restyle()
        self.setText(self.tr("⚠ Faults on: {summary}").format(summary=summary))
        lines = [f"{where}: {what}" for where, what in describe_faults(faults)]
        self.setToolTip(
            self.tr("The local sandbox misbehaves on purpose (fault rehearsal):")
            + "\n"
            + "\n".join(lines)
            + "\n\n"
            + self.tr("Click to open the Fault rehearsal panel; “All clear” ends it.")
        )
        self.setAccessibleDescription(self.toolTip())
        self.setVisible(True)


def _spin(name: str, maximum: int, suffix: str, *, minimum: int = 0, step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(minimum, maximum)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setAccelerated(True)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


class FaultsPanel(QWidget):
    """The Fault rehearsal dock's content, over the console's embedded sandbox."""

    #: The faults now in force (a :class:`Faults`), after any change (here or elsewhere).
    faults_changed = Signal(object)
    #: A one-line message for the status bar.
    message = Signal(str)

    def __init__(
        self,
        sandbox: EmbeddedSandbox | None,
        parent: QWidget | None = None,
        *,
        indicator: FaultsIndicator | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("faultsPanel")
        self._sandbox = sandbox
        self._profile: Profile | None = None
        self._shown: Faults | None = None
        self._texts = i18n.Retranslator()
        #: The status bar's reminder (``indicator``: one already there, made before the panel)
        self.indicator = indicator if indicator is not None else FaultsIndicator()
        self._build()
        self._connect()
        self.set_profile(None)
        self.sync(force=True)
        theme.follow(self, lambda _dark: self._show_active(self.current_faults()))

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        t = self._texts
        intro = QLabel()
        t.bind(
            intro.setText,
            lambda: self.tr(
                "Make the local sandbox misbehave on purpose, to show how the flow and the "
                "console cope when SCB is slow, down or strange. Takes effect on the next request."
            ),
        )
        intro.setObjectName("faultsIntro")
        intro.setWordWrap(True)
        theme.styled(intro, _muted_text)

        self.unavailable_label = QLabel()
        self.unavailable_label.setObjectName("faultsUnavailable")
        self.unavailable_label.setWordWrap(True)
        self.unavailable_label.setTextFormat(Qt.TextFormat.PlainText)
        self.unavailable_label.setStyleSheet(
            "QLabel#faultsUnavailable { border: 1px solid palette(mid); border-radius: 6px; "
            "padding: 8px; background: palette(alternate-base); }"
        )

        # the presets
        self.presets_box = QGroupBox()
        t.bind(self.presets_box.setTitle, lambda: self.tr("One click"))
        self.presets_box.setObjectName("faultPresets")
        grid = QGridLayout(self.presets_box)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        self.preset_buttons: dict[str, QPushButton] = {}
        for index, preset in enumerate(p for p in PRESETS if p.key != "clear"):
            button = QPushButton()
            preset_label = partial(translate, "FaultsPanel", preset.label)
            t.bind(button.setText, preset_label)
            button.setObjectName(f"faultPreset_{preset.key}")
            t.bind(button.setToolTip, partial(translate, "FaultsPanel", preset.description))
            t.bind(button.setAccessibleName, preset_label)
            self.preset_buttons[preset.key] = button
            grid.addWidget(button, index // 2, index % 2)
        clear = PRESETS_BY_KEY["clear"]
        self.all_clear_button = QPushButton()
        t.bind(self.all_clear_button.setText, lambda: "✓ " + clear.shown_label)
        self.all_clear_button.setObjectName("faultPreset_clear")
        self.all_clear_button.setProperty("primary", True)
        t.bind(self.all_clear_button.setToolTip, lambda: clear.shown_description)
        t.bind(self.all_clear_button.setAccessibleName, lambda: clear.shown_label)
        self.preset_buttons[clear.key] = self.all_clear_button
        count = len(PRESETS) - 1  # "All clear" takes the next cell
        grid.addWidget(self.all_clear_button, count // 2, count % 2)

        # the custom form
        self.custom_box = QGroupBox()
        t.bind(self.custom_box.setTitle, lambda: self.tr("Custom, per endpoint"))
        self.custom_box.setObjectName("faultCustom")
        self.endpoint_combo = QComboBox()
        self.endpoint_combo.setObjectName("faultEndpointCombo")
        t.bind(self.endpoint_combo.setAccessibleName, lambda: self.tr("Endpoint"))
        for key, label in ENDPOINT_LABELS:
            self.endpoint_combo.addItem(label, key)
        t.bind(lambda _: _label_items(self.endpoint_combo, ENDPOINT_LABELS), lambda: "")
        self.inherit_note = QLabel()
        self.inherit_note.setObjectName("faultInheritNote")
        self.inherit_note.setWordWrap(True)
        theme.styled(self.inherit_note, _muted_text)
        self.latency_spin = _spin("faultLatencySpin", 600_000, " ms", step=250)
        t.bind(self.latency_spin.setSuffix, lambda: self.tr(" ms"))
        t.bind(
            self.latency_spin.setToolTip,
            lambda: self.tr("Added before the sandbox answers (0 to 600000 ms)"),
        )
        self.error_spin = _spin("faultErrorRateSpin", 100, " %", step=10)
        t.bind(
            self.error_spin.setToolTip,
            lambda: self.tr("Share of calls answered HTTP 500 with SCB code 9700"),
        )
        self.malformed_combo = QComboBox()
        self.malformed_combo.setObjectName("faultMalformedCombo")
        for mode, label in MALFORMED_LABELS:
            self.malformed_combo.addItem(label, mode)
        t.bind(lambda _: _label_items(self.malformed_combo, MALFORMED_LABELS), lambda: "")
        t.bind(
            self.malformed_combo.setToolTip,
            lambda: self.tr(
                "Spoil the answer's body after the request was handled (a code is spent even so)"
            ),
        )
        self.drop_spin = _spin("faultDropRateSpin", 100, " %", step=10)
        t.bind(
            self.drop_spin.setToolTip,
            lambda: self.tr("Share of connections closed before any answer"),
        )
        self.offset_spin = _spin(
            "faultClockOffsetSpin", MAX_OFFSET, " s", minimum=-MAX_OFFSET, step=600
        )
        t.bind(self.offset_spin.setSuffix, lambda: self.tr(" s"))
        t.bind(
            self.offset_spin.setToolTip,
            lambda: self.tr(
                "Shift the server's clock (Date header, expiresAt) by this many seconds; "
                "7200 is 2 hours ahead, −7200 behind"
            ),
        )
        self.offset_words = QLabel()
        self.offset_words.setObjectName("faultClockOffsetWords")
        self.offset_words.setMinimumWidth(
            self.offset_words.fontMetrics().horizontalAdvance("−6 d 23 h") + 8
        )
        offset_row = QHBoxLayout()
        offset_row.setSpacing(6)
        offset_row.addWidget(self.offset_spin, 1)
        offset_row.addWidget(self.offset_words)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        t.row(form, lambda: self.tr("Endpoint"), self.endpoint_combo)
        form.addRow("", self.inherit_note)
        t.row(form, lambda: self.tr("Latency"), self.latency_spin)
        t.row(form, lambda: self.tr("Errors (500)"), self.error_spin)
        t.row(form, lambda: self.tr("Malformed"), self.malformed_combo)
        t.row(form, lambda: self.tr("Drop connections"), self.drop_spin)
        offset_label = QLabel()
        form.addRow(offset_label, offset_row)
        t.bind(offset_label.setText, lambda: self.tr("Server clock"))
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("applyFaultsButton")
        self.apply_button.setProperty("primary", True)
        self.reset_endpoint_button = QPushButton(self.tr("Reset"))
        self.reset_endpoint_button.setObjectName("resetEndpointFaultsButton")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_endpoint_button)
        buttons.addWidget(self.apply_button)
        custom = QVBoxLayout(self.custom_box)
        custom.addLayout(form)
        custom.addLayout(buttons)

        # what is on now
        self.active_box = QFrame()
        self.active_box.setObjectName("activeFaultsBox")
        self.active_title = QLabel()
        self.active_title.setObjectName("activeFaultsTitle")
        self.active_label = QLabel()
        self.active_label.setObjectName("activeFaults")
        self.active_label.setWordWrap(True)
        self.active_label.setTextFormat(Qt.TextFormat.RichText)
        t.bind(self.active_label.setAccessibleName, lambda: self.tr("Active faults"))
        active = QVBoxLayout(self.active_box)
        active.setContentsMargins(10, 8, 10, 8)
        active.setSpacing(4)
        active.addWidget(self.active_title)
        active.addWidget(self.active_label)

        content = QWidget()
        content.setObjectName("faultsContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.unavailable_label)
        layout.addWidget(self.active_box)
        layout.addWidget(self.presets_box)
        layout.addWidget(self.custom_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("faultsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        # a disabled primary button must not look pressable
        self.setStyleSheet(
            'QPushButton[primary="true"]:disabled { background-color: palette(button); '
            "color: palette(placeholder-text); border-color: palette(mid); font-weight: 400; }"
        )
        self.setMinimumWidth(content.minimumSizeHint().width() + 16)

    def _connect(self) -> None:
        for key, button in self.preset_buttons.items():
            button.clicked.connect(lambda _checked=False, key=key: self.apply_preset(key))
        self.endpoint_combo.currentIndexChanged.connect(self._load_form)
        self.apply_button.clicked.connect(self.apply_form)
        self.reset_endpoint_button.clicked.connect(self.reset_endpoint)
        self.offset_spin.valueChanged.connect(self._show_offset_words)

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """The panel's words in the interface language now installed."""
        self._texts.apply()
        self.set_profile(self._profile)
        self.sync(force=True)

    # --- state ---------------------------------------------------------------------------------

    @property
    def sandbox(self) -> EmbeddedSandbox | None:
        return self._sandbox

    @property
    def available(self) -> bool:
        """The active profile talks to the running embedded sandbox."""
        return self.unavailable_reason() is None

    def unavailable_reason(self) -> str | None:
        sandbox = self._sandbox
        if sandbox is None or not sandbox.running:
            return self.tr(
                "The local sandbox is not running, so there is nothing to rehearse on. "
                "Fault rehearsal needs the console's embedded sandbox."
            )
        profile = self._profile
        if profile is None:
            return self.tr(
                "No profile is selected. Pick the Local sandbox profile to rehearse failures."
            )
        if profile.environment is not Environment.LOCAL:
            return self.tr(
                "Fault rehearsal works on the local sandbox only: profile {name!r} talks to "
                "{environment}, where faults cannot be set. Select the Local sandbox profile to "
                "rehearse failures."
            ).format(name=profile.name, environment=profile.environment.label)
        if not profile.base_url.rstrip("/").startswith(sandbox.root_url):
            return self.tr(
                "Profile {name!r} points at another sandbox ({url}); faults can be set on the "
                "console's embedded sandbox only."
            ).format(name=profile.name, url=profile.base_url)
        return None

    def current_faults(self) -> Faults:
        sandbox = self._sandbox
        return sandbox.server.faults if sandbox is not None else Faults()

    def selected_endpoint(self) -> str | None:
        key = str(self.endpoint_combo.currentData() or "")
        return key or None

    def set_profile(self, profile: Profile | None) -> None:
        """The active profile changed: enable the panel for the embedded sandbox only."""
        self._profile = profile
        reason = self.unavailable_reason()
        self.unavailable_label.setText(reason or "")
        self.unavailable_label.setVisible(reason is not None)
        on = reason is None
        for key, button in self.preset_buttons.items():
            # "All clear" stays usable whenever there is a sandbox: faults must be endable
            button.setEnabled(on or (key == "clear" and self._sandbox is not None))
        self.custom_box.setEnabled(on)

    # --- actions -------------------------------------------------------------------------------

    def _set(self, faults: Faults, done: str) -> bool:
        sandbox = self._sandbox
        if sandbox is None:
            self.message.emit(self.tr("There is no local sandbox to set faults on"))
            return False
        try:
            sandbox.set_faults(faults)
        except FaultsError as exc:  # pragma: no cover - the form only offers valid values
            self.message.emit(self.tr("Faults not set: {error}").format(error=exc))
            return False
        self.sync()
        self.message.emit(done)
        return True

    def apply_preset(self, key: str) -> bool:
        preset = PRESETS_BY_KEY[key]
        if key != "clear" and not self.available:
            self.message.emit(
                self.unavailable_reason() or self.tr("Fault rehearsal is not available")
            )
            return False
        if key == "clear":
            return self._set(preset.faults, self.tr("All clear: the local sandbox behaves again"))
        return self._set(
            preset.faults,
            self.tr("Fault rehearsal: {label} ({description})").format(
                label=preset.shown_label, description=preset.shown_description
            ),
        )

    def form_spec(self) -> FaultSpec:
        """The spec the form shows."""
        malformed = self.malformed_combo.currentData()
        return FaultSpec(
            latency_ms=self.latency_spin.value(),
            error_rate=self.error_spin.value() / 100,
            malformed=malformed if malformed in ("truncated", "html") else None,
            drop_rate=self.drop_spin.value() / 100,
            clock_offset=self.offset_spin.value(),
        )

    def set_form(
        self,
        *,
        endpoint: str | None = None,
        latency_ms: int = 0,
        error_rate: float = 0.0,
        malformed: str | None = None,
        drop_rate: float = 0.0,
        clock_offset: int = 0,
    ) -> None:
        """Fill the form (as a user would), without applying it."""
        self.endpoint_combo.setCurrentIndex(self.endpoint_combo.findData(endpoint or ""))
        self.latency_spin.setValue(latency_ms)
        self.error_spin.setValue(round(error_rate * 100))
        self.malformed_combo.setCurrentIndex(max(0, self.malformed_combo.findData(malformed)))
        self.drop_spin.setValue(round(drop_rate * 100))
        self.offset_spin.setValue(clock_offset)

    def apply_form(self) -> bool:
        """Apply the form to the chosen endpoint (all: the default spec)."""
        if not self.available:
            self.message.emit(
                self.unavailable_reason() or self.tr("Fault rehearsal is not available")
            )
            return False
        spec = self.form_spec()
        current = self.current_faults()
        endpoint = self.selected_endpoint()
        where = self.tr("all endpoints") if endpoint is None else endpoint
        faults = (
            current.with_default(spec)
            if endpoint is None
            else current.with_endpoint(endpoint, spec)
        )
        what = ", ".join(describe_spec(spec)) or self.tr("no fault")
        return self._set(
            faults, self.tr("Fault rehearsal on {where}: {what}").format(where=where, what=what)
        )

    def reset_endpoint(self) -> bool:
        """All endpoints: clear the default spec. One endpoint: drop its own spec (it follows
        the all-endpoints settings again)."""
        current = self.current_faults()
        endpoint = self.selected_endpoint()
        if endpoint is None:
            faults = current.with_default(FaultSpec())
            done = self.tr("Faults cleared on all endpoints (endpoint-specific ones stay)")
        else:
            rest = {name: spec for name, spec in current.endpoints.items() if name != endpoint}
            faults = Faults(current.default, rest)
            done = self.tr("{endpoint} follows the all-endpoints settings again").format(
                endpoint=endpoint
            )
        return self._set(faults, done)

    # --- view ----------------------------------------------------------------------------------

    def sync(self, *, force: bool = False) -> None:
        """Show the sandbox's faults if they changed (here, over HTTP, from a test, ...)."""
        faults = self.current_faults()
        if not force and faults is self._shown:
            return
        self._shown = faults
        self._show_active(faults)
        self.indicator.show_faults(faults)
        self._load_form()
        if not force:
            self.faults_changed.emit(faults)

    def _show_active(self, faults: Faults) -> None:
        dark = theme.is_dark()
        rows = describe_faults(faults)
        if rows:
            colour = theme.warning_color(dark)
            self.active_title.setText(self.tr("⚠ Faults on"))
            items = "".join(
                f"<li><b>{_escape(where)}</b>: {_escape(what)}</li>" for where, what in rows
            )
            self.active_label.setText(f"<ul style='margin: 0; -qt-list-indent: 1;'>{items}</ul>")
        else:
            colour = theme.status_color(theme.TokenStatus.VALID, dark)
            self.active_title.setText(self.tr("✓ No faults"))
            self.active_label.setText(self.tr("The local sandbox answers like SCB on a good day."))
        tint = f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, 0.10)"
        self.active_box.setStyleSheet(
            f"QFrame#activeFaultsBox {{ border: 1px solid {colour.name()}; border-radius: 6px; "
            f"background: {tint}; }}"
            f"QLabel#activeFaultsTitle {{ color: {colour.name()}; font-weight: 600; }}"
        )
        self.active_label.setAccessibleDescription(
            "; ".join(f"{where}: {what}" for where, what in rows) or self.tr("no faults")
        )

    def _load_form(self, *_args: object) -> None:
        faults = self.current_faults()
        endpoint = self.selected_endpoint()
        own = faults.endpoints.get(endpoint) if endpoint is not None else None
        spec = own if own is not None else faults.default
        if endpoint is None:
            self.inherit_note.setText(
                self.tr("Every SCB endpoint, unless it has settings of its own.")
            )
            self.reset_endpoint_button.setText(self.tr("Clear"))
            self.reset_endpoint_button.setToolTip(self.tr("Clear the all-endpoints settings"))
            self.apply_button.setText(self.tr("Apply to all endpoints"))
        else:
            self.inherit_note.setText(
                (
                    self.tr(
                        "{endpoint} has settings of its own: they replace the all-endpoints ones."
                    )
                    if own is not None
                    else self.tr("{endpoint} follows the all-endpoints settings (shown).")
                ).format(endpoint=endpoint)
            )
            self.reset_endpoint_button.setText(self.tr("Follow all"))
            self.reset_endpoint_button.setToolTip(
                self.tr(
                    "Drop {endpoint}'s own settings: it follows the all-endpoints settings again"
                ).format(endpoint=endpoint)
            )
            self.apply_button.setText(self.tr("Apply to {endpoint}").format(endpoint=endpoint))
        self.reset_endpoint_button.setEnabled(endpoint is None or own is not None)
        for widget in (
            self.latency_spin,
            self.error_spin,
            self.malformed_combo,
            self.drop_spin,
            self.offset_spin,
        ):
            widget.blockSignals(True)
        self.latency_spin.setValue(spec.latency_ms)
        self.error_spin.setValue(round(spec.error_rate * 100))
        self.malformed_combo.setCurrentIndex(max(0, self.malformed_combo.findData(spec.malformed)))
        self.drop_spin.setValue(round(spec.drop_rate * 100))
        self.offset_spin.setValue(max(-MAX_OFFSET, min(MAX_OFFSET, round(spec.clock_offset))))
        for widget in (
            self.latency_spin,
            self.error_spin,
            self.malformed_combo,
            self.drop_spin,
            self.offset_spin,
        ):
            widget.blockSignals(False)
        self._show_offset_words(self.offset_spin.value())

    def _show_offset_words(self, value: int) -> None:
        self.offset_words.setText("" if value == 0 else f"= {format_offset(value)}")


def _label_items(combo: QComboBox, labels: tuple[tuple[str | None, str], ...]) -> None:
    """A combo box's item texts (same order as ``labels``) in the interface language."""
    for index, (_key, label) in enumerate(labels):
        combo.setItemText(index, translate("FaultsPanel", label))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
