"""Imported once by the forkserver, so that forked snippets start warm."""

import importlib

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported
for module in ("matplotlib.pyplot", "numpy", "tensorflow", "keras"):
    importlib.import_module(module)
