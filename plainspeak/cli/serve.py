"""`plainspeak serve`: the review UI and the HTTP API (same as python app.py)."""

from __future__ import annotations

import argparse
from typing import Any

from .common import EPILOG


def add_parsers(sub: Any) -> None:
    from ..server.config import add_arguments

    sv = sub.add_parser(
        "serve",
        help="start the review UI and the HTTP API (same as python app.py)",
        epilog=EPILOG,
        description="Serve the review UI at /ui/ and the HTTP API at /v1 (docs at /docs). "
        "Flags override PLAINSPEAK_* environment variables.",
    )
    add_arguments(sv)
    sv.set_defaults(run=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from ..server.config import ServerConfig
    from ..server.main import serve

    return serve(ServerConfig.from_args(args))
