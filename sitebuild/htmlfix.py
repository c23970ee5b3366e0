"""Fixes to the HTML MkDocs and Material write: math, accessible names, inlined site CSS.

Each takes a page's HTML as a string and returns it fixed; none needs a build to test.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

# pymdownx.arithmatex (generic mode) marks math up; it is rendered to MathML here, so pages
# need no math JavaScript and nothing is fetched from a CDN.
MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.DOTALL)


def render_math(page_html: str, where: str) -> str:
    """Every arithmatex span (inline) and div (display) as MathML; fails naming the formula."""
    from latex2mathml.converter import convert

    def render(match: re.Match) -> str:
        body = html.unescape(match["body"]).strip()
        display = "block" if match["tag"] == "div" else "inline"
        latex = body[2:-2] if body[:2] in ("\\(", "\\[") else body
        try:
            mathml = convert(latex, display=display)
        except Exception as exc:  # noqa: BLE001 - latex2mathml raises many types; name the formula
            raise PluginError(f"{where}: cannot render math {latex!r}: {exc}") from exc
        return f'<{match["tag"]} class="math">{mathml}</{match["tag"]}>'

    return MATH.sub(render, page_html)


# Accessible names that Material 9.8's templates leave out (axe-core: aria-dialog-name,
# aria-progressbar-name, landmark-unique). Each pattern occurs once per page.
ACCESSIBLE_NAMES = [
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'),
    ('role="progressbar">', 'role="progressbar" aria-label="Loading the page">'),
    ('<nav class="md-tags"', '<nav class="md-tags" aria-label="Tags"'),
]


def add_accessible_names(page_html: str) -> str:
    for template_text, named in ACCESSIBLE_NAMES:
        page_html = page_html.replace(template_text, named, 1)
    return page_html


def inline_site_css(page_html: str, extra_css: list, docs_dir: str, where: str) -> str:
    """Put the site's own stylesheets (`extra_css`, about 2.5 KB gzipped) inside the page:
    one render-blocking request fewer before the first paint (decisions/2026-11-29-page-performance.md).
    """
    for path in extra_css:
        link = re.compile(rf'<link rel="stylesheet" href="[^"]*?\b{re.escape(str(path))}">')
        css = (Path(docs_dir) / str(path)).read_text()
        page_html, found = link.subn(lambda _, css=css: f"<style>{css}</style>", page_html,
                                     count=1)
        if not found:
            raise PluginError(
                f"{where}: no <link> to {path} to inline; did Material's base.html change?")
    return page_html
