"""Fixtures that build sites: the real one, and small throw-away projects."""

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from sitebuild.serve import served
from tests.conftest import ROOT

HOOKS = ROOT / "sitebuild" / "hooks.py"


@dataclass
class Build:
    returncode: int
    log: str  # MkDocs logs to stderr
    site: Path
    cache: Path


def mkdocs_build(config: Path, site: Path, cache: Path, **env) -> Build:
    process = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "CHEATSHEET_CACHE_DIR": str(cache), **env},
    )
    return Build(process.returncode, process.stderr + process.stdout, site, cache)


@pytest.fixture(scope="session")
def site_build(run_tmp) -> Build:
    """The real site, built cold with --strict into a temporary folder, once per test run.

    Under pytest-xdist each worker has its own session; the first one to get here builds
    the site into the run's shared temporary folder while the other waits on the lock.
    """
    out, record = run_tmp / "real-site", run_tmp / "real-site.json"
    with FileLock(str(run_tmp / "real-site.lock")):
        if not record.exists():
            # A GitHub repository, as published, so that the source and Colab links exist.
            build = mkdocs_build(ROOT / "mkdocs.yml", out / "site", out / "cache",
                                 REPO_URL="https://github.com/dl-nlp-cheatsheet/cheatsheet")
            record.write_text(json.dumps({"returncode": build.returncode, "log": build.log}))
        built = json.loads(record.read_text())
    build = Build(built["returncode"], built["log"], out / "site", out / "cache")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def base_url(site_build):
    """The built site, served on 127.0.0.1 for the browser and the link checker."""
    with served(site_build.site) as url:
        yield url


class Project:
    """A minimal MkDocs project that uses the real hooks, in a temporary folder."""

    def __init__(self, root: Path):
        self.root = root
        (root / "docs").mkdir()
        (root / "snippets").mkdir()
        (root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
            site_name: test
            site_url: https://example.invalid/
            hooks: [{HOOKS}]
            plugins:
              - mkdocs-jupyter:
                  include: ["*.ipynb"]
                  ignore: ["*.md", "*.py"]
                  allow_errors: false
            markdown_extensions:
              - admonition
              - pymdownx.superfences
              - pymdownx.snippets:
                  base_path: ["{root}"]
                  check_paths: true
            """))
        self.page("index.md", "# Home\n")

    def page(self, name: str, markdown: str) -> None:
        (self.root / "docs" / name).write_text(markdown)

    def snippet(self, name: str, code: str) -> str:
        path = self.root / "snippets" / name
        path.write_text(textwrap.dedent(code))
        return f"snippets/{name}"

    def page_showing(self, name: str, *snippets: str) -> None:
        fences = "\n".join(f'```python\n--8<-- "{s}"\n```\n' for s in snippets)
        self.page(name, f"# {name}\n\n{fences}")

    def build(self, **env) -> Build:
        return mkdocs_build(self.root / "mkdocs.yml", self.root / "site", self.root / ".cache", **env)


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)
