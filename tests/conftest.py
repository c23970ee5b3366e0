"""Shared test set-up: the snippets' environment, running a snippet in-process, and the
constants every test module shares (import them: `from tests.conftest import ROOT`)."""

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitebuild import formats
from sitebuild.child import link_shipped_data, run_as_script
from sitebuild.executor import SNIPPET_ENV
from sitebuild.formats import DOCS, ROOT

os.environ.update(SNIPPET_ENV)  # before anything imports TensorFlow
# A worker's in-process snippet runs (the fact tests) use one TensorFlow thread each: the
# pytest-xdist workers are the parallelism, and TF's own thread pools, sized to every core,
# would compete with the other worker and the site build for the same two cores. Every site
# build, the real one included, keeps TensorFlow's defaults (tests/sitebuild/builds.py drops
# these).
FACT_RUN_THREADS = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.update(FACT_RUN_THREADS)

import matplotlib  # noqa: E402 - after SNIPPET_ENV, which sets its backend too

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after the backend is chosen

PAGES = formats.pages(DOCS)  # every Markdown page (not docs/includes/)
SHOWN = {page: formats.snippets_shown(page.read_text()) for page in PAGES}
SNIPPET_PAGES = [page for page in PAGES if SHOWN[page]]  # concept and reference pages
CONCEPT_PAGES = formats.concept_pages(DOCS)
SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))
ALL_SNIPPETS = [p.relative_to(ROOT).as_posix() for p in SNIPPETS]
LABS = sorted((DOCS / "labs").glob("*.ipynb"))
COURSE_SHEET = ROOT / "course" / "weekly-cheatsheet-deep-learning-nlp.md"  # the original, unedited


def test_class(nodeid: str) -> str | None:
    """The class of a test in a class (path::Class::test[params]), with its parameters: the
    tests of a class share its fixtures, one instance per parameter."""
    parts = nodeid.split("::")
    if len(parts) < 3:
        return None
    name = parts[-1]
    return "::".join(parts[:2]) + (name[name.index("["):] if "[" in name else "")


def fact_test_module(nodeid: str) -> str | None:
    """The module of a fact test (tests/<section>/test_x.py), or None for any other test."""
    parts = nodeid.split("::", 1)[0].split("/")
    if len(parts) == 3 and parts[0] == "tests" and parts[1] != "sitebuild":
        return "/".join(parts)
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own choice
def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist, keep each fact-test module, and each test class (per parameter), on
    one worker; spread everything else.

    A fact module's snippet fixtures are module-scoped, and each worker has its own session:
    a module whose tests were shared between the two workers ran each of its snippets twice.
    The pipeline's other tests (tests/sitebuild/, docs/) stay one test per work unit. Modules go
    first, largest first, so the fine-grained tests balance the end of the run.
    (`--dist loadgroup` with xdist_group marks would say the same, but pytest-xdist 3.8 sets
    the group on `item._nodeid`, which pytest 9 no longer reads.)
    """
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FactModulesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return fact_test_module(nodeid) or test_class(nodeid) or nodeid

    return FactModulesTogether(config, log)


def needs_the_real_site(config) -> bool:
    """Whether this run is under pytest-xdist and collects the pipeline's tests (tests/sitebuild),
    which need the built site: only then is it worth building before a worker asks."""
    if not config.getoption("numprocesses", None) or hasattr(config, "workerinput"):
        return False
    if config.getoption("keyword") or config.getoption("markexpr"):
        return False  # a selection: build only if a selected test asks (the fixture does)
    pipeline = ROOT / "tests" / "sitebuild"
    for arg in config.args:
        path = Path(arg.split("::", 1)[0]).resolve()
        if path == pipeline or path in pipeline.parents or pipeline in path.parents:
            return True
    return False


def pytest_sessionstart(session):
    """Under pytest-xdist, the controller starts the real site's build at once, in a thread.

    The build (about two minutes on two cores, partly single-threaded) then overlaps the fact
    tests, instead of starting when the first worker reaches a pipeline test while the other
    waits on the lock. The workers' `site_build` fixture reads its result (tests/sitebuild/
    builds.py); the run's temporary folder is the controller's basetemp, the parent of each
    worker's (pytest-xdist's `_tmp_path_factory` is where it takes it from too).
    """
    if not needs_the_real_site(session.config):
        return
    import threading

    from tests.sitebuild.builds import real_site

    run_tmp = session.config._tmp_path_factory.getbasetemp()
    threading.Thread(target=real_site, args=(run_tmp,), name="real-site-build",
                     daemon=True).start()


def pytest_sessionfinish(session):
    if needs_the_real_site(session.config):
        from tests.sitebuild.builds import stop_builds

        stop_builds()  # only when the run ended before the build did


def pytest_report_header(config) -> list[str]:
    """Name what the results depend on that the lock file does not pin: CPU and browser."""
    import shutil
    import subprocess

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               "unknown") if Path("/proc/cpuinfo").exists() else "unknown"
    chromium = shutil.which("chromium")
    browser = (subprocess.run([chromium, "--version"], capture_output=True, text=True,
                              timeout=60).stdout.strip() if chromium else "not installed")
    return [f"{formats.versions()}; "
            f"CPU: {cpu}, {os.cpu_count()} cores",
            f"browser tests: {browser or 'chromium --version printed nothing'}"]


@dataclass
class SnippetRun:
    namespace: dict  # the snippet's globals after it ran
    stdout: str
    figures: list  # matplotlib figures it left open (plt.show is a no-op here)


def run_snippet(relative_path: str) -> SnippetRun:
    """Run a snippet as `python path` would, from a scratch folder, and keep its state."""
    import keras

    keras.backend.clear_session()
    plt.close("all")
    stdout = io.StringIO()
    show = plt.show
    plt.show = lambda *args, **kwargs: None
    try:
        with tempfile.TemporaryDirectory() as cwd, contextlib.redirect_stdout(stdout):
            link_shipped_data(cwd, str(ROOT))
            namespace = run_as_script(str(ROOT / relative_path), cwd)
    finally:
        plt.show = show
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

    from sitebuild.executor import OTHER_ARITHMETIC
    from sitebuild.notebook_run import run_notebook

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
