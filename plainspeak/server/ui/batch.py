"""The UI's batch tab: several files or a zip of templates in, a results table and a zip out.

The work is done by the batch engine (`plainspeak.batch.run_batch`, the same as `plainspeak
batch`): every template kind it knows, its fidelity checks, report.json and report.html. This
module only turns uploads into an input folder, safely (zips are read with limits on count and
size, and member names are cleaned, so an upload cannot fill the disk or write outside its
folder), and turns the engine's report into a table and a zip.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ...batch import run_batch
from ...settings import Settings
from ..engine import Engine

COLUMNS = ["file", "kind", "status", "grade before", "grade after", "changes", "warnings", "note"]
MAX_FILES = 500


@dataclass
class Item:
    name: str
    data: bytes | None
    problem: str | None = None  # why the upload could not be used (then data is None)


def clean_name(name: str) -> str:
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("", ".", "..", "/")]
    return "/".join(parts) or "unnamed.txt"


def collect(paths: list[str], max_total_bytes: int) -> list[Item]:
    """Uploaded files and the members of uploaded zips, in order, with clean unique names."""
    from ...errors import PlainspeakError

    items: list[Item] = []
    used: set[str] = set()
    total = 0

    def add(name: str, size: int, read: Callable[[], bytes]) -> None:
        nonlocal total
        if len(items) >= MAX_FILES:
            raise PlainspeakError("E004", f"more than {MAX_FILES} files in one batch", "files")
        total += size
        if total > max_total_bytes:
            raise PlainspeakError("E004", f"the files add up to more than {max_total_bytes:,} bytes", "files")
        items.append(Item(_unique(clean_name(name), used), read()))

    for p in paths:
        path = Path(p)
        if path.suffix.lower() != ".zip":
            add(path.name, path.stat().st_size, path.read_bytes)
            continue
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    base = PurePosixPath(info.filename).name
                    if info.is_dir() or info.filename.startswith("__MACOSX/") or base.startswith("."):
                        continue
                    add(info.filename, info.file_size, lambda info=info, zf=zf: zf.read(info))
        except zipfile.BadZipFile as exc:
            items.append(Item(_unique(path.name, used), None, f"E002 not a readable zip file: {exc}"))
    return items


def process(
    items: list[Item], settings: Settings, engine: Engine, progress: Callable[[float, str], Any] | None = None
) -> tuple[list[list[Any]], bytes]:
    """Run the batch engine over the items: (table rows in upload order, results zip bytes)."""
    with tempfile.TemporaryDirectory(prefix="plainspeak-ui-batch-") as tmp:
        src, out, rep = Path(tmp) / "in", Path(tmp) / "out", Path(tmp) / "report"
        src.mkdir()
        for item in items:
            if item.data is not None:
                dest = src / item.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(item.data)
        records: dict[str, dict[str, Any]] = {}
        if any(i.data is not None for i in items):

            def on_file(record: dict[str, Any], done: int, total: int) -> None:
                if progress:
                    progress(done / max(1, total), f"{record['path']} ({done} of {total})")

            with engine.exclusive():  # one pipeline user at a time, as for the API
                report = run_batch(src, out, settings=settings, report_dir=rep, workers=1, on_file=on_file)
            records = {r["path"]: r for r in report.records}
        rows = [_row(item, records.get(item.name)) for item in items]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for item in items:
                rec = records.get(item.name)
                if rec and rec["status"] in ("rewritten", "unchanged", "copied") and (out / item.name).is_file():
                    zf.write(out / item.name, f"rewritten/{item.name}")
            for name in ("report.json", "report.html"):
                if (rep / name).is_file():
                    zf.write(rep / name, name)
            table = io.StringIO()
            writer = csv.writer(table)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
            zf.writestr("report.csv", table.getvalue())
    if progress:
        progress(1.0, "done")
    return rows, buf.getvalue()


def _row(item: Item, rec: dict[str, Any] | None) -> list[Any]:
    if rec is None:
        return [item.name, "", "failed", None, None, 0, 0, item.problem or "not processed"]
    err = rec.get("error") or {}
    warnings = len(rec.get("warnings") or []) + len(rec.get("verifier_warnings") or [])
    changes = f"{rec.get('applied', 0)} of {rec.get('proposed', 0)}" if rec.get("kind") else ""
    note = f"{err.get('code', '')} {err.get('message', '')}".strip() if err else (rec.get("reason") or "")
    return [
        item.name,
        rec.get("kind") or "",
        rec["status"],
        rec.get("grade_before"),
        rec.get("grade_after"),
        changes,
        warnings,
        note,
    ]


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        p = PurePosixPath(name)
        candidate = str(p.with_name(f"{p.stem}-{n}{p.suffix}"))
        n += 1
    used.add(candidate)
    return candidate
