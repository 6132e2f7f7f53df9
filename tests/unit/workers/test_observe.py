from __future__ import annotations

from datetime import UTC, datetime

from workers.observe import outcomes
from workers.shell import Outgoing, Processed, RawRecord, dead_letter

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def test_outcomes_name_the_dead_letter_reason_and_a_broker_refusal_outranks_the_outputs():
    ok = Processed(RawRecord("mentions.raw", 0, 0, b"a", b"{}"), (Outgoing("mentions.extracted", b"a", b"{}"),))
    bad_rec = RawRecord("mentions.raw", 0, 1, b"b", b"{bad")
    bad = Processed(bad_rec, (dead_letter(bad_rec, "not_json", "x", "extraction", NOW),))
    refused = Processed(RawRecord("mentions.raw", 0, 2, b"c", b"{}"), (Outgoing("mentions.extracted", b"c", b"{}"),))
    got = outcomes([ok, bad, refused], [(refused, "output_too_large")])
    assert [o.reason for o in got] == [None, "not_json", "output_too_large"]
