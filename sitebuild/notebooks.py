"""Lab notebook pages: executed by us, rendered by mkdocs-jupyter, then fixed.

``configure`` makes mkdocs-jupyter render the copy the build executed. ``fix_page`` repairs
what nbconvert writes into each lab page:

- it drops the MathJax loader (lab cells carry no LaTeX, and no CDN is allowed);
- it makes scrolling code cells focusable (``tabindex="0"``), for keyboard users;
- it moves every inline ``<style>`` (595 KB per page, measured 2026-12-05) into a shared
  stylesheet named by its hash, and repairs mkdocs-jupyter's Pygments CSS on the way.
"""

from __future__ import annotations

import ast
import hashlib
import html
import posixpath
import re
from pathlib import Path


def configure(jupyter_config: dict, html_cache: Path) -> None:
    """We execute lab notebooks ourselves (in parallel with the snippets, cached like them)
    and hand mkdocs-jupyter the executed copy. Its own HTML cache keys on notebook bytes
    only, so ``html_cache`` is a folder per lock file."""
    jupyter_config["execute"] = False
    jupyter_config["cache_dir"] = str(html_cache)


# mkdocs-jupyter always emits a MathJax loader; with no CDN allowed its src is
# empty, which makes the browser fetch the page itself as a script.
MATHJAX = re.compile(
    r'<!-- Load mathjax -->\s*<script src="[^"]*">\s*</script>\s*'
    r'<!-- MathJax configuration -->\s*<script type="text/x-mathjax-config">.*?</script>',
    re.DOTALL)
STYLE = re.compile(r"<style[^>]*>(?P<css>.*?)</style>", re.DOTALL)
# nbconvert's code cells scroll sideways; keyboard users need to be able to focus them.
CODE_CELL = re.compile(r'<div class="(highlight-ipynb hl-\w+)">')


def repair_css(raw: str) -> str:
    """mkdocs-jupyter 0.26 writes the Pygments CSS as a Python list repr (`['pre {...}']`),
    which browsers drop as a parse error; unwrap it so lab code is highlighted."""
    text = raw.strip()
    if text.startswith("['") and text.endswith("']"):
        return "".join(ast.literal_eval(text))
    return raw


def shared_stylesheet(css: bytes) -> str:
    """Where a stylesheet's bytes are published: one file per distinct content."""
    return f"assets/stylesheets/notebook-{hashlib.sha256(css).hexdigest()[:12]}.css"


def fix_page(page_html: str, page_dest_uri: str, site_dir: Path) -> str:
    """A lab page with no MathJax, focusable code cells, and its CSS in shared files
    (written under ``site_dir``). Runs before the site's own <style> is inlined."""
    page_html = CODE_CELL.sub(r'<div class="\1" tabindex="0">', page_html)
    page_dir = posixpath.dirname(page_dest_uri)

    def share(match: re.Match) -> str:
        css = repair_css(match["css"]).encode()
        name = shared_stylesheet(css)
        target = site_dir / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(css)
        return f'<link rel="stylesheet" href="{posixpath.relpath(name, page_dir)}">'

    # <style> is not allowed inside <article>; <link rel="stylesheet"> is: valid HTML too.
    return STYLE.sub(share, MATHJAX.sub("", page_html))


DOWNLOAD_BUTTON = re.compile(r'<a [^>]*title="Download this notebook"[^>]*>.*?</a>', re.DOTALL)


def add_colab_link(page_html: str, colab_url: str) -> str:
    """An "Open in Colab" link next to the lab's download button."""
    link = (f'<a href="{colab_url}" class="md-content__button colab-link" '
            'title="Open this notebook in Google Colab">Open in Colab</a>')
    return DOWNLOAD_BUTTON.sub(lambda match: match[0] + link, page_html, count=1)


def add_report_link(page_html: str, report_url: str) -> str:
    """The "report a problem" paragraph at the end of the lab's article, as on other pages."""
    paragraph = (f'<p class="report-problem"><a href="{html.escape(report_url)}">'
                 "Report a problem with this page</a></p>")
    head, tail = page_html.rsplit("</article>", 1)
    return head + paragraph + "</article>" + tail

