"""The autopilot (``scb-console --demo``): the whole story in the real window, on the sandbox.

The subprocess tests run the real command (offscreen, in the per-test XDG folders the root
conftest sets) against its own embedded sandbox; the in-process tests drive the autopilot of a
window over the test sandbox (on the FakeClock) and check what it does at each step.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from scb_console.core.contract import Environment
from scb_console.core.flow import FlowState
from scb_console.core.models import TokenKind
from scb_console.sandbox import DEMO_API_SECRET
from scb_console.ui.demo import (
    DEMO_FAILED_EXIT,
    DemoAutopilot,
    DemoState,
    autopilot_for,
    start_demo,
    story,
)
from scb_console.ui.main_window import MainWindow
from scb_console.ui.session import API_SECRET_KEY, LOCAL_PROFILE_NAME
from scb_console.ui.wizard import Step

from .conftest import WAIT_MS

#: A run of the whole story at a high speed takes well under this (ms).
RUN_MS = 30_000


def _cli(*args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)  # the per-test XDG_* folders: a first launch, nothing shared
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "scb_console.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


# --- the command ---------------------------------------------------------------------------------


def test_demo_exit_when_done_passes(test_home: Path) -> None:
    result = _cli("--demo", "--exit-when-done", "--demo-speed", "50")
    assert result.returncode == 0, result.stderr
    assert "demo done: all 7 steps passed" in result.stdout
    assert "Traceback" not in result.stderr
    assert "failed" not in result.stderr
    # it ran against a first launch's Local sandbox profile, in the test's own folders
    assert (test_home / "config" / "scb-console" / "profiles.toml").is_file()


def test_demo_names_the_failing_step(test_home: Path) -> None:
    result = _cli(
        "--demo", "--exit-when-done", "--demo-speed", "50", "--sandbox-fault", "token:error_rate=1"
    )
    assert result.returncode == DEMO_FAILED_EXIT, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("demo failed")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("demo failed at step 'Server token': ")
    assert "requestUId" in lines[0]  # SCB's 9700 answer, named by its requestUId
    assert "Traceback" not in result.stderr
    assert "demo done" not in result.stdout


def test_demo_options_are_checked_before_the_window_opens() -> None:
    bad_speed = _cli("--demo", "--demo-speed", "0")
    assert bad_speed.returncode == 2
    assert "--demo-speed" in bad_speed.stderr
    assert "above 0" in bad_speed.stderr
    bad_fault = _cli("--demo", "--sandbox-fault", "tokens:error_rate=1")
    assert bad_fault.returncode == 2
    assert "--sandbox-fault" in bad_fault.stderr
    assert "ENDPOINT:SETTING=VALUE" in bad_fault.stderr
    bad_value = _cli("--demo", "--sandbox-fault", "token:error_rate=lots")
    assert bad_value.returncode == 2
    assert "token:error_rate=lots" in bad_value.stderr
    assert "not a number" in bad_value.stderr
    alone = _cli("--exit-when-done")
    assert alone.returncode == 2
    assert "--exit-when-done needs --demo" in alone.stderr
    for result in (bad_speed, bad_fault, bad_value, alone):
        assert "Traceback" not in result.stderr


# --- in the window -------------------------------------------------------------------------------


def _finished(qtbot: Any, pilot: DemoAutopilot, timeout: int = RUN_MS) -> tuple[bool, str]:
    qtbot.waitUntil(
        lambda: pilot.state in (DemoState.DONE, DemoState.FAILED, DemoState.STOPPED),
        timeout=timeout,
    )
    return pilot.state is DemoState.DONE, pilot.message


def test_autopilot_plays_the_whole_story(window: MainWindow, qtbot: Any) -> None:
    seen: list[tuple[int, str]] = []
    pages: list[Step] = []
    wizard = window.wizard
    pilot = DemoAutopilot(window, speed=500)
    pilot.step_started.connect(lambda index, name: seen.append((index, name)))
    pilot.step_done.connect(lambda *_: pages.append(wizard.current_step))
    with qtbot.waitSignal(pilot.finished, timeout=RUN_MS) as blocker:
        pilot.start()
    ok, message = blocker.args
    assert ok, message
    assert message.startswith("demo done: all 7 steps passed")
    names = [step.name for step in story()]
    assert seen == list(enumerate(names))
    # a caption per step, each different, then the closing one
    headlines = [step.headline for step in story()]
    assert pilot.captions == [*headlines, "That is the whole sign-in story"]
    assert len(set(headlines)) == len(headlines)
    assert pilot.caption.isVisible()
    assert pilot.caption.headline.text() == "That is the whole sign-in story"
    # each step showed its own page of the real wizard, in story order
    assert pages == [
        Step.SERVER_TOKEN,
        Step.AUTHORIZE,
        Step.RECEIVE,  # the code arrived: the wizard shows the ring
        Step.RECEIVE,
        Step.EXCHANGE,
        Step.PROFILE,
        Step.REFRESH,
    ]
    # and really did it: the exchanges, the tokens, the profile on screen
    steps = [record.step for record in window.services.exchange_log.records]
    assert steps == ["server_token", "authorize", "exchange_code", "customer_profile", "refresh"]
    flow = window.session.flow
    assert flow is not None
    assert flow.state is FlowState.AUTHORIZED
    assert flow.tokens is not None
    assert flow.tokens.replaces is not None
    kinds = [token.kind for token in window.inspector.model.tokens()]
    assert kinds == [TokenKind.SERVER, TokenKind.USER, TokenKind.USER]
    assert wizard.english_name_label.text() not in ("", "—")
    assert pilot.state is DemoState.DONE
    assert not pilot.pause_action.isEnabled()
    assert pilot.restart_action.isEnabled()


def test_pause_step_resume_and_restart(window: MainWindow, qtbot: Any) -> None:
    log = window.services.exchange_log
    captions: list[str] = []
    pilot = DemoAutopilot(window, speed=1.0)  # 1.5 s lead-in, 4 s dwell: nothing moves by itself
    pilot.caption_changed.connect(lambda headline, _text: captions.append(headline))
    pilot.start()
    pilot.pause()
    assert pilot.state is DemoState.PAUSED
    assert pilot.paused
    assert pilot.caption.status.text().endswith("Paused")
    assert pilot.pause_action.text() == "Resume"
    assert not pilot.waiting()  # no timer: a paused demo does not move on
    assert pilot.index == 0
    assert pilot.phase == "lead"
    assert captions == [story()[0].headline]
    assert len(log.records) == 0  # nothing sent yet: the caption comes first

    pilot.step_forward()  # the server token step's action: the real button, a real request
    qtbot.waitUntil(lambda: pilot.phase == "dwell", timeout=WAIT_MS)
    assert [r.step for r in log.records] == ["server_token"]
    assert pilot.state is DemoState.PAUSED
    assert not pilot.waiting()
    assert window.wizard.server_token_value.text() != "—"

    window.activateWindow()
    qtbot.keyClick(window.wizard.step_list, Qt.Key.Key_Right)  # Right: the next step, now
    qtbot.waitUntil(lambda: pilot.index == 1 and pilot.phase == "dwell", timeout=WAIT_MS)
    assert captions[-1] == story()[1].headline
    assert window.wizard.deeplink_edit.text().startswith("scbeasysim://login/")
    assert pilot.state is DemoState.PAUSED

    qtbot.keyClick(window.wizard.step_list, Qt.Key.Key_Space)  # Space: resume...
    assert pilot.state is DemoState.RUNNING
    assert pilot.waiting()
    assert pilot.pause_action.text() == "Pause"
    qtbot.keyClick(window.wizard.step_list, Qt.Key.Key_Space)  # ...and pause again
    assert pilot.state is DemoState.PAUSED
    assert not pilot.waiting()
    assert pilot.index == 1

    before = len(log.records)
    captions.clear()
    pilot.set_speed(500)
    pilot.restart()  # from the top: the flow is cleared, the story starts again
    flow = window.session.flow
    assert flow is not None
    assert flow.state is FlowState.IDLE
    assert pilot.state is DemoState.RUNNING
    assert pilot.index == 0
    assert captions == [story()[0].headline]
    assert window.wizard.server_token_value.text() == "—"
    ok, message = _finished(qtbot, pilot)
    assert ok, message
    assert captions[: len(story())] == [step.headline for step in story()]
    assert len(log.records) == before + 5
    # the demo is over: Space is the window's again
    assert not pilot.space_shortcut.isEnabled()
    assert not pilot.right_shortcut.isEnabled()


def test_step_forward_while_playing_skips_the_wait(window: MainWindow, qtbot: Any) -> None:
    pilot = DemoAutopilot(window, speed=0.01)  # a lead-in of minutes: only Step moves it
    pilot.start()
    assert pilot.waiting()
    assert pilot.phase == "lead"
    pilot.step_action.trigger()
    qtbot.waitUntil(lambda: pilot.phase == "dwell", timeout=WAIT_MS)
    assert pilot.state is DemoState.RUNNING
    assert pilot.waiting()
    pilot.step_action.trigger()
    assert pilot.index == 1
    qtbot.waitUntil(lambda: pilot.phase == "dwell", timeout=WAIT_MS)
    flow = window.session.flow
    assert flow is not None
    assert flow.state is FlowState.AWAITING_CONSENT
    pilot.stop_action.trigger()
    assert pilot.state is DemoState.STOPPED
    assert not pilot.caption.isVisible()
    assert not pilot.waiting()


def test_a_failing_step_is_named_and_the_demo_stops(
    window: MainWindow, qtbot: Any, sandbox: Any
) -> None:
    sandbox.set_faults(endpoint="profile", error_rate=1.0)
    pilot = DemoAutopilot(window, speed=500)
    pilot.start()
    ok, message = _finished(qtbot, pilot)
    assert not ok
    assert message.startswith("demo failed at step 'Customer profile': ")
    assert "requestUId" in message
    assert pilot.caption.headline.text() == "The demo stopped at “Customer profile”"
    assert pilot.caption.status.text().endswith("Stopped")
    assert pilot.restart_action.isEnabled()
    assert not pilot.step_action.isEnabled()
    # the steps before it did happen, and their results stay on screen
    flow = window.session.flow
    assert flow is not None
    assert flow.state is FlowState.AUTHORIZED
    sandbox.set_faults()
    pilot.restart()
    ok, message = _finished(qtbot, pilot)
    assert ok, message


def test_autopilot_switches_to_the_local_profile_first(window: MainWindow, qtbot: Any) -> None:
    credentials = window.credentials
    assert credentials.add_profile("Partner sandbox", Environment.SANDBOX)
    window.services.secret_store.set("Partner sandbox", API_SECRET_KEY, "partner-secret-0001")
    credentials.select_profile("Partner sandbox")
    assert window.session.environment is Environment.SANDBOX
    window.play_demo_action.trigger()  # Flow ▸ Play demo
    pilot = autopilot_for(window)
    assert pilot is not None
    assert pilot.steps[0].name == "Local sandbox"
    assert pilot.captions[0] == f"Switching to the {LOCAL_PROFILE_NAME} profile"
    assert "no request goes to SCB" in pilot.caption.text.text()
    profile = window.session.profile
    assert profile is not None
    assert profile.name == LOCAL_PROFILE_NAME
    pilot.set_speed(500)
    ok, message = _finished(qtbot, pilot)
    assert ok, message
    assert message.startswith("demo done: all 8 steps passed")
    records = window.services.exchange_log.records
    assert records
    assert all(r.profile_name == LOCAL_PROFILE_NAME for r in records)
    assert all(DEMO_API_SECRET not in r.request_body for r in records)  # masked in the log


def test_play_demo_again_restarts_from_a_clean_flow(window: MainWindow, qtbot: Any) -> None:
    first = start_demo(window, speed=500)
    ok, _ = _finished(qtbot, first)
    assert ok
    again = start_demo(window, speed=500)
    assert again is first  # one autopilot per window
    assert again.state is DemoState.RUNNING
    assert again.index == 0
    flow = window.session.flow
    assert flow is not None
    assert flow.tokens is None
    ok, message = _finished(qtbot, again)
    assert ok, message
