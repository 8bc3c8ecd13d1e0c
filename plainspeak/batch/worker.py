"""The per-file work of a batch run: a plain function of (task, job) that any engine runs.

A worker reads its input, rewrites it, writes the output atomically (and a diff on
request), and returns a small JSON-able record: the parent never ships file contents
around, so the same function serves the local process pool and a dask cluster whose
workers see the same file system.
"""

from __future__ import annotations

import difflib
import hashlib
import time
import traceback
from pathlib import Path
from typing import Any

from ..errors import PlainspeakError
from ..io import write_atomic
from ..settings import Settings

_SETTINGS: dict[str, Settings] = {}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def settings_for(job: dict[str, Any]) -> Settings:
    key = repr(sorted(job["settings"].items()))
    s = _SETTINGS.get(key)
    if s is None:
        s = _SETTINGS[key] = Settings.from_dict(job["settings"])
    return s


def warm_up(settings: dict[str, Any] | None = None) -> None:
    """Load what a worker needs once, before its first file: the rules (compiled by a first
    rewrite, which also loads the syllable dictionary) and, with the meaning check on, the model."""
    from ..pipeline import rewrite

    try:
        rewrite(
            "We will utilize it in order to help.",
            "text",
            Settings.from_dict({**(settings or {}), "check_meaning": False}),
        )
    except PlainspeakError:  # pragma: no cover - a broken rule file shows up on the first real file
        pass
    full = Settings.from_dict(settings or {})
    if full.check_meaning:
        from ..embeddings import get_embedder

        # the embedder the pipeline's verifier will ask for (torch with the seq2seq model, see verify.py)
        get_embedder("torch" if full.model_enabled else None)
    from ..restructure.stage import RestructureStage

    if RestructureStage().enabled(full):
        from ..restructure.parse import get_nlp

        get_nlp()  # the parser: a short warm-up sentence does not need it, the first long one would
    if full.model_enabled:
        from ..model.rewriter import get_rewriter

        get_rewriter(full.model)


def _backup(src: Path, data: bytes, suffix: str, mode: int) -> str:
    """Keep the original beside the file: name.bak, or name.bak.1, .2 ... when an older
    backup with other contents is already there (a backup is never overwritten)."""
    n = 0
    while True:
        cand = src.with_name(src.name + suffix + (f".{n}" if n else ""))
        if not cand.exists():
            write_atomic(cand, data, overwrite=True, mode=mode)
            return str(cand)
        if cand.read_bytes() == data:
            return str(cand)
        n += 1


def make_diff(rel: str, before: bytes, after: bytes) -> str:
    a = before.decode("utf-8", "replace").splitlines(keepends=True)
    b = after.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(a, b, fromfile=f"a/{rel}", tofile=f"b/{rel}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def process_file(task: dict[str, Any], job: dict[str, Any]) -> dict[str, Any]:
    """Rewrite (or copy) one file. Never raises for a bad file: the record says what failed."""
    from .document import process_document, summary

    t0 = time.perf_counter()
    src, dst, rel = Path(task["src"]), Path(task["dst"]), task["rel"]
    rec: dict[str, Any] = {
        "path": rel,
        "src": str(src),
        "out": str(dst),
        "kind": task.get("kind"),
        "status": "failed",
        "error": None,
    }
    try:
        data = src.read_bytes()
        mode = src.stat().st_mode
    except OSError as exc:
        rec["error"] = {"code": "E010", "message": f"{rel}: {exc.strerror}"}
        rec["seconds"] = round(time.perf_counter() - t0, 4)
        return rec
    rec["input_sha256"] = sha256(data)
    rec["bytes_in"] = len(data)
    try:
        if task.get("kind") is None:
            rec.update(status="copied", reason=task.get("reason", "not a template"))
            output = data
        else:
            doc = process_document(data, task["kind"], src.name, settings_for(job), job.get("encoding", "utf-8"))
            rec.update(summary(doc))
            output = doc.output
            rec["status"] = "rewritten" if output != data else "unchanged"
        rec["output_sha256"] = sha256(output)
        rec["bytes_out"] = len(output)
        if job.get("in_place"):
            if output != data:
                rec["backup"] = _backup(src, data, job.get("backup_suffix", ".bak"), mode)
                write_atomic(src, output, overwrite=True, mode=mode)
        else:
            write_atomic(dst, output, overwrite=True, mode=mode)
        if job.get("diff_dir") and output != data:
            diff_path = Path(job["diff_dir"]) / (rel + ".diff")
            write_atomic(diff_path, make_diff(rel, data, output).encode("utf-8"), overwrite=True)
            rec["diff"] = str(diff_path)
    except PlainspeakError as exc:
        rec.update(status="failed", error={"code": exc.code, "message": exc.message})
    except Exception as exc:
        rec.update(
            status="failed",
            error={
                "code": "E038",
                "message": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(limit=6),
            },
        )
    rec["seconds"] = round(time.perf_counter() - t0, 4)
    return rec


def process_chunk(tasks: list[dict[str, Any]], job: dict[str, Any]) -> list[dict[str, Any]]:
    return [process_file(t, job) for t in tasks]
