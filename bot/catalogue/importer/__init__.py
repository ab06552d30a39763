"""Imports a region's service catalogue from the national exchange tables (or the Guangdong scrape).

`python -m bot.catalogue.importer SOURCE OUT` (`make catalogue-import SOURCE=… OUT=…`) writes OUT
as a catalogue directory that bot.catalogue.loader reads beside the curated one: `catalogue.yml`
(the regions it covers, its source), `materials.yml` (the glossary entries its materials link
to) and `services/<id>.yml`, one per item.

SOURCE holds the tables up_task_general_basic (required), _material, _extend, _fee_project and
_questions, each as .csv (UTF-8, header row) or .jsonl; or the Guangdong scrape's policy.jsonl,
which gd.py converts into the same rows first. Beyond the national columns, basic may carry
`area_code` (GB/T 2260: the item's region) and the alias columns `short_name`, `daily_name` and
`catalog_name` (several names each, separated by , ， 、 ; ；). Values NULL, \\N and 无 are blank.
Code values are mapped by data/import/exchange-codes.yml (--codes). The FAQ table is read and
checked but not written: its questions are not the situation questions of the catalogue.

Modules, in the order an import uses them: tables / gd (rows, see rows.py), cells (damaged
cells), join (rows per item), codes, regions, glossary (material links), items (one entry),
aliases, output (atomic write, with yaml_text), run (the whole import; findings.py holds what it
reports), __main__ (the command).
"""
