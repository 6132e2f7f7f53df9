"""Stages as data: every worker role, review included, is one declared ``Stage`` in the list the
runner iterates."""

from __future__ import annotations

import pytest

from streams.topics import TopicNames
from workers.agents import Stage, declare_stages
from workers.review.agent import ReviewSettings, review_stage
from workers.review.transform import ReviewPolicy


def test_stages_the_review_stage_is_declared_in_the_same_list():
    topics = TopicNames("t.")
    review = review_stage(topics, client=None, cfg=ReviewSettings(ReviewPolicy(), "teacher:x", batch_max=7,  # type: ignore[arg-type]
                                                                   within_s=0.25), store=None)  # type: ignore[arg-type]
    stages = declare_stages(topics, 1000, extractor=None, linker=None, review=review)
    assert [s.role for s in stages] == ["review"]
    (s,) = stages
    assert (s.source, s.outputs, s.batch) == (topics.review, (topics.reviewed, topics.normalized), (7, 0.25))
    assert s.handler is not None and s.transform is None
    assert declare_stages(topics, 1000, extractor=None, linker=None) == []


@pytest.mark.parametrize("decode, transform, handler", [
    (None, None, None),                                    # no body
    (bytes, lambda b: [], lambda send: None),              # both bodies
    (None, lambda b: [], None),                            # a transform without its decoder
])
def test_stages_refuse_a_stage_without_exactly_one_body(decode, transform, handler):
    with pytest.raises(ValueError, match="give decode \\+ transform, or a handler"):
        Stage("x", "src", decode, transform, ("out",), handler=handler)
