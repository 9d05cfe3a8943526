"""Smoke-test a built bundle: ``python packaging/smoke.py dist/scb-console``.

Runs the bundle's own executable, never the source tree, offscreen and in a throwaway home (no
real profile, keyring or log is touched):

1. ``--version`` prints the version in pyproject.toml (the bundled package is this release);
2. ``sandbox --json`` starts the local sandbox, and ``token server`` gets a token from it over
   loopback HTTP (the h11 server and httpx work inside the bundle);
3. ``--screenshot`` renders the window after a server token and an authorize call (Qt, its
   platform plugin, the QR code) to a PNG of the size asked for; offscreen, and again in a real
   X11 window under Xvfb when ``xvfb-run`` is installed (the xcb plugin and its libraries);
4. ``--demo --exit-when-done`` walks the whole flow, once the build has it (issue 5);
5. on Linux, every shared library in the bundle finds what it links to, and the Qt plugins are
   the ones the spec keeps.

Prints one line per check; exits 1 on the first failure, naming it.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
#: Seconds any one command may take.
TIMEOUT = 120
#: Qt plugins the bundle must have (Linux) and the only ones it may have.
REQUIRED_PLUGINS = {
    "platforms/libqoffscreen.so",
    "platforms/libqxcb.so",
    "platforms/libqwayland.so",
    "imageformats/libqsvg.so",
    "iconengines/libqsvgicon.so",
}
ALLOWED_PLUGIN_DIRS = {
    "platforms",
    "imageformats",
    "iconengines",
    "platformthemes",
    "platforminputcontexts",
    "wayland-shell-integration",
    "wayland-decoration-client",
}


class SmokeError(Exception):
    pass


def expected_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def isolated_env(home: Path) -> dict[str, str]:
    """The environment the bundle runs in: offscreen, a fresh home, no keyring, no D-Bus."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "QT_", "DBUS_", "SCB_CONSOLE_", "PYTHON"))
        and key not in {"DISPLAY", "WAYLAND_DISPLAY", "LD_LIBRARY_PATH"}
    }
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        (home / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
        env[var] = str(home / sub)
    # Windows keeps settings under %APPDATA% and %LOCALAPPDATA%; macOS under ~/Library (HOME)
    for var, sub in (("APPDATA", "appdata"), ("LOCALAPPDATA", "localappdata")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        QT_QPA_PLATFORM="offscreen",
        # the demo secret must not land in the developer's real keyring
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return env


def run(exe: Path, args: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(  # noqa: S603 (our own bundle's executable)
            [str(exe), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SmokeError(f"`{exe.name} {' '.join(args)}` took more than {TIMEOUT} s") from None
    if result.returncode != 0:
        tail = (result.stderr.strip().splitlines() or ["(no output)"])[-5:]
        raise SmokeError(
            f"`{exe.name} {' '.join(args)}` exited {result.returncode}: " + " | ".join(tail)
        )
    return result


def check_version(exe: Path, env: dict[str, str]) -> str:
    out = run(exe, ["--version"], env).stdout.strip()
    want = f"scb-console {expected_version()}"
    if out != want:
        raise SmokeError(f"--version printed {out!r}, expected {want!r}")
    return out


def _first_line(stream: IO[str], timeout: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        raise SmokeError(f"the sandbox printed nothing in {timeout:.0f} s") from None


def check_sandbox(exe: Path, env: dict[str, str]) -> str:
    process = subprocess.Popen(  # noqa: S603 (our own bundle's executable)
        [str(exe), "sandbox", "--json", "--port", "0", "--quiet"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = _first_line(process.stdout, TIMEOUT)
        try:
            info = json.loads(line)
            base_url, app = info["base_url"], info["apps"][0]
        except (ValueError, KeyError, IndexError, TypeError):
            raise SmokeError(f"sandbox --json's first line is no JSON: {line[:200]!r}") from None
        token_env = dict(env, SCB_CONSOLE_API_SECRET=app["api_secret"])
        args = ["token", "server", "--base-url", base_url, "--api-key", app["api_key"]]
        run(exe, [*args, "--environment", "local"], token_env)
    finally:
        process.terminate()
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise SmokeError("the sandbox did not stop on SIGTERM within 30 s") from None
        finally:
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
    if code not in (0, -15) and os.name != "nt":  # Windows: terminate() kills, exit code 1
        raise SmokeError(f"the sandbox exited {code} on SIGTERM")
    return f"served {base_url}; `token server` got a token from it"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        raise SmokeError(f"{path} is not a PNG")
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def check_screenshot(exe: Path, env: dict[str, str], out: Path) -> str:
    run(exe, ["--screenshot", str(out), "--size", "1280x800"], env)
    if not out.is_file():
        raise SmokeError(f"--screenshot wrote no {out}")
    size = png_size(out)
    if size != (1280, 800):
        raise SmokeError(f"the screenshot is {size[0]}x{size[1]}, not 1280x800")
    # a blank 1280x800 PNG is about 4 KB; the window with its text and QR code is 100+ KB
    if out.stat().st_size < 40_000:
        raise SmokeError(f"the screenshot is suspiciously small ({out.stat().st_size} bytes)")
    return f"{out} {size[0]}x{size[1]}, {out.stat().st_size // 1024} KiB"


def check_xcb(exe: Path, env: dict[str, str], out: Path) -> str:
    """The same screenshot in a real X11 window, where Xvfb is installed (Debian: xvfb)."""
    xvfb = shutil.which("xvfb-run")
    if not sys.platform.startswith("linux") or xvfb is None:
        return "skipped: no xvfb-run (apt-get install xvfb xauth)"
    xcb_env = dict(env, QT_QPA_PLATFORM="xcb")
    command = ["-a", "-s", "-screen 0 1400x900x24", str(exe)]
    run(Path(xvfb), [*command, "--screenshot", str(out), "--size", "1280x800"], xcb_env)
    if png_size(out) != (1280, 800) or out.stat().st_size < 40_000:
        raise SmokeError(f"the X11 screenshot {out} is not a 1280x800 window")
    return f"a real X11 window under Xvfb: {out.stat().st_size // 1024} KiB"


def check_demo(exe: Path, env: dict[str, str]) -> str:
    # ---- issue 5: `--demo --exit-when-done` ------------------------------------------------------
    # Runs as soon as the build's --help offers it; until then it is reported as skipped.
    if "--exit-when-done" not in run(exe, ["--help"], env).stdout:
        return "skipped: this build has no --demo --exit-when-done yet (issue 5)"
    run(exe, ["--demo", "--exit-when-done"], env)
    return "the demo flow ran to its end"


def check_libraries(bundle: Path) -> str:
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return "skipped: not Linux"
    internal = bundle / "_internal"
    search = f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"
    files = [p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    missing = []
    for file in files:
        result = subprocess.run(  # noqa: S603
            ["ldd", str(file)],  # noqa: S607 (the system's ldd, found on PATH)
            env={"LD_LIBRARY_PATH": search, "PATH": os.environ.get("PATH", "")},
            capture_output=True,
            text=True,
            check=False,
        )
        missing += [
            f"{file.relative_to(bundle)}: {line.split()[0]}"
            for line in result.stdout.splitlines()
            if "not found" in line
        ]
    if missing:
        raise SmokeError("libraries not found: " + "; ".join(missing[:10]))
    plugins_dir = internal / "PySide6" / "Qt" / "plugins"
    plugins = {str(p.relative_to(plugins_dir)) for p in plugins_dir.rglob("*.so")}
    if REQUIRED_PLUGINS - plugins:
        raise SmokeError(f"Qt plugins missing: {sorted(REQUIRED_PLUGINS - plugins)}")
    extra = sorted(p for p in plugins if p.split("/")[0] not in ALLOWED_PLUGIN_DIRS)
    if extra:
        raise SmokeError(f"Qt plugins the spec should have left out: {extra}")
    return f"{len(files)} shared libraries resolve; {len(plugins)} Qt plugins: " + ", ".join(
        sorted(plugins)
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-test a built SCB Console bundle.")
    parser.add_argument("bundle", type=Path, help="the bundle folder (dist/scb-console)")
    args = parser.parse_args(argv)
    bundle: Path = args.bundle.resolve()
    exe = bundle / ("scb-console.exe" if os.name == "nt" else "scb-console")
    if not exe.is_file():
        print(f"smoke: no executable at {exe}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="scb-console-smoke-") as tmp:
        env = isolated_env(Path(tmp) / "home")
        checks: list[tuple[str, Callable[[], str]]] = [
            ("version", lambda: check_version(exe, env)),
            ("sandbox", lambda: check_sandbox(exe, env)),
            ("screenshot", lambda: check_screenshot(exe, env, Path(tmp) / "shot.png")),
            ("xcb", lambda: check_xcb(exe, env, Path(tmp) / "xcb.png")),
            ("demo", lambda: check_demo(exe, env)),
            ("libraries", lambda: check_libraries(bundle)),
        ]
        for name, check in checks:
            started = time.monotonic()
            try:
                detail = check()
            except SmokeError as exc:
                print(f"smoke: FAILED {name}: {exc}", file=sys.stderr)
                return 1
            print(f"smoke: ok {name} ({time.monotonic() - started:.1f} s): {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
