"""Imported once by the forkserver, so that forked snippets start warm."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot  # noqa: E402,F401
import numpy  # noqa: E402,F401
import tensorflow  # noqa: E402,F401
import keras  # noqa: E402,F401
