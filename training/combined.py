"""Training the combined normalizer (``workers.normalization.combined``) on teacher labels.

The examples are the learned ranker's own (``training.ranker.examples_for`` over the linker's
``document_features``, the teacher's label as the gold: its record, or NIL), cut to the linker's
``max_candidates``; examples whose teacher record is not among the linker's candidates teach
nothing and are skipped (counted). The cross-encoder, when given, scores each example's ranker
top-``ce_k`` plus the NIL options once; its logits are cached on disk by the key the serving cache
uses (``decision_key``), so reruns and configurations share them.

Fit: the conditional logit over (candidates, NIL) by Adam on the teacher's choice, starting from
the served ranker (weight 1 on its own margin, 0 elsewhere) with an L2 pull towards that start;
the cross-encoder's weights are held at 0 when it is not used. Calibration on the validation
split: a temperature (NLL over a grid), then the NIL threshold (a shift of the NIL option's logit
chosen on agreement with the teacher); the linker then links the top candidate when it beats NIL,
and its probability is the calibrated softmax. Pure numpy.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from training.ranker import examples_for, pad_candidates, shortlist
from workers.normalization.combined import (
    CANDIDATE_FEATURES,
    NIL_FEATURES,
    CeView,
    CombinedModel,
    OptionLogits,
    candidate_matrix,
    ce_rows,
    ce_view,
    nil_vector,
    options_of,
)
from workers.normalization.model import AliasLinker, Calibration
from workers.normalization.pairs import mention_text
from workers.normalization.student import decision_key

__all__ = ["Sample", "Padded", "teacher_gold", "eval_overlap", "samples_for", "pad", "fit_combined", "fit_temperature",
           "probabilities", "decisions", "calibrate", "agreement", "CE_COLUMNS", "LogitCache"]

CE_COLUMNS = (CANDIDATE_FEATURES.index("ce_logp"), CANDIDATE_FEATURES.index("ce_absent"))
CE_NIL_COLUMNS = (NIL_FEATURES.index("ce_nil_logp"), NIL_FEATURES.index("ce_off"))


@dataclass(frozen=True, slots=True)
class Sample:
    """One mention as the combined model sees it: candidate matrix, NIL vector, the teacher's choice
    (index of the candidate, -1 for NIL)."""

    doc_id: str
    cands: np.ndarray
    nil: np.ndarray
    label: int


def teacher_gold(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Dataset normalization rows -> gold rows of ``examples_for`` (teacher label as the one id)."""
    return [{"doc_id": r["doc_id"], "start": r["start"], "end": r["end"], "surface": r["surface"], "type": r["type"],
             "ids": [r["label"]] if r["label"] else []} for r in rows]


def eval_overlap(docs: Mapping[str, str], eval_ids: set[str], eval_grams: set[int],
                 shingle: Callable[[str], set[int]]) -> list[str]:
    """Pure: training documents that are an eval document (same id) or share a word n-gram with one."""
    return sorted(d for d, text in docs.items() if d in eval_ids or shingle(text) & eval_grams)


class LogitCache:
    """The cross-encoder's logits per (model, KB version, mention text, options), in a pickle file."""

    def __init__(self, path: Path, model_key: str, kb_version: str):
        self.path, self.model_key, self.kb_version = path, model_key, kb_version
        self.data: dict[str, np.ndarray] = pickle.loads(path.read_bytes()) if path.exists() else {}

    def wrap(self, ce: OptionLogits) -> OptionLogits:
        def cached(jobs: Sequence[tuple[str, tuple[Any, ...]]]) -> list[np.ndarray]:
            keys = [decision_key(self.model_key, self.kb_version, a, opts) for a, opts in jobs]
            todo = [j for j, k in enumerate(keys) if k not in self.data]
            for j, v in zip(todo, ce([jobs[j] for j in todo]) if todo else [], strict=True):
                self.data[keys[j]] = np.asarray(v, dtype=np.float32)
            return [self.data[k] for k in keys]
        return cached

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(self.data))
        tmp.replace(self.path)


def samples_for(linker: AliasLinker, docs: Mapping[str, str], gold: Sequence[Mapping[str, Any]],
                same_as: Mapping[str, Sequence[str]], ce: OptionLogits | None, ce_temperature: float, ce_k: int,
                chunk: int = 256) -> list[Sample]:
    """The combined model's samples for ``gold`` (teacher rows): one per mention with candidates whose
    teacher choice (record or NIL) is among the linker's options."""
    examples = shortlist(examples_for(linker, docs, gold, same_as), linker.w)
    by_doc: dict[str, list[Mapping[str, Any]]] = {}
    for g in gold:
        by_doc.setdefault(g["doc_id"], []).append(g)
    for rows in by_doc.values():
        rows.sort(key=lambda g: g["start"])
    views: list[CeView | None] = [None] * len(examples)
    if ce is not None:
        ix = linker.index
        for s in range(0, len(examples), chunk):
            part = list(enumerate(examples[s : s + chunk], s))
            tops = [ce_rows(list(e.rows), e.features, linker.w, ix.ids, ce_k) for _, e in part]
            jobs = []
            for (_, e), top in zip(part, tops, strict=True):
                g = by_doc[e.doc_id][e.position]
                jobs.append((mention_text(docs[e.doc_id], g["start"], g["end"], g["type"]), options_of(ix, top, ce_k)))
            for (i, _), top, logits in zip(part, tops, ce(jobs), strict=True):
                views[i] = ce_view(top, logits, ce_temperature)
    out = [Sample(e.doc_id, candidate_matrix(e.features, linker.w, list(e.rows), v),
                  nil_vector(by_doc[e.doc_id][e.position]["type"], len(e.rows), v), e.label)
           for e, v in zip(examples, views, strict=True)]
    return out


@dataclass(frozen=True, slots=True)
class Padded:
    """Samples padded to one array: cands (n, c, F), mask (n, c), nil (n, N), target (n,), NIL = c."""

    cands: np.ndarray
    mask: np.ndarray
    nil: np.ndarray
    target: np.ndarray


def pad(samples: Sequence[Sample]) -> Padded:
    x, mask, target = pad_candidates([s.cands for s in samples], [s.label for s in samples], len(CANDIDATE_FEATURES))
    return Padded(x, mask, np.stack([s.nil for s in samples]), target)


def probabilities(p: Padded, theta: np.ndarray, phi: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Softmax over (candidates, NIL): (n, c + 1), NIL last."""
    z = np.where(p.mask, (p.cands @ theta - (p.nil @ phi)[:, None]) / temperature, -np.inf)
    z = np.concatenate([z, np.zeros((len(z), 1))], axis=1)
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def initial() -> tuple[np.ndarray, np.ndarray]:
    """The served ranker: weight 1 on its own margin over NIL, nothing else."""
    theta = np.zeros(len(CANDIDATE_FEATURES))
    theta[CANDIDATE_FEATURES.index("linear")] = 1.0
    return theta, np.zeros(len(NIL_FEATURES))


def fit_combined(p: Padded, use_ce: bool, l2: float = 1e-3, steps: int = 800, lr: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """(candidate weights, NIL weights) maximising the teacher choice's likelihood (Adam, L2 towards
    ``initial``); the cross-encoder's weights stay 0 unless ``use_ce``."""
    theta0, phi0 = initial()
    free = np.ones(len(theta0) + len(phi0), dtype=bool)
    if not use_ce:
        free[list(CE_COLUMNS)] = False
        free[[len(theta0) + k for k in CE_NIL_COLUMNS]] = False
    start = np.concatenate([theta0, phi0])
    w = start.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    n, nt = len(p.target), len(theta0)
    for t in range(1, steps + 1):
        prob = probabilities(p, w[:nt], w[nt:])
        diff = prob.copy()
        diff[np.arange(n), p.target] -= 1.0
        g_theta = np.einsum("nc,ncf->f", diff[:, :-1], p.cands) / n
        g_phi = (p.nil * diff[:, -1:]).sum(axis=0) / n
        g = np.concatenate([g_theta, g_phi]) + 2 * l2 * (w - start)
        g[~free] = 0.0
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w[:nt], w[nt:]


def nll(p: Padded, theta: np.ndarray, phi: np.ndarray, temperature: float) -> float:
    prob = probabilities(p, theta, phi, temperature)
    return -float(np.log(prob[np.arange(len(prob)), p.target] + 1e-12).mean())


def fit_temperature(p: Padded, theta: np.ndarray, phi: np.ndarray) -> float:
    """The temperature of least NLL on ``p`` (a grid from 0.5 to 3)."""
    grid = np.round(np.arange(0.5, 3.01, 0.05), 2)
    return float(min(grid, key=lambda t: nll(p, theta, phi, float(t))))


def decisions(p: Padded, theta: np.ndarray, phi: np.ndarray, temperature: float,
              calibration: Calibration | None) -> np.ndarray:
    """Per sample the chosen index (NIL = the padded width), as the linker decides: the top
    candidate when its calibrated probability reaches the threshold (without calibration: when
    it beats NIL)."""
    prob = probabilities(p, theta, phi, temperature)
    top = prob[:, :-1].argmax(axis=1)
    ptop = prob[:, :-1].max(axis=1)
    if calibration is None:
        link = ptop >= prob[:, -1]
    else:
        link = np.asarray([calibration(float(v)) >= calibration.threshold for v in ptop])
    return np.where(link, top, p.cands.shape[1])


def calibrate(p: Padded, theta: np.ndarray, phi: np.ndarray,
              shifts: Sequence[float] = tuple(np.round(np.arange(-1.5, 1.51, 0.25), 2))) -> tuple[float, np.ndarray]:
    """On ``p`` (the validation split): the temperature of least NLL, then the NIL threshold — a
    shift of the NIL option's logit, from ``shifts``, that agrees most with the teacher (ties: the
    smallest shift). Returns (temperature, NIL weights with the shift in their bias)."""
    t = fit_temperature(p, theta, phi)
    bias = NIL_FEATURES.index("bias")

    def shifted(d: float) -> np.ndarray:
        out = phi.copy()
        out[bias] += d * t  # logits are divided by t
        return out

    best = max(shifts, key=lambda d: (float((decisions(p, theta, shifted(d), t, None) == p.target).mean()), -abs(d)))
    return t, shifted(float(best))


def agreement(p: Padded, chosen: np.ndarray) -> dict[str, float]:
    """Decision agreement with the teacher: overall, on its links, on its NILs."""
    right = chosen == p.target
    nil = p.target == p.cands.shape[1]
    return {"accuracy": round(float(right.mean()), 4),
            "on_teacher_links": round(float(right[~nil].mean()), 4) if (~nil).any() else float("nan"),
            "on_teacher_nil": round(float(right[nil].mean()), 4) if nil.any() else float("nan"),
            "n": int(len(right))}


def model_of(theta: np.ndarray, phi: np.ndarray, t: float, ce_key: str | None, ce_k: int, name: str,
             ranker: str) -> CombinedModel:
    return CombinedModel(theta, phi, t, None, ce_key is not None, ce_k, name, ranker, ce_key)


def digest(samples: Sequence[Sample]) -> str:
    h = hashlib.sha1()
    for s in samples:
        h.update(s.cands.tobytes() + s.nil.tobytes() + str(s.label).encode())
    return h.hexdigest()[:12]


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(x) for x in path.read_bytes().splitlines() if x.strip()]
