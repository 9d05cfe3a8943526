"""The support report: built from a real session against the local sandbox, it shows every
requestUId, the tokens by both clocks and the skew, and no secret; a report that would carry a
secret is refused and nothing is written."""

from __future__ import annotations

import dataclasses
import itertools
import platform
import re
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scb_console import __version__
from scb_console.core.client import SCBClient
from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.errors import ApiError, ExportError
from scb_console.core.exchange import ExchangeLog
from scb_console.core.flow import FlowEvent, UserFlow
from scb_console.core.masking import mask
from scb_console.core.models import Profile, TokenSet
from scb_console.core.report import (
    Report,
    SecretScanner,
    SessionData,
    TimelineEntry,
    _forms,
    assert_no_secrets,
    build_report,
    collect_versions,
    commit_report,
    report_format,
    write_report,
    write_report_steps,
)
from scb_console.sandbox import EmbeddedSandbox

from .sandbox_flow import approve, local_profile

QT = {"Qt": "6.12.0-test", "PySide6": "6.12.0-test"}
T = TypeVar("T")


@dataclass
class Session:
    """A session made for real: its log, tokens, flow events and every secret it saw."""

    clock: FakeClock
    profile: Profile
    log: ExchangeLog = field(default_factory=ExchangeLog)
    tokens: list[TokenSet] = field(default_factory=list)
    events: list[TimelineEntry] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    flow: UserFlow | None = None

    def record(self, event: FlowEvent) -> None:
        self.events.append(
            TimelineEntry(
                wall=self.clock.wall(),
                state=event.state.value,
                previous=event.previous.value,
                message=event.message,
                profile=self.profile.name,
                environment=self.profile.environment.value,
                error=event.error is not None,
                after_seq=self.log.records[-1].seq if self.log.records else 0,
            )
        )

    def data(self) -> SessionData:
        return SessionData(
            clock=self.clock,
            exchanges=self.log.records,
            tokens=self.tokens,
            events=self.events,
            profile=self.profile,
            versions=QT,
            flow_state=self.flow.state.label if self.flow is not None else "",
        )


@pytest.fixture
async def session(http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock) -> Session:
    """A wrong secret, then server token, the 3-legged flow, the profile call, an expired
    code, a refresh and a failing profile call: every kind of line a report has."""
    profile = local_profile(sandbox)
    secret = sandbox.config.apps[0].api_secret
    made = Session(clock, profile, secrets=[secret, "wrong-secret-000000"])
    wrong = SCBClient(http, profile, "wrong-secret-000000", clock=clock, log=made.log)
    with pytest.raises(ApiError):
        await wrong.server_token()
    client = SCBClient(http, profile, secret, clock=clock, log=made.log)
    sandbox.set_faults(endpoint="token", clock_offset=2)
    made.tokens.append(await client.server_token())
    flow = made.flow = UserFlow(client, clock=clock)
    flow.subscribe(made.record)
    # a code that expires before it is exchanged
    flow.accept_text(await approve(http, sandbox, await flow.authorize()))
    assert flow.code is not None
    made.secrets.append(flow.code)
    clock.advance(61)
    flow.tick()
    # then the whole flow
    flow.accept_text(await approve(http, sandbox, await flow.authorize()))
    assert flow.code is not None
    made.secrets.append(flow.code)
    clock.advance(3)
    made.tokens.append(await flow.exchange())
    await client.customer_profile(made.tokens[-1])
    clock.advance(1700)
    made.tokens.append(await flow.refresh())
    sandbox.set_faults(endpoint="profile", error_rate=1.0)
    with pytest.raises(ApiError):
        await client.customer_profile(made.tokens[-1])
    for token in made.tokens:
        made.secrets.append(token.access_token)
        if token.refresh_token:
            made.secrets.append(token.refresh_token)
    return made


# --- what a report shows ----------------------------------------------------------------------


def test_the_report_has_every_request_uid_and_no_secret(session: Session) -> None:
    report = build_report(session.data())
    records = session.log.records
    assert len(records) == 8
    for text in (report.html, report.markdown):
        for record in records:
            assert record.request_uid in text, record.step
        for secret in session.secrets:
            assert secret not in text
        assert_no_secrets(text, session.secrets)  # the writer's own check agrees
        for token in session.tokens:
            assert mask(token.access_token) in text
            assert token.request_uid in text
    # the API secret, a wrong one, two codes, three access tokens and a refresh token
    assert len(set(session.secrets)) == 8


def test_the_report_shows_the_timeline_tokens_clocks_profile_and_versions(
    session: Session,
) -> None:
    report = build_report(session.data())
    text = report.markdown
    html = report.html
    # the timeline: flow events with their times, among the exchanges
    assert "Code received" in text
    assert "Code expired" in text
    assert "Authorized" in text
    assert "15:06:40.000" in text  # FakeClock's start, in UTC
    timeline = text.split("## Flow timeline")[1].split("## Exchanges")[0]
    happened = [row.split(" | ")[2] for row in timeline.splitlines() if row.startswith("| 15:")]
    assert happened == [
        "Server token: POST /partners/sandbox/v1/oauth/token",  # the wrong secret
        "Server token: POST /partners/sandbox/v1/oauth/token",
        "Authorize: GET /partners/sandbox/v2/oauth/authorize",
        "Awaiting consent",
        "Code received",
        "Code expired",
        "Authorize: GET /partners/sandbox/v2/oauth/authorize",
        "Awaiting consent",
        "Code received",
        "Exchanging",
        "Code exchange: POST /partners/sandbox/v1/oauth/token",
        "Authorized",
        "Customer profile: GET /partners/sandbox/v2/customers/profile",
        "Refreshing",
        "Refresh: POST /partners/sandbox/v1/oauth/token/refresh",
        "Authorized",
        "Customer profile: GET /partners/sandbox/v2/customers/profile",
    ]
    # exchanges: method, path, status, SCB code, duration
    assert "| POST | `/partners/sandbox/v1/oauth/token` |" in text
    assert "| 401 | 9500 |" in text
    assert "| 500 | 9700 |" in text
    assert "**What failed**" in text
    # tokens by both clocks: expiresAt is 2 s ahead (the sandbox's clock offset)
    server, user, refreshed = session.tokens
    assert "server token" in text
    assert "user token (code exchange)" in text
    assert "user token (refresh)" in text
    assert "superseded" in text  # the refreshed token
    assert "2025-06-15 15:36:42 UTC | 2025-06-15 15:36:40 UTC" in text  # server | local expiry
    assert "+2.0 s" in text
    assert user.resource_owner_id is not None
    assert user.resource_owner_id in text
    # clocks: the local clock, the server's estimated, the measured skew and the monotonic one
    assert "Local clock (this computer)" in text
    assert "Measured skew" in text
    assert "Monotonic clock" in text
    assert refreshed.request_uid in text
    # profile without secrets; versions
    assert "kept in the OS keyring; not in this report" in text
    assert session.profile.api_key in text
    assert f"| SCB Console | {__version__} |" in text
    assert f"| Python | {platform.python_version()} " in text
    assert "| Qt | 6.12.0-test |" in text
    assert "| PySide6 | 6.12.0-test |" in text
    assert platform.system() in text
    assert "<td>6.12.0-test</td>" not in html  # key/value lists, not tables
    assert "6.12.0-test" in html
    assert server.request_uid in html


def test_the_html_is_one_self_contained_printable_file(session: Session) -> None:
    html = build_report(session.data()).html
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    assert "<style>" in html
    assert "@media print" in html
    for external in ("<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url("):
        assert external not in html.lower(), external
    # balanced enough to be read: every table and section closed
    for tag in ("table", "section", "tr", "dl", "main", "html"):
        assert html.count(f"<{tag}") == html.count(f"</{tag}>"), tag


def test_an_empty_session_reports_so() -> None:
    report = build_report(SessionData(clock=FakeClock()))
    assert "No request was sent in this session." in report.html
    assert "No token was obtained in this session." in report.markdown
    assert "not measured" in report.markdown
    assert "none selected" in report.markdown


def test_strangers_text_is_escaped() -> None:
    profile = Profile(
        name='<script>alert("x")</script> | *bold*',
        environment=Environment.CUSTOM,
        base_url="https://gw.example.test",
    )
    event = TimelineEntry(1_750_000_000.0, "failed", "idle", "boom <b>|</b>", error=True)
    report = build_report(SessionData(clock=FakeClock(), profile=profile, events=[event]))
    assert "<script>" not in report.html
    assert "&lt;script&gt;" in report.html
    assert "boom &lt;b&gt;|&lt;/b&gt;" in report.html
    assert "\\<script\\>" in report.markdown
    assert "\\| \\*bold\\*" in report.markdown


def test_versions_name_the_app_python_and_the_os() -> None:
    found = collect_versions({"Qt": "6"})
    assert list(found)[:3] == ["SCB Console", "Python", "Qt"]
    assert found["OS"] == platform.platform(aliased=True, terse=False)


# --- the check before writing -------------------------------------------------------------------


SECRET = "s3cr3t-&-<value>-0001"
QUOTED = 'q"uote\\slash 0001'


@pytest.mark.parametrize(
    ("secret", "leak"),
    [
        (SECRET, SECRET),
        (SECRET, "s3cr3t-&amp;-&lt;value&gt;-0001"),  # HTML escaped
        (SECRET, "s3cr3t-%26-%3Cvalue%3E-0001"),  # URL quoted
        (QUOTED, 'q\\"uote\\\\slash 0001'),  # JSON escaped
        (QUOTED, "q%22uote%5Cslash+0001"),  # form encoded
    ],
)
def test_assert_no_secrets_refuses_a_secret_in_any_form(secret: str, leak: str) -> None:
    assert leak == secret or secret not in leak
    with pytest.raises(ExportError) as info:
        assert_no_secrets(f"<p>token: {leak}</p>", ["other-secret-1", secret])
    message = str(info.value)
    assert "Refused to write the support report" in message
    assert mask(secret) in message
    assert secret not in message


def test_assert_no_secrets_passes_masked_text_and_ignores_tiny_or_empty_secrets() -> None:
    assert_no_secrets(f"token {mask(SECRET)} and abc", [SECRET, "", "abc"])


def test_a_report_with_a_secret_is_not_written(tmp_path: Path, session: Session) -> None:
    target = tmp_path / "report.html"
    target.write_text("the previous report", encoding="utf-8")
    leaking = Report(html=f"<p>{session.secrets[0]}</p>", markdown="fine", generated_wall=0.0)
    with pytest.raises(ExportError, match="Refused to write"):
        write_report(leaking, target, secrets=session.secrets)
    assert target.read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temp file left
    write_report(leaking, tmp_path / "report.md", secrets=session.secrets)  # markdown is clean


def test_write_report_by_suffix_atomically(tmp_path: Path, session: Session) -> None:
    report = build_report(session.data())
    html = write_report(report, tmp_path / "r.HTML", secrets=session.secrets)
    md = write_report(report, tmp_path / "r.md", secrets=session.secrets)
    assert html.read_text(encoding="utf-8") == report.html
    assert md.read_text(encoding="utf-8") == report.markdown
    assert report_format("x.htm") == "html"
    assert report_format("x.markdown") == "markdown"
    with pytest.raises(ExportError, match=r"\.html or \.md \(not '\.pdf'\)"):
        write_report(report, tmp_path / "r.pdf", secrets=[])
    with pytest.raises(ExportError, match="a name without a suffix"):
        report_format(tmp_path / "r")
    with pytest.raises(ExportError, match="is not a folder"):
        write_report(report, tmp_path / "missing" / "r.md", secrets=[])


def test_an_unwritable_place_is_an_export_error(tmp_path: Path) -> None:
    taken = tmp_path / "r.md"
    taken.mkdir()  # a folder where the file should go: the rename fails (even for root)
    report = build_report(SessionData(clock=FakeClock()))
    with pytest.raises(ExportError, match=r"Could not write the support report to .*r\.md: "):
        write_report(report, taken, secrets=[])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_request_uids_in_the_report_are_whole(session: Session) -> None:
    """No requestUId is cut or wrapped inside a word."""
    html = build_report(session.data()).html
    found = set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", html))
    assert {r.request_uid for r in session.log.records} <= found


# --- in steps (the window runs them a few milliseconds at a time) ------------------------------


def _run(steps: Generator[float | None, None, T]) -> tuple[list[float], T]:
    done: list[float] = []
    while True:
        try:
            value = next(steps)
        except StopIteration as stop:
            return done, stop.value
        if value is not None:
            done.append(value)


def test_the_report_written_in_steps_is_the_report_built(tmp_path: Path, session: Session) -> None:
    report = build_report(session.data())
    for name, text in (("r.html", report.html), ("r.md", report.markdown)):
        target = tmp_path / name
        done, file = _run(write_report_steps(session.data(), target, secrets=session.secrets))
        assert not target.exists()  # written, not yet in place
        assert commit_report(file) == target
        assert target.read_text(encoding="utf-8") == text
        assert done == sorted(done)
        assert done[0] > 0
        assert done[-1] == 1.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.md"]


def test_steps_refuse_a_report_with_a_secret_and_write_nothing(
    tmp_path: Path, session: Session
) -> None:
    leaky = dataclasses.replace(
        session.data(), profile=dataclasses.replace(session.profile, name=session.secrets[0])
    )
    target = tmp_path / "report.html"
    target.write_text("the previous report", encoding="utf-8")
    for name in ("report.html", "report.md"):
        with pytest.raises(ExportError, match="Refused to write") as info:
            _run(write_report_steps(leaky, tmp_path / name, secrets=session.secrets))
        assert session.secrets[0] not in str(info.value)
    assert target.read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temp file left


def test_steps_stopped_halfway_leave_nothing_and_bad_places_are_export_errors(
    tmp_path: Path, session: Session
) -> None:
    steps = write_report_steps(session.data(), tmp_path / "r.md", secrets=session.secrets)
    for value in steps:  # into the writing part
        if value is not None and value > 0.9:
            break
    assert len(list(tmp_path.iterdir())) == 1  # the temporary file
    steps.close()  # the window's task was cancelled
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ExportError, match=r"\.html or \.md \(not '\.pdf'\)"):
        next(write_report_steps(session.data(), tmp_path / "r.pdf", secrets=[]))
    with pytest.raises(ExportError, match="is not a folder"):
        _run(write_report_steps(session.data(), tmp_path / "missing" / "r.md", secrets=[]))
    taken = tmp_path / "r.md"
    taken.mkdir()
    _, file = _run(write_report_steps(SessionData(clock=FakeClock()), taken, secrets=[]))
    with pytest.raises(ExportError, match=r"Could not write the support report to .*r\.md: "):
        commit_report(file)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def _scan(pieces: list[str], secrets: list[str], block: int) -> tuple[str, ExportError | None]:
    """What a scanner lets through of ``pieces`` (blocks of ``block``), and its refusal."""
    scanner = SecretScanner(secrets, block_chars=block)
    cleared: list[str] = []
    try:
        for piece in pieces:
            scanner.add(piece)
            if scanner.ready():
                cleared.append(_run(scanner.scan())[1])
        cleared.append(_run(scanner.scan(final=True))[1])
    except ExportError as exc:
        return "".join(cleared), exc
    return "".join(cleared), None


def test_the_scanner_finds_a_secret_cut_between_pieces_before_letting_any_of_it_through() -> None:
    text = "a" * 20 + "<b>s3cr3t-&amp;-&lt;value&gt;-0001</b>" + "z" * 40
    pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
    cleared, refusal = _scan(pieces, ["other-secret-1", SECRET], block=8)
    assert refusal is not None
    assert mask(SECRET) in str(refusal)
    assert text.startswith(cleared)
    assert len(cleared) <= text.index("s3cr3t")  # not one character of it got through
    cleared, refusal = _scan(pieces, ["other-secret-1"], block=8)
    assert (cleared, refusal) == (text, None)


_letters = st.text(alphabet='ab&<>"%+ -0', max_size=60)


@settings(max_examples=300, deadline=None)
@given(
    text=_letters,
    secrets=st.lists(st.text(alphabet='ab&<>"%+ -0', min_size=1, max_size=8), max_size=3),
    cuts=st.lists(st.integers(min_value=0, max_value=60), max_size=8),
    block=st.integers(min_value=1, max_value=20),
)
def test_the_scanner_agrees_with_assert_no_secrets(
    text: str, secrets: list[str], cuts: list[int], block: int
) -> None:
    bounds = [0, *sorted(c for c in cuts if c <= len(text)), len(text)]
    pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
    try:
        assert_no_secrets(text, secrets)
        leaks = False
    except ExportError:
        leaks = True
    cleared, refusal = _scan(pieces, secrets, block)
    assert (refusal is not None) == leaks
    if not leaks:
        assert cleared == text
    else:
        assert text.startswith(cleared)
        first = min(
            text.index(form)
            for secret in secrets
            if len(secret) >= 4
            for form in _forms(secret)
            if form in text
        )
        assert len(cleared) <= first
