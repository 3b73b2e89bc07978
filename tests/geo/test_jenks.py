"""The NumPy Fisher-Jenks breaks are mapclassify's, on many random inputs (ties included)."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pytest

from geo.choropleth import classify, fisher_jenks_breaks


def _reference(values: np.ndarray, k: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mapclassify.FisherJenks(values, k=k).bins


def _cases(seed: int) -> tuple[np.ndarray, int]:
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 8))
    size = int(rng.integers(k + 1, 260))
    kind = seed % 5
    if kind == 0:  # event counts: a few large partners, a long tail of small ones (many ties)
        values = np.minimum(rng.zipf(1.6, size), 5000)
        values[: k + 1] = np.arange(1, k + 2)  # at least k + 1 distinct counts, as classify needs
    elif kind == 1:  # a handful of distinct values, heavily tied
        values = rng.integers(1, k + 3, size)
        values[: k + 1] = np.arange(1, k + 2)
    elif kind == 2:  # nearly all the same: one more distinct value than classes
        values = np.full(size, 7)
        values[: k + 1] = np.arange(1, k + 2) * 3
    elif kind == 3:  # wide integers
        values = rng.integers(1, 100_000, size)
    else:  # floats
        values = rng.lognormal(2.0, 1.5, size)
    return np.sort(np.asarray(values, dtype=np.float64)), k


@pytest.mark.parametrize("seed", range(160))
def test_breaks_equal_mapclassify(seed):
    values, k = _cases(seed)
    assert np.array_equal(fisher_jenks_breaks(values, k), _reference(values, k))


@pytest.mark.parametrize("k", range(2, 8))
def test_breaks_equal_mapclassify_at_every_k_on_one_skewed_input(k):
    values = np.sort(np.minimum(np.random.default_rng(k).zipf(1.4, 220), 20_000).astype(float))
    assert np.array_equal(fisher_jenks_breaks(values, k), _reference(values, k))


def test_classify_bounds_come_from_the_breaks():
    counts = {f"C{index:03d}": int(value) for index, value in enumerate(_cases(0)[0])}
    positive = np.sort(np.array([value for value in counts.values() if value > 0], dtype=float))
    expected = tuple(sorted({round(float(value)) for value in _reference(positive, 5)}))
    assert classify(counts).upper_bounds == expected
