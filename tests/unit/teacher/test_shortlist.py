from mentionflow.pipeline import expansion_rows


def test_the_teacher_shortlist_adds_records_named_in_full_elsewhere_in_the_document(small_index):
    text = "President Barack Obama visited Berlin. Later Barack thanked Angela Merkel."
    rows = expansion_rows(small_index, "Barack", text)
    assert [small_index.ids[r] for r in rows] == ["wiki:Barack_Obama"]
    assert expansion_rows(small_index, "Merkel", "Merkel spoke.") == []  # no longer name in the text
