"""The first frame first (issue 7): what it does not show is imported, built and started after it.

- Importing the window's module loads neither the sandbox, httpx, the keyring nor the panels the
  first frame does not show (a fresh interpreter says what got imported).
- :func:`~scb_console.ui.app.open_services` gives the window what its first frame needs; the
  window begins the rest (:func:`~scb_console.ui.app.finish_services`: the receiver, the
  keyring, the HTTP client) once painted, builds the rest of itself, and activates its profile:
  then everything works, over the real sandbox, receiver and HTTP.
- A part not built yet is built when first used (a wizard step, the Tokens tab, the Fault
  rehearsal dock); the secret store and the HTTP client open at once when used early.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QApplication

from scb_console.core.clock import FakeClock
from scb_console.core.contract import DEFAULT_RECEIVER_PORT, Environment
from scb_console.core.errors import ProfileError
from scb_console.core.flow import FlowState
from scb_console.core.models import Profile
from scb_console.core.ports import MemorySecretStore
from scb_console.infra import deferred
from scb_console.infra.profiles import FileProfileStore
from scb_console.sandbox import DEMO_API_SECRET
from scb_console.ui.app import (
    build_services,
    expected_callback_url,
    open_services,
    shutdown_services,
)
from scb_console.ui.credentials import CredentialsPanel
from scb_console.ui.main_window import MainWindow
from scb_console.ui.session import (
    API_SECRET_KEY,
    DeferredSecretStore,
    LazyHttpClient,
    Services,
    Startup,
    WriteBehindProfileStore,
)
from scb_console.ui.settings import UiSettings
from scb_console.ui.wizard import Step
from tests.scripts import run_json_script

from .conftest import WAIT_MS, Runner, close_window

#: What the first frame does not need, so importing the window must not load it.
NOT_FOR_THE_FIRST_FRAME = (
    "scb_console.sandbox",
    "httpx",
    "keyring",
    "aiohttp",
    "scb_console.infra.receiver",
    "scb_console.infra.secrets",
    "scb_console.core.client",
    "scb_console.core.report",
    "scb_console.ui.inspector",
    "scb_console.ui.faults_panel",
    "scb_console.ui.lan_mode",
    "scb_console.ui.report_dialog",
    "scb_console.ui.token_check",
    "scb_console.ui.about",
    "scb_console.ui.demo",
    "scb_console.ui.presentation",
    "scb_console.ui.qr",
    "qrcode",
    "PySide6.QtSvg",
    "importlib.metadata",  # (the version is a literal: no package metadata is read)
    "ctypes",  # only where PySide6 leaks references (scb_console.ui.qtfix)
    "scb_console.core.har",  # the first export's
    "scb_console.cli.profiles_cmd",
    "scb_console.cli.token_cmd",
    "scb_console.cli.console",  # the terminal commands' helpers (stdin, JSON, notes)
)


def _imported_by(module: str) -> set[str]:
    code = f"import json, sys\nimport {module}\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


@pytest.mark.parametrize(
    "module", ["scb_console.ui.main_window", "scb_console.ui.app", "scb_console.cli.main"]
)
def test_importing_the_window_loads_nothing_the_first_frame_does_not_need(module: str) -> None:
    loaded = _imported_by(module)
    assert module in loaded
    found = sorted(
        name
        for name in loaded
        for banned in NOT_FOR_THE_FIRST_FRAME
        if name == banned or name.startswith(banned + ".")
    )
    assert found == [], f"importing {module} loaded {found}"


# --- the real start: first frame, then the rest ---------------------------------------------


@pytest.fixture
def opened(run: Runner, clock: FakeClock) -> Iterator[tuple[Services, list[str]]]:
    """What run_gui has when it builds the window: the sandbox and the first-launch profile."""
    services, notes = run(open_services(clock=clock))
    try:
        yield services, notes
    finally:
        run(shutdown_services(services))


def test_the_first_frame_needs_none_of_the_slow_services_and_the_rest_follows(
    opened: tuple[Services, list[str]], run: Runner, qtbot: Any, tmp_path: Path
) -> None:
    services, notes = opened
    assert any("Local sandbox" in note for note in notes)  # a first launch
    store, http, startup = services.secret_store, services.http, services.startup
    assert isinstance(store, DeferredSecretStore)
    assert not store.ready
    assert isinstance(http, LazyHttpClient)
    assert not http.built
    assert startup is not None
    assert not startup.begun
    assert services.receiver is None
    (profile,) = services.profile_store.load()
    assert profile.callback_url == expected_callback_url()  # what the receiver will listen on
    assert services.profile_store.last_used() == "Local sandbox"
    written = FileProfileStore()  # the same file: written after the first frame
    assert written.load() == []

    window = MainWindow(services, settings=UiSettings(tmp_path / "ui.ini"))
    try:
        # what the first frame shows: the profile (not activated yet), step 0, the docks
        assert window.session.profile is not None
        assert window.session.profile.name == "Local sandbox"
        assert window.profile_label.text() == "Profile: Local sandbox"
        assert window.credentials.current_profile == profile
        assert window.session.client is None
        assert window.session.flow is None
        assert set(window.wizard.pages) == {Step.SERVER_TOKEN}
        assert not window.wizard.server_token_button.isEnabled()  # until the client is made
        assert window.tabs.tabText(1) == "Tokens"
        assert window._inspector is None
        assert window._faults_panel is None
        assert window._lan_mode is None
        assert window._report_recorder is None
        assert window.credentials.api_secret_edit.text() == ""  # the keyring is not open yet
        assert window.keyring_label.text() == ""
        assert not store.ready
        assert not http.built
        assert not startup.begun
        assert not window.is_ready()
        called: list[bool] = []
        window.when_ready(lambda: called.append(window.session.flow is not None))

        window.show()  # the first paint begins the rest
        qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)
        assert called == [True]  # (the demo's menu item waits so: its flow exists then)
        assert startup.done
        receiver = services.receiver
        assert receiver is not None
        assert receiver.running
        (saved,) = written.load()  # (pointed at the receiver's port, should 8765 be taken)
        assert saved.base_url == profile.base_url
        assert saved.callback_url == receiver.callback_url
        assert written.last_used() == "Local sandbox"
        sandbox = services.sandbox
        assert sandbox is not None
        assert sandbox.config.apps[0].callback_urls["mobile_app"] == receiver.callback_url
        assert store.ready
        assert store.get("Local sandbox", API_SECRET_KEY) == DEMO_API_SECRET
        assert isinstance(services.http, httpx.AsyncClient)
        assert window.credentials.api_secret_edit.text() == DEMO_API_SECRET
        assert window.keyring_label.text()
        assert set(window.wizard.pages) == set(Step)
        assert window._inspector is not None
        assert window.tabs.widget(1) is window._inspector
        assert window._faults_panel is None  # no fault on, the dock closed last time
        assert window.faults_view_action in window.view_menu.actions()
        assert window._lan_mode is None  # only when first switched on
        assert window._report_recorder is not None

        # and it works: a server token, then the authorize link, over the real sandbox
        wizard = window.wizard
        assert wizard.server_token_button.isEnabled()
        wizard.server_token_button.click()
        qtbot.waitUntil(lambda: window.inspector.model.rowCount() == 1, timeout=WAIT_MS)
        wizard.go_to(Step.AUTHORIZE)
        wizard.authorize_button.click()
        flow = window.session.flow
        assert flow is not None
        qtbot.waitUntil(lambda: flow.state is FlowState.AWAITING_CONSENT, timeout=WAIT_MS)
        assert receiver.armed  # the redirect will land on the receiver
        assert wizard.qr.text()
    finally:
        close_window(window, run)


def test_the_receiver_takes_another_port_and_the_profiles_follow(
    run: Runner, clock: FakeClock
) -> None:
    blocker = socket.socket()
    blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past an earlier TIME_WAIT
    try:
        try:
            blocker.bind(("127.0.0.1", DEFAULT_RECEIVER_PORT))
            blocker.listen()
        except OSError:
            pass  # taken already: the receiver cannot have it either
        services, _ = run(build_services(clock=clock))
        try:
            receiver = services.receiver
            assert receiver is not None
            assert receiver.running
            assert receiver.callback_url != expected_callback_url()
            (profile,) = services.profile_store.load()
            assert profile.callback_url == receiver.callback_url
            assert services.startup is not None
            assert services.startup.profiles_changed
        finally:
            run(shutdown_services(services))
    finally:
        blocker.close()


def test_shutting_down_before_the_rest_started_or_finished(run: Runner, clock: FakeClock) -> None:
    services, _ = run(open_services(clock=clock))
    run(shutdown_services(services))  # never begun: nothing else to stop
    assert services.sandbox is not None
    assert not services.sandbox.running
    assert services.receiver is None

    services, _ = run(open_services(clock=clock))
    assert services.startup is not None
    services.startup.begin()  # begun, and cancelled mid-way
    run(shutdown_services(services))
    assert services.startup.task is not None
    assert services.startup.task.done()
    assert services.receiver is None or not services.receiver.running
    assert services.http.is_closed


# --- parts built when first used --------------------------------------------------------------


@pytest.fixture
def unshown_window(
    run: Runner, services: Services, tmp_path: Path
) -> Iterator[Callable[[], MainWindow]]:
    """A window never shown: nothing is built after a first frame, only on use."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(services, settings=UiSettings(tmp_path / "ui.ini"))
        window.wizard.open_url = lambda url: True
        windows.append(window)
        return window

    try:
        yield make
    finally:
        for window in windows:
            close_window(window, run)


def test_a_step_the_tokens_tab_and_the_faults_dock_are_built_when_first_used(
    unshown_window: Callable[[], MainWindow], qtbot: Any
) -> None:
    window = unshown_window()
    wizard = window.wizard
    assert set(wizard.pages) == {Step.SERVER_TOKEN}
    assert window.session.flow is not None  # ready services: activated at once

    wizard.go_to(Step.AUTHORIZE)  # shown: built
    assert wizard.is_built(Step.AUTHORIZE)
    assert wizard.current_step is Step.AUTHORIZE
    assert wizard.stack.currentWidget() is wizard.page(Step.AUTHORIZE)
    wizard.authorize_button.click()
    flow = window.session.flow
    qtbot.waitUntil(lambda: flow.state is FlowState.AWAITING_CONSENT, timeout=WAIT_MS)
    assert wizard.deeplink_edit.text().startswith("scbeasysim://")

    assert not wizard.is_built(Step.PROFILE)
    assert not wizard.call_profile_button.isEnabled()  # read: built, and as the flow says
    assert wizard.is_built(Step.PROFILE)

    assert window._inspector is None
    wizard.go_to(Step.SERVER_TOKEN)
    wizard.server_token_button.click()  # the token goes to the Tokens tab: built then
    qtbot.waitUntil(lambda: window._inspector is not None, timeout=WAIT_MS)
    assert window.inspector.model.rowCount() == 1
    assert window.tabs.tabText(1) == "Tokens (1)"
    window.on_show_tokens()
    assert window.tabs.currentWidget() is window.inspector

    assert window._faults_panel is None
    window.faults_action.trigger()
    assert not window.faults_dock.isHidden()  # (the window itself is never shown here)
    assert window.faults_dock.toggleViewAction() in window.view_menu.actions()
    assert window._lan_mode is None  # never asked for
    assert not window.is_ready()  # (never shown: nothing was built after a first frame)
    window.finish_startup()  # everything now
    assert window.is_ready()
    assert set(wizard.pages) == set(Step)
    assert window._lan_mode is None  # only when first switched on
    lan = window.lan_mode  # asked for: built
    assert window._lan_mode is lan
    assert not lan.enabled
    assert window._report_recorder is not None


def test_a_page_not_built_yet_shows_its_banner_and_the_flow_when_built(
    unshown_window: Callable[[], MainWindow], qtbot: Any
) -> None:
    window = unshown_window()
    wizard = window.wizard
    wizard._fail(Step.REFRESH, "the refresh failed", "Authorize again")
    assert not wizard.is_built(Step.REFRESH)
    assert wizard.banner_text(Step.REFRESH) == "the refresh failed"
    page = wizard.page(Step.REFRESH)
    assert page.banner.text() == "the refresh failed"
    assert page.banner.button.text() == "Authorize again"
    wizard.set_auto_refresh(True, 90)
    assert wizard.auto_refresh_check.isChecked()
    assert wizard.margin_spin.value() == 90
    assert not wizard.is_built(Step.EXCHANGE)
    wizard.set_auto_refresh(False, 30)
    assert wizard.auto_refresh_setting() == (False, 30)
    assert not wizard.auto_refresh_check.isChecked()
    assert wizard.margin_spin.value() == 30


# --- the secret store, the HTTP client and the profile file, opened or written late -----------


def test_held_profiles_are_written_before_any_change_of_the_user(tmp_path: Path) -> None:
    file = FileProfileStore(tmp_path / "profiles.toml")
    file.save([Profile("Old", Environment.SANDBOX, "k")])
    store = WriteBehindProfileStore(file)
    store.holding = True
    local = Profile(
        "Local sandbox", Environment.LOCAL, "demo", "http://127.0.0.1:1/partners/sandbox"
    )
    store.save([Profile("Old", Environment.SANDBOX, "k"), local])
    store.set_last_used("Local sandbox")
    with pytest.raises(ProfileError):
        store.set_last_used("Nobody")
    assert store.pending
    assert [p.name for p in store.load()] == ["Old", "Local sandbox"]
    assert store.last_used() == "Local sandbox"
    assert [p.name for p in file.load()] == ["Old"]  # nothing written yet
    assert store.path == file.path  # the file store's own attributes
    store.set_last_used("Old")  # not holding any more? still holding: held too
    assert file.last_used() is None
    store.holding = False
    store.save([local])  # a change of the user's: what was held is written first
    assert not store.pending
    assert file.load() == [local]
    store.flush()  # nothing held: nothing happens
    assert file.load() == [local]


def test_the_deferred_secret_store_opens_once_on_first_use() -> None:
    opened: list[MemorySecretStore] = []

    def opener() -> MemorySecretStore:
        store = MemorySecretStore()
        store.set("p", API_SECRET_KEY, "s3cret")
        opened.append(store)
        return store

    store = DeferredSecretStore(opener)
    assert not store.ready
    assert not store.persistent
    assert store.description == ""
    assert opened == []
    assert store.get("p", API_SECRET_KEY) == "s3cret"  # a read before the app opened it
    assert store.ready
    assert store.description == "session memory only"
    store.set("q", API_SECRET_KEY, "other")
    store.delete("p", API_SECRET_KEY)
    assert store.resolve() is opened[0]
    assert len(opened) == 1
    assert opened[0].get("q", API_SECRET_KEY) == "other"
    assert opened[0].get("p", API_SECRET_KEY) is None
    assert "s3cret" not in repr(store)


def test_the_lazy_http_client_is_made_on_first_use_or_adopted(run: Runner) -> None:
    made: list[httpx.AsyncClient] = []

    def factory() -> httpx.AsyncClient:
        client = httpx.AsyncClient()
        made.append(client)
        return client

    early = LazyHttpClient(factory)
    assert not early.built
    assert not early.is_closed
    timeout = early.timeout  # any attribute of the real client makes it
    assert early.built
    assert len(made) == 1
    assert timeout == made[0].timeout
    spare = httpx.AsyncClient()
    assert not early.adopt(spare)  # one is made already: the caller closes the spare
    run(spare.aclose())
    run(early.aclose())
    assert early.is_closed
    assert made[0].is_closed

    late = LazyHttpClient(factory)
    adopted = httpx.AsyncClient()
    assert late.adopt(adopted)
    assert late.client() is adopted
    assert len(made) == 1
    run(late.aclose())
    assert adopted.is_closed

    never = LazyHttpClient(factory)
    run(never.aclose())
    assert never.is_closed
    assert len(made) == 1
    with pytest.raises(RuntimeError):
        never.client()


def test_credentials_show_the_secret_once_the_store_is_open_and_never_lose_it(
    qtbot: Any, tmp_path: Path
) -> None:
    profiles = FileProfileStore(tmp_path / "profiles.toml")
    profiles.save([Profile("Mine", Environment.SANDBOX, "my-key")])
    memory = MemorySecretStore()
    memory.set("Mine", API_SECRET_KEY, "kept-secret")
    opened: list[bool] = []

    def opener() -> MemorySecretStore:
        opened.append(True)
        return memory

    store = DeferredSecretStore(opener)
    panel = CredentialsPanel(profiles, store)
    qtbot.addWidget(panel)
    panel.load()
    assert panel.current_profile is not None
    assert panel.current_profile.name == "Mine"
    assert panel.api_secret_edit.text() == ""
    assert opened == []
    assert panel.storage_note.text() == ""
    # saving another field before the store opened keeps the stored secret
    panel.api_key_edit.setText("my-key-2")
    assert panel.save_current()
    assert opened == [True]
    assert memory.get("Mine", API_SECRET_KEY) == "kept-secret"
    assert panel.api_secret_edit.text() == "kept-secret"

    second = DeferredSecretStore(lambda: memory)
    panel2 = CredentialsPanel(profiles, second)
    qtbot.addWidget(panel2)
    panel2.load()
    assert panel2.api_secret_edit.text() == ""
    second.resolve()  # the app opens it on a worker thread, then tells the window
    panel2.on_secrets_ready()
    assert panel2.api_secret_edit.text() == "kept-secret"
    assert not panel2.dirty
    assert "session only" in panel2.storage_note.text()


def test_startup_runs_its_callbacks_once_done() -> None:
    begun: list[bool] = []
    startup = Startup(lambda: begun.append(True))
    seen: list[str] = []
    startup.when_done(lambda: seen.append("first"))
    startup.when_done(lambda: 1 / 0)  # a failing callback does not stop the others
    startup.when_done(lambda: seen.append("second"))
    startup.begin()
    startup.begin()
    assert begun == [True]
    assert not startup.done
    assert seen == []
    startup.finish()
    startup.finish()
    assert startup.done
    assert seen == ["first", "second"]
    startup.when_done(lambda: seen.append("late"))
    assert seen[-1] == "late"


def test_a_window_styles_itself_when_the_application_has_no_stylesheet(
    qapp: QApplication, qtbot: Any, unshown_window: Callable[[], MainWindow]
) -> None:
    """run_gui leaves the stylesheet to the window (the same look, for less work)."""
    from scb_console.ui import theme
    from scb_console.ui.app import apply_appearance

    styled = unshown_window()
    assert styled.styleSheet() == ""  # the application's stylesheet applies (tests' way)
    kept = qapp.styleSheet()
    qapp.setStyleSheet("")
    try:
        window = unshown_window()
        assert window.styleSheet() == theme.app_stylesheet(False)
        apply_appearance(qapp, dark=True, stylesheet=False)  # the system went dark
        qtbot.waitUntil(lambda: window.styleSheet() == theme.app_stylesheet(True))
        assert qapp.styleSheet() == ""
    finally:
        apply_appearance(qapp, dark=False, stylesheet=False)
        qapp.setStyleSheet(kept)


def test_the_collector_is_off_during_start_up_and_on_once_the_window_is_shown() -> None:
    import gc

    from scb_console.ui.app import freeze_startup_objects, pause_collector_for_startup

    assert gc.isenabled()
    try:
        assert pause_collector_for_startup() is True
        assert not gc.isenabled()
        kept = gc.get_freeze_count()
        made = [[] for _ in range(1000)]  # objects start-up makes and keeps
        freeze_startup_objects()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= kept + len(made)
        # a start-up that had found the collector off leaves it off
        gc.disable()
        assert pause_collector_for_startup() is False
        freeze_startup_objects(resume_collector=False)
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_faults_dock_comes_when_faults_change_when_open_last_time_or_when_asked(
    unshown_window: Callable[[], MainWindow], services: Services, tmp_path: Path
) -> None:
    """The Fault rehearsal dock is built only when something needs it, so its status-bar
    indicator still shows faults set from elsewhere (the sandbox's API, a partner's test)."""
    from scb_console.sandbox import Faults, FaultSpec

    sandbox = services.sandbox
    assert sandbox is not None
    window = unshown_window()
    window.finish_startup()
    assert window._faults_panel is None
    window.on_tick()
    assert window._faults_panel is None  # nothing changed

    sandbox.set_faults(Faults(default=FaultSpec(error_rate=1.0)))  # from elsewhere
    window.on_tick()
    # the status bar says so at once; the panel (~20 ms to build) waits until asked for
    indicator = window._faults_indicator
    assert indicator is not None
    assert indicator.isVisibleTo(window.statusBar())
    assert "Faults on" in indicator.text()
    assert window._faults_panel is None
    sandbox.set_faults(Faults())
    window.on_tick()
    assert not indicator.isVisibleTo(window.statusBar())
    sandbox.set_faults(Faults(default=FaultSpec(error_rate=1.0)))
    window.on_tick()
    indicator.click()  # shows the panel, which adopts the indicator
    assert window._faults_panel is not None
    assert window.faults_panel.indicator is indicator
    assert not window.faults_dock.isHidden()
    # the View menu's placeholder gave its place to the dock's own action
    assert window.faults_view_action not in window.view_menu.actions()
    assert window.faults_dock.toggleViewAction() in window.view_menu.actions()
    sandbox.set_faults(Faults())
    window.on_tick()
    assert not indicator.isVisibleTo(window.statusBar())

    # open when the window closed: built after the next one's first frame
    window.faults_dock.setVisible(True)
    window.save_layout()
    assert UiSettings(tmp_path / "ui.ini").faults_dock_open()
    again = unshown_window()
    assert again._faults_panel is None
    again.finish_startup()
    assert again._faults_panel is not None

    # faults already on at start (--sandbox-fault): built after the first frame
    window.faults_dock.setVisible(False)
    window.save_layout()
    sandbox.set_faults(Faults(default=FaultSpec(latency_ms=5)))
    try:
        third = unshown_window()
        third.finish_startup()
        assert third._faults_panel is not None
    finally:
        sandbox.set_faults(Faults())

    # asked for from the View menu
    fresh = unshown_window()
    assert fresh._faults_panel is None
    fresh.faults_view_action.trigger()
    assert fresh._faults_panel is not None
    assert not fresh.faults_dock.isHidden()


def test_the_report_recorder_made_with_the_window_loads_none_of_the_report() -> None:
    """The support report's recorder runs from the first flow event; the report itself (its
    HTML, the HAR helpers) loads only for an export (see test_report_ui.py)."""
    loaded = _imported_by("scb_console.ui.session_recorder")
    report = {
        "scb_console.core.report",
        "scb_console.core.har",
        "scb_console.ui.report_dialog",
        "html.entities",
    }
    assert "scb_console.ui.session_recorder" in loaded
    assert report & loaded == set()


@pytest.mark.timeout(120)
def test_pysides_put_off_widget_classes_are_made_before_the_first_flow(
    test_home: Path, tmp_path: Path
) -> None:
    """PySide6 makes the QtWidgets classes it put off (~70 enums, ~10 ms) the first time a
    C++ widget with no Python object reaches Python; left to chance, that was the first flow's
    first exchange (the exchange log asks for its table's viewport). The window's deferred work
    does it first, so the exchanges of the screenshot's flow make no class and no enum."""
    code = textwrap.dedent(
        """
        import enum, json, sys
        from scb_console.ui import app
        from scb_console.ui.exchange_view import ExchangeLogPanel
        made = []
        real = enum.EnumType._create_
        def create(cls, name, *args, **kwargs):
            made.append(name)
            return real(cls, name, *args, **kwargs)
        enum.EnumType._create_ = create
        real_throttle = ExchangeLogPanel._throttle_painting
        calls, during = [], []
        def throttle(self, *args):
            before = len(made)
            real_throttle(self, *args)
            calls.append(1)
            during.extend(made[before:])
        ExchangeLogPanel._throttle_painting = throttle
        code = app.run_gui(screenshot=sys.argv[1])
        print(json.dumps({"code": code, "enums": len(made), "exchanges": len(calls),
                          "made by an exchange": during}))
        """
    )
    report = run_json_script(code, str(tmp_path / "shot.png"), timeout=110)
    assert report["code"] == 0
    assert report["enums"] > 100  # (the hook saw PySide6 make its enums)
    assert report["exchanges"] >= 1
    assert report["made by an exchange"] == []


@pytest.mark.timeout(120)
def test_modules_the_libraries_import_but_the_console_never_uses_are_never_run(
    test_home: Path, tmp_path: Path
) -> None:
    """``run_gui`` defers :data:`~scb_console.infra.deferred.UNUSED_AT_LOAD` before anything
    imports them: after the screenshot's flow (and, with a session bus, the keyring's
    opening), each is still waiting to be asked for a name."""
    code = textwrap.dedent(
        """
        import json, sys
        from scb_console.infra import deferred
        from scb_console.ui import app
        code = app.run_gui(screenshot=sys.argv[1])
        print(json.dumps({
            "code": code,
            "state": {
                name: getattr(sys.modules.get(name), "loaded", type(sys.modules.get(name)).__name__)
                for name in deferred.UNUSED_AT_LOAD
            },
            "keyring": "keyring" in sys.modules,
            "httpx": "httpx" in sys.modules,
        }))
        """
    )
    report = run_json_script(code, str(tmp_path / "shot.png"), timeout=110)
    assert report["code"] == 0
    assert report["httpx"] is True  # (the flow ran its exchanges)
    assert report["state"] == dict.fromkeys(deferred.UNUSED_AT_LOAD, False)
