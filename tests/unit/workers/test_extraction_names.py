"""Titles, names a document defines, and spans drawn too wide (workers/extraction/names.py, splits.py)."""

from __future__ import annotations

from index.analysis import abbreviates
from streams.schemas import Mention
from workers.extraction.gazetteer import Gazetteer, gazetteer_mentions
from workers.extraction.names import letter_pairs, short_forms, without_titles
from workers.extraction.splits import (
    split_demonym_bodies,
    split_dotted_abbreviations,
    split_hyphen_pairs,
    without_common_starts,
)


def m(text: str, surface: str, etype: str = "LOC", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start=start, end=start + len(surface), surface=surface, type=etype, score=0.9)


def spans(ms: list[Mention], text: str) -> list[tuple[str, str]]:
    assert all(text[x.start : x.end] == x.surface for x in ms)
    return [(x.surface, x.type) for x in ms]


def test_titles_leave_person_spans_a_ruler_of_a_place_is_the_place_and_a_title_alone_goes():
    text = ("King Ferdinand II met Prince Faisal, the King of Poland, the Grand Duke, General Motors, "
            "Duke Ellington, the Queen Elizabeth Hospital, Cardinal Industries and the Duke of Wellington.")
    titled = {"Duke Ellington"}.__contains__
    ms = [m(text, "King Ferdinand II", "ORG"), m(text, "Prince Faisal", "PER"), m(text, "King of Poland"),
          m(text, "Grand Duke", "PER"), m(text, "General Motors", "ORG"), m(text, "Duke Ellington", "PER"),
          m(text, "Queen Elizabeth Hospital", "ORG"), m(text, "Cardinal Industries", "ORG"),
          m(text, "Duke of Wellington", "PER")]
    assert spans(without_titles(text, ms, titled), text) == [
        ("Ferdinand II", "PER"), ("Faisal", "PER"), ("Poland", "LOC"), ("General Motors", "ORG"),
        ("Duke Ellington", "PER"), ("Queen Elizabeth Hospital", "ORG"), ("Cardinal Industries", "ORG"),
        ("Duke of Wellington", "PER")]


def test_a_short_form_the_story_defined_is_a_mention_where_the_ner_missed_it():
    text = ("Starrex Mining Corp Ltd said it found gold, Peter Lacy said. Starrex did not disclose results. "
            "Lacy said so. Lacy Industries is another firm. The International Cocoa Organization (ICCO) met; "
            "an ICCO delegate spoke. Boeing Co (BA) agreed.")
    ms = [m(text, "Starrex Mining Corp Ltd", "ORG"), m(text, "Peter Lacy", "PER"),
          m(text, "International Cocoa Organization", "ORG"), m(text, "Boeing Co", "ORG")]
    out = short_forms(text, ms, lambda w: w.lower() in {"said", "sale"}, 0.8)
    assert [(x.surface, x.type, x.start) for x in out if x not in ms] == [
        ("Starrex", "ORG", text.index("Starrex did")), ("Lacy", "PER", text.index("Lacy said so")),
        ("ICCO", "ORG", text.index("ICCO)")), ("ICCO", "ORG", text.index("ICCO delegate"))]


def test_a_short_form_written_in_lower_case_in_the_story_is_a_word():
    text = "Sale Tilney Plc bought it. Sale is paying cash; the sale closes soon."
    out = short_forms(text, [m(text, "Sale Tilney Plc", "ORG")], lambda w: False, 0.8)
    assert [x.surface for x in out] == ["Sale Tilney Plc"]


def test_acronyms_are_made_of_their_names_words_and_tickers_are_not():
    assert abbreviates("ICCO", "International Cocoa Organization")
    assert abbreviates("MITI", "Ministry of International Trade and Industry")
    assert abbreviates("EC", "European Community")
    assert not abbreviates("BA", "Boeing Co")
    assert not abbreviates("DIA", "Diamond Shamrock Corp")


def test_letters_joined_by_and_are_one_organisation():
    text = "S and P said B and C's unit gained, as did A and the rest."
    assert spans(letter_pairs(text, [], 0.8), text) == [("S and P", "ORG"), ("B and C", "ORG")]
    # the NER's single letters inside a pair give way to it; a mention running past one keeps it out
    ms = [m(text, "S", "ORG"), m(text, "P", "ORG"), m(text, "C's unit", "ORG")]
    assert spans(letter_pairs(text, ms, 0.8), text) == [("S and P", "ORG"), ("C's unit", "ORG")]


def test_two_places_joined_by_a_hyphen_are_two_mentions_unless_the_whole_is_a_place():
    text = "the U.S.-Japanese pact, Guinea-Bissau and the Coca-Cola deal"
    places = {"U.S.", "Guinea", "Bissau", "Guinea-Bissau"}
    ms = [m(text, "U.S.-Japanese", "MISC"), m(text, "Guinea-Bissau"), m(text, "Coca-Cola", "ORG")]
    out = split_hyphen_pairs(ms, places.__contains__, {"Japanese"}.__contains__)
    assert spans(out, text) == [("U.S.", "LOC"), ("Japanese", "MISC"), ("Guinea-Bissau", "LOC"), ("Coca-Cola", "ORG")]


def test_a_countrys_adjective_before_an_institution_is_split_off_and_named_bodies_stay_whole():
    text = "The Turkish Foreign Ministry, the Saudi Press Agency and Swedish Match said."
    ms = [m(text, "Turkish Foreign Ministry", "ORG"), m(text, "Saudi Press Agency", "ORG"),
          m(text, "Swedish Match", "ORG")]
    out = split_demonym_bodies(text, ms, {"Turkish", "Saudi", "Swedish"}.__contains__, lambda s: False)
    assert spans(out, text) == [("Turkish", "MISC"), ("Foreign Ministry", "ORG"), ("Saudi Press Agency", "ORG"),
                                ("Swedish Match", "ORG")]


def test_a_common_word_starting_a_sentence_is_no_name_unless_the_story_uses_it_as_one():
    text = "Department officials said so. Cargo rose. Nova said yes. Union Faith and Nova agreed. Diamond fell; Diamond Corp rose."
    ms = [m(text, "Department", "ORG"), m(text, "Cargo", "ORG"), m(text, "Nova", "ORG"), m(text, "Nova", "ORG", 1),
          m(text, "Diamond", "ORG"), m(text, "Diamond Corp", "ORG")]
    common = {"department", "cargo", "nova", "diamond"}
    out = without_common_starts(text, ms, lambda w: w.lower() in common, lambda s: False)
    assert [x.surface for x in out] == ["Nova", "Nova", "Diamond", "Diamond Corp"]


def test_the_gazetteer_finds_a_name_after_a_title():
    gaz = Gazetteer({"mary i": "PER"}, frozenset())
    text = "He married Queen Mary I in 1554."
    assert [x.surface for x in gazetteer_mentions(text, [], gaz)] == ["Mary I"]


def test_a_partnerships_names_go_on_over_commas_and_a_lists_last_item_stands_alone():
    from workers.extraction.reshape import company_names

    text = ("At par, Smith Barney, Harris Upham and Co Inc said. Analyst Lawrence Cohn, Merrill Lynch, Pierce, "
            "Fenner and Smith Inc said. It runs Sonora, Goldenbell, United and Inca Resources Inc. The Burton Group Plc rose.")
    out = company_names(text, [m(text, "Lawrence Cohn", "PER")])
    assert [x.surface for x in out] == ["Smith Barney, Harris Upham and Co Inc", "Lawrence Cohn",
                                        "Merrill Lynch, Pierce, Fenner and Smith Inc", "Inca Resources Inc.",
                                        "Burton Group Plc"]


def test_the_ners_spans_stop_at_a_line_break_and_lose_brackets_after_a_possessive():
    from workers.extraction.model import spans_to_mentions

    text = "Rated by Standard and Poor's Corp.\nMead said so. It bought <New Jersey Zinc Co>'s stake."
    a = text.index("Standard")
    b = text.index("New Jersey")
    out = spans_to_mentions(text, [(a, text.index("Mead") + 4, "ORG"), (b, text.index("'s stake") + 2, "ORG")], 0.85)
    assert [x.surface for x in out] == ["Standard and Poor's Corp.", "Mead", "New Jersey Zinc Co"]


def test_a_name_after_a_title_is_a_persons_and_a_ticker_is_no_short_form():
    text = "President Thabo Mbeki spoke. ASEA AB <ASEA ST> rose; the Queen Elizabeth Hospital opened."
    ms = [m(text, "Thabo Mbeki", "LOC"), m(text, "ASEA AB", "ORG"), m(text, "Elizabeth Hospital", "ORG")]
    out = without_titles(text, ms, lambda s: False)
    assert spans(out, text) == [("Thabo Mbeki", "PER"), ("ASEA AB", "ORG"), ("Elizabeth Hospital", "ORG")]
    assert [x.surface for x in short_forms(text, out, lambda w: False, 0.8)] == ["Thabo Mbeki", "ASEA AB",
                                                                                "Elizabeth Hospital"]


def test_a_double_barrelled_surname_is_one_person_span():
    from workers.extraction.model import spans_to_mentions

    text = "Ivorian President Felix Houphouet-Boigny and the US-led force"
    a = text.index("Felix")
    out = spans_to_mentions(text, [(a, a + len("Felix Houphouet"), "PERSON"), (text.index("US"), text.index("US") + 2, "GPE")], 0.85)
    assert [x.surface for x in out] == ["Felix Houphouet-Boigny", "US"]


def test_an_abbreviated_legal_form_before_a_capital_ended_a_sentence():
    from workers.extraction.splits import split_after_legal_forms

    text = "Goldman, Sachs and Co. Procter and Gamble Co rose; Coca-Cola Bottling Co Consolidated fell."
    ms = [m(text, "Goldman, Sachs and Co. Procter and Gamble Co", "ORG"), m(text, "Coca-Cola Bottling Co Consolidated", "ORG")]
    assert spans(split_after_legal_forms(text, ms), text) == [
        ("Goldman, Sachs and Co.", "ORG"), ("Procter and Gamble Co", "ORG"), ("Coca-Cola Bottling Co Consolidated", "ORG")]

    text = "Occidental Petroleum Corp's Occidental Chemical Corp said."
    ms = [m(text, "Occidental Petroleum Corp's Occidental Chemical Corp", "ORG")]
    assert spans(split_after_legal_forms(text, ms), text) == [("Occidental Petroleum Corp", "ORG"),
                                                             ("Occidental Chemical Corp", "ORG")]


def test_newswire_codes_are_no_mentions():
    from workers.extraction.splits import without_codes

    text = ("Moody's rated it Aa-2 and A-1, P-1; M-1B and M1-B rose; Shr 1.13; Revs; Alpha-1 Corp; AAA; "
            "at 0840 GMT (FOB) shares fell to 802p from 422.25/3.25 in the 1980 Summer Olympics.")
    ms = [m(text, s, "ORG") for s in ("Aa-2", "A-1", "P-1", "M-1B", "M1-B", "Shr 1.13", "Revs", "Alpha-1 Corp", "AAA",
                                      "GMT", "FOB", "802p", "422.25/3.25", "1980 Summer Olympics")]
    assert [x.surface for x in without_codes(ms)] == ["Alpha-1 Corp", "AAA", "1980 Summer Olympics"]
    text = "S and P cut it to BB from BBB-; the senior notes are AA- and CCC+; the CCC approved it."
    ms = [m(text, s, "ORG") for s in ("S and P", "BB", "BBB-", "AA-", "CCC+", "CCC")]
    assert [x.surface for x in without_codes(ms)] == ["S and P", "CCC"]  # the Commodity Credit Corp stays
    # names that look like codes stay: a film, aircraft, an event; a code the KB knows as a name
    text = "007 flew a 737-200 and a 747 on 9/11; the B-1 and the M1 rolled on."
    ms = [m(text, s, "MISC") for s in ("007", "737-200", "747", "9/11", "B-1", "M1")]
    kept = without_codes(ms, lambda s: s in ("B-1", "M1"))
    assert [x.surface for x in kept] == ["007", "737-200", "747", "9/11", "B-1", "M1"]


def test_a_date_the_ner_took_for_a_name_is_no_mention_unless_it_names_an_event():
    from workers.extraction.model import spans_to_mentions

    text = "Between Jan 26 and Feb 9, Aug/Sept at 1,870; the Sept. 11 attacks; Theresa May spoke."
    spans = [(text.index(s), text.index(s) + len(s), label)
             for s, label in (("Feb 9", "ORG"), ("Aug/Sept", "ORG"), ("Sept. 11", "EVENT"), ("Theresa May", "PERSON"))]
    assert [x.surface for x in spans_to_mentions(text, spans, 0.85)] == ["Sept. 11", "Theresa May"]


def test_a_legislators_party_and_state_are_two_mentions():
    from workers.extraction.names import party_states

    text = "House Speaker James Wright (D-Tex) and Sen. Bob Dole (R-Kan.) met (D-Xyz)."
    out = party_states(text, [m(text, "James Wright", "PER")], {"Tex", "Kan."}.__contains__, 0.8)
    assert spans(out, text) == [("James Wright", "PER"), ("D", "ORG"), ("Tex", "LOC"), ("R", "ORG"), ("Kan.", "LOC")]


def test_an_abbreviated_title_needs_its_full_stop():
    text = "Gen. Colin Powell met Gen Term Corp."
    ms = [m(text, "Gen. Colin Powell", "PER"), m(text, "Gen Term Corp", "ORG")]
    assert spans(without_titles(text, ms, lambda s: False), text) == [("Colin Powell", "PER"), ("Gen Term Corp", "ORG")]


def test_a_one_word_thing_is_a_gazetteer_name_only_when_its_article_capitalizes_it():
    from index.lookup import AliasIndex
    from index.records import KBRecord

    ix = AliasIndex.build([
        KBRecord(id="wiki:Jurassic", name="Jurassic", type="MISC", popularity=0.9, feature="article",
                 description="Geologic period. The Jurassic is a geologic period"),
        KBRecord(id="wiki:Bank", name="Bank", type="MISC", popularity=0.9, feature="article",
                 description="Financial institution. A bank is a financial institution"),
    ], "kb-gaz-things")
    gaz = Gazetteer.build(ix)
    text = "Fossils from the Jurassic were sold to a Bank in Paris; the Jurassic Period ended."
    assert [x.surface for x in gazetteer_mentions(text, [], gaz)] == ["Jurassic", "Jurassic Period"]


def test_a_ruler_with_his_number_and_realm_is_one_person_and_an_era_is_no_name():
    from workers.extraction.model import spans_to_mentions
    from workers.extraction.names import regnal_names

    text = "Lviv was named after Leo I of Galicia, son of Daniel of Galicia, in 1256 AD; Sparta fell in 371 BC."
    ms = [m(text, "Lviv"), m(text, "Leo I", "PER"), m(text, "Galicia"), m(text, "Daniel", "PER"), m(text, "Galicia", nth=1)]
    assert spans(regnal_names(text, ms), text) == [("Lviv", "LOC"), ("Leo I of Galicia", "PER"), ("Daniel", "PER"),
                                                   ("Galicia", "LOC")]
    eras = [(text.index(s), text.index(s) + len(s), "ORG") for s in ("AD", "BC")]
    assert spans_to_mentions(text, eras, 0.85) == []


def test_a_name_goes_on_with_a_lower_case_word_into_a_notable_kb_name():
    from workers.extraction.reshape import generic_tails

    gaz = Gazetteer({"moche culture": "MISC", "austronesian peoples": "MISC"}, frozenset())
    text = "It succeeded the Moche culture and the Austronesian peoples, unlike the Inca culture."
    ms = [m(text, "Moche", "MISC"), m(text, "Austronesian", "MISC"), m(text, "Inca", "MISC")]
    assert spans(generic_tails(text, ms, gaz), text) == [("Moche culture", "MISC"), ("Austronesian peoples", "MISC"),
                                                         ("Inca", "MISC")]


def test_a_capitalized_common_word_after_a_dotted_abbreviation_is_dropped():
    text = "Markets open to U.S. Firms, U.K. Operations rose, the U.S. Navy sailed, U.S. Steel gained, U.S. Gizmos."
    common = {"firms", "operations", "navy", "steel"}.__contains__
    is_name = {"U.S. Steel"}.__contains__
    ms = [m(text, "U.S. Firms", "ORG"), m(text, "U.K. Operations", "ORG"), m(text, "U.S. Navy", "ORG"),
          m(text, "U.S. Steel", "ORG"), m(text, "U.S. Gizmos", "ORG")]
    got = split_dotted_abbreviations(ms, lambda w: common(w.lower()), is_name)
    assert spans(got, text) == [("U.S.", "MISC"), ("U.K.", "MISC"), ("U.S. Navy", "ORG"), ("U.S. Steel", "ORG"),
                                ("U.S. Gizmos", "ORG")]


def test_a_datelines_month_is_cut_from_the_place_before_it():
    from workers.extraction.splits import without_trailing_dates

    text = ("NEW YORK, New York Sept 12 - traded at New York Sept and Oct/Dec; LONDON, March 3; the Long March "
            "began; Theresa May 2017; Paris May and Janet; a Long March 5 rocket.")

    def m(surface: str, start: int = 0, type: str = "LOC") -> Mention:
        at = text.index(surface, start)
        return Mention(start=at, end=at + len(surface), surface=surface, type=type, score=1.0)

    got = without_trailing_dates(text, [m("New York Sept"), m("New York Sept", 30), m("LONDON, March"), m("Long March"),
                                        m("Theresa May", type="PER"), m("Paris May"), m("Long March", 120, "MISC")])
    assert [(x.surface, text[x.start : x.end]) for x in got] == [
        ("New York",) * 2, ("New York",) * 2, ("LONDON",) * 2, ("Long March",) * 2, ("Theresa May",) * 2,
        ("Paris May",) * 2, ("Long March",) * 2]


def test_news_titles_leave_the_name_and_a_title_that_leads_a_brand_stays_on_other_types():
    text = ("Treasurer Peter Costello, Opposition Treasurer Ann Lee, Detective Inspector Ann Lee and "
            "Captain Morgan Rum Co met Health Minister Jo Bell, Sergeant York, Constable Country and Captain America.")
    ms = [m(text, "Treasurer Peter Costello", "PER"), m(text, "Opposition Treasurer Ann Lee", "PER"),
          m(text, "Detective Inspector Ann Lee", "PER"), m(text, "Captain Morgan Rum Co", "ORG"),
          m(text, "Health Minister Jo Bell", "PER"), m(text, "Sergeant York", "MISC"),
          m(text, "Constable Country", "LOC"), m(text, "Captain America", "PER")]
    assert spans(without_titles(text, ms, lambda s: False, {"America"}.__contains__), text) == [
        ("Peter Costello", "PER"), ("Ann Lee", "PER"), ("Ann Lee", "PER"), ("Captain Morgan Rum Co", "ORG"),
        ("Jo Bell", "PER"), ("Sergeant York", "MISC"), ("Constable Country", "LOC"), ("Captain America", "PER")]


def test_a_state_abbreviation_after_a_town_is_one_place_with_its_full_stop():
    from index.sources.iso3166 import town_state
    from workers.extraction.names import town_states

    text = "Acme of Woburn, Mass. It sells to Mass. General and Peoria, Ill., buyers."
    ms = [m(text, "Woburn", "LOC"), m(text, "Mass", "LOC"), m(text, "Mass", "ORG", nth=1), m(text, "Peoria", "LOC")]
    out = town_states(text, ms, 0.8)
    assert spans(out, text) == [("Woburn", "LOC"), ("Mass.", "LOC"), ("Mass", "ORG"), ("Peoria", "LOC"), ("Ill.", "LOC")]
    assert town_state(text, text.index("Mass.")) == (text.index("Mass.") + 5, "US-MA", "Massachusetts")
    assert town_state(text, text.index("Mass. General")) is None  # no town and comma before it
    hospital = "said Dr. Jane Smith, Mass. General Hospital chief, and Acme of Woburn, Mass."
    ms = [m(hospital, "Jane Smith", "PER"), m(hospital, "Mass. General Hospital", "ORG"), m(hospital, "Woburn", "ORG")]
    assert spans(town_states(hospital, ms, 0.8), hospital) == [("Jane Smith", "PER"), ("Mass. General Hospital", "ORG"),
                                                               ("Woburn", "ORG"), ("Mass.", "LOC")]


def test_a_notable_name_grows_across_foreign_particles():
    from index.lookup import AliasIndex
    from index.records import KBRecord

    ix = AliasIndex.build([
        KBRecord(id="iso3166-2:BR-RS", name="Rio Grande do Sul", type="LOC", popularity=0.8, feature="admin1"),
        KBRecord(id="wiki:Rio_Grande", name="Rio Grande", type="LOC", popularity=0.9, feature="article",
                 description="River in North America"),
        KBRecord(id="iso3166-2:ES-CL", name="Castilla y León", type="LOC", popularity=0.8, feature="admin1"),
    ], "kb-gaz-particles")
    gaz = Gazetteer.build(ix)
    text = "Rains in Rio Grande do Sul and in Castilla y León."
    ner = [m(text, "Rio Grande", "LOC"), m(text, "Sul", "LOC"), m(text, "Castilla", "LOC"), m(text, "León", "LOC")]
    assert [x.surface for x in gazetteer_mentions(text, ner, gaz)] == ["Rio Grande do Sul", "Castilla y León"]


def test_a_name_ending_with_a_regions_head_is_a_place():
    from workers.extraction.reshape import region_heads

    text = "Kherson Oblast, Lviv Oblast, Oblast, Derby County and Orange County Choppers."
    ms = [m(text, "Kherson Oblast", "PER"), m(text, "Lviv Oblast", "ORG"), m(text, "Oblast", "ORG", nth=2),
          m(text, "Derby County", "ORG"), m(text, "Orange County Choppers", "ORG")]
    assert spans(region_heads(ms), text) == [("Kherson Oblast", "LOC"), ("Lviv Oblast", "LOC"), ("Oblast", "ORG"),
                                             ("Derby County", "ORG"), ("Orange County Choppers", "ORG")]


def test_a_month_or_weekday_alone_is_no_mention():
    from workers.extraction.splits import without_calendar_words

    text = "Dec 12, December, Monday, Theresa May and Sun Microsystems."
    ms = [m(text, "Dec", "MISC"), m(text, "December", "MISC"), m(text, "Monday", "MISC"), m(text, "May", "PER"),
          m(text, "Sun", "ORG")]
    assert spans(without_calendar_words(ms), text) == [("May", "PER"), ("Sun", "ORG")]


def test_a_day_after_a_month_takes_the_month_and_a_date_with_its_year_is_no_mention():
    from workers.extraction.splits import month_days

    text = "After Sept. 11, troops left. Since September 11 we wait. On September 11, 2003, they met. Apollo 11 flew."
    dot = text.index(". 11")
    second = text.index("11", text.index("Since"))
    ms = [Mention(start=dot, end=dot + 4, surface=". 11", type="MISC", score=0.8),
          Mention(start=second, end=second + 2, surface="11", type="MISC", score=0.8),
          m(text, "September 11", "MISC", nth=1), m(text, "Apollo 11", "MISC")]
    assert spans(month_days(text, ms), text) == [("Sept. 11", "MISC"), ("September 11", "MISC"), ("Apollo 11", "MISC")]


def test_an_event_named_by_its_date_is_named_by_the_date_alone():
    from index.sources.wiki import date_event_names

    assert date_event_names("September 11 attacks") == ["September 11", "9/11", "Sept. 11", "Sept 11"]
    assert date_event_names("July 7 attacks") == ["July 7", "7/7"]
    assert date_event_names("May 4 Movement") == [] and date_event_names("September 41 attacks") == []


def test_one_lowercase_common_word_is_no_mention_unless_the_whole_text_is_lowercase():
    from workers.extraction.splits import without_lowercase_words

    common = {"anthrax", "gulf"}.__contains__
    text = "Anthrax spores: the anthrax scare hit Kabul, Kandahar and Herat, eBay said."
    ms = [m(text, "anthrax", "MISC", nth=0), m(text, "Kabul", "LOC"), m(text, "eBay", "ORG")]
    assert spans(without_lowercase_words(text, ms, common), text) == [("Kabul", "LOC"), ("eBay", "ORG")]
    lower = "tanker traffic in the gulf was halted after the BP spill, shippers said."
    assert spans(without_lowercase_words(lower, [m(lower, "gulf", "LOC")], common), lower) == [("gulf", "LOC")]
