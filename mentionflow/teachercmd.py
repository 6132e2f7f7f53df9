"""The teacher commands: ``teacher serve`` (the stand-in), ``link --engine teacher`` and the
annotation loop the dataset builder and benches share."""

from __future__ import annotations

import asyncio
import random
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import structlog
from tqdm import tqdm

from index.lookup import AliasIndex
from mentionflow.configs import answer_store, teacher_config
from mentionflow.pipeline import load_alias_index, load_extractor, make_shortlist, read_documents
from mentionflow.settings import Settings
from streams.schemas import InputDocument
from teacher.client import TeacherClient
from teacher.errors import SpendingCapProjected
from teacher.pipeline import Shortlist, TeacherAnnotator, TeacherDocument
from teacher.pricing import projected_cost

__all__ = ["serve", "annotate_documents", "teacher_rows", "link_file_teacher", "stats_dict"]

log = structlog.get_logger("mentionflow.teacher")


def serve(settings: Settings, port: int | None, latency_ms: float | None, error_rate: float) -> None:
    from aiohttp import web

    from standin.engine import StandinEngine
    from standin.server import StandinOptions, build_app

    index = load_alias_index(settings)
    # the judge only reopens what the served linker would send to review: a served decision it is
    # sure of is the stand-in's too (the judge's similarity alone preferred New York the state)
    engine = StandinEngine(load_extractor(settings, None, index), index,  # spaCy + the gazetteer pass, as served
                           *standin_opinions(settings, index), judge_below=settings.review_threshold)
    opts = StandinOptions(api_key=settings.teacher_api_key.get_secret_value(), model=settings.teacher_model,
                          latency_ms=settings.standin_latency_ms if latency_ms is None else latency_ms,
                          error_rate=error_rate)
    port = port or settings.standin_port
    print(f"teacher stand-in (NOT a frontier model) on http://{settings.standin_host}:{port}/v1, KB {index.kb_version}, "
          f"latency {opts.latency_ms} ms, error rate {opts.error_rate}", file=sys.stderr)
    web.run_app(build_app(engine, opts), host=settings.standin_host, port=port, print=None)


def standin_opinions(settings: Settings, index: AliasIndex) -> tuple[Any, Any, Any]:
    """The stand-in's linker (the served learned ranker, or the hand weights when
    ``MENTIONFLOW_RANKER_WEIGHTS`` is empty), its second opinion (the hand weights) and the judge
    between them where they link to different records: cosine of the MiniLM embeddings of the
    mention's context and of each record's name and description (slow, and the teacher may be)."""
    from index.embedder import OnnxEmbedder, ensure_embedder
    from workers.normalization.model import AliasLinker, load_ranker

    if settings.ranker_weights is None:
        return None, None, None
    weights, calibration = load_ranker(settings.ranker_weights)
    linker = AliasLinker(index, weights=weights, calibration=calibration, name="standin-teacher.v2")
    if not settings.standin_judge:
        log.info("standin_judge", on=False, why="MENTIONFLOW_STANDIN_JUDGE=false: the learned ranker alone decides")
        return linker, None, None
    embedder = OnnxEmbedder(ensure_embedder(settings.home / "models"), device=settings.device)
    log.info("standin_judge", on=True, embedder=embedder.version)

    def judge(context: str, texts: list[str]) -> list[float]:
        v = embedder.embed([context, *texts])
        return [float(v[0] @ v[k]) for k in range(1, len(texts) + 1)]

    return linker, AliasLinker(index, name="standin-teacher.v1"), judge


async def annotate_documents(client: TeacherClient, shortlist: Shortlist, docs: Iterable[InputDocument],
                             concurrency: int = 8, progress: bool = True) -> list[TeacherDocument]:
    """Teacher annotations for ``docs`` in input order, ``concurrency`` documents at a time.

    The documents are asked in a shuffled order (fixed per input length), so that those done first
    are a fair sample of the whole (a training set lists its long articles before its short posts),
    and the run raises ``SpendingCapProjected`` as soon as their cost per document projects the
    whole run above the client's spending cap (``teacher.pricing.projected_cost``)."""
    annotator = TeacherAnnotator(client, shortlist)
    docs = list(docs)
    sem = asyncio.Semaphore(concurrency)
    bar = tqdm(total=len(docs), desc="teacher", unit=" docs", file=sys.stderr, disable=not progress)
    done = 0

    async def one(d: InputDocument) -> TeacherDocument:
        nonlocal done
        async with sem:
            out = await annotator.annotate(d.id, d.text)
            bar.update(1)
            done += 1
            spent = client.stats.cost_usd
            projected = projected_cost(spent, done, len(docs))
            if projected is not None and projected > client.spending_cap_usd and spent < client.spending_cap_usd:
                raise SpendingCapProjected(projected, spent, done, len(docs), client.spending_cap_usd)
            return out

    order = list(range(len(docs)))
    random.Random(len(docs)).shuffle(order)
    try:
        answers = await asyncio.gather(*(one(docs[i]) for i in order))
    finally:
        bar.close()
    out: list[TeacherDocument | None] = [None] * len(docs)
    for i, answer in zip(order, answers, strict=True):
        out[i] = answer
    return [a for a in out if a is not None]


def teacher_rows(docs: Iterable[TeacherDocument]) -> list[dict[str, Any]]:
    """The rows ``link`` writes (the format ``eval`` reads), ``decided_by: teacher``."""
    rows = []
    for d in docs:
        for m in d.mentions:
            name = next((c.name for c in m.candidates if c.kb_id == m.kb_id), None)
            rows.append({"doc_id": d.doc_id, "start": m.start, "end": m.end, "surface": m.surface, "id": m.kb_id,
                         "name": name, "type": m.type, "score": m.confidence, "decided_by": "teacher",
                         "nil_reason": m.nil_reason, "invalid": m.invalid, "review": False})
    return rows


def link_file_teacher(settings: Settings, inp: Path, out: Path) -> tuple[int, int, dict[str, Any]]:
    index = load_alias_index(settings)
    shortlist = make_shortlist(settings, index)
    docs = list(read_documents(inp))

    async def run() -> tuple[list[TeacherDocument], dict[str, Any]]:
        async with TeacherClient(teacher_config(settings), answers=answer_store(settings)) as client:
            annotated = await annotate_documents(client, shortlist, docs, settings.teacher_concurrency)
            return annotated, stats_dict(client)

    annotated, stats = asyncio.run(run())
    rows = teacher_rows(annotated)
    out.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return len(docs), len(rows), stats


def stats_dict(client: TeacherClient) -> dict[str, Any]:
    import dataclasses
    from collections.abc import Mapping

    st = client.stats
    return {f.name: dict(v) if isinstance(v := getattr(st, f.name), Mapping) else v for f in dataclasses.fields(st)}
