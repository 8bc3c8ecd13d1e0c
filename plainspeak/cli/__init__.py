"""`plainspeak` command line: thin front ends over plainspeak.rewrite / analyze, batch, audit, serve, train.

One module per command group; each adds its parser (`add_parser`) and sets its command function.
Heavy libraries load inside the command functions, so `plainspeak --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import PlainspeakError
from . import batch, housestyle, rewrite, rules, serve, train
from .common import EPILOG, EXIT_INPUT, EXIT_OK, EXIT_USAGE

GROUPS = (rewrite, rules, serve, batch, train, housestyle)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plainspeak",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Rewrite customer copy into plain, warm language, and show why each change was made.",
    )
    parser.add_argument("--version", action="version", version=f"plainspeak {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.run(args)
        return code
    except PlainspeakError as exc:
        print(f"plainspeak: error {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
