"""The whole review loop on the real broker: a raw document's low-confidence mention is routed to
review, the review worker asks the teacher (the stand-in), the teacher's decision goes on to
people (QC sample = everything here), a reviewer decides it in the browser, and the decision
shows up in ``entities.normalized`` (``decided_by: human``) and in the retraining set."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from streams.codec import decode_normalized
from streams.topics import message_key
from tests.integration.conftest import WorkerProcess, produce, read_all
from tests.integration.test_review_ui import SHOTS, TOKEN, chromium, start_ui
from tests.integration.test_review_worker import decisions, free_port, start_standin, wait_for

pytestmark = pytest.mark.integration


def test_raw_mention_goes_teacher_then_browser_then_normalized_and_retraining_set(bootstrap, redis_url, topics,
                                                                                  tmp_path: Path, small_kb_path: Path):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    home = tmp_path / "home"
    port = free_port()
    worker = WorkerProcess(topics, home, small_kb_path, bootstrap, roles="extraction,normalization,review")
    worker.env.update({"MENTIONFLOW_TEACHER_BASE_URL": f"http://127.0.0.1:{port}/v1", "REDIS_URL": redis_url,
                       "MENTIONFLOW_REVIEW_THRESHOLD": "0.999",  # every mention is low-confidence
                       "MENTIONFLOW_REVIEW_QC_RATE": "1.0"})  # and every teacher decision is checked by a person
    standin = start_standin(worker.env, port, tmp_path / "standin.log")
    worker.start()
    srv = driver = None
    try:
        produce(bootstrap, topics.raw, [(message_key("loop-1"), orjson.dumps(
            {"id": "loop-1", "text": "Angela Merkel met the mayor of Paris, Texas on Monday."}))])
        teacher = wait_for(lambda: decisions(bootstrap, topics.reviewed, "loop-1"), 180, "the teacher's decisions")
        assert {d.decided_by for d in teacher} == {"teacher"} and {d.next for d in teacher} == {"human"}
        srv, base = start_ui({**worker.env, "MENTIONFLOW_KB_PATH": str(small_kb_path)}, free_port(),
                             tmp_path / "review-ui.log")
        driver = chromium()
        driver.get(f"{base}/#token={TOKEN}")
        wait = WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,))  # the page re-renders
        decided: list[str] = []
        for _ in range(len(teacher)):
            span = wait.until(lambda d: (t := d.find_element(By.ID, "span").text) not in ("", *decided) and t)
            if span == "Angela Merkel":
                SHOTS.mkdir(parents=True, exist_ok=True)
                driver.save_screenshot(str(SHOTS / "review-loop-merkel.png"))
            driver.find_element(By.TAG_NAME, "body").send_keys("1" if span == "Angela Merkel" else "c")
            decided.append(span)
        wait.until(lambda d: not d.find_element(By.ID, "empty").get_attribute("hidden"))
        assert "Angela Merkel" in decided
    finally:
        if driver is not None:
            driver.quit()
        if srv is not None:
            srv.terminate()
            srv.wait(20)
        assert worker.stop() == 0
        standin.terminate()
        standin.wait(20)

    def human_doc():  # the corrected document the UI published once every item was decided
        docs = [decode_normalized(r.value) for r in read_all(bootstrap, topics.normalized, idle_s=0.3)
                if r.key == message_key("loop-1")]
        return [d for d in docs if d.entities and {e.decided_by for e in d.entities} == {"human"}]

    latest = wait_for(human_doc, 30, "the human-corrected document")[-1]
    assert latest.pending_review == 0
    assert any(e.surface == "Angela Merkel" and e.kb_id == "wiki:Angela_Merkel" for e in latest.entities)
    rows = [orjson.loads(x) for x in (home / "training" / "retraining" / "examples.jsonl").read_bytes().splitlines()]
    assert {"teacher", "human"} <= {r["decided_by"] for r in rows}
    assert any(r["decided_by"] == "human" and r["label"] == "wiki:Angela_Merkel" for r in rows)
