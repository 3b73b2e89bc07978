"""Benchmarks: each module prints ``name: value unit`` lines (see README "Performance")."""
