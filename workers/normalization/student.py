"""The normalizer student served with ONNX Runtime: a cross-encoder over (mention in context,
option) for each mention's top-k candidates plus two NIL options; a softmax at the calibrated
temperature gives the decision and its probability. Same ``Linker`` interface as the baseline.

Candidates come from a generator (exact alias lookup by default, the hybrid retriever with
``MENTIONFLOW_CANDIDATES=hybrid``). A mention with no candidate at all is not scored: an
in-document longer form is reused as the baseline does ("Obama" after "Barack Obama"), else it
is NIL ``not_in_kb`` (the baseline's rule, score 0.6). ``link_many`` scores the pairs of many documents in shared batches.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import structlog

from index.embedder import choose_providers
from index.lookup import AliasIndex
from streams.schemas import Candidate, Mention
from workers.normalization.model import CandidateGenerator, LinkDecision, propagate_short_form
from workers.normalization.pairs import Option, mention_text, option_text, options_for
from workers.normalization.transform import Routing

__all__ = ["CrossEncoderLinker"]

log = structlog.get_logger("mentionflow.normalizer")


class CrossEncoderLinker:
    def __init__(self, index: AliasIndex, model_dir: Path, candidates: CandidateGenerator | None = None,
                 device: str = "cpu", threads: int = 0, max_batch: int = 64):
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
        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(model_dir / "model.onnx"), opts, providers=choose_providers(device))
        self._max_batch = max_batch
        log.info("normalizer_loaded", version=self.version, providers=self._session.get_providers(), k=self.k)

    @property
    def kb_version(self) -> str:
        return self.index.kb_version

    def routing(self, target_rate: float, fallback: float) -> Routing:
        """Review thresholds calibrated on the validation split for ``target_rate`` (the share of
        scored mentions to review), per type where the split had enough of that type."""
        th = self.meta.get("review_thresholds") or {}
        key = f"{target_rate:g}"
        overall = (th.get("overall") or {}).get(key)
        if overall is None:
            log.warning("no_calibrated_threshold", target_rate=target_rate, fallback=fallback)
            return Routing(threshold=fallback)
        per_type = tuple((t, v[key]) for t, v in (th.get("by_type") or {}).items() if key in v)
        return Routing(threshold=float(overall), per_type=per_type)

    def set_candidates(self, candidates: CandidateGenerator | None) -> None:
        self._candidates = candidates

    def swap_index(self, index: AliasIndex) -> None:
        self.index = index

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
        for b in range(0, len(pairs), self._max_batch):
            encs = self._tok.encode_batch(list(pairs[b : b + self._max_batch]))
            feed = {"input_ids": np.asarray([e.ids for e in encs], dtype=np.int64),
                    "attention_mask": np.asarray([e.attention_mask for e in encs], dtype=np.int64),
                    "token_type_ids": np.asarray([e.type_ids for e in encs], dtype=np.int64)}
            out[b : b + len(encs)] = self._session.run(["logits"], feed)[0].reshape(-1)
        return out

    def link(self, text: str, mentions: Sequence[Mention]) -> list[LinkDecision]:
        return self.link_many([(text, mentions)])[0]

    def link_many(self, docs: Sequence[tuple[str, Sequence[Mention]]]) -> list[list[LinkDecision]]:
        plans: list[list[tuple[Option, ...] | None]] = []
        pairs: list[tuple[str, str]] = []
        for text, mentions in docs:
            plan: list[tuple[Option, ...] | None] = []
            for m in mentions:
                rows = self._rows(m.surface, text)
                if not rows:
                    plan.append(None)  # no candidate: short-form propagation or NIL not_in_kb
                    continue
                opts = self._options(rows)
                a = mention_text(text, m.start, m.end, m.type)
                pairs += [(a, option_text(o)) for o in opts]
                plan.append(opts)
            plans.append(plan)
        logits = self._score(pairs) if pairs else np.empty(0, dtype=np.float32)
        out, pos = [], 0
        for (_text, mentions), plan in zip(docs, plans, strict=True):
            decisions: list[LinkDecision | None] = []
            for planned in plan:
                if planned is None:
                    decisions.append(None)
                    continue
                opts = planned
                z = logits[pos : pos + len(opts)].astype(np.float64) / self.temperature
                pos += len(opts)
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
