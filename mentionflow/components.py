"""The serving components by name: extractors, linkers and retriever backends are factories
registered under a versioned name (the ``index.registry`` pattern the KB sources use) and chosen
by settings, so adding one is a new factory plus one registration, never an edit of the code that
loads the models (``mentionflow.pipeline``).

- extractors: ``(settings, model dir | None) -> Extractor``; ``MENTIONFLOW_EXTRACTOR`` names the
  one served while no student is promoted, a promoted student is the one its directory's
  ``mentionflow.json`` names (``student_component``), ``onnx-student.v1`` when it names none.
- linkers: ``(settings, model dir | None, index, hybrid) -> (Linker, routing calibration | None)``;
  ``MENTIONFLOW_LINKER`` names the baseline, a promoted student is ``cross-encoder.v1``; ``hybrid``
  builds the hybrid candidate generator for a linker whose index may be swapped live.
- retrievers: ``RetrieverBackend`` objects, one module each (``retrieval_embedded``,
  ``retrieval_opensearch``): how workers search it (``serve``), how ``kb index`` builds it, how
  ``kb upsert``/``kb delete`` keep it current (``sync``), and the local service ``stack up`` starts
  for it; ``MENTIONFLOW_RETRIEVER`` names the one served.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import structlog

from index.lookup import AliasIndex
from index.registry import Registry
from index.retrieval.base import Retriever
from mentionflow.settings import Settings
from workers.extraction.model import Extractor
from workers.normalization.linker import Linker, Routing

if TYPE_CHECKING:
    from collections.abc import Sequence

    from index.embedder import OnnxEmbedder
    from index.records import KBRecord
    from index.retrieval.cached import CachedCandidates
    from index.store import KBStore

__all__ = ["extractors", "linkers", "retrievers", "STUDENT_EXTRACTOR", "STUDENT_LINKER", "SPACY_STUDENT", "card_model_file",
           "student_component", "RoutingCalibration",
           "Hybrid", "LoadedLinker", "RetrieverBackend"]

log = structlog.get_logger("mentionflow.components")

#: a student's calibrated thresholds for a review target (None: not calibrated for it)
RoutingCalibration = Callable[[str, Routing], "Routing | None"]
#: (live index getter) -> the hybrid candidate generator over the settings' retriever
Hybrid = Callable[[Callable[[], AliasIndex]], "CachedCandidates"]
Embed = Callable[[list[str]], np.ndarray]



class LoadedLinker(Linker, Protocol):
    """A linker as a factory returns it: its routing is set once by the loader (``load_linker``)."""

    routing: Routing


class RetrieverBackend(Protocol):
    """A retrieval backend, whole: adding one is a module with an object of this shape and one
    ``retrievers.register("name")`` (its module named in ``retrievers`` below)."""

    @property
    def local_service(self) -> str | None:
        """The local service ``stack up`` starts for it (a name in ``mentionflow.local_services``),
        or None when it needs none (its files sit beside the KB version)."""
        ...

    def serve(self, settings: Settings, index: AliasIndex, embed: Embed,
              live_index: Callable[[], AliasIndex] | None) -> Retriever:
        """The retriever workers search, over ``index``'s KB version; refuses a missing or stale build."""
        ...

    def build(self, settings: Settings, store: KBStore, version: str, index: AliasIndex, embedder: OnnxEmbedder,
              embed_min_popularity: float, progress: Callable[[str], None]) -> dict[str, Any]:
        """``kb index``: build the searched data of a stored KB version; returns what was built."""
        ...

    def describe(self, version: str, meta: dict[str, Any]) -> str:
        """One line on what ``build`` built (``meta`` plus ``total_s`` and ``peak_rss_mb``)."""
        ...

    def sync(self, settings: Settings, index: AliasIndex, upserts: Sequence[KBRecord], deletes: Sequence[str]) -> None:
        """``kb upsert``/``kb delete``: write live KB changes into the searched data before they are
        announced to the workers (a backend whose workers apply them to their live index does nothing)."""
        ...


ExtractorFactory = Callable[[Settings, Path | None], Extractor]
LinkerFactory = Callable[[Settings, Path | None, AliasIndex, Hybrid], tuple[LoadedLinker, RoutingCalibration | None]]

extractors: Registry[ExtractorFactory] = Registry("extractor")
linkers: Registry[LinkerFactory] = Registry("linker")
retrievers: Registry[RetrieverBackend] = Registry("retriever", modules=(
    "mentionflow.retrieval_embedded",
    "mentionflow.retrieval_opensearch",
))

STUDENT_EXTRACTOR = "onnx-student.v1"
#: The extractor a student directory names in its ``mentionflow.json`` (``student_component``):
#: the spaCy NER fine-tuned on the hand-annotated text.
SPACY_STUDENT = "spacy-tuned.v1"
STUDENT_LINKER = "cross-encoder.v1"


def card_model_file(path: Path) -> Path:
    """The model file a student directory's card names (``model_file`` in ``mentionflow.json``)."""
    import json

    return path / str(json.loads((path / "mentionflow.json").read_text())["model_file"])


# --- extractors ------------------------------------------------------------------------------

def student_component(path: Path, default: str = STUDENT_EXTRACTOR) -> str:
    """The factory a student directory is served by: ``component`` in its ``mentionflow.json``
    (the spaCy student and the combined normalizer write one), else ``default`` (the ONNX
    student's: ``STUDENT_EXTRACTOR``, or ``STUDENT_LINKER`` for a normalizer)."""
    card = path / "mentionflow.json"
    if not card.exists():
        return default
    import json

    return str(json.loads(card.read_text()).get("component") or default)


@extractors.register("spacy.v1")
def spacy_extractor(settings: Settings, path: Path | None) -> Extractor:
    from workers.extraction.model import SpacyExtractor

    log.info("serving_baseline", kind="extractor", model="spaCy en_core_web_sm", why="no extractor student promoted")
    return SpacyExtractor()


@extractors.register(SPACY_STUDENT)
def spacy_tuned_extractor(settings: Settings, path: Path | None) -> Extractor:
    """The spaCy NER fine-tuned on the annotated text (``training.spacy_ner``): the registry's
    version at ``path``, else ``MENTIONFLOW_SPACY_NER_MODEL``."""
    from workers.extraction.model import SpacyExtractor

    model = path if path is not None else settings.spacy_ner_model
    if model is None:
        raise ValueError(f"extractor {SPACY_STUDENT} needs a model directory or MENTIONFLOW_SPACY_NER_MODEL "
                         "(a `python -m training.spacy_ner` output)")
    return SpacyExtractor(str(model))


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


@linkers.register("combined-ranker.v1")
def combined_linker(settings: Settings, path: Path | None, index: AliasIndex,
                    hybrid: Hybrid) -> tuple[LoadedLinker, RoutingCalibration | None]:
    """The rules linker whose per-mention decision comes from the combined normalizer
    (``workers.normalization.combined``: the model file of a registered normalizer directory
    whose card names this linker, else ``MENTIONFLOW_COMBINED_MODEL``): the same candidates,
    features and document-level rules as ``alias-ranker.v1``. Refuses a model fitted on another
    ranker's weights or another cross-encoder than the one it would be served with."""
    from workers.normalization.combined import CombinedRescorer, load_combined, ranker_sha1
    from workers.normalization.model import AliasLinker, LinkerWeights, load_ranker

    model_file = card_model_file(path) if path is not None else settings.combined_model
    if model_file is None:
        raise ValueError("linker combined-ranker.v1 needs MENTIONFLOW_COMBINED_MODEL (a `train combined` model file)")
    if settings.candidates != "alias":
        raise ValueError("linker combined-ranker.v1 is trained over exact-alias candidates: MENTIONFLOW_CANDIDATES=alias")
    model = load_combined(model_file)
    weights, calibration = load_ranker(settings.ranker_weights) if settings.ranker_weights else (LinkerWeights(), None)
    if model.ranker_sha1 != ranker_sha1(settings.ranker_weights):
        raise ValueError(f"{model_file} was fitted on ranker {model.ranker_sha1}, "
                         f"not on {settings.ranker_weights} ({ranker_sha1(settings.ranker_weights)})")
    holder: list[AliasLinker] = []
    ce_logits, ce_t, ce_version = None, 1.0, ""
    if model.uses_cross_encoder:
        from workers.normalization.student import CrossEncoderLinker

        ce_dir = _cross_encoder_dir(settings)
        ce = CrossEncoderLinker(index, ce_dir, device=settings.device, threads=settings.ort_threads, rule_min_score=None)
        if model.cross_encoder != ce.model_key:
            raise ValueError(f"{model_file} was fitted with cross-encoder {model.cross_encoder}, not {ce.model_key}")
        ce_logits, ce_t, ce_version = ce.option_logits, ce.temperature, ce.version
    scorer, graph = _combined_graph(settings, path, model)
    rescorer = CombinedRescorer(model, weights, lambda: holder[0].index, ce_logits, ce_t, ce_version, scorer)
    log.info("serving_combined_normalizer", model=str(model_file), cross_encoder=ce_version or None,
             runtime="onnxruntime" if scorer is not None else "numpy", graph=graph,
             providers=list(scorer.providers) if scorer is not None else None)
    holder.append(AliasLinker(index, weights=weights, calibration=calibration, name="alias-ranker", rescorer=rescorer))
    return holder[0], None


def _combined_graph(settings: Settings, path: Path | None, model: Any) -> tuple[Any, str | None]:
    """The combined model's ONNX graph (``onnx_file`` in a student directory's card) served by
    onnxruntime, checked against the model file's weights; (None, None) for a model file given by
    ``MENTIONFLOW_COMBINED_MODEL`` or a card without a graph (numpy serves it: the log line says so)."""
    import json

    if path is None:
        return None, None
    name = json.loads((path / "mentionflow.json").read_text()).get("onnx_file")
    if not name:
        return None, None
    from workers.normalization.combined_onnx import PARITY_TOLERANCE, OrtLogits, parity_gap

    scorer = OrtLogits(path / str(name), device=settings.device)
    gap = parity_gap(model, scorer)
    if gap > PARITY_TOLERANCE:
        raise ValueError(f"{path / str(name)} does not compute {model.name}'s logits (largest gap {gap:.3g})")
    return scorer, str(name)


def _cross_encoder_dir(settings: Settings) -> Path:
    from mentionflow.registry import Registry

    if settings.normalizer_model is not None:
        return settings.normalizer_model
    cur = Registry(settings.registry_root).current("normalizer")
    if cur is None:
        raise ValueError("the combined model needs its cross-encoder: set MENTIONFLOW_NORMALIZER_MODEL")
    return cur.path


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
