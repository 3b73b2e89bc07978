"""What the app asks of a dataset: views, queries, comparisons, downloads.

Pure functions over ``bluebook.dataset.Dataset``; nothing here writes ``data/``.

- ``bluebook.explore.view``: the view a user sees, one dataclass round-tripped through the URL.
- ``bluebook.explore.query``: filtering and aggregation of the dataset for a view.
- ``bluebook.explore.compare``: countries side by side.
- ``bluebook.explore.coverage``: what the loaded data covers, in one line, and the narrated years.
- ``bluebook.explore.export``: CSV, JSON and citation downloads of exactly the events in a view.
- ``bluebook.explore.datapackage``: the whole data folder as a Frictionless Data Package.
- ``bluebook.explore.volumes``: a country's summaries grouped by volume, newest first.
"""
