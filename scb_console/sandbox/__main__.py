"""``python -m scb_console.sandbox``: the standalone sandbox, as ``scb-console sandbox``."""

from __future__ import annotations

import argparse
import sys

from scb_console.sandbox.cli import configure_parser, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scb_console.sandbox",
        description="A local emulator of SCB's auth API and the SCB Easy consent step.",
    )
    configure_parser(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
