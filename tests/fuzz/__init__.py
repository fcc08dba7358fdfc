"""Fuzzing harness for the whole input path (see README.md), and its regression tests."""
