"""The docs cannot rot: README.md's and docs/*.md's commands are run, or at least parsed.

Every fenced ``sh`` block of the README after its first screen carries a marker on the line
before it, saying how this module checks it (the pages in docs/ may carry one too; a block
without one has its ``scb-console`` lines parsed)::

    <!-- doc-test: run -->             run as a bash script against a fresh local sandbox
    <!-- doc-test: sandbox -->         each line starts a sandbox: it must come up, then stop
    <!-- doc-test: token-user -->      run, approving the login on the sandbox as a customer
    <!-- doc-test: parse -->           every scb-console line parses with the real parser
    <!-- doc-test: pytest -->          (python) run with pytest
    <!-- doc-test: python -->          (python) run
    <!-- doc-test: sandbox-config -->  (toml) a sandbox config file the sandbox must accept

Commands run as written, in a throwaway home (XDG folders, a file-backed test keyring), with
two rewrites: the sandbox's documented port 8766 becomes the free port a fresh sandbox got, and
``token user`` listens on a free port instead of 8765. The README's first two commands (the
lead's first screen) are checked against what ``.ci/run`` runs. ``docs/cli.md``'s ``--help``
texts must match the program's (``python scripts/make_cli_docs.py`` rewrites them), every link
and image must exist, and the screenshot script must still walk the real window.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tomllib
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
SCREENSHOTS = DOCS / "screenshots"
#: The standalone sandbox's documented port, and the receiver's.
DOC_SANDBOX_PORT = "8766"
DOC_RECEIVER_PORT = "8765"
TIMEOUT = 60.0

#: The README's first screen, as the lead wrote it: these two blocks, exactly.
FIRST_SCREEN = (
    "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/scb-console",
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest",
)
MARKERS = {"run", "sandbox", "token-user", "parse", "pytest", "python", "sandbox-config"}
_MARKER = re.compile(r"^<!-- doc-test: ([a-z-]+) -->$")
#: Shell words that end a command.
_ENDERS = {"|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1"}


# --- reading the pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    marker: str | None
    text: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of ``page``, with the doc-test marker on the line before each."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```") and line.strip() != "```":
            lang = line[3:].strip()
            start = index
            index += 1
            body: list[str] = []
            while index < len(lines) and lines[index].strip() != "```":
                body.append(lines[index])
                index += 1
            previous = next((ln.strip() for ln in reversed(lines[:start]) if ln.strip()), "")
            match = _MARKER.match(previous)
            found.append(
                Block(page, start + 1, lang, match.group(1) if match else None, "\n".join(body))
            )
        index += 1
    return found


def all_blocks() -> list[Block]:
    return [block for page in PAGES for block in blocks(page)]


def shell_lines(text: str) -> list[str]:
    """The logical lines of a shell block (backslash continuations joined, blank ones out)."""
    joined = text.replace("\\\n", " ")
    return [line for line in joined.splitlines() if line.strip()]


def console_commands(text: str) -> list[list[str]]:
    """The argument lists of every ``scb-console`` command in a shell block."""
    commands: list[list[str]] = []
    for line in shell_lines(text):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise AssertionError(f"cannot split {line!r}: {exc}") from None
        for index, word in enumerate(words):
            if word == "scb-console":
                args: list[str] = []
                for arg in words[index + 1 :]:
                    if arg in _ENDERS or arg.startswith((">", "<")):
                        break
                    args.append(arg)
                commands.append(args)
    return commands


def blocks_marked(marker: str) -> list[Block]:
    return [block for block in all_blocks() if block.marker == marker]


def _ids(found: list[Block]) -> list[str]:
    return [block.where for block in found]


# --- running the console ----------------------------------------------------------------------


def scb_console() -> list[str]:
    """The installed ``scb-console`` entry point beside this interpreter (else ``-m``)."""
    script = Path(sys.executable).with_name("scb-console")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "scb_console"]


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """The environment commands run in: the per-test XDG folders (tests/conftest.py), a test
    keyring in a file, ``scb-console`` and this Python first on PATH, no stray secrets."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    command = scb_console()
    shim = bin_dir / "scb-console"
    shim.write_text(f'#!/bin/sh\nexec {shlex.join(command)} "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    for name in ("python", "python3"):
        (bin_dir / name).symlink_to(sys.executable)
    keyring_file = tmp_path / "keyring.json"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SCB_CONSOLE_") or key == "SCB_CONSOLE_TEST_HOME"
    }
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(ROOT),
        PYTHON_KEYRING_BACKEND="tests.cli.keyring_backend.SharedTestKeyring",
        SCB_CONSOLE_TEST_KEYRING_FILE=str(keyring_file),
        QT_QPA_PLATFORM="offscreen",
        NO_PROXY="127.0.0.1,localhost",
        LANGUAGE="en",  # the docs quote the English messages
        LC_ALL="C.UTF-8",
    )
    return env


@dataclass
class Sandbox:
    info: dict[str, object]
    process: subprocess.Popen[str]

    @property
    def port(self) -> int:
        return int(urllib.parse.urlsplit(str(self.info["base_url"])).port or 0)


def _stop(process: subprocess.Popen[str]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=TIMEOUT)
    finally:
        for stream in (process.stdout, process.stderr, process.stdin):
            if stream is not None:
                stream.close()


@contextlib.contextmanager
def running_sandbox(env: dict[str, str], *extra: str) -> Iterator[Sandbox]:
    """``scb-console sandbox --json --port 0 --quiet`` (as the README's fixture starts it)."""
    process = subprocess.Popen(
        [*scb_console(), "sandbox", "--json", "--port", "0", "--quiet", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        if not first:
            why = process.stderr.read() if process.stderr is not None else ""
            _stop(process)
            pytest.fail(f"the sandbox did not start: {why}")
        yield Sandbox(json.loads(first), process)
    finally:
        status = _stop(process)
    assert status == 0, "the sandbox did not stop cleanly on SIGTERM"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def localize(text: str, sandbox_port: int) -> str:
    """The block with the documented sandbox port replaced by the real one."""
    return text.replace(f"127.0.0.1:{DOC_SANDBOX_PORT}", f"127.0.0.1:{sandbox_port}")


def run_script(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=TIMEOUT,
        check=False,
    )


def _report(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"


# --- the README's first screen and .ci/run ------------------------------------------------------


def test_readme_first_screen_is_what_ci_runs() -> None:
    sh = [block for block in blocks(README) if block.lang == "sh"]
    assert tuple(block.text for block in sh[:2]) == FIRST_SCREEN
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # both commands make the venv as .ci/run does, with python3 unless $PYTHON says otherwise
    assert "PY=${PYTHON:-python3}" in ci
    assert '"$PY" -m venv .venv' in ci
    # the test command: .ci/run installs the package with its test extras, then runs pytest
    assert re.search(r"^python -m pip install( -q)? -e '\.\[test\]'$", ci, re.M), ci
    assert re.search(r"python -m pytest\b", ci)
    # the run command installs the same package without extras, and starts the entry point
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["scb-console"] == "scb_console.cli.main:main"
    assert "test" in pyproject["project"]["optional-dependencies"]


def test_every_readme_block_says_how_it_is_checked() -> None:
    unmarked = [
        block.where
        for block in blocks(README)[2:]
        if block.lang in ("sh", "python", "toml") and block.marker is None
    ]
    assert not unmarked, f"add a <!-- doc-test: KIND --> line before: {unmarked}"
    unknown = [f"{b.where}: {b.marker}" for b in all_blocks() if b.marker not in MARKERS | {None}]
    assert not unknown, f"unknown doc-test markers (known: {sorted(MARKERS)}): {unknown}"


def test_the_entry_point_runs(shell_env: dict[str, str]) -> None:
    result = subprocess.run(
        [*scb_console(), "--version"],
        capture_output=True,
        text=True,
        env=shell_env,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, _report(result)
    assert re.fullmatch(r"scb-console \d+\.\d+\.\d+\S*\n", result.stdout)


# --- every scb-console example parses -----------------------------------------------------------


def _parse(args: list[str]) -> str | None:
    """None when ``scb-console ARGS`` parses; else what argparse said."""
    from scb_console.cli.main import build_parser

    parser = build_parser(args)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            parser.parse_args(args)
    except SystemExit as exc:
        if exc.code not in (0, None):
            return err.getvalue().strip() or f"exit {exc.code}"
    return None


def test_every_console_example_parses() -> None:
    problems = []
    count = 0
    for block in all_blocks():
        if block.lang != "sh":
            continue
        for args in console_commands(block.text):
            count += 1
            problem = _parse(args)
            if problem:
                problems.append(f"{block.where}: scb-console {shlex.join(args)}: {problem}")
    assert not problems, "\n".join(problems)
    assert count >= 30  # the pages hold that many examples: the extraction works


def test_parse_flags_a_wrong_example() -> None:
    assert _parse(["token", "server", "--no-such-option"])
    assert _parse(["profiles", "add"])  # the name is missing
    assert _parse(["sandbox", "--port", "0", "--json"]) is None


# --- run blocks -------------------------------------------------------------------------------


@pytest.mark.parametrize("block", blocks_marked("run"), ids=_ids(blocks_marked("run")))
def test_run_block(block: Block, shell_env: dict[str, str], tmp_path: Path) -> None:
    if "curl " in block.text and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with running_sandbox(shell_env) as sandbox:
        result = run_script(localize(block.text, sandbox.port), shell_env, tmp_path)
    assert result.returncode == 0, f"{block.where}\n{_report(result)}"
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("block", blocks_marked("sandbox"), ids=_ids(blocks_marked("sandbox")))
def test_sandbox_block(block: Block, shell_env: dict[str, str]) -> None:
    argvs = [[*scb_console(), *args] for args in console_commands(block.text)]
    for line in shell_lines(block.text):
        words = shlex.split(line, comments=True)
        if words[:3] == ["python", "-m", "scb_console.sandbox"]:
            argvs.append([sys.executable, *words[1:]])
    assert argvs, f"{block.where}: no sandbox command"
    for argv in argvs:
        if "--port" in argv:
            argv[argv.index("--port") + 1] = "0"
        else:
            argv += ["--port", "0"]
        process = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=shell_env,
        )
        assert process.stdout is not None
        first = process.stdout.readline()
        status = _stop(process)
        shown = shlex.join(argv)
        assert first, f"{block.where}: `{shown}` printed nothing (exit {status})"
        if "--json" in argv:
            assert json.loads(first)["base_url"].startswith("http://127.0.0.1:"), first
        else:
            assert first.startswith("SCB sandbox listening on http://127.0.0.1:"), first
        assert status == 0, f"{block.where}: `{shown}` exited {status} on SIGTERM"


# --- token user, approved the way the docs say --------------------------------------------------


def _approve(root_url: str, deeplink: str, customer: str, pin: str) -> None:
    """Approve the login as the docs show (the approve route), then follow the redirect as the
    customer's browser would: to the loopback receiver ``token user`` listens on."""
    login = deeplink.rsplit("/", 1)[1]
    request = urllib.request.Request(
        f"{root_url}/_sandbox/logins/{login}/approve",
        data=json.dumps({"customerId": customer, "pin": pin}).encode(),
        method="POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=TIMEOUT) as answer:
        redirect = json.loads(answer.read())["redirectUrl"]
    with opener.open(redirect, timeout=TIMEOUT) as answer:
        assert answer.status == 200


@pytest.mark.parametrize(
    "block", blocks_marked("token-user"), ids=_ids(blocks_marked("token-user"))
)
def test_token_user_block(block: Block, shell_env: dict[str, str], tmp_path: Path) -> None:
    receiver = free_port()
    callback = f"http://127.0.0.1:{receiver}/callback"
    with running_sandbox(shell_env, "--callback-url", callback) as sandbox:
        script = localize(block.text, sandbox.port).replace(
            "scb-console token user", f"scb-console token user --receiver-port {receiver}"
        )
        process = subprocess.Popen(
            ["bash", "-euo", "pipefail", "-c", script],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=shell_env,
            cwd=tmp_path,
        )
        assert process.stderr is not None
        assert process.stdout is not None
        seen: list[str] = []
        for line in process.stderr:  # token user tells where it listens once it does
            seen.append(line)
            if line.startswith("listening for the redirect on "):
                break
        deeplink = next(
            (ln.split(": ", 1)[1].strip() for ln in seen if ln.startswith("deeplink: ")), ""
        )
        assert deeplink.startswith("scbeasysim://login/"), "".join(seen)
        customers = sandbox.info["customers"]
        assert isinstance(customers, list)
        _approve(str(sandbox.info["root_url"]), deeplink, customers[0]["id"], customers[0]["pin"])
        stdout, rest = process.communicate(timeout=TIMEOUT)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == 0, "".join(seen) + rest
    tokens = json.loads((tmp_path / "tokens.json").read_text(encoding="utf-8"))
    assert tokens["kind"] == "user"
    assert tokens["masked"] is False
    documents = [json.loads(doc) for doc in re.split(r"(?m)^(?=\{)", stdout) if doc.strip()]
    assert documents[-1]["profile"]["engFirstName"] == "Somchai", stdout  # call profile
    assert documents[0]["kind"] == "user"
    assert documents[0]["masked"] is True


# --- python and toml blocks ---------------------------------------------------------------------


@pytest.mark.parametrize("block", blocks_marked("pytest"), ids=_ids(blocks_marked("pytest")))
def test_pytest_block(block: Block, shell_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "test_example.py").write_text(block.text + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_example.py"],
        capture_output=True,
        text=True,
        env=shell_env,
        cwd=tmp_path,
        timeout=TIMEOUT * 2,
        check=False,
    )
    assert result.returncode == 0, f"{block.where}\n{_report(result)}"
    assert re.search(r"\b\d+ passed\b", result.stdout), result.stdout


@pytest.mark.parametrize("block", blocks_marked("python"), ids=_ids(blocks_marked("python")))
def test_python_block(block: Block, shell_env: dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(block.text + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", str(script)],
        capture_output=True,
        text=True,
        env=shell_env,
        cwd=tmp_path,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{block.where}\n{_report(result)}"


@pytest.mark.parametrize(
    "block", blocks_marked("sandbox-config"), ids=_ids(blocks_marked("sandbox-config"))
)
def test_sandbox_config_block(block: Block, shell_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "sandbox.toml"
    path.write_text(block.text + "\n", encoding="utf-8")
    document = tomllib.loads(block.text)
    with running_sandbox(shell_env, "--config", str(path)) as sandbox:
        info = sandbox.info
    apps = info["apps"]
    assert isinstance(apps, list)
    assert [app["api_key"] for app in apps] == [app["api_key"] for app in document["apps"]]
    customers = info["customers"]
    assert isinstance(customers, list)
    assert [c["id"] for c in customers] == [c["id"] for c in document["customers"]]
    lifetimes = info["lifetimes"]
    assert isinstance(lifetimes, dict)
    assert lifetimes["rotate_refresh"] == document.get("rotate_refresh", False)


# --- links, images, screenshots -------------------------------------------------------------------

_LINK = re.compile(r"\]\(([^)\s]+)\)|<img [^>]*src=\"([^\"]+)\"")


def _targets(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # not inside code blocks
    return [a or b for a, b in _LINK.findall(text)]


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors for the headings of ``page``."""
    anchors = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            slug = re.sub(r"[^\w\- ]", "", title).replace(" ", "-")
            anchors.add(slug)
    return anchors


def test_every_link_and_image_exists() -> None:
    missing = []
    for page in PAGES:
        for target in _targets(page):
            if re.match(r"^[a-z]+:", target):
                continue  # http(s), mailto: not checked offline
            path, _, anchor = target.partition("#")
            resolved = (page.parent / path).resolve() if path else page
            if not resolved.exists():
                missing.append(f"{page.relative_to(ROOT)}: {target}")
            elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
                missing.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not missing, "\n".join(missing)


def _load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_every_screenshot_is_made_shown_and_small() -> None:
    shots = _load_script("make_screenshots").SHOTS
    referenced = {
        Path(target).name for page in PAGES for target in _targets(page) if "screenshots/" in target
    }
    expected = {f"{name}.png" for name in shots}
    assert referenced <= expected, f"not made by the script: {referenced - expected}"
    assert expected <= referenced, f"made but shown nowhere: {expected - referenced}"
    on_disk = {path.name for path in SCREENSHOTS.glob("*.png")}
    assert expected <= on_disk, (
        f"missing {expected - on_disk}: run `python scripts/make_screenshots.py`"
    )
    assert on_disk <= expected, f"stale screenshots nothing makes: {on_disk - expected}"
    assert _png_size(SCREENSHOTS / "main.png") == (1280, 800)
    total = sum((SCREENSHOTS / name).stat().st_size for name in expected)
    assert total < 2_000_000, f"the screenshots weigh {total} bytes: keep them under 2 MB"


def test_the_screenshot_script_walks_the_real_window(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_screenshots.py"),
            "--out",
            str(tmp_path),
            "--only",
            "main",
            "step1-authorize",
            "--no-browser",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=TIMEOUT * 2,
        check=False,
    )
    assert result.returncode == 0, _report(result)
    assert sorted(path.name for path in tmp_path.glob("*.png")) == [
        "main.png",
        "step1-authorize.png",
    ]
    assert _png_size(tmp_path / "main.png") == (1280, 800)
    assert "qt:" not in result.stderr, result.stderr  # no Qt warning on the way


# --- docs/cli.md -----------------------------------------------------------------------------


def test_cli_help_in_the_docs_is_current() -> None:
    make_cli_docs = _load_script("make_cli_docs")
    problems = make_cli_docs.problems((DOCS / "cli.md").read_text(encoding="utf-8"))
    assert not problems, (
        "\n".join(problems) + "\nrun `python scripts/make_cli_docs.py` to update docs/cli.md"
    )


def test_the_cli_help_check_sees_a_change() -> None:
    make_cli_docs = _load_script("make_cli_docs")
    doc = (DOCS / "cli.md").read_text(encoding="utf-8")
    stale = doc.replace("list the saved profiles", "list the profiles we once had", 1)
    assert stale != doc
    assert any("scb-console profiles" in p for p in make_cli_docs.problems(stale))
    assert make_cli_docs.problems(make_cli_docs.rewrite(stale)) == []


# --- the performance table ------------------------------------------------------------------


def test_benchmark_commands_exist_and_parse(shell_env: dict[str, str]) -> None:
    readme = README.read_text(encoding="utf-8")
    commands = re.findall(r"`python (benchmarks/[\w/]+\.py)`", readme)
    assert len(commands) >= 6, commands
    for script in commands:
        path = ROOT / script
        assert path.exists(), f"README's Performance table names {script}, which does not exist"
        result = subprocess.run(
            [sys.executable, str(path), "--help"],
            capture_output=True,
            text=True,
            env=shell_env,
            cwd=ROOT,
            timeout=TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, f"{script} --help\n{_report(result)}"
