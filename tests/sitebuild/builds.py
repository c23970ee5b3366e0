"""Building sites from the tests: the real site once per test run, and throw-away projects.

Plain functions, not fixtures, so that the pytest-xdist controller can start the real build
before any worker asks for it (``pytest_sessionstart`` in tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from sitebuild.formats import ROOT

# The published repository, so that the source, Colab and report links exist in the build.
REPO_URL = "https://github.com/dl-nlp-cheatsheet/cheatsheet"


@dataclass
class Build:
    returncode: int
    log: str  # MkDocs logs to stderr
    site: Path
    cache: Path


_RUNNING: set[subprocess.Popen] = set()  # builds this process has started and not finished


def mkdocs_build(config: Path, site: Path, cache: Path, **env) -> Build:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
               "-d", str(site)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env={**build_environ(), "NO_MKDOCS_2_WARNING": "1",
                               "CHEATSHEET_CACHE_DIR": str(cache), **env}) as process:
        _RUNNING.add(process)
        try:
            stdout, stderr = process.communicate(timeout=900)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            stderr += "\nmkdocs build stopped after 900 s"
        finally:
            _RUNNING.discard(process)
    return Build(process.returncode, stderr + stdout, site, cache)


def build_environ() -> dict[str, str]:
    """The environment a build gets: this process's, without the fact runs' thread limits
    (a build runs snippets with TensorFlow's default thread pools, as `make build` does)."""
    from tests.conftest import FACT_RUN_THREADS

    return {name: value for name, value in os.environ.items() if name not in FACT_RUN_THREADS}


def stop_builds() -> None:
    """End any build still running (a run that stops early leaves no build behind)."""
    for process in list(_RUNNING):
        process.terminate()


def real_site(run_tmp: Path) -> Build:
    """The real site, built cold with --strict into ``run_tmp``, once per test run.

    Whoever gets here first (the controller's early start, or a worker) builds it; anyone
    else waits on the lock and reads the recorded result.
    """
    out, record = run_tmp / "real-site", run_tmp / "real-site.json"
    with FileLock(str(run_tmp / "real-site.lock")):
        if not record.exists():
            build = mkdocs_build(ROOT / "mkdocs.yml", out / "site", out / "cache",
                                 REPO_URL=REPO_URL)
            record.write_text(json.dumps({"returncode": build.returncode, "log": build.log}))
        built = json.loads(record.read_text())
    return Build(built["returncode"], built["log"], out / "site", out / "cache")
