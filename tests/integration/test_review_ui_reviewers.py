"""The reviewers' features in headless Chromium (Selenium, Debian's chromium/chromedriver) on the
real broker and Redis: KB search and picking a record off the shortlist, NIL with a reason, the
queue at a glance, a document's history, undo of one's own last decision within its lease, and
the page at 1280 px and at a phone's width. Screenshots go to ``var/test/screenshots`` (a test run
never rewrites tracked files); ``MENTIONFLOW_DOC_SHOTS=docs`` refreshes the README's
``docs/review-*.png``."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from streams.codec import encode
from streams.schemas import Candidate, Entity, ReviewDecision, ReviewItem, ReviewRequest
from streams.topics import message_key
from tests.integration.conftest import ROOT, produce, read_all
from tests.integration.test_review_ui import TOKEN, _seed, api, chromium, start_ui
from tests.integration.test_review_worker import free_port
from training.retraining import RetrainingStore

pytestmark = pytest.mark.integration
DOCS = ROOT / os.environ.get("MENTIONFLOW_DOC_SHOTS", "var/test/screenshots")
DOCS.mkdir(parents=True, exist_ok=True)
KB = ROOT / "tests" / "data" / "kb_small.jsonl"


def _seed_double_review(bootstrap: str, topics) -> None:
    """A document whose mention two people decided (alice and bob disagree) after the teacher."""
    text = "Sydney hosted the final."
    cands = (Candidate(kb_id="geonames:2147714", name="Sydney", type="LOC", score=0.5, description="Australia"),
             Candidate(kb_id="geonames:6354908", name="Sydney", type="LOC", score=0.45, description="Canada"))
    prop = Entity(start=0, end=6, surface="Sydney", kb_id="geonames:2147714", name=None, type="LOC", score=0.5,
                  model_version="m", kb_version="kb")
    key = message_key("dbl-1")
    produce(bootstrap, topics.review, [(key, encode(ReviewRequest(id="dbl-1", text=text, items=(
        ReviewItem(start=0, end=6, surface="Sydney", type="LOC", reason="low_score", proposed=prop, candidates=cands),))))])

    def dec(by: str, kb: str, who: str = "", nxt: str = "done") -> ReviewDecision:
        return ReviewDecision(doc_id="dbl-1", start=0, end=6, surface="Sydney", type="LOC", kb_id=kb, decided_by=by,  # type: ignore[arg-type]
                              confidence=0.6 if by == "teacher" else 1.0, reviewer=who, model_proposed=prop, next=nxt)  # type: ignore[arg-type]
    produce(bootstrap, topics.reviewed, [(key, encode(d)) for d in (
        dec("teacher", "geonames:2147714", nxt="human"), dec("human", "geonames:2147714", "alice"),
        dec("human", "geonames:6354908", "bob"))])


@contextmanager
def review_ui(bootstrap: str, redis_url: str, topics, tmp_path: Path, **extra: str) -> Iterator[tuple[str, dict]]:
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "REDIS_URL": redis_url, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_HOME": str(tmp_path / "home"), "MENTIONFLOW_KB_PATH": str(KB), **extra}
    srv, base = start_ui(env, free_port(), tmp_path / "review-ui.log")
    try:
        yield base, env
    finally:
        srv.terminate()
        srv.wait(20)


@contextmanager
def browser(base: str, width: int = 1280, height: int = 900) -> Iterator:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium()
    try:
        driver.set_window_size(width, height)
        driver.get(f"{base}/#token={TOKEN}")  # the sign-in link
        wait = WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,))
        wait.until(lambda d: d.find_element(By.ID, "span").text != "")
        yield driver, wait
    finally:
        driver.quit()


def _key(driver, keys: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.TAG_NAME, "body").send_keys(keys)


def _fits(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def _humans(bootstrap: str, topics) -> list[ReviewDecision]:
    ds = [ReviewDecision.model_validate_json(r.value) for r in read_all(bootstrap, topics.reviewed, idle_s=0.3)]
    return [d for d in ds if d.decided_by == "human" and d.doc_id != "dbl-1"]


def test_review_ui_search_kb_and_pick_a_record_off_the_shortlist(bootstrap, redis_url, topics, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _seed(bootstrap, topics)
    with review_ui(bootstrap, redis_url, topics, tmp_path) as (base, _):
        # by id, by alias, by name prefix
        assert [(h["kb_id"], h["match"]) for h in api(base, "/api/search", {"q": "geonames:6167865"})[2]["results"]] == [
            ("geonames:6167865", "id")]
        assert [h["name"] for h in api(base, "/api/search", {"q": "syd"})[2]["results"]][:1] == ["Sydney"]
        assert api(base, "/api/search", {"q": "nothing like this"})[2]["results"] == []
        with browser(base, 1280, 1250) as (driver, wait):
            assert driver.find_element(By.ID, "span").text == "Springfield"
            _key(driver, "/")  # the search box, by key
            assert driver.switch_to.active_element.get_attribute("id") == "q"
            driver.switch_to.active_element.send_keys("Springf" + Keys.ENTER)
            wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".hit")) >= 3)
            hits = driver.find_elements(By.CSS_SELECTOR, ".hit")
            ids = [h.get_attribute("data-id") for h in hits]
            assert "geonames:4951788" in ids and "geonames:4250542" in ids
            assert "on the shortlist" in hits[ids.index("geonames:4250542")].text
            assert "on the shortlist" not in hits[ids.index("geonames:4951788")].text
            assert _fits(driver)
            driver.save_screenshot(str(DOCS / "review-search.png"))
            driver.find_element(By.ID, "q").send_keys(Keys.ARROW_DOWN)  # keyboard: down the results, Enter picks
            for _ in range(ids.index("geonames:4951788")):
                driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
            assert driver.switch_to.active_element.get_attribute("data-id") == "geonames:4951788"
            driver.switch_to.active_element.send_keys(Keys.ENTER)
            wait.until(lambda d: d.find_element(By.ID, "span").text == "Paris")
    (d,) = _humans(bootstrap, topics)
    assert (d.surface, d.kb_id, d.reviewer) == ("Springfield", "geonames:4951788", "reviewer-1")
    assert d.reason == "picked from KB search “Springf”"
    docs = [r.value for r in read_all(bootstrap, topics.normalized, idle_s=0.3)]
    from streams.codec import decode_normalized

    latest = [x for x in map(decode_normalized, docs) if x.id == "ui-1"][-1]
    (ent,) = [e for e in latest.entities if e.surface == "Springfield"]
    assert (ent.kb_id, ent.name, ent.decided_by) == ("geonames:4951788", "Springfield", "human")
    rows = RetrainingStore(tmp_path / "home" / "training" / "retraining", []).rows()
    assert rows[0]["label"] == "geonames:4951788" and "geonames:4951788" in [c["kb_id"] for c in rows[0]["candidates"]]


def test_review_ui_nil_with_a_reason_then_undo_within_the_lease(bootstrap, redis_url, topics, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    _seed(bootstrap, topics)
    r = redis.Redis.from_url(redis_url)
    store_key = f"mf:decisions:{topics.prefix}ui-1"
    with review_ui(bootstrap, redis_url, topics, tmp_path) as (base, _), browser(base) as (driver, wait):
        assert driver.find_element(By.ID, "span").text == "Springfield"
        _key(driver, "x")  # NIL with a reason
        assert driver.switch_to.active_element.get_attribute("id") == "nilreason"
        Select(driver.find_element(By.ID, "nilkind")).select_by_value("needs_context")
        driver.find_element(By.ID, "nilreason").send_keys("three Springfields in the KB, the text names no state")
        driver.save_screenshot(str(DOCS / "review-nil-reason.png"))
        driver.find_element(By.ID, "nilreason").send_keys(Keys.ENTER)
        wait.until(lambda d: d.find_element(By.ID, "span").text == "Paris")
        assert r.hget(store_key, "28-39").startswith(b"2|")  # the person's decision is recorded
        _key(driver, "u")  # undo: Springfield comes back, to me
        wait.until(lambda d: d.find_element(By.ID, "span").text == "Springfield")
        assert "undone: ui-1:28-39" in driver.find_element(By.ID, "note").text
        driver.save_screenshot(str(DOCS / "review-undo.png"))
        assert r.hget(store_key, "28-39") is None  # retracted, nothing was there before
        assert api(base, "/api/undo")[2] == {"error": "nothing to undo: your last decision is older than its 300 s "
                                                      "lease, or was undone already"}
        # the item is leased back to me: someone else does not get it
        assert api(base, "/api/lease", token="test-review-token-of-someone-else")[2]["item"]["id"] != "ui-1:28-39"
        _key(driver, "1")  # decide again: final against machines
        wait.until(lambda d: d.find_element(By.ID, "span").text == "Paris")
        assert r.hget(store_key, "28-39").startswith(b"2|")
    hs = _humans(bootstrap, topics)
    assert [(d.kb_id, d.nil_reason, d.next) for d in hs] == [(None, "needs_context", "done"),
                                                              (None, "needs_context", "human"),
                                                              ("geonames:4250542", None, "done")]
    assert hs[0].reason == "three Springfields in the KB, the text names no state"
    assert hs[1].reason.startswith("undo by reviewer-1 of their decision NIL:needs_context")  # the audit trail
    from streams.codec import decode_normalized

    ui1 = [x for x in (decode_normalized(rec.value) for rec in read_all(bootstrap, topics.normalized, idle_s=0.3))
           if x.id == "ui-1"]
    # decided (1 pending) -> undone (2 pending, no Springfield) -> decided again
    assert [(x.pending_review, [e.kb_id for e in x.entities]) for x in ui1[1:]] == [
        (1, [None]), (2, []), (1, ["geonames:4250542"])]
    rows = RetrainingStore(tmp_path / "home" / "training" / "retraining", []).rows()
    assert [(x["label"], x["nil_reason"]) for x in rows] == [("geonames:4250542", None)]  # the undone one withdrawn


def test_review_ui_undo_is_refused_after_the_lease(bootstrap, redis_url, topics, tmp_path: Path):
    _seed(bootstrap, topics)
    with review_ui(bootstrap, redis_url, topics, tmp_path, MENTIONFLOW_REVIEW_LEASE_S="3",
                   MENTIONFLOW_KB_PATH=str(tmp_path / "missing-kb.jsonl")) as (base, _):
        status, _, body = api(base, "/api/search", {"q": "Paris"})  # no KB: said so, not an empty result
        assert status == 503 and body["error"].startswith("KB search is unavailable:") and "missing-kb" in body["error"]
        item = api(base, "/api/lease")[2]["item"]
        assert api(base, "/api/decide", {"id": item["id"], "choice": "not_in_kb", "reason": "r"})[0] == 200
        time.sleep(3.5)
        status, _, body = api(base, "/api/undo")
        assert status == 409 and body["error"].startswith("nothing to undo: your last decision is older than its 3 s")


def test_review_ui_queue_at_a_glance_and_history(bootstrap, redis_url, topics, tmp_path: Path):
    from selenium.webdriver.common.by import By

    _seed(bootstrap, topics)
    _seed_double_review(bootstrap, topics)
    with review_ui(bootstrap, redis_url, topics, tmp_path) as (base, _), browser(base, 1280, 1300) as (driver, wait):
        wait.until(lambda d: "LOC 3" in d.find_element(By.ID, "st-type").text)
        assert "< 1 h: 3" in driver.find_element(By.ID, "st-age").text
        assert driver.find_element(By.ID, "st-mine").text.endswith("0")
        # alice agreed with the teacher, bob did not; they disagree with each other
        assert "all 50% of 2" in driver.find_element(By.ID, "st-teacher").text
        assert "0% of 1 pairs on 1 double-reviewed" in driver.find_element(By.ID, "st-peers").text
        _key(driver, "1")  # Springfield: the model's pick, which the teacher did not make (NIL)
        wait.until(lambda d: d.find_element(By.ID, "span").text == "Paris")
        wait.until(lambda d: d.find_element(By.ID, "st-mine").text.endswith("1"))
        assert "me 0% of 1" in driver.find_element(By.ID, "st-teacher").text
        assert "LOC 2" in driver.find_element(By.ID, "st-type").text
        _key(driver, "h")  # the history of the document in front of me
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#histbody tbody tr")) == 3)
        rows = [tr.text for tr in driver.find_elements(By.CSS_SELECTOR, "#histbody tbody tr")]
        assert "to a person" in rows[0] and "teacher" in rows[0]
        assert "Springfield" in rows[2] and "human reviewer-1" in rows[2] and "geonames:4250542" in rows[2]
        assert "Springfield → geonames:4250542 (human)" in driver.find_element(By.ID, "histbody").text
        assert _fits(driver)
        driver.save_screenshot(str(DOCS / "review-queue-history.png"))
        driver.find_element(By.ID, "histdoc").send_keys("dbl-1\n")  # any document by id
        wait.until(lambda d: d.find_element(By.ID, "histid").text == "dbl-1")
        wait.until(lambda d: "human bob" in d.find_element(By.ID, "histbody").text)


def test_review_ui_works_on_a_phone_sized_screen(bootstrap, redis_url, topics, tmp_path: Path):
    from selenium.webdriver.common.by import By

    _seed(bootstrap, topics)
    with review_ui(bootstrap, redis_url, topics, tmp_path) as (base, _), browser(base, 390, 844) as (driver, wait):
        assert driver.execute_script("return window.innerWidth") <= 400
        assert _fits(driver), driver.execute_script("return document.documentElement.scrollWidth")
        cand = driver.find_elements(By.CSS_SELECTOR, ".cand")[0]
        assert cand.rect["x"] + cand.rect["width"] <= 400
        driver.save_screenshot(str(DOCS / "review-phone.png"))
        _key(driver, "/")
        driver.switch_to.active_element.send_keys("Springfield\n")
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".hit")) >= 3)
        assert _fits(driver)
        driver.find_elements(By.CSS_SELECTOR, ".cand")[1].click()  # touch: tap a candidate
        wait.until(lambda d: d.find_element(By.ID, "span").text == "Paris")
    (d,) = _humans(bootstrap, topics)
    assert (d.surface, d.kb_id) == ("Springfield", "geonames:4409896")
