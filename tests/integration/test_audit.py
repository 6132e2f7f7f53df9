"""``mentionflow audit --since T`` on the real broker: every input id since T is done, pending or
lost (and the exit code says when something is lost)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import orjson
import pytest

from streams.codec import encode
from streams.schemas import NormalizedDocument
from streams.topics import dlq_topic, message_key
from tests.integration.conftest import ROOT, produce
from workers.shell import RawRecord, dead_letter

pytestmark = pytest.mark.integration


def test_audit_reports_lost_pending_duplicated(bootstrap, topics, tmp_path):
    produce(bootstrap, topics.raw, [(b"old", orjson.dumps({"id": "old", "text": "before T"}))])
    time.sleep(1.5)
    since = datetime.now(UTC).isoformat()
    raw = [(message_key(i), orjson.dumps({"id": i, "text": "x"})) for i in ("a", "b", "c", "d", "d")]
    produce(bootstrap, topics.raw, raw + [(None, b"\xff broken")])
    produce(bootstrap, topics.normalized, [(b"a", encode(NormalizedDocument(id="a", entities=(), pending_review=0))),
                                           (b"b", encode(NormalizedDocument(id="b", entities=(), pending_review=1)))])
    letter = dead_letter(RawRecord(topics.raw, 0, 0, b"c", raw[2][1]), "too_many_mentions", "x", "extraction",
                         datetime.now(UTC))
    produce(bootstrap, dlq_topic(topics.raw), [(letter.key, letter.value)])
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "mentionflow.cli", "audit", "--since", since], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 4, out.stdout + out.stderr  # something is lost
    first, *rest = out.stdout.strip().splitlines()
    assert first.startswith("inputs 6: done 2, pending 1, lost 2, duplicated 1")
    listed = dict(line.split(": ", 1) for line in rest)
    assert listed["pending"] == "b" and listed["duplicated"] == "d"
    lost = listed["lost"].split(", ")
    assert "d" in lost and [x for x in lost if x.startswith(f"{topics.raw}/")]  # the broken one, by position
    assert "old" not in out.stdout
