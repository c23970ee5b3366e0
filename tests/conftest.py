"""Shared test set-up: the snippets' environment, and running a snippet in-process."""

import contextlib
import io
import os
import runpy
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitebuild.executor import SNIPPET_ENV

os.environ.update(SNIPPET_ENV)  # before anything imports TensorFlow

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class SnippetRun:
    namespace: dict  # the snippet's globals after it ran
    stdout: str
    figures: list  # matplotlib figures it left open (plt.show is a no-op here)


def run_snippet(relative_path: str) -> SnippetRun:
    """Run a snippet as `python path` would, from a scratch folder, and keep its state."""
    import sys

    import keras

    path = ROOT / relative_path
    keras.backend.clear_session()
    plt.close("all")
    stdout = io.StringIO()
    show = plt.show
    plt.show = lambda *args, **kwargs: None
    sys.path.insert(0, str(path.parent))  # as for `python path`: helpers beside it import
    try:
        with tempfile.TemporaryDirectory() as cwd, contextlib.chdir(cwd), \
                contextlib.redirect_stdout(stdout):
            namespace = runpy.run_path(str(path), run_name="__main__")
    finally:
        plt.show = show
        sys.path.remove(str(path.parent))
    figures = [plt.figure(number) for number in plt.get_fignums()]
    return SnippetRun(namespace, stdout.getvalue(), figures)


@pytest.fixture(scope="session")
def snippet():
    """`snippet("snippets/x/y.py")` runs that file and returns a SnippetRun."""
    return run_snippet


@pytest.fixture(scope="session")
def lab():
    """`lab("docs/labs/x.ipynb")` executes that notebook as the build does; returns it as a dict."""
    import json

    from sitebuild.executor import run_notebook

    def run(relative_path: str, timeout: float = 180) -> dict:
        result = run_notebook(ROOT / relative_path, ROOT, timeout=timeout)
        assert result.ok, result.error
        return json.loads(result.notebook)

    return run
