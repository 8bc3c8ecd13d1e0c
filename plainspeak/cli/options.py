"""The settings flags, derived from `Settings` field metadata, and the settings they give."""

from __future__ import annotations

import argparse

from ..settings import Glossary, Settings


def add_settings_arguments(p: argparse.ArgumentParser, skip: tuple[str, ...] = ()) -> None:
    """One flag per setting that has one (`Option.flag`), plus --settings FILE."""
    for name, option in Settings.options().items():
        if option.flag is None or name in skip:
            continue
        default = getattr(Settings(), name)
        shown = (
            f" (default {default!r})"
            if option.kind in ("text", "choice")
            else (f" (default {default:g})" if option.kind in ("number", "integer") else "")
        )
        if option.kind == "switch-off":
            p.add_argument(option.flag, dest=name, action="store_false", default=None, help=option.help)
        elif option.kind == "choice":
            p.add_argument(option.flag, dest=name, choices=option.choices, help=option.help + shown)
        elif option.kind == "list":
            p.add_argument(option.flag, dest=name, metavar="A,B", help="comma-separated " + option.help)
        elif option.kind == "glossary":
            p.add_argument(option.flag, dest=name, metavar=option.metavar, help="YAML/JSON " + option.help)
        else:
            convert = {"number": float, "integer": int}.get(option.kind, str)
            p.add_argument(option.flag, dest=name, type=convert, metavar=option.metavar, help=option.help + shown)
    p.add_argument("--settings", metavar="FILE", help="YAML/JSON settings file (flags override it)")


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The settings file (if any), then every flag that was given."""
    base = Settings.load(args.settings).to_dict() if getattr(args, "settings", None) else {}
    for name, option in Settings.options().items():
        value = getattr(args, name, None)
        if option.flag is None or value is None:
            continue
        if option.kind == "list":
            value = [c.strip() for c in value.split(",") if c.strip()]
            if not value:
                continue
        elif option.kind == "glossary":
            value = Glossary.load(value).to_dict()
        base[name] = value
    return Settings.from_dict(base)
