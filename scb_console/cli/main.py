"""``scb-console``: the GUI with no subcommand; ``profiles``, ``token``, ``call`` and ``sandbox``.

Exit status: 0 ok; 1 an unexpected error (one line; ``--debug`` shows the traceback); 2 usage,
flow, redirect or profile errors; 3 SCB answered with an error (ApiError); 4 the network or the
redirect receiver (TransportError); 5 a malformed answer; 6 the OS keyring. The reason and the
``requestUId`` go to stderr; a traceback never does unless ``--debug`` asks for it.

Qt is imported only inside :func:`start_gui` (tests/test_layers.py holds the CLI to that), and
httpx and the HTTP server only inside the commands that speak HTTP, so ``--help`` and
``profiles`` start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn

import scb_console
from scb_console.cli import i18n as cli_i18n
from scb_console.cli.i18n import tr
from scb_console.core.errors import SCBConsoleError

if TYPE_CHECKING:  # (the terminal commands' console helpers: imported when one runs)
    from scb_console.cli.console import StdinReader

PROG: Final = "scb-console"


class _VersionAction(argparse.Action):
    """``--version``: prints :data:`scb_console.__version__` and exits."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sys.stdout.write(f"{parser.prog} {scb_console.__version__}\n")
        parser.exit()


_SIZE: Final = re.compile(r"^\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*$")
MIN_SIZE: Final = (320, 240)
MAX_SIZE: Final = (10000, 10000)

EXIT_STATUS_HELP: Final = """exit status:
  0  ok
  1  unexpected error (--debug shows the traceback)
  2  usage, flow, redirect or profile error
  3  SCB answered with an error (ApiError)
  4  network error, or the redirect receiver cannot listen
  5  malformed response
  6  the OS keyring cannot be used

secrets are never taken from the command line: use a hidden prompt, stdin or the environment
($SCB_CONSOLE_API_SECRET); tokens are printed masked unless --reveal."""

Handler = Callable[[argparse.Namespace, "StdinReader"], int]


#: argparse's own error lines (Python 3.11-3.13 wording), each the template of the CLI's
#: catalog that says it in the CLI's language (``--help`` itself stays English).
_ARGPARSE_ERRORS: Final = (
    (
        re.compile(
            r"argument (?P<arg>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)"
        ),
        "argument {arg}: invalid choice: {value} (choose from {choices})",
    ),
    (
        re.compile(r"the following arguments are required: (?P<args>.+)"),
        "the following arguments are required: {args}",
    ),
    (re.compile(r"unrecognized arguments: (?P<args>.*)"), "unrecognized arguments: {args}"),
    (
        re.compile(r"argument (?P<arg>.+?): expected one argument"),
        "argument {arg}: expected one argument",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): expected at least one argument"),
        "argument {arg}: expected at least one argument",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): invalid (?P<kind>\w+) value: (?P<value>.+)"),
        "argument {arg}: invalid {kind} value: {value}",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): not allowed with argument (?P<other>.+)"),
        "argument {arg}: not allowed with argument {other}",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): ignored explicit argument (?P<value>.+)"),
        "argument {arg}: ignored explicit argument {value}",
    ),
    (re.compile(r"argument (?P<arg>.+?): (?P<detail>.+)"), "argument {arg}: {detail}"),
)


def argparse_message(message: str) -> str:
    """One of argparse's error lines in the CLI's language (unknown wording: as it is)."""
    for pattern, template in _ARGPARSE_ERRORS:
        match = pattern.fullmatch(message)
        if match is not None:
            return tr(template, **match.groupdict())
    return message


class Parser(argparse.ArgumentParser):
    """No abbreviated options: ``--api-secret`` must never quietly mean ``--api-secret-stdin``.
    Usage errors in the CLI's language (:func:`argparse_message`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        line = tr("{prog}: error: {error}", prog=self.prog, error=argparse_message(message))
        self.exit(2, line + "\n")


def parse_size(text: str) -> tuple[int, int]:
    """argparse type for ``--size``: ``1280x800`` -> ``(1280, 800)``."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(
            tr("{text!r} is not WIDTHxHEIGHT (for example 1280x800)", text=text)
        )
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]):
        raise argparse.ArgumentTypeError(
            tr(
                "{text!r}: the size must be between {smallest} and {largest}",
                text=text,
                smallest=f"{MIN_SIZE[0]}x{MIN_SIZE[1]}",
                largest=f"{MAX_SIZE[0]}x{MAX_SIZE[1]}",
            )
        )
    return width, height


def parse_demo_speed(text: str) -> float:
    """argparse type for ``--demo-speed``: a number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("{text!r} is not a number", text=text)) from None
    if not (value > 0 and value < float("inf")):
        raise argparse.ArgumentTypeError(tr("{text!r} must be a number above 0", text=text))
    return value


def parse_sandbox_fault(text: str) -> str:
    """argparse type for ``--sandbox-fault``: checked with the sandbox CLI's own parser."""
    try:
        from scb_console.ui.app import parse_sandbox_faults
    except ImportError:  # no GUI in this build: start_gui says so
        return text
    try:
        parse_sandbox_faults([text])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _debug_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an unexpected error",
    )


def _wants_sandbox(argv: Sequence[str]) -> bool:
    return "sandbox" in argv


def _add_sandbox(sub: argparse._SubParsersAction[Parser], real: bool) -> None:
    """``sandbox``: the sandbox helper's own parser, imported only when it is asked for."""
    help_text = "run the local SCB sandbox (see `scb-console sandbox --help`)"
    if not real:
        # A placeholder for --help; the real parser is built when `sandbox` is on the line.
        sub.add_parser("sandbox", help=help_text, add_help=False)
        return
    parser = sub.add_parser("sandbox", help=help_text, description=help_text)
    try:
        from scb_console.sandbox import cli as sandbox_cli
    except ImportError as exc:
        error = exc

        def unavailable(args: argparse.Namespace, stdin: StdinReader) -> int:
            print(
                tr("{prog}: the local sandbox is not available: {error}", prog=PROG, error=error),
                file=sys.stderr,
            )
            return 2

        parser.set_defaults(_handler=unavailable)
        return
    sandbox_cli.configure_parser(parser)

    def run_sandbox(args: argparse.Namespace, stdin: StdinReader) -> int:
        return int(sandbox_cli.run(args))

    parser.set_defaults(_handler=run_sandbox)


#: The commands; a line with none of them (and no --help) starts the desktop console.
COMMANDS: Final = ("profiles", "token", "call", "sandbox")


class _NotDesktopLine(Exception):
    """The desktop console's own parser could not read the line: the full parser reads it."""


class _DesktopParser(Parser):
    def error(self, message: str) -> NoReturn:
        raise _NotDesktopLine(message)


def build_parser(argv: Sequence[str] = (), *, commands: bool = True) -> argparse.ArgumentParser:
    """The parser of the whole command line; with ``commands=False``, of the desktop console's
    options only (the command modules are not imported: see :func:`parse_arguments`)."""
    parser = (Parser if commands else _DesktopParser)(
        prog=PROG,
        description=(
            "A developer console for the SCB Open API's OAuth 2.0 flows. Without a command it "
            "starts the desktop console; the commands below work in a terminal."
        ),
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        cli_i18n.OPTION,
        metavar="th|en",
        help="the language of the messages and of the desktop console (default: the locale, "
        "LANG/LC_ALL); may come anywhere on the line",
    )
    gui = parser.add_argument_group("desktop console (no command)")
    gui.add_argument(
        "--screenshot", metavar="PATH", help="save a screenshot of the window and quit"
    )
    gui.add_argument(
        "--size", type=parse_size, metavar="WxH", help="window size, for example 1280x800"
    )
    gui.add_argument("--profile", dest="gui_profile", metavar="NAME", help="open this profile")
    gui.add_argument(
        "--demo",
        action="store_true",
        help="play the whole flow by itself, with captions, on the local sandbox (autopilot)",
    )
    gui.add_argument(
        "--demo-speed",
        type=parse_demo_speed,
        default=1.0,
        metavar="FACTOR",
        help="with --demo: play FACTOR times faster (default 1.0: about 4 s per step)",
    )
    gui.add_argument(
        "--exit-when-done",
        action="store_true",
        help="with --demo: exit 0 when every step passed, else 3 naming the failing step",
    )
    gui.add_argument(
        "--present",
        action="store_true",
        help="start in presentation mode: large type, every secret hidden",
    )
    gui.add_argument(
        "--sandbox-fault",
        dest="sandbox_faults",
        action="append",
        type=parse_sandbox_fault,
        metavar="ENDPOINT:SETTING=VALUE",
        help="a fault for the embedded sandbox, as `sandbox --fault` (repeatable), "
        "e.g. token:error_rate=1",
    )
    _debug_option(parser)
    if not commands:
        return parser

    from scb_console.cli import profiles_cmd, token_cmd

    sub = parser.add_subparsers(dest="_command", metavar="COMMAND")

    profiles = sub.add_parser(
        "profiles",
        help="list, show, add, edit or remove profiles",
        description="Profiles: non-secret fields in the profile file, the API secret in the "
        "OS keyring.",
    )
    profiles_cmd.configure_parser(profiles)

    token = sub.add_parser("token", help="get a server or user token, or refresh one")
    token_cmd.configure_token_parser(token)

    call = sub.add_parser("call", help="call an API with a token")
    token_cmd.configure_call_parser(call)

    _add_sandbox(sub, _wants_sandbox(argv))
    _debug_everywhere(parser)
    return parser


def parse_arguments(arguments: Sequence[str]) -> argparse.Namespace:
    """Parse the command line (``SystemExit`` for --help, --version and usage errors).

    A line that names no command and asks for no help starts the desktop console, the common
    case: it is read by a parser of the desktop console's options alone, so starting the console
    does not import and configure the terminal commands (some 20 ms of a 300 ms start). Anything
    that parser cannot read (a mistyped command, a bad --size) goes to the full parser, whose
    messages name every command."""
    if not any(a in COMMANDS or a in ("-h", "--help") for a in arguments):
        with contextlib.suppress(_NotDesktopLine):
            return build_parser(arguments, commands=False).parse_args(arguments)
    return build_parser(arguments).parse_args(arguments)


def _debug_everywhere(parser: argparse.ArgumentParser) -> None:
    """``--debug`` on every subcommand too, so it may come last on the line."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if child.add_help and "--debug" not in child._option_string_actions:
                    _debug_option(child)
                _debug_everywhere(child)


def start_gui(args: argparse.Namespace) -> int:
    """Start the desktop console (a lazy import: Qt loads only here)."""
    try:
        from scb_console.ui.app import run_gui
    except ModuleNotFoundError as exc:
        if exc.name in ("scb_console.ui.app", "scb_console.ui"):
            print(
                tr(
                    "{prog}: the desktop console is not available in this build "
                    "(scb_console.ui.app is missing); the terminal commands work: {prog} --help",
                    prog=PROG,
                ),
                file=sys.stderr,
            )
            return 2
        print(
            tr("{prog}: cannot start the desktop console: {error}", prog=PROG, error=exc),
            file=sys.stderr,
        )
        return 2
    except ImportError as exc:
        print(
            tr(
                "{prog}: cannot start the desktop console: {error} (Qt's system libraries may "
                "be missing)",
                prog=PROG,
                error=exc,
            ),
            file=sys.stderr,
        )
        return 2
    # the demo and presentation options go to run_gui only when given
    extra: dict[str, Any] = {
        name: value
        for name, value, default in (
            ("demo", bool(getattr(args, "demo", False)), False),
            ("demo_speed", float(getattr(args, "demo_speed", 1.0)), 1.0),
            ("exit_when_done", bool(getattr(args, "exit_when_done", False)), False),
            ("present", bool(getattr(args, "present", False)), False),
            ("sandbox_faults", list(getattr(args, "sandbox_faults", None) or []), []),
        )
        if value != default
    }
    return int(
        run_gui(
            screenshot=args.screenshot,
            size=args.size,
            profile=args.gui_profile,
            lang=getattr(args, "lang", None),
            **extra,
        )
    )


def _report(err: SCBConsoleError) -> None:
    print(tr("{prog}: error: {error}", prog=PROG, error=err), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run ``scb-console`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang, arguments = cli_i18n.split_language(arguments)
    try:
        cli_i18n.setup(lang)  # --lang, else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)
    except ValueError:
        print(
            tr(
                "{prog}: --lang {value!r} is not one of: {choices}",
                prog=PROG,
                value=lang,
                choices=", ".join(cli_i18n.LANGUAGES),
            ),
            file=sys.stderr,
        )
        return 2
    try:
        args = parse_arguments(arguments)
    except SystemExit as exc:  # --help, --version, or a usage error argparse reported
        return exc.code if isinstance(exc.code, int) else 2
    args.lang = lang  # an explicit --lang is the desktop console's language too
    debug = bool(getattr(args, "debug", False))
    handler: Handler | None = getattr(args, "_handler", None)
    try:
        if handler is None:
            return start_gui(args)
        from scb_console.cli.console import StdinReader

        return handler(args, StdinReader())
    except SCBConsoleError as err:
        _report(err)
        if debug:
            traceback.print_exc()
        return err.exit_code
    except KeyboardInterrupt:
        print(tr("{prog}: interrupted", prog=PROG), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout went away (`| head`): nothing more to say, and nowhere to say it
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:
        if debug:
            traceback.print_exc()
        else:
            text = str(exc).strip().splitlines()
            detail = f": {text[0]}" if text else ""
            print(
                tr(
                    "{prog}: unexpected error: {kind}{detail} (run again with --debug for the "
                    "traceback)",
                    prog=PROG,
                    kind=type(exc).__name__,
                    detail=detail,
                ),
                file=sys.stderr,
            )
        return 1


if __name__ == "__main__":
    sys.exit(main())
