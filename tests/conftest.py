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


def pytest_report_header(config) -> list[str]:
    """Name what the results depend on that the lock file does not pin: CPU and browser."""
    import shutil
    import subprocess
    from importlib.metadata import version

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               "unknown") if Path("/proc/cpuinfo").exists() else "unknown"
    chromium = shutil.which("chromium")
    browser = (subprocess.run([chromium, "--version"], capture_output=True, text=True,
                              timeout=60).stdout.strip() if chromium else "not installed")
    return [f"TensorFlow {version('tensorflow-cpu')} / Keras {version('keras')}; "
            f"CPU: {cpu}, {os.cpu_count()} cores",
            f"browser tests: {browser or 'chromium --version printed nothing'}"]


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
def run_tmp(tmp_path_factory, worker_id) -> Path:
    """A temporary folder that every pytest-xdist worker of this test run shares."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def lab(run_tmp):
    """`lab("docs/labs/x.ipynb")` executes that notebook as the build does, but with
    OTHER_ARITHMETIC, and returns it as a dict.

    Each lab runs once per test run, whichever worker asks first: its own tests read it, and
    the machine-variance check compares what it printed with the built page.
    """
    import json

    from filelock import FileLock

    from sitebuild.executor import OTHER_ARITHMETIC, run_notebook

    def run(relative_path: str, timeout: float = 180) -> dict:
        record = run_tmp / "labs" / Path(relative_path).name
        record.parent.mkdir(exist_ok=True)
        with FileLock(f"{record}.lock"):
            if not record.exists():
                result = run_notebook(ROOT / relative_path, ROOT, timeout=timeout,
                                      env=OTHER_ARITHMETIC)
                assert result.ok, result.error
                record.write_bytes(result.notebook)
        return json.loads(record.read_text())

    return run
