"""The alias linker's parameters: its candidate ``FEATURES``, their weights (``LinkerWeights``), the
NIL calibration of its top candidate's probability (``Calibration``), and the ranker file that
holds both (``load_ranker``; ``training/ranker.py`` writes it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson

__all__ = ["FEATURES", "LinkerWeights", "Calibration", "weight_vector", "load_weights", "load_ranker"]


@dataclass(frozen=True, slots=True)
class LinkerWeights:
    prior: float = 2.0
    type_match: float = 1.5
    canonical: float = 0.7
    context: float = 2.5
    local: float = 1.5  # description words right next to the mention ("Paris, Texas")
    local_window: int = 40  # characters on each side
    alias_match: float = 1.5  # the mention is one of the record's names (retrieval candidates only)
    retrieval: float = 1.0  # fused retrieval score (retrieval candidates only)
    nil: float = 2.0  # score of the NIL option; a candidate must beat it to be linked
    sharpness: float = 3.0  # softmax inverse temperature: many weak namesakes must not drown a clear winner
    max_candidates: int = 20
    # what kind of record (priors from the data: countries > capitals > big cities > small places)
    country: float = 1.2
    capital: float = 0.6
    admin1: float = 0.3
    big_city: float = 0.6  # scaled by log population between 100K and 10M
    alt_name: float = 1.2  # penalty: the surface is only a foreign/historical alternate name of a small place
    # document level
    geo_country: float = 1.5  # the record lies in a country the story is about (share of its places)
    geo_region: float = 1.0  # ... in a first-level region the story is about
    compound: float = 3.0  # "Florence, Alabama": the record lies in the region named right after


#: The features a candidate is scored on, in order; ``LinkerWeights`` has a weight of each name.
FEATURES = ("prior", "type_match", "canonical", "context", "local", "country", "capital", "admin1", "big_city",
            "alt_name", "geo_country", "geo_region", "compound", "retrieval", "alias_match")


def weight_vector(w: LinkerWeights) -> np.ndarray:
    return np.asarray([getattr(w, f) for f in FEATURES], dtype=np.float64)


def load_weights(path: Path) -> LinkerWeights:
    """Weights from a ranker file (``training/ranker.py`` writes it): {"weights": {name: value}, ...}."""
    return load_ranker(path)[0]


@dataclass(frozen=True, slots=True)
class Calibration:
    """Isotonic map from the linker's raw probability of its top candidate (softmax over the
    candidates and the NIL option) to the probability that the top candidate is right, fitted on
    held-out training documents; a mention links when it reaches ``threshold``, else NIL."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    threshold: float = 0.5
    # the knots as arrays, made once: ``np.interp`` would convert the tuples on every call
    _xa: np.ndarray = field(init=False, repr=False, compare=False)
    _ya: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_xa", np.asarray(self.xs, dtype=np.float64))
        object.__setattr__(self, "_ya", np.asarray(self.ys, dtype=np.float64))

    def __call__(self, p: float) -> float:
        return float(np.interp(p, self._xa, self._ya))


def load_ranker(path: Path) -> tuple[LinkerWeights, Calibration | None]:
    """Weights and NIL calibration from a ranker file: {"weights": {name: value}, "calibration":
    {"xs": [...], "ys": [...], "threshold": t} | null, ...}."""
    obj = orjson.loads(path.read_bytes())
    w = LinkerWeights(**{k: float(v) for k, v in obj["weights"].items() if k in FEATURES or k == "nil"})  # type: ignore[arg-type]  # only float fields
    cal = obj.get("calibration")
    return w, (Calibration(tuple(cal["xs"]), tuple(cal["ys"]), float(cal.get("threshold", 0.5))) if cal else None)
