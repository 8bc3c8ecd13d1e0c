"""Model-file checksums: computed ahead in a thread or on the spot, always the file's sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from plainspeak import checksum


def test_hash_ahead_gives_the_same_digest_once_then_hashes_afresh(tmp_path: Path) -> None:
    big, empty = tmp_path / "weights.bin", tmp_path / "empty"
    big.write_bytes(bytes(range(256)) * 40_000)
    empty.write_bytes(b"")
    checksum.hash_ahead([big, empty]).join()
    assert checksum._ahead.keys() >= {big, empty}  # computed ahead, waiting for the loader
    assert checksum.sha256(big) == hashlib.sha256(big.read_bytes()).hexdigest()
    assert checksum.sha256(empty) == hashlib.sha256(b"").hexdigest()
    assert big not in checksum._ahead  # taken once: a later check hashes the file as it is then
    big.write_bytes(b"changed")
    assert checksum.sha256(big) == hashlib.sha256(b"changed").hexdigest()


def test_a_file_the_thread_cannot_read_raises_where_the_loader_asks(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    checksum.hash_ahead([missing]).join()
    with pytest.raises(FileNotFoundError):
        checksum.sha256(missing)


def test_a_cli_rewrite_checksums_the_model_files_it_will_load(monkeypatch: pytest.MonkeyPatch) -> None:
    from plainspeak.cli.rewrite import _hash_models_ahead
    from plainspeak.embeddings import weights_path
    from plainspeak.restructure.parse import model_files
    from plainspeak.settings import Settings

    asked: list[Path] = []
    monkeypatch.setattr(checksum, "hash_ahead", lambda paths: asked.extend(paths))
    _hash_models_ahead(Settings(model="none"))
    assert asked[0] == weights_path() and set(asked[1:]) == set(model_files())
    asked.clear()
    _hash_models_ahead(Settings(model="none", check_meaning=False, restructure=False))
    assert asked == []
    _hash_models_ahead(Settings(model="none", strength="light"))  # light: the restructure stage does not run
    assert asked == [weights_path()]
