"""The review UI's security boundary against the real broker and Redis (issue 12, defect 6): tokens
never logged, the identity taken from the reviewer's own token, CSRF refused, security headers,
400 / 503 with a message, leases taken by POST only and required on every decision path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis

from streams.schemas import ReviewDecision
from tests.integration.conftest import read_all
from tests.integration.test_review_ui import OTHER_TOKEN, TOKEN, _seed, api, start_ui
from tests.integration.test_review_worker import free_port

pytestmark = pytest.mark.integration


def _env(bootstrap: str, redis_url: str, topics, tmp_path: Path) -> dict:
    return {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "REDIS_URL": redis_url, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
            "MENTIONFLOW_HOME": str(tmp_path / "home")}


@pytest.fixture
def ui(bootstrap, redis_url, topics, tmp_path: Path) -> Iterator[SimpleNamespace]:
    _seed(bootstrap, topics)
    log = tmp_path / "review-ui.log"
    srv, base = start_ui(_env(bootstrap, redis_url, topics, tmp_path), free_port(), log)
    ns = SimpleNamespace(base=base, log=log, srv=srv, topics=topics)
    try:
        yield ns
    finally:
        srv.terminate()
        srv.wait(20)


def _human(bootstrap: str, topic: str) -> list[ReviewDecision]:
    ds = [ReviewDecision.model_validate_json(r.value) for r in read_all(bootstrap, topic, idle_s=0.3)]
    return [d for d in ds if d.decided_by == "human"]


def _login_cookie(base: str) -> str:
    status, headers, body = api(base, "/api/login", {"token": TOKEN}, token=None)
    assert status == 200 and body == {"reviewer": "reviewer-1"}
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    return cookie.split(";", 1)[0]


def test_review_ui_never_logs_tokens(ui):
    api(ui.base, f"/?token={TOKEN}", method="GET", token=None)  # an old-style link
    cookie = _login_cookie(ui.base)
    assert api(ui.base, "/api/lease", token=None, headers={"Cookie": cookie})[0] == 200
    assert api(ui.base, f"/api/lease?token={TOKEN}")[0] == 200
    ui.srv.terminate()
    ui.srv.wait(20)
    log = ui.log.read_text()
    assert "POST /api/lease 200" in log  # the access log is on ...
    assert TOKEN not in log and cookie.split("=", 1)[1] not in log  # ... without a token in it


def test_review_ui_identity_comes_from_the_token(ui, bootstrap):
    status, _, got = api(ui.base, "/api/lease", {"reviewer": "mallory"})
    assert status == 200 and got["reviewer"] == "reviewer-1"
    iid = got["item"]["id"]
    # someone else cannot decide reviewer-1's item by claiming their name
    status, _, err = api(ui.base, "/api/decide", {"id": iid, "choice": "not_in_kb", "reviewer": "reviewer-1"},
                         token=OTHER_TOKEN)
    assert status == 409 and "not leased to someone-else" in err["error"]
    assert api(ui.base, "/api/decide", {"id": iid, "choice": "needs_context", "reviewer": "mallory"})[0] == 200
    assert [(d.reviewer, d.nil_reason) for d in _human(bootstrap, ui.topics.reviewed)] == [("reviewer-1", "needs_context")]
    assert api(ui.base, "/api/lease", token="not-a-reviewer-token")[0] == 401


def test_review_ui_refuses_cross_site_and_non_json_posts(ui, bootstrap):
    cookie = _login_cookie(ui.base)
    iid = api(ui.base, "/api/lease", token=None, headers={"Cookie": cookie})[2]["item"]["id"]
    body = f'{{"id": "{iid}", "choice": "not_in_kb"}}'.encode()
    other_origin = "http://127.0.0.1:1"
    cases = [  # (headers, expected status): each sends the session cookie, as a browser would
        ({"Content-Type": "text/plain", "X-Mentionflow-Review": None, "Origin": other_origin}, 403),
        ({"Content-Type": "text/plain", "X-Mentionflow-Review": None}, 403),
        ({"Content-Type": "text/plain"}, 415),
        ({"Origin": other_origin}, 403),
        ({"X-Mentionflow-Review": None}, 403),
        ({"Sec-Fetch-Site": "same-site"}, 403),
    ]
    for headers, expected in cases:
        status, _, err = api(ui.base, "/api/decide", body, token=None, headers={"Cookie": cookie, **headers})
        assert (status, bool(err.get("error"))) == (expected, True), headers
    assert _human(bootstrap, ui.topics.reviewed) == []
    same_origin = {"Cookie": cookie, "Origin": ui.base, "X-Mentionflow-Review": None}
    assert api(ui.base, "/api/decide", body, token=None, headers=same_origin)[0] == 200


def test_review_ui_sends_security_headers(ui):
    responses = [api(ui.base, "/", method="GET", token=None), api(ui.base, "/review.js", method="GET", token=None),
                 api(ui.base, "/api/lease"), api(ui.base, "/api/lease", token=None)]
    assert [r[0] for r in responses] == [200, 200, 200, 401]
    for _, headers, _ in responses:
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
    assert "<script>" not in responses[0][2]  # nothing inline for the CSP to block


def test_review_ui_answers_malformed_bodies_with_400(ui):
    iid = api(ui.base, "/api/lease")[2]["item"]["id"]
    cases = [("/api/decide", b"{not json"), ("/api/decide", b"[1, 2]"), ("/api/decide", b'{"id": "x"}'),
             ("/api/decide", f'{{"id": "{iid}", "choice": "wiki:Not_A_Candidate"}}'.encode()),
             ("/api/skip", b'{"id": 3}'), ("/api/login", b"{}"), ("/export/labelstudio", b'{"limit": "all"}'),
             ("/import/labelstudio", b'{"data": {}}'), ("/import/labelstudio", b'[{"annotations": 5}]')]
    for path, body in cases:
        token = None if path == "/api/login" else TOKEN
        status, _, err = api(ui.base, path, body, token=token)
        assert status == 400 and isinstance(err, dict) and err["error"], (path, body, status, err)
    assert api(ui.base, "/api/decide", {"id": iid, "choice": "needs_context"})[0] == 200  # still serving


def test_review_ui_answers_503_when_redis_is_down(bootstrap, topics, tmp_path: Path):
    _seed(bootstrap, topics)
    down = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    srv, base = start_ui(_env(bootstrap, down, topics, tmp_path), free_port(), tmp_path / "review-ui.log")
    try:
        for path, body in [("/api/lease", {}), ("/api/decide", {"id": "ui-2:0-7", "choice": "iso3166:GE"})]:
            status, _, err = api(base, path, body)
            assert status == 503 and "Redis" in err["error"], (path, status, err)
    finally:
        srv.terminate()
        srv.wait(20)


def test_review_ui_leases_only_by_post(ui, redis_url):
    r = redis.Redis.from_url(redis_url)
    pattern = f"mf:lease:{ui.topics.prefix}*"
    for path in ("/api/next?reviewer=reviewer-1", "/api/lease", "/export/labelstudio"):
        assert api(ui.base, path, method="GET")[0] in (404, 405), path
    assert list(r.scan_iter(pattern)) == []
    status, _, got = api(ui.base, "/api/lease")
    assert status == 200
    assert r.get(f"mf:lease:{ui.topics.prefix}{got['item']['id']}") == b"reviewer-1"


def test_review_ui_labelstudio_import_needs_the_importers_lease(ui, bootstrap):
    def annotated(iid: str, choice: str) -> list[dict]:
        return [{"data": {"item_id": iid}, "annotations": [{"completed_by": 7, "result": [
            {"type": "choices", "from_name": "entity", "to_name": "text", "value": {"choices": [choice]}}]}]}]

    status, _, got = api(ui.base, "/import/labelstudio", annotated("ui-2:0-7", "iso3166:GE"))
    assert status == 200 and got["imported"] == 0 and "not leased to reviewer-1" in got["refused"][0]["error"]
    assert _human(bootstrap, ui.topics.reviewed) == []
    status, _, tasks = api(ui.base, "/export/labelstudio", {"limit": 10})
    assert status == 200 and len(tasks) == 3  # everything waiting, now leased to reviewer-1
    assert api(ui.base, "/api/lease", token=OTHER_TOKEN)[2]["item"] is None
    got = api(ui.base, "/import/labelstudio", annotated("ui-2:0-7", "NIL:not_in_kb"), token=OTHER_TOKEN)[2]
    assert got["imported"] == 0 and "not leased to someone-else" in got["refused"][0]["error"]
    assert api(ui.base, "/import/labelstudio", annotated("ui-2:0-7", "iso3166:GE"))[2] == {"imported": 1, "refused": []}
    assert [(d.surface, d.reviewer, d.reason) for d in _human(bootstrap, ui.topics.reviewed)] == [
        ("Georgia", "reviewer-1", "label studio annotation by 7")]


def test_review_ui_publishes_one_decision_per_lease(ui, bootstrap):
    from concurrent.futures import ThreadPoolExecutor

    iid = api(ui.base, "/api/lease")[2]["item"]["id"]
    choices = ["not_in_kb", "needs_context"] * 4
    with ThreadPoolExecutor(len(choices)) as pool:  # the same reviewer, several tabs, at once
        statuses = list(pool.map(lambda c: api(ui.base, "/api/decide", {"id": iid, "choice": c})[0], choices))
    assert sorted(statuses) == [200] + [409] * (len(choices) - 1)
    assert len(_human(bootstrap, ui.topics.reviewed)) == 1
