"""Benchmarks: each module prints ``name: value unit`` lines (see docs/performance.md)."""
