"""The extractor student served through ONNX Runtime (no torch at serving time).

A MiniLM token classifier (BIO over PER/ORG/LOC/MISC) with a per-token *case feature*: the base
model is uncased, so each token also carries a case id computed from the ORIGINAL text through
the tokenizer's offsets (``case_ids_for``); the graph takes ``input_ids``, ``attention_mask`` and
``case_ids`` and returns ``logits``. Trained and exported by ``training/extractor.py``.

Long texts are never truncated: the tokens of a text are cut into overlapping windows
(``windows``), every window goes through the model (windows of many texts batched together), and
each token takes its prediction from the window where it is farthest from an edge
(``merge_windows``). BIO tags become character spans in ``decode_mentions``, shared with training
so that validation F1 is measured exactly as the server decodes.

The pure pieces here (case ids, windows, merge, decoding) are the single definition used by both
sides; this module imports numpy, tokenizers and onnxruntime only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import structlog

from streams.schemas import Mention
from workers.extraction.model import _trim

__all__ = [
    "LABELS", "CASE_VOCAB", "MAX_LENGTH", "STRIDE", "case_ids_for", "windows", "window_owners",
    "merge_windows", "windowed_probs", "token_spans", "decode_mentions", "plain_tokenizer", "OnnxExtractor",
]

log = structlog.get_logger("mentionflow.extractor")

#: BIO label set, index = class id (``meta.json`` carries the same list).
LABELS: tuple[str, ...] = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
#: Case ids (index = id): special/pad, lower, Initial-cap, ALL-CAPS (len > 1), digits/mixed, other.
CASE_VOCAB: tuple[str, ...] = ("special", "lower", "initial", "allcaps", "digit_mixed", "other")
#: Window length in tokens including [CLS] and [SEP], and the overlap between windows in tokens.
MAX_LENGTH = 128
STRIDE = 32

_DOTTED = re.compile(r"(?:[A-Z]\.)+[A-Z]")
_LETTERS = re.compile(r"[A-Za-z](?:\.[A-Za-z])*\.?")  # "U", "S.", "U.S": pieces of a dotted abbreviation
_LEAD_STRIP = " \t\r\n\"'([{“‘«-–—"


def _case_id(piece: str) -> int:
    if not piece:
        return 0
    if any(c.isdigit() for c in piece):
        return 4
    letters = [c for c in piece if c.isalpha()]
    cased = [c for c in letters if c.isupper() or c.islower()]
    if not cased:
        return 5  # punctuation, symbols, uncased scripts
    if all(c.islower() for c in cased):
        return 1
    if len(cased) > 1 and all(c.isupper() for c in cased):
        return 3
    if cased[0].isupper() and all(c.islower() for c in cased[1:]):
        return 2
    return 4  # mixed case: "McDonald", "iPhone"


def case_ids_for(text: str, offsets: Sequence[tuple[int, int]]) -> list[int]:
    """Pure: one case id per token from the original text; empty offsets (specials, pad) -> 0."""
    return [_case_id(text[s:e]) if e > s else 0 for s, e in offsets]


def windows(n_tokens: int, max_len: int = MAX_LENGTH, stride: int = STRIDE) -> list[tuple[int, int]]:
    """Pure: ``[start, end)`` token ranges covering ``range(n_tokens)``, each at most ``max_len - 2``
    tokens (room for [CLS]/[SEP]), consecutive ones overlapping by at least ``stride`` tokens.
    The last window ends at ``n_tokens`` and is full length when the text allows it."""
    size = max_len - 2
    if size <= stride or stride < 0:
        raise ValueError(f"need max_len - 2 > stride >= 0, got max_len={max_len} stride={stride}")
    if n_tokens <= 0:
        return []
    if n_tokens <= size:
        return [(0, n_tokens)]
    out = []
    start = 0
    while start + size < n_tokens:
        out.append((start, start + size))
        start += size - stride
    out.append((n_tokens - size, n_tokens))
    return out


def window_owners(n_tokens: int, wins: Sequence[tuple[int, int]]) -> list[int]:
    """Pure: for each token, the index of the window where it is farthest from a window edge
    (ties -> the earlier window). Raises if some token is in no window."""
    best = [-1] * n_tokens
    depth = [-1] * n_tokens
    for w, (s, e) in enumerate(wins):
        for i in range(s, min(e, n_tokens)):
            d = min(i - s, e - 1 - i)
            if d > depth[i]:
                best[i], depth[i] = w, d
    if any(b < 0 for b in best):
        raise ValueError("windows do not cover every token")
    return best


def merge_windows(n_tokens: int, wins: Sequence[tuple[int, int]], win_rows: Sequence[np.ndarray]) -> np.ndarray:
    """Pure: per-window token rows (``[e - s, n_labels]``, content tokens only) -> ``[n_tokens,
    n_labels]``, each token's row taken from its ``window_owners`` window."""
    owners = window_owners(n_tokens, wins)
    n_labels = win_rows[0].shape[1] if len(win_rows) else len(LABELS)
    out = np.zeros((n_tokens, n_labels), dtype=np.float32)
    for i, w in enumerate(owners):
        out[i] = win_rows[w][i - wins[w][0]]
    return out


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _LEAD_STRIP:
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _trim(text, start, end)


def _glued(text: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    """Two adjacent tokens are pieces of one word ("cu" + "##rie", "202" + "##4")."""
    return (left[1] == right[0] and left[1] > left[0] and right[1] > right[0]
            and text[left[1] - 1].isalnum() and text[right[0]].isalnum())


def token_spans(probs: np.ndarray, labels: Sequence[str] = LABELS,
                breaks: frozenset[int] = frozenset()) -> list[tuple[int, int, str, float]]:
    """Pure: per-token label probabilities -> (first token, last token, type, score) spans. Boundaries are read apart from types: each token is O, B (any type's B
    summed) or I (any type's I summed), whichever is likeliest; I continues the open span, B or an
    I with none open starts one, and so does an I at a token of ``breaks`` (one after a line
    break: no name runs across lines). A span's type is the one with the most B and I mass over its
    tokens, so "United" B-ORG + "Nations" I-MISC is one name, not two. Its score is the mean over
    its tokens of that type's B and I probability."""
    lab = list(labels)
    outside = probs[:, lab.index("O")]
    types = sorted({t.split("-", 1)[1] for t in lab if t != "O"})
    b_cols = [lab.index(f"B-{t}") for t in types]
    i_cols = [lab.index(f"I-{t}") for t in types]
    begin, inside = probs[:, b_cols].sum(axis=1), probs[:, i_cols].sum(axis=1)
    mass = probs[:, b_cols] + probs[:, i_cols]  # tokens x types
    tags = np.stack([outside, begin, inside], axis=1).argmax(axis=1).tolist()
    bounds: list[list[int]] = []
    open_span = False
    for i, tag in enumerate(tags):
        if tag == 0:
            open_span = False
        elif tag == 2 and open_span and i not in breaks:
            bounds[-1][1] = i
        else:
            bounds.append([i, i])
            open_span = True
    out = []
    for t0, t1 in bounds:
        k = int(mass[t0 : t1 + 1].sum(axis=0).argmax())
        out.append((t0, t1, types[k], float(np.clip(mass[t0 : t1 + 1, k].mean(), 0.0, 1.0))))
    return out


def decode_mentions(text: str, offsets: Sequence[tuple[int, int]], probs: np.ndarray,
                    labels: Sequence[str] = LABELS) -> list[Mention]:
    """Pure: per-token label probabilities -> non-overlapping mentions in text order.

    Token spans, their types and scores come from ``token_spans``. A span that starts where the
    previous one ends ("U" + ".S.", "al" + "-Islam"), or two spans of single dotted letters with one
    full stop between them ("U" + "S."), are one (the first one's type, the token-weighted mean
    score; not "Paris.London"). Character span = first token start .. last token end, widened to
    whole words when it starts or ends on a word piece, then leading quotes / brackets, a leading
    "the " and trailing punctuation / possessive are trimmed. A span overlapping the previous one
    is dropped.
    """
    if len(offsets) == 0:
        return []
    breaks = frozenset(i for i in range(1, len(offsets)) if "\n" in text[offsets[i - 1][1] : offsets[i][0]])
    spans = token_spans(probs, labels, breaks)
    joined: list[tuple[int, int, str, float]] = []  # "U" + ".S.", "FT" + "-SE": pieces of one name
    for t0, t1, etype, score in spans:
        gap = text[offsets[joined[-1][1]][1] : offsets[t0][0]] if joined else " "
        if gap == "" or (gap == "." and _LETTERS.fullmatch(text, offsets[joined[-1][0]][0], offsets[joined[-1][1]][1])
                         and _LETTERS.fullmatch(text, offsets[t0][0], offsets[t1][1])):
            p0, p1, ptype, pscore = joined[-1]
            n0, n1 = p1 - p0 + 1, t1 - t0 + 1
            joined[-1] = (p0, t1, ptype, (pscore * n0 + score * n1) / (n0 + n1))
        else:
            joined.append((t0, t1, etype, score))
    out: list[Mention] = []
    last_end = -1
    for t0, t1, etype, score in joined:
        w0, w1 = t0, t1  # widen to whole words: a span never starts or ends inside a word
        while w0 > 0 and _glued(text, offsets[w0 - 1], offsets[w0]):
            w0 -= 1
        while w1 + 1 < len(offsets) and _glued(text, offsets[w1], offsets[w1 + 1]):
            w1 += 1
        start, end = _clean(text, offsets[w0][0], offsets[w1][1])
        if text[end : end + 1] == "." and _DOTTED.fullmatch(text, start, end):  # "U.S" + "." is "U.S."
            end += 1
        if end <= start or start < last_end or not text[start:end].strip():
            continue
        out.append(Mention(start=start, end=end, surface=text[start:end], type=etype, score=score))  # type: ignore[arg-type]
        last_end = end
    return out


def plain_tokenizer(path: Path) -> Any:
    """The fast tokenizer from ``tokenizer.json`` with its baked-in truncation and padding turned
    off (MiniLM's file pads and truncates to 128: that would silently cut long texts)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


def _softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def windowed_probs(run: Callable[[dict[str, np.ndarray]], np.ndarray], token_ids: Sequence[Sequence[int]],
                   cases: Sequence[Sequence[int]], wins: Sequence[Sequence[tuple[int, int]]], batch_size: int,
                   cls_id: int, sep_id: int) -> list[np.ndarray]:
    """Run every window of every text through ``run`` (feeds ``input_ids``, ``attention_mask``,
    ``case_ids`` -> logits ``[batch, seq, n_labels]``), ``batch_size`` windows at a time, shortest
    first; returns per text the merged ``[n_tokens, n_labels]`` softmax probabilities. Shared by the
    server (ONNX) and training (torch), so both see exactly the same windows and padding."""
    jobs = [(t, w, s, e) for t, ws in enumerate(wins) for w, (s, e) in enumerate(ws)]
    jobs.sort(key=lambda j: j[3] - j[2])
    rows: dict[tuple[int, int], np.ndarray] = {}
    for b in range(0, len(jobs), max(1, batch_size)):
        batch = jobs[b : b + max(1, batch_size)]
        width = max(e - s for _, _, s, e in batch) + 2
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        case = np.zeros_like(ids)
        for k, (t, _, s, e) in enumerate(batch):
            n = e - s
            ids[k, 0], ids[k, 1 : n + 1], ids[k, n + 1] = cls_id, token_ids[t][s:e], sep_id
            mask[k, : n + 2] = 1
            case[k, 1 : n + 1] = cases[t][s:e]
        probs = _softmax(np.asarray(run({"input_ids": ids, "attention_mask": mask, "case_ids": case}), dtype=np.float32))
        for k, (t, w, s, e) in enumerate(batch):
            rows[(t, w)] = probs[k, 1 : e - s + 1]
    return [merge_windows(len(token_ids[t]), ws, [rows[(t, w)] for w in range(len(ws))])
            for t, ws in enumerate(wins)]


class OnnxExtractor:
    """``Extractor`` backed by the int8 ONNX student in ``model_dir`` (model.onnx, tokenizer
    files, meta.json). Windows of all texts in one call are batched together, ``batch_size``
    windows per session run, shortest first so that batches pad little."""

    def __init__(self, model_dir: Path, device: str = "cpu", threads: int = 0, batch_size: int = 32):
        import onnxruntime as ort

        from index.embedder import choose_providers, session_options

        model_dir = Path(model_dir)
        meta = json.loads((model_dir / "meta.json").read_text())
        if meta.get("kind") != "extractor":
            raise ValueError(f"{model_dir} is not an extractor artifact (kind={meta.get('kind')!r})")
        if tuple(meta["case_vocab"]) != CASE_VOCAB:
            raise ValueError(f"case vocabulary of {model_dir} differs from this code's: {meta['case_vocab']}")
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.max_length = int(meta["max_length"])
        self.stride = int(meta["stride"])
        self._tok = plain_tokenizer(model_dir / "tokenizer.json")
        self._cls = int(self._tok.token_to_id("[CLS]"))
        self._sep = int(self._tok.token_to_id("[SEP]"))
        opts = session_options(threads)
        self._session = ort.InferenceSession(str(model_dir / "model.onnx"), opts, providers=choose_providers(device))
        self.providers = tuple(self._session.get_providers())
        self._batch_size = max(1, batch_size)
        self.version: str = meta.get("version") or f"extractor-student.{meta['created_at']}"
        log.info("extractor_loaded", version=self.version, providers=list(self.providers), model_dir=str(model_dir))

    def token_probs(self, texts: Sequence[str]) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Per text: the token offsets and the merged ``[n_tokens, n_labels]`` probabilities."""
        encs = self._tok.encode_batch(list(texts), add_special_tokens=False)
        offsets = [[(int(s), int(e)) for s, e in enc.offsets] for enc in encs]
        cases = [case_ids_for(t, off) for t, off in zip(texts, offsets, strict=True)]
        wins = [windows(len(enc.ids), self.max_length, self.stride) for enc in encs]
        cls, sep = self._cls, self._sep
        merged = windowed_probs(self._run, [enc.ids for enc in encs], cases, wins, self._batch_size, cls, sep)
        return list(zip(offsets, merged, strict=True))

    def _run(self, feeds: dict[str, np.ndarray]) -> np.ndarray:
        return np.asarray(self._session.run(["logits"], feeds)[0])

    def extract(self, texts: Sequence[str]) -> list[list[Mention]]:
        return [decode_mentions(text, off, probs, self.labels)
                for text, (off, probs) in zip(texts, self.token_probs(texts), strict=True)]

    def health(self) -> bool:
        try:
            (off, probs), = self.token_probs(["Angela Merkel visited Paris."])
            return bool(len(off) > 0 and np.isfinite(probs).all() and np.allclose(probs.sum(axis=1), 1.0, atol=1e-3))
        except Exception as exc:  # a broken session must read as unhealthy, not crash the probe
            log.error("extractor_unhealthy", error=repr(exc))
            return False
