"""The built site in a real browser: Debian's Chromium, driven by Playwright.

`make test` installs Chromium when it is missing (Playwright's own browser
download cannot work here). Screenshots are written to $TEST_ARTIFACTS_DIR,
or to a temporary folder named in the test log.
"""

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import sync_playwright

from sitebuild.hooks import snippets_shown

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CONCEPT_PAGES = sorted(p for p in DOCS.glob("*/*.md") if snippets_shown(p.read_text()))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def url_path(page: Path) -> str:
    rel = page.relative_to(DOCS).with_suffix("").as_posix()
    return "/" if rel == "index" else f"/{rel}/"


def front_matter_title(page: Path) -> str:
    return re.search(r"^title:\s*(.+)$", page.read_text(), re.MULTILINE)[1].strip()


@pytest.fixture(scope="module")
def base_url(site_build):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Handler, directory=str(site_build.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    assert chromium, "Chromium is missing: `make test` installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Watched:
    """A browser tab that records console errors and blocks requests leaving 127.0.0.1."""

    def __init__(self, browser, base_url, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.errors, self.outside = [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        host = urlparse(base_url).netloc

        def route(route):
            if urlparse(route.request.url).netloc == host:
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        self.context.route("**/*", route)


@pytest.fixture
def tab(browser, base_url):
    watched = Watched(browser, base_url, viewport=DESKTOP,
                      permissions=["clipboard-read", "clipboard-write"])
    yield watched
    watched.context.close()


def all_pages(site: Path) -> list[str]:
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html")
                  for p in site.rglob("*.html"))


@pytest.mark.parametrize("page", CONCEPT_PAGES, ids=lambda p: p.stem)
def test_search_for_a_concept_returns_its_page_first(tab, base_url, page):
    tab.page.goto(f"{base_url}/?q={quote(front_matter_title(page))}")
    first = tab.page.locator(".md-search-result__item a").first
    first.wait_for(timeout=15000)
    assert urlparse(first.get_attribute("href")).path == url_path(page)


@pytest.mark.parametrize("page", CONCEPT_PAGES, ids=lambda p: p.stem)
def test_copy_button_copies_the_snippet_file_exactly(tab, base_url, page):
    tab.page.goto(base_url + url_path(page), wait_until="networkidle")
    for path in snippets_shown(page.read_text()):
        block = tab.page.locator(f'.highlight:has(> span.filename:text-is("{path}"))').first
        block.hover()
        block.locator("button.md-code__button[data-md-type=copy]").click()
        copied = tab.page.evaluate("navigator.clipboard.readText()")
        assert copied == (ROOT / path).read_text().rstrip("\n"), path


def test_every_page_loads_its_images_with_no_console_error_and_nothing_from_outside(
        tab, base_url, site_build):
    problems = []
    for path in all_pages(site_build.site):
        tab.errors.clear()
        tab.outside.clear()
        tab.page.goto(base_url + path, wait_until="networkidle")
        broken = tab.page.evaluate("""async () => {
            const broken = [];
            for (const img of document.querySelectorAll("img")) {
                img.loading = "eager";
                try { await img.decode(); } catch (e) { broken.push(img.src); }
            }
            return broken;
        }""")
        if broken or tab.errors or tab.outside:
            problems.append((path, broken, tab.errors[:], tab.outside[:]))
    assert not problems


def test_dark_mode_toggle_works_and_is_remembered(tab, base_url):
    page = tab.page
    page.goto(base_url + "/", wait_until="networkidle")
    scheme = lambda: page.evaluate("document.body.dataset.mdColorScheme")  # noqa: E731
    for _ in range(3):  # the toggle cycles: system preference -> light -> dark
        if scheme() == "slate":
            break
        page.locator("form[data-md-component=palette] label.md-header__button:visible").click()
    assert scheme() == "slate"
    page.reload(wait_until="networkidle")
    assert scheme() == "slate"


def test_navigation_works_on_a_phone(browser, base_url):
    phone = Watched(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.page
    page.goto(base_url + "/", wait_until="networkidle")
    page.locator('label.md-header__button[for="__drawer"]').click()
    # On a phone, each nav section is a panel: open "Regularization", then pick the page.
    page.locator(".md-nav--primary label.md-nav__link", has_text="Regularization").first.click()
    page.locator(".md-nav--primary a.md-nav__link", has_text="Dropout").first.click()
    page.wait_for_url("**/regularization/dropout/")
    width = page.evaluate("document.documentElement.scrollWidth")
    phone.context.close()
    assert width <= PHONE["width"], "the page scrolls sideways on a phone"


def test_screenshots_at_desktop_and_phone_sizes(browser, base_url, tmp_path_factory):
    folder = Path(os.environ.get("TEST_ARTIFACTS_DIR") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        watched = Watched(browser, base_url, viewport=viewport)
        for name, path in (("home", "/"), ("dropout", "/regularization/dropout/")):
            watched.page.goto(base_url + path, wait_until="networkidle")
            shot = folder / f"{name}-{size_name}.png"
            watched.page.screenshot(path=shot, full_page=True)
            assert shot.read_bytes().startswith(b"\x89PNG")
        watched.context.close()
    print(f"screenshots in {folder}")
