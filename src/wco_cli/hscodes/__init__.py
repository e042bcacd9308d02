"""The Harmonized System: look up, search and convert HS codes across editions 1992-2022.

A library over the files `scripts/build_hs.py` writes to `<data dir>/hs/`: every function
takes the data directory (the folder holding hs/), nothing is read at import, and records
handed out are fresh dicts (but for the rows of a code's path and children, shared and
read-only: codes.SharedRow). This package imports none of its modules: import the one you need.

  codes       editions, levels, codes as typed (normalize_code, normalize_edition)
  words       singular forms, spellings, negations (folding is text.fold): build and search
  fileformat  the on-disk format of hs<YEAR>.txt and hs<YEAR>_index.txt: writers, readers
  tables      each data directory's files, loaded once and cached (Edition, clear_cache)
  lookup      one code (get), the codes of an edition, sections
  concordance UNSD's tables between editions and to SITC and BEC, and the way between two
  convert     codes of another edition, SITC or BEC, ranked
  terms       everyday terms (terms.json)
  search      ranked search
  batch_input lines of batch input: bytes in bounded blocks, CSV columns
  batch       one row per input line
  validation  every problem of a data directory's HS files

Descriptions are UN Statistics Division's stand-alone descriptors of the codes (UN Comtrade
classification reference), not the legal text of the nomenclature, which is the WCO's.
Conversions use UNSD's own correlation and conversion table where there is one, else UNSD's
tables between adjacent editions, chained.
"""
