"""A labelling run stops as soon as its cost so far projects it above the spending cap
(``teacher.pricing.projected_cost``, ``mentionflow.teachercmd.annotate_documents``)."""

from __future__ import annotations

import re
from typing import Any

import orjson
import pytest
from pydantic import SecretStr

from mentionflow.teachercmd import annotate_documents
from streams.schemas import InputDocument
from teacher.client import TeacherClient, TeacherConfig
from teacher.errors import SpendingCapProjected, SpendingCapReached
from teacher.pricing import DEFAULT_PRICE_TABLE, cost_usd, projected_cost
from teacher.shapes import Usage

from .conftest import API_KEY, FakeTeacher, Reply, completion

NONE_FOUND = orjson.dumps({"entities": []}).decode()
PER_DOC = cost_usd(Usage(prompt_tokens=1000, completion_tokens=200), "mentionflow-standin", DEFAULT_PRICE_TABLE)


def test_projected_cost_waits_for_a_sample_then_scales_the_cost_per_document():
    assert projected_cost(1.0, 10, 1000) is None  # fewer than 100 (a tenth) done
    assert projected_cost(2.0, 100, 1000) == pytest.approx(20.0)
    assert projected_cost(4.0, 200, 100_000) == pytest.approx(2000.0)  # 200 are enough for any size
    assert projected_cost(0.0, 0, 0) is None
    assert projected_cost(0.3, 3, 20) == pytest.approx(2.0)  # a small run: two documents (a tenth) suffice


def _client(server: FakeTeacher, cap: float) -> TeacherClient:
    cfg: dict[str, Any] = {"base_url": server.base_url, "model": "mentionflow-standin", "api_key": SecretStr(API_KEY),
                           "spending_cap_usd": cap, "max_retries": 0, "trust_env": False, "timeout_s": 5.0}
    return TeacherClient(TeacherConfig(**cfg))


def _docs(n: int) -> list[InputDocument]:
    return [InputDocument(id=f"d{i:03d}", text=f"Document number {i}.", source="test") for i in range(n)]


async def test_a_run_projected_above_the_cap_stops_after_its_sample(fake_teacher: FakeTeacher):
    fake_teacher.default = Reply(body=completion(NONE_FOUND, prompt_tokens=1000, completion_tokens=200))
    cap = PER_DOC * 300 * 0.5  # half of what 300 documents cost
    async with _client(fake_teacher, cap) as client:
        with pytest.raises(SpendingCapProjected) as exc:
            await annotate_documents(client, lambda surface, text: [], _docs(300), concurrency=1, progress=False)
    assert isinstance(exc.value, SpendingCapReached)  # a cap error to every caller that handles one
    assert exc.value.done == 30 and exc.value.total == 300 and exc.value.projected_usd == pytest.approx(PER_DOC * 300)
    assert len(fake_teacher.requests) == 30  # not the 150 the cap alone would have paid for
    assert "MENTIONFLOW_TEACHER_SPENDING_CAP_USD" in str(exc.value)


async def test_a_run_within_the_cap_answers_every_document_in_input_order(fake_teacher: FakeTeacher):
    fake_teacher.default = Reply(body=completion(NONE_FOUND, prompt_tokens=1000, completion_tokens=200))
    docs = _docs(40)
    async with _client(fake_teacher, PER_DOC * 41) as client:
        out = await annotate_documents(client, lambda surface, text: [], docs, concurrency=3, progress=False)
    assert [d.doc_id for d in out] == [d.id for d in docs]
    asked = [int(re.search(rb"Document number (\d+)", orjson.dumps(r["json"])).group(1)) for r in fake_teacher.requests]  # type: ignore[union-attr]
    assert sorted(asked) == list(range(40)) and asked != list(range(40))  # asked shuffled, a fair sample first
