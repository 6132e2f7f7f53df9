"""The review book's reopen (undo) fold, the queue statistics and a document's history, in memory."""

from __future__ import annotations

from mentionflow.review_stats import doc_history, queue_stats
from streams.schemas import Candidate, Entity, ReviewDecision, ReviewItem, ReviewRequest
from workers.review.queue import ReviewBook

DAY = 86_400_000
NOW = 20_000 * DAY + 12 * 3_600_000  # noon UTC
PROP = Entity(start=0, end=5, surface="Paris", kb_id="a", name=None, type="LOC", score=0.4, model_version="m",
              kb_version="k")


def req(doc: str, type_: str = "LOC") -> ReviewRequest:
    item = ReviewItem(start=0, end=5, surface="Paris", type=type_, reason="low_score",  # type: ignore[arg-type]
                      proposed=PROP.model_copy(update={"type": type_}), candidates=(
                          Candidate(kb_id="a", name="A", type="LOC", score=0.4), Candidate(kb_id="b", name="B", type="LOC", score=0.3)))
    return ReviewRequest(id=doc, text="Paris is nice", items=(item,))


def dec(doc: str, by: str, kb: str | None, who: str = "", nxt: str = "done") -> ReviewDecision:
    return ReviewDecision(doc_id=doc, start=0, end=5, surface="Paris", type="LOC", kb_id=kb,
                          nil_reason=None if kb else "not_in_kb", decided_by=by, confidence=0.5, reviewer=who,  # type: ignore[arg-type]
                          model_proposed=PROP, next=nxt)  # type: ignore[arg-type]


def book() -> ReviewBook:
    b = ReviewBook()
    for d, t in (("d1", "LOC"), ("d2", "PER"), ("d3", "LOC"), ("d4", "ORG")):
        b.add_request(req(d, t))
    b.add_decision(dec("d1", "teacher", "a", nxt="human"), NOW - 10 * 60_000, (0, 0))
    b.add_decision(dec("d2", "teacher", "b", nxt="human"), NOW - 5 * 3_600_000, (0, 1))
    b.add_decision(dec("d3", "teacher", "a", nxt="human"), NOW - 3 * DAY, (0, 2))
    b.add_decision(dec("d4", "teacher", "a", nxt="human"), NOW - 3 * DAY, (0, 3))
    b.add_decision(dec("d4", "human", "a", "ann"), NOW - 2 * DAY, (0, 4))  # ann agrees with the teacher
    b.add_decision(dec("d4", "human", None, "bob"), NOW - DAY, (0, 5))  # bob does not, nor with ann
    return b


def test_queue_stats_waiting_by_type_and_age_and_agreements():
    s = queue_stats(book(), "me", NOW)
    assert s["waiting"] == 3 and s["waiting_by_type"] == {"LOC": 2, "PER": 1}
    assert s["waiting_by_age"] == {"< 1 h": 1, "1-24 h": 1, "> 24 h": 1}
    assert s["mine_today"] == 0 and s["teacher_agreement"]["mine"] == {"n": 0, "agree": 0, "rate": None}
    assert s["teacher_agreement"]["all"] == {"n": 2, "agree": 1, "rate": 0.5}
    assert s["reviewer_agreement"] == {"items": 1, "n": 1, "agree": 0, "rate": 0.0}


def test_undo_reopens_the_item_and_is_not_counted_as_mine():
    b = book()
    b.add_decision(dec("d1", "human", "b", "me"), NOW - 60_000, (1, 0))
    assert "d1:0-5" not in [h.id for h in b.queue()]
    assert queue_stats(b, "me", NOW)["mine_today"] == 1
    b.add_decision(dec("d1", "human", "b", "me", nxt="human"), NOW, (1, 1))  # undo
    waiting = {h.id: h for h in b.queue()}
    assert "d1:0-5" in waiting and waiting["d1:0-5"].teacher.decided_by == "teacher"  # shown with the teacher's
    s = queue_stats(b, "me", NOW)
    assert s["mine_today"] == 0 and s["teacher_agreement"]["mine"]["n"] == 0
    assert s["waiting_by_age"]["< 1 h"] == 1  # waiting again since the undo


def test_a_decision_folded_twice_counts_once():
    b = book()
    d = dec("d1", "human", "a", "me")
    b.add_decision(d, NOW, (1, 7))
    b.add_decision(d, NOW + 5, (1, 7))  # the UI's own decision read back from the topic
    assert queue_stats(b, "me", NOW)["mine_today"] == 1 and len(doc_history(b, "d1")) == 2


def test_doc_history_lists_every_decision_oldest_first():
    h = doc_history(book(), "d4")
    assert [(e["decided_by"], e["reviewer"], e["choice"], e["action"]) for e in h] == [
        ("teacher", "", "a", "to a person"), ("human", "ann", "a", "decided"), ("human", "bob", "NIL:not_in_kb", "decided")]
    assert doc_history(book(), "nope") == []


def test_retraining_withdraw_hides_the_undone_example_and_allows_it_again(tmp_path):
    from training.retraining import RetrainingStore
    from workers.review.agent import retraining_row

    store = RetrainingStore(tmp_path, [])
    row = retraining_row(req("d1"), dec("d1", "human", "b", "me"))
    assert store.add(row) == "added" and store.add(row) == "duplicate"
    store.withdraw(row, reason="undone by me")
    assert store.rows() == [] and RetrainingStore(tmp_path, []).rows() == []  # also after a restart
    assert store.add(row) == "added" and len(store.rows()) == 1  # decided the same way again
