"""The resume manifest: one JSON line per finished file, appended and fsynced as each file
is done, after its output is in place.

A run killed at any point (Ctrl-C, kill -9, power loss) leaves at worst a torn last line,
which is ignored. `--resume` skips a file only when its record says it finished and the
file system agrees: the input still has the recorded hash and the output exists with the
recorded hash. Anything else is done again; rewriting is deterministic, so a file done
twice gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import PlainspeakError
from .worker import file_sha256, write_atomic

MANIFEST = "manifest.jsonl"
VERSION = 1
DONE = ("rewritten", "unchanged", "copied")


def fingerprint(job: dict[str, Any], options: dict[str, Any]) -> str:
    """What decides the bytes of an output: settings and kind options. A resumed run must match."""
    keep = {
        "settings": job["settings"],
        "encoding": job.get("encoding"),
        "in_place": bool(job.get("in_place")),
        **options,
    }
    return hashlib.sha256(json.dumps(keep, sort_keys=True, default=str).encode()).hexdigest()[:16]


def read(path: Path) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(header, records) of a manifest; torn or invalid lines are dropped."""
    if not path.is_file():
        return None, []
    header: dict[str, Any] | None = None
    records: list[dict[str, Any]] = []
    with path.open("rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break  # torn last line: the process died while writing it
            try:
                rec = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
            if not isinstance(rec, dict):
                continue
            if "manifest" in rec:
                header = rec
            elif "path" in rec:
                records.append(rec)
    return header, records


def finished(rec: dict[str, Any], in_place: bool) -> bool:
    """Whether the file system still shows `rec` as done (so resume may skip it)."""
    if rec.get("status") not in DONE:
        return False
    if in_place:
        return file_sha256(rec["src"]) == rec.get("output_sha256")
    return file_sha256(rec["src"]) == rec.get("input_sha256") and file_sha256(rec["out"]) == rec.get("output_sha256")


class Manifest:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._f = None

    def start(self, header: dict[str, Any], keep: list[dict[str, Any]]) -> None:
        """Write the manifest anew (atomically) with `keep`, then open it for appending."""
        lines = [json.dumps({"manifest": VERSION, **header}, ensure_ascii=False)]
        lines += [json.dumps(r, ensure_ascii=False) for r in keep]
        write_atomic(self.path, ("\n".join(lines) + "\n").encode("utf-8"))
        self._f = self.path.open("a", encoding="utf-8")

    def append(self, rec: dict[str, Any]) -> None:
        assert self._f is not None
        self._f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None


def previous(path: Path, fp: str, resume: bool, force: bool) -> list[dict[str, Any]]:
    """Records a resumed run may reuse; refuses to mix runs with different settings."""
    header, records = read(path)
    if not resume:
        return []
    if header is None:
        return []
    if header.get("fingerprint") != fp and not force:
        raise PlainspeakError(
            "E030",
            f"{path} belongs to a run with other settings or options; "
            "resume it with the same ones, or pass --force to start over",
            "resume",
        )
    return records if header.get("fingerprint") == fp else []


def iter_stale_temps(out: Path, names: set[str], recursive: bool = True) -> Iterator[Path]:
    """Temporary files a killed run may have left beside its outputs (`.NAME.xxxx.tmp`)."""
    walk = os.walk(out) if recursive else [(str(out), [], [p.name for p in out.iterdir() if p.is_file()])]
    for dirpath, _, files in walk:
        for f in files:
            if f.startswith(".") and f.endswith(".tmp"):
                stem = f[1:-4].rsplit(".", 1)[0]
                if stem in names:
                    yield Path(dirpath) / f
