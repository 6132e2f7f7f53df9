"""Look names up in the current KB the way an annotator needs it (not used by the product).

    python eval/kb_lookup.py NAME [NAME ...]
    python eval/kb_lookup.py --contains WORD [WORD ...]   # records whose name has the word

For each NAME: every record carrying it as name or alias (accent- and case-insensitive), most
popular first, with id, type, popularity and description, so the annotator can pick the record a
careful reader would accept, or decide NIL. ``--contains`` lists records (other than small
places and airports) whose name contains the word: for surnames and short forms. Reads the
current KB version of ``MENTIONFLOW_HOME`` (default ``var``) through its cached alias index.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.lookup import AliasIndex  # noqa: E402
from index.store import KBStore  # noqa: E402
from mentionflow.settings import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="+")
    ap.add_argument("--contains", action="store_true")
    ap.add_argument("--limit", type=int, default=12)
    args = ap.parse_args()
    store = KBStore(Settings().kb_root)
    version = store.current_version()
    if version is None:
        raise SystemExit("no KB loaded: mentionflow kb build")
    ix = AliasIndex.load_or_build(store, version)
    for name in args.names:
        if args.contains:
            word = name.casefold()
            rows = [r for r, n in enumerate(ix.names)
                    if word in n.casefold().replace(",", " ").split()
                    and not (ix.ids[r].startswith(("geonames:", "icao:")) and ix.popularity[r] < 0.5)]
        else:
            rows = list(ix.lookup(name))
        rows.sort(key=lambda r: -float(ix.popularity[r]))
        print(f"== {name}: {len(rows)} record(s)")
        for r in rows[: args.limit]:
            same = f" same_as={list(ix.same_as[r])}" if ix.same_as[r] else ""
            print(f"  {ix.ids[r]:32} {ix.types[r]:4} pop={float(ix.popularity[r]):.2f} {ix.names[r]} | "
                  f"{ix.descriptions[r][:110]}{same}")


if __name__ == "__main__":
    main()
