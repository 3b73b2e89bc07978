"""Reviewing extracted events: a person checks each one against its sentence.

- ``bluebook.review.queue``: the queue, the source in context, paragraphs, "Extract from these".
- ``bluebook.review.decisions``: accept, save, reject, add, undo, reopen — never losing an event.
- ``bluebook.review.workspace``: the tables one decision touches, checked and written together.
- ``bluebook.review.summaries``: draft country summaries until a reviewer accepts them.
- ``bluebook.review.pace``: a reviewer's pace and time left per source.
- ``bluebook.review.reviewers``: reviewer accounts (argon2 hashes, outside ``data/``).
- ``bluebook.review.sessions``: sign-in sessions and throttling shared by every app process.

The review log itself (``data/review_log.csv``) is part of the table contract:
``bluebook.review_log``.
"""
