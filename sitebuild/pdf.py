"""cheatsheet.pdf: the cheatsheet page as built, laid out for A4 paper and printed by Chromium.

The PDF is the built page's own ``<article>`` (``on_post_page`` hands it over), so it cannot
drift from the page; ``pdf.css`` beside this file is the paper layout: A4, two columns, type
of at least ``MIN_POINTS``. Chromium (Debian's, driven by Playwright as in the browser tests)
prints it, drawing the MathML formulas and embedding the fonts. The build fails, saying why,
when Chromium is missing or fails, when the fonts the layout needs are not installed, or when
the result breaks ``MAX_PAGES`` or ``MIN_POINTS``.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

SOURCE_PAGE = "reference/cheatsheet.md"
PDF_URI = "downloads/cheatsheet.pdf"
MAX_PAGES = 4
MIN_POINTS = 7.0
FONTS = ("Liberation Sans Narrow", "Inconsolata", "DejaVu Math TeX Gyre")  # set in pdf.css
CSS = Path(__file__).with_name("pdf.css")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update"]
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def article(page_html: str) -> str:
    """The content of a built Material page: its ``<article>``."""
    found = _ARTICLE.search(page_html)
    if not found:
        raise PluginError(f"cheatsheet.pdf: no <article> in the built {SOURCE_PAGE}")
    return found[1]


def without_blank_code_lines(content: str) -> str:
    """Code blocks without their empty lines: on paper, every line counts."""
    return re.sub(r"<pre\b.*?</pre>", lambda pre: re.sub(r"\n(?:[ \t]*\n)+", "\n", pre[0]),
                  content, flags=re.S)


def document(content: str, byline: str) -> str:
    """The print-only HTML: the article under the paper stylesheet, nothing fetched."""
    content = re.sub(r"(</h1>)", rf'\1<p class="byline">{html.escape(byline)}</p>',
                     without_blank_code_lines(content), count=1)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>Deep-Learning-NLP cheatsheet</title><style>{CSS.read_text()}</style></head>"
            f'<body><article class="md-typeset">{content}</article></body></html>')


def print_pdf(page_html: str) -> bytes:
    """Chromium's PDF of ``page_html``; a PluginError that says why if it cannot make one."""
    chromium = shutil.which("chromium")
    if not chromium:
        raise PluginError("cheatsheet.pdf: Chromium is missing; `make build` installs it "
                          "(`make system-deps`: apt-get install chromium)")
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # everything is inline
            page.set_content(page_html, wait_until="load")
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            browser.close()
    except Error as error:
        raise PluginError(f"cheatsheet.pdf: Chromium failed: {error}") from error
    return pdf


def missing_fonts() -> list[str]:
    """The families pdf.css sets that fontconfig cannot find (Chromium would substitute)."""
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return [family for family in FONTS if family not in listed]


def text_sizes(pdf: bytes) -> list[tuple[str, float]]:
    """(text, size in points) for every run of text in the PDF, as printed on the paper."""
    from pypdf import PdfReader

    runs = []

    def visit(text, cm, tm, _font, size):
        if text.strip():  # the size is the font size times the vertical scale of Tm x CTM
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            runs.append((text, size * (c * c + d * d) ** 0.5))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return runs


def check(pdf: bytes) -> None:
    """Fail the build, saying why, if the PDF breaks the paper layout's promises."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    problems = []
    if len(reader.pages) > MAX_PAGES:
        problems.append(f"{len(reader.pages)} pages, more than {MAX_PAGES}")
    missing = missing_fonts()
    if missing:
        problems.append(f"fonts not installed: {', '.join(missing)} (`make system-deps` "
                        "installs fonts-liberation, fonts-inconsolata and fonts-dejavu-extra)")
    small = [(text, size) for text, size in text_sizes(pdf) if size < MIN_POINTS]
    if small:
        text, size = min(small, key=lambda run: run[1])
        problems.append(f"{len(small)} runs of text under {MIN_POINTS:g} pt, the smallest "
                        f"{size:.2f} pt ({text.strip()[:40]!r})")
    if problems:
        raise PluginError("cheatsheet.pdf: " + "; ".join(problems))


def write(page_html: str, byline: str, site_dir: Path) -> Path:
    """Print the built cheatsheet page to ``site_dir/PDF_URI``, checked."""
    pdf = print_pdf(document(article(page_html), byline))
    check(pdf)
    target = site_dir / PDF_URI
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    return target
