"""Load the models a process needs and run the whole pipeline in process (no Kafka)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import structlog

from index.analysis import name_expansions
from index.lookup import AliasIndex
from index.records import parse_kb_lines
from index.store import KBLoadError, KBStore
from mentionflow.components import (
    STUDENT_LINKER,
    LoadedLinker,
    RoutingCalibration,
    extractors,
    linkers,
    retrievers,
    student_component,
)
from mentionflow.configs import configured_routing, serving_routing
from mentionflow.settings import Settings
from streams.schemas import InputDocument
from teacher.pipeline import Shortlist
from teacher.shapes import CandidateView
from workers.extraction.model import Extractor
from workers.extraction.transform import extract_documents
from workers.hot import HotExtractor, HotLinker
from workers.normalization.linker import Linker
from workers.normalization.transform import normalize_documents

__all__ = ["Models", "load_models", "load_alias_index", "link_rows", "hybrid_candidates", "alias_candidates",
           "load_extractor", "load_linker", "model_dir", "watch_models", "make_shortlist", "expansion_rows"]

if TYPE_CHECKING:
    from index.retrieval.cached import CachedCandidates
    from mentionflow.registry import ModelWatcher

log = structlog.get_logger("mentionflow.pipeline")


@dataclass(frozen=True, slots=True)
class Models:
    """What a process serves (None: a role this process does not run). The linker carries its
    review routing (``Linker.routing``, resolved when it was loaded)."""

    extractor: Extractor | None
    linker: Linker | None

    def both(self) -> tuple[Extractor, Linker]:
        """Both models (a whole-pipeline caller: the benches, ``link``, the eval)."""
        if self.extractor is None or self.linker is None:
            raise ValueError("this process loaded only one of the models")
        return self.extractor, self.linker


def load_alias_index(settings: Settings) -> AliasIndex:
    """The KB the process serves: ``kb_path`` if given (validated), else the store's current."""
    if settings.kb_path is not None:
        with open(settings.kb_path, "rb") as f:
            result = parse_kb_lines(f)
        if result.errors:
            raise KBLoadError(str(settings.kb_path), result.errors)
        from index.records import dump_record, kb_version_of

        version = kb_version_of(dump_record(r) for r in result.records)
        return AliasIndex.build(result.records, version)
    store = KBStore(settings.kb_root)
    current = store.current_version()
    if current is None:
        raise FileNotFoundError(f"no KB loaded in {store.root}: run `mentionflow kb build` then `mentionflow kb load`")
    return AliasIndex.load_or_build(store, current)


def hybrid_candidates(settings: Settings, index: AliasIndex,
                      live_index: Callable[[], AliasIndex] | None = None) -> CachedCandidates:
    """The hybrid retriever over ``index``'s KB version (``MENTIONFLOW_RETRIEVER`` names the
    backend in ``components.retrievers``), through the Redis cache."""
    from index.cache import SyncCache
    from index.embedder import OnnxEmbedder, ensure_embedder
    from index.retrieval.cached import CachedCandidates

    if settings.kb_path is not None:
        raise ValueError("MENTIONFLOW_CANDIDATES=hybrid serves a stored KB: `mentionflow kb load FILE` then `kb index`")
    backend = retrievers.get(settings.retriever)  # an unknown name fails before the embedder loads
    embedder = OnnxEmbedder(ensure_embedder(settings.home / "models"), device=settings.device)
    retriever = backend.serve(settings, index, embedder.embed, live_index)
    cache = SyncCache(settings.redis_url, ttl_s=settings.cache_ttl_s, name="retrieval") if settings.cache_ttl_s > 0 else None
    return CachedCandidates(retriever, embedder.embed, embedder.version, cache, live_index=live_index)


def alias_candidates(index: AliasIndex, k: int = 20) -> Callable[[str, str], list[tuple[int, float]]]:
    """Exact alias lookup as a candidate generator: the k most popular records with the name."""
    def generate(surface: str, _text: str) -> list[tuple[int, float]]:
        rows = sorted(index.lookup(surface) or index.lookup_company(surface),
                      key=lambda r: (-float(index.popularity[r]), index.ids[r]))
        return [(r, 1.0) for r in rows[:k]]

    return generate


def make_shortlist(settings: Settings, index: AliasIndex, k: int = 20) -> Shortlist:
    """The candidates the teacher sees: the same generator the student linker uses."""
    gen: Callable[[str, str], Iterable[tuple[int, float]]] = (
        alias_candidates(index, k) if settings.candidates == "alias" else hybrid_candidates(settings, index))

    def shortlist(surface: str, text: str) -> list[CandidateView]:
        rows = [r for r, _ in list(gen(surface, text))[:k]]
        rows += [r for r in expansion_rows(index, surface, text) if r not in rows][:5]
        return [CandidateView(kb_id=index.ids[r], name=index.names[r], type=index.types[r],
                              description=index.descriptions[r]) for r in rows]

    return shortlist


def expansion_rows(index: AliasIndex, surface: str, text: str, per_name: int = 2) -> list[int]:
    """Records named in full elsewhere in the document by a longer name containing the mention
    ("Pope John Paul II" for "John Paul"): the teacher sees the in-document full names too, so it
    can resolve a short form the retriever alone does not connect."""
    out: list[int] = []
    for name in name_expansions(surface, text):
        for r in sorted(index.lookup(name), key=lambda r: (-float(index.popularity[r]), index.ids[r]))[:per_name]:
            if r not in out:
                out.append(r)
    return out


def model_dir(settings: Settings, kind: str) -> Path | None:
    """The student to serve: an explicit path (settings), else the registry's current version,
    else None (the baseline serves, and says so in the log)."""
    from mentionflow.registry import Registry

    explicit = settings.extractor_model if kind == "extractor" else settings.normalizer_model
    if explicit is not None:
        return explicit
    cur = Registry(settings.registry_root).current(kind)
    return cur.path if cur is not None else None


def load_extractor(settings: Settings, path: Path | None, index: AliasIndex | None = None) -> Extractor:
    """The extractor: the student at ``path``, else the one ``MENTIONFLOW_EXTRACTOR`` names (spaCy),
    with the KB gazetteer pass unless ``MENTIONFLOW_GAZETTEER=0``."""
    inner = extractors.get(student_component(path) if path is not None else settings.extractor)(settings, path)
    if not settings.gazetteer:
        return inner
    from workers.extraction.gazetteer import Gazetteer, GazetteerExtractor

    return GazetteerExtractor(inner, Gazetteer.build(index if index is not None else load_alias_index(settings)))


def load_linker(settings: Settings, path: Path | None = None, index: AliasIndex | None = None) -> Linker:
    """The linker (student at ``path``, else a baseline) with its review routing resolved."""
    linker, calibrated = _build_linker(settings, path, index)
    linker.routing = serving_routing(settings, calibrated, linker.version)
    log.info("review_routing", model=linker.version, threshold=linker.routing.threshold,
             per_type=dict(linker.routing.per_type), decided_by=linker.routing.source)
    return linker


def _build_linker(settings: Settings, path: Path | None, index: AliasIndex | None,
                  ) -> tuple[LoadedLinker, RoutingCalibration | None]:
    """The student at ``path``, else the baseline ``MENTIONFLOW_LINKER`` names."""
    index = index if index is not None else load_alias_index(settings)
    factory = linkers.get(student_component(path, STUDENT_LINKER) if path is not None else settings.linker)
    return factory(settings, path, index, lambda live: hybrid_candidates(settings, index, live_index=live))


def load_models(settings: Settings, need_extractor: bool = True, need_linker: bool = True) -> Models:
    if settings.engine == "teacher":
        return load_teacher_models(settings, need_extractor, need_linker)
    pick = (lambda kind: model_dir(settings, kind)) if settings.engine == "student" else (lambda kind: None)
    extractor = HotExtractor(load_extractor(settings, pick("extractor"))) if need_extractor else None
    linker = HotLinker(_student_linker(settings, pick("normalizer"))) if need_linker else None
    return Models(extractor, linker)


def _student_linker(settings: Settings, path: Path | None) -> Linker:
    """The normalizer student at ``path``; one these settings cannot serve (the combined
    normalizer under ``MENTIONFLOW_CANDIDATES=hybrid`` or another ranker's weights) is refused
    with an error line and the baseline serves, which logs ``serving_baseline`` as it always does."""
    if path is None:
        return load_linker(settings, None)
    try:
        return load_linker(settings, path)
    except ValueError as exc:
        log.error("student_not_servable", kind="normalizer", model=str(path), why=str(exc))
        return load_linker(settings, None)


def load_teacher_models(settings: Settings, need_extractor: bool, need_linker: bool) -> Models:
    """The teacher API behind the model interfaces (``MENTIONFLOW_ENGINE=teacher``)."""
    from mentionflow.configs import answer_store, teacher_config
    from teacher.client import TeacherClient
    from workers.teacher_models import LoopThread, TeacherExtractor, TeacherLinker

    loop = LoopThread()

    async def make() -> TeacherClient:  # the client's pool belongs to the loop that uses it
        return TeacherClient(teacher_config(settings), answers=None if settings.teacher_fresh else answer_store(settings))

    client = loop.run(make())
    log.info("serving_teacher", model=settings.teacher_model, base_url=settings.teacher_base_url)
    extractor = TeacherExtractor(client, loop, settings.teacher_model) if need_extractor else None
    linker: TeacherLinker | None = None
    if need_linker:
        index = load_alias_index(settings)
        linker = TeacherLinker(client, loop, make_shortlist(settings, index), index, settings.teacher_model)
        linker.routing = configured_routing(settings)
    return Models(extractor, linker)


def watch_models(settings: Settings, models: Models) -> ModelWatcher | None:
    """Swap in promoted (or rolled-back) students while the worker runs. Explicit model paths
    in the settings pin the model: nothing is watched for that kind."""
    from mentionflow.registry import ModelWatcher, Registry, Version

    if settings.engine != "student":
        return None
    kinds = tuple(k for k, held, pinned in (("extractor", models.extractor, settings.extractor_model),
                                            ("normalizer", models.linker, settings.normalizer_model))
                  if held is not None and pinned is None)
    if not kinds:
        return None

    def on_change(kind: str, version: Version | None) -> None:
        path = version.path if version is not None else None
        if kind == "extractor":
            models.extractor.swap(load_extractor(settings, path))  # type: ignore[union-attr]
        else:
            models.linker.swap(load_linker(settings, path, index=models.linker.index))  # type: ignore[union-attr]
        log.info("model_swapped", kind=kind, version=version.name if version else "baseline")

    return ModelWatcher(Registry(settings.registry_root), kinds, on_change).start()


def read_documents(path: Path) -> Iterator[InputDocument]:
    with open(path, "rb") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield InputDocument.model_validate(orjson.loads(line))
                except Exception as exc:  # noqa: BLE001 - reported as one clear line
                    raise ValueError(f"{path}:{lineno}: not a valid input document: {exc}") from exc


def link_rows(docs: Iterable[InputDocument], models: Models, batch: int = 32) -> Iterator[dict[str, Any]]:
    """The batch path of the pipeline: one output row per mention, confident or not."""
    buf: list[InputDocument] = []

    def flush() -> Iterator[dict[str, Any]]:
        extractor, linker = models.both()
        exs = extract_documents(buf, extractor)
        for ex, res in zip(exs, normalize_documents(exs, linker, linker.routing), strict=True):
            ents = list(res.normalized.entities) + ([i.proposed for i in res.review.items] if res.review else [])
            routed = {(i.start, i.end) for i in res.review.items} if res.review else set()
            for e in sorted(ents, key=lambda e: e.start):
                yield {
                    "doc_id": ex.doc.id, "start": e.start, "end": e.end, "surface": e.surface,
                    "id": e.kb_id, "name": e.name, "type": e.type, "score": e.score,
                    "decided_by": e.decided_by, "nil_reason": e.nil_reason,
                    "review": (e.start, e.end) in routed,  # exactly what the worker routes
                }
        buf.clear()

    for d in docs:
        buf.append(d)
        if len(buf) >= batch:
            yield from flush()
    if buf:
        yield from flush()

