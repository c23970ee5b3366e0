"""The built site in a real browser: Debian's Chromium, driven by Playwright.

`make test` installs Chromium when it is missing (Playwright's own browser
download cannot work here), so the version is whatever Debian serves that day;
the test report's header names it. Screenshots are written to
$TEST_ARTIFACTS_DIR, or to a temporary folder named in the test log.

No assertion reads a style or a layout while a transition may run: every tab
asks for reduced motion, which Material honours (`transition: none`), and
`settle` waits for any animation that still runs before a style is read.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import sync_playwright

from sitebuild.formats import fences, page_title, shown_text
from sitebuild.generated import abbreviations_named_by
from tests.conftest import DOCS, SNIPPET_PAGES

# --disable-dev-shm-usage: in a container (CI), /dev/shm is often too small for Chromium.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-dev-shm-usage"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def url_path(page: Path) -> str:
    rel = page.relative_to(DOCS).with_suffix("").as_posix()
    return "/" if rel == "index" else f"/{rel}/"


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
        self.context = browser.new_context(reduced_motion="reduce", **context_options)
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


def settle(page) -> None:
    """Wait until no finite CSS transition or animation runs, then for two frames.

    `getAnimations()` first applies pending style changes (such as a switch to print media),
    so the transitions they start are waited for too.
    """
    page.evaluate("""async () => {
        for (let round = 0; round < 20; round++) {
            const running = document.getAnimations().filter(
                (a) => a.playState === "running"
                    && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
            if (!running.length) break;
            await Promise.all(running.map((a) => a.finished.catch(() => null)));
        }
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    }""")


@pytest.fixture
def tab(browser, base_url):
    watched = Watched(browser, base_url, viewport=DESKTOP,
                      permissions=["clipboard-read", "clipboard-write"])
    yield watched
    watched.context.close()


def all_pages(site: Path) -> list[str]:
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html")
                  for p in site.rglob("*.html"))


# Every page that shows code: the concept pages and the reference pages with snippets.
@pytest.mark.parametrize("page", SNIPPET_PAGES, ids=lambda p: p.stem)
def test_search_for_a_concept_returns_its_page_first(tab, base_url, page):
    tab.page.goto(f"{base_url}/?q={quote(page_title(page))}")
    first = tab.page.locator(".md-search-result__item a").first
    first.wait_for(timeout=15000)
    assert urlparse(first.get_attribute("href")).path == url_path(page)


GLOSSARY = set(re.findall(r"^\*\[([^\]]+)\]:", (DOCS / "includes" / "abbreviations.md").read_text(),
                          re.MULTILINE))
# Each glossary abbreviation that a concept page's title introduces ("GRU (gated ...)").
ABBREVIATIONS = [(abbr, page) for page in SNIPPET_PAGES
                 for abbr in sorted(abbreviations_named_by(page_title(page)) & GLOSSARY)]


def test_abbreviations_are_found_in_page_titles():
    assert {"LSTM"} <= {abbr for abbr, _ in ABBREVIATIONS}


@pytest.mark.parametrize("abbr, page", ABBREVIATIONS, ids=lambda x: getattr(x, "stem", x))
def test_search_for_an_abbreviation_returns_its_page_first(tab, base_url, abbr, page):
    tab.page.goto(f"{base_url}/?q={quote(abbr)}")
    first = tab.page.locator(".md-search-result__item a").first
    first.wait_for(timeout=15000)
    assert urlparse(first.get_attribute("href")).path == url_path(page)


def reveal(block) -> None:
    """Open the content tab that holds a code block, if it is in one."""
    block.evaluate("""el => {
        const panel = el.closest('.tabbed-block');
        if (!panel) return;
        const index = [...panel.parentElement.children].indexOf(panel);
        panel.closest('.tabbed-set').querySelectorAll(':scope > .tabbed-labels > label')[index]
            .click();
    }""")


@pytest.mark.parametrize("page", SNIPPET_PAGES, ids=lambda p: p.stem)
def test_copy_button_copies_exactly_the_file_or_section_shown(tab, base_url, page):
    tab.page.goto(base_url + url_path(page), wait_until="networkidle")
    shown = [fence for fence in fences(page.read_text()) if fence.includes]
    assert all(fence.title and len(fence.includes) == 1 for fence in shown), (
        "each include in a fence of its own, with a title")
    for fence in shown:
        block = tab.page.locator(f'.highlight:has(> span.filename:text-is("{fence.title}"))').first
        reveal(block)
        block.hover()
        block.locator("button.md-code__button[data-md-type=copy]").click()
        copied = tab.page.evaluate("navigator.clipboard.readText()")
        # The copy button leaves out the block's final newline.
        assert copied == shown_text(fence.includes[0]).rstrip("\n"), fence.title


def test_every_page_loads_its_images_with_no_console_error_and_nothing_from_outside(
        tab, base_url, site_build):
    """Every <img>, lazy or hidden (the figures' dark variants, the gallery's thumbnails), decodes."""
    problems, decoded = [], {}
    for path in all_pages(site_build.site):
        tab.errors.clear()
        tab.outside.clear()
        tab.page.goto(base_url + path, wait_until="networkidle")
        broken, decoded[path] = tab.page.evaluate("""async () => {
            const broken = [], images = document.querySelectorAll("img");
            for (const img of images) {
                img.loading = "eager";
                try { await img.decode(); } catch (e) { broken.push(img.src); }
            }
            return [broken, images.length - broken.length];
        }""")
        if broken or tab.errors or tab.outside:
            problems.append((path, broken, tab.errors[:], tab.outside[:]))
    assert not problems
    # The gallery: a thumbnail and its dark variant for every figure the build wrote.
    figures = list((site_build.site / "assets" / "exec").rglob("*.svg"))
    thumbnails = list((site_build.site / "assets" / "exec").rglob("*-thumb*.webp"))
    assert figures and decoded["/reference/figures/"] == len(thumbnails) == len(figures)


def test_dark_mode_toggle_works_and_is_remembered(tab, base_url):
    page = tab.page
    page.goto(base_url + "/", wait_until="networkidle")
    scheme = lambda: page.evaluate("document.body.dataset.mdColorScheme")  # noqa: E731 - read it again each time
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
    settle(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    phone.context.close()
    assert width <= PHONE["width"], "the page scrolls sideways on a phone"


@pytest.mark.parametrize("path", ["/reference/cheatsheet/", "/training/batch_normalization/"])
def test_code_is_legible_on_a_phone(browser, base_url, path):
    """Code in tables, admonitions and Output boxes is at least 12px, Lighthouse's legibility line."""
    phone = Watched(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    phone.page.goto(base_url + path)
    settle(phone.page)
    sizes = phone.page.evaluate("""() => [...document.querySelectorAll('.md-content code')]
        .map(code => parseFloat(getComputedStyle(code).fontSize))""")
    phone.context.close()
    assert len(sizes) > 20
    assert min(sizes) >= 12


def figures_shown(page) -> list[dict]:
    """Each figure image a reader sees on the page: its file, and the colour behind it."""
    return page.evaluate("""async () => {
        const ground = (el) => {
            for (; el; el = el.parentElement) {
                const colour = getComputedStyle(el).backgroundColor;
                if (colour !== "rgba(0, 0, 0, 0)") return colour;
            }
            return "rgb(255, 255, 255)";
        };
        const shown = [];
        for (const img of document.querySelectorAll(".exec-figure img")) {
            if (!img.getClientRects().length) continue;
            img.loading = "eager";
            await img.decode();
            shown.push({src: img.currentSrc, ground: ground(img)});
        }
        return shown;
    }""")


def luminance(css_colour: str) -> float:
    r, g, b = (int(c) / 255 for c in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_screenshots_at_desktop_and_phone_sizes_with_figures_that_suit_each_scheme(
        browser, base_url, tmp_path_factory):
    """Light and dark, desktop and phone; in the dark scheme a figure is its dark variant, on a
    dark ground, and in the light scheme the drawn one on white."""
    folder = Path(os.environ.get("TEST_ARTIFACTS_DIR") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for scheme in SCHEMES:
        for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            watched = Watched(browser, base_url, viewport=viewport, color_scheme=scheme)
            for name, path in (("home", "/"), ("dropout", "/regularization/dropout/")):
                watched.page.goto(base_url + path, wait_until="networkidle")
                settle(watched.page)
                if name == "dropout":
                    shown = figures_shown(watched.page)
                    dark_variant = [f["src"].endswith("-dark.svg") for f in shown]
                    grounds = [luminance(f["ground"]) for f in shown]
                    if not shown or dark_variant != [scheme == "dark"] * len(shown) or (
                            max(grounds) > 0.2 if scheme == "dark" else min(grounds) < 0.9):
                        problems.append((scheme, size_name, shown))
                shot = folder / f"{name}-{size_name}-{scheme}.png"
                watched.page.screenshot(path=shot, full_page=True)
                assert shot.read_bytes().startswith(b"\x89PNG")
                if name == "dropout":  # the whole page was drawn: every figure it shows loaded
                    fetched = watched.page.evaluate("""() => performance.getEntriesByType(
                        "resource").map((e) => e.name).filter((n) => n.endsWith(".svg"))""")
                    variants = {url.endswith("-dark.svg") for url in fetched if "/exec/" in url}
                    if variants != {scheme == "dark"}:  # each scheme fetches only its own
                        problems.append((scheme, size_name, "fetched", fetched))
            watched.context.close()
    print(f"screenshots in {folder}")
    assert not problems


# axe-core findings accepted on purpose, each with the reason. Serious and critical ones are
# never accepted: they are fixed (see ACCESSIBLE_NAMES in sitebuild/htmlfix.py and extra.css).
ACCEPTED_AXE = {
    "region": "Material's instant-navigation progress bar sits outside the landmarks; it is "
              "empty and hidden except during a page change.",
    "landmark-unique": "Material's JavaScript gives every code block an unnamed <nav> for its "
                       "copy button; the buttons themselves are labelled.",
}


# Material's palette follows the system preference (the first palette in mkdocs.yml), so one
# page load serves both schemes: axe runs in light, the tab switches to dark, axe runs again.
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme


def test_axe_finds_nothing_serious_on_any_page_in_light_or_dark(browser, base_url, site_build):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    watched = Watched(browser, base_url, viewport=DESKTOP, color_scheme="light")
    findings = []
    for path in all_pages(site_build.site):
        watched.page.emulate_media(color_scheme="light")
        watched.page.goto(base_url + path, wait_until="networkidle")
        for scheme, material_scheme in SCHEMES.items():
            watched.page.emulate_media(color_scheme=scheme)
            settle(watched.page)  # colour contrast is read from computed styles
            shown = watched.page.evaluate("document.body.dataset.mdColorScheme")
            assert shown == material_scheme, f"{path}: {scheme} preference shows {shown}"
            for violation in axe.run(watched.page).response["violations"]:
                findings.append((scheme, path, violation["id"], violation["impact"],
                                 violation["nodes"][0]["target"]))
    watched.context.close()
    serious = [f for f in findings if f[3] in ("serious", "critical")]
    unexplained = [f for f in findings if f[2] not in ACCEPTED_AXE]
    assert not serious
    assert not unexplained


PRINT_HIDDEN = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
                ".md-footer", ".md-search", ".md-top", ".md-code__button"]


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF that Chromium wrote: one page object ("/Type /Page") per page."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_cheatsheet_prints_as_a_compact_black_and_white_handout(tab, base_url):
    page = tab.page
    page.goto(base_url + "/reference/cheatsheet/", wait_until="networkidle")
    settle(page)
    screen_font = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontSize")
    page.emulate_media(media="print")
    settle(page)  # the switch to print changes colours that Material would otherwise transition
    state = page.evaluate("""(hidden) => {
        const shown = (el) => el.getClientRects().length > 0;
        const all = (selector) => [...document.querySelectorAll(selector)];
        const style = (selector) => getComputedStyle(document.querySelector(selector));
        return {
            hidden: Object.fromEntries(hidden.map((s) => [s, all(s).filter(shown).length])),
            copyButtons: all(".md-code__button").length,
            headings: all("article :is(h2, h3)").map((h) => [h.textContent, shown(h)]),
            tables: all("article table").map(shown),
            contentWidth: document.querySelector(".md-content").getBoundingClientRect().width,
            pageWidth: document.documentElement.clientWidth,
            font: style(".md-typeset").fontSize,
            rowBreak: style("article tr").breakInside,
            codeBreak: style("article pre").breakInside,
            headingBreak: style("article h2").breakAfter,
            codeColours: [...new Set(all("article .highlight code span").map(
                (s) => getComputedStyle(s).color))],
            codeBackground: style("article pre > code").backgroundColor,
            codeBorder: style("article pre > code").borderTopStyle,
        };
    }""", PRINT_HIDDEN)
    assert state["hidden"] == {selector: 0 for selector in PRINT_HIDDEN}
    assert state["copyButtons"] > 0, "Material's copy buttons exist, and print hides them"
    assert len(state["headings"]) >= 40 and all(shown for _, shown in state["headings"])
    assert len(state["tables"]) >= 12 and all(state["tables"])
    assert state["contentWidth"] >= 0.95 * state["pageWidth"]
    assert float(state["font"].removesuffix("px")) < float(screen_font.removesuffix("px"))
    assert state["rowBreak"] == state["codeBreak"] == "avoid"
    assert state["headingBreak"] == "avoid"
    assert state["codeColours"] == ["rgb(0, 0, 0)"]
    assert state["codeBackground"] in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert state["codeBorder"] == "solid"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert 5 <= pdf_page_count(pdf) <= 30
