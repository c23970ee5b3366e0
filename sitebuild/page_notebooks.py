"""A page as a notebook: its snippets as code cells, in page order, with the build's outputs.

Each ``## section`` of the page that shows a snippet becomes a short Markdown cell, followed by
one code cell per snippet first shown there: the whole file (it runs on its own), with what the
build captured from it: its stdout and its figures.
"""

from __future__ import annotations

import posixpath
import re

import nbformat
from nbformat import v4

from sitebuild import downloads, executor, formats

NOTEBOOK_DIR = "notebooks"
_HEADING = re.compile(r"^## (?P<text>.+?)(?:\s*\{[^}]*\})?\s*$")


def uri(page_uri: str) -> str:
    """Where a page's notebook is published: notebooks/<section>/<concept>.ipynb."""
    return f"{NOTEBOOK_DIR}/{page_uri.removesuffix('.md')}.ipynb"


def sections(markdown: str) -> list[tuple[str, list[str]]]:
    """(heading, snippets first shown under it), in page order; '' before the first heading."""
    found: list[tuple[str, list[str]]] = [("", [])]
    seen: set[str] = set()
    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        if heading:
            found.append((heading["text"], []))
        for include in formats.INCLUDE.finditer(line):
            if include["path"] not in seen:
                seen.add(include["path"])
                found[-1][1].append(include["path"])
    return [(heading, paths) for heading, paths in found if paths]


def _outputs(result: executor.Result | None) -> list:
    if result is None:
        return []
    outputs = []
    if result.stdout:
        outputs.append(v4.new_output("stream", name="stdout", text=result.stdout))
    for svg in result.figures:
        outputs.append(v4.new_output("display_data", data={"image/svg+xml": svg.decode()}))
    return outputs


def _intro(title: str, description: str, page_url: str, data: list[str], site_url: str) -> str:
    text = [f"# {title}", "", description, "",
            f"The code cells of [this page of the tested Deep-Learning-NLP cheatsheet]({page_url}), "
            f"in page order, with the outputs the site's build produced ({formats.versions()})."]
    if data:
        links = ", ".join(f"[{posixpath.basename(d)}]({site_url.rstrip('/')}/{d})" for d in data)
        text += ["", f"Some cells read the site's data files: save {links} in a `data` folder "
                     "beside this notebook first."]
    return "\n".join(text)


def build(markdown: str, page_url: str, site_url: str,
          results: dict[str, executor.Result], root) -> bytes:
    """The notebook of one page, as .ipynb bytes (valid nbformat 4)."""
    meta = formats.front_matter(markdown)
    parts = sections(markdown)
    data = sorted({d for _, paths in parts for path in paths
                   for d in downloads.data_read(getattr(results.get(path), "deps", []))})
    cells = [v4.new_markdown_cell(_intro(meta.get("title", ""), meta.get("description", ""),
                                         page_url, data, site_url))]
    for heading, paths in parts:
        if heading:
            cells.append(v4.new_markdown_cell(f"## {heading}"))
        for path in paths:
            cell = v4.new_code_cell((root / path).read_text().rstrip("\n"))
            cell.outputs = _outputs(results.get(path))
            cells.append(cell)
    notebook = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    for number, cell in enumerate(notebook.cells):  # stable ids: same page, same bytes
        cell["id"] = f"cell-{number}"
    nbformat.validate(notebook)
    return nbformat.writes(notebook).encode()


def for_pages(page_files, site_url: str, results: dict[str, executor.Result], root):
    """(uri, notebook bytes) for every Markdown page that shows a snippet."""
    for page_file in list(page_files):
        markdown = page_file.content_string
        if page_file.src_uri.endswith(".md") and formats.snippets_shown(markdown):
            notebook = build(markdown, site_url + page_file.url, site_url, results, root)
            yield uri(page_file.src_uri), notebook


def link(markdown: str, page_uri: str) -> str:
    """The page with a "download as a notebook" link under its first heading."""
    target = posixpath.relpath(uri(page_uri), posixpath.dirname(page_uri) or ".")
    name = posixpath.basename(target)
    line = (f'[Download this page as a notebook]({target}){{ download="{name}" '
            '.page-notebook }')
    lines = markdown.split("\n")
    for number, text in enumerate(lines):
        if text.startswith("# "):
            lines[number + 1:number + 1] = ["", line]
            break
    return "\n".join(lines)

