"""Safety of batch runs: kill -9 and Ctrl-C then --resume, failures that do not stop the
run, in-place rewriting with backups, refusal to mix runs, exit codes and the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plainspeak import Settings
from plainspeak.batch import run_batch
from plainspeak.batch.manifest import read as read_manifest
from plainspeak.cli import main
from plainspeak.errors import PlainspeakError

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "email-templates"
FIXTURES = REPO / "tests" / "fixtures" / "templates"
FAST = Settings(check_meaning=False)


def tree(root: Path, skip: str = "plainspeak-report") -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and skip not in p.relative_to(root).parts
    }


def digest(root: Path) -> dict[str, str]:
    return {k: hashlib.sha256(v).hexdigest() for k, v in tree(root).items()}


def cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # SIGINT back to its default, so that Ctrl-C reaches the child as KeyboardInterrupt even when this
    # test runs in a background job (where it is inherited as "ignored")
    return subprocess.Popen(
        [sys.executable, "-m", "plainspeak", "batch", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for_records(manifest: Path, n: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return
        if manifest.exists():
            lines = manifest.read_bytes().count(b"\n")
            if lines - 1 >= n:  # the first line is the header
                return
        time.sleep(0.02)
    raise AssertionError(f"no {n} records in {manifest} within {timeout} s")


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
def test_sigkill_then_sigint_then_resume(tmp_path):
    seed = int(os.environ.get("PLAINSPEAK_TEST_SEED", time.time_ns() % 100_000))
    rng = random.Random(seed)
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    originals = digest(src)
    ref = tmp_path / "ref"
    reference = run_batch(src, ref, settings=FAST)  # what a run that was never stopped writes
    assert reference.exit_code == 0
    expected = tree(ref)
    out = tmp_path / "out"
    manifest = out / "plainspeak-report" / "manifest.jsonl"
    args = [str(src), "--out", str(out), "--no-meaning-check", "--no-progress"]

    # 1. kill -9 at a random point
    kill_at = rng.randint(1, 150)
    p = cli(*args)
    wait_for_records(manifest, kill_at, p)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    partial = tree(out)
    for rel, data in partial.items():
        if rel.endswith(".tmp"):  # an unfinished atomic write: never under the real name
            continue
        assert data == expected[rel], f"seed {seed}: {rel} is half-written or wrong after kill -9"
    _, done = read_manifest(manifest)
    finished = {r["path"] for r in done}
    assert finished, f"seed {seed}"
    stamps = {rel: (out / rel).stat().st_mtime_ns for rel in finished}

    # 2. resume, and interrupt that with Ctrl-C (SIGINT) a few files later
    p = cli(*args, "--resume")
    wait_for_records(manifest, len(finished) + rng.randint(1, 20), p)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode in (130, 0), err.decode()
    if p.returncode == 130:
        assert b"--resume" in err
        assert json.loads((out / "plainspeak-report" / "report.json").read_text())["interrupted"] is True
    for rel, data in tree(out).items():
        if not rel.endswith(".tmp"):
            assert data == expected[rel], f"seed {seed}: {rel} wrong after Ctrl-C"

    # 3. resume to the end
    p = cli(*args, "--resume")
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err.decode()
    final = tree(out)
    assert final == expected, f"seed {seed}: outputs differ from an uninterrupted run"
    assert not [rel for rel in final if rel.endswith(".tmp")]
    report = json.loads((out / "plainspeak-report" / "report.json").read_text())
    assert report["totals"]["failed"] == 0 and report["totals"]["files"] == len(expected)
    assert report["totals"]["resumed"] >= len(finished)
    for rel in finished:  # finished files were not redone
        assert (out / rel).stat().st_mtime_ns == stamps[rel], f"seed {seed}: {rel} was rewritten again"
    assert digest(src) == originals, "an original was modified"


def _mixed_folder(root: Path) -> Path:
    root.mkdir()
    (root / "good.html").write_text("<p>We will utilize your feedback.</p>\n", encoding="utf-8")
    (root / "same.txt").write_text("Thanks for your order.\n", encoding="utf-8")
    (root / "latin1.txt").write_bytes("Caf\xe9: we will utilize it.\n".encode("latin-1"))
    (root / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "broken.eml").write_text("this is not an email\n", encoding="utf-8")
    (root / "empty.md").write_text("  \n", encoding="utf-8")
    (root / "data.json").write_text('{"name": "utilize"}\n', encoding="utf-8")
    return root


def test_failures_are_reported_and_the_run_goes_on(tmp_path):
    src = _mixed_folder(tmp_path / "in")
    seen = []
    r = run_batch(src, tmp_path / "out", settings=FAST, on_file=lambda rec, done, total: seen.append((done, total)))
    status = {x["path"]: x["status"] for x in r.records}
    assert status == {
        "good.html": "rewritten",
        "same.txt": "unchanged",
        "latin1.txt": "failed",
        "binary.html": "failed",
        "broken.eml": "failed",
        "empty.md": "unchanged",
        "data.json": "copied",
    }
    codes = {x["path"]: x["error"]["code"] for x in r.failed}
    assert codes == {"latin1.txt": "E003", "binary.html": "E002", "broken.eml": "E033"}
    assert r.exit_code == 4
    assert not (tmp_path / "out" / "latin1.txt").exists()
    assert (tmp_path / "out" / "good.html").read_text() == "<p>We will use your feedback.</p>\n"
    assert (tmp_path / "out" / "data.json").read_bytes() == (src / "data.json").read_bytes()
    assert seen[-1] == (7, 7)
    html = Path(r.report_html).read_text(encoding="utf-8")
    assert "Failures" in html and "E003" in html
    # the right encoding makes the Latin-1 file work
    r2 = run_batch(src / "latin1.txt", tmp_path / "out2", settings=FAST, encoding="latin-1")
    assert r2.exit_code == 0
    assert (tmp_path / "out2" / "latin1.txt").read_bytes() == "Caf\xe9: we will use it.\n".encode("latin-1")


def test_refuses_to_mix_runs(tmp_path):
    src = _mixed_folder(tmp_path / "in")
    out = tmp_path / "out"
    run_batch(src, out, settings=FAST)
    with pytest.raises(PlainspeakError) as e:
        run_batch(src, out, settings=FAST)
    assert e.value.code == "E030"
    with pytest.raises(PlainspeakError) as e:  # other settings: resume would mix outputs
        run_batch(src, out, settings=Settings(check_meaning=False, strength="light"), resume=True)
    assert e.value.code == "E030"
    r = run_batch(src, out, settings=FAST, resume=True)  # same settings: everything done already
    assert r.resumed == 4 and all(x.get("resumed") for x in r.records if x["status"] != "failed")
    r = run_batch(src, out, settings=FAST, force=True)
    assert r.resumed == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("x")
    with pytest.raises(PlainspeakError) as e:
        run_batch(src, other, settings=FAST)
    assert e.value.code == "E030"
    for bad in (
        {"out_dir": None},
        {"out_dir": out, "in_place": True},
        {"out_dir": out, "workers": 0},
        {"out_dir": out, "engine": "ray", "force": True},
        {"out_dir": out, "format": "pdf"},
    ):
        with pytest.raises(PlainspeakError):
            run_batch(src, **bad, settings=FAST)
    with pytest.raises(PlainspeakError) as e:
        run_batch(tmp_path / "missing", out, settings=FAST)
    assert e.value.code == "E031"


def test_in_place_keeps_backups(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(FIXTURES, src)
    (src / "plain.txt").write_text("Thanks for your order.\n")
    os.chmod(src / "dollar_brace.txt", 0o640)
    before = tree(src)
    mtime = (src / "plain.txt").stat().st_mtime_ns
    r = run_batch(src, in_place=True, settings=FAST, report_dir=tmp_path / "report")
    assert r.exit_code == 0
    after = tree(src)
    for rel, data in before.items():
        rec = next(x for x in r.records if x["path"] == rel)
        if rec["status"] == "rewritten":
            assert after[rel] != data and after[rel + ".bak"] == data
        else:
            assert after[rel] == data and rel + ".bak" not in after
    assert (src / "plain.txt").stat().st_mtime_ns == mtime
    assert oct((src / "dollar_brace.txt").stat().st_mode & 0o777) == oct(0o640)
    # a second in-place run never overwrites the first backups
    r2 = run_batch(src, in_place=True, settings=FAST, report_dir=tmp_path / "report", force=True)
    assert r2.exit_code == 0
    for rel, data in before.items():
        if rel + ".bak" in after:
            assert (src / (rel + ".bak")).read_bytes() == data


def test_output_inside_input_is_not_read(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(FIXTURES, src)
    r = run_batch(src, src / "rewritten", settings=FAST)
    assert r.exit_code == 0
    assert not any(x["path"].startswith("rewritten/") for x in r.records)
    with pytest.raises(PlainspeakError):
        run_batch(src, src, settings=FAST, force=True)


def test_cli_batch(tmp_path, capsys):
    src = _mixed_folder(tmp_path / "in")
    code = main(
        ["batch", str(src), "--out", str(tmp_path / "out"), "--no-meaning-check", "--json", "--diff", "--no-progress"]
    )
    assert code == 4
    cap = capsys.readouterr()
    totals = json.loads(cap.out)
    assert totals["failed"] == 3 and totals["rewritten"] == 1
    assert "failed latin1.txt: E003" in cap.err and "report:" in cap.err
    assert (tmp_path / "out" / "plainspeak-report" / "diffs" / "good.html.diff").is_file()
    assert main(["batch", str(src), "--out", str(tmp_path / "out"), "--no-meaning-check"]) == 3
    assert "E030" in capsys.readouterr().err
    code = main(
        ["batch", str(src / "good.html"), "--out", str(tmp_path / "o3"), "--no-meaning-check", "--no-copy-other"]
    )
    assert code == 0
    with pytest.raises(SystemExit):
        main(["batch", "--format", "pdf", str(src), "--out", str(tmp_path / "o4")])
