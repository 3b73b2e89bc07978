"""Adding Bluebook documents to ``data/``: read, extract, check, write all or nothing.

- ``bluebook.ingest.pipeline``: prepare each document (read, extract, anchor evidence) and
  commit a batch of them through ``bluebook.transaction``.
"""
