"""The log file: in the platform's log folder, private, rotating, one handler, secrets masked."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scb_console.infra import logfile
from scb_console.infra.logfile import (
    BACKUP_COUNT,
    LOG_FILE_NAME,
    MAX_BYTES,
    PrivateRotatingFileHandler,
    current_log_file,
    mask_secrets,
    setup_logging,
    shutdown_logging,
)
from scb_console.sandbox import EmbeddedSandbox

SENTINEL = "S3NT1NEL-5ecret-0f-thirty-two-chars"
log = logging.getLogger("scb_console.tests.logfile")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", "httpx", "httpcore")}
    yield
    shutdown_logging()
    root.setLevel(levels.pop(""))
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, PrivateRotatingFileHandler)]


def flush() -> None:
    for handler in ours():
        handler.flush()


def test_the_default_folder_is_the_platforms_log_folder_under_xdg_state_home() -> None:
    path = setup_logging()
    state_home = Path(os.environ["XDG_STATE_HOME"])
    assert path == logfile.log_dir() / LOG_FILE_NAME
    assert state_home in path.parents
    assert path.is_file()
    assert current_log_file() == path.absolute()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_file_is_private_and_so_is_a_new_folder(tmp_path: Path) -> None:
    path = setup_logging(log_dir=tmp_path / "logs")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_existing_readable_file_is_made_private(tmp_path: Path) -> None:
    existing = tmp_path / LOG_FILE_NAME
    existing.write_text("old line\n")
    existing.chmod(0o644)
    setup_logging(log_dir=tmp_path)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    assert existing.read_text().startswith("old line\n")


def test_secrets_in_a_url_headers_a_json_body_args_and_a_traceback_are_masked(
    tmp_path: Path,
) -> None:
    path = setup_logging(log_dir=tmp_path)
    log.info("redirect received: %s", f"http://127.0.0.1:8765/callback?code={SENTINEL}&state=x")
    log.info("request headers:\nauthorization: Bearer %s\napisecret: %s", SENTINEL, SENTINEL)
    body = {
        "applicationKey": "key-is-not-secret",
        "applicationSecret": SENTINEL,
        "authCode": SENTINEL,
        "refreshToken": SENTINEL,
        "data": {"accessToken": SENTINEL},
    }
    log.info("response body %s", json.dumps(body))
    log.info("as a dict in the args: %r", {"accessToken": SENTINEL, "expiresIn": 1800})
    log.warning("a form body: grant=x&code=%s header Authorization=Bearer %s", SENTINEL, SENTINEL)
    try:
        raise RuntimeError(f"exchange failed for code={SENTINEL}")
    except RuntimeError:
        log.exception("with a traceback")
    log.info("stack", stack_info=True, extra={"unused": SENTINEL})
    flush()
    text = path.read_text(encoding="utf-8")
    assert SENTINEL not in text
    # every record was written, masked: the first four characters and the length remain
    masked = f"{SENTINEL[:4]}…({len(SENTINEL)})"
    assert text.count(masked) == 11
    assert "key-is-not-secret" in text  # not everything is masked
    assert '"expiresIn": 1800' in text or "'expiresIn': 1800" in text
    assert "RuntimeError: exchange failed for code=" in text


def test_the_status_code_stays_readable(tmp_path: Path) -> None:
    path = setup_logging(log_dir=tmp_path)
    log.info('status {"code": 1000, "description": "Success"} status_code=200 errorcode=5')
    flush()
    assert '{"code": 1000, "description": "Success"} status_code=200 errorcode=5' in (
        path.read_text(encoding="utf-8")
    )


def test_a_broken_format_string_is_logged_not_raised(tmp_path: Path) -> None:
    path = setup_logging(log_dir=tmp_path)
    # straight to our handler: pytest's own capture handler would raise on this record first
    record = log.makeRecord(
        log.name, logging.INFO, __file__, 1, "%d items for code=%s", ("x",), None
    )
    ours()[0].handle(record)
    flush()
    text = path.read_text(encoding="utf-8")
    assert "items for code=" in text
    assert "Logging error" not in text


def test_httpx_writes_no_request_url_at_info(tmp_path: Path, sandbox: EmbeddedSandbox) -> None:
    path = setup_logging(log_dir=tmp_path)
    url = f"{sandbox.root_url}/callback-that-is-not-there?code={SENTINEL}"
    with httpx.Client() as client:
        client.get(url)
    flush()
    assert "HTTP Request" not in path.read_text(encoding="utf-8")
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.WARNING

    # and were httpx let through again, the filter would still mask its URL
    logging.getLogger("httpx").setLevel(logging.INFO)
    with httpx.Client() as client:
        client.get(url)
    flush()
    text = path.read_text(encoding="utf-8")
    assert "HTTP Request: GET" in text
    assert SENTINEL not in text


def test_the_file_rotates_and_keeps_five_old_files(tmp_path: Path) -> None:
    path = setup_logging(log_dir=tmp_path)
    line = "x" * 1000
    for _ in range(MAX_BYTES * (BACKUP_COUNT + 2) // 1000):
        log.info("%s code=%s", line, SENTINEL)
    flush()
    rotated = sorted(p.name for p in tmp_path.iterdir() if p.name != LOG_FILE_NAME)
    assert rotated == [f"{LOG_FILE_NAME}.{n}" for n in range(1, BACKUP_COUNT + 1)]
    for file in tmp_path.iterdir():
        assert file.stat().st_size <= MAX_BYTES
        assert SENTINEL not in file.read_text(encoding="utf-8")
        if os.name == "posix":
            assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert path.stat().st_size > 0


def test_setup_is_idempotent(tmp_path: Path) -> None:
    first = setup_logging(log_dir=tmp_path)
    second = setup_logging(log_dir=tmp_path, level="DEBUG")
    assert first == second
    assert len(ours()) == 1
    assert ours()[0].level == logging.DEBUG
    log.info("once")
    flush()
    assert first.read_text(encoding="utf-8").count(": once") == 1


def test_setup_with_another_folder_moves_the_log(tmp_path: Path) -> None:
    first = setup_logging(log_dir=tmp_path / "a")
    old = ours()[0]
    second = setup_logging(log_dir=tmp_path / "b")
    assert len(ours()) == 1
    assert old.stream is None or old.stream.closed
    log.info("after the move")
    flush()
    assert "after the move" in second.read_text(encoding="utf-8")
    assert "after the move" not in first.read_text(encoding="utf-8")


def test_info_reaches_the_file_when_the_root_logger_was_at_warning(tmp_path: Path) -> None:
    logging.getLogger().setLevel(logging.WARNING)
    path = setup_logging(log_dir=tmp_path, level="info")
    log.info("an info line")
    log.debug("a debug line")
    flush()
    text = path.read_text(encoding="utf-8")
    assert "an info line" in text
    assert "a debug line" not in text


def test_an_unknown_level_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="log level 'LOUD' is not one of"):
        setup_logging(log_dir=tmp_path, level="LOUD")
    assert ours() == []


def test_a_folder_that_cannot_be_made_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OSError, match=r"cannot open the log file .*scb-console\.log"):
        setup_logging(log_dir=blocker / "logs")
    assert ours() == []


_SECRET_CHARS = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/",
    min_size=9,
    max_size=80,
)
_CONTEXTS = (
    "GET /callback?code={}&state=1",
    "code={}",
    "Authorization: Bearer {}",
    "sent apisecret: {} to SCB",
    '{{"refreshToken": "{}"}}',
    "{{'accessToken': '{}'}}",
    "accessToken={}",
    "bearer token Bearer {}",
    "applicationSecret = {}",
)


@settings(max_examples=150, deadline=None)
@given(secret=_SECRET_CHARS, context=st.sampled_from(_CONTEXTS))
def test_mask_secrets_hides_the_secret_and_is_idempotent(secret: str, context: str) -> None:
    # (a "secret" that is part of the line's own words, such as "refreshTo" in "refreshToken",
    # stays there: what must go is the value)
    assume(secret not in context.format(""))
    masked = mask_secrets(context.format(secret))
    assert secret not in masked
    assert f"…({len(secret)})" in masked
    assert mask_secrets(masked) == masked
