"""Bad input gets a clear, coded error and never a crash or a partial output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import plainspeak
from plainspeak import PlainspeakError, Settings


@pytest.mark.parametrize(
    "data, code",
    [
        ("", "E001"),
        ("   \n\t ", "E001"),
        (b"\x00\x01\x02binary\x00", "E002"),
        (b"caf\xe9 au lait", "E003"),
        ("a" * 5_000_001, "E004"),
        ("".join(chr(i) for i in range(1, 9)) * 50, "E002"),
    ],
)
def test_library_errors(data, code) -> None:
    with pytest.raises(PlainspeakError) as exc:
        plainspeak.rewrite(data)
    assert exc.value.code == code
    assert exc.value.message
    with pytest.raises(PlainspeakError):
        plainspeak.analyze(data)


def test_bad_settings_are_named() -> None:
    with pytest.raises(PlainspeakError) as exc:
        Settings.from_dict({"strength": "extreme"})
    assert exc.value.code == "E006" and exc.value.field == "strength"
    with pytest.raises(PlainspeakError) as exc:
        Settings.from_dict({"colour": "blue"})
    assert exc.value.field == "colour"
    with pytest.raises(PlainspeakError):
        plainspeak.rewrite("Hello there.", format="pdf")


def test_unclosed_html_is_rewritten_without_loss() -> None:
    html = "<div><p>We will utilize <b>your feedback<p>Thank you"
    r = plainspeak.rewrite(html, settings=Settings(check_meaning=False))
    assert r.output == "<div><p>We will use <b>your feedback<p>Thank you"


def _cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plainspeak", *args], input=stdin, capture_output=True, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize(
    "payload, code",
    [
        (b"", "E001"),
        (b"\x00\x00\x00\x00", "E002"),
        (b"\xff\xfe\xfa bad", "E003"),
        (b"x" * (5 * 1024 * 1024), "E004"),
    ],
)
def test_cli_bad_input_exit_3_and_no_output_file(tmp_path: Path, payload: bytes, code: str) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(payload)
    out = tmp_path / "out.txt"
    p = _cli("rewrite", str(src), "-o", str(out))
    assert p.returncode == 3
    assert code in p.stderr.decode()
    assert not out.exists()
    assert src.read_bytes() == payload


def test_cli_missing_file_and_never_over_input(tmp_path: Path) -> None:
    p = _cli("rewrite", str(tmp_path / "nope.txt"))
    assert p.returncode == 3 and b"E010" in p.stderr
    src = tmp_path / "in.txt"
    src.write_text("We will utilize it.")
    p = _cli("rewrite", str(src), "-o", str(src), "--force")
    assert p.returncode == 3 and b"E012" in p.stderr
    assert src.read_text() == "We will utilize it."


def test_written_files_get_normal_permissions(tmp_path: Path) -> None:
    import os

    from plainspeak.io import write_atomic

    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "hello")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "new.txt").read_text() == "hello"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=300))
def test_control_characters_counted_as_before(text: str) -> None:
    """The binary-input check counts C0 controls other than tab, newline, vertical tab, form feed and
    carriage return with a regex; it counts what the per-character loop it replaced counted."""
    from plainspeak.pipeline import CONTROL_CHARS

    assert len(CONTROL_CHARS.findall(text)) == sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
