"""The learned ranker: the linker's candidate weights fitted as a conditional logit, NIL calibrated.

For every labelled mention (gold spans and types, so the ranker learns to link, not to find
spans), the linker's ``document_features`` give one feature row per eligible candidate; the
target is the candidate carrying the label's id, or the NIL option when the label says NIL
(mentions whose record is not among the candidates teach nothing and are skipped). The model is
the linker's own decision rule, softmax over (its ``max_candidates`` best candidates, NIL) of
``sharpness x score`` with score = weights . features and the NIL score a learned bias, fitted by
Adam on the log-likelihood with an L2 pull towards the INITIAL PRIOR (the hand weights the linker
shipped with). NIL is then calibrated: an isotonic map from the raw probability of the top
candidate to the rate at which it is right, fitted on held-out documents (``Calibration``); the
linker links when that probability reaches 0.5. Pure numpy; the result is a small JSON file.

Training data: distant supervision (``training.distant``; ``train_distant_ranker``), which no
eval set touches, or the real-news DEV half (``train_ranker``); both refuse a path of
``training.dataset.locked_sets``.
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
from training.corpus import split_of
from training.distant import DistantDoc, gold_rows
from workers.normalization.model import (
    FEATURES,
    AliasLinker,
    Calibration,
    LinkerWeights,
    weight_vector,
)

__all__ = ["Example", "examples_for", "pad_candidates", "fit", "cross_validate", "ranker_file", "shortlist", "isotonic", "top_probability",
           "decisions_right", "train_distant_ranker"]


@dataclass(frozen=True, slots=True)
class Example:
    doc_id: str
    features: np.ndarray  # (candidates, FEATURES)
    label: int  # index of the gold candidate, -1 for NIL
    rows: tuple[int, ...] = ()  # the candidates' KB rows, in the order of ``features``
    position: int = -1  # the mention's place among its document's labelled mentions (by start)


def examples_for(linker: AliasLinker, docs: Mapping[str, str], gold: Sequence[Mapping[str, Any]],
                 same_as: Mapping[str, Sequence[str]],
                 holdouts: Mapping[str, frozenset[str]] | None = None) -> list[Example]:
    """``holdouts``: per document, KB ids treated as absent (NIL examples). A gold row with
    ``"example": false`` is part of the document (its geography counts) but no example."""
    by_doc: dict[str, list[Mapping[str, Any]]] = {}
    for g in gold:
        by_doc.setdefault(g["doc_id"], []).append(g)
    row_of = {kb_id: r for r, kb_id in enumerate(linker.index.ids)} if holdouts else {}
    out: list[Example] = []
    for doc_id, rows in sorted(by_doc.items()):
        rows = sorted(rows, key=lambda g: g["start"])
        mentions = [Mention(start=g["start"], end=g["end"], surface=g["surface"], type=g["type"], score=1.0)
                    for g in rows]
        gone = frozenset(row_of[i] for i in (holdouts or {}).get(doc_id, ()) if i in row_of)
        scored = linker.document_features(docs[doc_id], mentions, gone)
        for pos, (g, (cands, feats)) in enumerate(zip(rows, scored, strict=True)):
            if not cands or not g.get("example", True):
                continue
            ids = {i for x in g["ids"] for i in (x, *same_as.get(x, ()))}
            if not ids:
                out.append(Example(doc_id, feats, -1, tuple(cands), pos))
                continue
            hits = [k for k, r in enumerate(cands) if linker.index.ids[r] in ids
                    or ids.intersection(linker.index.same_as[r])]
            if hits:
                out.append(Example(doc_id, feats, hits[0], tuple(cands), pos))
    return out


def shortlist(examples: Sequence[Example], w: LinkerWeights) -> list[Example]:
    """Each example's candidates cut to the ``w.max_candidates`` best under ``w`` (the linker's own
    softmax sees no more), the gold one kept; examples whose gold falls out become NIL-free skips."""
    vec = weight_vector(w)
    out = []
    for e in examples:
        if len(e.features) <= w.max_candidates:
            out.append(e)
            continue
        order = [int(i) for i in np.argsort(-(e.features @ vec), kind="stable")[: w.max_candidates]]
        if e.label >= 0 and e.label not in order:
            continue
        out.append(Example(e.doc_id, e.features[order], order.index(e.label) if e.label >= 0 else -1,
                           tuple(e.rows[i] for i in order) if e.rows else (), e.position))
    return out


@dataclass(frozen=True, slots=True)
class Batch:
    """Examples padded to one array: features (n, c, f), mask (n, c), target (n,) with c = NIL."""

    x: np.ndarray
    mask: np.ndarray
    target: np.ndarray


def pad_candidates(matrices: Sequence[np.ndarray], labels: Sequence[int],
                   width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-mention candidate matrices padded to one array: x (n, c, width), mask (n, c) and
    target (n,), where a label < 0 (NIL) becomes c, the NIL option's index."""
    c = max(len(m) for m in matrices)
    x = np.zeros((len(matrices), c, width))
    mask = np.zeros((len(matrices), c), dtype=bool)
    for i, m in enumerate(matrices):
        x[i, : len(m)] = m
        mask[i, : len(m)] = True
    return x, mask, np.asarray([label if label >= 0 else c for label in labels])


def batch_of(examples: Sequence[Example]) -> Batch:
    return Batch(*pad_candidates([e.features for e in examples], [e.label for e in examples], len(FEATURES)))


def probabilities(b: Batch, w: np.ndarray, nil: float, k: float) -> np.ndarray:
    """Softmax over (candidates, NIL) of ``k x score`` per example: (n, c + 1), NIL last."""
    z = np.concatenate([np.where(b.mask, k * (b.x @ w), -np.inf), np.full((len(b.x), 1), k * nil)], axis=1)
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _nll_grad(theta: np.ndarray, b: Batch, k: float) -> tuple[float, np.ndarray]:
    p = probabilities(b, theta[:-1], theta[-1], k)
    n = len(p)
    loss = -float(np.log(p[np.arange(n), b.target] + 1e-12).mean())
    diff = p.copy()
    diff[np.arange(n), b.target] -= 1.0  # d loss / d z
    grad = np.append(k * np.einsum("nc,ncf->f", diff[:, :-1], b.x), k * diff[:, -1].sum()) / n
    return loss, grad


def fit(examples: Sequence[Example], prior: LinkerWeights, l2: float = 0.05, steps: int = 600,
        lr: float = 0.05) -> LinkerWeights:
    """Weights (and NIL bias) maximising the gold's likelihood, pulled towards ``prior`` (the
    initial prior: the hand weights the linker shipped with before it was fitted)."""
    b = batch_of(examples)
    theta0 = np.append(weight_vector(prior), prior.nil)
    theta = theta0.copy()
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    for t in range(1, steps + 1):  # Adam
        _, g = _nll_grad(theta, b, prior.sharpness)
        g = g + 2 * l2 * (theta - theta0)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        theta -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    values = {f: round(float(x), 4) for f, x in zip(FEATURES, theta[:-1], strict=True)}
    return replace(prior, nil=round(float(theta[-1]), 4), **values)  # type: ignore[arg-type]  # only float fields


def top_probability(examples: Sequence[Example], w: LinkerWeights) -> tuple[np.ndarray, np.ndarray]:
    """(raw probability of the top candidate, whether the top candidate is the gold) per example:
    the pairs NIL calibration is fitted on."""
    b = batch_of(examples)
    p = probabilities(b, weight_vector(w), w.nil, w.sharpness)[:, :-1]
    top = p.argmax(axis=1)
    return p.max(axis=1), (top == b.target)


def isotonic(x: np.ndarray, y: np.ndarray, bins: int = 40) -> Calibration:
    """Pool-adjacent-violators fit of P(y | x), non-decreasing, returned as at most ``bins`` knots."""
    order = np.argsort(x, kind="stable")
    xs, ys = x[order].astype(float), y[order].astype(float)
    blocks: list[list[float]] = []  # [sum y, count, sum x]
    for xi, yi in zip(xs, ys, strict=True):
        blocks.append([yi, 1.0, xi])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            a = blocks.pop()
            blocks[-1] = [blocks[-1][0] + a[0], blocks[-1][1] + a[1], blocks[-1][2] + a[2]]
    kx = np.asarray([b[2] / b[1] for b in blocks])
    ky = np.asarray([b[0] / b[1] for b in blocks])
    if len(kx) > bins:
        pick = np.unique(np.linspace(0, len(kx) - 1, bins).round().astype(int))
        kx, ky = kx[pick], ky[pick]
    return Calibration(tuple(round(float(v), 5) for v in kx), tuple(round(float(v), 5) for v in ky))


def decisions_right(examples: Sequence[Example], w: LinkerWeights, cal: Calibration | None) -> np.ndarray:
    """Per example: is the linker's decision (top candidate, or NIL) the gold one?"""
    b = batch_of(examples)
    p = probabilities(b, weight_vector(w), w.nil, w.sharpness)
    top = p[:, :-1].argmax(axis=1)
    ptop = p[:, :-1].max(axis=1)
    link = ptop >= p[:, -1] if cal is None else np.asarray([cal(float(v)) >= cal.threshold for v in ptop])
    pick = np.where(link, top, b.x.shape[1])
    return pick == b.target


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


def ranker_file(w: LinkerWeights, examples: Sequence[Example], sources: Sequence[str], cv: Mapping[str, Any],
                calibration: Calibration | None = None, extra: Mapping[str, Any] | None = None) -> bytes:
    digest = hashlib.sha1(b"".join(e.features.tobytes() + str(e.label).encode() for e in examples)).hexdigest()[:12]
    cal = None if calibration is None else {"xs": list(calibration.xs), "ys": list(calibration.ys),
                                            "threshold": calibration.threshold}
    return orjson.dumps({"weights": {**{f: getattr(w, f) for f in FEATURES}, "nil": w.nil}, "calibration": cal,
                         "trained_on": list(sources), "examples": len(examples), "examples_sha1": digest,
                         "cross_validation": dict(cv), **(extra or {})}, option=orjson.OPT_INDENT_2)


def train_distant_ranker(linker: AliasLinker, distant: Sequence[DistantDoc], distant_info: Mapping[str, Any],
                         dev: tuple[Path, Path], same_as: Mapping[str, Sequence[str]], locked: Sequence[Path],
                         out: Path, dev_multiplier: int = 0) -> dict[str, Any]:
    """Fit the ranker on distant supervision (``training.distant``), the hand weights its initial
    prior; calibrate NIL (isotonic) on the distant documents outside the train split. The dev
    half is measured (decision accuracy, hand vs learned), and trained on only when
    ``dev_multiplier`` > 0 (its examples repeated that many times)."""
    if {p.resolve() for p in dev} & {p.resolve() for p in locked}:
        raise ValueError(f"{dev} is a locked evaluation set: the ranker never trains or tunes on it")
    texts = {d.id: d.text for d in distant}
    holdouts = {d.id: d.holdout for d in distant}

    def part(train: bool) -> list[Example]:
        ds = [d for d in distant if (split_of(d.id) == "train") == train]
        return shortlist(examples_for(linker, texts, gold_rows(ds), same_as, holdouts), linker.w)

    train, held = part(True), part(False)
    dev_docs = {d["id"]: d["text"] for d in map(orjson.loads, dev[0].read_bytes().splitlines()) if d}
    dev_gold = [orjson.loads(x) for x in dev[1].read_bytes().splitlines() if x.strip()]
    dev_ex = examples_for(linker, dev_docs, dev_gold, same_as)
    w = fit(list(train) + list(dev_ex) * dev_multiplier, linker.w)
    cal = isotonic(*top_probability(held, w))
    measured = {"distant_heldout_accuracy": {"hand_prior": round(float(decisions_right(held, linker.w, None).mean()), 4),
                                             "learned": round(float(decisions_right(held, w, cal).mean()), 4)},
                "dev_accuracy" + ("_trained_on" if dev_multiplier else "_not_trained_on"): {
                    "hand_prior": round(float(decisions_right(dev_ex, linker.w, None).mean()), 4),
                    "learned": round(float(decisions_right(dev_ex, w, cal).mean()), 4)}}
    sources = ["training.distant (wiki prose, GeoNames stories, held-out NIL)"] + ([str(p) for p in dev] if dev_multiplier else [])
    extra = {"initial_prior": "hand weights (LinkerWeights defaults)", "distant": dict(distant_info),
             "dev_multiplier": dev_multiplier, "calibration_examples": len(held)}
    out.write_bytes(ranker_file(w, train, sources, measured, cal, extra))
    return {"examples": len(train), "calibration_examples": len(held), **measured}


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
