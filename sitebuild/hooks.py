"""MkDocs hooks: execute every snippet a page shows and put its output under it.

Wired in ``mkdocs.yml`` (``hooks: [sitebuild/hooks.py]``). Each event delegates to a
module named for its job (``sitebuild/__init__.py`` lists them); settings come from the
environment (``sitebuild/settings.py``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.structure.files import File, Files

# MkDocs loads this file by path; make the `sitebuild` package beside it importable.
_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from sitebuild import (  # noqa: E402 - needs the sys.path entry made just above
    executor,
    formats,
    generated,
    htmlfix,
    notebooks,
    outputs,
    report,
    search,
)
from sitebuild.cache import LOCK_FILE, file_digest  # noqa: E402 - as above
from sitebuild.settings import Settings  # noqa: E402 - as above

_settings: Settings | None = None
_results: dict[str, executor.Result] = {}
_titles: dict[str, str] = {}  # file -> its Title: Output box captions, the build report
_nav_pages: list = []


def on_config(config):
    global _settings
    _settings = Settings.from_env(config.config_file_path)
    # Lab notebooks run in a Jupyter kernel that inherits this environment.
    os.environ.update(executor.SNIPPET_ENV)
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        lock = file_digest(_settings.root / LOCK_FILE)[:16]
        notebooks.configure(jupyter.config, _settings.cache / "notebook-html" / lock)
    config.copyright = report.footer()
    return config


def on_files(files: Files, config) -> Files:
    snippets, labs = outputs.shown_files(files, _settings.root)
    _results.clear()
    if _settings.execute:
        _results.update(outputs.run_all(snippets, labs, _settings))
    _titles.clear()
    _titles.update(outputs.titles([*labs, *snippets], _settings.root))
    for uri, svg in outputs.figure_files(_results):
        files.append(File.generated(config, uri, content=svg))
    content = report.build_report(_results, _titles, _settings.execute)
    files.append(File.generated(config, report.REPORT_PAGE, content=content))
    return files


def on_nav(nav, config, files):
    _nav_pages[:] = nav.pages
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    markdown = generated.fill(markdown, _nav_pages, page.file.src_uri, _settings.root)
    search.boost(page.meta, bool(formats.snippets_shown(markdown)))
    return outputs.place(markdown, _results, page.file.src_uri, _titles)


def on_page_content(html: str, page, config, files) -> str:
    return htmlfix.render_math(html, page.file.src_uri)


def on_post_template(output: str, template_name: str, config) -> str:
    if not template_name.endswith(".html"):
        return output  # sitemap.xml
    output = htmlfix.add_accessible_names(output)  # 404.html
    return htmlfix.inline_site_css(output, config.extra_css, config.docs_dir, template_name)


def on_post_page(output: str, page, config) -> str:
    output = htmlfix.add_accessible_names(output)
    if page.file.src_uri.endswith(".ipynb"):  # before the site's own <style> goes in
        output = notebooks.fix_page(output, page.file.dest_uri, Path(config.site_dir))
    return htmlfix.inline_site_css(output, config.extra_css, config.docs_dir, page.file.src_uri)
