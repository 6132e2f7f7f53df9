from index.analysis import name_expansions


def test_name_expansions_are_the_longer_names_around_a_short_form():
    text = "Pope John Paul II spoke. Later, John Paul said so."
    assert name_expansions("John Paul", text) == ["Pope John Paul II", "Pope John Paul", "John Paul II"]


def test_name_expansions_keep_initials_and_stop_at_a_sentence_end():
    text = "President George W. Bush met Blair. Bush said"
    assert name_expansions("Bush", text) == ["President George W. Bush", "George W. Bush", "W. Bush"]


def test_name_expansions_of_a_lone_word_or_an_empty_surface_are_empty():
    assert name_expansions("Paris", "in Paris today") == []
    assert name_expansions(" ", "anything") == []
    assert name_expansions("Lee", "Leeds United") == []  # whole words only


def test_common_words_are_those_prose_writes_in_lower_case():
    from index.analysis import common_words

    texts = ["The bank lent money. A bank and a bank.", "He went to Europe, then Europe again. Bank shares fell.",
             "Banks in Europe. Under Islam and Islam, the river bank flooded."]
    common = common_words(texts, min_count=2)
    # a clause-initial capital ("Bank shares") counts for neither side
    assert "bank" in common and "europe" not in common and "islam" not in common


def test_an_article_whose_description_writes_its_title_in_lower_case_names_a_concept():
    from index.analysis import names_a_concept

    assert names_a_concept("Bank", "Financial institution that accepts deposits. A bank is a financial institution")
    assert names_a_concept("House", "Building comprising a single dwelling. A house is a residential building")
    assert not names_a_concept("Islam", "Abrahamic religion. Islam is an Abrahamic monotheistic religion")
    assert not names_a_concept("Nile", "River in Africa. The Nile is a major north-flowing river")
    assert not names_a_concept("Roman Empire", "the roman empire was ...")  # a title of more words: a name
    assert names_a_concept("Union (set theory)", "In set theory, the union of a collection of sets is")


def test_a_legal_form_after_and_goes_with_the_and():
    from index.analysis import strip_legal_suffix

    assert strip_legal_suffix("Mitsui and Co Ltd") == "Mitsui"
    assert strip_legal_suffix("Goldman, Sachs and Co") == "Goldman Sachs"
    assert strip_legal_suffix("Procter and Gamble Co") == "Procter and Gamble"
