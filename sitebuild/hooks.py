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
    api_index,
    downloads,
    executor,
    formats,
    gallery,
    generated,
    htmlfix,
    notebooks,
    outputs,
    page_notebooks,
    pdf,
    predict,
    report,
    search,
)
from sitebuild.cache import LOCK_FILE, file_digest  # noqa: E402 - as above
from sitebuild.settings import Settings  # noqa: E402 - as above

_settings: Settings | None = None
_results: dict[str, executor.Result] = {}
_titles: dict[str, str] = {}  # file -> its Title: Output box captions, the build report
_nav_pages: list = []
_api: dict[str, dict[str, list[str]]] = {}  # API name -> {page: [snippets]}
_topics: dict[str, list[str]] = {}  # page URL -> the topic words it is the main page of
_commit: str | None = None  # the built commit: source links point to it
_on_github = False  # REPO_URL is a GitHub repository: source, Colab and report links
_cheatsheet_html: list[str] = []  # the built cheatsheet page, printed to PDF after the build


def on_config(config):
    global _settings, _commit, _on_github
    _settings = Settings.from_env(config.config_file_path)
    _commit = downloads.built_commit(_settings.root)
    _on_github = downloads.github_repo(config.repo_url) is not None
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
    files.append(File.generated(config, gallery.GALLERY_PAGE,
                                content=gallery.page(_results, files, config.nav, _titles)))
    _cheatsheet_html.clear()
    if files.get_file_from_path(pdf.SOURCE_PAGE):
        # Registered now so that links to it validate; on_post_build prints the PDF over it.
        files.append(File.generated(config, pdf.PDF_URI, content=b""))
    pages = {f.src_uri: f.content_string for f in files.documentation_pages()
             if f.src_uri.endswith(".md")}
    _api.clear()
    _api.update(api_index.snippet_uses(_settings.root, pages))
    files.append(File.generated(config, api_index.INDEX_PAGE, content=api_index.index_page(
        _api, {uri: formats.front_matter(text).get("title", uri) for uri, text in pages.items()})))
    _add_downloads(files, config, list(snippets))
    return files


def _add_downloads(files: Files, config, snippets: list[str]) -> None:
    """The snippets and data at their repository paths, each page's notebook, the course zip."""
    root = _settings.root
    for path in [*snippets, *downloads.data_files(root)]:
        files.append(File.generated(config, path, abs_src_path=str(root / path)))
    files.append(File.generated(config, downloads.COURSE_ZIP, content=downloads.course_zip(root)))
    for uri, notebook in page_notebooks.for_pages(files.documentation_pages(), config.site_url,
                                                  _results, root):
        files.append(File.generated(config, uri, content=notebook))


def on_nav(nav, config, files):
    _nav_pages[:] = nav.pages
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    uri = page.file.src_uri
    markdown = generated.fill(markdown, _nav_pages, uri, _settings.root)
    markdown = predict.fill(markdown, _results, uri, _settings.execute)
    shown = formats.snippets_shown(markdown)
    search.boost(page.meta, bool(shown))
    _topics[page.url] = search.topics(page.meta)
    if shown and not uri.startswith("reference/"):  # a concept page
        markdown = api_index.add_used_here(
            markdown, [name for name, used in _api.items() if uri in used], uri)
    markdown = search.add_error_headings(
        markdown, {path: result.stdout for path, result in _results.items()})
    markdown = outputs.place(markdown, _results, uri, _titles, lambda path: downloads.snippet_links(
        path, getattr(_results.get(path), "deps", []), uri, _source(config, path)))
    if shown:
        markdown = page_notebooks.link(markdown, uri)
    if not _on_github:
        return markdown
    report_url = downloads.report_url(config.repo_url, config.site_url + page.url, shown, _commit)
    return markdown + f"\n\n[Report a problem with this page]({report_url})\n{{ .report-problem }}\n"


def _source(config, path: str) -> str | None:
    if _commit is None or not _on_github:
        return None
    return downloads.source_url(config.repo_url, _commit, path)


def on_page_content(html: str, page, config, files) -> str:
    return htmlfix.render_math(html, page.file.src_uri)


def on_post_template(output: str, template_name: str, config) -> str:
    if not template_name.endswith(".html"):
        return output  # sitemap.xml
    output = htmlfix.add_accessible_names(output)  # 404.html
    return htmlfix.inline_site_css(output, config.extra_css, config.docs_dir, template_name)


def on_post_page(output: str, page, config) -> str:
    output = htmlfix.add_accessible_names(output)
    if page.file.src_uri == pdf.SOURCE_PAGE:
        _cheatsheet_html[:] = [output]
    if page.file.src_uri.endswith(".ipynb"):  # before the site's own <style> goes in
        output = notebooks.fix_page(output, page.file.dest_uri, Path(config.site_dir))
        committed = (Path(config.docs_dir) / page.file.src_uri).relative_to(_settings.root)
        colab = _commit and downloads.colab_url(config.repo_url, _commit, committed.as_posix())
        if colab:
            output = notebooks.add_colab_link(output, colab)
        if _on_github:
            output = notebooks.add_report_link(output, downloads.report_url(
                config.repo_url, config.site_url + page.url, [committed.as_posix()], _commit))
    return htmlfix.inline_site_css(output, config.extra_css, config.docs_dir, page.file.src_uri)


def on_post_build(config) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():
        search.adjust_index(index, _topics)
    if _cheatsheet_html:  # a site without the cheatsheet page has no PDF
        byline = f"{config.site_name}, {config.site_url} · {report.footer()}"
        pdf.write(_cheatsheet_html[0], byline, Path(config.site_dir))
