"""Synthetic social-style posts built from real KB records, ambiguous names by design (posts.v1).

What: ``generate_posts(records, n, seed)`` writes short English posts (40-280 chars) in a social
feed's style (@handles, hashtags, emojis, tbh/ngl, all-lower-case posts) mentioning 1-3 KB
entities: places (geonames cities, countries, subdivisions, wiki places), airports (icao, at
times by IATA code), listed companies (isin/ticker, at times as a $cashtag), people and named
works/things (wiki PER, MISC, ORG). Why: unlabeled text for distillation - a teacher LLM labels
it; ``mentions`` (the generator's intent) is metadata for sanity checks and for measuring the
teacher, never a training label, and ``to_input_document`` carries none (opaque template id).

Distributions (as designed; what a generated set actually holds is measured by the post
generator's tests and `train data`'s manifest, not written here):
- ~70% of posts mention an *ambiguous* name: a Latin-script, capitalised surface of >= 3
  chars, not a code, that belongs to >= 2 distinct entities (``same_as`` clusters count once;
  cities and airports by their name only, other records by name and aliases): Paris (France /
  Texas), Georgia (country / US state), Jordan (country / Michael Jordan), Ball (company /
  Lucille Ball). The intended namesake: by popularity 60%, uniformly among the non-top
  namesakes 40%. Names spanning record kinds are drawn 4x more often.
- 45% of ambiguous mentions get context from the intended record's description: "Paris,
  Texas", "Georgia (the country)", "Milwaukee-based A. O. Smith", "American basketball player
  Michael Jordan"; the others are "needs context" cases. Other mentions: 20%.
- 15% of posts have a NIL mention, ``kb_id=None``: a person from embedded first/last name
  lists or a made-up local business ("Rosewood Bakery"); no record's name or alias (casefold,
  with or without a "(...)" qualifier, excluded records included) equals it.
- 1/2/3 mentions; hashtag entity (#Paris, span without '#') 10% of context-free
  one-word mentions; one-character typo 5% of KB mentions of >= 5 chars;
  lower-case posts 20%; 56 templates, uniform among those that fit the post's plan.

Records whose id or ``same_as`` ids are in ``exclude_ids`` are never used, nor any record in the
same ``same_as`` cluster. Deterministic for the same records (in order), n, seed and exclusions.

Cannot: write real social language (it is templates); list every entity in a post - context and
template words ("Texas", "Stanley Kubrick") may name entities missing from ``mentions``, so they
measure the teacher's recall, not its precision; promise NIL names are absent from the world
(only from the KB) or that a typo does not hit another record's name; fix the KB's types.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from index.records import KBRecord

__all__ = ["GENERATOR_VERSION", "IntendedMention", "SyntheticPost", "ambiguous_surfaces",
           "generate_posts", "to_input_document"]

GENERATOR_VERSION = "posts.v1"
SOURCE = "synthetic-social"

P_AMBIGUOUS, P_NIL, P_CONTEXT, P_HASHTAG, P_TYPO, P_LOWER = 0.72, 0.15, 0.45, 0.10, 0.05, 0.20


@dataclass(frozen=True, slots=True)
class IntendedMention:
    """What the generator meant: ``text[start:end] == surface``; ``kb_id`` None for NIL."""

    start: int
    end: int
    surface: str
    type: str
    kb_id: str | None


@dataclass(frozen=True, slots=True)
class SyntheticPost:
    """id: ``post-`` + sha1(text)[:12]; template: opaque template id (``t07``)."""

    id: str
    text: str
    mentions: tuple[IntendedMention, ...]
    template: str


# Uppercase slots are entities: P place, A airport, C listed company, H person (KB or NIL),
# T named work/thing, V made-up local business (always NIL). Lowercase: h handle, e emoji,
# g non-entity hashtag, a abbreviation.
TEMPLATES = tuple(t.strip() for t in """
just landed in {P} {e} {g} | {P} you were amazing tonight {e}
anyone know a good coffee spot in {P}? asking for a friend {e}
moving to {P} next month, any tips?? {g} | traffic in {P} is unreal today {a} {e}
road trip from {P} to {P} this weekend {e} {g} | {h} are you still in {P}? we should meet up
weather in {P} rn: {e}{e}{e} | can't believe how cheap rent is in {P} compared to {P} {a}
Flights to {P} just dropped to $89 {e} {g} | Grew up in {P}, live in {P} now. still miss home {e}
sunset over {P} tonight was something else {e} {g} | stuck at {A} for 3 hours, delayed again {e}
{A} has the worst wifi of any airport I've been to {a} | landing at {A} in 20 min, {h} pick me up?
{C} shares up 6% premarket, wild {e} {g} | just sold all my {C} stock {a} {e}
{C} earnings call was a mess lol {g} | anyone else think {C} is overvalued? {h}
{C} vs {C}: which one are you buying this dip? {e} | got an interview at {C} on Monday!! {e}{e}
customer service at {C} is a joke. 45 min on hold {e} | {H} quotes hit different at 2am {e} {g}
{H} is the GOAT and I will not be taking questions {e} | reading a biography of {H} and wow {e}
{h} did you know {H} was born in {P}? | unpopular opinion: {H} is overrated {a}
my grandpa swears he met {H} once {e} | {T} thread {e} {g} | hot take: {T} is better than {T} {e}
finally got around to {T} and {a} it lives up to the hype {e} | watching a documentary about {T} {e}
can someone explain {T} to me like I'm five {e} | best croissant in {P} is at {V}, fight me {e}
{V} just opened on the corner, {h} we have to go {e} | shoutout to {V} for the free refill {e} {g}
{V} closed early again?? {a} {e} | met {H} at the {P} meetup, great chat {e}
congrats to {H} on the new job at {C} {e} {g} | {H} and {H} at {V} last night {e}
{C} is opening a new office in {P} {g} | {H} spotted in {P} today?? {e}
{C} is moving its HQ out of {P} {a} | flew into {A} then drove to {P} for the {T} exhibit {e}
{P} vs {P} tonight, who you got? {g} | my {P} trip in 3 pics {e} {g}
{h} {h} have you seen what {C} did in {P}?? {e} | Breaking: {C} to acquire stake in {C} {g}
Breaking: {H} to visit {P} next week {g} | petition to rename {P} after {H} {e}
live from {P}! {T} was incredible {e}{e} {g} | {H} on {T}: never again {e} {a}
{C}, {C} and {C} all red today {e} {g} | itinerary: {P} -> {P} -> {P} {e}
{H} in {P} for the {T} premiere?? {e} | {h} {C} just bought a warehouse in {P} near {A} {a}
""".replace("\n", "|").split("|") if t.strip())
_SLOT_POOLS = {"P": (("city", 0.5), ("country", 0.2), ("region", 0.15), ("landmark", 0.15)),
               "A": (("airport", 1.0),), "C": (("company", 1.0),), "H": (("person", 1.0),),
               "T": (("thing", 1.0),)}
_POOL_KIND = {pool: kind for kind, pools in _SLOT_POOLS.items() for pool, _ in pools}
_EMOJI = tuple("😂 🔥 😭 🙌 ✈️ ☕ 💯 🤔 😍 👀 🙏 📈 📉 🎉 😤 ☀️ 🍕".split())
_TAGS = tuple("#travel #tbt #mondaymotivation #stocks #foodie #nofilter #weekendvibes #wanderlust "
              "#news #bookclub #investing #history".split())
_ABBR = tuple("tbh ngl imo lol smh idk fr lmao rn btw irl afaik".split())
_HANDLE = ("jess mike the_real_dan coffee_addict sarah k8 travelbug dev_guy nina mo".split(),
           ("", "_", "."), "92 x 2001 official ok irl _".split())
_FIRST = tuple("Maria James Aisha Tom Priya Lucas Sofia Daniel Mei Omar Hannah Diego Chloe Ravi "
               "Emma Kwame Lena Marco Nadia Ben Yuki Carlos Grace Ivan Zoe Samir Olivia Felix Ana "
               "Jamal".split())
_LAST = tuple("Kowalski Okafor Lindqvist Haddad Brennan Moreau Tanaka Novak Osei Fischer Castillo "
              "Petrov Nakamura Gallagher Mensah Kaur Rossi Dubois Yilmaz Whitfield Abernathy "
              "Hargreaves Ferreira Lindgren".split())
_BIZ_PREFIX = tuple("Rosewood|Blue Door|Maple Street|Golden Spoon|Little Fox|Red Kettle|Silver "
                    "Fern|Sunny Side|Copper Pot|Old Mill|Night Owl|Wildflower".split("|"))
_BIZ_NOUN = tuple("Bakery|Cafe|Coffee|Diner|Books|Barbershop|Pizzeria|Taproom|Yoga|Bike Shop|Deli|"
                  "Noodle Bar".split("|"))
_PAREN = re.compile(r"\s*\([^)]*\)")
_CODE = re.compile(r"[A-Z0-9.&\-]{1,6}")
_IATA = re.compile(r"[A-Z]{3}")
_TICKER = re.compile(r"[A-Z]{1,5}")
_PLACE_IN = re.compile(r"\b(?:in|of) (?:the )?(?:(?:north|south|east|west|centr)[a-z]* )?"
                       r"([A-Z][^,.;()]*?)\s*(?:,|\.|\(|$| and )")
_HQ = re.compile(r"headquartered in ([^.]+)")
_PLACE_WORDS = re.compile(
    r"\b(city|capital|country|region|province|state|mountain|river|park|island|desert|lake|sea|"
    r"ocean|commune|county|peninsula|district)\b", re.I)
_NAMED_WORDS = re.compile(  # a work or named thing's head noun, early in its short description
    r"\b(film|novel|novella|album|song|single|book|opera|musical|painting|poem|play|series|sitcom|"
    r"video game|franchise|journal|newspaper|magazine|treaty|conference|war|battle|festival|"
    r"championship|tournament|university|operating system|company|conglomerate|organi[sz]ation|"
    r"party|band|agency|league|empire|dynasty)s?(?: by | in | of the |$)", re.I)
_MINOR = frozenset("of the and de in on for a an du la von van".split())


def _usable(s: str) -> bool:
    """A surface fit for a post: Latin script, 3-40 chars, capitalised, not a code."""
    if not 3 <= len(s) <= 40 or not (s[0].isupper() or s[0].isdigit()) or _CODE.fullmatch(s):
        return False
    return s.isascii() or all(unicodedata.name(c, "").startswith("LATIN") for c in s if c.isalpha())


def _short(description: str) -> str:
    return _PAREN.sub("", description).split(". ")[0].strip()


def _pool_of(r: KBRecord) -> str | None:
    ns = r.id.partition(":")[0]
    fixed = {"icao": "airport", "isin": "company", "ticker": "company", "iso3166": "country",
             "iso3166-2": "region", "geonames": "city"}
    if ns in fixed:
        return fixed[ns]
    short, name = _short(r.description), _PAREN.sub("", r.name)
    titled = " " in name and all(w[0].isupper() for w in name.split() if w not in _MINOR)
    if r.type == "PER":
        return "person"
    if r.type == "LOC":
        return "landmark" if _PLACE_WORDS.search(short) and _PLACE_IN.search(short) else None
    named = _NAMED_WORDS.search(" ".join(short.split()[:6]))
    return "thing" if r.type in ("ORG", "MISC") and (named or titled) else None


def _surfaces(r: KBRecord, pool: str | None) -> tuple[str, ...]:
    """Usable names for posts: the name without "(...)", and aliases except for cities/airports."""
    forms = (r.name,) if pool in ("city", "airport") else (r.name, *r.aliases)
    out: dict[str, None] = {}
    for s in forms:
        s = _PAREN.sub("", s).strip()
        if _usable(s):
            out.setdefault(s)
    return tuple(out)


def _clusters(records: Sequence[KBRecord]) -> dict[str, str]:
    """Union-find over ``same_as``: id (of a record or named in one's same_as) -> cluster root."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in records:
        for other in (r.id, *r.same_as):
            parent[find(other)] = find(r.id)
    return {x: find(x) for x in list(parent)}


def _ambiguous(records: Sequence[KBRecord], root: dict[str, str]) -> dict[str, list[KBRecord]]:
    """Casefolded surface -> its records, for surfaces of >= 2 distinct entities."""
    by_surface: dict[str, list[KBRecord]] = {}
    for r in records:
        for s in _surfaces(r, _pool_of(r)):
            by_surface.setdefault(s.casefold(), []).append(r)
    return {k: rs for k, rs in by_surface.items() if len({root[r.id] for r in rs}) > 1}


def ambiguous_surfaces(records: Sequence[KBRecord]) -> frozenset[str]:
    """Casefolded surfaces shared by >= 2 distinct entities (the generator's definition)."""
    return frozenset(_ambiguous(records, _clusters(records)))


def _pop(r: KBRecord) -> float:
    return 0.3 if r.popularity is None else r.popularity


@dataclass(frozen=True)
class _Kb:
    pools: dict[str, tuple[list[KBRecord], list[float]]]
    amb: dict[str, tuple[list[str], list[float]]]  # slot kind -> ambiguous keys usable for it
    namesakes: dict[str, list[KBRecord]]           # ambiguous key -> allowed records
    names: frozenset[str]                          # every name and alias, casefolded


def _prepare(records: Sequence[KBRecord], exclude_ids: frozenset[str]) -> _Kb:
    root = _clusters(records)
    banned = {root.get(x, x) for x in exclude_ids}
    allowed = [r for r in records
               if root[r.id] not in banned and _pool_of(r) and _surfaces(r, _pool_of(r))]
    pools: dict[str, list[KBRecord]] = {}
    for r in allowed:
        pools.setdefault(_pool_of(r) or "", []).append(r)
    amb = _ambiguous(records, root)
    ok_ids = {r.id for r in allowed}
    namesakes = {k: [r for r in rs if r.id in ok_ids] for k, rs in amb.items()}
    by_kind: dict[str, dict[str, float]] = {}
    for k, rs in namesakes.items():
        cross = 4.0 if len({_pool_of(r) for r in amb[k]}) > 1 else 1.0
        for r in rs:
            w = by_kind.setdefault(_POOL_KIND[_pool_of(r) or ""], {})
            w[k] = max(w.get(k, 0.0), cross * (0.02 + _pop(r) ** 3))
    names = frozenset(f.casefold() for r in records for s in (r.name, *r.aliases)
                      for f in (s, _PAREN.sub("", s).strip()))
    cum = {p: (rs, list(accumulate(0.02 + _pop(r) ** 3 for r in rs))) for p, rs in pools.items()}
    return _Kb(cum,
               {kind: (list(w), list(accumulate(w.values()))) for kind, w in by_kind.items()},
               namesakes, names)


def _context(r: KBRecord, pool: str, surface: str) -> tuple[str, str] | None:
    """(prefix, suffix) around the surface, from the record's description; None when it has none."""
    short = _short(r.description)
    if pool == "country":
        return "", " (the country)"
    if pool == "company":
        hq = _HQ.search(r.description)
        parts = hq.group(1).split(", ") if hq else []
        city = next((p for p in parts if not any(c.isdigit() for c in p)), "")
        if city and len(city.split()) <= 2:
            return f"{city}-based ", ""
        sector = re.search(r"\(([^,)]+)", r.description)
        return ("", f" ({sector.group(1).lower()})") if sector else None
    if pool in ("city", "region", "landmark", "airport"):
        m = _PLACE_IN.search(short)
        place = m.group(1) if m else ""
        return ("", f", {place}") if place and place.casefold() != surface.casefold() else None
    phrase = re.split(r"[,;:]| (?:from|since|who|which|that|born|and) ", short)[0].strip()
    if not phrase or len(phrase.split()) > 7 or surface.casefold() in phrase.casefold():
        return None
    return (f"{phrase} ", "") if len(phrase) < 30 and phrase[0].isupper() else ("", f" ({phrase})")


def _typo(s: str, rng: random.Random) -> str:
    idx = [i for i in range(1, len(s) - 1) if s[i].isalpha()]
    if not idx:
        return s
    i, op = rng.choice(idx), rng.randrange(3)
    if op == 0 and s[i + 1].isalpha() and s[i + 1] != s[i]:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + s[i + 1:] if op == 1 else s[:i] + s[i] + s[i:]


def _nil(kind: str, kb: _Kb, rng: random.Random) -> str | None:
    """A made-up person (H) or local business absent from the KB; None after 20 tries."""
    for _ in range(20):
        first = rng.choice(_FIRST if kind == "H" else _BIZ_PREFIX + tuple(f"{x}'s" for x in _LAST))
        s = f"{first} {rng.choice(_LAST if kind == 'H' else _BIZ_NOUN)}"
        if s.casefold() not in kb.names:
            return s
    return None


_Segment = tuple[str, tuple[str, str | None] | None]  # text, and (type, kb_id) when a mention


def _pick(
    kb: _Kb, kind: str, ambiguous: bool, used: set[str], rng: random.Random
) -> tuple[KBRecord, str] | None:
    """A record for a slot and the surface to write (ambiguous: from the namesake index)."""
    if ambiguous:
        if kind not in kb.amb:
            return None
        key = rng.choices(kb.amb[kind][0], cum_weights=kb.amb[kind][1])[0]
        cands = [r for r in kb.namesakes[key] if _POOL_KIND[_pool_of(r) or ""] == kind]
        cands = [r for r in cands if r.id not in used]
        top = max(kb.namesakes[key], key=_pop)
        others = [r for r in cands if r is not top]
        if not cands:
            return None
        if others and rng.random() < 0.4:
            r = rng.choice(others)
        else:
            r = rng.choices(cands, [_pop(c) + 0.01 for c in cands])[0]
        return r, next(s for s in _surfaces(r, _pool_of(r)) if s.casefold() == key)
    pool = rng.choices([p for p, _ in _SLOT_POOLS[kind]], [w for _, w in _SLOT_POOLS[kind]])[0]
    if pool not in kb.pools:
        return None
    for _ in range(8):
        r = rng.choices(kb.pools[pool][0], cum_weights=kb.pools[pool][1])[0]
        forms = [s for s in _surfaces(r, pool) if s.casefold() not in kb.namesakes]
        if forms and r.id not in used:
            return r, forms[0] if rng.random() < 0.7 else rng.choice(forms)
    return None


def _slot(
    kb: _Kb, kind: str, plan: str, used: set[str], rng: random.Random
) -> list[_Segment] | None:
    """The segments of one entity slot: plan is "nil", "amb" (ambiguous name) or "norm"."""
    if plan == "nil":
        s = _nil(kind, kb, rng)
        return None if s is None else [(s, ("PER" if kind == "H" else "ORG", None))]
    picked = _pick(kb, kind, plan == "amb", used, rng)
    if picked is None:
        return None
    r, surface = picked
    used.add(r.id)
    pool = _pool_of(r) or ""
    codes = [a for a in r.aliases if (_IATA if pool == "airport" else _TICKER).fullmatch(a)]
    if plan == "norm" and pool in ("airport", "company") and codes and rng.random() < 0.2:
        return [("" if pool == "airport" else "$", None), (codes[0], (r.type, r.id))]
    p_ctx = P_CONTEXT if plan == "amb" else 0.2
    ctx = _context(r, pool, surface) if rng.random() < p_ctx else None
    if ctx is None and surface.isalnum() and rng.random() < P_HASHTAG:
        return [("#", None), (surface, (r.type, r.id))]
    if len(surface) >= 5 and rng.random() < P_TYPO:
        surface = _typo(surface, rng)
    pre, post = ctx or ("", "")
    return [(pre, None), (surface, (r.type, r.id)), (post, None)]


def _make_post(kb: _Kb, rng: random.Random, want_amb: bool, want_nil: bool) -> SyntheticPost | None:
    ok = [i for i, t in enumerate(TEMPLATES)
          if ("{V}" in t) <= want_nil and (not want_nil or "{H}" in t or "{V}" in t)
          and (not want_amb or any(f"{{{k}}}" in t for k in kb.amb))]
    if not ok:
        return None
    t_id = rng.choice(ok)
    parts = re.split(r"(\{[A-Za-z]\})", TEMPLATES[t_id])
    slots = [i for i in range(1, len(parts), 2) if parts[i][1].isupper()]
    plan = {i: "nil" if parts[i] == "{V}" else "norm" for i in slots}
    nil_slots = [i for i in slots if parts[i] in ("{H}", "{V}")]
    if want_nil:
        plan[rng.choice(nil_slots)] = "nil"
    amb_slots = [i for i in slots if plan[i] == "norm" and parts[i][1] in kb.amb]
    if want_amb:
        if not amb_slots:
            return None
        plan[rng.choice(amb_slots)] = "amb"
    segments: list[_Segment] = []
    used: set[str] = set()
    fill = {"e": lambda: rng.choice(_EMOJI), "g": lambda: rng.choice(_TAGS),
            "a": lambda: rng.choice(_ABBR), "h": lambda: "@" + "".join(map(rng.choice, _HANDLE))}
    for i, p in enumerate(parts):
        if i in plan:
            seg = _slot(kb, p[1], plan[i], used, rng)
            if seg is None:
                return None
            segments.extend(seg)
        else:
            segments.append((fill[p[1]]() if i % 2 else p, None))
    while sum(len(s) for s, _ in segments) < 40:
        segments.append((" " + rng.choice(_EMOJI + _TAGS + _ABBR), None))
    lower = rng.random() < P_LOWER
    text, mentions = "", []
    for s, m in segments:
        s = s.lower() if lower else s
        if m is not None:
            mentions.append(IntendedMention(len(text), len(text) + len(s), s, m[0], m[1]))
        text += s
    if len(text) > 280:
        return None
    post_id = f"post-{hashlib.sha1(text.encode()).hexdigest()[:12]}"
    return SyntheticPost(post_id, text, tuple(mentions), f"t{t_id:02d}")


def generate_posts(records: Sequence[KBRecord], n: int, seed: int,
                   exclude_ids: frozenset[str] = frozenset()) -> list[SyntheticPost]:
    """n distinct posts (by text) from ``records``; raises ValueError when they cannot be made."""
    if n < 0:
        raise ValueError("n must be >= 0")
    kb = _prepare(records, exclude_ids)
    rng = random.Random(seed)
    posts: list[SyntheticPost] = []
    seen: set[str] = set()
    for _ in range(50 * n + 100):
        if len(posts) == n:
            break
        want_amb, want_nil = rng.random() < P_AMBIGUOUS, rng.random() < P_NIL
        post = next((p for _ in range(10) if (p := _make_post(kb, rng, want_amb, want_nil))), None)
        if post is not None and post.text not in seen:
            seen.add(post.text)
            posts.append(post)
    if len(posts) < n:
        raise ValueError(f"only {len(posts)} of {n} distinct posts from {len(records)} records")
    return posts


def to_input_document(post: SyntheticPost) -> dict:
    """The post as an unlabeled input document (no mentions, no kb ids)."""
    return {"id": post.id, "text": post.text, "source": SOURCE,
            "meta": {"generator": GENERATOR_VERSION, "template": post.template}}
