"""The human review UI end to end in headless Chromium (Debian's chromium + chromedriver, driven
by Selenium): the page shows the text with the span highlighted, the candidates with
descriptions and scores, the model's and the teacher's choices; a key press decides; the decision
is on ``entities.reviewed`` and the corrected document on ``entities.normalized``; two reviewers
never get the same item; Label Studio export. Screenshots go to ``var/test/screenshots/``."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from streams.codec import decode_normalized, encode
from streams.schemas import (
    Candidate,
    Entity,
    NormalizedDocument,
    ReviewDecision,
    ReviewItem,
    ReviewRequest,
)
from streams.topics import message_key
from tests.integration.conftest import ROOT, produce, read_all
from tests.integration.test_review_worker import free_port

pytestmark = pytest.mark.integration
TOKEN = "test-review-token"  # reviewer-1's
OTHER_TOKEN = "test-review-token-of-someone-else"
REVIEWERS = {"reviewer-1": TOKEN, "someone-else": OTHER_TOKEN}
SHOTS = ROOT / "var" / "test" / "screenshots"


def _seed(bootstrap: str, topics) -> None:
    text = "Officials in Paris said the Springfield plant will reopen."
    cands = (Candidate(kb_id="geonames:2988507", name="Paris", type="LOC", score=0.41, description="Capital of France"),
             Candidate(kb_id="geonames:4717560", name="Paris", type="LOC", score=0.38, description="City in Texas"))
    spring = (Candidate(kb_id="geonames:4250542", name="Springfield", type="LOC", score=0.3, description="Illinois"),
              Candidate(kb_id="geonames:4409896", name="Springfield", type="LOC", score=0.3, description="Missouri"))

    def ent(s: int, e: int, kb: str, score: float) -> Entity:
        return Entity(start=s, end=e, surface=text[s:e], kb_id=kb, name=None, type="LOC", score=score,
                      model_version="m", kb_version="kb")

    paris, spr = ent(13, 18, "geonames:2988507", 0.41), ent(28, 39, "geonames:4250542", 0.3)
    req = ReviewRequest(id="ui-1", text=text, items=(
        ReviewItem(start=13, end=18, surface="Paris", type="LOC", reason="low_score", proposed=paris, candidates=cands),
        ReviewItem(start=28, end=39, surface="Springfield", type="LOC", reason="nil_ambiguity", proposed=spr,
                   candidates=spring)))
    decisions = [ReviewDecision(doc_id="ui-1", start=13, end=18, surface="Paris", type="LOC", kb_id="geonames:4717560",
                                decided_by="teacher", confidence=0.55, reason="unsure", model_proposed=paris, next="human"),
                 ReviewDecision(doc_id="ui-1", start=28, end=39, surface="Springfield", type="LOC", kb_id=None,
                                nil_reason="needs_context", decided_by="teacher", confidence=0.5, reason="which one?",
                                model_proposed=spr, next="human")]
    key = message_key("ui-1")
    produce(bootstrap, topics.review, [(key, encode(req))])
    produce(bootstrap, topics.reviewed, [(key, encode(d)) for d in decisions])
    produce(bootstrap, topics.normalized, [(key, encode(NormalizedDocument(id="ui-1", entities=(), pending_review=2)))])
    # a second document, surest of the three: last in the queue
    text2 = "Georgia voted on Tuesday."
    geo = (Candidate(kb_id="iso3166:GE", name="Georgia", type="LOC", score=0.6, description="Country"),
           Candidate(kb_id="iso3166-2:US-GA", name="Georgia", type="LOC", score=0.3, description="US state"))
    g_ent = Entity(start=0, end=7, surface="Georgia", kb_id="iso3166:GE", name=None, type="LOC", score=0.6,
                   model_version="m", kb_version="kb")
    key2 = message_key("ui-2")
    produce(bootstrap, topics.review, [(key2, encode(ReviewRequest(id="ui-2", text=text2, items=(
        ReviewItem(start=0, end=7, surface="Georgia", type="LOC", reason="low_score", proposed=g_ent, candidates=geo),))))])
    produce(bootstrap, topics.reviewed, [(key2, encode(ReviewDecision(
        doc_id="ui-2", start=0, end=7, surface="Georgia", type="LOC", kb_id="iso3166:GE", decided_by="teacher",
        confidence=0.65, reason="probably the country", model_proposed=g_ent, next="human")))])


def write_reviewers(path: Path, tokens: dict[str, str]) -> Path:
    """A reviewers file as `mentionflow review add-reviewer` writes it: ``name:sha256(token)`` lines."""
    path.write_text("".join(f"{name}:{hashlib.sha256(t.encode()).hexdigest()}\n" for name, t in tokens.items()))
    return path


def start_ui(env: dict, port: int, log: Path) -> tuple[subprocess.Popen, str]:
    """`mentionflow review serve` on ``port`` for :data:`REVIEWERS` (unless the env names a reviewers
    file), once it answers; returns (process, base URL)."""
    env = {"MENTIONFLOW_REVIEWERS_FILE": str(write_reviewers(log.with_suffix(".reviewers"), REVIEWERS)), **env}
    srv = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "review", "serve", "--port", str(port)],
                           env=env, cwd=ROOT, stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/", timeout=1)
            return srv, base
        except urllib.error.HTTPError:
            return srv, base  # it answers
        except OSError:
            if time.monotonic() > deadline or srv.poll() is not None:
                srv.kill()
                raise AssertionError(log.read_text()[-2000:]) from None
            time.sleep(0.3)


def api(base: str, path: str, body: object = None, token: str | None = TOKEN, headers: dict | None = None,
        method: str = "POST") -> tuple[int, dict, object]:
    """(status, headers, JSON or text body) of a call as a script would make it: bearer token,
    JSON body, the page's custom header, no Origin."""
    h = {"Content-Type": "application/json", "X-Mentionflow-Review": "1"}
    if token is not None:
        h["Authorization"] = f"Bearer {token}"
    h.update(headers or {})
    h = {k: v for k, v in h.items() if v is not None}
    data = body if isinstance(body, bytes) else None if body is None and method == "GET" else json.dumps(body or {}).encode()
    req = urllib.request.Request(base + path, data=data, headers=h, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, hdrs, raw = r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        status, hdrs, raw = e.code, dict(e.headers), e.read()
    try:
        return status, hdrs, json.loads(raw)
    except ValueError:
        return status, hdrs, raw.decode(errors="replace")


def chromium():  # type: ignore[no-untyped-def]
    """Headless Debian chromium driven by Selenium through Debian's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-background-networking", "--disable-component-update", "--window-size=1200,900"):
        opts.add_argument(a)
    return webdriver.Chrome(options=opts, service=Service("/usr/bin/chromedriver"))


def test_reviewer_decides_in_the_browser_and_the_decision_is_durable(bootstrap, redis_url, topics, tmp_path: Path):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _seed(bootstrap, topics)
    port = free_port()
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "REDIS_URL": redis_url, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_HOME": str(tmp_path / "home")}
    srv, base = start_ui(env, port, tmp_path / "review-ui.log")
    driver = None
    try:
        assert api(base, "/api/lease", token=None)[0] == 401  # token auth

        driver = chromium()
        driver.get(f"{base}/")  # not signed in: the sign-in form (a link's #token= fragment signs in too)
        wait = WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,))  # the page re-renders
        wait.until(lambda d: d.find_element(By.ID, "login").is_displayed())
        driver.find_element(By.ID, "token").send_keys("wrong-token\n")
        wait.until(lambda d: d.find_element(By.ID, "err").text == "unknown reviewer token")
        driver.find_element(By.ID, "token").clear()
        driver.find_element(By.ID, "token").send_keys(TOKEN + "\n")
        wait.until(lambda d: d.find_element(By.ID, "span").text != "")
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SHOTS / "review-1-item.png"))
        # lowest confidence first: Springfield (0.3) before Paris (0.41)
        assert driver.find_element(By.ID, "span").text == "Springfield"
        cands = driver.find_elements(By.CSS_SELECTOR, ".cand")
        assert len(cands) == 2 and "Missouri" in cands[1].text and "model score" in cands[0].text
        assert "teacher: NIL needs_context" in driver.find_element(By.ID, "why").text
        assert "model" in cands[0].find_element(By.CSS_SELECTOR, ".tag").text
        driver.find_element(By.TAG_NAME, "body").send_keys("2")  # keyboard: the second candidate
        wait.until(lambda d: d.find_element(By.ID, "span").text == "Paris")
        driver.save_screenshot(str(SHOTS / "review-2-next-item.png"))

        # another reviewer never gets the item the browser holds (Paris): they get the next one
        status, _, other = api(base, "/api/lease", token=OTHER_TOKEN)
        assert status == 200 and other["reviewer"] == "someone-else" and other["item"]["id"] == "ui-2:0-7"
        # their Label Studio export leases what is free or theirs: not Paris
        status, _, tasks = api(base, "/export/labelstudio", {"limit": 10}, token=OTHER_TOKEN)
        assert status == 200 and [t["data"]["item_id"] for t in tasks] == ["ui-2:0-7"]
        assert tasks[0]["predictions"][0]["result"][0]["value"]["labels"] == ["LOC"]
        assert tasks[0]["predictions"][0]["result"][1]["value"]["choices"] == ["iso3166:GE"]
        # a Label Studio team annotates Georgia; importing makes it a human decision
        tasks[0]["annotations"] = [{"completed_by": "ls-annotator", "result": [
            {"type": "choices", "from_name": "entity", "to_name": "text", "value": {"choices": ["iso3166-2:US-GA"]}}]}]
        assert api(base, "/import/labelstudio", tasks, token=OTHER_TOKEN)[2] == {"imported": 1, "refused": []}
        driver.find_element(By.TAG_NAME, "body").send_keys("n")  # Paris: not in the KB
        wait.until(lambda d: not d.find_element(By.ID, "empty").get_attribute("hidden"))
        driver.save_screenshot(str(SHOTS / "review-3-empty.png"))
        print(f"\nscreenshots: {SHOTS}")
    finally:
        if driver is not None:
            driver.quit()
        srv.terminate()
        srv.wait(20)
    human = [ReviewDecision.model_validate_json(r.value) for r in read_all(bootstrap, topics.reviewed, idle_s=0.3)]
    human = [d for d in human if d.decided_by == "human"]
    assert {(d.surface, d.kb_id, d.nil_reason, d.reviewer) for d in human} == {
        ("Springfield", "geonames:4409896", None, "reviewer-1"), ("Paris", None, "not_in_kb", "reviewer-1"),
        ("Georgia", "iso3166-2:US-GA", None, "someone-else")}
    docs = [decode_normalized(r.value) for r in read_all(bootstrap, topics.normalized, idle_s=0.3)]
    latest = [d for d in docs if d.id == "ui-1"][-1]
    assert latest.pending_review == 0 and {e.decided_by for e in latest.entities} == {"human"}
    rows = (tmp_path / "home" / "training" / "retraining" / "examples.jsonl").read_text().splitlines()
    assert len(rows) == 3
