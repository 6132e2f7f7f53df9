"""The candidate rows beyond the exact alias (``workers.normalization.rows``) through the linker:
a state's abbreviation after a town, and one scoped to its country's texts."""

from __future__ import annotations

from index.lookup import AliasIndex
from workers.normalization.model import AliasLinker

from .test_document_linking import m, rec, shipped_linker


def test_a_countrys_scoped_state_abbreviation_links_only_in_a_text_about_that_country():
    ix = AliasIndex.build([
        rec("iso3166-2:AU-WA", "Western Australia", pop=0.8, country="AU", admin1="AU-WA", feature="admin1"),
        rec("iso3166-2:AU-NT", "Northern Territory", pop=0.6, country="AU", admin1="AU-NT", feature="admin1"),
        rec("iso3166-2:US-WA", "Washington", pop=0.8, country="US", admin1="US-WA", feature="admin1"),
        rec("wiki:New_Testament", "New Testament", ("NT",), type="MISC", pop=0.7, feature="article"),
        rec("geonames:20", "Perth", pop=0.9, country="AU", admin1="AU-WA", feature="city", population=2_000_000),
        rec("geonames:21", "Darwin", pop=0.8, country="AU", admin1="AU-NT", feature="city", population=140_000),
        rec("geonames:22", "Seattle", pop=0.9, country="US", admin1="US-WA", feature="city", population=700_000),
        rec("geonames:23", "Tacoma", pop=0.7, country="US", admin1="US-WA", feature="city", population=200_000),
        rec("geonames:24", "Spokane", pop=0.7, country="US", admin1="US-WA", feature="city", population=220_000),
    ], "kb-scoped")
    text = "Police in Perth and Darwin said WA and the NT would share the cost."
    *_, wa, nt = shipped_linker(ix).link(text, [m(text, "Perth"), m(text, "Darwin"), m(text, "WA", "ORG"),
                                               m(text, "NT", "ORG")])
    assert (wa.kb_id, nt.kb_id) == ("iso3166-2:AU-WA", "iso3166-2:AU-NT")
    us = "Police in Seattle and Tacoma said WA and the NT would share the cost."
    *_, wa, nt = shipped_linker(ix).link(us, [m(us, "Seattle"), m(us, "Tacoma"), m(us, "WA", "ORG"), m(us, "NT", "ORG")])
    assert wa.kb_id is None and nt.kb_id != "iso3166-2:AU-NT"  # no Australian place: no Australian state
    mostly_us = "Police in Seattle, Tacoma, Spokane and Perth said WA would share the cost."
    *_, wa = shipped_linker(ix).link(mostly_us, [m(mostly_us, p) for p in ("Seattle", "Tacoma", "Spokane", "Perth", "WA")])
    assert wa.kb_id is None  # one Australian place among four: under SCOPE_SHARE
    alone = "WA said the NT would share the cost."
    assert [d.kb_id for d in shipped_linker(ix).link(alone, [m(alone, "WA", "ORG"), m(alone, "NT", "ORG")])][0] is None
    person = "Police in Perth and Darwin said Sam WA spoke."
    assert shipped_linker(ix).link(person, [m(person, "Perth"), m(person, "Darwin"), m(person, "WA", "PER")])[2].kb_id is None


def test_scoped_abbreviation_is_of_one_country():
    from index.sources.iso3166 import scoped_abbreviation

    assert scoped_abbreviation("WA", "AU") == ("AU-WA", "Western Australia")
    assert scoped_abbreviation("WA", "US") is None and scoped_abbreviation("Wa", "AU") is None
    assert scoped_abbreviation("BC", "CA") == ("CA-BC", "British Columbia")


def test_a_state_abbreviation_after_a_town_links_the_state_and_places_the_town():
    ix = AliasIndex.build([
        rec("iso3166-2:US-MA", "Massachusetts", pop=0.8, country="US", admin1="US-MA", feature="admin1"),
        rec("iso3166-2:CA-BC", "British Columbia", pop=0.8, country="CA", admin1="CA-BC", feature="admin1"),
        rec("wiki:Mass", "Mass", type="MISC", pop=0.9, feature="article", desc="Amount of matter"),
        rec("geonames:10", "Woburn", pop=0.45, country="US", admin1="US-MA", feature="city", population=40_000),
        rec("geonames:11", "Woburn", pop=0.46, country="GB", admin1="GB-BDF", feature="city", population=50_000),
        rec("geonames:12", "Vancouver", pop=0.9, country="CA", admin1="CA-BC", feature="city", population=600_000),
    ], "kb-town-states")
    text = "Acme of Woburn, Mass. and Zed of Vancouver, B.C., agreed."
    ms = [m(text, "Woburn"), m(text, "Mass."), m(text, "Vancouver"), m(text, "B.C.")]
    woburn, mass, _, bc = AliasLinker(ix).link(text, ms)
    assert (woburn.kb_id, mass.kb_id, bc.kb_id) == ("geonames:10", "iso3166-2:US-MA", "iso3166-2:CA-BC")
    other = "In Physics, Mass. is no state: Physics is no town. Dr. Smith, Mass. General"
    physics = AliasLinker(ix).link(other, [m(other, "Mass.", "MISC")])[0]
    assert physics.kb_id != "iso3166-2:US-MA"  # no mention before the comma
    _, hospital = AliasLinker(ix).link(other, [m(other, "Smith", "PER"), m(other, "Mass.", "ORG", nth=1)])
    assert hospital.kb_id != "iso3166-2:US-MA"  # a person is no town
    # the span without its full stop (as the NER cuts it) is the state too
    (_, bare) = AliasLinker(ix).link(text, [m(text, "Woburn"), m(text, "Mass")])
    assert bare.kb_id == "iso3166-2:US-MA"
