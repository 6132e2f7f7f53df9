"""The agents' ack discipline: a batch's events are acked only after it is fully handled; an
exception acks nothing and stops the process (faust's take_events acked in its ``finally``)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from workers.agents import EXIT_BATCH_FAILED, consume_batches


class FakeStream:
    def __init__(self, batches):
        self.batches = batches
        self.acked: list[int] = []

    async def noack_take(self, max_, within):
        for b in self.batches:
            yield [SimpleNamespace(message=SimpleNamespace(topic="t", partition=0, offset=o, key=b"k", value=b"v"))
                   for o in b]

    async def ack(self, event):
        self.acked.append(event.message.offset)


def test_consume_batches_acks_after_handling_and_never_on_failure():
    stream = FakeStream([[0, 1], [2, 3], [4]])
    exits: list[int] = []
    seen: list[list[int]] = []

    async def handle(records):
        seen.append([r.offset for r in records])
        assert stream.acked == [o for b in seen[:-1] for o in b]  # earlier batches acked, this one not yet
        if records[0].offset == 2:
            raise RuntimeError("producer refused")

    with pytest.raises(RuntimeError):
        asyncio.run(consume_batches(stream, 8, 0.1, handle, "extraction", exit_process=exits.append))
    assert stream.acked == [0, 1]  # the failed batch (2, 3) is not acked, and nothing after it runs
    assert exits == [EXIT_BATCH_FAILED]
