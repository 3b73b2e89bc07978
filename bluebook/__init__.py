"""Bluebook Atlas core: the event dataset of Japan's Diplomatic Bluebook.

Nothing in this package imports Streamlit; the app in ``app.py`` and ``pages/`` is a thin
layer over it.
"""
