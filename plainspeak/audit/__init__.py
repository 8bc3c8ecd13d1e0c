"""The language audit: `plainspeak audit IN_DIR --report OUT_DIR` and `run_audit(...)`.

Reads a body of copy without rewriting it and reports where the jargon lives: grade
distribution, the most frequent jargon / Say-NO / hollow phrases with example locations,
the hardest files, passive-voice and long-sentence rates, and the estimated gain of the
suggested rewrites. Outputs audit.html (charts embedded), audit.json, files.csv,
phrases.csv, summary.csv and images/*.png. See docs/audit.md.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import PlainspeakError
from ..settings import Settings
from .aggregate import Aggregator

__all__ = ["AuditResult", "print_summary", "run_audit"]


@dataclass
class AuditResult:
    summary: dict[str, Any]
    report_dir: str
    paths: dict[str, str] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    phrases: list[dict[str, Any]] = field(default_factory=list)
    interrupted: bool = False
    elapsed_s: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 4 if self.summary.get("files_failed") else 0


def run_audit(
    inputs: str | Path | Iterable[str | Path],
    report_dir: str | Path,
    *,
    settings: Settings | None = None,
    format: str = "auto",
    ext_map: Mapping[str, str] | Iterable[str] | None = None,
    excludes: Iterable[str] = (),
    default_excludes: bool = True,
    encoding: str = "utf-8",
    top: int = 25,
    gain: bool = True,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
    chunk_size: int | None = None,
) -> AuditResult:
    """Audit every template and text file under `inputs`; write the report into `report_dir`."""
    from ..batch.discover import check_kind, discover, parse_ext_map
    from ..batch.engines import make_engine
    from .collect import audit_chunk
    from .report import write_report

    t0 = time.perf_counter()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    if workers < 1 or top < 1:
        raise PlainspeakError("E037", "--workers and --top must be at least 1", "workers")
    check_kind(format)
    settings = settings or Settings()
    out = Path(report_dir).resolve()
    entries = [
        e
        for e in discover(
            inputs,
            ext_map=parse_ext_map(ext_map),
            force_kind=format,
            excludes=excludes,
            default_excludes=default_excludes,
            skip_dirs=[out],
        )
        if e.kind
    ]
    if not entries:
        raise PlainspeakError("E031", "no files to audit in " + ", ".join(str(i) for i in inputs), "inputs")
    job = {"settings": settings.to_dict(), "encoding": encoding, "gain": gain}
    tasks = [{"src": str(e.src), "rel": e.rel, "kind": e.kind} for e in entries]
    agg = Aggregator()
    interrupted = False
    eng = None
    bar = None
    try:
        if progress:
            from ..batch.runner import _progress_bar

            bar, bar_task = _progress_bar(len(tasks), 0)
            bar.update(bar_task, description="auditing")
            bar.start()
        eng = make_engine(engine, workers, job["settings"], scheduler)
        size = chunk_size or (1 if engine == "local" else max(1, min(32, len(tasks) // (eng.workers * 16) or 1)))
        chunks = (tasks[i : i + size] for i in range(0, len(tasks), size))
        for result in eng.run(audit_chunk, chunks, job):
            for rec in result:
                agg.add(rec)
                if bar is not None:
                    bar.update(bar_task, advance=1)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if bar is not None:
            bar.stop()
        if eng is not None:
            eng.close(cancel=interrupted)
    summary = agg.summary(settings.target_grade, gain)
    phrases = agg.top_phrases()
    worst = agg.worst_files()
    files = agg.file_rows()
    data = {
        "version": "1.0",
        "tool": "plainspeak audit",
        "started": started,
        "inputs": [str(i) for i in inputs],
        "settings": job["settings"],
        "interrupted": interrupted,
        "summary": summary,
        "top_phrases": {c: agg.top_phrases(c, top) for c in sorted({p["category"] for p in phrases})},
        "phrases": phrases,
        "worst_files": worst,
        "files": files,
    }
    failed = [r for r in agg.files if r["status"] == "failed"]
    paths = write_report(out, data, files, phrases, worst, top, failed)
    return AuditResult(summary, str(out), paths, files, phrases, interrupted, round(time.perf_counter() - t0, 3))


def print_summary(audit: AuditResult, file: Any = None) -> None:
    file = file or sys.stderr
    s = audit.summary
    print(
        f"{s['files']} files, {s['words']:,} words: mean grade {s['grade_mean']} (median {s['grade_median']}), "
        f"{s['files_above_target']} above grade {s['target_grade']:g}; passive {100 * s['passive_rate']:.1f}% and "
        f"long {100 * s['long_sentence_rate']:.1f}% of sentences; {s['jargon_per_1000_words']} jargon findings per "
        "1,000 words",
        file=file,
    )
    if s.get("gain_estimated"):
        print(
            f"suggested rewrites: grade {s['grade_mean']} -> {s['grade_mean_after']} "
            f"({s['changes_applicable']} changes in {s['files_improved']} files)",
            file=file,
        )
    for p in audit.phrases[:5]:
        print(f"  {p['count']:>4}x {p['phrase']!r} ({p['category']}) e.g. {p['examples'][0]}", file=file)
    if s.get("files_failed"):
        print(f"{s['files_failed']} file(s) could not be read: see the report", file=file)
    print(f"report: {audit.paths.get('audit.html')}", file=file)
