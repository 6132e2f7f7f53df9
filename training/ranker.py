"""The learned ranker: the linker's candidate weights fitted to gold links (conditional logit).

For every gold mention of the training documents (gold spans and types, so the ranker learns to
link, not to find spans), the linker's ``document_features`` give one feature row per eligible
candidate; the target is the candidate carrying a gold id, or the NIL option when the gold says
NIL (mentions whose gold record is not among the candidates teach nothing and are skipped). The
model is the linker's own decision rule, softmax over (candidates, NIL) of ``sharpness x score``
with score = weights . features and the NIL score a learned bias; it is fitted by gradient descent
on the log-likelihood with an L2 pull towards the hand weights (few examples: the hand weights are
the prior). Pure numpy; the trained weights are a small JSON file the linker loads.

Training data may be the real-news DEV half only (never a locked set): ``train_ranker`` refuses
a path of ``training.dataset.locked_sets``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from streams.schemas import Mention
from workers.normalization.model import FEATURES, AliasLinker, LinkerWeights, weight_vector

__all__ = ["Example", "examples_for", "fit", "cross_validate", "ranker_file"]


@dataclass(frozen=True, slots=True)
class Example:
    doc_id: str
    features: np.ndarray  # (candidates, FEATURES)
    label: int  # index of the gold candidate, -1 for NIL


def examples_for(linker: AliasLinker, docs: Mapping[str, str], gold: Sequence[Mapping[str, Any]],
                 same_as: Mapping[str, Sequence[str]]) -> list[Example]:
    by_doc: dict[str, list[Mapping[str, Any]]] = {}
    for g in gold:
        by_doc.setdefault(g["doc_id"], []).append(g)
    out: list[Example] = []
    for doc_id, rows in sorted(by_doc.items()):
        rows = sorted(rows, key=lambda g: g["start"])
        mentions = [Mention(start=g["start"], end=g["end"], surface=g["surface"], type=g["type"], score=1.0)
                    for g in rows]
        for g, (cands, feats) in zip(rows, linker.document_features(docs[doc_id], mentions), strict=True):
            if not cands:
                continue
            ids = {i for x in g["ids"] for i in (x, *same_as.get(x, ()))}
            if not ids:
                out.append(Example(doc_id, feats, -1))
                continue
            hits = [k for k, r in enumerate(cands) if linker.index.ids[r] in ids
                    or ids.intersection(linker.index.same_as[r])]
            if hits:
                out.append(Example(doc_id, feats, hits[0]))
    return out


def _nll_grad(theta: np.ndarray, examples: Sequence[Example], k: float) -> tuple[float, np.ndarray]:
    w, b = theta[:-1], theta[-1]
    loss, grad = 0.0, np.zeros_like(theta)
    for ex in examples:
        z = k * np.append(ex.features @ w, b)
        z -= z.max()
        p = np.exp(z) / np.exp(z).sum()
        target = ex.label if ex.label >= 0 else len(p) - 1
        loss -= float(np.log(p[target] + 1e-12))
        onehot = np.zeros_like(p)
        onehot[target] = 1.0
        diff = p - onehot  # d loss / d z
        grad[:-1] += k * ex.features.T @ diff[:-1]
        grad[-1] += k * diff[-1]
    return loss / len(examples), grad / len(examples)


def fit(examples: Sequence[Example], prior: LinkerWeights, l2: float = 0.05, steps: int = 600,
        lr: float = 0.05) -> LinkerWeights:
    """Weights (and NIL bias) maximising the gold's likelihood, pulled towards ``prior``."""
    theta0 = np.append(weight_vector(prior), prior.nil)
    theta = theta0.copy()
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    for t in range(1, steps + 1):  # Adam
        _, g = _nll_grad(theta, examples, prior.sharpness)
        g = g + 2 * l2 * (theta - theta0)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        theta -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    values = {f: round(float(x), 4) for f, x in zip(FEATURES, theta[:-1], strict=True)}
    return replace(prior, nil=round(float(theta[-1]), 4), **values)  # type: ignore[arg-type]  # only float fields


def accuracy(examples: Sequence[Example], w: LinkerWeights) -> float:
    """Share of examples where the decision (argmax over candidates and NIL) is the gold one."""
    vec = weight_vector(w)
    right = 0
    for ex in examples:
        s = ex.features @ vec
        pick = int(np.argmax(s)) if s.max() > w.nil else -1
        right += pick == ex.label
    return right / len(examples) if examples else 0.0


def cross_validate(examples: Sequence[Example], prior: LinkerWeights, folds: int = 5) -> dict[str, float]:
    """Decision accuracy of the hand weights and of fitted weights on held-out documents."""
    docs = sorted({e.doc_id for e in examples})
    hand = learned = 0.0
    n = 0
    for f in range(folds):
        held = set(docs[f::folds])
        train = [e for e in examples if e.doc_id not in held]
        test = [e for e in examples if e.doc_id in held]
        if not test or not train:
            continue
        w = fit(train, prior)
        hand += accuracy(test, prior) * len(test)
        learned += accuracy(test, w) * len(test)
        n += len(test)
    return {"examples": n, "hand": round(hand / n, 4), "learned": round(learned / n, 4)}


def ranker_file(w: LinkerWeights, examples: Sequence[Example], sources: Sequence[str], cv: Mapping[str, Any]) -> bytes:
    digest = hashlib.sha1(b"".join(e.features.tobytes() + str(e.label).encode() for e in examples)).hexdigest()[:12]
    return orjson.dumps({"weights": {**{f: getattr(w, f) for f in FEATURES}, "nil": w.nil},
                         "trained_on": list(sources), "examples": len(examples), "examples_sha1": digest,
                         "cross_validation": dict(cv)}, option=orjson.OPT_INDENT_2)


def train_ranker(linker: AliasLinker, docs_path: Path, gold_path: Path, same_as: Mapping[str, Sequence[str]],
                 locked: Sequence[Path], out: Path) -> dict[str, Any]:
    if gold_path.resolve() in {p.resolve() for p in locked} or docs_path.resolve() in {p.resolve() for p in locked}:
        raise ValueError(f"{gold_path} is a locked evaluation set: the ranker never trains on it")
    docs = {d["id"]: d["text"] for d in map(orjson.loads, docs_path.read_bytes().splitlines()) if d}
    gold = [orjson.loads(x) for x in gold_path.read_bytes().splitlines() if x.strip()]
    examples = examples_for(linker, docs, gold, same_as)
    cv = cross_validate(examples, linker.w)
    w = fit(examples, linker.w)
    out.write_bytes(ranker_file(w, examples, [str(docs_path), str(gold_path)], cv))
    return {"examples": len(examples), "cross_validation": cv, "weights": {f: getattr(w, f) for f in (*FEATURES, "nil")}}
