"""Take the code home: the files a reader downloads, and the links beside each snippet.

- every shown snippet and the shipped data files are published at their repository paths
  (``snippets/<section>/<file>.py``, ``data/<file>``), so a snippet runs outside this
  repository with its data in ``./data``;
- beside each snippet: a download of the file, the data files it read, and its source in the
  repository at the built commit;
- the whole course as one zip (``COURSE_ZIP``), and a "report a problem" link per page.
"""

from __future__ import annotations

import io
import posixpath
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import quote, urlencode

from sitebuild import formats
from sitebuild.child import SHIPPED_DATA

COURSE_ZIP = "downloads/dl-nlp-cheatsheet-course.zip"
_GITHUB = re.compile(r"^https://github\.com/(?P<repo>[\w.-]+/[\w.-]+?)(?:\.git)?/?$")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same files give the same zip bytes
_DATA_SUFFIXES = (".tsv", ".txt")  # data/ also holds the scripts that make the files


def built_commit(root: Path) -> str | None:
    """The commit the site is built from (None outside a git checkout)."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def github_repo(repo_url: str | None) -> str | None:
    """``owner/name`` when repo_url is a GitHub repository, else None."""
    match = _GITHUB.match(repo_url or "")
    return match["repo"] if match else None


def source_url(repo_url: str, commit: str, path: str) -> str:
    return f"{repo_url.rstrip('/')}/blob/{commit}/{path}"


def colab_url(repo_url: str, commit: str, path: str) -> str | None:
    """Google Colab's page for a notebook of the repository at a commit (GitHub only)."""
    repo = github_repo(repo_url)
    return f"https://colab.research.google.com/github/{repo}/blob/{commit}/{path}" if repo else None


def data_files(root: Path) -> list[str]:
    """The shipped data a snippet may read, as repository paths (data/README.md says what)."""
    folder = root / SHIPPED_DATA
    return sorted(p.relative_to(root).as_posix() for p in folder.glob("*")
                  if p.suffix in _DATA_SUFFIXES)


def data_read(deps: list[str]) -> list[str]:
    """The shipped data files among what a snippet opened."""
    return [d for d in deps
            if d.startswith(f"{SHIPPED_DATA}/") and Path(d).suffix in _DATA_SUFFIXES]


def snippet_links(path: str, deps: list[str], page_uri: str, source: str | None) -> list[str]:
    """Markdown for the line under a snippet: its download, its data, its source."""
    page_dir = posixpath.dirname(page_uri) or "."
    name = posixpath.basename(path)
    parts = [f'[Download `{name}`]({posixpath.relpath(path, page_dir)}){{ download="{name}" }}']
    data = data_read(deps)
    if data:
        files = ", ".join(
            f'[`{posixpath.basename(d)}`]({posixpath.relpath(d, page_dir)})'
            f'{{ download="{posixpath.basename(d)}" }}' for d in data)
        parts.append(f"it reads {files}: save {'them' if len(data) > 1 else 'it'} "
                     f"in a `{SHIPPED_DATA}` folder where you run it")
    if source:
        parts.append(f"[source]({source})")
    return ["", " · ".join(parts), '{ .snippet-links }']


def report_url(repo_url: str, page_url: str, snippets: list[str], commit: str | None) -> str:
    """A new GitHub issue, prefilled with the page, its snippets and the versions."""
    lines = [f"Page: {page_url}", f"Built with: {formats.versions()}"]
    if commit:
        lines.append(f"Commit: {commit}")
    if snippets:
        lines.append("Snippets: " + ", ".join(snippets))
    lines += ["", "What went wrong (the command you ran, what it printed):", ""]
    query = urlencode({"title": f"Problem on {page_url}", "body": "\n".join(lines)},
                      quote_via=quote)
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def course_readme(versions: str) -> str:
    return f"""# Deep-Learning-NLP cheatsheet, tested: the course code

Every snippet of the site, the shipped data and the lab notebooks, as they were when the site
was built with {versions}.

Run it locally, with Python 3.11:

    python3.11 -m venv .venv
    .venv/bin/pip install -r requirements.txt -c requirements.lock
    .venv/bin/python snippets/regularization/dropout_formula.py

Run snippets from this folder: the ones that read text find it in `./data`. The labs are in
`labs/`; open them with Jupyter (`.venv/bin/pip install notebook`) from this folder.
"""


def course_zip(root: Path) -> bytes:
    """Every snippet, the data, the labs and the pinned requirements, as deterministic zip bytes."""
    members: dict[str, bytes] = {"README.md": course_readme(formats.versions()).encode()}
    for name in ("requirements.txt", "requirements.lock"):
        if (root / name).is_file():
            members[name] = (root / name).read_bytes()
    for path in sorted((root / "snippets").rglob("*.py")):
        members[path.relative_to(root).as_posix()] = path.read_bytes()
    for path in sorted((root / SHIPPED_DATA).glob("*")):
        if path.is_file():
            members[path.relative_to(root).as_posix()] = path.read_bytes()
    for path in sorted((root / "docs" / "labs").glob("*.ipynb")):
        members[f"labs/{path.name}"] = path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(f"dl-nlp-cheatsheet/{name}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
