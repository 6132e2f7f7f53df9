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


def test_alias_index_with_changes_upserts_and_deletes(small_index):
    from index.records import KBRecord

    new = KBRecord(id="custom:zyx", name="Zyxville", aliases=("Zyx City",), type="LOC", description="A test town")
    moved = KBRecord(id="geonames:2950159", name="Berlin", aliases=("Spree-Athen",), type="LOC", description="changed")
    ix = small_index.with_changes([new, moved], ["wiki:Barack_Obama"], "kb-test+u3")
    assert ix.kb_version == "kb-test+u3" and len(ix) == len(small_index) + 2
    assert [ix.ids[r] for r in ix.lookup("zyx city")] == ["custom:zyx"]
    assert ix.lookup("Barack Obama") == ()
    berlin = [ix.ids[r] for r in ix.lookup("Berlin")]
    assert berlin.count("geonames:2950159") == 1 and ix.descriptions[ix.lookup("Spree-Athen")[0]] == "changed"
    assert small_index.lookup("Barack Obama")  # the original is untouched


def test_apply_updates_last_change_wins_and_labels_version(small_index):
    from index.live import apply_updates
    from streams.schemas import KBUpdate

    rec = {"id": "custom:a", "name": "Alphaville", "type": "LOC"}
    ups = [KBUpdate(op="upsert", id="custom:a", base_version="kb-test", seq=0, record=rec),
           KBUpdate(op="delete", id="custom:a", base_version="kb-test", seq=1),
           KBUpdate(op="upsert", id="custom:b", base_version="other-base", seq=2, record={**rec, "id": "custom:b"})]
    ix, seq = apply_updates(small_index, "kb-test", ups)
    assert seq == 1 and ix.kb_version == "kb-test+u1"
    assert ix.lookup("Alphaville") == ()  # deleted after it was added; the other base is ignored
    ix2, _ = apply_updates(ix, "kb-test", [KBUpdate(op="upsert", id="custom:a", base_version="kb-test", seq=0, record=rec)])
    assert ix2.kb_version == "kb-test+u1" and [ix2.ids[r] for r in ix2.lookup("Alphaville")] == ["custom:a"]
