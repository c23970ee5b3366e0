"""Fixtures that build sites: the real one, and small throw-away projects."""

import textwrap
from pathlib import Path

import pytest

from sitebuild.serve import served
from tests.conftest import ROOT
from tests.sitebuild.builds import Build, mkdocs_build, real_site

HOOKS = ROOT / "sitebuild" / "hooks.py"


@pytest.fixture(scope="session")
def site_build(run_tmp) -> Build:
    """The real site, built cold with --strict into a temporary folder, once per test run.

    Under pytest-xdist the controller starts this build as the session starts, so that it
    overlaps the fact tests; a worker that needs the site first waits for it on a lock.
    """
    build = real_site(run_tmp)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def base_url(site_build):
    """The built site, served on 127.0.0.1 for the browser suite and the machine-variance check."""
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
