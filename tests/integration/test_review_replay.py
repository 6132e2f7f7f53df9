"""Issue 12, defect 3: when ``entities.review`` was read again (a new group, an offset reset, a
redelivery) the review worker asked the teacher again about items a person had decided and
republished the document with ``decided_by: teacher``. A person's decision is final: a replay
neither asks the teacher about it nor publishes anything that replaces it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from streams.codec import decode_normalized, encode
from streams.schemas import Candidate, Entity, ReviewItem, ReviewRequest
from streams.topics import message_key
from tests.integration.conftest import WorkerProcess, produce, read_all
from tests.integration.test_review_ui import OTHER_TOKEN, TOKEN, api, start_ui
from tests.integration.test_review_worker import decisions, free_port, start_standin, wait_for

pytestmark = pytest.mark.integration

TEXT = "Angela Merkel met the mayor of Paris, Texas on Monday."


def request() -> ReviewRequest:
    def item(s: int, e: int, etype: str, cands: tuple[Candidate, ...]) -> ReviewItem:
        ent = Entity(start=s, end=e, surface=TEXT[s:e], kb_id=cands[0].kb_id, name=cands[0].name, type=etype,
                     score=0.4, model_version="m", kb_version="kb")
        return ReviewItem(start=s, end=e, surface=TEXT[s:e], type=etype, reason="low_score", proposed=ent,
                          candidates=cands)

    merkel = (Candidate(kb_id="wiki:Angela_Merkel", name="Angela Merkel", type="PER", score=0.4,
                        description="Chancellor of Germany"),)
    paris = (Candidate(kb_id="geonames:2988507", name="Paris", type="LOC", score=0.4, description="Capital of France"),
             Candidate(kb_id="geonames:4717560", name="Paris", type="LOC", score=0.38, description="City in Texas"))
    return ReviewRequest(id="rp-1", text=TEXT, items=(item(0, 13, "PER", merkel), item(31, 36, "LOC", paris)))


def test_review_replay_keeps_the_human_decision(bootstrap, redis_url, topics, tmp_path: Path, small_kb_path: Path):
    port = free_port()
    first = WorkerProcess(topics, tmp_path / "home", small_kb_path, bootstrap, roles="review")
    first.env.update({"MENTIONFLOW_TEACHER_BASE_URL": f"http://127.0.0.1:{port}/v1", "REDIS_URL": redis_url,
                      "MENTIONFLOW_REVIEW_QC_RATE": "1.0"})  # every teacher decision goes on to a person
    standin = start_standin(first.env, port, tmp_path / "standin.log")
    srv = None
    req = request()
    produce(bootstrap, topics.review, [(message_key(req.id), encode(req))])
    first.start()
    try:
        teacher = wait_for(lambda: len(d := decisions(bootstrap, topics.reviewed, req.id)) >= 2 and d, 120,
                           "the teacher's decisions")
        assert {d.decided_by for d in teacher} == {"teacher"}
        assert first.stop() == 0
        # a person decides Paris: the one in Texas
        srv, base = start_ui({**first.env}, free_port(), tmp_path / "review-ui.log")
        chosen = None
        for token in (TOKEN, OTHER_TOKEN):  # an item leased to one reviewer is not offered to the other
            status, _, body = api(base, "/api/lease", {}, token=token)
            assert status == 200, body
            item = body["item"]  # type: ignore[index]
            if item["surface"] == "Paris":
                status, _, body = api(base, "/api/decide", {"id": item["id"], "choice": "geonames:4717560"}, token=token)
                assert status == 200, body
                chosen = item["id"]
                break
        assert chosen == "rp-1:31-36"
        n_before = len(read_all(bootstrap, topics.normalized, idle_s=0.5))
        # entities.review read again from the start: a new consumer group
        second = WorkerProcess(topics, tmp_path / "home2", small_kb_path, bootstrap, roles="review")
        second.env.update({**first.env, "MENTIONFLOW_APP_ID": f"{topics.prefix}replay",
                           "MENTIONFLOW_INSTANCE_ID": f"{topics.prefix}replay-0", "MENTIONFLOW_HOME": str(tmp_path / "home2")})
        second.log = tmp_path / "home2" / "worker.log"
        second.start()
        wait_for(lambda: "reviewed" in (second.log.read_text(errors="replace") if second.log.exists() else ""), 120,
                 "the replay to be reviewed")
        time.sleep(3)  # its publish is awaited before the log line; leave the broker a moment
        assert second.stop() == 0
    finally:
        if srv is not None:
            srv.terminate()
            srv.wait(20)
        standin.terminate()
        standin.wait(20)
    docs = [decode_normalized(r.value) for r in read_all(bootstrap, topics.normalized, idle_s=0.5)
            if r.key == message_key(req.id)]
    assert len(read_all(bootstrap, topics.normalized, idle_s=0.5)) >= n_before
    paris = [e for e in docs[-1].entities if (e.start, e.end) == (31, 36)]
    assert [(e.decided_by, e.kb_id) for e in paris] == [("human", "geonames:4717560")]
    # the teacher was not asked again about it: no teacher decision on Paris after the person's
    after = decisions(bootstrap, topics.reviewed, req.id)
    human_at = max(i for i, d in enumerate(after) if d.decided_by == "human")
    assert not [d for d in after[human_at:] if d.decided_by == "teacher" and d.surface == "Paris"]
