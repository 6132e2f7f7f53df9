"""The published contract, generated from the models: one JSON Schema per topic and an AsyncAPI 3
document for the whole topic set (``mentionflow schemas`` writes them to ``schemas/``; a test
fails when the checked-in files differ from what the models generate).

Pure: returns dicts; the files are written by ``mentionflow/schemacmd.py``. The evolution rules
the schemas encode (readers ignore unknown fields, so no schema forbids additional properties;
``schema_version`` is the major version) are in docs/SCHEMAS.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from streams.codec import SUPPORTED_MAJORS
from streams.dlq import DeadLetter
from streams.schemas import (
    SCHEMA_VERSION,
    ExtractedDocument,
    InputDocument,
    KBUpdate,
    NormalizedDocument,
    ReviewDecision,
    ReviewRequest,
)
from streams.topics import (
    CONSUMED_TOPICS,
    DEFAULT_PARTITIONS,
    ENTITIES_NORMALIZED,
    ENTITIES_REVIEW,
    ENTITIES_REVIEWED,
    KB_UPDATES,
    MENTIONS_EXTRACTED,
    MENTIONS_RAW,
    dlq_topic,
)

__all__ = ["TopicSpec", "TOPIC_SPECS", "topic_schemas", "asyncapi_document", "JSON_SCHEMA_DIALECT"]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE_ID = "https://mentionflow.invalid/schemas/"
HEADERS_DOC = ("Kafka record headers. No header is required at this contract version: a reader must not "
               "depend on one and must ignore headers it does not know (operational headers such as a "
               "trace id may be present).")


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """One topic of the contract.

    name: the topic name without a deployment prefix. model: the message schema. key: what the
    Kafka key holds. sender/receiver: which mentionflow roles produce / consume it (documentation
    for the AsyncAPI operations). summary: one line for people.
    """

    name: str
    model: type[BaseModel]
    key: str
    summary: str
    sender: str
    receiver: str


_DOC_KEY = "the document id (UTF-8); every message about one document has the same key and partition"

_MAIN = (
    TopicSpec(MENTIONS_RAW, InputDocument, _DOC_KEY, "raw mention documents from the sources",
              "sources (mentionflow produce)", "extraction worker"),
    TopicSpec(MENTIONS_EXTRACTED, ExtractedDocument, _DOC_KEY, "documents with the spans the extractor found",
              "extraction worker", "normalization worker"),
    TopicSpec(ENTITIES_NORMALIZED, NormalizedDocument, _DOC_KEY,
              "one message per document with its linked (or NIL) entities; later messages with the same key "
              "replace or complete earlier ones (upsert by (id, start, end))",
              "normalization worker, review worker, review UI", "downstream consumers (mentionflow tail)"),
    TopicSpec(ENTITIES_REVIEW, ReviewRequest, _DOC_KEY, "a document's low-confidence mentions, waiting for review",
              "normalization worker", "review worker, review UI"),
    TopicSpec(ENTITIES_REVIEWED, ReviewDecision, _DOC_KEY, "one decision (teacher or human) on one reviewed mention",
              "review worker, review UI", "review UI, retraining"),
    TopicSpec(KB_UPDATES, KBUpdate, "the KB record id (UTF-8)", "KB upserts and deletes for running workers",
              "mentionflow kb upsert/delete", "every worker"),
)

#: Every topic of one deployment, dead-letter topics included, in a stable order.
TOPIC_SPECS: tuple[TopicSpec, ...] = _MAIN + tuple(
    TopicSpec(dlq_topic(t), DeadLetter, "the original message's key, unchanged (null when it had none)",
              f"messages from {t} that could not be processed: reason, detail and the original bytes",
              "the worker consuming " + t, "operators (mentionflow audit)")
    for t in CONSUMED_TOPICS
)


def _open(schema: Any) -> Any:
    """Drop ``additionalProperties: false`` everywhere: readers ignore unknown fields (the models
    forbid them only on the producing side, to catch typos)."""
    if isinstance(schema, dict):
        return {k: _open(v) for k, v in schema.items() if not (k == "additionalProperties" and v is False)}
    if isinstance(schema, list):
        return [_open(v) for v in schema]
    return schema


def _models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    for s in TOPIC_SPECS:
        if s.model not in seen:
            seen.append(s.model)
    return seen


def topic_schemas() -> dict[str, dict[str, Any]]:
    """``{topic name: JSON Schema (2020-12) of its messages}`` (validation mode: what a reader accepts)."""
    out: dict[str, dict[str, Any]] = {}
    for s in TOPIC_SPECS:
        body = _open(s.model.model_json_schema(mode="validation"))
        out[s.name] = {"$schema": JSON_SCHEMA_DIALECT, "$id": f"{SCHEMA_BASE_ID}{s.name}.json",
                       "x-kafka-topic": s.name, "x-kafka-key": s.key, **body}
    return out


def _component_schemas() -> tuple[dict[type[BaseModel], str], dict[str, Any]]:
    pairs = [(m, "validation") for m in _models()]
    refs, top = models_json_schema(pairs, ref_template="#/components/schemas/{model}")  # type: ignore[arg-type]
    names = {m: str(refs[(m, "validation")]["$ref"]).rsplit("/", 1)[1] for m in _models()}
    return names, _open(top.get("$defs", {}))


def _channel_id(topic: str) -> str:
    return topic.replace(".", "_")


def asyncapi_document(version: str = f"{SCHEMA_VERSION}.0.0") -> dict[str, Any]:
    """The AsyncAPI 3.0 document: one channel per topic (DLQs included), one message per channel
    with its key (Kafka binding) and headers, and mentionflow's send/receive operations."""
    names, schemas = _component_schemas()
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for s in TOPIC_SPECS:
        cid = _channel_id(s.name)
        msg_name = f"{cid}_message"
        messages[msg_name] = {
            "name": names[s.model], "title": f"{s.name} message", "summary": s.summary,
            "contentType": "application/json",
            "headers": {"type": "object", "description": HEADERS_DOC, "additionalProperties": {"type": "string"}},
            "payload": {"$ref": f"#/components/schemas/{names[s.model]}"},
            "bindings": {"kafka": {"key": {"type": "string", "description": s.key}, "bindingVersion": "0.5.0"}},
        }
        channels[cid] = {
            "address": s.name, "title": s.name, "summary": s.summary,
            "description": ("Topic names carry the deployment's prefix (MENTIONFLOW_TOPIC_PREFIX) in front of "
                            "this address."),
            "messages": {msg_name: {"$ref": f"#/components/messages/{msg_name}"}},
            "bindings": {"kafka": {"topic": s.name, "partitions": DEFAULT_PARTITIONS, "bindingVersion": "0.5.0"}},
        }
        ref = {"$ref": f"#/channels/{cid}"}
        operations[f"send_{cid}"] = {"action": "send", "channel": ref, "summary": f"produced by {s.sender}",
                                     "messages": [{"$ref": f"#/channels/{cid}/messages/{msg_name}"}]}
        operations[f"receive_{cid}"] = {"action": "receive", "channel": ref, "summary": f"consumed by {s.receiver}",
                                        "messages": [{"$ref": f"#/channels/{cid}/messages/{msg_name}"}]}
    majors = ", ".join(str(v) for v in sorted(SUPPORTED_MAJORS))
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "mentionflow topics",
            "version": version,
            "description": (
                "The Kafka contract of mentionflow: raw mentions in, normalized KB entities out, review and "
                "dead-letter topics. Generated from the pydantic models by `mentionflow schemas`; do not edit. "
                f"Every message with a schema_version carries the major version (readers here accept {majors}); "
                "readers ignore fields they do not know. Evolution rules: docs/SCHEMAS.md."),
            "license": {"name": "Apache-2.0"},
        },
        "defaultContentType": "application/json",
        "servers": {"local": {"host": "127.0.0.1:9092", "protocol": "kafka",
                              "description": "the local stack (mentionflow stack up); production brokers differ"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
