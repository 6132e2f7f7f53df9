"""Document-level rules on a hand-made KB (``workers.normalization.document_rules``, as
``AliasLinker.link`` applies them): own names, towns and regions, cities and regions, countries
and towns, short forms (pure: no services)."""

from __future__ import annotations

from index.lookup import AliasIndex
from tests.unit.workers.test_document_linking import m, rec, shipped_linker
from workers.normalization.model import AliasLinker


def test_a_region_by_its_own_name_is_linked_when_the_story_is_in_its_country():
    from workers.normalization.model import Calibration

    ix = AliasIndex.build([
        rec("iso3166-2:CA-AB", "Alberta", pop=0.6, country="CA", admin1="CA-AB", feature="admin1"),
        rec("iso3166-2:CA-ON", "Ontario", pop=0.6, country="CA", admin1="CA-ON", feature="admin1"),
        rec("iso3166-2:PG-GPK", "Gulf", pop=0.6, country="PG", admin1="PG-GPK", feature="admin1"),
    ], "kb-own-names")
    never = AliasLinker(ix, calibration=Calibration((0.0, 1.0), (0.2, 0.3)))  # context never suffices
    text = "Plants in Alberta and Ontario. Tankers in the Gulf."
    ds = never.link(text, [m(text, "Alberta"), m(text, "Ontario"), m(text, "Gulf")])
    assert [d.kb_id for d in ds] == ["iso3166-2:CA-AB", "iso3166-2:CA-ON", None]
    assert ds[0].score < 0.5  # linked at its calibrated confidence: review still sees it
    alone = never.link("Plants in Alberta.", [m("Plants in Alberta.", "Alberta")])
    assert alone[0].kb_id == "iso3166-2:CA-AB"  # the only candidate, by a name that is no common word
    gulf = never.link("Tankers in the Gulf.", [m("Tankers in the Gulf.", "Gulf")])
    assert gulf[0].kb_id is None  # the only candidate, but "gulf" is a common word


def test_a_region_takes_its_own_name_from_a_small_town_in_a_story_in_its_country():
    ix = AliasIndex.build([
        rec("iso3166-2:US-TX", "Texas", pop=0.6, country="US", admin1="US-TX", feature="admin1"),
        rec("iso3166-2:US-DE", "Delaware", pop=0.6, country="US", admin1="US-DE", feature="admin1"),
        rec("geonames:20", "Delaware", pop=0.95, country="US", admin1="US-OH", feature="city", population=90_000),
        rec("iso3166:FR", "France", pop=0.95, country="FR", feature="country"),
        rec("geonames:21", "Washington", pop=0.9, country="US", admin1="US-DC", feature="city", population=700_000),
        rec("iso3166-2:US-WA", "Washington", pop=0.6, country="US", admin1="US-WA", feature="admin1"),
    ], "kb-region-town-test")
    linker = AliasLinker(ix)
    text = "It moved from Texas to Delaware. Washington agreed."
    ds = linker.link(text, [m(text, "Texas"), m(text, "Delaware"), m(text, "Washington")])
    assert [d.kb_id for d in ds][:2] == ["iso3166-2:US-TX", "iso3166-2:US-DE"]
    assert ds[1].candidates[0].kb_id == "iso3166-2:US-DE"
    assert ds[2].kb_id != "iso3166-2:US-WA"  # a big city keeps its name


def test_a_listed_company_with_its_legal_form_and_a_capitalized_name_are_found():
    from workers.normalization.model import Calibration

    ix = AliasIndex.build([
        rec("isin:VW", "Volkswagen Group", ("Volkswagen",), type="ORG", pop=0.6, feature="company"),
        rec("isin:NDAQ", "Nasdaq, Inc.", ("Nasdaq",), type="ORG", pop=0.6, feature="company"),
        rec("wiki:NASA", "NASA", ("NASA",), type="ORG", pop=0.9, feature="article"),
        rec("geonames:30", "Nasa", pop=0.3, country="NG", feature="city", population=900),
    ], "kb-company-own-names")
    never = AliasLinker(ix, calibration=Calibration((0.0, 1.0), (0.2, 0.3)))  # context never suffices
    text = "Volkswagen AG traded on NASDAQ. NASA and IBM."
    ds = never.link(text, [m(text, "Volkswagen AG", "ORG"), m(text, "NASDAQ", "ORG"), m(text, "NASA", "ORG")])
    bare = never.link("Volkswagen rose.", [m("Volkswagen rose.", "Volkswagen", "ORG")])
    # the legal form makes the listed company's name sure enough; without it the calibration rules
    assert ds[0].kb_id == "isin:VW" and bare[0].kb_id is None
    assert ds[1].candidates and ds[1].candidates[0].kb_id == "isin:NDAQ"  # six capitals: a name in capitals
    assert [c.kb_id for c in ds[2].candidates] == ["wiki:NASA"]  # four: an acronym, never the town "Nasa"


def test_a_big_city_keeps_its_name_from_the_region_named_like_it_unless_regions_are_listed():
    ix = AliasIndex.build([
        rec("iso3166-2:US-NY", "New York", pop=0.8, country="US", admin1="US-NY", feature="admin1", population=20_000_000),
        rec("geonames:30", "New York City", ("New York",), pop=0.78, country="US", admin1="US-NY", feature="city",
            population=8_000_000),
        rec("iso3166-2:US-NJ", "New Jersey", pop=0.8, country="US", admin1="US-NJ", feature="admin1", population=9_000_000),
        rec("iso3166-2:US-DE", "Delaware", pop=0.7, country="US", admin1="US-DE", feature="admin1", population=900_000),
    ], "kb-city-region-test")
    linker = AliasLinker(ix)
    text = "Shares rose in New York on Monday."
    (d,) = linker.link(text, [m(text, "New York")])
    assert d.kb_id == "geonames:30" and d.candidates[0].kb_id == "geonames:30"
    text = "Rain fell on Delaware, New York and New Jersey."
    ds = linker.link(text, [m(text, "Delaware"), m(text, "New York"), m(text, "New Jersey")])
    assert ds[1].kb_id == "iso3166-2:US-NY"


def test_a_region_keeps_its_name_from_a_big_city_that_only_carried_it_once_and_a_company_tagged_a_person():
    ix = AliasIndex.build([
        rec("iso3166-2:BR-BA", "Bahia", pop=0.8, country="BR", admin1="BR-BA", feature="admin1", population=14_000_000),
        rec("geonames:60", "Salvador", ("Bahia",), pop=0.72, country="BR", admin1="BR-BA", feature="city",
            population=2_700_000),
        rec("isin:SE0011166610", "Atlas Copco", type="ORG", pop=0.6, country="SE", feature="company"),
    ], "kb-bahia-test")
    linker = AliasLinker(ix)
    text = "Cocoa from Bahia was sold to Atlas Copco."
    ds = linker.link(text, [m(text, "Bahia"), m(text, "Atlas Copco", "PER")])
    assert ds[0].kb_id == "iso3166-2:BR-BA"
    assert ds[1].candidates and ds[1].candidates[0].kb_id == "isin:SE0011166610"


def test_a_country_keeps_its_own_name_from_a_town_unless_a_region_follows():
    ix = AliasIndex.build([
        rec("iso3166:BR", "Brazil", pop=0.95, country="BR", feature="country"),
        rec("geonames:70", "Brazil", pop=0.44, country="US", admin1="US-IN", feature="city", population=8_000,
            desc="City in Indiana, United States"),
        rec("iso3166:US", "United States", pop=0.99, country="US", feature="country"),
        rec("iso3166-2:US-IN", "Indiana", pop=0.8, country="US", admin1="US-IN", feature="admin1", population=6_000_000),
    ], "kb-country-town-test")
    linker = AliasLinker(ix)
    text = "Bred in the United States from cattle of the United States and Brazil."
    assert linker.link(text, [m(text, "United States"), m(text, "Brazil")])[1].kb_id == "iso3166:BR"
    text = "The fair in Brazil, Indiana drew crowds from the United States."
    ds = linker.link(text, [m(text, "Brazil"), m(text, "Indiana"), m(text, "United States")])
    assert ds[0].kb_id == "geonames:70"


def test_adherents_link_to_their_religion_an_article_title_keeps_across_types_and_an_ideology_adjective_not():
    ix = AliasIndex.build([
        rec("wiki:Jainism", "Jainism", ("Jain", "Jains"), type="MISC", pop=0.9, feature="article", desc="Indian religion"),
        rec("wiki:Nationalism", "Nationalism", ("Nationalist", "Nationalists"), type="MISC", pop=0.9, feature="article",
            desc="Political ideology"),
        rec("wiki:Volga_Bulgaria", "Volga Bulgaria", pop=0.9, feature="article", desc="Medieval Bulgar state"),
    ], "kb-people-test")
    linker = AliasLinker(ix)
    text = "Jains lived in Volga Bulgaria, Nationalist sources say."
    ds = linker.link(text, [m(text, "Jains", "PER"), m(text, "Volga Bulgaria", "PER")])
    assert [d.kb_id for d in ds] == ["wiki:Jainism", "wiki:Volga_Bulgaria"]
    rows = {ix.ids[r]: r for r in range(len(ix.ids))}
    assert linker._region_adjective(m(text, "Jains", "PER"), rows["wiki:Jainism"])
    assert not linker._region_adjective(m(text, "Nationalist", "MISC"), rows["wiki:Nationalism"])


def test_a_town_that_may_be_its_region_seat_keeps_its_name():
    ix = AliasIndex.build([
        rec("iso3166-2:PS-RBH", "Ramallah", pop=0.6, country="PS", admin1="PS-RBH", feature="admin1"),
        rec("geonames:90", "Ramallah", pop=0.6, country="PS", admin1="PS.WE", feature="city", population=27_000),
        rec("iso3166:PS", "Palestine", pop=0.9, country="PS", feature="country"),
    ], "kb-seat-test")
    linker = shipped_linker(ix)
    text = "Tanks entered Ramallah in Palestine."
    assert linker.link(text, [m(text, "Ramallah"), m(text, "Palestine")])[0].kb_id == "geonames:90"


def test_a_surname_the_ner_calls_an_organisation_takes_the_person_but_an_article_name_stays_itself():
    ix = AliasIndex.build([
        rec("wiki:Abraham_Lincoln", "Abraham Lincoln", ("Lincoln",), type="PER", pop=0.9, feature="article"),
        rec("geonames:91", "Lincoln", pop=0.6, country="US", admin1="US-NE", feature="city", population=290_000),
        rec("wiki:Islam", "Islam", type="MISC", pop=0.9, feature="article", desc="Religion"),
    ], "kb-coref-test")
    linker = AliasLinker(ix)
    text = "Abraham Lincoln spoke. Lincoln left. Ansar al-Islam fought for Islam."
    ds = linker.link(text, [m(text, "Abraham Lincoln", "PER"), m(text, "Lincoln", "ORG", nth=1),
                            m(text, "Ansar al-Islam", "PER"), m(text, "Islam", "ORG", nth=1)])
    assert [d.kb_id for d in ds] == ["wiki:Abraham_Lincoln", "wiki:Abraham_Lincoln", None, "wiki:Islam"]


def test_a_one_name_person_with_an_article_is_linked_whatever_the_ner_calls_it():
    ix = AliasIndex.build([
        rec("wiki:Plato", "Plato", type="PER", pop=0.9, feature="article", desc="Ancient Greek philosopher"),
        rec("geonames:92", "Plato", pop=0.4, country="CO", feature="city", population=3_000),
        rec("wiki:Aristotle", "Aristotle", type="PER", pop=0.9, feature="article", desc="Ancient Greek philosopher"),
    ], "kb-one-name-test")
    linker = shipped_linker(ix)
    text = "Aristotle was a student of Plato."
    ds = linker.link(text, [m(text, "Aristotle", "ORG"), m(text, "Plato", "LOC")])
    assert ds[0].kb_id == "wiki:Aristotle"
    assert "wiki:Plato" in [c.kb_id for c in ds[1].candidates]  # kept though the NER says a place


def test_an_acronym_takes_the_decision_of_the_name_it_abbreviates():
    ix = AliasIndex.build([rec("wiki:NHL", "National Hockey League", type="ORG", pop=0.9, feature="article")],
                          "kb-acronym-test")
    text = "He played in the National Hockey League (NHL) and the World Hockey Association (WHA); the NHL grew."
    ms = [m(text, "National Hockey League", "ORG"), m(text, "NHL", "ORG"), m(text, "World Hockey Association", "ORG"),
          m(text, "WHA", "ORG"), m(text, "NHL", "ORG", 1)]
    assert [d.kb_id for d in AliasLinker(ix).link(text, ms)] == ["wiki:NHL", "wiki:NHL", None, None, "wiki:NHL"]


def test_an_acronym_the_kb_knows_keeps_its_record_after_an_unknown_long_name_the_text_does_not_define_it_by():
    ix = AliasIndex.build([rec("wiki:European_Union", "European Union", ("EC",), type="ORG", pop=0.95, feature="article"),
                           rec("wiki:WHA", "World Health Assembly", ("WHA",), type="ORG", pop=0.9, feature="article")],
                          "kb-acronym-own-test")
    text = ("The European Commission said the EC will buy maize. The World Hockey Association (WHA) folded; "
            "the WHA had six teams.")
    ms = [m(text, "European Commission", "ORG"), m(text, "EC", "ORG"), m(text, "World Hockey Association", "ORG"),
          m(text, "WHA", "ORG"), m(text, "WHA", "ORG", 1)]
    # "EC" is not defined by the unknown Commission, so the KB's EC stands; "(WHA)" defines its
    # acronym after the unknown league, so both WHAs are NIL, not the Assembly
    assert [d.kb_id for d in AliasLinker(ix).link(text, ms)] == [None, "wiki:European_Union", None, None, None]
    text = "The World Hockey Association, WHA, folded; the WHA had six teams."  # an apposition defines it too
    ms = [m(text, "World Hockey Association", "ORG"), m(text, "WHA", "ORG"), m(text, "WHA", "ORG", 1)]
    assert [d.kb_id for d in AliasLinker(ix).link(text, ms)] == [None, None, None]


def test_a_bare_name_takes_a_longer_mentions_record_but_not_a_regions_after_its_head():
    from workers.normalization.document_rules import propagate_short_form
    from workers.normalization.linker import LinkDecision

    text = "Barack Obama visited Lviv Oblast. Obama praised Lviv."
    ms = [m(text, "Barack Obama", "PER"), m(text, "Lviv Oblast"), m(text, "Obama", "PER", nth=1), m(text, "Lviv", nth=1)]
    linked = [LinkDecision("wiki:Barack_Obama", "Barack Obama", None, 0.9, ()),
              LinkDecision("iso3166-2:UA-46", "Lvivska oblast", None, 0.9, ()), None, None]
    assert propagate_short_form(2, ms, linked).kb_id == "wiki:Barack_Obama"
    lviv = propagate_short_form(3, ms, linked)
    assert lviv.kb_id is None and lviv.nil_reason == "not_in_kb"
    gobi_text = "The Gobi Desert is cold. The Gobi is dry."
    gobi = [m(gobi_text, "Gobi Desert"), m(gobi_text, "Gobi", nth=1)]
    desert = [LinkDecision("wiki:Gobi_Desert", "Gobi Desert", None, 0.9, ()), None]
    assert propagate_short_form(1, gobi, desert).kb_id == "wiki:Gobi_Desert"  # a desert's head: the same place
