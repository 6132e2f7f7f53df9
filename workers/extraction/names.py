"""Names a document defines for itself, and titles around names: pure passes over mentions.

- ``without_titles``: a title of office is not part of a person's span (the guidelines:
  "President Robert Mugabe" -> "Robert Mugabe"), and the name after one is a person's
  ("President Thabo Mbeki", not the town named after him); "King of Poland" names Poland; a
  title alone ("Grand Duke", "Prime Minister") is no mention. Names the KB carries with their title ("Duke
  Ellington", "Prince Edward Island", "General Motors") keep it.
- ``short_forms``: once a story has named "Starrex Mining Corp" or "Peter Lacy", the bare
  "Starrex" or "Lacy" later in it is the same entity, a mention the NER often misses (newswire
  repeats short forms at sentence starts). Also an acronym in brackets after its full name
  ("International Cocoa Organization (ICCO)") and the later uses of that acronym.
- ``letter_pairs``: newswire writes "S&P" as "S and P": two capital letters joined by "and" are
  one organisation's name.
- ``party_states``: "Jim Wright (D-Tex)": the party's letter and the state.
- ``regnal_names``: "Leo I of Galicia" is one person, not a man and a place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from index.analysis import LEGAL_FORMS, abbreviates
from index.sources.iso3166 import town_states_in
from streams.schemas import Mention
from workers.extraction.model import OFFICE_TITLES

__all__ = ["LEGAL_FORMS", "SENTENCE_START", "TITLE_WORDS", "party_states", "town_states", "regnal_names", "without_titles", "short_forms", "letter_pairs"]

#: Words that make a title of office, alone or before a name; ``_TITLE_MODIFIERS`` may lead one
#: ("Grand Duke", "Crown Prince", "Prime Minister") but are no title by themselves.
TITLE_WORDS = frozenset(OFFICE_TITLES | {"Sheikh", "Emir", "Amir", "Khan", "Count", "Countess", "Earl", "Baron",
                                         "Marquis", "Viceroy", "Chairman", "Judge", "Justice", "Secretary",
                                         "Ambassador", "Commissioner", "Rev", "Father",
                                         # news titles before a name ("Treasurer Peter Costello")
                                         "Treasurer", "Spokesman", "Spokeswoman", "Professor", "Captain", "Colonel",
                                         "Lieutenant", "Sergeant", "Inspector", "Superintendent", "Constable",
                                         "Commander", "Congressman", "Congresswoman", "Councillor", "Magistrate",
                                         "Coroner", "Sheriff", "Prosecutor"})
#: Abbreviated titles: titles only with their full stop ("Gen. Powell"; "Gen Term" is a company).
_DOTTED_TITLES = frozenset({"Sen", "Rep", "Gov", "Gen", "Col", "Capt", "Lt", "Sgt", "Adm", "Prof"})
_TITLE_MODIFIERS = frozenset({"Grand", "Crown", "Prime", "Vice", "Deputy", "Chief", "Supreme", "High", "Foreign",
                              "Finance", "Defence", "Defense", "Acting", "Former", "Holy", "Roman", "Opposition",
                              "Shadow", "Detective", "Senior", "Assistant", "Health", "Trade", "Immigration",
                              "Interior", "Education", "Attorney"})
#: Titles that also lead the names of companies and places ("General Motors", "Lord Howe
#: Island"): stripped only from a span the NER typed a person.
_ALSO_IN_NAMES = frozenset({"General", "Lord", "Lady", "Admiral", "Judge", "Justice", "Father", "Count", "Secretary",
                            # the news titles: "Sergeant York" (a film), "Constable Country" (a place)
                            "Treasurer", "Spokesman", "Spokeswoman", "Professor", "Captain", "Colonel", "Lieutenant",
                            "Sergeant", "Inspector", "Superintendent", "Constable", "Commander", "Congressman",
                            "Congresswoman", "Councillor", "Magistrate", "Coroner", "Sheriff", "Prosecutor"})
#: A ruler "of" a place names the place ("King of Poland" -> "Poland"); a noble title "of" a place
#: is often the person's own name ("Duke of Wellington") and is left alone.
_RULERS = frozenset({"King", "Queen", "Emperor", "Empress", "Tsar", "Czar", "Sultan", "Shah", "President",
                     "Minister", "Premier", "Chancellor", "Emir", "Caliph", "Pharaoh"})
#: Heads that make a facility or place of a titled name ("Queen Elizabeth Hospital").
_PLACE_HEADS = frozenset("""Hospital Island Islands Street Road Avenue College School University Park Bridge Airport
Station Hall Theatre Theater Square Bay River Lake Mountains Mountain Range Land Sound Strait Award Prize Trophy
Cup Memorial Stadium Centre Center Museum Foundation Institute Fund Trust""".split())

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
SENTENCE_START = re.compile(r"(?:^|[.!?]['\"”’)]?\s+|\n\s*)$")


def _title(word: str) -> str:
    """The title a word of a span is ("Gen." -> "Gen"), or the word when it is none."""
    bare = word.rstrip(".")
    return bare if bare not in _DOTTED_TITLES or word.endswith(".") else word + "~"


def _is_title(word: str) -> bool:
    return _title(word) in TITLE_WORDS or (_title(word) in _DOTTED_TITLES)


_TITLE_BEFORE = re.compile(r"(?:^|[^\w.])([A-Z][a-z]+\.?) $")


def _after_title(text: str, m: Mention) -> bool:
    """A name of three words at most right after a title ("President Thabo Mbeki") is a person's,
    whatever the NER said; not a place's or facility's ("Queen Elizabeth Hospital")."""
    before = _TITLE_BEFORE.search(text[max(0, m.start - 20) : m.start])
    last = m.surface.rsplit(" ", 1)[-1].rstrip(".")
    return before is not None and _is_title(before.group(1)) and len(m.surface.split()) <= 3 \
        and m.surface[:1].isupper() and last not in _PLACE_HEADS and last not in _LEGAL_OR_GENERIC


def without_titles(text: str, mentions: Sequence[Mention], titled: Callable[[str], bool],
                   is_place: Callable[[str], bool] = lambda s: False) -> list[Mention]:
    """Mentions with their leading titles handled (module docstring). ``titled(surface)``: the KB
    carries the surface as a name, title included; ``is_place(word)``: a notable place's name (a title
    that also leads names of things, before one place's name, is no title: "Captain America")."""
    out: list[Mention] = []
    for m in mentions:
        if m.type != "PER" and _after_title(text, m):
            m = Mention(start=m.start, end=m.end, surface=m.surface, type="PER", score=m.score)
        words = [(w.start(), w.end()) for w in _WORD.finditer(m.surface)]
        k = 0
        while k < len(words) and (_is_title(m.surface[words[k][0] : words[k][1]])
                                  or m.surface[words[k][0] : words[k][1]] in _TITLE_MODIFIERS):
            k += 1
        lead = [_title(m.surface[a:b]) for a, b in words[:k]]
        if k == 0 or not any(w in TITLE_WORDS or w in _DOTTED_TITLES for w in lead) or titled(m.surface):
            out.append(m)
            continue
        if k == len(words):
            continue  # a title alone: "Grand Duke", "Prime Minister"
        rest = m.surface[words[k][0] :]
        if rest.startswith("of "):
            place = rest[3:]
            if lead[-1] in _RULERS and place[:1].isupper() and " of " not in place:
                start = m.start + words[k][0] + 3
                out.append(Mention(start=start, end=m.end, surface=text[start : m.end], type="LOC", score=m.score))
            else:
                out.append(m)
            continue
        last = m.surface[words[-1][0] : words[-1][1]].rstrip(".")
        if not rest[:1].isupper() or last in _PLACE_HEADS or last in _LEGAL_OR_GENERIC \
                or (lead[0] in _ALSO_IN_NAMES and (m.type != "PER" or (k + 1 == len(words) and is_place(last)))):
            out.append(m)
            continue
        start = m.start + words[k][0]
        out.append(Mention(start=start, end=m.end, surface=text[start : m.end], type="PER", score=m.score))
    return out


_LEGAL_OR_GENERIC = frozenset("""Inc Corp Co Ltd Plc PLC AB NV SA AG LP LLC Bancorp Group Holdings Industries
International Mining Resources Oil Petroleum Energy Gold Minerals Metals Bank Bancshares Financial Trust
Corporation Company Companies Systems Communications Technologies Technology Electronics Laboratories Brothers
Partners Associates Enterprises Investments Capital Securities Insurance Airlines Motors Steel Chemicals
Products Foods Stores Development Exploration Manufacturing HandelsgesmbH GmbH Industrier""".split())
_ACRONYM_IN_BRACKETS = re.compile(r" \(([A-Z][A-Z&]{1,7})\)")


def _short_forms_defined(text: str, mentions: Sequence[Mention]) -> dict[str, tuple[str, int]]:
    """Short form -> (type, end of its first defining mention)."""
    found: dict[str, tuple[str, int]] = {}
    for m in mentions:
        words = m.surface.split()
        if m.type == "PER" and len(words) >= 2:
            short = words[-1].rstrip(".,")
        elif m.type == "ORG" and len(words) >= 2 and words[-1].rstrip(".") in _LEGAL_OR_GENERIC:
            short = words[0]
        else:
            short = ""
        if len(short) >= 3 and short[0].isupper() and short.isalpha() \
                and short not in TITLE_WORDS and short not in _LEGAL_OR_GENERIC:
            found.setdefault(short, (m.type, m.end))
        bracket = _ACRONYM_IN_BRACKETS.match(text, m.end)
        if bracket and m.type == "ORG" and abbreviates(bracket.group(1), m.surface):
            found.setdefault(bracket.group(1), (m.type, m.end))
    return found


def short_forms(text: str, mentions: Sequence[Mention], common: Callable[[str], bool], score: float) -> list[Mention]:
    """``mentions`` plus each later bare use of a short form the document defined (module
    docstring), as a mention of the defining mention's type; a word inside another mention,
    written in lower case elsewhere in the document, a ticker in angle brackets, or a word prose
    writes in lower case (``common``) that opens a sentence with a comma, is left alone."""
    defined = _short_forms_defined(text, mentions)
    if not defined:
        return list(mentions)
    taken = sorted((m.start, m.end) for m in mentions)
    added: list[Mention] = []
    for short, (etype, after) in defined.items():
        if re.search(rf"\b{re.escape(short.lower())}\b", text) and not short.isupper():
            continue  # "sale" in lower case: the story uses the word as a word
        for hit in re.finditer(rf"(?<![\w&.'-]){re.escape(short)}(?![\w&-]|\.\w)", text[after:]):
            s, e = after + hit.start(), after + hit.end()
            if any(a < e and s < b for a, b in taken) or text[e : e + 2] == " (":
                continue
            if text[s - 1 : s] == "<" or (common(short) and SENTENCE_START.search(text[max(0, s - 4) : s])
                                          and text[e : e + 1] == ","):
                continue  # "<ASEA ST>": a ticker; "First, ..." after "First Boston Corp": a word
            nxt = re.match(r" ([A-Z][\w&'-]*)", text[e:])
            prev = re.search(r"([A-Z][\w&'-]*) $", text[max(0, s - 30) : s])
            if not short.isupper() and ((nxt and nxt.group(1) not in TITLE_WORDS)
                                        or (prev and prev.group(1) not in TITLE_WORDS)):
                continue  # "Lacy Industries", "John Lacy": part of a longer name the document did not tag
            added.append(Mention(start=s, end=e, surface=short, type=etype, score=score))  # type: ignore[arg-type]
            taken.append((s, e))
    return sorted([*mentions, *added], key=lambda m: m.start)


_LETTER_PAIR = re.compile(r"(?<![\w.&-])([A-Z]) and ([A-Z])(?![\w&.-])")


def letter_pairs(text: str, mentions: Sequence[Mention], score: float) -> list[Mention]:
    """``mentions`` plus "S and P", "B and C" (module docstring) where no mention runs past them;
    the NER's single letters inside one ("S", "P") give way to it."""
    pairs = [m for m in _LETTER_PAIR.finditer(text)
             if not any(x.start < m.end() and m.start() < x.end and not (m.start() <= x.start and x.end <= m.end())
                        for x in mentions)]
    if not pairs:
        return list(mentions)
    kept = [x for x in mentions if not any(m.start() <= x.start and x.end <= m.end() for m in pairs)]
    added = [Mention(start=m.start(), end=m.end(), surface=m.group(0), type="ORG", score=score) for m in pairs]
    return sorted([*kept, *added], key=lambda m: m.start)


_PARTY_STATE = re.compile(r"\(([DRI])-([A-Z][a-z]{1,4}\.?|[A-Z]\.[A-Z]\.)\)")


def party_states(text: str, mentions: Sequence[Mention], is_place: Callable[[str], bool], score: float) -> list[Mention]:
    """``mentions`` plus newswire's party and state after a legislator's name ("Jim Wright
    (D-Tex)"): the party's letter (ORG) and the state (LOC), where no mention is."""
    added = []
    for p in _PARTY_STATE.finditer(text):
        state = p.group(2)
        if not is_place(state) or any(x.start < p.end() and p.start() < x.end for x in mentions):
            continue
        added.append(Mention(start=p.start(1), end=p.end(1), surface=p.group(1), type="ORG", score=score))
        added.append(Mention(start=p.start(2), end=p.end(2), surface=state, type="LOC", score=score))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else list(mentions)


def town_states(text: str, mentions: Sequence[Mention], score: float) -> list[Mention]:
    """``mentions`` with newswire's state abbreviation after a town ("Woburn, Mass.", "Peoria,
    Ill.") as one place mention with its full stop, in place of whatever the NER made of it
    ("Mass" without the stop, or nothing): the town must be a mention, not a person, ending at the
    comma, and no mention may run on past the abbreviation."""
    out = list(mentions)
    for start, end, _, _ in town_states_in(text):
        if not any(m.end == start - 2 and m.type != "PER" for m in out):
            continue  # no town before the comma ("Dr. Jane Smith, Mass. General Hospital")
        if any(m.start == start and m.end == end for m in out) \
                or any(m.start < end and start < m.end and m.end > end for m in out):
            continue  # already there, or inside a longer name ("Mass. General Hospital")
        out = [m for m in out if not (m.start < end and start < m.end)]
        out.append(Mention(start=start, end=end, surface=text[start:end], type="LOC", score=score))
    return sorted(out, key=lambda m: m.start)


_REGNAL = re.compile(r"\s(?:[IVX]{1,5})$")


def regnal_names(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """A ruler's name with its number and its realm is one person's mention: the NER splits
    "Leo I of Galicia" and "Ferdinand II of Aragon" into the man and the place (the KB titles such
    people so)."""
    out: list[Mention] = []
    skip = -1
    for k, m in enumerate(mentions):
        if k == skip:
            continue
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if nxt is not None and _REGNAL.search(m.surface) and text[m.end : nxt.start] == " of " \
                and nxt.surface[:1].isupper() and " " not in nxt.surface.strip():
            out.append(Mention(start=m.start, end=nxt.end, surface=text[m.start : nxt.end], type="PER", score=m.score))
            skip = k + 1
            continue
        out.append(m)
    return out
