"""Bluebook Atlas core: the event dataset of Japan's Diplomatic Bluebook.

Nothing in this package imports Streamlit; the app in ``app.py``, ``pages/`` and ``ui/`` is a
thin layer over it. The modules directly in this package are the table contract (schema,
tables, taxonomy, validate, dataset, snapshot, review log, side tables, event matching, and
``transaction``, the one write path of ``data/``); they import none of the subpackages but
``readers``. The subpackages: ``readers`` (documents in), ``extract`` (text to events),
``ingest``, ``review``, ``explore`` (what the app asks of a dataset), ``evaluate`` and ``cli``
(``tests/test_architecture.py`` guards which may import which).
"""
