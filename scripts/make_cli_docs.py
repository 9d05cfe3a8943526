#!/usr/bin/env python3
"""Keep the ``--help`` texts in ``docs/cli.md`` equal to the real ones.

    python scripts/make_cli_docs.py            # rewrite the help blocks in docs/cli.md
    python scripts/make_cli_docs.py --check    # exit 1 and name the blocks that differ

``docs/cli.md`` holds one block per command, after a marker naming it::

    <!-- help: scb-console token server -->
    ```text
    usage: scb-console token server [-h] ...
    ```

The commands are found by walking the real argument parser (``scb_console.cli.main``), so a new
subcommand shows up here (and in ``tests/test_docs.py``) without a list to keep. The texts are
rendered at 100 columns; the check compares them with runs of white space collapsed, so a Python
version that wraps or indents differently does not count as a change.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"
COLUMNS = 100

#: ``<!-- help: scb-console token server -->`` then a fenced ``text`` block.
_BLOCK = re.compile(
    r"(?P<head><!-- help: (?P<name>[a-z -]+?) -->\n```text\n)(?P<body>.*?)(?P<tail>```)",
    re.DOTALL,
)


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def commands() -> list[tuple[str, ...]]:
    """Every command path of ``scb-console``: ``()``, ``("profiles",)``, ``("token", "user")``..."""
    from scb_console.cli.main import build_parser

    found: list[tuple[str, ...]] = []

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, child in _subcommands(parser):
            walk(child, (*path, name))

    walk(build_parser(["sandbox"]), ())  # "sandbox" on the line: its real parser, not a stub
    return found


def help_text(path: tuple[str, ...]) -> str:
    """``scb-console PATH --help`` as the real parser prints it, at :data:`COLUMNS` columns."""
    from scb_console.cli.main import build_parser

    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(COLUMNS)
    try:
        parser = build_parser(["sandbox"])
        for name in path:
            parser = dict(_subcommands(parser))[name]
        return parser.format_help().rstrip() + "\n"
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved


def label(path: tuple[str, ...]) -> str:
    """``("token", "user")`` -> ``"scb-console token user"`` (what the markers say)."""
    return " ".join(("scb-console", *path))


def normalize(text: str) -> str:
    return " ".join(text.split())


def documented(doc: str) -> dict[str, str]:
    """The help blocks of ``doc``: name -> text."""
    return {m.group("name"): m.group("body") for m in _BLOCK.finditer(doc)}


def problems(doc: str) -> list[str]:
    """What is stale or missing in ``doc`` (empty when every help block is current)."""
    blocks = documented(doc)
    found: list[str] = []
    names = set()
    for path in commands():
        name = label(path)
        names.add(name)
        shown = name
        if name not in blocks:
            found.append(f"no help block for `{shown}` (add `<!-- help: {name} -->`)")
        elif normalize(blocks[name]) != normalize(help_text(path)):
            found.append(f"the help block for `{shown}` differs from `{shown} --help`")
    for name in sorted(set(blocks) - names):
        found.append(f"a help block for `{name}`, which is not a command")
    return found


def rewrite(doc: str) -> str:
    """``doc`` with every help block replaced by the current text."""
    texts = {label(path): help_text(path) for path in commands()}

    def replace(match: re.Match[str]) -> str:
        text = texts.get(match.group("name"))
        if text is None:
            return match.group(0)
        return match.group("head") + text + match.group("tail")

    return _BLOCK.sub(replace, doc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    parser.add_argument("--doc", type=Path, default=CLI_DOC, help="the file (docs/cli.md)")
    args = parser.parse_args(argv)
    doc = args.doc.read_text(encoding="utf-8")
    if args.check:
        found = problems(doc)
        for problem in found:
            print(f"{args.doc}: {problem}", file=sys.stderr)
        return 1 if found else 0
    new = rewrite(doc)
    if new != doc:
        args.doc.write_text(new, encoding="utf-8")
        print(f"{args.doc}: help texts updated", file=sys.stderr)
    missing = [p for p in problems(new) if not p.startswith("the help block")]
    for problem in missing:
        print(f"{args.doc}: {problem}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
