"""The serving components by name: extractors, linkers and retriever backends are factories
registered under a versioned name (the ``index.registry`` pattern the KB sources use) and chosen
by settings, so adding one is a new factory plus one registration, never an edit of the code that
loads the models (``mentionflow.pipeline``).

- extractors: ``(settings, model dir | None) -> Extractor``; ``MENTIONFLOW_EXTRACTOR`` names the
  one served while no student is promoted, a promoted student is ``onnx-student.v1``.
- linkers: ``(settings, model dir | None, index, hybrid) -> (Linker, routing calibration | None)``;
  ``MENTIONFLOW_LINKER`` names the baseline, a promoted student is ``cross-encoder.v1``; ``hybrid``
  builds the hybrid candidate generator for a linker whose index may be swapped live.
- retrievers: ``(settings, index, embed, live index) -> Retriever``; ``MENTIONFLOW_RETRIEVER``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import structlog

from index.lookup import AliasIndex
from index.registry import Registry
from index.retrieval.base import Retriever
from mentionflow.settings import Settings
from workers.extraction.model import Extractor
from workers.normalization.linker import Linker, Routing

if TYPE_CHECKING:
    from index.retrieval.cached import CachedCandidates

__all__ = ["extractors", "linkers", "retrievers", "STUDENT_EXTRACTOR", "STUDENT_LINKER", "RoutingCalibration",
           "Hybrid", "LoadedLinker"]

log = structlog.get_logger("mentionflow.components")

#: a student's calibrated thresholds for a review target (None: not calibrated for it)
RoutingCalibration = Callable[[str, Routing], "Routing | None"]
#: (live index getter) -> the hybrid candidate generator over the settings' retriever
Hybrid = Callable[[Callable[[], AliasIndex]], "CachedCandidates"]
Embed = Callable[[list[str]], np.ndarray]



class LoadedLinker(Linker, Protocol):
    """A linker as a factory returns it: its routing is set once by the loader (``load_linker``)."""

    routing: Routing


ExtractorFactory = Callable[[Settings, Path | None], Extractor]
LinkerFactory = Callable[[Settings, Path | None, AliasIndex, Hybrid], tuple[LoadedLinker, RoutingCalibration | None]]
RetrieverFactory = Callable[[Settings, AliasIndex, Embed, Callable[[], AliasIndex] | None], Retriever]

extractors: Registry[ExtractorFactory] = Registry("extractor")
linkers: Registry[LinkerFactory] = Registry("linker")
retrievers: Registry[RetrieverFactory] = Registry("retriever")

STUDENT_EXTRACTOR = "onnx-student.v1"
STUDENT_LINKER = "cross-encoder.v1"


# --- extractors ------------------------------------------------------------------------------

@extractors.register("spacy.v1")
def spacy_extractor(settings: Settings, path: Path | None) -> Extractor:
    from workers.extraction.model import SpacyExtractor

    log.info("serving_baseline", kind="extractor", model="spaCy en_core_web_sm", why="no extractor student promoted")
    return SpacyExtractor()


@extractors.register(STUDENT_EXTRACTOR)
def onnx_extractor(settings: Settings, path: Path | None) -> Extractor:
    from workers.extraction.student import OnnxExtractor

    if path is None:
        raise ValueError(f"extractor {STUDENT_EXTRACTOR} needs a model directory")
    return OnnxExtractor(path, device=settings.device, threads=settings.ort_threads)


# --- linkers ---------------------------------------------------------------------------------

@linkers.register("alias-ranker.v1")
def alias_linker(settings: Settings, path: Path | None, index: AliasIndex,
                 hybrid: Hybrid) -> tuple[LoadedLinker, RoutingCalibration | None]:
    """The rules linker with the ranker of ``MENTIONFLOW_RANKER_WEIGHTS`` (empty: the hand-set
    prior weights), over exact aliases or the hybrid retriever (``MENTIONFLOW_CANDIDATES``)."""
    from workers.normalization.model import AliasLinker, load_ranker

    log.info("serving_baseline", kind="normalizer", model="alias linker", why="no normalizer student promoted")
    weights, calibration, name = None, None, "alias-baseline.v1"
    if settings.ranker_weights is not None:
        weights, calibration = load_ranker(settings.ranker_weights)
        name = f"alias-ranker.{settings.ranker_weights.stem.removeprefix('ranker.')}"
        log.info("ranker_weights", path=str(settings.ranker_weights), nil_calibrated=calibration is not None)
    else:
        log.info("ranker_weights", path=None, why="MENTIONFLOW_RANKER_WEIGHTS is empty: the hand-set prior weights")
    if settings.candidates == "alias":
        return AliasLinker(index, weights=weights, calibration=calibration, name=name), None
    linker = AliasLinker(index, weights=weights, calibration=calibration, name=f"retrieval-{name}")
    cands = hybrid(lambda: linker.index)
    linker.version = f"retrieval-{name}+{cands.embedder_version}"
    linker.set_candidates(cands)
    return linker, None


@linkers.register(STUDENT_LINKER)
def cross_encoder_linker(settings: Settings, path: Path | None, index: AliasIndex,
                         hybrid: Hybrid) -> tuple[LoadedLinker, RoutingCalibration | None]:
    from workers.normalization.student import CrossEncoderLinker

    if path is None:
        raise ValueError(f"linker {STUDENT_LINKER} needs a model directory")
    cache = None
    if settings.decision_cache and settings.cache_ttl_s > 0:
        from index.cache import SyncCache

        cache = SyncCache(settings.redis_url, ttl_s=settings.cache_ttl_s, name="decision")
    rule = settings.normalizer_rule_min_score if settings.normalizer_rule_min_score <= 1 else None
    student = CrossEncoderLinker(index, path, device=settings.device, threads=settings.ort_threads,
                                 rule_min_score=rule, cache=cache)
    if settings.candidates == "hybrid":
        student.set_candidates(hybrid(lambda: student.index))
    return student, student.calibrated_routing


# --- retriever backends ----------------------------------------------------------------------

@retrievers.register("embedded")
def embedded_retriever(settings: Settings, index: AliasIndex, embed: Embed,
                       live_index: Callable[[], AliasIndex] | None) -> Retriever:
    """tantivy BM25 + hnswlib vectors in files beside the KB version (``kb index`` builds them)."""
    from index.retrieval.embedded import EmbeddedRetriever, retrieval_dir

    path = retrieval_dir(settings.kb_root / "versions", index.kb_version)
    if not (path / "meta.json").exists():
        raise FileNotFoundError(f"no retrieval index for {index.kb_version}: run `mentionflow kb index`")
    return EmbeddedRetriever(index, path, embed)


@retrievers.register("opensearch")
def opensearch_backend(settings: Settings, index: AliasIndex, embed: Embed,
                       live_index: Callable[[], AliasIndex] | None) -> Retriever:
    """OpenSearch's alias (``OPENSEARCH_URL``, else the node ``stack up --opensearch`` runs); it must
    point at an index built from this KB version."""
    from index.retrieval.opensearch_queries import index_name
    from mentionflow.retrievers import opensearch_retriever

    retriever = opensearch_retriever(settings, index, embed, live_index=live_index)
    expected = index_name(settings.opensearch_alias, retriever.base_version)
    if not retriever.build_id.startswith(expected + "/"):
        raise FileNotFoundError(f"OpenSearch alias {settings.opensearch_alias} points at {retriever.build_id}, "
                                f"not {expected}: run `mentionflow kb index` with MENTIONFLOW_RETRIEVER=opensearch")
    return retriever
