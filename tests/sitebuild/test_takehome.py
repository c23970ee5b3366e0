"""Take the code home: downloads, page notebooks, the course zip, source and report links.

The copy-and-run check of every snippet, outside this repository, is
``test_the_code_a_reader_takes_home_prints_its_output_box_with_other_arithmetic`` in
``test_site.py``; it shares that file's runs.
"""

import html
import os
import re
import subprocess
import sys
import urllib.parse
import zipfile
from pathlib import Path

import nbformat
import pytest

from sitebuild import downloads, formats, page_notebooks
from sitebuild.executor import SNIPPET_ENV
from tests.conftest import ALL_SNIPPETS, DOCS, LABS, PAGES, ROOT, SHOWN, SNIPPET_PAGES
from tests.sitebuild.test_site import fetch, output_boxes, page_html


def hrefs(page_text: str, pattern: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(rf'href="({pattern})"', page_text)]


def test_every_snippet_and_data_file_is_published_at_its_repository_path(site_build):
    for path in [*ALL_SNIPPETS, *downloads.data_files(ROOT)]:
        assert (site_build.site / path).read_bytes() == (ROOT / path).read_bytes(), path


@pytest.mark.parametrize("page", SNIPPET_PAGES, ids=lambda p: p.stem)
def test_every_snippet_has_a_download_and_a_source_link_under_it(site_build, page):
    text = page_html(site_build, page)
    for path in SHOWN[page]:
        name = re.escape(Path(path).name)
        links = re.search(rf'<p class="snippet-links"><a download="{name}" href="[^"]+'
                          rf'{re.escape(path)}">.*?</p>', text)
        assert links, f"{page.name}: no download link for {path}"
        assert re.search(rf'href="https://github\.com/[^"]+/blob/[0-9a-f]{{40}}/{re.escape(path)}"',
                         links[0]), f"{page.name}: no source link for {path}"


def assert_exists_at(commit: str, path: str) -> None:
    """The file is in the repository at that commit (unless it has changes not committed yet:
    then the link is right once they are)."""
    status = subprocess.run(["git", "status", "--porcelain", "--", path], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    if status.stdout.strip():
        return
    exists = subprocess.run(["git", "cat-file", "-e", f"{commit}:{path}"], cwd=ROOT)
    assert exists.returncode == 0, f"{path} does not exist at {commit}"


def test_source_links_point_to_existing_files_at_the_built_commit(site_build):
    """The real site is built with a GitHub REPO_URL (conftest); links name HEAD's files."""
    commit = downloads.built_commit(ROOT)
    linked = {}
    for page in SNIPPET_PAGES:
        for url in hrefs(page_html(site_build, page),
                         r"https://github\.com/[^\"]+/blob/[0-9a-f]{40}/[^\"]+"):
            sha, path = re.match(r".*/blob/([0-9a-f]{40})/(.+)$", url).groups()
            linked[path] = sha
    assert set(linked) == set(ALL_SNIPPETS)
    assert set(linked.values()) == {commit}
    for path in linked:
        assert_exists_at(commit, path)


def test_only_a_github_repository_gets_source_links():
    assert downloads.github_repo("https://github.com/owner/repo") == "owner/repo"
    assert downloads.github_repo("https://github.com/owner/repo.git") == "owner/repo"
    assert downloads.github_repo("https://gitlab.com/owner/repo") is None
    assert downloads.github_repo(None) is None


def _notebook(build, page: Path) -> nbformat.NotebookNode:
    uri = page_notebooks.uri(page.relative_to(DOCS).as_posix())
    return nbformat.reads((build.site / uri).read_text(), as_version=4)


@pytest.mark.parametrize("page", SNIPPET_PAGES, ids=lambda p: p.stem)
def test_every_page_notebook_is_valid_with_the_pages_snippets_and_outputs_in_order(
        site_build, page):
    text = page_html(site_build, page)
    assert 'class="page-notebook"' in text, "no 'Download this page as a notebook' link"
    notebook = _notebook(site_build, page)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.source + "\n" for cell in code] == [
        (ROOT / path).read_text() for path in SHOWN[page]]
    for cell, path in zip(code, SHOWN[page]):
        stdout = "".join(o.text for o in cell.outputs if o.output_type == "stream")
        assert stdout.rstrip("\n") == output_boxes(text, path)[0], path
    headings = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"][1:]
    assert all(h.startswith("## ") for h in headings)
    assert notebook.cells[0].source.startswith(f"# {formats.page_title(page)}")


def test_a_page_notebook_that_reads_shipped_data_runs_top_to_bottom_in_a_fresh_kernel(
        site_build, base_url, tmp_path):
    from nbclient import NotebookClient

    page = DOCS / "text" / "one_hot_encoding.md"
    notebook = _notebook(site_build, page)
    data = re.findall(r"\((https?://[^)]+/data/[^)]+)\)", notebook.cells[0].source)
    assert data, "the notebook names the data files it needs"
    for url in data:  # the one documented step, served from the local site
        fetch(f"{base_url}/{urllib.parse.urlparse(url).path.lstrip('/')}",
              tmp_path / "data" / Path(url).name)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    kernel_env = {k: v for k, v in {**os.environ, **SNIPPET_ENV}.items() if k != "MPLBACKEND"}
    client.execute(env=kernel_env)  # a fresh kernel, drawing inline like Jupyter
    errors = [o for cell in notebook.cells for o in cell.get("outputs", [])
              if o.output_type == "error"]
    assert not errors


def test_the_course_zip_is_linked_from_the_home_page_and_runs_a_snippet_unpacked(
        site_build, tmp_path):
    home = page_html(site_build, DOCS / "index.md")
    assert downloads.COURSE_ZIP in home
    with zipfile.ZipFile(site_build.site / downloads.COURSE_ZIP) as archive:
        archive.extractall(tmp_path)
    course = tmp_path / "dl-nlp-cheatsheet"
    for path in [*ALL_SNIPPETS, *downloads.data_files(ROOT), "requirements.txt",
                 "requirements.lock"]:
        assert (course / path).read_bytes() == (ROOT / path).read_bytes(), path
    assert sorted(p.name for p in (course / "labs").glob("*.ipynb")) == sorted(
        p.name for p in (DOCS / "labs").glob("*.ipynb"))
    snippet = "snippets/text/tokenization_text_vectorization.py"  # reads ./data
    run = subprocess.run([sys.executable, snippet], cwd=course, capture_output=True, text=True,
                         env={**os.environ, **SNIPPET_ENV},
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip("\n") == output_boxes(
        page_html(site_build, DOCS / "text" / "tokenization.md"), snippet)[0]


def test_the_course_zip_has_the_same_bytes_for_the_same_files():
    assert downloads.course_zip(ROOT) == downloads.course_zip(ROOT)


def built_page(build, page: Path) -> str:
    if page.suffix == ".ipynb":
        return (build.site / "labs" / page.stem / "index.html").read_text()
    return page_html(build, page)


@pytest.mark.parametrize("page", [*PAGES, *LABS], ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_page_links_a_prefilled_issue_naming_it_its_snippets_and_the_versions(
        site_build, page):
    (url,) = hrefs(built_page(site_build, page),
                   r"https://github\.com/[^\"]+/issues/new\?[^\"]+")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    body = query["body"][0]
    rel = page.relative_to(DOCS).with_suffix("").as_posix()
    assert ("" if rel == "index" else f"{rel}/") in query["title"][0]
    assert formats.versions() in body
    for path in SHOWN.get(page) or [page.relative_to(ROOT).as_posix()] * (page.suffix == ".ipynb"):
        assert path in body


def _setup_cell(lab: Path) -> str:
    notebook = nbformat.read(lab, as_version=4)
    return next(cell.source for cell in notebook.cells if cell.cell_type == "code")


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.stem)
def test_every_lab_opens_in_colab_from_the_repository_at_the_built_commit(site_build, lab):
    text = (site_build.site / "labs" / lab.stem / "index.html").read_text()
    (url,) = hrefs(text, r"https://colab\.research\.google\.com/github/[^\"]+")
    path = lab.relative_to(ROOT).as_posix()
    commit = downloads.built_commit(ROOT)
    assert url == f"https://colab.research.google.com/github/dl-nlp-cheatsheet/cheatsheet/blob/{commit}/{path}"
    download = re.search(r'<a [^>]*title="Download this notebook"[^>]*>.*?</a>(<a [^>]*>)', text,
                         re.DOTALL)
    assert download and "colab" in download[1], "the Colab link sits next to the download button"
    assert_exists_at(commit, path)


def _pins() -> dict[str, str]:
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    return dict(line.split("==") for line in lines if "==" in line)


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.stem)
def test_every_labs_first_cell_names_the_tested_versions_and_this_repository(lab):
    pins = _pins()
    source = _setup_cell(lab)
    assert f'"tensorflow=={pins["tensorflow_cpu"]}", "keras=={pins["keras"]}"' in source
    config = (ROOT / "mkdocs.yml").read_text()
    default_repo = re.search(r'repo_url: !ENV \[REPO_URL, "([^"]+)"\]', config)[1]
    assert f'REPOSITORY = "{default_repo}"' in source


def test_the_first_cell_outside_the_repository_installs_the_pins_and_fetches_the_data(
        base_url, tmp_path, monkeypatch):
    """Run in an empty folder, with pip and the download served by the local site."""
    import urllib.request

    installs, fetched = [], []

    def pip(args, check):
        installs.append(args)

    def retrieve(url, target):
        fetched.append(url)
        fetch(f"{base_url}/data/{Path(url).name}", Path(target))

    monkeypatch.setattr(subprocess, "run", pip)
    monkeypatch.setattr(urllib.request, "urlretrieve", retrieve)
    monkeypatch.chdir(tmp_path)
    exec(compile(_setup_cell(LABS[0]), "setup-cell", "exec"), {})
    pins = _pins()
    assert installs == [[sys.executable, "-m", "pip", "install", "--quiet",
                         f"tensorflow=={pins['tensorflow_cpu']}", f"keras=={pins['keras']}"]]
    assert all(url.startswith("https://raw.githubusercontent.com/dl-nlp-cheatsheet/cheatsheet/")
               for url in fetched)
    for path in downloads.data_files(ROOT):
        assert (tmp_path / path).read_bytes() == (ROOT / path).read_bytes()


def test_the_first_cell_does_nothing_inside_the_repository(monkeypatch):
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("installed"))
    monkeypatch.chdir(ROOT / "docs" / "labs")
    exec(compile(_setup_cell(LABS[0]), "setup-cell", "exec"), {})
