"""Serving components by name: what is registered, how a setting picks one, and the error for a
name nobody registered."""

from __future__ import annotations

import pytest

from index.registry import UnknownComponent
from mentionflow.components import (
    STUDENT_EXTRACTOR,
    STUDENT_LINKER,
    extractors,
    linkers,
    retrievers,
)
from mentionflow.settings import Settings
from streams.schemas import Mention


def test_the_built_in_components_are_registered():
    assert {"spacy.v1", STUDENT_EXTRACTOR} <= set(extractors.names())
    assert {"alias-ranker.v1", "combined-ranker.v1", STUDENT_LINKER} <= set(linkers.names())
    assert {"embedded", "opensearch"} <= set(retrievers.names())


def test_an_unknown_name_is_a_clear_error_listing_what_exists(tmp_path):
    from mentionflow.pipeline import load_extractor

    s = Settings(home=tmp_path, extractor="nope.v9", gazetteer=False)
    with pytest.raises(UnknownComponent, match=r"no extractor named 'nope.v9'; registered: .*spacy.v1"):
        load_extractor(s, None)


def test_a_registered_linker_is_served_by_naming_it(small_index, tmp_path):
    """Adding a linker is one factory and one registration; the loader never changes."""
    from mentionflow.pipeline import load_linker
    from workers.normalization.model import AliasLinker

    @linkers.register("test-plain.v1")
    def plain(settings, path, index, hybrid):  # type: ignore[no-untyped-def]
        return AliasLinker(index, name="test-plain.v1"), None

    linker = load_linker(Settings(home=tmp_path, linker="test-plain.v1"), None, index=small_index)
    assert linker.version == "test-plain.v1"


def test_the_default_baseline_linker_serves_the_shipped_ranker(small_index, tmp_path):
    from mentionflow.pipeline import load_linker

    assert load_linker(Settings(home=tmp_path), None, index=small_index).version == "alias-ranker.distant.v1"
    hand = load_linker(Settings(home=tmp_path, ranker_weights=""), None, index=small_index)
    assert hand.version == "alias-baseline.v1"


def test_every_retriever_backend_names_a_registered_local_service_or_none():
    from mentionflow.local_services import local_services

    for name in retrievers.names():
        service = retrievers.get(name).local_service
        assert service is None or service in local_services.names(), (name, service)


@pytest.mark.parametrize("retriever, asked, wanted", [
    ("embedded", [], []),
    ("embedded", ["opensearch"], ["opensearch"]),
    ("opensearch", [], ["opensearch"]),
    ("opensearch", ["opensearch"], ["opensearch"]),
])
def test_stack_starts_the_local_services_asked_for_and_the_retriever_backends(retriever, asked, wanted, tmp_path):
    from mentionflow.stack import _wanted_services

    assert _wanted_services(Settings(home=tmp_path, retriever=retriever), asked) == wanted


def test_an_unknown_retriever_backend_is_refused_before_the_stack_starts(tmp_path):
    from mentionflow.stack import stack_up

    with pytest.raises(UnknownComponent, match=r"no retriever named 'nope'; registered: embedded, opensearch"):
        stack_up(Settings(home=tmp_path, retriever="nope"), log=lambda *_: None)


def _combined_file(tmp_path, ranker):  # type: ignore[no-untyped-def]
    import numpy as np

    from workers.normalization.combined import (
        CANDIDATE_FEATURES,
        NIL_FEATURES,
        CombinedModel,
        combined_file,
        ranker_sha1,
    )

    theta = np.zeros(len(CANDIDATE_FEATURES))
    theta[CANDIDATE_FEATURES.index("linear")] = 1.0
    p = tmp_path / "combined.t.v1.json"
    p.write_bytes(combined_file(CombinedModel(theta, np.zeros(len(NIL_FEATURES)), ranker_sha1=ranker_sha1(ranker)), {}))
    return p


def test_the_combined_linker_is_the_rules_linker_with_the_combined_model(small_index, tmp_path):
    from mentionflow.pipeline import load_linker
    from mentionflow.settings import SHIPPED_RANKER

    s = Settings(home=tmp_path, linker="combined-ranker.v1", combined_model=_combined_file(tmp_path, SHIPPED_RANKER))
    linker = load_linker(s, None, small_index)
    assert linker.version == "alias-ranker+combined.t.v1"
    text = "Barack Obama spoke."
    (d,) = linker.link(text, [Mention(start=0, end=12, surface="Barack Obama", type="PER", score=0.9)])
    assert d.kb_id == "wiki:Barack_Obama"


def test_a_normalizer_student_directory_serves_the_linker_its_card_names(small_index, tmp_path):
    import json
    import shutil

    from mentionflow.components import student_component
    from mentionflow.pipeline import load_linker
    from mentionflow.settings import SHIPPED_RANKER

    student = tmp_path / "normalizer.v1"
    student.mkdir()
    assert student_component(student, STUDENT_LINKER) == STUDENT_LINKER  # no card: the cross-encoder student
    shutil.copyfile(_combined_file(tmp_path, SHIPPED_RANKER), student / "combined.t.v1.json")
    (student / "mentionflow.json").write_text(json.dumps({"component": "combined-ranker.v1", "kind": "normalizer",
                                                          "model_file": "combined.t.v1.json"}))
    linker = load_linker(Settings(home=tmp_path), student, small_index)  # as the registry's current version
    assert linker.version == "alias-ranker+combined.t.v1"
    (d,) = linker.link("Barack Obama spoke.", [Mention(start=0, end=12, surface="Barack Obama", type="PER", score=0.9)])
    assert d.kb_id == "wiki:Barack_Obama"


def test_a_student_normalizer_these_settings_cannot_serve_is_refused_for_the_baseline(small_index, tmp_path, monkeypatch):
    import json
    import shutil

    from mentionflow import pipeline
    from mentionflow.settings import SHIPPED_RANKER

    student = tmp_path / "normalizer.v1"
    student.mkdir()
    shutil.copyfile(_combined_file(tmp_path, SHIPPED_RANKER), student / "combined.t.v1.json")
    (student / "mentionflow.json").write_text(json.dumps({"component": "combined-ranker.v1", "kind": "normalizer",
                                                          "model_file": "combined.t.v1.json"}))
    monkeypatch.setattr(pipeline, "load_alias_index", lambda settings: small_index)
    errors: list[dict] = []
    monkeypatch.setattr(pipeline.log, "error", lambda event, **kw: errors.append({"event": event, **kw}))
    hand_weights = Settings(home=tmp_path, ranker_weights=None)  # the model was fitted on the shipped ranker
    linker = pipeline._student_linker(hand_weights, student)
    assert linker.version == "alias-baseline.v1"
    assert [e["event"] for e in errors] == ["student_not_servable"] and "fitted on ranker" in errors[0]["why"]


def test_the_combined_linker_refuses_a_missing_model_or_another_rankers_fit(small_index, tmp_path):
    from mentionflow.pipeline import load_linker

    with pytest.raises(ValueError, match="MENTIONFLOW_COMBINED_MODEL"):
        load_linker(Settings(home=tmp_path, linker="combined-ranker.v1"), None, small_index)
    fitted_on_hand_weights = _combined_file(tmp_path, None)
    with pytest.raises(ValueError, match="fitted on ranker hand"):
        load_linker(Settings(home=tmp_path, linker="combined-ranker.v1", combined_model=fitted_on_hand_weights),
                    None, small_index)


def test_the_tuned_spacy_extractor_needs_its_model(tmp_path):
    from mentionflow.components import extractors

    with pytest.raises(ValueError, match="MENTIONFLOW_SPACY_NER_MODEL"):
        extractors.get("spacy-tuned.v1")(Settings(home=tmp_path, extractor="spacy-tuned.v1"), None)
