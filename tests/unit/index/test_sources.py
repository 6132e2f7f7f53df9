from __future__ import annotations

from types import SimpleNamespace

import pytest

from index.analysis import alias_key, content_tokens
from index.sources.companies import strip_corp_suffix
from index.sources.draft import Draft
from index.sources.geonames import city_drafts
from index.sources.wiki import merge_wiki, wiki_drafts, wiki_type


@pytest.mark.parametrize(
    ("description", "topic", "expected"),
    [
        ("English theologian (1328–1384)", "Philosophy and religion", "PER"),
        ("President of the United States from 2009 to 2017", "People", "PER"),
        ("American multinational technology company", "Society and social sciences", "ORG"),
        ("English rock band (1960–1970)", "Uncategorized", "ORG"),
        ("Capital and largest city of Colombia", "Geography", "LOC"),
        ("Major river in Northern South America", "Uncategorized", "LOC"),
        ("Edible berry", "Biology and health sciences", "MISC"),
        ("State-sanctioned killing as punishment", "Society and social sciences", "MISC"),
    ],
)
def test_wiki_type(description, topic, expected):
    assert wiki_type(description, topic) == expected


@pytest.mark.parametrize(("name", "stripped"), [("Apple Inc.", "Apple"), ("Toyota Motor Corporation", "Toyota Motor"),
                                                ("BASF SE", "BASF"), ("Nokia", "Nokia")])
def test_strip_corp_suffix(name, stripped):
    assert strip_corp_suffix(name) == stripped


def test_alias_key_normalizes():
    assert alias_key("The U.S.'s") == "us"
    assert alias_key("São  Paulo") == "sao paulo"
    assert alias_key("PARIS") == alias_key("paris")
    assert "the" not in content_tokens("the capital of France")


def test_city_draft_and_wiki_merge():
    cities = [{"geonameid": 1, "name": "Paris", "countrycode": "FR", "population": 2_000_000, "alternatenames": ["Paname"]},
              {"geonameid": 2, "name": "Paris", "countrycode": "US", "admin1code": "TX", "population": 25_000}]
    drafts = list(city_drafts(cities, {"FR": "France", "US": "United States"}, {"TX": "Texas"}))
    assert drafts[1].description.startswith("City in Texas, United States")
    assert drafts[0].popularity > drafts[1].popularity
    records = {d.id: d for d in drafts}
    for d, c in zip(drafts, cities, strict=True):
        d.same_as.append(f"cc:{c['countrycode']}")
    records["iso3166:FR"] = Draft(id="iso3166:FR", name="France", type="LOC", aliases=["French Republic"])
    wiki = list(wiki_drafts({
        "Paris": {"title": "Paris", "description": "Capital of France", "extract": "Paris is the capital. More.", "topic": "Geography"},
        "France": {"title": "France", "description": "Country in Western Europe", "extract": "France is a country.", "topic": "Uncategorized"},
        "Tomato": {"title": "Tomato", "description": "Edible berry", "extract": "The tomato is a berry.", "topic": "Biology"},
    }))
    merged = merge_wiki(records, wiki, {}, {"FR": "France", "US": "United States"})
    assert merged == {"wiki:Paris": "geonames:1", "wiki:France": "iso3166:FR"}
    assert "wiki:Paris" in records["geonames:1"].same_as
    assert records["geonames:1"].description.startswith("Capital of France")


def test_draft_as_dict_dedupes_aliases():
    d = Draft(id="x:1", name="Paris", type="LOC", aliases=["paris", "Paname", "Paname", " "])
    assert d.as_dict()["aliases"] == ["Paname"]


def test_country_namespace_objects():
    from index.sources.iso3166 import country_drafts

    c = SimpleNamespace(alpha_2="FR", alpha_3="FRA", name="France", official_name="French Republic")
    us = SimpleNamespace(alpha_2="US", alpha_3="USA", name="United States", official_name="United States of America")
    d, u = country_drafts([c, us], {"FR": 68_000_000})
    assert d.id == "iso3166:FR" and "French Republic" in d.aliases
    # ISO codes are no aliases ("CAN", "BB" in a headline or a rating), but for those news writes as names
    assert "FR" not in d.aliases and "FRA" not in d.aliases and {"US", "USA"} <= set(u.aliases)


@pytest.mark.parametrize(("name", "short"), [("Albert Einstein", ["Einstein"]), ("Henry II of England", []),
                                             ("Leonardo da Vinci", []), ("Martin Luther King Jr.", []),
                                             ("Plato", []), ("George W. Bush", ["Bush"])])
def test_person_short_names(name, short):
    from index.sources.wiki import person_short_names

    assert person_short_names(name) == short


def test_alias_key_abbreviations():
    assert alias_key("U.S.") == alias_key("US") == "us"
    assert alias_key("U.S.A.") == "usa"


def test_capital_ids_prefer_the_city_named_so():
    from index.sources.geonames import capital_ids

    cities = [{"geonameid": 1, "name": "Springfield", "countrycode": "XX", "population": 900_000, "alternatenames": ["Capitalia"]},
              {"geonameid": 2, "name": "Capitalia", "countrycode": "XX", "population": 50_000, "alternatenames": []},
              {"geonameid": 3, "name": "Capitalia", "countrycode": "YY", "population": 70_000, "alternatenames": []}]
    assert capital_ids(cities, {"XX": {"capital": "Capitalia"}}) == frozenset({2})


def test_country_facts_give_demonyms_to_the_most_populous_owner():
    from index.sources.iso3166 import country_facts, demonym_forms

    rows = [{"ISO": {"alpha2": "FR"}, "demonym": "French", "altSpellings": ["FR"], "subregion": "Western Europe"},
            {"ISO": {"alpha2": "PF"}, "demonym": "French", "altSpellings": []},
            {"ISO": {"alpha2": "IL"}, "demonym": "Israeli", "altSpellings": ["State of Israel"]}]
    facts = country_facts(rows, {"FR": 67_000_000, "PF": 280_000, "IL": 9_000_000})
    assert facts["FR"].demonym == "French" and facts["PF"].demonym is None
    assert demonym_forms("Israeli") == ["Israeli", "Israelis"] and demonym_forms("French") == ["French"]


def test_lead_acronyms_follow_the_title():
    from index.sources.wiki import lead_acronyms

    assert lead_acronyms("United Nations", "The United Nations (UN) is a body.") == ["UN"]
    assert lead_acronyms("Paris", "Paris (FR) is a city.") == []
    # an acronym the sentence gives another body after the verb is not the subject's
    assert lead_acronyms("UNESCO", "The United Nations Educational, Scientific and Cultural Organization is a "
                                   "specialized agency of the United Nations (UN) with an aim.") == []


def test_group_adjectives_by_suffix_rules():
    from index.sources.wiki import group_adjectives

    assert group_adjectives("Islam", "Abrahamic monotheistic religion") == ["Islamic", "Muslim"]
    assert group_adjectives("Jews", "Ethnoreligious group. Jews, or the Jewish people, are") == ["Jewish"]
    assert group_adjectives("Buddhism", "Indian religion and philosophy") == ["Buddhist"]
    assert group_adjectives("Kurds", "Iranic ethnic group") == ["Kurdish"]
    assert group_adjectives("Paris", "Capital of France") == []


def test_region_adjectives_and_untitled_names():
    from index.sources.wiki import region_adjectives, untitled

    assert region_adjectives("Europe", "Continent") == ["European"]
    assert region_adjectives("Siberia", "Geographical region in Russia") == ["Siberian"]
    assert region_adjectives("Paris", "Capital of France") == []
    assert untitled("Pope John Paul II") == ["John Paul II"] and untitled("Elizabeth II") == []


def test_city_alternate_names_lose_airport_codes_but_not_initials():
    cities = [{"geonameid": 1, "name": "Guangzhou", "countrycode": "CN", "population": 9_000_000,
               "alternatenames": ["CAN", "Canton", "Kwangchow"]},
              {"geonameid": 2, "name": "New York City", "countrycode": "US", "population": 8_000_000,
               "alternatenames": ["NYC", "New York"]}]
    g, n = city_drafts(cities, {"CN": "China", "US": "United States"}, {}, airport_codes=frozenset({"CAN", "NYC"}))
    assert g.aliases == ["Canton", "Kwangchow"] and n.aliases == ["NYC", "New York"]


def test_adjective_plurals_and_multiword_region_adjectives():
    from index.sources.wiki import (
        adjective_forms,
        group_adjectives,
        plural_nouns,
        region_adjectives,
    )

    assert plural_nouns(["Hindu", "Islamic", "Muslim", "Kurdish", "Chinese"]) == ["Hindus", "Muslims"]
    assert group_adjectives("Jainism", "Indian religion") == ["Jain"]
    assert region_adjectives("West Africa", "Region of Africa") == ["West African"]
    assert region_adjectives("West Africa", "Country") == []
    assert adjective_forms("Europe") == ["European"] and adjective_forms("Iran") == []


def test_geonames_regions_map_to_iso_codes_by_the_airports_votes():
    from index.sources.admin1 import admin1_iso_codes, region_key, region_populations

    assert region_key("Guangdong Sheng") == region_key("Guangdong Province") == "guangdong"
    cities = [
        {"countrycode": "AU", "admin1code": "04", "latitude": -27.47, "longitude": 153.03, "population": 2_000_000},
        {"countrycode": "AU", "admin1code": "04", "latitude": -19.26, "longitude": 146.82, "population": 180_000},
        {"countrycode": "AU", "admin1code": "07", "latitude": -37.81, "longitude": 144.96, "population": 4_000_000},
        {"countrycode": "US", "admin1code": "TX", "latitude": 29.76, "longitude": -95.37, "population": 2_300_000},
    ]
    airports = [
        {"country": "AU", "subd": "Queensland", "lat": -27.38, "lon": 153.12},
        {"country": "AU", "subd": "Queensland", "lat": -19.25, "lon": 146.77},
        {"country": "AU", "subd": "Victoria", "lat": -37.67, "lon": 144.84},
        {"country": "AU", "subd": "Victoria", "lat": -27.40, "lon": 153.10},  # a stray vote: 2 of 3 still agree
        {"country": "AU", "subd": "Nowhere", "lat": -37.70, "lon": 144.90},   # no such subdivision: no vote
        {"country": "AU", "subd": "Victoria", "lat": -12.0, "lon": 130.0},     # no city within reach: no vote
    ]
    subs = [("AU", "Queensland", "AU-QLD"), ("AU", "Victoria", "AU-VIC"), ("US", "Texas", "US-TX")]
    codes = admin1_iso_codes(cities, airports, subs)
    assert codes == {"AU.04": "AU-QLD", "AU.07": "AU-VIC"}
    assert region_populations(cities, codes) == {"AU-QLD": 2_180_000, "AU-VIC": 4_000_000, "US-TX": 2_300_000}


def test_feature_short_names_and_generic_heads():
    from index.analysis import generic_name
    from index.sources.wiki import feature_short_names

    assert feature_short_names("Indus River", "LOC") == ["Indus"]
    assert feature_short_names("Mediterranean Sea", "LOC") == ["Mediterranean"]
    assert feature_short_names("Pacific Ocean", "LOC") == ["Pacific"]
    assert feature_short_names("Black Sea", "LOC") == feature_short_names("Indian Ocean", "LOC") == []
    assert feature_short_names("River Phoenix", "PER") == []
    from index.sources.wiki import language_short_name

    assert language_short_name("English language") == "English" and language_short_name("Sign language x") is None
    assert generic_name("Kagoshima Prefecture") == ("Kagoshima", "region")
    assert generic_name("Triassic Period") == ("Triassic", "period")
    assert generic_name("Kingdom of Prussia") == ("Prussia", "polity")
    assert generic_name("Prefecture") is None and generic_name("Kingdom of ") is None


def test_subdivision_codes_that_abbreviate_their_names_and_state_adjectives():
    from types import SimpleNamespace

    from index.sources.iso3166 import code_abbreviation, subdivision_drafts

    assert code_abbreviation("AU-NSW", "New South Wales") == "NSW"
    assert code_abbreviation("GB-ENG", "England") == "ENG"
    assert code_abbreviation("US-TX", "Texas") is None and code_abbreviation("PG-GPK", "Gulf") is None
    from index.sources.iso3166 import plain_subdivision_name

    assert plain_subdivision_name("Shaanxi Sheng") == "Shaanxi"
    assert plain_subdivision_name("Ningxia Huizu Zizhiqu") == "Ningxia"
    assert plain_subdivision_name("Adygeya, Respublika") == "Adygeya"
    assert plain_subdivision_name("Beijing Shi") is None and plain_subdivision_name("Texas") is None
    from index.sources.default import ampersand_spelled

    assert ampersand_spelled("Johnson & Johnson") == "Johnson and Johnson"
    assert ampersand_spelled("AT&T") == "AT and T" and ampersand_spelled("Texaco") is None
    subs = [SimpleNamespace(code="AU-TAS", name="Tasmania", type="State", country_code="AU", parent_code=None),
            SimpleNamespace(code="AU-QLD", name="Queensland", type="State", country_code="AU", parent_code=None)]
    drafts = list(subdivision_drafts(subs, {"AU": "Australia"}, {"AU-TAS": 800_000}))
    assert drafts[0].aliases == ["Tasmanian", "Tasmanians"] and drafts[1].aliases == []
    assert drafts[0].population == 800_000 and 0.6 <= drafts[0].popularity <= 0.8
    tx = SimpleNamespace(code="US-TX", name="Texas", type="State", country_code="US", parent_code=None)
    ma = SimpleNamespace(code="US-MA", name="Massachusetts", type="State", country_code="US", parent_code=None)
    tx_draft, ma_draft = subdivision_drafts([tx, ma], {"US": "United States"})
    assert "Tex." in tx_draft.aliases and "Tex" in tx_draft.aliases  # newswire's "Houston, Tex.", "(D-Tex)"
    assert not any(a.startswith("Mass") for a in ma_draft.aliases)  # "Mass" is a word first
    wa = SimpleNamespace(code="AU-WA", name="Western Australia", type="State", country_code="AU", parent_code=None)
    assert next(subdivision_drafts([wa], {"AU": "Australia"})).aliases[:3] == [
        "Western Australian", "West Australian", "Western Australians"]


def test_years_after_a_polity_or_an_event_are_no_lifespan():
    from index.sources.wiki import wiki_type

    assert wiki_type("Turkish Empire (c. 1299–1922)", "Uncategorized") == "LOC"
    assert wiki_type("Global conflict (1939–1945)", "Uncategorized") == "MISC"
    assert wiki_type("French general and emperor (1769–1821)", "Uncategorized") == "PER"


def test_lead_names_are_the_other_names_the_first_sentence_gives_its_subject():
    from index.sources.wiki import lead_names

    assert lead_names("Sri Lanka", "Sri Lanka, officially the Democratic Socialist Republic of Sri Lanka, formerly known "
                                   "as Ceylon, is an island country in South Asia.", "LOC") == [
        "Democratic Socialist Republic of Sri Lanka", "Ceylon"]
    assert lead_names("Academy Awards", "The Academy Awards, more commonly known as the Oscars, are awards for film.",
                      "MISC") == ["Oscars", "Oscar"]
    assert lead_names("Paraguayan War", "The Paraguayan War, also known as the War of the Triple Alliance, was a war.",
                      "MISC") == ["War of the Triple Alliance"]
    assert lead_names("Komodo dragon", "The Komodo dragon, also known as the Komodo monitor, is a lizard.", "MISC") == []
    assert lead_names("Nile", "The Nile is a river. It is also known as the Great River.", "LOC") == []  # not the subject's


def test_a_western_places_adjective_has_its_short_direction_too():
    from index.sources.wiki import adjective_forms

    assert adjective_forms("Western Australia") == ["Western Australian", "West Australian"]
    assert adjective_forms("West Africa") == ["West African"] and adjective_forms("Europe") == ["European"]


def test_lead_acronyms_follow_the_official_name_and_the_initials_the_article_writes():
    from index.sources.wiki import lead_acronyms

    assert lead_acronyms("Soviet Union", "The Soviet Union, officially the Union of Soviet Socialist Republics (USSR), "
                                         "was a country.") == ["USSR"]
    assert lead_acronyms("New York Stock Exchange", "The New York Stock Exchange is an exchange. The NYSE is owned "
                                                    "by ICE.") == ["NYSE"]
    # two-letter initials and initials written inside a longer token are no alias
    assert lead_acronyms("United States", "The United States (U.S.) is a country. US forces.") == []
    assert lead_acronyms("Bank of Ghana", "The Bank of Ghana is a bank. The BG-123 code.") == []


def test_lead_names_take_the_official_name():
    from index.sources.wiki import lead_names

    assert lead_names("Germany", "Germany, officially the Federal Republic of Germany, is a country.", "LOC") == [
        "Federal Republic of Germany"]


def test_an_acronym_titled_article_gets_its_spelled_out_name_and_its_other_spelling():
    from index.sources.wiki import acronym_full_name, spelling_variants

    full = acronym_full_name("OPEC", "The Organization of the Petroleum Exporting Countries is a cartel.")
    assert full == ["Organization of the Petroleum Exporting Countries", "Organization of Petroleum Exporting Countries"]
    assert acronym_full_name("OPEC", "The Oil Club is a cartel.") == []
    assert acronym_full_name("Paris", "The City of Paris is a city.") == []
    assert spelling_variants(full[1]) == ["Organisation of Petroleum Exporting Countries"]
    assert spelling_variants("World Health Organisation") == ["World Health Organization"]
    assert spelling_variants("Bank of Ghana") == []


def test_dynasties_and_empires_by_their_adjective():
    from index.sources.wiki import polity_short_name

    assert polity_short_name("Ming dynasty") == "Ming"
    assert polity_short_name("Roman Empire") == "Roman"
    assert polity_short_name("Byzantine Empire") == "Byzantine"
    assert polity_short_name("Mughal Empire") == "Mughal"
    assert polity_short_name("Empire of Japan") is None
    assert polity_short_name("Holy Roman Empire") is None


def test_former_names_reach_the_records_of_today():
    from index.sources.wiki import FORMER_NAMES, wiki_drafts

    arts = {"European Union": {"description": "Supranational political and economic union", "topic": "",
                               "extract": "The European Union (EU) is a union."}}
    (draft, _art), = list(wiki_drafts(arts))
    assert draft.type == "ORG"
    assert set(FORMER_NAMES["European Union"]) <= set(draft.aliases)


@pytest.mark.parametrize("name, short", [
    ("Ford Motor Company", "Ford"), ("Conagra Brands", "Conagra"), ("PNC Financial Services", "PNC"),
    ("Bristol Myers Squibb", None), ("Mitsui & Co.", None), ("Canon Inc.", None), ("3M", None),
])
def test_company_short_names_drop_the_legal_form_and_the_business_words(name, short):
    from index.sources.companies import company_short_name

    assert company_short_name(name) == short


def test_legal_forms_and_a_dangling_ampersand_are_stripped():
    assert strip_corp_suffix("Henkel AG & Co. KGaA") == "Henkel" and strip_corp_suffix("Mitsui & Co.") == "Mitsui"


def test_company_short_names_are_kept_only_where_they_name_nothing_else():
    from index.sources.default import add_company_short_names

    def company(rid: str, name: str, pop: float = 0.6) -> Draft:
        return Draft(id=rid, name=name, type="ORG", popularity=pop, feature="company")

    records = {d.id: d for d in [
        company("isin:1", "Ford Motor Company", 0.95), company("isin:2", "Conagra Brands"),
        company("isin:3", "American Airlines"), company("isin:4", "Powell Industries"),
        company("isin:5", "Mitsui Chemicals"), company("isin:6", "Mitsui & Co."),
        company("isin:7", "Delta Energy"), company("isin:8", "Delta Financial"),
        company("isin:9", "Heritage Financial"), company("isin:10", "United Airlines Holdings"),
        company("isin:11", "Hawaiian Electric Industries"), Draft(id="iso3166-2:US-HI", name="Hawaii", type="LOC", popularity=0.8),
        *(Draft(id=f"wiki:U{i}", name=f"United {n}", type="LOC", popularity=0.9) for i, n in enumerate(("States", "Kingdom", "Nations"))),
        Draft(id="iso3166:US", name="United States", type="LOC", aliases=["American"], popularity=0.99),
        Draft(id="wiki:Henry_Ford", name="Henry Ford", type="PER", aliases=["Ford"], popularity=0.9),
        Draft(id="wiki:Colin_Powell", name="Colin Powell", type="PER", aliases=["Powell"], popularity=0.9),
    ]}
    records["isin:6"].aliases.append("Mitsui")
    add_company_short_names(records, frozenset({"the"}), frozenset({"heritage", "ford"}))
    kept = {rid: d.aliases for rid, d in records.items() if rid.startswith("isin:")}
    assert kept["isin:1"] == ["Ford"]  # an article of its own: kept against a person's name and "to ford"
    assert kept["isin:2"] == ["Conagra"]
    assert kept["isin:3"] == [] and kept["isin:4"] == []  # a demonym; a person's name
    assert kept["isin:5"] == []  # another company's name
    assert kept["isin:7"] == [] and kept["isin:8"] == []  # two companies would share it
    assert kept["isin:9"] == []  # a word prose writes in lower case ("ford" too, but Ford is famous)
    assert kept["isin:10"] == []  # the first word of three names of note
    assert kept["isin:11"] == []  # a place's adjective


def test_country_people_and_english_subdivision_names_merge_their_articles():
    from index.sources.iso3166 import COUNTRY_PEOPLE, SUBDIVISION_ENGLISH_NAMES

    assert "Argentine" in COUNTRY_PEOPLE["AR"] and "Spaniards" in COUNTRY_PEOPLE["ES"]
    records = {"iso3166-2:DE-BY": Draft(id="iso3166-2:DE-BY", name="Bayern", type="LOC", description="Land of Germany (DE-BY)",
                                        aliases=list(SUBDIVISION_ENGLISH_NAMES["DE-BY"]))}
    wiki = list(wiki_drafts({"Bavaria": {"title": "Bavaria", "description": "State in Germany",
                                         "extract": "Bavaria is a state of Germany.", "topic": "Geography"}}))
    assert merge_wiki(records, wiki, {}, {"DE": "Germany"}) == {"wiki:Bavaria": "iso3166-2:DE-BY"}


def test_a_ukrainian_or_russian_region_is_named_after_its_capital_in_english():
    from index.sources.iso3166 import oblast_english_name

    ua = [("Kherson", 290_000), ("Khersones", 100), ("Odesa", 1_000_000), ("Mykolaivka", 5_000),
          ("Rivne", 250_000), ("Zaporizhzhya", 750_000), ("Kirovo", 800)]
    ru = [("Krasnodar", 900_000), ("Moskovskiy", 20_000), ("Yekaterinburg", 1_500_000), ("Tula", 470_000)]
    assert oblast_english_name("Khersonska oblast", ua) == "Kherson Oblast"
    assert oblast_english_name("Odeska oblast", ua) == "Odesa Oblast"
    assert oblast_english_name("Rivnenska oblast", ua) == "Rivne Oblast"
    assert oblast_english_name("Zaporizka oblast", ua) == "Zaporizhzhya Oblast"
    assert oblast_english_name("Krasnodarskiy kray", ru) == "Krasnodar Krai"
    assert oblast_english_name("Mykolaivska oblast", ua) is None  # a village's name, not the capital's
    assert oblast_english_name("Moskovskaya oblast'", ru) is None  # an adjective is no capital
    assert oblast_english_name("Sverdlovskaya oblast'", ru) is None  # its capital is Yekaterinburg
    assert oblast_english_name("Dagestan, Respublika", ru) is None
    assert oblast_english_name("Kirovohradska oblast", ua) is None  # a village of its name's start is no capital
    assert oblast_english_name("Tul'skaya oblast'", ru) == "Tula Oblast"  # the apostrophe is no letter
