"""The published contract (schemas/): generated from the models, valid, and in sync."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from mentionflow.schemacmd import SCHEMA_DIR, render_contract, stale_files, write_contract
from streams.codec import encode
from streams.contract import TOPIC_SPECS, asyncapi_document, topic_schemas
from streams.dlq import make_dead_letter
from streams.schemas import Entity, NormalizedDocument, ReviewDecision
from streams.topics import TopicNames

ROOT = Path(__file__).resolve().parents[3]
#: The official AsyncAPI 3.0.0 JSON Schema, vendored from npm @asyncapi/specs 6.11.1
#: (schemas/3.0.0-without-$id.json, Apache-2.0; LICENSE and NOTICE next to it).
ASYNCAPI_SCHEMA = ROOT / "tests" / "data" / "asyncapi-3.0.0-without-id.json.gz"

ENT = Entity(start=0, end=5, surface="Paris", kb_id="geonames:2988507", name="Paris", type="LOC", score=0.9,
             model_version="m", kb_version="kb")


def test_contract_checked_in_files_match_the_models():
    """Fails when a model (or a topic) changed without `mentionflow schemas` being run."""
    assert stale_files() == [], "run `mentionflow schemas` and commit schemas/"


def test_contract_check_detects_a_stale_file(tmp_path: Path):
    write_contract(tmp_path)
    assert stale_files(tmp_path) == []
    doc = json.loads((tmp_path / "entities.normalized.json").read_text())
    del doc["properties"]["pending_review"]  # as if the model had gained a field since
    (tmp_path / "entities.normalized.json").write_text(json.dumps(doc, indent=2) + "\n")
    (tmp_path / "old.topic.json").write_text("{}")
    assert stale_files(tmp_path) == ["entities.normalized.json", "old.topic.json"]


def test_contract_covers_every_topic_dlqs_included():
    assert sorted(topic_schemas()) == sorted(TopicNames().all())
    assert sorted(ch["address"] for ch in asyncapi_document()["channels"].values()) == sorted(TopicNames().all())
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(f"{t}.json" for t in TopicNames().all())


def test_contract_asyncapi_validates_against_the_official_asyncapi_3_schema():
    official = json.loads(gzip.decompress(ASYNCAPI_SCHEMA.read_bytes()))
    doc = yaml.safe_load((SCHEMA_DIR / "asyncapi.yaml").read_text())
    errors = [f"{list(e.path)}: {e.message[:200]}" for e in jsonschema.Draft7Validator(official).iter_errors(doc)]
    assert errors == []
    broken = {**doc, "channels": {**doc["channels"], "x": {"address": 5}}}
    assert list(jsonschema.Draft7Validator(official).iter_errors(broken))  # the validator can fail


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return ([node["$ref"]] if isinstance(node.get("$ref"), str) else []) + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_contract_asyncapi_every_ref_resolves_and_every_channel_has_key_and_headers():
    doc = yaml.safe_load((SCHEMA_DIR / "asyncapi.yaml").read_text())
    for ref in _refs(doc):
        assert ref.startswith("#/") and _resolve(doc, ref) is not None, ref
    for cid, ch in doc["channels"].items():
        (msg_ref,) = ch["messages"].values()
        msg = _resolve(doc, msg_ref["$ref"])
        assert msg["bindings"]["kafka"]["key"]["type"] == "string"
        assert msg["headers"]["type"] == "object"
        actions = {op["action"] for op in doc["operations"].values() if op["channel"]["$ref"] == f"#/channels/{cid}"}
        assert actions == {"send", "receive"}


def _examples() -> dict[str, bytes]:
    from datetime import UTC, datetime

    from streams.schemas import (
        ExtractedDocument,
        InputDocument,
        KBUpdate,
        Mention,
        ReviewItem,
        ReviewRequest,
    )

    doc = InputDocument(id="d1", text="Paris is big.")
    dl = encode(make_dead_letter(topic="mentions.raw", partition=0, offset=3, key=b"d1", value=b"{bad", doc_id="d1",
                                 reason="not_json", detail="x", worker="extraction", now=datetime(2024, 1, 1, tzinfo=UTC)))
    return {
        "mentions.raw": encode(doc),
        "mentions.extracted": encode(ExtractedDocument(doc=doc, extractor_version="e", mentions=(
            Mention(start=0, end=5, surface="Paris", type="LOC", score=0.9),))),
        "entities.normalized": encode(NormalizedDocument(id="d1", entities=(ENT,))),
        "entities.review": encode(ReviewRequest(id="d1", text="Paris is big.", items=(
            ReviewItem(start=0, end=5, surface="Paris", type="LOC", reason="low_score", proposed=ENT, candidates=()),))),
        "entities.reviewed": encode(ReviewDecision(doc_id="d1", start=0, end=5, surface="Paris", type="LOC", kb_id=None,
                                                   nil_reason="not_in_kb", decided_by="human", confidence=1.0,
                                                   model_proposed=ENT)),
        "kb.updates": encode(KBUpdate(op="delete", id="x", base_version="kb", seq=0)),
        "mentions.raw.dlq": dl, "mentions.extracted.dlq": dl, "entities.review.dlq": dl,
    }


@pytest.mark.parametrize("topic", [s.name for s in TOPIC_SPECS])
def test_contract_json_schema_accepts_what_the_models_produce_and_rejects_what_they_refuse(topic: str):
    schema = json.loads((SCHEMA_DIR / f"{topic}.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    msg = json.loads(_examples()[topic])
    assert list(validator.iter_errors(msg)) == []
    assert list(validator.iter_errors({**msg, "added_in_a_later_minor": [1, 2]})) == []  # readers ignore new fields
    required = schema["required"]
    assert required and list(validator.iter_errors({k: v for k, v in msg.items() if k != required[0]}))


def test_contract_render_is_deterministic():
    assert render_contract() == render_contract()
