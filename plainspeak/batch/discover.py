"""Which files a batch run reads, what kind each one is, and where its output goes.

A *kind* says how a file is handled (`html`, `text`, `markdown`, `mjml`, `handlebars`,
`liquid`, `jinja`, `eml`); its *host* is the core format the copy is segmented as
(`html`, `text` or `markdown`; `eml` files hold several parts, each with its own host).

The kind comes from the extension (or `--ext`, or a `--format` override for every file).
The host comes from the kind, from an inner extension (`welcome.html.hbs` is HTML) or, for
template kinds, from the content (`plainspeak.segment.detect_format`). A `.html` file whose
root is `<mjml>` is handled as MJML.

Files that are not templates (sample data such as `.json`, images, and repository
metadata such as LICENSE, NOTICE, README and SOURCE.md) are *other*: never rewritten,
copied unchanged into the output folder unless copying is turned off. Hidden files and
folders (a leading dot: `.git`, `.DS_Store`) are ignored altogether, and so are folders named
`plainspeak-report` (a previous run's report).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import PlainspeakError

KINDS = ("html", "text", "markdown", "mjml", "handlebars", "liquid", "jinja", "eml")
TEMPLATE_KINDS = ("handlebars", "liquid", "jinja")
EXTENSIONS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mjml": "mjml",
    ".hbs": "handlebars",
    ".handlebars": "handlebars",
    ".mustache": "handlebars",
    ".liquid": "liquid",
    ".j2": "jinja",
    ".jinja": "jinja",
    ".jinja2": "jinja",
    ".eml": "eml",
}
_HOST_OF_INNER = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mjml": "html",
}
# Repository metadata: documentation about the templates, not templates. Matched on the
# file name, case-insensitively. Such files are copied, never rewritten (a licence must
# stay word for word).
DEFAULT_EXCLUDES = (
    "LICENSE*",
    "LICENCE*",
    "NOTICE*",
    "COPYING*",
    "AUTHORS*",
    "CONTRIBUTORS*",
    "README*",
    "CHANGELOG*",
    "CHANGES*",
    "HISTORY*",
    "CONTRIBUTING*",
    "CODE_OF_CONDUCT*",
    "SECURITY.md",
    "SOURCE.md",
)
REPORT_DIR_NAME = "plainspeak-report"
_MJML_ROOT = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<mjml[\s>]", re.S | re.I)


@dataclass(frozen=True)
class Entry:
    """One discovered file. `kind` is None for files that are copied, not rewritten."""

    src: Path
    rel: str  # POSIX path relative to the input root: the output path under OUT_DIR
    kind: str | None
    reason: str = ""  # why a file is 'other' ("not a template", "excluded: LICENSE*")


def parse_ext_map(values: Iterable[str] | Mapping[str, str] | None) -> dict[str, str]:
    """`[".tpl=html", "tmpl=handlebars"]` (or a mapping) -> {".tpl": "html", ...}, checked."""
    out: dict[str, str] = {}
    if not values:
        return out
    pairs = values.items() if isinstance(values, Mapping) else (_split_pair(v) for v in values)
    for ext, kind in pairs:
        ext = ext.strip().lower()
        ext = ext if ext.startswith(".") else "." + ext
        kind = kind.strip().lower()
        if kind not in KINDS and kind != "other":
            raise PlainspeakError(
                "E035", f"--ext {ext}={kind}: unknown kind; use one of {', '.join(KINDS)} or other", "ext"
            )
        out[ext] = kind
    return out


def _split_pair(value: str) -> tuple[str, str]:
    if "=" not in value:
        raise PlainspeakError("E035", f"--ext {value!r}: expected EXT=KIND, e.g. .tpl=html", "ext")
    a, b = value.split("=", 1)
    return a, b


def check_kind(kind: str) -> str:
    if kind != "auto" and kind not in KINDS:
        raise PlainspeakError("E035", f"unknown kind {kind!r}; use auto or one of {', '.join(KINDS)}", "format")
    return kind


def kind_from_name(name: str, ext_map: Mapping[str, str] | None = None) -> str | None:
    """The kind an extension maps to, or None (not a template)."""
    suffix = Path(name).suffix.lower()
    mapping = {**EXTENSIONS, **(ext_map or {})}
    kind = mapping.get(suffix)
    return None if kind in (None, "other") else kind


def host_for(kind: str, name: str, text: str | None = None) -> str:
    """The core format ('html', 'text', 'markdown') a file of `kind` is segmented as."""
    if kind in ("html", "mjml"):
        return "html"
    if kind in ("text", "markdown"):
        return kind
    if kind in TEMPLATE_KINDS:
        inner = Path(Path(name).stem).suffix.lower()
        if inner in _HOST_OF_INNER:
            return _HOST_OF_INNER[inner]
        if text is not None:
            from ..segment import detect_format

            return detect_format(text)
        return "text"
    raise ValueError(f"no single host format for kind {kind!r}")


def refine_kind(kind: str, head: bytes) -> str:
    """Content checks on top of the extension: an `.html` file with an <mjml> root is MJML."""
    if kind == "html" and _MJML_ROOT.match(head[:4096]):
        return "mjml"
    return kind


def _excluded(name: str, patterns: Iterable[str]) -> str | None:
    low = name.lower()
    for pat in patterns:
        if fnmatch.fnmatchcase(low, pat.lower()):
            return pat
    return None


def discover(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    ext_map: Mapping[str, str] | None = None,
    force_kind: str = "auto",
    excludes: Iterable[str] = (),
    default_excludes: bool = True,
    skip_dirs: Iterable[Path] = (),
) -> list[Entry]:
    """Every file under the inputs, sorted, each with its kind (None: copy as is).

    One folder: paths are relative to it. Several inputs: relative to their common parent.
    `skip_dirs` (the output and report folders when they sit inside an input) are not read.
    """
    paths = [Path(p) for p in inputs]
    if not paths:
        raise PlainspeakError("E031", "no input given", "inputs")
    for p in paths:
        if not p.exists():
            raise PlainspeakError("E031", f"{p}: no such file or folder", "inputs")
    check_kind(force_kind)
    patterns = list(excludes) + (list(DEFAULT_EXCLUDES) if default_excludes else [])
    skip = [s.resolve() for s in skip_dirs]
    if len(paths) == 1:
        root = paths[0].resolve() if paths[0].is_dir() else paths[0].resolve().parent
    else:
        root = Path(os.path.commonpath([p.resolve().parent for p in paths]))
    found: dict[str, Entry] = {}

    def add(src: Path) -> None:
        rel = src.resolve().relative_to(root).as_posix()
        if rel in found:
            return
        name = src.name
        pat = _excluded(name, patterns)
        kind = None if force_kind == "auto" else force_kind
        if pat is not None:
            found[rel] = Entry(src, rel, None, f"excluded: {pat}")
            return
        if kind is None:
            kind = kind_from_name(name, ext_map)
        if kind is None:
            found[rel] = Entry(src, rel, None, "not a template")
            return
        found[rel] = Entry(src, rel, kind)

    for p in paths:
        if p.is_file():
            add(p)
            continue
        for dirpath, dirnames, filenames in os.walk(p):
            here = Path(dirpath)
            dirnames[:] = sorted(
                d
                for d in dirnames
                if not d.startswith(".")
                and d not in ("__pycache__", REPORT_DIR_NAME)
                and not any(_same(here / d, s) for s in skip)
            )
            for f in sorted(filenames):
                if f.startswith("."):
                    continue
                full = here / f
                if full.is_symlink() and not full.exists():
                    continue
                if full.is_file():
                    add(full)
    return [found[k] for k in sorted(found)]


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b
    except OSError:
        return False
