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
