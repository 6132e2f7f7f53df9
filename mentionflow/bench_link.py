"""``mentionflow bench link``: in-process throughput of the served pipeline (no Kafka).

The served models (``load_models``: the extractor and the linker the workers would load) over
``bench_documents(n)``, the short post-sized documents of the other benches. One pass over the
documents first (warm-up: lazy loads and caches fill), then ``repeats`` rounds; in each round

- ``extract``: the extractor alone (``extract_documents``, no linking), the same-run reference;
- ``link``: the whole pipeline (``link_rows``: extract, link, one row per mention),

both in batches of ``BATCH`` documents (``link_rows``'s batch). Each timing gives docs/s (wall
clock) and docs per CPU-second (``time.process_time``: this process's CPU, less sensitive than
the wall clock to other load on a shared machine, not insensitive to it). The summary is the
median over the rounds and the link/extract ratio of the medians; every round is printed too.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import orjson

from mentionflow.settings import Settings

__all__ = ["BATCH", "Timing", "bench_link", "format_link", "summarize", "timed"]

#: Documents per call, as ``link_rows`` batches them.
BATCH = 32
#: Libraries whose builds move the figures (spaCy's compiled NER loop, its numpy BLAS).
_VERSIONS = ("spacy", "thinc", "numpy")


@dataclass(frozen=True, slots=True)
class Timing:
    """One timed pass over the documents."""

    docs: int
    mentions: int  # mentions found (extract) or rows written (link)
    wall_s: float
    cpu_s: float  # ``time.process_time`` of this process

    @property
    def docs_per_s(self) -> float:
        return self.docs / max(self.wall_s, 1e-9)

    @property
    def docs_per_cpu_s(self) -> float:
        return self.docs / max(self.cpu_s, 1e-9)


def timed(run: Callable[[], int], docs: int) -> Timing:
    """Time ``run`` (returns the mentions it produced) over ``docs`` documents."""
    w0, c0 = time.perf_counter(), time.process_time()
    mentions = run()
    return Timing(docs, mentions, time.perf_counter() - w0, time.process_time() - c0)


def summarize(timings: Sequence[Timing]) -> dict[str, Any]:
    """Pure: rounds of one measurement -> each round and the medians."""
    if not timings:
        raise ValueError("no timings to summarize")
    if len({t.mentions for t in timings}) > 1:  # the same documents through the same models
        raise ValueError(f"rounds disagree on the mentions: {[t.mentions for t in timings]}")
    return {
        "rounds": [{"docs_per_s": round(t.docs_per_s, 1), "docs_per_cpu_s": round(t.docs_per_cpu_s, 1),
                    "mentions": t.mentions, "wall_s": round(t.wall_s, 3), "cpu_s": round(t.cpu_s, 3)}
                   for t in timings],
        "median_docs_per_s": round(statistics.median(t.docs_per_s for t in timings), 1),
        "median_docs_per_cpu_s": round(statistics.median(t.docs_per_cpu_s for t in timings), 1),
        "mentions": timings[-1].mentions,
    }


def format_link(out: dict[str, Any]) -> str:
    """Pure: the bench's result -> the printed lines."""
    lines = [f"in-process link, {out['documents']} short docs (avg {out['avg_chars']} chars), {out['batch']} per call, "
             f"{out['repeats']} round{'s' if out['repeats'] != 1 else ''} after a warm-up pass; {out['extractor']} + {out['linker']}; "
             + ", ".join(f"{k} {v}" for k, v in out["versions"].items())]
    for name in ("link", "extract"):
        r = out[name]
        rounds = " / ".join(f"{x['docs_per_cpu_s']:.0f}" for x in r["rounds"])
        lines.append(f"{name:<8} {r['median_docs_per_s']:7.0f} docs/s wall, {r['median_docs_per_cpu_s']:7.0f} docs/CPU-s "
                     f"(median; rounds {rounds}), {r['mentions']} mentions")
    lines.append(f"link / extract-only (docs/CPU-s medians): {out['link_vs_extract_cpu']:.2f}")
    return "\n".join(lines)


def _versions() -> dict[str, str]:
    out = {}
    for name in _VERSIONS:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


def bench_link(settings: Settings, n_docs: int = 1000, repeats: int = 3, as_json: bool = False) -> int:
    from mentionflow.bench import bench_documents
    from mentionflow.pipeline import link_rows, load_models
    from streams.schemas import InputDocument
    from workers.extraction.transform import extract_documents

    if n_docs < 1 or repeats < 1:
        raise ValueError("--docs and --repeats must be at least 1")
    raw = bench_documents(n_docs)
    docs = [InputDocument.model_validate(d) for d in raw]
    models = load_models(settings)
    extractor, linker = models.both()

    def extract() -> int:
        return sum(len(ex.mentions) for i in range(0, len(docs), BATCH)
                   for ex in extract_documents(docs[i : i + BATCH], extractor))

    def link() -> int:
        return sum(1 for _ in link_rows(docs, models, batch=BATCH))

    link()  # warm-up
    extract_t: list[Timing] = []
    link_t: list[Timing] = []
    for _ in range(repeats):
        extract_t.append(timed(extract, len(docs)))
        link_t.append(timed(link, len(docs)))
    result: dict[str, Any] = {
        "bench": "link", "documents": n_docs, "repeats": repeats, "batch": BATCH,
        "avg_chars": round(sum(len(d.text) for d in docs) / len(docs), 1),
        "extractor": extractor.version, "linker": linker.version, "versions": _versions(),
        "link": summarize(link_t), "extract": summarize(extract_t),
    }
    result["link_vs_extract_cpu"] = round(result["link"]["median_docs_per_cpu_s"]
                                          / result["extract"]["median_docs_per_cpu_s"], 3)
    print(format_link(result))
    if as_json:
        print(orjson.dumps(result).decode())
    return 0
