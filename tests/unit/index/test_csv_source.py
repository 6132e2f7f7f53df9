from __future__ import annotations

import pytest

from index.kb_sources import build_kb
from index.records import KBRecord


def test_csv_source_builds_valid_records(tmp_path):
    f = tmp_path / "kb.csv"
    f.write_text("id,name,type,aliases,description,popularity\n"
                 "acme:1,Acme Corp,ORG,Acme|ACME,A maker of anvils,0.7\n"
                 "acme:2,Road Runner,PER,,,\n", encoding="utf-8")
    recs = [KBRecord.model_validate(r) for r in build_kb([f"csv.v1:{f}"])]
    assert [(r.id, r.aliases, r.popularity) for r in recs] == [("acme:1", ("Acme", "ACME"), 0.7),
                                                               ("acme:2", (), recs[1].popularity)]


def test_csv_source_names_the_bad_line(tmp_path):
    f = tmp_path / "kb.csv"
    f.write_text("id,name,type\nacme:1,,ORG\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"kb.csv:2: empty id or name"):
        list(build_kb([f"csv.v1:{f}"]))
    g = tmp_path / "bad.csv"
    g.write_text("id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        list(build_kb([f"csv.v1:{g}"]))
