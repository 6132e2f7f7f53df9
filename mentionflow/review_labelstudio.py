"""Label Studio exchange (pure): waiting items -> Label Studio JSON tasks, and completed annotations
-> (item id, choice, annotator) decisions for the review server."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from mentionflow.review_items import item_json
from workers.review.queue import HumanItem

__all__ = ["LABELSTUDIO_LEASE_S", "LabelStudioTask", "labelstudio_tasks", "decisions_from_labelstudio"]

LABELSTUDIO_LEASE_S = 8 * 3600  # an exported batch stays the exporter's for a working day


def labelstudio_tasks(items: list[HumanItem]) -> list[dict[str, Any]]:
    """Label Studio JSON tasks (text + the span as a prediction + the candidate choices)."""
    tasks = []
    for h in items:
        j = item_json(h)
        choice = h.teacher.kb_id or f"NIL:{h.teacher.nil_reason or 'not_in_kb'}"
        tasks.append({"data": {"text": h.text, "item_id": h.id, "candidates": j["candidates"]},
                      "predictions": [{"model_version": "mentionflow-teacher", "score": h.teacher.confidence, "result": [
                          {"id": "span", "from_name": "label", "to_name": "text", "type": "labels",
                           "value": {"start": h.item.start, "end": h.item.end, "text": h.item.surface,
                                     "labels": [h.item.type]}},
                          {"id": "entity", "from_name": "entity", "to_name": "text", "type": "choices",
                           "value": {"choices": [choice]}}]}]})
    return tasks


class LabelStudioResult(BaseModel):
    type: str
    value: dict[str, Any] = {}


class LabelStudioAnnotation(BaseModel):
    completed_by: Any = None
    result: list[LabelStudioResult] = []


class LabelStudioTask(BaseModel):
    data: dict[str, Any]
    annotations: list[LabelStudioAnnotation] = []


def decisions_from_labelstudio(tasks: list[LabelStudioTask]) -> list[tuple[str, str, str]]:
    """(item id, choice, annotator) for every completed Label Studio choice annotation."""
    out = []
    for t in tasks:
        iid = str(t.data.get("item_id", ""))
        for ann in t.annotations:
            for r in ann.result:
                choices = r.value.get("choices")
                if r.type == "choices" and isinstance(choices, list) and choices:
                    out.append((iid, str(choices[0]).removeprefix("NIL:"), str(ann.completed_by or "labelstudio")))
    return out
