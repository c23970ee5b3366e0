"""MkDocs hooks: execute every snippet a page shows and put its output under it.

Wired in ``mkdocs.yml`` (``hooks: [sitebuild/hooks.py]``). Settings come from
the environment so that ``make``, the tests and the benchmark can vary them:

    CHEATSHEET_EXECUTE    1 (default) runs snippets; 0 builds without outputs
    CHEATSHEET_JOBS       snippets run at once (default: number of CPU cores)
    CHEATSHEET_TIMEOUT    seconds one snippet may run (default 120)
    CHEATSHEET_CACHE_DIR  where results are kept (default .cache/ beside mkdocs.yml)
"""

from __future__ import annotations

import ast
import hashlib
import html
import logging
import os
import posixpath
import re
import sys
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# MkDocs loads this file by path; make the `sitebuild` package beside it importable.
_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from sitebuild import executor, generated  # noqa: E402
from sitebuild.cache import LOCK_FILE, ResultCache, file_digest  # noqa: E402

log = logging.getLogger("mkdocs.hooks.sitebuild")

# A snippet include inside a code fence: --8<-- "snippets/dir/name.py" or "...py:section"
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<path>snippets/[^":]+\.py)(?::[\w-]+)?"\s*$')
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
FIGURE_DIR = "assets/exec"
REPORT_PAGE = "reference/build_report.md"

_results: dict[str, executor.Result] = {}


def _settings() -> dict:
    return {
        "execute": os.environ.get("CHEATSHEET_EXECUTE", "1") != "0",
        "jobs": int(os.environ.get("CHEATSHEET_JOBS", os.cpu_count() or 1)),
        "timeout": float(os.environ.get("CHEATSHEET_TIMEOUT", "120")),
        "cache_dir": os.environ.get("CHEATSHEET_CACHE_DIR", ""),
    }


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _cache_base(root: Path) -> Path:
    return Path(_settings()["cache_dir"] or root / ".cache")


def on_config(config):
    # Lab notebooks run in a Jupyter kernel that inherits this environment.
    os.environ.update(executor.SNIPPET_ENV)
    root = _root(config)
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        # We execute lab notebooks ourselves (in parallel with the snippets, cached
        # like them) and hand mkdocs-jupyter the executed copy to render.
        jupyter.config["execute"] = False
        # Its HTML cache keys on notebook bytes only; a new lock file must invalidate it too.
        lock = file_digest(root / LOCK_FILE)[:16]
        jupyter.config["cache_dir"] = str(_cache_base(root) / "notebook-html" / lock)
    config.copyright = (
        f"Outputs produced by running each page's code with TensorFlow "
        f"{version('tensorflow-cpu')} / Keras {version('keras')}. "
        f"Site built {datetime.now(timezone.utc):%Y-%m-%d}.")
    return config


def snippets_shown(markdown: str) -> list[str]:
    """Snippet paths included in a page's code fences, in order of first use."""
    seen: dict[str, None] = {}
    for line in markdown.splitlines():
        match = INCLUDE.match(line)
        if match:
            seen.setdefault(match["path"], None)
    return list(seen)


def on_files(files: Files, config) -> Files:
    settings = _settings()
    root = _root(config)
    shown: dict[str, None] = {}
    notebooks: dict[str, File] = {}  # path relative to the project root -> its page
    for page_file in files.documentation_pages():
        if page_file.src_uri.endswith(".ipynb"):
            rel = Path(page_file.abs_src_path).resolve().relative_to(root).as_posix()
            notebooks[rel] = page_file
            continue
        for path in snippets_shown(page_file.content_string):
            shown.setdefault(path, None)
    _results.clear()
    if settings["execute"]:
        cache = ResultCache(_cache_base(root) / "results", root)
        # Notebooks first: each one pays a kernel start-up that the snippets do not.
        _results.update(_execute([*notebooks, *shown], root, settings, cache))
        for rel, page_file in notebooks.items():
            page_file.abs_src_path = str(cache.executed_notebook(rel))
    for result in _results.values():
        for number, svg in enumerate(result.figures, start=1):
            files.append(File.generated(config, _figure_uri(result.path, number), content=svg))
    files.append(File.generated(config, REPORT_PAGE, content=_report(settings)))
    return files


def _execute(paths: list[str], root: Path, settings: dict,
             cache: ResultCache) -> dict[str, executor.Result]:
    results = {path: cache.load(path) for path in paths}
    stale = [path for path, result in results.items() if result is None]
    started = time.perf_counter()
    if stale:
        log.info("Executing %d of %d files, %d at a time", len(stale), len(paths),
                 settings["jobs"])
    for result in executor.run_many([root / p for p in stale], root,
                                    settings["timeout"], settings["jobs"]):
        results[result.path] = result
        cache.store(result)
    for result in results.values():
        state = "cached" if result.cached else ("ok" if result.ok else "FAILED")
        log.info("ran %-60s %7.2f s  %s", result.path, result.seconds, state)
    if stale:
        log.info("Executed %d files in %.1f s", len(stale), time.perf_counter() - started)
    failures = [r for r in results.values() if not r.ok]
    if failures:
        raise PluginError("\n\n".join(_describe_failure(r) for r in failures))
    return results


def _describe_failure(result: executor.Result) -> str:
    kind = "Notebook" if result.path.endswith(".ipynb") else "Snippet"
    text = f"{kind} {result.path} {result.error}"
    if result.stderr.strip():
        text += "\n--- its stderr (last 40 lines) ---\n" + "\n".join(
            result.stderr.strip().splitlines()[-40:])
    return text


def _figure_uri(snippet: str, number: int) -> str:
    stem = snippet.removeprefix("snippets/").removesuffix(".py")
    return f"{FIGURE_DIR}/{stem}-{number}.svg"


_nav_pages: list = []


def on_nav(nav, config, files):
    _nav_pages[:] = nav.pages
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    markdown = generated.fill(markdown, _nav_pages, page.file.src_uri, _root(config))
    # A concept page ranks above labs and the reference pages that mention its name; a page can
    # still set its own `search: boost:` in front matter.
    if "Reference" in (page.meta.get("tags") or []):
        page.meta.setdefault("search", {}).setdefault("boost", 0.5)
    elif snippets_shown(markdown):
        page.meta.setdefault("search", {}).setdefault("boost", 2)
    lines = markdown.splitlines()
    last_fence_end: dict[str, tuple[int, str]] = {}
    fence, fence_start, included = None, 0, []
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is None and match:
            fence, fence_start, included = match["fence"], number, []
        elif fence is not None and line.strip() == fence:
            for path in included:
                last_fence_end[path] = (number, FENCE.match(lines[fence_start])["indent"])
            fence = None
        elif fence is not None and (include := INCLUDE.match(line)):
            included.append(include["path"])
    for path, (end, indent) in sorted(last_fence_end.items(), key=lambda kv: -kv[1][0]):
        block = _output_block(path, page.file.src_uri)
        lines[end + 1:end + 1] = [indent + row if row else row for row in block]
    return "\n".join(lines) + "\n"


def _output_block(path: str, page_uri: str) -> list[str]:
    result = _results.get(path)
    name = posixpath.basename(path)
    if result is None:
        return ["", f'!!! output "Output of {name} not shown"',
                "    This build ran with `CHEATSHEET_EXECUTE=0`.", ""]
    block = ["", f'!!! output "Output of {name}"', ""]
    if result.stdout.strip():
        fence = "`" * max(3, _longest_backtick_run(result.stdout) + 1)
        block += [f"    {fence}text"]
        block += [f"    {row}" if row else "" for row in result.stdout.rstrip("\n").split("\n")]
        block += [f"    {fence}", ""]
    page_dir = posixpath.dirname(page_uri)
    for number, title in enumerate(result.figure_titles, start=1):
        src = posixpath.relpath(_figure_uri(path, number), page_dir or ".")
        alt = html.escape(f"Figure {number} of {name}" + (f": {title}" if title else ""))
        block += [f'    ![{alt}]({src}){{ loading=lazy }}', ""]
    return block


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _report(settings: dict) -> str:
    rows = sorted(_results.values(), key=lambda r: -r.seconds)
    lines = [
        "# Build report",
        "",
        "Generated by the build: how long each snippet took when it last ran. "
        "*Cached* means the result was reused because nothing it depends on changed.",
        "",
        f"TensorFlow {version('tensorflow-cpu')}, Keras {version('keras')}, "
        f"Python {sys.version.split()[0]}.",
        "",
    ]
    if not settings["execute"]:
        return "\n".join(lines + ["This build ran with `CHEATSHEET_EXECUTE=0`: nothing was executed.", ""])
    lines += ["| File | Seconds | This build |", "|---|---:|---|"]
    lines += [f"| `{r.path}` | {r.seconds:.2f} | {'cached' if r.cached else 'executed'} |"
              for r in rows]
    lines += ["", f"Total run time: {sum(r.seconds for r in rows):.1f} s.", ""]
    return "\n".join(lines)


# Math: pymdownx.arithmatex (generic mode) marks it up; we render MathML here, so
# pages need no math JavaScript and nothing is fetched from a CDN.
MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.DOTALL)


def on_page_content(html_text: str, page, config, files) -> str:
    from latex2mathml.converter import convert

    def render(match: re.Match) -> str:
        body = html.unescape(match["body"]).strip()
        display = "block" if match["tag"] == "div" else "inline"
        latex = body[2:-2] if body[:2] in ("\\(", "\\[") else body
        try:
            mathml = convert(latex, display=display)
        except Exception as exc:  # noqa: BLE001 - name the page and formula, then fail
            raise PluginError(f"{page.file.src_uri}: cannot render math {latex!r}: {exc}") from exc
        return f'<{match["tag"]} class="math">{mathml}</{match["tag"]}>'

    return MATH.sub(render, html_text)


# mkdocs-jupyter always emits a MathJax loader; with no CDN allowed its src is
# empty, which makes the browser fetch the page itself as a script. Lab
# notebooks carry no LaTeX, so the loader and its configuration are dropped.
NOTEBOOK_MATHJAX = re.compile(
    r'<!-- Load mathjax -->\s*<script src="[^"]*">\s*</script>\s*'
    r'<!-- MathJax configuration -->\s*<script type="text/x-mathjax-config">.*?</script>',
    re.DOTALL)


# nbconvert inlines about 570 KB of JupyterLab CSS into every notebook page. The
# same bytes go once into a shared stylesheet that browsers cache across labs.
NOTEBOOK_STYLE = re.compile(r"<style[^>]*>(?P<css>.*?)</style>", re.DOTALL)


def notebook_css(raw: str) -> str:
    """mkdocs-jupyter 0.26 writes the Pygments CSS as a Python list repr (`['pre {...}']`),
    which browsers drop as a parse error; unwrap it so lab code is highlighted."""
    text = raw.strip()
    if text.startswith("['") and text.endswith("']"):
        return "".join(ast.literal_eval(text))
    return raw


# Accessible names that Material 9.8's templates leave out (axe-core: aria-dialog-name,
# aria-progressbar-name, landmark-unique). Each pattern occurs once per page.
ACCESSIBLE_NAMES = [
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'),
    ('role="progressbar">', 'role="progressbar" aria-label="Loading the page">'),
    ('<nav class="md-tags"', '<nav class="md-tags" aria-label="Tags"'),
]
# nbconvert's code cells scroll sideways; keyboard users need to be able to focus them.
NOTEBOOK_CODE = re.compile(r'<div class="(highlight-ipynb hl-\w+)">')


def _accessible(output: str) -> str:
    for template_text, named in ACCESSIBLE_NAMES:
        output = output.replace(template_text, named, 1)
    return output


def inline_site_css(output: str, config, where: str) -> str:
    """Put the site's own stylesheets (`extra_css`, about 2.5 KB gzipped) inside the page:
    one render-blocking request fewer before the first paint (CONTRIBUTING.md, "Page performance").
    """
    for path in config.extra_css:
        link = re.compile(rf'<link rel="stylesheet" href="[^"]*?\b{re.escape(str(path))}">')
        css = (Path(config.docs_dir) / str(path)).read_text()
        output, found = link.subn(lambda _: f"<style>{css}</style>", output, count=1)
        if not found:
            raise PluginError(f"{where}: no <link> to {path} to inline; did Material's base.html change?")
    return output


def on_post_template(output: str, template_name: str, config) -> str:
    if not template_name.endswith(".html"):
        return output  # sitemap.xml
    return inline_site_css(_accessible(output), config, template_name)  # 404.html


def on_post_page(output: str, page, config) -> str:
    output = _accessible(output)
    if page.file.src_uri.endswith(".ipynb"):
        output = _share_notebook_css(output, page, config)  # before our own <style> goes in
    return inline_site_css(output, config, page.file.src_uri)


def _share_notebook_css(output: str, page, config) -> str:
    output = NOTEBOOK_CODE.sub(r'<div class="\1" tabindex="0">', output)
    page_dir = posixpath.dirname(page.file.dest_uri)

    def share(match: re.Match) -> str:
        css = notebook_css(match["css"]).encode()
        name = f"assets/stylesheets/notebook-{hashlib.sha256(css).hexdigest()[:12]}.css"
        target = Path(config.site_dir) / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(css)
        return f'<link rel="stylesheet" href="{posixpath.relpath(name, page_dir)}">'

    # Every nbconvert <style> becomes a shared, cached file: smaller pages, and valid HTML
    # (<style> is not allowed inside <article>; <link rel="stylesheet"> is).
    return NOTEBOOK_STYLE.sub(share, NOTEBOOK_MATHJAX.sub("", output))
