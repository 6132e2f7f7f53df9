"""Publishing record by record: a refused record is dead-lettered alone, a broker outage holds
the batch, nothing raises past a record that could be placed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from aiokafka.errors import KafkaConnectionError, MessageSizeTooLargeError

from streams.dlq import DeadLetter
from workers.publish import PublishFailed, is_retriable, is_too_large, publish_processed
from workers.shell import Outgoing, Processed, RawRecord

NOW = datetime(2024, 1, 1, tzinfo=UTC)


class ProducerSendError(Exception):  # faust wraps aiokafka's errors like this (``raise ... from exc``)
    pass


def wrapped(exc: Exception) -> Exception:
    try:
        raise ProducerSendError(repr(exc)) from exc
    except ProducerSendError as outer:
        return outer


def item(i: int, size: int = 10) -> Processed:
    rec = RawRecord("mentions.raw", 0, i, f"d{i}".encode(), b'{"id": "d%d", "text": "x"}' % i)
    return Processed(rec, (Outgoing("mentions.extracted", f"d{i}".encode(), b"v" * size),))


class FakeProducer:
    def __init__(self, fail=lambda o, n: None):
        self.sent: list[Outgoing] = []
        self.calls = 0
        self.fail = fail

    async def send(self, o: Outgoing):
        self.calls += 1
        exc = self.fail(o, self.calls)
        if exc is not None:
            raise exc
        self.sent.append(o)
        fut = asyncio.get_running_loop().create_future()
        fut.set_result(None)
        return fut


def run(coro):
    return asyncio.run(coro)


@pytest.mark.parametrize("exc,retriable,too_large", [
    (wrapped(MessageSizeTooLargeError()), False, True),
    (wrapped(KafkaConnectionError()), True, False),
    (TimeoutError(), True, False),
    (ValueError("bug"), False, False),
])
def test_publish_classifies_errors_through_faust_wrapping(exc, retriable, too_large):
    assert (is_retriable(exc), is_too_large(exc)) == (retriable, too_large)


def test_publish_refused_output_dead_letters_that_record_and_its_neighbours_go_through():
    big = item(5, size=3_000_000)
    items = [item(0), item(1), big, item(3)]
    prod = FakeProducer(lambda o, _: wrapped(MessageSizeTooLargeError()) if len(o.value) > 1_000_000 else None)
    report = run(publish_processed(prod.send, items, "extraction", NOW, sleep=lambda s: asyncio.sleep(0)))
    assert [o.key for o in prod.sent if o.topic == "mentions.extracted"] == [b"d0", b"d1", b"d3"]
    (letter,) = [o for o in prod.sent if o.topic == "mentions.raw.dlq"]
    dl = DeadLetter.model_validate_json(letter.value)
    assert (dl.reason, dl.doc_id, dl.offset) == ("output_too_large", "d5", 5)
    assert dl.original_value() == big.record.value
    assert [p.record.offset for p, _ in report.refused] == [5]


def test_publish_retriable_error_holds_then_publishes_without_dead_letters():
    prod = FakeProducer(lambda o, n: wrapped(KafkaConnectionError()) if n <= 4 else None)
    sleeps: list[float] = []

    async def sleep(s: float) -> None:
        sleeps.append(s)

    report = run(publish_processed(prod.send, [item(0), item(1)], "extraction", NOW, sleep=sleep, first_hold_s=0.5,
                                   max_hold_s=1.0))
    assert sorted(o.key for o in prod.sent) == [b"d0", b"d1"]
    assert not any(o.topic.endswith(".dlq") for o in prod.sent) and report.refused == []
    assert sleeps == [0.5, 1.0]  # doubling, capped


def test_publish_dead_letter_refused_without_original_then_raises():
    prod = FakeProducer(lambda o, _: wrapped(MessageSizeTooLargeError()))
    with pytest.raises(PublishFailed):
        run(publish_processed(prod.send, [item(0)], "extraction", NOW))
    assert prod.sent == []
