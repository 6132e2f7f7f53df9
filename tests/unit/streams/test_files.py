"""The shared file idioms: JSON lines in, atomic replacement out."""

from __future__ import annotations

import os
import stat

import pytest

from streams.files import read_jsonl, write_atomic


def test_read_jsonl_skips_blank_lines(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_bytes(b'{"a": 1}\n\n  \n{"b": [2]}\n')
    assert read_jsonl(p) == [{"a": 1}, {"b": [2]}]


def test_write_atomic_replaces_and_sets_the_mode(tmp_path):
    p = tmp_path / "sub" / "f.txt"
    write_atomic(p, [b"old"])
    write_atomic(p, (c for c in (b"ne", b"w")), mode=0o600)
    assert p.read_bytes() == b"new" and stat.S_IMODE(os.stat(p).st_mode) == 0o600
    assert [x.name for x in p.parent.iterdir()] == ["f.txt"]  # no temporary file left


def test_write_atomic_failure_keeps_the_old_file(tmp_path):
    p = tmp_path / "f.txt"
    write_atomic(p, [b"old"])

    def broken():
        yield b"half"
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError, match="disk gone"):
        write_atomic(p, broken())
    assert p.read_bytes() == b"old" and [x.name for x in tmp_path.iterdir()] == ["f.txt"]
