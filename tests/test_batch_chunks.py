"""How batch hands files to workers: identical files travel together (one worker's caches serve the copies)."""

from __future__ import annotations

from pathlib import Path

from plainspeak.batch.runner import _chunks


def _task(path: Path, text: str) -> dict[str, str]:
    path.write_text(text, encoding="utf-8")
    return {"src": str(path), "rel": path.name}


def test_identical_files_go_in_one_chunk_and_every_file_once(tmp_path: Path) -> None:
    a = "<p>Please be advised that your invoice is attached.</p>"
    tasks = [
        _task(tmp_path / "a1.html", a),
        _task(tmp_path / "b.html", "<p>Thanks for your order.</p>"),
        _task(tmp_path / "a2.html", a),
        _task(tmp_path / "c.txt", "Your call is important to us."),
        _task(tmp_path / "a3.html", a),
    ]
    tasks.append({"src": str(tmp_path / "missing.html"), "rel": "missing.html"})  # unreadable: its own chunk
    chunks = list(_chunks(tasks, 1))
    assert sorted(t["rel"] for c in chunks for t in c) == sorted(t["rel"] for t in tasks)
    assert [[t["rel"] for t in c] for c in chunks] == [
        ["a1.html", "a2.html", "a3.html"],
        ["b.html"],
        ["c.txt"],
        ["missing.html"],
    ]


def test_chunks_fill_up_to_their_size(tmp_path: Path) -> None:
    tasks = [_task(tmp_path / f"f{i}.txt", f"Letter number {i}.") for i in range(7)]
    sizes = [len(c) for c in _chunks(tasks, 3)]
    assert sizes == [3, 3, 1]
