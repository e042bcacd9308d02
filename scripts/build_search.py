"""Build data/search_index.json, `wco search`'s index of the bundled records, prebuilt.

    python scripts/build_search.py [--data DIR] [--out FILE]

Building the index on a search means importing every dataset module and reading every
searchable file; the prebuilt file spares a search all of that. It holds the fields of an
index built the normal way (wco_cli.search_index.Index.state()), the kinds of record in the
registry's order, the CRC-32 of every record file of the directory, by dataset name, and for
each dataset the files its documents were made from (its own, and the files its checks read)
and where its documents are. `wco search` answers from the file for a dataset only while the
CRC of each of those files is that of the file's bytes; a dataset it cannot answer for (a file
changed, or a dataset added since) is read from its records instead. So a stale file costs
time, never a wrong result; `wco validate` and the tests say so, and running this script mends
it.

Written deterministically (sorted keys, compact separators, UTF-8, trailing newline). Standard
library only, plus the checkout's src/wco_cli, so the index is made exactly as a search makes it.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wco_cli import search_index  # noqa: E402  (the checkout's modules, not an installed copy)
from wco_cli.datasets import record_files  # noqa: E402
from wco_cli.store import Database  # noqa: E402

LAYOUT = {
    "format": "wco_cli.search_index.FORMAT when written; a file of another format is not read",
    "crc32": "dataset name -> zlib.crc32 of the bytes of its file (NAME.json), for every "
             "dataset stored as records; any other CRC now, or another set of datasets, and the "
             "index is built from the records instead",
    "datasets": "dataset name -> kind (null: not searched), reads (the record files its "
                "documents and their checks read: a change to any and the index does not answer "
                "for it) and documents ([first, last + 1] in 'documents')",
    "kinds": "the kinds of record searched, in the registry's order (ties are listed so)",
    "documents": "[kind, id, title, other names, body(, summary)] of each record, as the "
                 "datasets' documents() give them",
    "titles": "folded: the documents' titles folded (ASCII, lower case, a space for anything "
              "but a letter or digit), joined by newlines between two spaces; starts: where "
              "title i begins in it",
    "bodies": "the same for 'id other-names body' of each document",
    "vocabulary": "the distinct words of titles and bodies, sorted",
}


def build(data_dir: Path) -> dict[str, Any]:
    """The prebuilt index of DATA_DIR's records."""
    db = Database(data_dir)
    # Loaded as a user's directory is: checked, so the build stops on a file that fails.
    db.checked = True
    index = search_index.built_index(db)
    crcs = {name: zlib.crc32((data_dir / f"{name}.json").read_bytes())
            for name in record_files()}
    return {"format": search_index.FORMAT, "crc32": crcs,
            "datasets": search_index.coverage(data_dir), "layout": LAYOUT, **index.state()}


def write(value: dict[str, Any], path: Path) -> int:
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    return len(text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "data",
                        help="the data directory to index (default: <repo>/data)")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"where to write it (default: DATA/{search_index.INDEX_FILE})")
    args = parser.parse_args()
    out = args.out or args.data / search_index.INDEX_FILE
    index = build(args.data)
    size = write(index, out)
    print(f"{out}: {len(index['documents'])} documents, {len(index['vocabulary'].split())} words, "
          f"{size} bytes, from {', '.join(sorted(index['crc32']))}")


if __name__ == "__main__":
    main()
