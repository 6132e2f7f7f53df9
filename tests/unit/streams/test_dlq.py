from __future__ import annotations

from datetime import UTC, datetime

from streams.dlq import DeadLetter, make_dead_letter
from streams.topics import TopicNames, dlq_topic


def test_dead_letter_keeps_original_bytes():
    raw = b"\xff\x00 not utf8"
    dl = make_dead_letter(topic="mentions.raw", partition=2, offset=7, key=b"k\xff", value=raw, doc_id=None,
                          reason="invalid_utf8", detail="bad", worker="extraction", now=datetime(2024, 1, 1, tzinfo=UTC))
    back = DeadLetter.model_validate_json(dl.model_dump_json())
    assert back.original_value() == raw
    assert back.original_key() == b"k\xff"
    assert (back.topic, back.partition, back.offset, back.reason) == ("mentions.raw", 2, 7, "invalid_utf8")


def test_topic_names_prefix_and_dlqs():
    t = TopicNames("test1-")
    assert t.raw == "test1-mentions.raw"
    assert dlq_topic(t.raw) == "test1-mentions.raw.dlq"
    assert len(set(t.all())) == 9 and t.kb_updates == "test1-kb.updates"
