"""`plainspeak rules`: list, explain and check the rules."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import PlainspeakError
from .common import EPILOG, EXIT_OK


def add_parsers(sub: Any) -> None:
    ru = sub.add_parser("rules", help="list and explain the rules", epilog=EPILOG)
    ru.add_argument("code", nargs="?", help="explain one rule, e.g. PS2001")
    ru.add_argument("--category", help="only this category")
    ru.add_argument("--json", action="store_true", help="print the rules as JSON")
    ru.add_argument(
        "--check",
        action="store_true",
        help="validate the rule data and run every example (rules and restructure transforms)",
    )
    ru.set_defaults(run=cmd_rules)


def cmd_rules(args: argparse.Namespace) -> int:
    from ..rules.check import main as check_main
    from ..rules.schema import load_rules
    from ..rules.style import STYLE_RULES

    if args.check:
        from ..restructure.check import main as check_restructure

        return max(check_main(), check_restructure())  # the rule data, then the restructure transforms
    rules = list(load_rules()) + list(STYLE_RULES)
    if args.category:
        rules = [r for r in rules if r.category == args.category]
    if args.code:
        rules = [r for r in rules if r.code == args.code.upper()]
        if not rules:
            raise PlainspeakError("E006", f"no rule {args.code}", "code")
    if args.json:
        print(json.dumps([r.to_dict() for r in rules], ensure_ascii=False, indent=2))
    elif args.code:
        r = rules[0]
        print(f"{r.code} ({r.category}, {r.kind}, {'safe' if r.safe else 'unsafe'}): {r.message}")
        print(f"why: {r.reason}")
        print(
            f"matches: {r.regex or ' | '.join(r.patterns)}"
            + (f" (inflected as a {r.inflect})" if r.inflect != "none" else "")
        )
        if r.replace:
            print(f"replace with: {' | '.join(repr(x) for x in r.replace)}")
        print(f"source: {r.source}")
        for t in r.fire:
            print(f"fires on: {t}")
        for t in r.must_pass:
            print(f"does not fire on: {t}")
    else:
        for r in rules:
            fix = ("-> " + r.replace[0]) if r.replace else ("(delete)" if r.kind == "delete" else "(flag)")
            print(f"{r.code}  {r.category:<15} {'safe  ' if r.safe else 'unsafe'} {r.message}  {fix}")
        print(f"{len(rules)} rules", file=sys.stderr)
    return EXIT_OK
