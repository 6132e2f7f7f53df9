"""The combined normalizer: the ranker's features and the cross-encoder's score in one calibrated model.

The learned ranker (``AliasLinker`` with ``ranker.distant.v1.json``) scores each candidate by
weights . ``FEATURES`` (priors, record and alias kind, context, geographic coherence); the
cross-encoder student (``workers.normalization.student``) reads the mention in context against
each option's name and description. This model sees both: per candidate, the ranker's features,
the ranker's own margin over NIL, the prior's gap to the best candidate's, and the cross-encoder's
log-probability of that candidate; for the NIL option, a bias, the cross-encoder's NIL
log-probability, how many candidates there are and the mention's type. A conditional logit over
(candidates, NIL) — weights fitted on teacher labels (``training.combined``) — then a temperature
and an isotonic NIL calibration fitted on the validation split.

It is served as a ``Rescorer`` of ``AliasLinker`` (``AliasLinker(..., rescorer=CombinedRescorer)``,
the ``combined-ranker.v1`` linker of ``mentionflow.components``): the linker's candidates, its
features and its document-level rules (coherence pass, own names, coreference, one sense per
surface) are the same; only the per-mention decision comes from this model.

The decision is one call of a ``RowScorer`` per document over every mention's candidate rows:
``row_logits`` (numpy) by default, or the model's ONNX graph served by onnxruntime
(``workers.normalization.combined_onnx``), which is how a registered student directory serves it.

The cross-encoder is optional: a model trained without it (``uses_cross_encoder`` false) has no
weight on those features and is served without it; one trained with it refuses to load without.
The cross-encoder scores the ranker's ``ce_k`` best candidates and the two NIL options; a
candidate outside them is marked ``ce_absent``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson

from index.lookup import AliasIndex
from streams.schemas import Mention
from workers.normalization.model import FEATURES, Calibration, LinkerWeights, Ranked, weight_vector
from workers.normalization.pairs import NIL_OPTIONS, Option, mention_text, options_for

__all__ = ["CANDIDATE_FEATURES", "NIL_FEATURES", "CombinedModel", "CombinedRescorer", "OptionLogits", "CeView",
           "ce_view", "ce_rows", "candidate_matrix", "nil_vector", "load_combined", "combined_file", "ranker_sha1",
           "options_of", "RowScorer", "row_logits"]

CANDIDATE_FEATURES = (*FEATURES, "linear", "prior_gap", "ce_logp", "ce_absent")
NIL_FEATURES = ("bias", "ce_nil_logp", "ce_off", "log_candidates", "type_PER", "type_ORG", "type_LOC")

#: The cross-encoder: per job (mention in context, options) -> one logit per option.
OptionLogits = Callable[[Sequence[tuple[str, tuple[Option, ...]]]], list[np.ndarray]]


@dataclass(frozen=True, slots=True)
class CeView:
    """What the cross-encoder says about one mention: log-probability per scored row, and of NIL
    (both NIL options together)."""

    logp: dict[int, float]
    nil_logp: float


def ce_view(rows: Sequence[int], logits: np.ndarray, temperature: float) -> CeView:
    """Pure: the cross-encoder's logits over (``rows``' options, the NIL options) -> log-probabilities
    at its calibrated ``temperature``."""
    if len(logits) != len(rows) + len(NIL_OPTIONS):
        raise ValueError(f"{len(logits)} logits for {len(rows)} candidates and {len(NIL_OPTIONS)} NIL options")
    z = logits.astype(np.float64) / temperature
    lp = z - (z.max() + np.log(np.exp(z - z.max()).sum()))
    nil = lp[len(rows):]
    return CeView({r: float(v) for r, v in zip(rows, lp[: len(rows)], strict=True)},
                  float(nil.max() + np.log(np.exp(nil - nil.max()).sum())))


def ce_rows(rows: Sequence[int], feats: np.ndarray, w: LinkerWeights, ids: Sequence[str], k: int) -> list[int]:
    """Pure: the rows the cross-encoder scores — the ranker's ``k`` best (ties by KB id, as the
    linker ranks)."""
    scores = feats @ weight_vector(w)
    order = sorted(range(len(rows)), key=lambda i: (-float(scores[i]), ids[rows[i]]))
    return [rows[i] for i in order[:k]]


def candidate_matrix(feats: np.ndarray, w: LinkerWeights, rows: Sequence[int], ce: CeView | None) -> np.ndarray:
    """Pure: one row of ``CANDIDATE_FEATURES`` per candidate: the ranker's features, its margin over
    NIL in logit units (sharpness x (score - nil)), the prior's gap to the best prior among the
    candidates, the cross-encoder's log-probability (0 and ``ce_absent`` = 1 where it did not
    score the candidate)."""
    n = len(rows)
    linear = w.sharpness * (feats @ weight_vector(w) - w.nil)
    prior = feats[:, FEATURES.index("prior")]
    gap = prior - prior.max() if n else prior
    logp = np.asarray([ce.logp.get(r, 0.0) if ce is not None else 0.0 for r in rows])
    absent = np.asarray([0.0 if ce is not None and r in ce.logp else 1.0 for r in rows])
    return np.column_stack([feats, linear, gap, logp, absent]) if n else np.zeros((0, len(CANDIDATE_FEATURES)))


def nil_vector(mention_type: str, n_candidates: int, ce: CeView | None) -> np.ndarray:
    """Pure: the NIL option's ``NIL_FEATURES``."""
    return np.asarray([1.0, ce.nil_logp if ce is not None else 0.0, 0.0 if ce is not None else 1.0,
                       float(np.log1p(n_candidates)), float(mention_type == "PER"), float(mention_type == "ORG"),
                       float(mention_type == "LOC")])


@dataclass(frozen=True, slots=True)
class CombinedModel:
    """Weights of the conditional logit, its temperature and NIL calibration."""

    candidate_weights: np.ndarray  # (len(CANDIDATE_FEATURES),)
    nil_weights: np.ndarray  # (len(NIL_FEATURES),)
    temperature: float = 1.0
    calibration: Calibration | None = None
    uses_cross_encoder: bool = False
    ce_k: int = 4
    name: str = "combined"
    ranker_sha1: str = ""  # the ranker file whose weights make the "linear" feature (``ranker_sha1``)
    cross_encoder: str | None = None  # the cross-encoder's model key (version and file digest)

    def logits(self, cands: np.ndarray, nil: np.ndarray) -> np.ndarray:
        """Each candidate's logit against the NIL option, at the calibrated temperature."""
        return (cands @ self.candidate_weights - float(nil @ self.nil_weights)) / self.temperature


#: Scores candidate rows: (rows x ``CANDIDATE_FEATURES``, rows x ``NIL_FEATURES``) -> one logit
#: per row. ``row_logits`` is the numpy reference; ``combined_onnx.OrtLogits`` serves the same
#: model's ONNX graph.
RowScorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


def row_logits(model: CombinedModel, cands: np.ndarray, nil: np.ndarray) -> np.ndarray:
    """Pure: ``CombinedModel.logits`` over the rows of several mentions at once, ``nil`` holding
    each row's mention's NIL vector."""
    return (cands @ model.candidate_weights - nil @ model.nil_weights) / model.temperature


def combined_file(model: CombinedModel, info: dict[str, object]) -> bytes:
    cal = model.calibration
    return orjson.dumps({
        "candidate_weights": dict(zip(CANDIDATE_FEATURES, map(float, model.candidate_weights), strict=True)),
        "nil_weights": dict(zip(NIL_FEATURES, map(float, model.nil_weights), strict=True)),
        "temperature": model.temperature, "uses_cross_encoder": model.uses_cross_encoder, "ce_k": model.ce_k,
        "ranker_sha1": model.ranker_sha1, "cross_encoder": model.cross_encoder,
        "calibration": None if cal is None else {"xs": list(cal.xs), "ys": list(cal.ys), "threshold": cal.threshold},
        **info}, option=orjson.OPT_INDENT_2)


def load_combined(path: Path) -> CombinedModel:
    """A model file written by ``combined_file``; a feature it lacks is an error, not a zero."""
    obj = orjson.loads(path.read_bytes())
    cw, nw = obj["candidate_weights"], obj["nil_weights"]
    missing = [f for f in CANDIDATE_FEATURES if f not in cw] + [f for f in NIL_FEATURES if f not in nw]
    if missing:
        raise ValueError(f"{path}: no weight for {', '.join(missing)}")
    cal = obj.get("calibration")
    return CombinedModel(np.asarray([float(cw[f]) for f in CANDIDATE_FEATURES]),
                         np.asarray([float(nw[f]) for f in NIL_FEATURES]), float(obj["temperature"]),
                         Calibration(tuple(cal["xs"]), tuple(cal["ys"]), float(cal["threshold"])) if cal else None,
                         bool(obj["uses_cross_encoder"]), int(obj["ce_k"]), path.stem, str(obj["ranker_sha1"]),
                         obj.get("cross_encoder"))


def ranker_sha1(path: Path | None) -> str:
    """Names the ranker a combined model was fitted on: the digest of its file ("hand" without one)."""
    return hashlib.sha1(path.read_bytes()).hexdigest()[:12] if path is not None else "hand"


def options_of(index: AliasIndex, rows: Sequence[int], k: int) -> tuple[Option, ...]:
    """The cross-encoder's options for ``rows`` (KB candidates, then the NIL options)."""
    return options_for([Option(index.ids[r], None, index.names[r], index.types[r], index.descriptions[r],
                               float(index.popularity[r])) for r in rows], k)


class CombinedRescorer:
    """The combined model as a ``Rescorer`` of ``AliasLinker`` (see the module docstring)."""

    def __init__(self, model: CombinedModel, weights: LinkerWeights, index: Callable[[], AliasIndex],
                 cross_encoder: OptionLogits | None = None, ce_temperature: float = 1.0, ce_version: str = "",
                 scorer: RowScorer | None = None):
        if model.uses_cross_encoder and cross_encoder is None:
            raise ValueError(f"combined model {model.name} was trained with the cross-encoder's score: serve it with one")
        self.model = model
        self.w = weights
        self._index = index  # the linker's live index (KB swaps)
        self._ce = cross_encoder if model.uses_cross_encoder else None
        self._ce_t = ce_temperature
        self.version = model.name + (f"+{ce_version}" if self._ce is not None and ce_version else "")
        self._score: RowScorer = scorer if scorer is not None else (lambda c, n: row_logits(model, c, n))

    @property
    def calibration(self) -> Calibration | None:
        return self.model.calibration

    def rescore(self, text: str, mentions: Sequence[Mention], scored: Sequence[tuple[list[int], np.ndarray]],
                ranked: Sequence[Ranked]) -> list[Ranked]:
        ix = self._index()
        views: list[CeView | None] = [None] * len(mentions)
        if self._ce is not None:
            todo = [(i, ce_rows(rows, feats, self.w, ix.ids, self.model.ce_k)) for i, (rows, feats) in enumerate(scored)
                    if rows]
            jobs = [(mention_text(text, mentions[i].start, mentions[i].end, mentions[i].type),
                     options_of(ix, top, self.model.ce_k)) for i, top in todo]
            for (i, top), logits in zip(todo, self._ce(jobs) if jobs else [], strict=True):
                views[i] = ce_view(top, logits, self._ce_t)
        # every mention's candidate rows in one scoring call (one ONNX run per document)
        blocks = [(candidate_matrix(feats, self.w, rows, view), nil_vector(m.type, len(rows), view))
                  for m, (rows, feats), view in zip(mentions, scored, views, strict=True) if rows]
        z = (self._score(np.vstack([c for c, _ in blocks]), np.vstack([np.tile(n, (len(c), 1)) for c, n in blocks]))
             if blocks else np.zeros(0))
        out: list[Ranked] = []
        at = 0
        for rows, _ in scored:
            zs, at = z[at:at + len(rows)], at + len(rows)
            out.append(sorted(((float(s), r) for s, r in zip(zs, rows, strict=True)), key=lambda t: (-t[0], ix.ids[t[1]])))
        return out
