"""Run what the pages show, and put each snippet's output under its code.

``execute`` runs every stale snippet and notebook (cached results are reused) and fails the
build on any failure; ``place`` writes the Output box after the last fence that includes a
snippet; ``figure_uri`` is where a snippet's figures are published.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitebuild import executor, formats
from sitebuild.cache import ResultCache
from sitebuild.settings import Settings

log = logging.getLogger("mkdocs.hooks.sitebuild")

FIGURE_DIR = "assets/exec"


def shown_files(files, root: Path) -> tuple[list[str], dict]:
    """The snippets the pages include (in order of first use) and the lab notebook pages,
    each keyed by its path relative to the project root."""
    shown: dict[str, None] = {}
    labs = {}
    for page_file in files.documentation_pages():
        if page_file.src_uri.endswith(".ipynb"):
            labs[Path(page_file.abs_src_path).resolve().relative_to(root).as_posix()] = page_file
        else:
            shown.update(dict.fromkeys(formats.snippets_shown(page_file.content_string)))
    return list(shown), labs


def run_all(snippets: list[str], labs: dict, settings: Settings) -> dict[str, executor.Result]:
    """Run what is stale and point each lab page at its executed copy."""
    cache = ResultCache(settings.cache / "results", settings.root)
    # Notebooks first: each one pays a kernel start-up that the snippets do not.
    results = execute([*labs, *snippets], settings.root, settings.timeout, settings.jobs, cache)
    for rel, page_file in labs.items():
        page_file.abs_src_path = str(cache.executed_notebook(rel))
    return results


def titles(paths: list[str], root: Path) -> dict[str, str]:
    """Each file's title: a snippet's header Title, a lab's first heading ("" if missing)."""
    found = {}
    for rel in paths:
        path = root / rel
        if not path.is_file():
            found[rel] = ""
        elif path.suffix == ".ipynb":
            found[rel] = formats.notebook_title(path.read_text(encoding="utf-8"))
        else:
            found[rel] = formats.snippet_header(path.read_text(encoding="utf-8")).title
    return found


def figure_files(results: dict[str, executor.Result]) -> list[tuple[str, bytes]]:
    """(uri, bytes) for every figure every file drew, its dark variant and their thumbnails."""
    kinds = {"figures": (False, False), "dark_figures": (True, False),
             "thumbnails": (False, True), "dark_thumbnails": (True, True)}
    return [(figure_uri(result.path, number, dark, thumb), data) for result in results.values()
            for name, (dark, thumb) in kinds.items()
            for number, data in enumerate(getattr(result, name), start=1)]


def execute(paths: list[str], root: Path, timeout: float, jobs: int,
            cache: ResultCache) -> dict[str, executor.Result]:
    """Results for every path (relative to root), running only the stale ones."""
    results = {path: cache.load(path) for path in paths}
    stale = [path for path, result in results.items() if result is None]
    started = time.perf_counter()
    if stale:
        log.info("Executing %d of %d files, %d at a time", len(stale), len(paths), jobs)
    for result in executor.run_many([root / p for p in stale], root, timeout, jobs):
        results[result.path] = result
        cache.store(result)
    for result in results.values():
        state = "cached" if result.cached else ("ok" if result.ok else "FAILED")
        log.info("ran %-60s %7.2f s  %s", result.path, result.seconds, state)
    if stale:
        log.info("Executed %d files in %.1f s", len(stale), time.perf_counter() - started)
    failures = [r for r in results.values() if not r.ok]
    if failures:
        raise PluginError("\n\n".join(describe_failure(r) for r in failures))
    return results


def describe_failure(result: executor.Result) -> str:
    kind = "Notebook" if result.path.endswith(".ipynb") else "Snippet"
    text = f"{kind} {result.path} {result.error}"
    if result.stderr.strip():
        text += "\n--- its stderr (last 40 lines) ---\n" + "\n".join(
            result.stderr.strip().splitlines()[-40:])
    return text


def figure_uri(snippet: str, number: int, dark: bool = False, thumb: bool = False) -> str:
    """Where a figure is published: its SVG, or its gallery thumbnail (``thumbs.py``)."""
    stem = snippet.removeprefix("snippets/").removesuffix(".py")
    kind = "-thumb" if thumb else ""
    return f"{FIGURE_DIR}/{stem}-{number}{kind}{'-dark' if dark else ''}.{'webp' if thumb else 'svg'}"


def figure_id(snippet: str, number: int) -> str:
    """The anchor of a figure on the pages that show it (the figure gallery links to it)."""
    stem = snippet.removeprefix("snippets/").removesuffix(".py")
    return f"fig-{stem.replace('/', '-')}-{number}"


def svg_size(svg: bytes) -> tuple[int, int]:
    """An SVG's width and height in CSS pixels, from its root's pt sizes (matplotlib's)."""
    found = re.search(rb'<svg[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"', svg)
    if not found:
        return (0, 0)
    return tuple(round(float(value) * 4 / 3) for value in found.groups())


def figure_images(path: str, number: int, alt: str, src_dir: str, size: tuple[int, int],
                  scale: float = 1.0, thumb: bool = False) -> str:
    """Markdown for one figure (or its thumbnail): the drawn one, and its dark variant, which
    only Material's dark scheme shows (docs/assets/extra.css); both lazy, so one scheme
    fetches one file."""
    width, height = (round(side * scale) for side in size)
    dims = f" width={width} height={height}" if width and height else ""
    return " ".join(
        f"![{alt}]({posixpath.relpath(figure_uri(path, number, dark, thumb), src_dir)})"
        f"{{ .figure-{'dark' if dark else 'light'} loading=lazy{dims} }}"
        for dark in (False, True))


def place(markdown: str, results: dict[str, executor.Result], page_uri: str,
          titles: dict[str, str], links: Callable[[str], list[str]] | None = None) -> str:
    """The page with each snippet's Output box after the last fence that includes it.

    ``titles`` maps a snippet path to its header's Title, the Output box's caption;
    ``links(path)`` gives the Markdown lines that go between the code and its box.
    """
    lines = markdown.splitlines()
    last_fence: dict[str, formats.Fence] = {}
    for fence in formats.fences(markdown):
        for include in fence.includes:
            last_fence[include.path] = fence
    for path, fence in sorted(last_fence.items(), key=lambda item: -item[1].end):
        block = (links(path) if links else []) + output_block(
            path, results.get(path), page_uri, titles.get(path, ""))
        lines[fence.end + 1:fence.end + 1] = [fence.indent + row if row else row
                                              for row in block]
    return "\n".join(lines) + "\n"


def caption(path: str, title: str) -> str:
    """The Output box's title: the file name, then the snippet's own Title."""
    name = posixpath.basename(path)
    return f"Output of {name} — {markdown_text(title)}" if title else f"Output of {name}"


def markdown_text(text: str) -> str:
    """Plain text made safe to put in Markdown: no emphasis, code, link, math or HTML."""
    return re.sub(r"([\\`*_\[\]$])", r"\\\1", text).replace("<", "&lt;")


def output_block(path: str, result: executor.Result | None, page_uri: str,
                 title: str = "") -> list[str]:
    """The Markdown of one Output box (unindented), with a blank line before and after."""
    name = posixpath.basename(path)
    if result is None:
        return ["", f'!!! output "Output of {name} not shown"',
                "    This build ran with `CHEATSHEET_EXECUTE=0`.", ""]
    block = ["", f'!!! output "{caption(path, title)}"', ""]
    if result.stdout.strip():
        fence = "`" * max(3, longest_backtick_run(result.stdout) + 1)
        block += [f"    {fence}text"]
        block += [f"    {row}" if row else "" for row in result.stdout.rstrip("\n").split("\n")]
        block += [f"    {fence}", ""]
    page_dir = posixpath.dirname(page_uri) or "."
    for number, figure_title in enumerate(result.figure_titles, start=1):
        alt = figure_alt(path, number, figure_title)
        size = svg_size(result.figures[number - 1]) if len(result.figures) >= number else (0, 0)
        block += [f"    {figure_images(path, number, alt, page_dir, size)}",
                  f"    {{ #{figure_id(path, number)} .exec-figure }}", ""]
    return block


def figure_alt(path: str, number: int, title: str) -> str:
    """A figure's alt text: "Figure 2 of x.py: its title"."""
    return html.escape(f"Figure {number} of {posixpath.basename(path)}" + (f": {title}" if title else ""))


def longest_backtick_run(text: str) -> int:
    """So the Output fence is longer than any run of backticks the snippet printed."""
    return max((len(run) for run in re.findall(r"`+", text)), default=0)
