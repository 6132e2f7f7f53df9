"""Document-level linking and record priors on a hand-made KB (pure: no services); the
document-level rules that revisit the decisions are tested in ``test_document_rules.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.analysis import alias_key
from index.lookup import ACRONYM, ALT, NAME, AliasIndex, match_kinds
from index.records import KBRecord
from streams.schemas import Mention
from workers.extraction.gazetteer import Gazetteer, gazetteer_mentions, longest_names
from workers.normalization.document import coreferent, is_acronym_surface
from workers.normalization.model import AliasLinker


def rec(id: str, name: str, aliases: tuple[str, ...] = (), type: str = "LOC", pop: float = 0.5, **geo) -> KBRecord:
    return KBRecord(id=id, name=name, aliases=aliases, type=type, description=geo.pop("desc", ""), popularity=pop, **geo)


@pytest.fixture(scope="module")
def index() -> AliasIndex:
    return AliasIndex.build([
        rec("iso3166:IT", "Italy", ("Italian", "Italians", "IT"), pop=0.95, country="IT", feature="country"),
        rec("geonames:1", "Italy", pop=0.4, country="US", admin1="US-TX", feature="city", population=2000,
            desc="City in Texas, United States"),
        rec("iso3166-2:US-TX", "Texas", pop=0.6, country="US", admin1="US-TX", feature="admin1"),
        rec("iso3166:AU", "Australia", ("Australian",), pop=0.95, country="AU", feature="country"),
        rec("geonames:2", "Perth", pop=0.9, country="AU", admin1="AU.08", feature="city", population=2_000_000),
        rec("geonames:3", "Perth", pop=0.55, country="GB", admin1="GB.SCT", feature="city", population=47_000),
        rec("geonames:4", "Newcastle", pop=0.6, country="AU", admin1="AU.02", feature="city", population=300_000),
        rec("geonames:5", "Newcastle upon Tyne", ("Newcastle",), pop=0.62, country="GB", feature="city",
            population=280_000),
        rec("geonames:6", "Un", ("Un",), pop=0.5, country="IN", feature="city", population=30_000),
        rec("wiki:United_Nations", "United Nations", ("UN",), type="ORG", pop=0.9, feature="article"),
        rec("geonames:7", "Howard", pop=0.48, country="US", feature="city", population=19_000),
        rec("geonames:8", "Florence", pop=0.75, country="IT", feature="city", population=370_000),
        rec("geonames:9", "Florence", pop=0.45, country="US", admin1="US-AL", feature="city", population=40_000),
        rec("iso3166-2:US-AL", "Alabama", pop=0.6, country="US", admin1="US-AL", feature="admin1"),
    ], "kb-doc-test")


def m(text: str, surface: str, etype: str = "LOC", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start=start, end=start + len(surface), surface=surface, type=etype, score=0.9)

def shipped_linker(ix: AliasIndex) -> AliasLinker:
    """The linker with the shipped ranker's weights and calibration."""
    from workers.normalization.model import load_ranker

    weights, cal = load_ranker(Path(__file__).resolve().parents[3] / "workers/normalization/ranker.distant.v1.json")
    return AliasLinker(ix, weights=weights, calibration=cal)



def test_match_kinds_mark_names_acronyms_and_alternate_names():
    kinds = match_kinds(rec("geonames:5", "Newcastle upon Tyne", ("Newcastle", "NCL")))
    assert kinds["newcastle upon tyne"] == NAME
    assert kinds["newcastle"] == ALT and kinds["ncl"] == ALT | ACRONYM


def test_country_beats_namesake_village(index):
    text = "Italy won the match in Rome."
    (d,) = AliasLinker(index).link(text, [m(text, "Italy")])
    assert d.kb_id == "iso3166:IT"


def test_demonym_links_to_its_country(index):
    text = "Italian troops crossed the border."
    (d,) = AliasLinker(index).link(text, [m(text, "Italian", "MISC")])
    assert d.kb_id == "iso3166:IT"


def test_geographic_coherence_prefers_namesakes_in_the_story_country(index):
    text = "Australia's east coast: storms hit Newcastle and Perth overnight."
    ms = [m(text, "Australia"), m(text, "Newcastle"), m(text, "Perth")]
    _, newcastle, perth = AliasLinker(index).link(text, ms)
    assert newcastle.kb_id == "geonames:4" and perth.kb_id == "geonames:2"


def test_city_region_compound_picks_the_city_in_that_region(index):
    text = "The mayor of Florence, Alabama said so."
    florence, alabama = AliasLinker(index).link(text, [m(text, "Florence"), m(text, "Alabama")])
    assert florence.kb_id == "geonames:9" and alabama.kb_id == "iso3166-2:US-AL"


def test_all_caps_surface_matches_only_acronyms(index):
    text = "The UN met in New York."
    (d,) = AliasLinker(index).link(text, [m(text, "UN", "ORG")])
    assert d.kb_id == "wiki:United_Nations"
    assert is_acronym_surface("U.S.") and not is_acronym_surface("Un")


def test_person_is_never_a_town_and_unknown_full_name_makes_surname_nil(index):
    text = "John Howard said Howard would stay."
    full, short = AliasLinker(index).link(text, [m(text, "John Howard", "PER"), m(text, "Howard", "PER", nth=1)])
    assert full.kb_id is None and short.kb_id is None


def test_coreference_needs_a_person_mention():
    text = "Ansar al-Islam is a group; Islam is a religion."
    ms = [m(text, "Ansar al-Islam", "PER"), m(text, "Islam", "MISC", nth=1)]
    assert coreferent(1, ms) is None
    assert coreferent(1, [ms[0], m(text, "Islam", "PER", nth=1)]) == 0


def test_gazetteer_adds_missed_notable_names_but_not_sentence_starts_or_demonyms(index):
    gaz = Gazetteer.build(index)
    text = "Storms in Italy. Perth was hit and Australian officials spoke."
    out = gazetteer_mentions(text, [], gaz)
    assert [x.surface for x in out] == ["Italy"]  # Perth starts a sentence; demonyms are the NER's
    assert out[0].type == "LOC"


def test_gazetteer_leaves_a_name_inside_a_longer_capitalized_run(index):
    gaz = Gazetteer.build(index)
    text = "Officials in Italy, Italy Inc and the Grand Italy Hotel spoke. In Italy, rain."
    out = gazetteer_mentions(text, [], gaz)
    # "Italy Inc" is a company (its legal form says so), never the country inside it
    assert [(x.surface, x.start) for x in out] == [("Italy", 13), ("Italy Inc", 20), ("Italy", text.rindex("Italy"))]


def test_a_mention_grows_to_the_longest_notable_name_around_it():
    ix = AliasIndex.build([
        rec("iso3166:US", "United States", ("American", "U.S."), pop=0.95, country="US", feature="country"),
        rec("wiki:ASL", "American Sign Language", type="MISC", pop=0.7, feature="article"),
        rec("wiki:JP2", "John Paul II", ("Pope John Paul II",), type="PER", pop=0.8, feature="article"),
        rec("wiki:VI", "U.S. Virgin Islands", type="LOC", pop=0.7, feature="article"),
    ], "kb-longest-test")
    gaz = Gazetteer.build(ix)
    text = "Signs of American Sign Language. Pope John Paul II met American troops in the U.S. Virgin Islands."
    ner = [m(text, "American", "MISC"), m(text, "John Paul II", "PER"), m(text, "American", "MISC", 1),
           m(text, "U.S.", "LOC"), m(text, "Virgin Islands", "LOC")]
    out = longest_names(text, ner, gaz)
    # grown rightwards over the run; never leftwards over a title; "American troops" is no name;
    # the NER's two pieces of "U.S. Virgin Islands" become one mention
    assert [(x.surface, x.type) for x in out] == [("American Sign Language", "MISC"), ("John Paul II", "PER"),
                                                  ("American", "MISC"), ("U.S. Virgin Islands", "LOC")]


def test_calibration_decides_nil_on_the_calibrated_probability(index):
    from workers.normalization.model import Calibration

    text = "Flights to Perth were cancelled."
    mention = [m(text, "Perth")]
    assert AliasLinker(index).link(text, mention)[0].kb_id == "geonames:2"
    never = AliasLinker(index, calibration=Calibration((0.0, 1.0), (0.2, 0.3)))
    d = never.link(text, mention)[0]
    assert d.kb_id is None and d.nil_reason == "needs_context" and d.score >= 0.7
    sure = AliasLinker(index, calibration=Calibration((0.0, 1.0), (0.6, 0.99))).link(text, mention)[0]
    assert sure.kb_id == "geonames:2" and sure.score >= 0.6


def test_document_features_hold_out_rows(index):
    text = "Flights to Perth were cancelled."
    linker = AliasLinker(index)
    perth_au = index.ids.index("geonames:2")
    (rows, _), = linker.document_features(text, [m(text, "Perth")])
    (held, feats), = linker.document_features(text, [m(text, "Perth")], frozenset({perth_au}))
    assert perth_au in rows and perth_au not in held and len(held) == len(rows) - 1 == len(feats)


def test_newswire_rules_companies_currencies_and_country_names():
    from index.analysis import strip_legal_suffix
    from workers.extraction.reshape import without_currencies

    assert strip_legal_suffix("Bank of New York Co Inc") == "Bank of New York"
    assert strip_legal_suffix("Skanska AB") == "Skanska"
    assert strip_legal_suffix("AB Investor") == "Investor" and strip_legal_suffix("ABB") is None
    assert strip_legal_suffix("Chevron") is None and strip_legal_suffix("Corp") is None
    ix = AliasIndex.build([
        rec("isin:CVX", "Chevron Corporation", ("Chevron",), type="ORG", pop=0.6, feature="company"),
        rec("geonames:10", "Chevron", pop=0.3, country="BE", feature="city", population=700),
        rec("iso3166:MX", "Mexico", pop=1.0, country="MX", feature="country"),
        rec("geonames:11", "Mexico City", ("Mexico",), pop=0.95, country="MX", feature="capital", population=9_000_000),
        rec("iso3166-2:CA-AB", "Alberta", pop=0.6, country="CA", admin1="CA-AB", feature="admin1"),
        rec("icao:X", "Cmp Airport", ("CMP",), pop=0.3, feature="airport"),
        rec("isin:PG", "Procter & Gamble", type="ORG", pop=0.6, feature="company"),
    ], "kb-news-test")
    assert ix.lookup_company("Chevron Corp") == tuple(r for r in ix.lookup("Chevron") if ix.types[r] == "ORG")
    assert [ix.ids[r] for r in ix.lookup_company("Procter and Gamble Co")] == ["isin:PG"]  # newswire's "and" for "&"
    linker = AliasLinker(ix)
    text = ("Chevron Corp said. Tylan General Inc. rose; Tylan was up. CMP fell. Prices in Canadian dlrs in Alberta "
            "and Mexico.")
    ms = [m(text, "Chevron Corp", "ORG"), m(text, "Tylan General Inc.", "ORG"), m(text, "Tylan", "ORG", 1),
          m(text, "CMP", "ORG"), m(text, "Canadian", "MISC"), m(text, "Alberta"), m(text, "Mexico")]
    kept = without_currencies(text, ms)
    assert [x.surface for x in kept] == ["Chevron Corp", "Tylan General Inc.", "Tylan", "CMP", "Alberta", "Mexico"]
    ds = linker.link(text, kept)
    # the company without its legal form; "Tylan" is the unknown Tylan General Inc. (NIL, not a
    # record); "CMP" the company is no airport code; a province by its own name; Mexico the country
    assert [d.kb_id for d in ds] == ["isin:CVX", None, None, None, "iso3166-2:CA-AB", "iso3166:MX"]


def test_a_legal_form_reveals_a_company_name():
    from workers.extraction.reshape import company_names

    text = ("Shares of Texaco Inc rose. The deal with B and R International Inc. closed. British and Commonwealth "
            "Shipping Co Plc said ASEA AB and Bank of New York Co Inc agreed to buy Miami-based Heinl's Nursery Inc.")
    ner = [m(text, "Commonwealth Shipping Co Plc", "ORG"), m(text, "Miami")]
    out = company_names(text, ner)
    assert [(x.surface, x.type) for x in out] == [
        ("Texaco Inc", "ORG"), ("B and R International Inc.", "ORG"),
        ("British and Commonwealth Shipping Co Plc", "ORG"), ("ASEA AB", "ORG"), ("Bank of New York Co Inc", "ORG"),
        ("Miami", "LOC"), ("Heinl's Nursery Inc.", "ORG")]

    text = ("Du Pont Co's Conoco Inc unit sold it in the United States. Standard and Poor's Corp said "
            "Johnson and Johnson and Tate and Lyle Plc agreed.")
    assert [x.surface for x in company_names(text, [m(text, "Du Pont Co", "ORG")])] == [
        "Du Pont Co", "Conoco Inc", "Standard and Poor's Corp", "Tate and Lyle Plc"]
    text = "He bought S. and A. Truck Tire Sales and Service Corp and Farmers and Merchants Savings and Loan Co."
    assert [x.surface for x in company_names(text, [])] == [
        "S. and A. Truck Tire Sales and Service Corp", "Farmers and Merchants Savings and Loan Co."]


def test_a_country_with_a_generic_body_is_the_country_alone():
    from workers.extraction.reshape import country_heads

    ix = AliasIndex.build([
        rec("iso3166:US", "United States", ("U.S.",), pop=0.95, country="US", feature="country"),
        rec("iso3166:IN", "India", ("Indian",), pop=0.95, country="IN", feature="country"),
        rec("wiki:VI", "U.S. Virgin Islands", type="LOC", pop=0.7, feature="article"),
    ], "kb-heads-test")
    gaz = Gazetteer.build(ix)
    text = ("The largest U.S. Government securities broker, the Indian Parliament and the Federal Government "
            "met in the U.S. Virgin Islands with U.S. Steel.")
    ms = [m(text, "U.S. Government", "ORG"), m(text, "Indian Parliament", "ORG"), m(text, "Federal Government", "ORG"),
          m(text, "U.S. Virgin Islands", "LOC"), m(text, "U.S. Steel", "ORG")]
    out = country_heads(text, ms, gaz)
    # the country (or demonym) alone; generic words alone are no mention; a notable name and a
    # non-generic body ("Steel": a company) stay whole
    assert [(x.surface, x.type) for x in out] == [("U.S.", "LOC"), ("Indian", "MISC"), ("U.S. Virgin Islands", "LOC"),
                                                  ("U.S. Steel", "ORG")]
    assert all(text[x.start : x.end] == x.surface for x in out)


def test_currency_spans_are_no_mentions():
    from workers.extraction.reshape import without_currencies

    ix = AliasIndex.build([rec("iso3166:US", "United States", ("U.S.",), pop=0.95, country="US", feature="country")],
                          "kb-currency-test")
    text = "Profit was 12 cts a share, or 40 mln U.S. Dlrs, Mark Rand said."
    ms = [m(text, "cts", "ORG"), m(text, "U.S. Dlrs", "MISC"), m(text, "Mark Rand", "PER"), m(text, "Mark", "PER")]
    assert [x.surface for x in without_currencies(text, ms, Gazetteer.build(ix))] == ["Mark Rand", "Mark"]
    text = "It raised 40 mln N.Z. Dlrs and 5 mln H.K. Dlr."  # no country record needed: "Dlrs" is never a name's
    ms = [m(text, "N.Z. Dlrs", "MISC"), m(text, "H.K. Dlr", "ORG")]
    assert without_currencies(text, ms, Gazetteer.build(ix)) == []


def test_a_demonym_and_one_capitalized_word_name_an_organisation():
    from workers.extraction.reshape import demonym_names

    ix = AliasIndex.build([rec("iso3166:SE", "Sweden", ("Swedish",), pop=0.95, country="SE", feature="country"),
                           rec("iso3166:AU", "Australia", ("Australian",), pop=0.95, country="AU", feature="country"),
                           rec("iso3166:DE", "Germany", ("German",), pop=0.95, country="DE", feature="country")],
                          "kb-demonym-names-test")
    gaz = Gazetteer.build(ix)
    text = ("Swedish Match rose. The Australian Democrats and the Australian Taliban. German Chancellor Helmut Kohl "
            "met Swedish Government officials.")
    ms = [m(text, "Swedish", "MISC"), m(text, "Australian", "MISC"), m(text, "Democrats", "MISC"),
          m(text, "Australian", "MISC", 1), m(text, "Taliban", "ORG"), m(text, "German", "MISC"),
          m(text, "Helmut Kohl", "PER"), m(text, "Swedish", "MISC", 1)]
    out = demonym_names(text, ms, gaz)
    assert [(x.surface, x.type) for x in out] == [
        ("Swedish Match", "ORG"), ("Australian Democrats", "ORG"), ("Australian", "MISC"), ("Taliban", "ORG"),
        ("German", "MISC"), ("Helmut Kohl", "PER"), ("Swedish", "MISC")]


def test_a_capitalized_common_word_typed_a_name_is_no_concept_article():
    ix = AliasIndex.build([
        rec("wiki:Finance", "Finance", type="MISC", pop=0.9, feature="article"),
        rec("wiki:Islam", "Islam", type="MISC", pop=0.9, feature="article"),
    ], "kb-common-words")
    linker = AliasLinker(ix)
    text = "Finance officials met. Islam was discussed. Corporate finance grew."
    ds = linker.link(text, [m(text, "Finance", "ORG"), m(text, "Islam", "ORG"), m(text, "Finance", "MISC")])
    # "finance" is written in lower case in prose: capitalized and typed a name, it is one (NIL
    # here); "Islam" is always capitalized; a MISC mention may still be the concept
    assert ds[0].kb_id is None and not ds[0].candidates
    assert ds[1].kb_id == "wiki:Islam"
    assert any(c.kb_id == "wiki:Finance" for c in ds[2].candidates)


def test_a_one_word_name_the_ner_calls_a_person_may_be_a_notable_place_but_never_a_town():
    ix = AliasIndex.build([
        rec("wiki:Danube", "Danube", pop=0.9, feature="article", desc="River in Europe"),
        rec("geonames:40", "Ibadan", pop=0.8, country="NG", feature="city", population=3_000_000),
        rec("geonames:41", "Reid", pop=0.4, country="US", feature="city", population=3_000),
        rec("wiki:Aaron_Copland", "Aaron Copland", ("Copland",), type="PER", pop=0.9, feature="article"),
    ], "kb-notable-place-test")
    linker = AliasLinker(ix)
    text = "The Danube flows past Ibadan, said Reid. Danube Smith agreed."
    ds = linker.link(text, [m(text, "Danube", "PER"), m(text, "Ibadan", "PER"), m(text, "Reid", "PER"),
                            m(text, "Danube Smith", "PER")])
    assert [d.kb_id for d in ds] == ["wiki:Danube", "geonames:40", None, None]
    text = "Copland wrote it."  # a place mention is never a person
    assert linker.link(text, [m(text, "Copland", "LOC")])[0].kb_id is None


def test_a_continent_adjective_or_its_plural_links_to_the_continent():
    ix = AliasIndex.build([
        rec("wiki:Europe", "Europe", ("European", "Europeans"), pop=0.9, feature="article", desc="Continent"),
        rec("wiki:Latin_America", "Latin America", ("Latin American",), pop=0.9, feature="article", desc="Region"),
    ], "kb-adjective-test")
    linker = AliasLinker(ix)
    text = "European leaders met Latin American and Europeans envoys."
    ds = linker.link(text, [m(text, "European", "MISC"), m(text, "Latin American", "MISC"), m(text, "Europeans", "MISC")])
    assert [d.kb_id for d in ds] == ["wiki:Europe", "wiki:Latin_America", "wiki:Europe"]


def test_a_name_with_a_generic_head_is_looked_up_by_the_name_among_records_of_that_kind():
    ix = AliasIndex.build([
        rec("iso3166-2:JP-46", "Kagoshima", pop=0.7, country="JP", admin1="JP-46", feature="admin1", population=1_500_000),
        rec("geonames:50", "Kagoshima", pop=0.8, country="JP", admin1="JP-46", feature="city", population=600_000),
        rec("wiki:Triassic", "Triassic", type="MISC", pop=0.9, feature="article"),
        rec("geonames:51", "Triassic", pop=0.3, country="US", feature="city", population=600),
        rec("wiki:Prussia", "Prussia", pop=0.9, feature="article", desc="German state"),
    ], "kb-generic-head-test")
    linker = AliasLinker(ix)
    text = "Kagoshima Prefecture rocks of the Triassic Period, in the Kingdom of Prussia."
    ds = linker.link(text, [m(text, "Kagoshima Prefecture"), m(text, "Triassic Period", "MISC"),
                            m(text, "Kingdom of Prussia")])
    assert [d.kb_id for d in ds] == ["iso3166-2:JP-46", "wiki:Triassic", "wiki:Prussia"]


def test_a_coordination_of_notable_names_is_split_and_a_firm_name_is_not():
    from workers.extraction.reshape import split_coordinations

    gaz = Gazetteer({"haryana": "LOC", "himachal pradesh": "LOC", "merrill lynch": "ORG"}, frozenset())
    text = "Haryana, Himachal Pradesh and Merrill Lynch, Pierce, Fenner and Smith"
    ms = split_coordinations(text, [m(text, "Haryana, Himachal Pradesh", "ORG"),
                                    m(text, "Merrill Lynch, Pierce, Fenner and Smith", "ORG")], gaz)
    assert [(x.surface, x.type, text[x.start:x.end]) for x in ms] == [
        ("Haryana", "LOC", "Haryana"), ("Himachal Pradesh", "LOC", "Himachal Pradesh"),
        ("Merrill Lynch, Pierce, Fenner and Smith", "ORG", "Merrill Lynch, Pierce, Fenner and Smith")]


def test_the_gazetteer_adds_no_title_of_office_alone():
    gaz = Gazetteer({"king": "PER", "hungary": "LOC"}, frozenset())
    text = "He became the King of Hungary."
    assert [x.surface for x in gazetteer_mentions(text, [], gaz)] == ["Hungary"]


def test_names_after_a_locative_or_joined_to_one_are_places_and_others_stay_persons():
    from workers.normalization.document import as_places

    text = "Police in Hobart and Launceston thanked Reid. In Howard's view, Spain and Leopold agreed."
    ms = [m(text, "Hobart", "PER"), m(text, "Launceston", "PER"), m(text, "Reid", "PER"),
          m(text, "Howard", "PER"), m(text, "Spain"), m(text, "Leopold", "PER")]
    assert [x.type for x in as_places(text, ms)] == ["LOC", "LOC", "PER", "PER", "LOC", "PER"]


def test_a_mention_first_guess_is_no_geographic_evidence_for_itself():
    ix = AliasIndex.build([
        rec("iso3166-2:AU-VIC", "Victoria", pop=0.8, country="AU", admin1="AU-VIC", feature="admin1", population=12_000_000),
        rec("geonames:80", "Victoria", pop=0.85, country="SC", admin1="SC.15", feature="capital", population=22_000,
            desc="Capital of Seychelles"),
        rec("geonames:81", "Ballarat", pop=0.6, country="AU", admin1="AU-VIC", feature="city", population=110_000),
    ], "kb-leave-one-out-test")
    linker = shipped_linker(ix)
    text = "Fire crews in Victoria are battling blazes near Ballarat."
    assert linker.link(text, [m(text, "Victoria"), m(text, "Ballarat")])[0].kb_id == "iso3166-2:AU-VIC"


def test_two_mentions_that_together_are_a_name_with_a_comma_are_one():
    from workers.extraction.reshape import comma_names

    gaz = Gazetteer({"washington dc": "LOC", "florence": "LOC", "alabama": "LOC"}, frozenset())
    text = "From Washington, D.C. to Florence, Alabama."
    ms = comma_names(text, [m(text, "Washington"), m(text, "D.C."), m(text, "Florence"), m(text, "Alabama")], gaz)
    assert [x.surface for x in ms] == ["Washington, D.C.", "Florence", "Alabama"]


def test_the_gazetteer_starts_no_name_with_an_article():
    gaz = Gazetteer({"pope": "PER", "vatican": "LOC"}, frozenset())
    text = "The Pope spoke at the Vatican."
    assert [x.surface for x in gazetteer_mentions(text, [], gaz)] == ["Vatican"]


def test_a_span_run_on_over_in_and_a_notable_place_is_split():
    from workers.extraction.reshape import split_at_places

    gaz = Gazetteer({"sydney": "LOC", "wonderland": "MISC"}, frozenset())
    text = "The All Blacks in Sydney read Alice in Wonderland."
    ms = split_at_places(text, [m(text, "All Blacks in Sydney", "MISC"), m(text, "Alice in Wonderland", "MISC")], gaz)
    assert [(x.surface, x.type, text[x.start:x.end]) for x in ms] == [
        ("All Blacks", "MISC", "All Blacks"), ("Sydney", "LOC", "Sydney"), ("Alice in Wonderland", "MISC", "Alice in Wonderland")]


def test_a_capitalized_name_is_never_linked_to_a_concept_article():
    ix = AliasIndex.build([
        rec("wiki:House", "House", type="MISC", pop=0.9, feature="article",
            desc="Building comprising a single dwelling. A house is a residential building"),
        rec("wiki:Islam", "Islam", type="MISC", pop=0.9, feature="article",
            desc="Abrahamic religion. Islam is an Abrahamic monotheistic religion"),
    ], "kb-concept-test")
    text = "A bill cleared a House subcommittee; Islam was discussed."
    ms = [Mention(start=text.index("House"), end=text.index("House") + 5, surface="House", type="ORG", score=0.9),
          Mention(start=text.index("Islam"), end=text.index("Islam") + 5, surface="Islam", type="MISC", score=0.9)]
    assert [d.kb_id for d in AliasLinker(ix).link(text, ms)] == [None, "wiki:Islam"]


def test_a_single_letter_links_to_nothing():
    ix = AliasIndex.build([rec("geonames:1", "Detroit", ("D",), pop=0.9, country="US", feature="city", population=700_000)],
                          "kb-letter-test")
    text = "James Wright (D-Tex) said."
    assert [d.kb_id for d in AliasLinker(ix).link(text, [m(text, "D", "ORG")])] == [None]


def test_a_generic_head_must_be_the_records_kind_and_speaking_makes_a_language():
    ix = AliasIndex.build([
        rec("wiki:Colorado_River", "Colorado River", ("Colorado",), pop=0.9, feature="article",
            desc="River in the United States. The Colorado River is a river"),
        rec("wiki:Sahara", "Sahara", pop=0.9, feature="article", desc="Desert in Africa. The Sahara is a desert"),
        rec("iso3166:FR", "France", ("French",), pop=0.97, country="FR", feature="country"),
        rec("wiki:French_language", "French language", type="MISC", pop=0.9, feature="article",
            desc="Romance language. French is a Romance language"),
    ], "kb-generic-speaking")
    text = "Near the Colorado Plateau and the Sahara Desert, French-speaking towns and a French army."
    ms = [m(text, "Colorado Plateau"), m(text, "Sahara Desert"), m(text, "French", "MISC"),
          m(text, "French", "MISC", 1)]
    got = [d.kb_id for d in AliasLinker(ix).link(text, ms[:3])]
    assert got == [None, "wiki:Sahara", "wiki:French_language"]


def test_an_organisation_takes_no_small_town_and_no_city_by_a_translated_name():
    ix = AliasIndex.build([
        rec("geonames:10", "Congress", pop=0.3, country="US", admin1="US-AZ", feature="city", population=1975),
        rec("geonames:11", "Casablanca", ("White House",), pop=0.7, country="MA", feature="city", population=3_000_000),
        rec("geonames:12", "Galveston", pop=0.5, country="US", admin1="US-TX", feature="city", population=53_000),
    ], "t")
    linker = shipped_linker(ix)
    text = "Congress and the White House met; Galveston shares fell. Congress, Arizona is small."
    org = [Mention(start=text.index(s), end=text.index(s) + len(s), surface=s, type="ORG", score=0.9)
           for s in ("Congress", "White House", "Galveston")]
    loc = Mention(start=text.rindex("Congress"), end=text.rindex("Congress") + 8, surface="Congress", type="LOC",
                  score=0.9)
    got = linker.link(text, [*org, loc])
    assert [d.candidates[0].kb_id if d.candidates else None for d in got[:3]] == [None, None, "geonames:12"]
    assert got[3].candidates and got[3].candidates[0].kb_id == "geonames:10"


def test_a_listed_companys_name_without_its_legal_form_is_its_canonical_name():
    ix = AliasIndex.build([
        rec("isin:1", "Moody's Corporation", ("Moody's",), type="ORG", pop=0.6, feature="company"),
        rec("isin:2", "Fox Corporation", ("Fox",), type="ORG", pop=0.6, feature="company"),
        rec("isin:3", "London Stock Exchange Group", ("London Stock Exchange",), type="ORG", pop=0.6, feature="company"),
        rec("isin:4", "AB Volvo", ("Volvo",), type="ORG", pop=0.6, feature="company"),
        rec("wiki:Moodys", "Moody's", type="ORG", pop=0.6, feature="article"),
    ], "kb-canonical-test")
    row = {rid: ix.ids.index(rid) for rid in ix.ids}
    assert ix.is_canonical_name(row["isin:1"], alias_key("Moody's"))
    assert ix.is_canonical_name(row["isin:1"], alias_key("Moody's Corporation"))
    assert ix.is_canonical_name(row["isin:4"], alias_key("Volvo"))  # a leading legal form
    assert not ix.is_canonical_name(row["isin:2"], alias_key("Fox"))  # a word prose writes in lower case
    assert not ix.is_canonical_name(row["isin:3"], alias_key("London Stock Exchange"))  # a group's name less "Group"
