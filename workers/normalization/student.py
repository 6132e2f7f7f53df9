"""The normalizer student served with ONNX Runtime: a cross-encoder over (mention in context,
option) for each mention's top-k candidates plus two NIL options; a softmax at the calibrated
temperature gives the decision and its probability. Same ``Linker`` interface as the baseline.

Candidates come from a generator (exact alias lookup by default, the hybrid retriever with
``MENTIONFLOW_CANDIDATES=hybrid``). Three cheaper paths keep the cross-encoder for the mentions
that need it (a *cascade*; the counts are in ``stats``):

- no candidate at all: not scored; an in-document longer form is reused as the baseline does
  ("Obama" after "Barack Obama"), else NIL ``not_in_kb`` (score ``NO_CANDIDATE_SCORE``);
- the baseline's prior/type/context scorer (``AliasLinker``), over the records that carry the
  mention's name, links it with probability >= ``rule_min_score`` (0.9): that decision is taken
  as is (``rule``: "Angela Merkel", "Paris" next to "France"); close namesakes, fuzzy-only
  matches and anything less certain go to the model (the README gives its measured effect).
  ``rule_min_score=None`` sends every mention with candidates to the model;
- the model's logits for a (mention in context, options) pair are cached in Redis under a key
  that names the model, the KB version, the mention text and the options: a repeated post
  (retweet, syndicated story) costs a lookup, not a model call.

``link_many`` scores the pairs of many documents in shared batches, sorted by length so that a
batch pads little.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import structlog

from index.embedder import choose_providers, session_options
from index.lookup import AliasIndex
from streams.schemas import Candidate, Mention
from workers.normalization.linker import LinkerDefaults, Routing
from workers.normalization.model import (
    AliasLinker,
    CandidateGenerator,
    LinkDecision,
    propagate_short_form,
)
from workers.normalization.pairs import Option, mention_text, option_text, options_for

__all__ = ["CrossEncoderLinker", "CascadeStats", "decision_key", "length_order"]

log = structlog.get_logger("mentionflow.normalizer")


@dataclass(slots=True)
class CascadeStats:
    """Where the mentions went: no candidate (rule), unambiguous (rule), the model (cache hit or
    a cross-encoder run), and how many (mention, option) pairs the model scored."""

    no_candidate: int = 0
    rule: int = 0
    model: int = 0
    cache_hits: int = 0
    pairs_scored: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"no_candidate": self.no_candidate, "rule": self.rule, "model": self.model,
                "cache_hits": self.cache_hits, "pairs_scored": self.pairs_scored}


def decision_key(model_version: str, kb_version: str, a: str, options: Sequence[Option]) -> str:
    """Pure: the Redis key of the model's logits for mention text ``a`` over ``options``."""
    ids = "|".join(o.kb_id or f"nil:{o.nil_reason}" for o in options)
    digest = hashlib.sha1(f"{a}\x1f{ids}".encode()).hexdigest()
    return f"mf:dec:{model_version}:{kb_version}:{digest}"


def length_order(pairs: Sequence[tuple[str, str]]) -> list[int]:
    """Pure: pair indices, shortest first (characters as a proxy for tokens)."""
    return sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))


class CrossEncoderLinker(LinkerDefaults):
    def __init__(self, index: AliasIndex, model_dir: Path, candidates: CandidateGenerator | None = None,
                 device: str = "cpu", threads: int = 0, max_batch: int = 64, rule_min_score: float | None = 0.9,
                 cache: Any = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.meta = json.loads((model_dir / "meta.json").read_text())
        self.index = index
        self.k = int(self.meta["k"])
        self.temperature = float(self.meta["temperature"])
        self.version = f"normalizer-student.{self.meta.get('version', self.meta['created_at'])}"
        self._candidates = candidates
        self._tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tok.enable_truncation(int(self.meta["max_length"]), strategy="longest_first")
        self._tok.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = session_options(threads)
        self._session = ort.InferenceSession(str(model_dir / "model.onnx"), opts, providers=choose_providers(device))
        self._max_batch = max_batch
        self._rule = AliasLinker(index) if rule_min_score is not None else None
        self.rule_min_score = rule_min_score
        self._cache = cache  # a SyncCache (index/cache.py) or None
        self._model_key = f"{self.version}:{hashlib.sha1((model_dir / 'model.onnx').read_bytes()).hexdigest()[:12]}"
        self.model_key = self._model_key  # names the exact model (version and file digest)
        self.stats = CascadeStats()
        log.info("normalizer_loaded", version=self.version, providers=self._session.get_providers(), k=self.k,
                 rule_min_score=rule_min_score, decision_cache=cache is not None)

    @property
    def kb_version(self) -> str:
        return self.index.kb_version

    def calibrated_routing(self, target: str, fallback: Routing) -> Routing | None:
        """Review thresholds calibrated on the validation split for ``target``: a review rate
        ("0.1": the share of mentions with candidates to review) or a precision of the kept
        decisions ("p0.95"); per type where the split had enough of that type (rates only);
        ``fallback``'s per-type thresholds (configured) override the calibrated ones; its other
        settings are kept. None: the model was not calibrated for ``target``."""
        th = self.meta.get("review_thresholds") or {}
        overall = (th.get("overall") or {}).get(target)
        if overall is None:
            return None
        calibrated = {t: float(v[target]) for t, v in (th.get("by_type") or {}).items() if target in v}
        per_type = tuple({**calibrated, **dict(fallback.per_type)}.items())  # configured types win
        return replace(fallback, threshold=float(overall), per_type=per_type, source=f"calibrated:{target}")

    def set_candidates(self, candidates: CandidateGenerator | None) -> None:
        self._candidates = candidates

    def swap_index(self, index: AliasIndex) -> None:
        self.index = index
        if self._rule is not None:
            self._rule.swap_index(index)

    def health(self) -> bool:
        return len(self.index) > 0 and bool(np.isfinite(self._score([("PER : [ Ada ]", "none of these ; NIL")])).all())

    def _rows(self, surface: str, text: str) -> list[int]:
        if self._candidates is None:
            ix = self.index
            return sorted(ix.lookup(surface), key=lambda r: (-float(ix.popularity[r]), ix.ids[r]))
        return [r for r, _ in self._candidates(surface, text)]

    def _options(self, rows: Sequence[int]) -> tuple[Option, ...]:
        ix = self.index
        return options_for([Option(ix.ids[r], None, ix.names[r], ix.types[r], ix.descriptions[r], float(ix.popularity[r]))
                            for r in rows if ix.ids[r]], self.k)

    def _score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        out = np.empty(len(pairs), dtype=np.float32)
        order = length_order(pairs)
        for b in range(0, len(order), self._max_batch):
            idx = order[b : b + self._max_batch]
            encs = self._tok.encode_batch([pairs[i] for i in idx])
            feed = {"input_ids": np.asarray([e.ids for e in encs], dtype=np.int64),
                    "attention_mask": np.asarray([e.attention_mask for e in encs], dtype=np.int64),
                    "token_type_ids": np.asarray([e.type_ids for e in encs], dtype=np.int64)}
            out[idx] = self._session.run(["logits"], feed)[0].reshape(-1)
        self.stats.pairs_scored += len(pairs)
        return out

    def _confident_by_rule(self, text: str, m: Mention) -> LinkDecision | None:
        """The baseline scorer's decision over the records that carry the mention's name, when it
        links with probability >= ``rule_min_score``; else None (the model decides)."""
        if self._rule is None or self.rule_min_score is None:
            return None
        rows = self.index.lookup(m.surface)
        if not rows:
            return None
        d = self._rule.decide_exact(text, m, rows)
        return d if d.kb_id is not None and d.score >= self.rule_min_score else None

    def option_logits(self, jobs: Sequence[tuple[str, tuple[Option, ...]]]) -> list[np.ndarray]:
        """Per job (mention in context, options): the model's logits, uncalibrated (divide by
        ``temperature``), from the decision cache where it has them (the combined normalizer's
        cross-encoder score, ``workers.normalization.combined``)."""
        return self._logits(jobs)

    def _logits(self, jobs: Sequence[tuple[str, tuple[Option, ...]]]) -> list[np.ndarray]:
        """Per job (mention text, options): the model's logits, from the cache where it has them."""
        keys = [decision_key(self._model_key, self.index.kb_version, a, opts) for a, opts in jobs]
        cached = self._cache.get_many(keys) if self._cache is not None and keys else [None] * len(jobs)
        out: list[np.ndarray | None] = [  # a cached entry of the wrong length is a miss
            a if v is not None and len(a := np.frombuffer(v, dtype=np.float32)) == len(opts) else None
            for v, (_, opts) in zip(cached, jobs, strict=True)]
        todo = [j for j, v in enumerate(out) if v is None]
        self.stats.cache_hits += len(jobs) - len(todo)
        pairs = [(jobs[j][0], option_text(o)) for j in todo for o in jobs[j][1]]
        logits = self._score(pairs) if pairs else np.empty(0, dtype=np.float32)
        fresh: dict[str, bytes] = {}
        pos = 0
        for j in todo:
            n = len(jobs[j][1])
            out[j] = logits[pos : pos + n].copy()
            pos += n
            fresh[keys[j]] = out[j].tobytes()  # type: ignore[union-attr]
        if self._cache is not None and fresh:
            self._cache.set_many(fresh)
        return [v for v in out if v is not None]

    def link(self, text: str, mentions: Sequence[Mention]) -> list[LinkDecision]:
        return self.link_many([(text, mentions)])[0]

    def link_many(self, docs: Sequence[tuple[str, Sequence[Mention]]]) -> list[list[LinkDecision]]:
        plans: list[list[LinkDecision | int | None]] = []  # per mention: a rule decision, a job index, or None
        jobs: list[tuple[str, tuple[Option, ...]]] = []
        for text, mentions in docs:
            plan: list[LinkDecision | int | None] = []
            for m in mentions:
                ruled = self._confident_by_rule(text, m)  # first: no retrieval for what the rule decides
                if ruled is not None:
                    self.stats.rule += 1
                    plan.append(ruled)
                    continue
                rows = self._rows(m.surface, text)
                if not rows:
                    self.stats.no_candidate += 1
                    plan.append(None)  # no candidate: short-form propagation or NIL not_in_kb
                    continue
                self.stats.model += 1
                plan.append(len(jobs))
                jobs.append((mention_text(text, m.start, m.end, m.type), self._options(rows)))
            plans.append(plan)
        logits = self._logits(jobs)
        out = []
        for (_text, mentions), plan in zip(docs, plans, strict=True):
            decisions: list[LinkDecision | None] = []
            for planned in plan:
                if planned is None or isinstance(planned, LinkDecision):
                    decisions.append(planned)
                    continue
                opts = jobs[planned][1]
                z = logits[planned].astype(np.float64) / self.temperature
                p = np.exp(z - z.max())
                p /= p.sum()
                decisions.append(self._decide(opts, p))
            out.append([d if d is not None else propagate_short_form(i, mentions, decisions)
                        for i, d in enumerate(decisions)])
        return out

    def _decide(self, opts: tuple[Option, ...], p: np.ndarray) -> LinkDecision:
        cands = tuple(Candidate(kb_id=o.kb_id, name=o.name, type=o.type, score=round(float(q), 4),
                                description=o.description[:300]) for o, q in zip(opts, p, strict=False) if o.kb_id)
        best = int(np.argmax(p))
        o = opts[best]
        if o.kb_id is not None:
            return LinkDecision(o.kb_id, o.name, None, round(float(p[best]), 4), cands)
        return LinkDecision(None, None, o.nil_reason, round(float(p[best]), 4), cands)
