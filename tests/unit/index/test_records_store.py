from __future__ import annotations

import orjson
import pytest

from index.records import parse_kb_lines
from index.store import KBLoadError, KBStore

GOOD = {"id": "geonames:1", "name": "Paris", "aliases": ["Paname"], "type": "LOC", "description": "City"}


def lines(*objs):
    return [orjson.dumps(o) if not isinstance(o, bytes) else o for o in objs]


def test_parse_reports_every_bad_line_with_number():
    res = parse_kb_lines(lines(GOOD, b"{oops", {"id": "no-namespace", "name": "x", "type": "LOC"},
                               {**GOOD, "name": "dup"}, {"id": "a:b", "name": " ", "type": "LOC"},
                               {"id": "a:c", "name": "c", "type": "LOC", "popularity": 3}))
    assert [e.line for e in res.errors] == [2, 3, 4, 5, 6]
    assert "duplicate id" in res.errors[2].error
    assert len(res.records) == 1 and not res.ok


def test_store_rejects_bad_file_without_half_loading(tmp_path):
    store = KBStore(tmp_path / "kb")
    good = tmp_path / "good.jsonl"
    good.write_bytes(b"\n".join(lines(GOOD, {"id": "wiki:Paris", "name": "Paris", "type": "LOC"})) + b"\n")
    v1 = store.load_file(good)
    assert store.current_version() == v1
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\n".join(lines({"id": "wiki:X", "name": "X", "type": "LOC"}, b"not json")) + b"\n")
    with pytest.raises(KBLoadError) as exc:
        store.load_file(bad)
    assert "line 2" in str(exc.value)
    assert store.current_version() == v1
    assert store.list_versions() == [v1]
    assert [r.id for r in store.read().records] == ["geonames:1", "wiki:Paris"]


def test_same_content_same_version(tmp_path):
    store = KBStore(tmp_path / "kb")
    f = tmp_path / "a.jsonl"
    f.write_bytes(orjson.dumps(GOOD) + b"\n")
    assert store.load_file(f) == store.load_file(f)
