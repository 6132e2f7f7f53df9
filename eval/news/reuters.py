"""Write ``reuters_stories.jsonl``: the real Reuters newswire stories that Debian's ``r-cran-tm``
package ships (tm 0.7-11: ``texts/acq`` 50 and ``texts/crude`` 20 stories from Reuters-21578,
1987; ``texts/reuters-21578.xml`` 10 more, one of them also in ``acq``; ``texts/rcv1_2330.xml``,
one RCV1 story from 1996). Reuters-21578 is distributed freely for research; tm is GPL.

    apt-get download r-cran-tm && dpkg-deb -x r-cran-tm_*.deb /tmp/rtm
    python eval/news/reuters.py /tmp/rtm/usr/lib/R/site-library/tm/texts

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

HERE = Path(__file__).parent
OUT = HERE / "reuters_stories.jsonl"
SEED = 20261202


def clean_body(raw: str) -> str:
    """Body text of one story: entities unescaped, wraps joined, paragraphs on their own lines."""
    text = html.unescape(raw).replace("\r", "")
    text = re.sub(r"\s*\bReuter\s*$", "", text.rstrip(), flags=re.IGNORECASE)
    paragraphs = re.split(r"\n(?=\s{2,}\S)", text)
    joined = [" ".join(p.split()) for p in paragraphs]
    return "\n".join(p for p in joined if p)


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
    lines = []
    for doc_id in ids:
        doc = stories[doc_id]
        doc["meta"]["split"] = "test" if doc_id in test else "dev"
        if doc_id in previous and previous[doc_id] != doc["meta"]["split"]:
            raise SystemExit(f"{doc_id}: the split may not change")
        lines.append(orjson.dumps(doc) + b"\n")
    OUT.write_bytes(b"".join(lines))
    print(f"{len(lines)} documents ({len(test)} test), {sum(len(stories[i]['text']) for i in ids)} characters")


if __name__ == "__main__":
    main()
