from __future__ import annotations

from index.cache import candidates_key, embedding_key


def test_keys_normalise_surface_and_carry_versions():
    assert embedding_key("emb.v1", "The U.S.") == embedding_key("emb.v1", "US")
    assert embedding_key("emb.v1", "Paris") != embedding_key("emb.v2", "Paris")
    a = candidates_key("kb-1", "minmax-0.8-0.2-60", "Paris", ["texas", "mayor"])
    assert a == candidates_key("kb-1", "minmax-0.8-0.2-60", "paris", ["mayor", "texas"])
    assert a != candidates_key("kb-2", "minmax-0.8-0.2-60", "Paris", ["texas", "mayor"])  # KB change invalidates
    assert a != candidates_key("kb-1", "minmax-0.8-0.2-60", "Paris", [])                   # context changes result
    assert a.startswith("mf:cand:kb-1:")
