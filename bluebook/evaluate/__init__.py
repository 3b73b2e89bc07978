"""How good the extractor is: scoring against reviewed events and annotated corpora.

- ``bluebook.evaluate.events``: score extracted events against a gold table (event matching
  itself is ``bluebook.matching``, shared with ingest); the ``SCORING.md`` tuples.
- ``bluebook.evaluate.corpus``: extract a folder of annotated texts and score it.
- ``bluebook.evaluate.cv``: document-level cross-validation of the scorer.
- ``bluebook.evaluate.rules``: precision per extraction rule.
- ``bluebook.evaluate.train``: learn the extractor's scorer (``bluebook/extract/scorer.json``)
  from the scored corpus and the review log; ``make train``.
- ``bluebook.evaluate.figures``: the figures ``make eval`` writes to ``docs/figures.json``.
"""
