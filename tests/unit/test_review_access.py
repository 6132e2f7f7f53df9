"""Reviewer tokens: one per reviewer, only the SHA-256 stored, never on the command line."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from mentionflow.cli import build_parser, main


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def test_review_serve_takes_no_token_argument():
    with pytest.raises(SystemExit):  # a token in argv shows in `ps`
        build_parser().parse_args(["review", "serve", "--token", "secret"])


def test_review_add_reviewer_prints_a_token_once_and_stores_only_its_hash(tmp_path, monkeypatch, capsys):
    path = tmp_path / "review" / "reviewers"
    monkeypatch.setenv("MENTIONFLOW_REVIEWERS_FILE", str(path))
    tokens = []
    for name in ("alice", "bob", "alice"):  # adding alice again gives her a new token
        assert main(["review", "add-reviewer", name]) == 0
        out = capsys.readouterr().out.splitlines()
        tokens.append(out[1])
        assert len(tokens[-1]) >= 40 and f"#token={tokens[-1]}" in out[2]
    assert path.read_text().splitlines() == [f"alice:{_sha(tokens[2])}", f"bob:{_sha(tokens[1])}"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not any(t in path.read_text() for t in tokens)


def test_reviewers_identify_the_reviewer_by_token(tmp_path):
    from mentionflow.review_access import Reviewers

    path = tmp_path / "reviewers"
    path.write_text(f"# comment\nalice:{_sha('a-token')}\n")
    reviewers = Reviewers(path, f"bob:{_sha('b-token')}")
    assert [reviewers.identify(t) for t in ("a-token", "b-token", "x", "")] == ["alice", "bob", None, None]
    path.write_text(f"alice:{_sha('new-token')}\n")  # re-read when the file changes
    os.utime(path, (1, 1))
    assert reviewers.identify("a-token") is None and reviewers.identify("new-token") == "alice"


@pytest.mark.parametrize("entry", ["alice", "alice:notahash", f"bad name:{_sha('t')}", f":{_sha('t')}"])
def test_reviewers_refuse_malformed_entries(tmp_path, entry):
    from mentionflow.review_access import Reviewers

    with pytest.raises(ValueError, match="NAME:SHA256HEX"):
        Reviewers(None, entry)


def test_reviewers_refuse_an_empty_list(tmp_path):
    from mentionflow.review_access import Reviewers

    with pytest.raises(ValueError, match="add-reviewer"):
        Reviewers(tmp_path / "missing", "")
