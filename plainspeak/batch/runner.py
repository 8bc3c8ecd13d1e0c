"""`run_batch`: discover, plan, run on an engine, keep the manifest, write the reports."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import PlainspeakError
from ..settings import Settings
from . import manifest as mf
from .discover import REPORT_DIR_NAME, check_kind, discover, parse_ext_map
from .engines import make_engine
from .worker import process_chunk

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 4, 130


@dataclass
class BatchReport:
    """What a batch run did. `records` has one dict per file (see docs/batch.md)."""

    records: list[dict[str, Any]]
    out_dir: str | None
    report_dir: str
    engine: str
    workers: int
    settings: dict[str, Any]
    started: str
    elapsed_s: float
    interrupted: bool = False
    resumed: int = 0
    report_json: str | None = None
    report_html: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["status"] == "failed"]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_FAILED if self.failed else EXIT_OK

    def totals(self) -> dict[str, Any]:
        by_status: dict[str, int] = {}
        by_cat: dict[str, int] = {}
        for r in self.records:
            by_status[r["status"]] = by_status.get(r["status"], 0) + 1
            for k, v in (r.get("by_category") or {}).items():
                by_cat[k] = by_cat.get(k, 0) + v
        templates = [r for r in self.records if r.get("kind") and r["status"] in ("rewritten", "unchanged")]
        words = sum(r.get("words_before") or 0 for r in templates)
        gb = [(r["grade_before"], r.get("words_before") or 0) for r in templates if r.get("grade_before") is not None]
        ga = [(r["grade_after"], r.get("words_after") or 0) for r in templates if r.get("grade_after") is not None]
        wmean = lambda xs: round(sum(g * w for g, w in xs) / max(1, sum(w for _, w in xs)), 2) if xs else None
        return {
            "files": len(self.records),
            "templates": sum(1 for r in self.records if r.get("kind")),
            "rewritten": by_status.get("rewritten", 0),
            "unchanged": by_status.get("unchanged", 0),
            "copied": by_status.get("copied", 0),
            "skipped": by_status.get("skipped", 0),
            "failed": by_status.get("failed", 0),
            "resumed": self.resumed,
            "changes_applied": sum(r.get("applied") or 0 for r in self.records),
            "changes_proposed": sum(r.get("proposed") or 0 for r in self.records),
            "changes_by_category": dict(sorted(by_cat.items())),
            "words": words,
            "grade_before": wmean(gb),
            "grade_after": wmean(ga),
            "files_per_s": round(len(self.records) / self.elapsed_s, 2) if self.elapsed_s else None,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": "1.0",
            "tool": "plainspeak batch",
            "started": self.started,
            "elapsed_s": self.elapsed_s,
            "interrupted": self.interrupted,
            "engine": self.engine,
            "workers": self.workers,
            "out_dir": self.out_dir,
            "report_dir": self.report_dir,
            "options": self.options,
            "settings": self.settings,
            "totals": self.totals(),
            "files": self.records,
        }


def _content_key(src: str) -> str:
    """What makes two inputs the same work: their bytes (a file that cannot be read is its own)."""
    try:
        return hashlib.blake2b(Path(src).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return "unreadable:" + src


def _chunks(tasks: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Tasks in chunks of about `size`. Identical files (the same template in several folders, a
    locale that copies another) go in one chunk, so the worker that rewrites the first serves the
    others from its caches instead of every worker rewriting them again."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for t in tasks:
        groups.setdefault(_content_key(t["src"]), []).append(t)
    chunk: list[dict[str, Any]] = []
    for group in groups.values():
        chunk.extend(group)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _nonempty(path: Path) -> bool:
    return path.is_dir() and any(path.iterdir())


def progress_bar(total: int, done: int):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task):
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} files/s" if speed else "- files/s", style="progress.data.speed")

    bar = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    task = bar.add_task("rewriting", total=total, completed=done)
    return bar, task


def run_batch(
    inputs: str | Path | Iterable[str | Path],
    out_dir: str | Path | None = None,
    *,
    in_place: bool = False,
    settings: Settings | None = None,
    format: str = "auto",
    ext_map: Mapping[str, str] | Iterable[str] | None = None,
    excludes: Iterable[str] = (),
    default_excludes: bool = True,
    copy_other: bool = True,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    force: bool = False,
    diff: bool = False,
    report_dir: str | Path | None = None,
    encoding: str = "utf-8",
    backup_suffix: str = ".bak",
    progress: bool = False,
    on_file: Callable[[dict[str, Any], int, int], None] | None = None,
    chunk_size: int | None = None,
) -> BatchReport:
    """Rewrite every template under `inputs` into `out_dir` (or in place, with backups).

    Returns a BatchReport; report.json and report.html are written to `report_dir`
    (default OUT_DIR/plainspeak-report, or ./plainspeak-report with `in_place`).
    `on_file(record, done, total)` is called after each file (the UI's progress hook).
    A file that fails is recorded and the run goes on; invalid options raise PlainspeakError.
    """
    t0 = time.perf_counter()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    if in_place == (out_dir is not None):
        raise PlainspeakError("E037", "give an output folder (--out) or --in-place, not both and not neither", "out")
    if workers < 1:
        raise PlainspeakError("E037", "--workers must be at least 1", "workers")
    if not backup_suffix or "/" in backup_suffix:
        raise PlainspeakError("E037", "--backup-suffix must be a non-empty file-name suffix", "backup_suffix")
    check_kind(format)
    ext = parse_ext_map(ext_map)
    settings = settings or Settings()
    out = Path(out_dir).resolve() if out_dir is not None else None
    rdir = (
        Path(report_dir).resolve()
        if report_dir is not None
        else ((out / REPORT_DIR_NAME) if out is not None else Path.cwd().resolve() / REPORT_DIR_NAME)
    )
    excludes = list(excludes)
    entries = discover(
        inputs,
        ext_map=ext,
        force_kind=format,
        excludes=excludes,
        default_excludes=default_excludes,
        skip_dirs=[p for p in (out, rdir) if p is not None],
    )
    if not any(e.kind for e in entries):
        raise PlainspeakError(
            "E031",
            "no templates found in "
            + ", ".join(str(i) for i in inputs)
            + " (see docs/batch.md for the extensions batch reads)",
            "inputs",
        )
    job: dict[str, Any] = {
        "settings": settings.to_dict(),
        "encoding": encoding,
        "in_place": in_place,
        "backup_suffix": backup_suffix,
        "diff_dir": str(rdir / "diffs") if diff else None,
    }
    options = {
        "format": format,
        "ext": ext,
        "excludes": excludes,
        "default_excludes": default_excludes,
        "copy_other": copy_other,
    }
    tasks: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for e in entries:
        if e.kind is None and (in_place or not copy_other):
            skipped.append(
                {
                    "path": e.rel,
                    "src": str(e.src),
                    "out": None,
                    "kind": None,
                    "status": "skipped",
                    "reason": e.reason,
                    "error": None,
                }
            )
            continue
        dst = e.src if in_place else out / e.rel  # type: ignore[operator]
        if not in_place and dst.exists() and dst.resolve() == e.src.resolve():
            raise PlainspeakError(
                "E037", f"the output {dst} is the input itself; choose another --out or use --in-place", "out"
            )
        tasks.append({"src": str(e.src), "dst": str(dst), "rel": e.rel, "kind": e.kind, "reason": e.reason})

    man_path = rdir / mf.MANIFEST
    if not resume and not force:
        if man_path.exists():
            raise PlainspeakError(
                "E030", f"{rdir} holds a previous run: pass --resume to continue it or --force to start over", "out"
            )
        if out is not None and _nonempty(out):
            raise PlainspeakError(
                "E030",
                f"{out} is not empty: pass --force to write into it (or --resume to continue an interrupted run)",
                "out",
            )
    fp = mf.fingerprint(job, options)
    kept = {r["path"]: r for r in mf.previous(man_path, fp, resume, force) if mf.finished(r, in_place)}
    todo = [t for t in tasks if t["rel"] not in kept]
    planned = {t["rel"] for t in tasks}
    kept = {k: {**v, "resumed": True} for k, v in kept.items() if k in planned}
    names = {Path(t["dst"]).name for t in todo}
    for base in [out] if out is not None else sorted({Path(t["dst"]).parent for t in todo}):
        if base.exists():
            for stale in mf.iter_stale_temps(base, names, recursive=out is not None):
                stale.unlink(missing_ok=True)
    eng = make_engine(engine, workers, job["settings"], scheduler)  # before any state is written
    man = mf.Manifest(man_path)
    try:
        rdir.mkdir(parents=True, exist_ok=True)
        man.start(
            {
                "fingerprint": fp,
                "started": started,
                "inputs": [str(i) for i in inputs],
                "out_dir": str(out) if out else None,
            },
            list(kept.values()),
        )
    except BaseException:
        eng.close()
        raise

    records: dict[str, dict[str, Any]] = dict(kept)
    for s in skipped:
        records[s["path"]] = s
    total = len(tasks) + len(skipped)
    done = len(kept) + len(skipped)
    interrupted = False
    bar = None
    try:
        if todo and hasattr(eng, "start"):
            eng.start()  # the workers before the progress bar's thread: they may then be forked
        if progress:
            bar, bar_task = progress_bar(total, done)
            bar.start()
        size = chunk_size or (1 if engine == "local" else max(1, min(32, len(todo) // (eng.workers * 16) or 1)))
        for chunk_result in eng.run(process_chunk, _chunks(todo, size), job):
            for rec in chunk_result:
                man.append(rec)
                records[rec["path"]] = rec
                done += 1
                if bar is not None:
                    failed = sum(1 for r in records.values() if r["status"] == "failed")
                    bar.update(
                        bar_task, advance=1, description=f"rewriting ({failed} failed)" if failed else "rewriting"
                    )
                if on_file is not None:
                    on_file(rec, done, total)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if bar is not None:
            bar.stop()
        eng.close(cancel=interrupted)
        man.close()
    report = BatchReport(
        records=[records[k] for k in sorted(records)],
        out_dir=str(out) if out else None,
        report_dir=str(rdir),
        engine=engine,
        workers=eng.workers,
        settings=job["settings"],
        started=started,
        elapsed_s=round(time.perf_counter() - t0, 3),
        interrupted=interrupted,
        resumed=len(kept),
        options=options,
    )
    from .report import write_reports

    write_reports(report)
    return report


def _g(grade: float | None) -> str:
    return "-" if grade is None else f"{grade:g}"


def print_summary(report: BatchReport, file: Any = None) -> None:
    file = file or sys.stderr
    t = report.totals()
    print(
        f"{t['files']} files: {t['rewritten']} rewritten, {t['unchanged']} unchanged, {t['copied']} copied, "
        f"{t['skipped']} skipped, {t['failed']} failed"
        + (f" ({t['resumed']} done by an earlier run)" if t["resumed"] else "")
        + f"; {t['changes_applied']} changes applied; grade {_g(t['grade_before'])} -> {_g(t['grade_after'])}; "
        f"{report.elapsed_s:.1f} s",
        file=file,
    )
    for r in report.failed[:20]:
        err = r.get("error") or {}
        print(f"  failed {r['path']}: {err.get('code')} {err.get('message')}", file=file)
    if len(report.failed) > 20:
        print(f"  ... and {len(report.failed) - 20} more (see report.json)", file=file)
    print(f"report: {report.report_html}", file=file)
    if report.interrupted:
        print("interrupted: run the same command with --resume to continue", file=file)
