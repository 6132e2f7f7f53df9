"""KB sources by name: the registry's lookups and errors, and ``build_kb`` chaining sources."""

from __future__ import annotations

import orjson
import pytest

from index.kb_sources import build_kb, kb_sources, parse_source
from index.registry import Registry, UnknownComponent


def test_registry_lists_and_refuses_unknown_names():
    reg: Registry = Registry("thing")
    reg.register("a.v1")(lambda: 1)
    assert reg.names() == ["a.v1"] and reg.get("a.v1")() == 1
    with pytest.raises(UnknownComponent, match="no thing named 'b.v1'; registered: a.v1"):
        reg.get("b.v1")
    with pytest.raises(ValueError, match="registered twice"):
        reg.register("a.v1")(lambda: 2)


def test_kb_sources_has_the_default_source():
    assert "default.v1" in kb_sources.names()
    with pytest.raises(ValueError, match="takes no argument"):
        list(build_kb(["default.v1:x"]))


@pytest.mark.parametrize("spec, parsed", [("default.v1", ("default.v1", None)),
                                          ("jsonl.v1:a/b.jsonl", ("jsonl.v1", "a/b.jsonl"))])
def test_parse_source(spec, parsed):
    assert parse_source(spec) == parsed


def test_build_kb_refuses_an_id_from_two_sources(monkeypatch):
    fake: Registry = Registry("KB source")
    fake.register("one.v1")(lambda arg, progress: iter([{"id": "x:1"}, {"id": "x:2"}]))
    fake.register("two.v1")(lambda arg, progress: iter([{"id": "x:2"}]))
    monkeypatch.setattr("index.kb_sources.kb_sources", fake)
    assert [r["id"] for r in build_kb(["one.v1"])] == ["x:1", "x:2"]
    with pytest.raises(ValueError, match="'x:2' comes twice: from one.v1 and from two.v1"):
        list(build_kb(["one.v1", "two.v1"]))


def test_jsonl_source_adds_a_file_of_records(small_kb_path, tmp_path):
    rows = list(build_kb([f"jsonl.v1:{small_kb_path}"]))
    assert rows and rows == [orjson.loads(x) for x in small_kb_path.read_bytes().splitlines() if x.strip()]
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": "x:1"}\n{not json\n')
    with pytest.raises(ValueError, match="bad.jsonl:2: not a JSON record"):
        list(build_kb([f"jsonl.v1:{bad}"]))
    with pytest.raises(ValueError, match="needs a file"):
        list(build_kb(["jsonl.v1"]))
    with pytest.raises(ValueError, match="comes twice"):
        list(build_kb([f"jsonl.v1:{small_kb_path}", f"jsonl.v1:{small_kb_path}"]))
