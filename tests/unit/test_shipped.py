"""The students shipped with the repository (``mentionflow.shipped``): found by their model card,
served by the extractor their card names, digested for idempotent installs (pure, no services)."""

from __future__ import annotations

import json
from pathlib import Path

from mentionflow.components import SPACY_STUDENT, STUDENT_EXTRACTOR, student_component
from mentionflow.settings import Settings
from mentionflow.shipped import SHIPPED_ROOT, artifact_sha1, shipped_students


def test_a_student_directory_is_served_by_the_component_its_card_names(tmp_path: Path):
    assert student_component(tmp_path) == STUDENT_EXTRACTOR  # no card: the ONNX student
    (tmp_path / "mentionflow.json").write_text(json.dumps({"component": SPACY_STUDENT, "kind": "extractor"}))
    assert student_component(tmp_path) == SPACY_STUDENT


def test_the_artifact_digest_follows_names_and_bytes(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "w.bin").write_bytes(b"123")
    first = artifact_sha1(tmp_path)
    assert artifact_sha1(tmp_path) == first
    (tmp_path / "a" / "w.bin").write_bytes(b"124")
    assert artifact_sha1(tmp_path) != first


def test_the_shipped_extractor_student_has_a_card_and_serves_through_the_registry_path():
    from mentionflow.pipeline import load_extractor
    from workers.extraction.student import OnnxExtractor

    shipped = shipped_students(SHIPPED_ROOT)
    assert [p.name for p in shipped] == ["extractor-onnx-minilm", "normalizer-combined"]
    card = json.loads((shipped[0] / "mentionflow.json").read_text())
    assert card["kind"] == "extractor" and card["component"] == STUDENT_EXTRACTOR
    assert len(card["dataset_sha1"]) == 40 and card["licence"] == "Apache-2.0" and "Apache-2.0" in card["base_model"]
    meta = json.loads((shipped[0] / "meta.json").read_text())
    assert meta["quantized"].startswith("int8") and meta["parity_label_agreement"] >= 0.99
    extractor = load_extractor(Settings(gazetteer=False), shipped[0])  # as the registry's current version
    assert isinstance(extractor, OnnxExtractor) and extractor.version.startswith("extractor-student.")
    [mentions] = extractor.extract(["Shares of Du Pont Co rose in New York on Tuesday, Reuters said."])
    assert ("New York", "LOC") in [(m.surface, m.type) for m in mentions]


def test_the_shipped_extractor_student_learned_from_the_current_annotations():
    """The recipe (``training.annotated_onnx.build_onnx_student``, run by ``train annotated`` and
    ``train all``) trains on every annotated document; the shipped student must be its output on
    the repository's labels, so new annotations mean a rebuilt student."""
    from training.annotated import labels_sha1, load_docs, load_gold

    card = json.loads((SHIPPED_ROOT / "extractor-onnx-minilm" / "mentionflow.json").read_text())
    gold = load_gold()
    labelled = [d for d in load_docs() if d["id"] in gold]
    assert card["dataset"].endswith("(every document)") and card["documents"] == len(labelled)
    assert card["dataset_sha1"] == labels_sha1(labelled, gold)


def test_the_shipped_normalizer_student_is_the_combined_normalizer_of_the_current_annotations(small_index):
    """``annotated_students.build_normalizer_student`` fits on every annotated document (train
    split fitted, validation split calibrated); the shipped one must be of the repository's labels."""
    from mentionflow.components import card_model_file
    from mentionflow.pipeline import load_linker
    from mentionflow.settings import SHIPPED_RANKER
    from training.annotated import labels_sha1, load_docs, load_gold
    from workers.normalization.combined import load_combined, ranker_sha1

    src = SHIPPED_ROOT / "normalizer-combined"
    card = json.loads((src / "mentionflow.json").read_text())
    assert card["kind"] == "normalizer" and card["component"] == "combined-ranker.v1"
    gold = load_gold()
    labelled = [d for d in load_docs() if d["id"] in gold]
    assert card["documents"] == len(labelled) and card["dataset_sha1"] == labels_sha1(labelled, gold)
    assert load_combined(card_model_file(src)).ranker_sha1 == ranker_sha1(SHIPPED_RANKER)  # fitted on the served ranker
    linker = load_linker(Settings(), src, small_index)  # as the registry's current version
    assert linker.version == f"alias-ranker+{card_model_file(src).stem}" and card["dataset_sha1"][:8] in linker.version


def test_the_shipped_normalizer_is_served_from_its_onnx_graph_of_the_model_files_weights():
    from mentionflow.components import card_model_file
    from workers.normalization.combined import load_combined
    from workers.normalization.combined_onnx import OrtLogits, onnx_name, parity_gap

    src = SHIPPED_ROOT / "normalizer-combined"
    card = json.loads((src / "mentionflow.json").read_text())
    assert card["onnx_file"] == onnx_name(card["model_file"])
    assert parity_gap(load_combined(card_model_file(src)), OrtLogits(src / card["onnx_file"])) < 1e-9
