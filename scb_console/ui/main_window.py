"""The main window: Credentials (left dock), the flow wizard (centre), Tokens and the Exchange log
(bottom docks), a status bar with the profile, the environment badge, the keyring and the skew.

All signal wiring is in :meth:`MainWindow._connect_signals`; slots are named ``on_*``.
Geometry and dock layout are kept in QSettings (never a secret).

The first frame is built first and alone (issue 7): the Flow tab's current step, the
Credentials and Exchange log docks, the menus and the status bar. What it does not show is
built just after it, one piece per turn of the event loop (the other wizard steps, the Tokens
tab, the Fault rehearsal dock, the support-report recorder), and each piece is built at once
should anything need it before then (``window.inspector`` and friends are properties); the
phone demo (LAN mode) only when first switched on. The services the first frame does not need
start then too (:class:`~scb_console.ui.session.Startup`); the profile shown is activated (its
client and flow made) once they are up. :meth:`MainWindow.is_ready` says when all of it is done,
and the ``ready`` signal is emitted then.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QPaintEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from scb_console.core.contract import Environment
from scb_console.core.errors import SCBConsoleError
from scb_console.core.flow import FlowEvent, FlowState, UserFlow
from scb_console.core.models import Profile, RedirectParams, TokenSet
from scb_console.ui import i18n, theme
from scb_console.ui.bridge import EngineBridge
from scb_console.ui.credentials import CredentialCheck, CredentialsPanel, check_credentials
from scb_console.ui.exchange_view import ExchangeLogPanel
from scb_console.ui.session import ConsoleSession, Services
from scb_console.ui.settings import UiSettings
from scb_console.ui.ticker import Ticker
from scb_console.ui.wizard import FlowWizard, Step
from scb_console.ui.worker import preload_later, preload_modules

if TYPE_CHECKING:  # loaded when built (after the first frame) or first used: see the module
    from scb_console.ui.faults_panel import FaultsIndicator, FaultsPanel
    from scb_console.ui.inspector import TokenInspector
    from scb_console.ui.lan_mode import LanMode
    from scb_console.ui.session_recorder import SessionRecorder
    from scb_console.ui.token_check import TokenCheckPanel

log = logging.getLogger(__name__)

#: How long a status-bar message stays (ms).
MESSAGE_MS = 8000
#: From this many exchanges on, the support report is built and written on a worker thread.
REPORT_IN_BACKGROUND_FROM = 200
#: Imported on a thread when the File menu opens (its Export support report… needs them).
REPORT_MODULES = ("scb_console.ui.report_dialog",)


def resolve_lazy_widget_types() -> None:
    """Have PySide6 make the Python classes of QtWidgets it has put off, now.

    PySide6 creates a module's classes, with their enums, on first need. The first time a C++
    ``QWidget*`` with no Python object yet reaches Python (a scroll area's viewport, say), it
    makes every class still put off at once: some 70 enums, about 10 ms. Left to chance, that
    was the first exchange of the first flow (the exchange log asks for its table's viewport)
    and it pushed that flow's longest stall past 16 ms. After the first frame it is one piece
    of the deferred work, on a turn of the event loop of its own.
    """
    area = QScrollArea()
    area.viewport()  # (a QWidget made in C++: resolving its Python type makes them all)
    area.deleteLater()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _restyle(widget: QWidget, sheet: str) -> None:
    """``widget.setStyleSheet(sheet)`` unless it has that sheet already: setting one, even the
    same, re-polishes the widget and repaints it (the status bar's labels: on every token)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def _faults_on(sandbox: object) -> bool:
    """Whether the embedded sandbox (if any) has faults on now."""
    if sandbox is None:
        return False
    from scb_console.sandbox.faults import Faults  # (loaded with the sandbox already)

    server = getattr(sandbox, "server", None)
    return server is not None and server.faults != Faults()


class MainWindow(QMainWindow):
    """The console window over running :class:`Services`."""

    #: Emitted once the window has closed (the app then shuts the services down).
    closed = Signal()
    #: Emitted once everything is up: the services, the profile activated, every deferred
    #: part built (see :meth:`is_ready`).
    ready = Signal()
    #: The first paint was seen (what follows it is then scheduled).
    _painted = False
    #: The window carries the stylesheet (the application has none: see _build), for a dark
    #: palette or not.
    _own_stylesheet = False
    _styled_dark = False

    def __init__(
        self,
        services: Services,
        *,
        settings: UiSettings | None = None,
        ticker: Ticker | None = None,
        initial_profile: str | None = None,
        restore_layout: bool = True,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("SCB Console")
        self.services = services
        self.settings = settings if settings is not None else UiSettings(services.settings_path)
        self.clock = services.clock
        self.ticker = ticker if ticker is not None else Ticker(services.clock, self)
        self.bridge = EngineBridge(self)
        self.bridge.attach_log(services.exchange_log)
        self.bridge.set_request_gate(self.confirm_request)
        self.session = ConsoleSession(services)
        self._save_on_close = restore_layout
        self._closed = False
        self._shown_once = False
        self._layout_restored = False
        #: The window's own texts, re-applied when the interface language changes.
        self._texts = i18n.Retranslator()
        self._last_skew: TokenSet | None = None
        #: The profile shown while the services still start (activated once they are up).
        self._activation_pending = False
        self._after_frame_started = False
        self._is_ready = False
        self._ready_callbacks: list[Callable[[], object]] = []
        self._build()
        self._connect_signals()
        if restore_layout:
            self._restore_layout()
        self.wizard.set_auto_refresh(self.settings.auto_refresh(), self.settings.refresh_margin())
        #: What the first frame does not show, built after it in this order (see the module).
        #: (one piece per turn of the event loop, so the window keeps answering meanwhile)
        next_page = partial(self.wizard.build_pages, 1)  # the next step not built yet
        self._deferred: list[Callable[[], object]] = [
            next_page,
            resolve_lazy_widget_types,
            lambda: self.inspector,
            *[next_page] * (len(Step) - 2),
            lambda: self.report_recorder,
            self._ensure_faults_indicator,  # (hidden until faults are on; the panel waits)
        ]  # (the phone demo is built when first switched on: its Tools action needs nothing)
        #: The sandbox's faults when the window opened: the Fault rehearsal dock is built when
        #: they change (its status-bar indicator must say so), when asked for, or after the
        #: first frame when it was open last time or faults are already on (--sandbox-fault).
        sandbox = services.sandbox
        self._faults_at_start: object = sandbox.server.faults if sandbox is not None else None
        if self.settings.faults_dock_open() or _faults_on(sandbox):
            self._deferred.append(lambda: self.faults_panel)
        startup = services.startup
        if startup is not None and not startup.done:
            startup.when_done(self._on_services_ready)
        self.credentials.load(select=initial_profile)
        self.ticker.start()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        # the stylesheet on the window itself when the application has none (run_gui's way:
        # the same look, for less work; see app.apply_appearance)
        app = QApplication.instance()
        self._own_stylesheet = isinstance(app, QApplication) and not app.styleSheet()
        if self._own_stylesheet:
            self._styled_dark = theme.is_dark()
            self.setStyleSheet(theme.app_stylesheet(self._styled_dark))
        theme.follow(self, self._appearance_changed)
        # containers first, then what goes in them: a widget tree put into a container that is
        # in the window already is re-styled once, not once for each level it is moved up
        services = self.services
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.wizard = FlowWizard(self.session, self.bridge, services)
        self.tabs.addTab(self.wizard, "")
        # the Tokens tab's inspector is built after the first frame (or when first needed)
        self._inspector: TokenInspector | None = None
        self.inspector_page = QWidget()
        self.inspector_page.setObjectName("inspectorPage")
        self.tabs.addTab(self.inspector_page, "")
        self._texts.bind(lambda t: self.tabs.setTabText(0, t), lambda: self.tr("Flow"))
        self._texts.bind(
            lambda t: self.tabs.setTabToolTip(0, t),
            lambda: self.tr("Walk the server token and the 3-legged flow, step by step"),
        )
        self._texts.bind(
            lambda t: self.tabs.setTabToolTip(1, t),
            lambda: self.tr("Every token of this session: state, both clocks, timeline"),
        )
        self._report_recorder: SessionRecorder | None = None
        # the Token check tab's panel (and tokencheck, har) is built when the tab is first shown
        self._token_check: TokenCheckPanel | None = None
        self.token_check_page = QWidget()
        self.token_check_page.setObjectName("tokenCheckPage")
        index = self.tabs.addTab(self.token_check_page, "")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        preload_later(("scb_console.core.tokencheck",))
        self._texts.bind(lambda t: self.tabs.setTabText(index, t), lambda: self.tr("Token check"))
        self._texts.bind(
            lambda t: self.tabs.setTabToolTip(index, t),
            lambda: self.tr(
                "Paste what a partner sent (token, token response, HAR) and see what is wrong"
            ),
        )

        scroll = QScrollArea()
        scroll.setObjectName("credentialsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.credentials_dock = self._dock(
            lambda: self.tr("Credentials"), "credentialsDock", scroll
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.credentials_dock)
        self.credentials = CredentialsPanel(
            services.profile_store,
            services.secret_store,
            sandbox_base_url=services.sandbox.base_url if services.sandbox is not None else None,
        )
        scroll.setWidget(self.credentials)
        scroll.setMinimumWidth(self.credentials.minimumSizeHint().width())

        self.exchange_dock = self._dock(lambda: self.tr("Exchange log"), "exchangeLogDock")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.exchange_dock)
        self.exchange_panel = ExchangeLogPanel(services.exchange_log)
        self.exchange_dock.setWidget(self.exchange_panel)
        # built after the first frame (or when first needed): the Fault rehearsal dock (hidden
        # at first); built when first switched on: the phone demo (LAN mode, off at first)
        self._faults_panel: FaultsPanel | None = None
        self._faults_dock: QDockWidget | None = None
        self._faults_indicator: FaultsIndicator | None = None
        self._lan_mode: LanMode | None = None
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)

        self._build_menus()
        self._build_status_bar()

        self.next_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self.next_shortcut_keypad = QShortcut(QKeySequence("Ctrl+Enter"), self)
        self.copy_shortcut = QShortcut(QKeySequence("Ctrl+Shift+C"), self)
        self.resize(1280, 800)

    @property
    def token_check(self) -> TokenCheckPanel:
        """The Token check tab's panel, built (its module loaded) on first use or first show."""
        if self._token_check is None:
            from scb_console.ui.token_check import TokenCheckPanel

            panel = TokenCheckPanel(self.clock, self.bridge, lambda: self.session.client)
            self._token_check = panel
            self._replace_tab(self.token_check_page, panel)
            self.token_check_page = panel
            self.credentials.profile_selected.connect(panel.on_profile_changed)
            panel.message.connect(self.on_message)
        return self._token_check

    @property
    def inspector(self) -> TokenInspector:
        """The Tokens tab's token inspector, built after the first frame or when first used."""
        if self._inspector is None:
            from scb_console.ui.inspector import TokenInspector

            inspector = TokenInspector(self.clock)
            self._inspector = inspector
            inspector.set_curl_provider(self.profile_call_curl)
            self._replace_tab(self.inspector_page, inspector)
            self.inspector_page = inspector
            inspector.refresh_requested.connect(self.on_refresh_requested)
            inspector.forgotten.connect(self.on_token_forgotten)
            inspector.message.connect(self.on_message)
        return self._inspector

    def _replace_tab(self, placeholder: QWidget, widget: QWidget) -> None:
        """``widget`` takes its placeholder tab's place (same index, text and tip)."""
        tabs = self.tabs
        index = tabs.indexOf(placeholder)
        current = tabs.currentIndex() == index
        tabs.insertTab(index, widget, tabs.tabText(index))
        tabs.setTabToolTip(index, tabs.tabToolTip(index + 1))
        if current:
            tabs.setCurrentIndex(index)
        tabs.removeTab(index + 1)
        placeholder.deleteLater()

    @property
    def report_recorder(self) -> SessionRecorder:
        """What the support report remembers of the session; made before any flow runs."""
        if self._report_recorder is None:
            from scb_console.ui.session_recorder import SessionRecorder

            self._report_recorder = SessionRecorder(self.bridge, self.clock, self)
        return self._report_recorder

    @property
    def faults_panel(self) -> FaultsPanel:
        """The Fault rehearsal panel, built after the first frame or when first used."""
        if self._faults_panel is None:
            self._build_faults()
        assert self._faults_panel is not None
        return self._faults_panel

    @property
    def faults_dock(self) -> QDockWidget:
        """The Fault rehearsal dock (hidden until asked for: View or Tools menu)."""
        if self._faults_dock is None:
            self._build_faults()
        assert self._faults_dock is not None
        return self._faults_dock

    def _build_faults(self) -> None:
        from scb_console.ui.faults_panel import FaultsPanel

        dock = self._dock(lambda: self.tr("Fault rehearsal"), "faultsDock")
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        had_indicator = self._faults_indicator is not None
        panel = FaultsPanel(self.services.sandbox, indicator=self._faults_indicator)
        self._faults_indicator = panel.indicator
        dock.setWidget(panel)
        self._faults_panel, self._faults_dock = panel, dock
        if not (self._layout_restored and self.restoreDockWidget(dock)):
            self.tabifyDockWidget(self.credentials_dock, dock)  # the wizard keeps its room
            dock.setVisible(False)  # a rehearsal tool: View or Tools menu
        self.view_menu.insertAction(self.faults_view_action, dock.toggleViewAction())
        self.view_menu.removeAction(self.faults_view_action)
        if not had_indicator:
            self.statusBar().insertPermanentWidget(0, panel.indicator)
            panel.indicator.clicked.connect(self.on_show_faults)
        panel.message.connect(self.on_message)
        panel.set_profile(self.session.profile)

    def _ensure_faults_indicator(self) -> FaultsIndicator:
        """The status bar's faults reminder, made before the panel when faults are turned on
        from elsewhere; the panel adopts it when built."""
        if self._faults_indicator is None:
            from scb_console.ui.faults_panel import FaultsIndicator

            indicator = FaultsIndicator()
            self._faults_indicator = indicator
            self.statusBar().insertPermanentWidget(0, indicator)
            indicator.clicked.connect(self.on_show_faults)
        return self._faults_indicator

    @property
    def lan_mode(self) -> LanMode:
        """The phone demo (LAN mode), built when first used (some 0.5 MiB few sessions need)."""
        if self._lan_mode is None:
            from scb_console.ui.lan_mode import LanMode

            lan = LanMode(self.services.sandbox, self, dialog_parent=self)
            self._lan_mode = lan
            index = 0 if self._faults_indicator is None else 1  # after the faults indicator
            self.statusBar().insertPermanentWidget(index, lan.indicator)
            lan.changed.connect(self.on_lan_mode_changed)
            lan.redirect.connect(self.on_lan_redirect)
            lan.message.connect(self.on_message)
        return self._lan_mode

    def _on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if self._token_check is None and widget is self.token_check_page:
            QTimer.singleShot(0, self, lambda: self.token_check)  # not while the tab bar switches
        elif self._inspector is None and widget is self.inspector_page:
            QTimer.singleShot(0, self, lambda: self.inspector)

    # --- after the first frame -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # the next turn of the event loop: the first frame is complete by then
            QTimer.singleShot(0, self, self.after_first_frame)

    def after_first_frame(self) -> None:
        """Start the services' rest and build what the first frame did not show, one piece
        per turn of the event loop (called once the first frame is out; later calls and
        calls after :meth:`finish_startup` do nothing)."""
        if self._after_frame_started:
            return
        self._after_frame_started = True
        startup = self.services.startup
        if startup is not None:
            startup.begin()
        self._build_next()

    def _build_next(self) -> None:
        if self._closed:
            return
        if self._deferred:
            self._deferred.pop(0)()
            QTimer.singleShot(0, self, self._build_next)
            return
        self._check_ready()

    def finish_startup(self) -> None:
        """Build every deferred part now and start the services' rest (tests, and anything
        that cannot wait); :meth:`is_ready` follows once the services are up."""
        self._after_frame_started = True
        startup = self.services.startup
        if startup is not None:
            startup.begin()
        while self._deferred:
            self._deferred.pop(0)()
        self._check_ready()

    def is_ready(self) -> bool:
        """Everything up: the services started, the profile activated, every part built."""
        return self._is_ready

    def when_ready(self, callback: Callable[[], object]) -> None:
        """``callback()`` once :meth:`is_ready` (at once when it is already)."""
        if self._is_ready:
            callback()
        else:
            self._ready_callbacks.append(callback)

    def _check_ready(self) -> None:
        if self._is_ready or self._deferred or not self.services.ready:
            return
        if self._activation_pending:
            return
        self._is_ready = True
        callbacks, self._ready_callbacks = self._ready_callbacks, []
        for callback in callbacks:
            callback()
        self.ready.emit()

    def _on_services_ready(self) -> None:
        """The services are up: the keyring's state, the notes, then the profile activated."""
        if self._closed:
            return
        startup = self.services.startup
        self._update_keyring_label()
        if startup is not None and startup.profiles_changed:
            current = self.credentials.current_profile
            self.credentials.load(select=current.name if current is not None else None)
        self.credentials.on_secrets_ready()
        if self._activation_pending:
            self.on_profile_selected(self.credentials.current_profile)
        self.wizard.refresh_view()
        if startup is not None and startup.notes:
            self.on_message(startup.notes[-1])
        self._check_ready()

    def _dock(
        self, title: str | Callable[[], str], name: str, widget: QWidget | None = None
    ) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        if widget is not None:
            dock.setWidget(widget)
        text = title if callable(title) else (lambda: str(title))
        self._texts.bind(dock.setWindowTitle, text)
        self._texts.bind(dock.setAccessibleName, text)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        return dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        t = self._texts
        file_menu = bar.addMenu("")
        t.bind(file_menu.setTitle, lambda: self.tr("&File"))
        self.import_action = self.credentials.import_action
        self.export_action = self.credentials.export_action
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        self.export_report_action = QAction(self)
        t.bind(self.export_report_action.setText, lambda: self.tr("Export support report…"))
        self.export_report_action.setObjectName("exportReportAction")
        t.bind(
            self.export_report_action.setStatusTip,
            lambda: self.tr(
                "Save this session (timeline, requestUIds, tokens, clocks) as one masked HTML or "
                "Markdown file for a support ticket"
            ),
        )
        file_menu.addAction(self.export_report_action)
        # the report's module (and core.report, ~0.5 MiB) loads on a thread while the menu is
        # open, not in every session: File is the one way to the export
        file_menu.aboutToShow.connect(lambda: preload_modules(REPORT_MODULES))
        file_menu.addSeparator()
        self.quit_action = QAction(self)
        t.bind(self.quit_action.setText, lambda: self.tr("&Quit"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit_action)

        flow_menu = bar.addMenu("")
        t.bind(flow_menu.setTitle, lambda: self.tr("F&low"))
        self.next_action = QAction(self)
        t.bind(self.next_action.setText, lambda: self.tr("Next step / send"))
        self.next_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.next_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # QShortcut fires
        self.copy_action = QAction(self)
        t.bind(self.copy_action.setText, lambda: self.tr("Copy current (deeplink or curl)"))
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.restart_action = QAction(self)
        t.bind(self.restart_action.setText, lambda: self.tr("Start the 3-legged flow again"))
        flow_menu.addAction(self.next_action)
        flow_menu.addAction(self.copy_action)
        flow_menu.addSeparator()
        flow_menu.addAction(self.restart_action)
        self.play_demo_action = QAction(self)
        t.bind(self.play_demo_action.setText, lambda: self.tr("Play demo (autopilot)"))
        self.play_demo_action.setObjectName("playDemoAction")
        t.bind(
            self.play_demo_action.setStatusTip,
            lambda: self.tr("Play the whole flow by itself on the local sandbox, with captions"),
        )
        flow_menu.addAction(self.play_demo_action)

        self.view_menu = bar.addMenu("")
        t.bind(self.view_menu.setTitle, lambda: self.tr("&View"))
        for dock in (self.credentials_dock, self.exchange_dock):
            action = dock.toggleViewAction()
            self.view_menu.addAction(action)
        # the Fault rehearsal dock's own action takes this one's place when the dock is built
        self.faults_view_action = QAction(self)
        self.faults_view_action.setObjectName("faultsViewAction")
        self.faults_view_action.setCheckable(True)
        t.bind(self.faults_view_action.setText, lambda: self.tr("Fault rehearsal"))
        self.view_menu.addAction(self.faults_view_action)
        self._view_docks_end = self.view_menu.addSeparator()
        self.show_flow_action = QAction(self)
        t.bind(self.show_flow_action.setText, lambda: self.tr("Flow"))
        self.show_flow_action.setShortcut(QKeySequence("Ctrl+1"))
        self.show_tokens_action = QAction(self)
        t.bind(self.show_tokens_action.setText, lambda: self.tr("Tokens"))
        self.show_tokens_action.setShortcut(QKeySequence("Ctrl+2"))
        self.view_menu.addAction(self.show_flow_action)
        self.view_menu.addAction(self.show_tokens_action)
        self.view_menu.addSeparator()
        self.reset_layout_action = QAction(self)
        t.bind(self.reset_layout_action.setText, lambda: self.tr("Reset layout"))
        self.view_menu.addAction(self.reset_layout_action)
        self.presentation_action = QAction(self)
        t.bind(self.presentation_action.setText, lambda: self.tr("Presentation mode"))
        self.presentation_action.setObjectName("presentationAction")
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        t.bind(
            self.presentation_action.setStatusTip,
            lambda: self.tr("Large type, every secret hidden, for a room"),
        )
        self.view_menu.addAction(self.presentation_action)
        self._build_appearance_menu()
        self._build_language_menu()

        self.tools_menu = bar.addMenu("")
        t.bind(self.tools_menu.setTitle, lambda: self.tr("&Tools"))
        self.faults_action = QAction(self)
        t.bind(self.faults_action.setText, lambda: self.tr("Fault rehearsal…"))
        t.bind(
            self.faults_action.setStatusTip,
            lambda: self.tr("Make the local sandbox slow, down or strange, on purpose"),
        )
        self.lan_mode_action = QAction(self)
        t.bind(self.lan_mode_action.setText, lambda: self.tr("Phone demo (LAN mode)"))
        self.lan_mode_action.setObjectName("lanModeAction")
        self.lan_mode_action.setCheckable(True)
        t.bind(
            self.lan_mode_action.setStatusTip,
            lambda: self.tr(
                "Let a phone on this network scan the QR code and approve (asks first)"
            ),
        )
        self.tools_menu.addAction(self.faults_action)
        self.tools_menu.addAction(self.lan_mode_action)

        help_menu = bar.addMenu("")
        t.bind(help_menu.setTitle, lambda: self.tr("&Help"))
        self.about_action = QAction(self)
        t.bind(self.about_action.setText, lambda: self.tr("&About SCB Console"))
        help_menu.addAction(self.about_action)

    def _choice_menu(
        self,
        name: str,
        title: Callable[[], str],
        choices: dict[str, Callable[[], str]],
        chosen: str,
    ) -> tuple[QMenu, QActionGroup, dict[str, QAction]]:
        """A View submenu of exclusive, checkable choices (objects ``<name>Menu`` and
        ``<name>_<key>``; each choice's key in its action's data)."""
        t = self._texts
        menu = self.view_menu.addMenu("")
        menu.setObjectName(f"{name}Menu")
        t.bind(menu.setTitle, title)
        group = QActionGroup(self)
        group.setExclusive(True)
        actions: dict[str, QAction] = {}
        for key, text in choices.items():
            action = QAction(self)
            action.setObjectName(f"{name}_{key}")
            action.setCheckable(True)
            action.setChecked(key == chosen)
            action.setData(key)
            t.bind(action.setText, text)
            group.addAction(action)
            menu.addAction(action)
            actions[key] = action
        return menu, group, actions

    def _build_appearance_menu(self) -> None:
        """View ▸ Appearance: System (follow its light/dark switch), Light or Dark; at once."""
        self.view_menu.addSeparator()
        names = {
            "system": lambda: self.tr("Follow the system"),
            "light": lambda: self.tr("Light"),
            "dark": lambda: self.tr("Dark"),
        }
        self.appearance_menu, self.appearance_group, self.appearance_actions = self._choice_menu(
            "appearance",
            lambda: self.tr("&Appearance"),
            {appearance: names[appearance] for appearance in theme.APPEARANCES},
            self.settings.theme(),
        )

    def _build_language_menu(self) -> None:
        """View ▸ Language (English / ไทย, at once, no restart) and the Buddhist-era years."""
        t = self._texts
        # each language named in itself, so it can be found whatever is on screen
        self.language_menu, self.language_group, self.language_actions = self._choice_menu(
            "language",
            lambda: self.tr("&Language"),
            {code: functools.partial(str, i18n.LANGUAGE_NAMES[code]) for code in i18n.LANGUAGES},
            i18n.current_language(),
        )
        self.buddhist_era_action = QAction(self)
        self.buddhist_era_action.setObjectName("buddhistEraAction")
        self.buddhist_era_action.setCheckable(True)
        self.buddhist_era_action.setChecked(i18n.buddhist_era())
        t.bind(self.buddhist_era_action.setText, lambda: self.tr("Buddhist-era years (B.E.)"))
        t.bind(
            self.buddhist_era_action.setStatusTip,
            lambda: self.tr("Show years as Thai users write them: 2026 CE is B.E. 2569"),
        )
        self.view_menu.addAction(self.buddhist_era_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(80)
        self.busy_bar.setMaximumHeight(10)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setVisible(False)
        t = self._texts
        t.bind(self.busy_bar.setAccessibleName, lambda: self.tr("Request in progress"))
        self.profile_label = QLabel()
        self.profile_label.setObjectName("statusProfile")
        t.bind(self.profile_label.setToolTip, lambda: self.tr("The active profile"))
        self.env_badge = QLabel()
        self.env_badge.setObjectName("environmentBadge")
        t.bind(self.env_badge.setToolTip, lambda: self.tr("Where requests go"))
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("keyringStatus")
        self.skew_label = QLabel()
        self.skew_label.setObjectName("clockSkew")
        t.bind(
            self.skew_label.setToolTip,
            lambda: self.tr(
                "The server's Date header minus the local clock, from the last token response. "
                "Countdowns use the local monotonic clock either way."
            ),
        )
        # the faults and LAN mode indicators go first when those are built (after the first frame)
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(self.profile_label)
        status.addPermanentWidget(self.env_badge)
        status.addPermanentWidget(self.keyring_label)
        status.addPermanentWidget(self.skew_label)
        self._update_keyring_label()
        self._update_skew_label()
        self._update_status()
        self._update_tokens_tab()

    def _update_keyring_label(self) -> None:
        ok, description = self.services.keyring
        if not self.services.ready and not description:
            # the OS keyring is looked up after the first frame: said then
            self.keyring_label.setText("")
            self.keyring_label.setToolTip("")
            self.keyring_label.setAccessibleName("")
            return
        if ok:
            # (a check mark every UI font has: a colour emoji lock needed an emoji font, showed a
            # box without one and cost 0.4 MiB to draw with one)
            self.keyring_label.setText(f"✓ {description}")
            self.keyring_label.setToolTip(
                self.tr("API secrets are kept in {where}").format(where=description)
            )
        else:
            self.keyring_label.setText(self.tr("⚠ Secrets: this session only"))
            self.keyring_label.setToolTip(
                self.tr("No usable OS keyring: {why}").format(why=description)
            )
        self.keyring_label.setAccessibleName(self.keyring_label.toolTip())

    def _connect_signals(self) -> None:
        """Every connection between the window's parts, in one place."""
        self.credentials.profile_selected.connect(self.on_profile_selected)
        self.credentials.test_requested.connect(self.on_test_requested)
        self.credentials.message.connect(self.on_message)
        self.wizard.message.connect(self.on_message)
        self.wizard.code_window.connect(self.on_code_window)
        self.wizard.auto_refresh_changed.connect(self.on_auto_refresh_setting)
        self.bridge.busy.connect(self.on_busy)
        self.bridge.token_obtained.connect(self.on_token_obtained)
        self.bridge.error.connect(self.on_message)
        self.bridge.succeeded.connect(self.on_task_succeeded)
        self.bridge.failed.connect(self.on_task_failed)
        self.bridge.flow_changed.connect(self.on_flow_changed)
        self.ticker.tick.connect(self.on_tick)
        self.next_shortcut.activated.connect(self.on_next_step)
        self.next_shortcut_keypad.activated.connect(self.on_next_step)
        self.copy_shortcut.activated.connect(self.on_copy_current)
        self.next_action.triggered.connect(self.on_next_step)
        self.copy_action.triggered.connect(self.on_copy_current)
        self.restart_action.triggered.connect(self.on_restart_flow)
        self.play_demo_action.triggered.connect(self.on_play_demo)
        self.presentation_action.toggled.connect(self.on_presentation_toggled)
        self.quit_action.triggered.connect(self.close)
        self.reset_layout_action.triggered.connect(self.on_reset_layout)
        self.about_action.triggered.connect(self.on_about)
        self.language_group.triggered.connect(self.on_language_selected)
        self.appearance_group.triggered.connect(self.on_appearance_selected)
        self.buddhist_era_action.toggled.connect(self.on_buddhist_era_toggled)
        self.show_flow_action.triggered.connect(self.on_show_flow)
        self.show_tokens_action.triggered.connect(self.on_show_tokens)
        self.export_report_action.triggered.connect(self.on_export_report)
        self.session.on_flow_replaced = self.on_flow_replaced
        self.faults_action.triggered.connect(self.on_show_faults)
        self.faults_view_action.triggered.connect(self.on_show_faults)
        self.lan_mode_action.toggled.connect(self.on_lan_mode_toggled)

    # --- layout --------------------------------------------------------------------------------

    def _size_docks(self) -> None:
        self.resizeDocks([self.credentials_dock], [340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.exchange_dock], [215], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if not self._layout_restored:
                self._size_docks()

    def _restore_layout(self) -> None:
        self._default_state = self.saveState()
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self._layout_restored = self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        dock = self._faults_dock
        self.settings.set_faults_dock_open(dock is not None and not dock.isHidden())
        self.settings.sync()

    def on_reset_layout(self) -> None:
        default = getattr(self, "_default_state", None)
        if isinstance(default, QByteArray):
            self.restoreState(default)
        for dock in (self.credentials_dock, self.exchange_dock):
            dock.setVisible(True)
            dock.setFloating(False)
        faults = self._faults_dock
        if faults is not None:  # built after the default layout was taken: as it starts
            faults.setFloating(False)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, faults)
            self.tabifyDockWidget(self.credentials_dock, faults)
            faults.setVisible(False)
        self._size_docks()

    # --- status --------------------------------------------------------------------------------

    def _update_status(self) -> None:
        profile = self.session.profile
        if profile is None:
            self.profile_label.setText(self.tr("No profile"))
            self.env_badge.setVisible(False)
            self.setWindowTitle("SCB Console")
            return
        self.profile_label.setText(self.tr("Profile: {name}").format(name=profile.name))
        env = profile.environment
        self.env_badge.setText(env.label)
        _restyle(self.env_badge, theme.environment_badge_stylesheet(env, theme.is_dark()))
        self.env_badge.setAccessibleName(self.tr("Environment: {name}").format(name=env.label))
        self.env_badge.setVisible(True)
        where = profile.name if profile.name == env.label else f"{profile.name} · {env.label}"
        self.setWindowTitle(f"SCB Console · {where}")

    def _update_skew(self, token: TokenSet) -> None:
        if token.skew is None:
            return
        self._last_skew = token
        self._update_skew_label()

    def _update_skew_label(self) -> None:
        token = self._last_skew
        self.skew_label.setMinimumWidth(
            self.skew_label.fontMetrics().horizontalAdvance(
                "⚠ " + self.tr("Clock skew: {skew} s").format(skew="+000.0")
            )
            + 12
        )
        if token is None or token.skew is None:
            self.skew_label.setText(self.tr("Clock skew: —"))
            return
        skew = token.skew
        sign = "+" if skew >= 0 else "−"
        text = self.tr("Clock skew: {skew} s").format(skew=f"{sign}{abs(skew):.1f}")
        warn = abs(skew) >= 30
        self.skew_label.setText(("⚠ " if warn else "") + text)
        colour = theme.warning_color(theme.is_dark()).name() if warn else ""
        _restyle(self.skew_label, f"color: {colour};" if colour else "")
        self.skew_label.setAccessibleName(text)

    # --- the gate ------------------------------------------------------------------------------

    def confirm_request(self) -> bool:
        """Before the first request of a session to production: ask."""
        session = self.session
        if not session.needs_production_confirmation:
            return True
        profile = session.profile
        assert profile is not None
        answer = self.ask_production_confirmation(profile)
        if answer:
            session.confirmed_production.add(profile.name)
        return answer

    def ask_production_confirmation(self, profile: Profile) -> bool:
        from PySide6.QtWidgets import QMessageBox  # (dialogs load when first used)

        box = QMessageBox(self)
        box.setObjectName("productionConfirmation")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Send to SCB production?"))
        box.setText(
            self.tr(
                "Profile {name!r} sends requests to SCB production, with real customers "
                "and real credentials."
            ).format(name=profile.name)
        )
        box.setInformativeText(self.tr("Send requests to production for the rest of this session?"))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    # --- slots ---------------------------------------------------------------------------------

    def on_profile_selected(self, profile: Profile | None) -> None:
        if profile is not None and not self.services.ready:
            # shown now; its client and flow are made once the services are up
            self._activation_pending = True
            self.session.profile = profile
            self.wizard.on_profile_changed()
            if self._faults_panel is not None:
                self._faults_panel.set_profile(profile)
            self._update_status()
            return
        self._activation_pending = False
        if profile is None:
            self.session.profile = None
            self.session.client = None
            old = self.session.flow
            self.session.flow = None
            if old is not None:
                old.cancel()
            self.bridge.attach_flow(None)
        else:
            self.report_recorder  # noqa: B018  (it records from the first flow event on)
            flow = self.session.activate(profile)
            self.bridge.attach_flow(flow)
        self.wizard.on_profile_changed()
        if self._faults_panel is not None:
            self._faults_panel.set_profile(self.session.profile)
        self._update_status()
        self._check_ready()

    def on_flow_replaced(self, flow: UserFlow) -> None:
        self.bridge.attach_flow(None)
        receiver = self.services.receiver
        if receiver is not None and receiver.running:
            receiver.disarm()

    def on_test_requested(self, profile: Profile, secret: str) -> None:
        if profile.environment is Environment.PRODUCTION and (
            profile.name not in self.session.confirmed_production
        ):
            if not self.ask_production_confirmation(profile):
                return
            self.session.confirmed_production.add(profile.name)
        self.report_recorder  # noqa: B018  (the exchange goes into the report's timeline)
        self.credentials.set_test_busy(True)
        self.bridge.run(
            check_credentials(
                self.services.http,
                profile,
                secret,
                clock=self.clock,
                exchange_log=self.services.exchange_log,
            ),
            label="test_credentials",
        )

    def on_task_succeeded(self, label: str, result: object) -> None:
        if label == "test_credentials" and isinstance(result, CredentialCheck):
            self.credentials.set_test_busy(False)
            self.credentials.set_test_result(result)
            self.on_message(result.message)

    def on_task_failed(self, label: str, message: str) -> None:
        if label == "test_credentials":
            self.credentials.set_test_busy(False)
            self.credentials.set_test_result(CredentialCheck(False, message))

    def on_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)

    def on_token_obtained(self, token: TokenSet) -> None:
        self.inspector.add_token(token)
        self._update_skew(token)
        self._update_tokens_tab()

    def _update_tokens_tab(self) -> None:
        count = self._inspector.model.rowCount() if self._inspector is not None else 0
        text = self.tr("Tokens ({count})").format(count=count) if count else self.tr("Tokens")
        self.tabs.setTabText(1, text)

    def on_show_flow(self) -> None:
        self.tabs.setCurrentWidget(self.wizard)

    def on_show_tokens(self) -> None:
        self.tabs.setCurrentWidget(self.inspector)

    def on_code_window(self, label: str, start: float, end: float) -> None:
        self.inspector.add_code_window(label, start, end)

    def on_flow_changed(self, event: FlowEvent) -> None:
        if event.state in (FlowState.CODE_EXPIRED, FlowState.REFRESH_EXPIRED, FlowState.DENIED):
            self.on_message(event.message[:1].upper() + event.message[1:])

    def on_tick(self) -> None:
        self.wizard.on_tick()
        if self._inspector is not None:
            self._inspector.on_tick()
        if self._faults_panel is not None:
            self._faults_panel.sync()
        elif (sandbox := self.services.sandbox) is not None and (
            (faults := sandbox.server.faults) is not self._faults_at_start
        ):
            # changed from elsewhere (the sandbox's API, a test): say so in the status bar
            # now; the panel (~20 ms to build) waits until it is asked for
            self._faults_at_start = faults
            self._ensure_faults_indicator().show_faults(faults)

    def on_refresh_requested(self, token: object) -> None:
        flow = self.session.flow
        current = flow.tokens if flow is not None else None
        if (
            isinstance(token, TokenSet)
            and current is not None
            and token.request_uid == current.request_uid
        ):
            self.tabs.setCurrentWidget(self.wizard)
            self.wizard.go_to(Step.REFRESH)
            self.wizard.on_refresh_clicked()
            return
        self.on_message(
            self.tr("Only the active profile's current user token can be refreshed: select its row")
        )

    def on_token_forgotten(self, token: object) -> None:
        self._update_tokens_tab()

    def on_next_step(self) -> None:
        self.wizard.trigger_primary()

    def on_copy_current(self) -> None:
        self.wizard.copy_current()

    def on_restart_flow(self) -> None:
        flow = self.session.flow
        if flow is not None:
            flow.reset()
        self.wizard.go_to(Step.AUTHORIZE)

    def on_auto_refresh_setting(self, *_args: object) -> None:
        on, margin = self.wizard.auto_refresh_setting()
        self.settings.set_auto_refresh(on)
        self.settings.set_refresh_margin(margin)

    def on_message(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, MESSAGE_MS)

    def on_show_faults(self) -> None:
        self.faults_dock.setVisible(True)
        self.faults_dock.raise_()

    def on_lan_mode_toggled(self, on: bool) -> None:
        if on != (self._lan_mode is not None and self._lan_mode.enabled):
            self.lan_mode.set_enabled(on)

    def on_lan_mode_changed(self, on: bool) -> None:
        self.lan_mode_action.blockSignals(True)
        self.lan_mode_action.setChecked(on)
        self.lan_mode_action.blockSignals(False)
        self.wizard.set_lan_root_url(self.lan_mode.root_url)

    def on_lan_redirect(self, params: object) -> None:
        """An approval on a phone (LAN mode), handed over by the sandbox: into the flow."""
        if not isinstance(params, RedirectParams):
            return
        self.tabs.setCurrentWidget(self.wizard)
        self.wizard.on_redirect(params)
        flow = self.session.flow
        if flow is not None and flow.state is FlowState.CODE_RECEIVED:
            self.on_message(
                self.tr("Approved on a phone: exchange the code before the ring runs out")
            )

    def on_about(self) -> None:
        from scb_console.ui.about import AboutDialog  # loaded on first use

        dialog = AboutDialog(self.services.log_dir, self)
        dialog.exec()

    def export_report(self, path: str | Path) -> Path:
        """Write the support report to ``path`` (.html or .md); raises ExportError."""
        from scb_console.ui.report_dialog import export_support_report

        return export_support_report(self, path)

    def on_export_report(self) -> None:
        from scb_console.ui.report_dialog import ask_report_path, show_export_result

        path = ask_report_path(self)
        if path is None:
            return
        if len(self.services.exchange_log) >= REPORT_IN_BACKGROUND_FROM and _loop_running():
            self.bridge.run(self._export_report_in_background(path), label="export_report")
            return
        try:
            written = self.export_report(path)
        except SCBConsoleError as exc:
            self.on_message(str(exc))
            show_export_result(self, None, str(exc))
            return
        self.on_message(self.tr("Support report written to {path}").format(path=written))
        show_export_result(self, written, None)

    async def _export_report_in_background(self, path: str) -> Path | None:
        """A large session's report, built and checked in slices of a few milliseconds on the GUI
        thread (a worker thread running Python would hold the GIL the GUI needs; see
        benchmarks/responsiveness.py); only the final fsync and rename run on a thread."""
        from scb_console.ui import report_dialog
        from scb_console.ui.report_dialog import show_export_result

        try:
            written = await report_dialog.export_support_report_sliced(self, path)
        except SCBConsoleError as exc:
            self.on_message(str(exc))
            show_export_result(self, None, str(exc))
            return None
        self.on_message(self.tr("Support report written to {path}").format(path=written))
        show_export_result(self, written, None)
        return written

    def on_play_demo(self) -> None:
        from scb_console.ui.demo import start_demo  # loaded on first use

        self.when_ready(lambda: start_demo(self))  # (its flow is made once the services are up)

    def on_presentation_toggled(self, on: bool) -> None:
        from scb_console.ui.presentation import presentation_for

        presentation_for(self).set_enabled(on)

    def profile_call_curl(self, token: Any) -> str:
        """The curl of the profile call for ``token``, for the token inspector's copy action.

        The inspector copies it as a secret (kept out of clipboard history, cleared soon), as
        it does the Authorization header: a curl that runs as it is. The request goes to the
        profile and environment that issued the token, never elsewhere.
        """
        if not isinstance(token, TokenSet):
            return ""
        from scb_console.core.client import SCBClient

        client = self.session.client
        if client is None or token.profile_name != client.profile.name:
            base = client.profile if client is not None else Profile(name=token.profile_name)
            client = SCBClient(
                self.services.http,
                replace(
                    base,
                    name=token.profile_name,
                    environment=token.environment,
                    base_url=token.base_url,
                ),
                "",
                clock=self.clock,
            )
        try:
            return client.prepare_customer_profile(token).to_curl(reveal=True)
        except SCBConsoleError as exc:
            self.on_message(str(exc))
            return ""

    # --- language ------------------------------------------------------------------------------

    def on_language_selected(self, action: QAction) -> None:
        """View ▸ Language: switch now (every window follows) and remember the choice."""
        code = str(action.data() or "en")
        if code != i18n.current_language():
            i18n.set_language(code)
        self.settings.set_language(code)

    def on_appearance_selected(self, action: QAction) -> None:
        """View ▸ Appearance: light or dark now (every window follows) and remember it."""
        from scb_console.ui.app import apply_chosen_appearance

        appearance = str(action.data() or "system")
        self.settings.set_theme(appearance)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_chosen_appearance(app, appearance)

    def on_buddhist_era_toggled(self, on: bool) -> None:
        i18n.set_buddhist_era(on)
        self.settings.set_buddhist_era(on)

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _appearance_changed(self, dark: bool) -> None:
        """Light <-> dark: the window's own stylesheet (when it carries the application's), and
        the colours it put in stylesheets (the environment badge, the clock-skew warning)."""
        if self._own_stylesheet and dark != self._styled_dark:
            self._styled_dark = dark
            self.setStyleSheet(theme.app_stylesheet(dark))
        self._update_status()
        self._update_skew_label()
        for appearance, action in self.appearance_actions.items():
            action.setChecked(appearance == self.settings.theme())

    def retranslate_ui(self) -> None:
        """Every text of the window itself in the language now installed (the panels do their
        own on the same event)."""
        self._texts.apply()
        self._update_keyring_label()
        self._update_skew_label()
        self._update_status()
        self._update_tokens_tab()
        for code, action in self.language_actions.items():
            action.setChecked(code == i18n.current_language())
        self.buddhist_era_action.blockSignals(True)
        self.buddhist_era_action.setChecked(i18n.buddhist_era())
        self.buddhist_era_action.blockSignals(False)

    # --- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._save_on_close:
            self.save_layout()
        self.ticker.stop()
        if self._lan_mode is not None:
            self._lan_mode.disable()
        self.bridge.cancel_all()
        flow = self.session.flow
        if flow is not None:
            flow.cancel()
        self.bridge.detach()
        self.exchange_panel.model.detach()
        super().closeEvent(event)
        if not self._closed:
            self._closed = True
            QTimer.singleShot(0, self.closed.emit)
