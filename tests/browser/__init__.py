"""Helpers for the web tests: a small hand-made store, and a `tacitus serve` subprocess."""
