"""``python -m scb_console.ui.i18n update|compile|check``: keep the translations in step.

- ``update``: run lupdate over ``scb_console/ui`` into ``scb_console/ui/i18n/*.ts`` (new
  strings arrive unfinished for the translator; gone ones leave);
- ``compile``: run lrelease into ``scb_console/ui/assets/i18n/*.qm`` (what the app loads);
- ``check``: exit 1 when a ``.qm`` is missing or differs from a compile of its ``.ts``.

After editing strings in the code: ``update``, translate the unfinished entries (Qt Linguist:
``pyside6-linguist scb_console/ui/i18n/scb_console_th.ts``, or any editor), ``compile``,
commit the ``.ts`` and the ``.qm``.
"""

from __future__ import annotations

import argparse
import sys

from scb_console.ui.i18n import tools


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scb_console.ui.i18n",
        description="Update the .ts sources from the code, or compile them into .qm files.",
    )
    parser.add_argument("command", choices=("update", "compile", "check"))
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            for path in tools.update():
                print(f"updated {path}")
        elif args.command == "compile":
            for path in tools.compile_all():
                print(f"wrote {path}")
        else:
            problems = tools.stale()
            for problem in problems:
                print(f"i18n: stale: {problem}", file=sys.stderr)
            if problems:
                print("i18n: run `python -m scb_console.ui.i18n compile`", file=sys.stderr)
                return 1
            print("i18n: translations are compiled and current")
    except tools.ToolError as exc:
        print(f"i18n: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
