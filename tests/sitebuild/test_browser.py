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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from sitebuild import api_index
from sitebuild.formats import fences, page_title, shown_text
from sitebuild.generated import abbreviations_named_by
from sitebuild.search import captured_errors
from tests.conftest import DOCS, PAGES, ROOT, SNIPPET_PAGES
from tests.sitebuild.test_api_index import TOPICS, gotcha_outputs

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


@pytest.fixture(scope="module")
def search_box(browser, base_url):
    """One loaded page whose search box every search test types into (no reload per query:
    Material rebuilds its search index on every page load)."""
    watched = Watched(browser, base_url, viewport=DESKTOP)
    watched.page.goto(base_url + "/", wait_until="networkidle")
    watched.page.locator("input.md-search__input").click()
    yield watched.page
    watched.context.close()


def first_result(page, query: str, tries: int = 2) -> str:
    """The path of the first search result for a query typed into the search box.

    The box is emptied first and the old results are waited away, so the first result that
    appears afterwards is this query's. Material reads the query on keyup, hence the key press.
    A query that shows no result at all is typed once more: once in some thousand queries, on a
    loaded machine, Material showed none for a query that finds its page on every other run
    (2026-12-06, "Layer normalization"). A wrong first result is never retried.
    """
    box = page.locator("input.md-search__input")
    first = page.locator(".md-search-result__item a").first
    for _ in range(tries):
        box.fill("")
        box.press("End")
        page.locator(".md-search-result__item").first.wait_for(state="detached")
        box.fill(query)
        box.press("End")
        try:
            first.wait_for(timeout=15000)
        except PlaywrightTimeout:
            continue
        return urlparse(first.get_attribute("href")).path
    return "(no result)"


def search_misses(page, cases) -> list[tuple[str, str, list[str]]]:
    """(query, what came first, what was expected) for each query whose first result is wrong."""
    misses = []
    for query, expected in cases:
        got = first_result(page, query)
        if got not in expected:
            misses.append((query, got, sorted(expected)))
    return misses


# Every page that shows code: the concept pages and the reference pages with snippets.
def test_search_for_a_concept_returns_its_page_first(search_box):
    assert not search_misses(search_box, [(page_title(page), {url_path(page)})
                                          for page in SNIPPET_PAGES])


GLOSSARY = set(re.findall(r"^\*\[([^\]]+)\]:", (DOCS / "includes" / "abbreviations.md").read_text(),
                          re.MULTILINE))
# Each glossary abbreviation that a concept page's title introduces ("GRU (gated ...)").
ABBREVIATIONS = [(abbr, page) for page in SNIPPET_PAGES
                 for abbr in sorted(abbreviations_named_by(page_title(page)) & GLOSSARY)]


def test_abbreviations_are_found_in_page_titles():
    assert {"LSTM"} <= {abbr for abbr, _ in ABBREVIATIONS}


def test_search_for_an_abbreviation_returns_its_page_first(search_box):
    assert not search_misses(search_box, [(abbr, {url_path(page)})
                                          for abbr, page in ABBREVIATIONS])


def api_search_cases() -> list[tuple[str, set[str]]]:
    """Each API in the index whose short name is an identifier, not an English word: snake_case
    or CamelCase (`pad_sequences`, `ModelCheckpoint`). Its index entry, or a page whose code uses
    an API of that name, must come first."""
    index = api_index.snippet_uses(ROOT, {p.relative_to(DOCS).as_posix(): p.read_text()
                                          for p in PAGES})
    by_short: dict[str, set[str]] = {}
    for name, pages in index.items():
        by_short.setdefault(api_index.short(name), set()).update(
            url_path(DOCS / uri) for uri in pages)
    index_page = url_path(DOCS / api_index.INDEX_PAGE)
    return [(short, pages | {index_page}) for short, pages in sorted(by_short.items())
            if "_" in short or re.fullmatch(r"[A-Z]\w*[a-z]\w*[A-Z]\w*", short)]


def test_search_for_an_api_name_returns_its_index_entry_or_a_page_that_uses_it(search_box):
    cases = api_search_cases()
    assert len(cases) >= 30
    assert {"ModelCheckpoint", "pad_sequences", "TextVectorization", "MultiHeadAttention",
            "EarlyStopping"} <= {query for query, _ in cases}
    assert not search_misses(search_box, cases)


def test_search_for_a_captured_error_returns_its_gotcha_first(search_box, site_build):
    errors = [e for box in gotcha_outputs(site_build.site) for e in captured_errors(box)]
    assert len(errors) >= 4
    gotchas = url_path(DOCS / "reference" / "gotchas.md")
    assert not search_misses(search_box, [(error, {gotchas}) for error in errors])


def test_search_for_a_topic_word_returns_its_main_page_first(search_box):
    assert not search_misses(search_box, [(topic, {url_path(page)})
                                          for topic, page in TOPICS.items()])


def reveal(block) -> None:
    """Open the content tab that holds a code block, if it is in one."""
    block.evaluate("""el => {
        const panel = el.closest('.tabbed-block');
        if (!panel) return;
        const index = [...panel.parentElement.children].indexOf(panel);
        panel.closest('.tabbed-set').querySelectorAll(':scope > .tabbed-labels > label')[index]
            .click();
    }""")


def shown_fences(page: Path) -> list:
    """The fences of a page that show a snippet (an include): what its copy buttons copy."""
    return [fence for fence in fences(page.read_text()) if fence.includes]


def test_each_shown_snippet_is_in_a_fence_of_its_own_with_a_title():
    untitled = [(page.name, fence.title) for page in SNIPPET_PAGES for fence in shown_fences(page)
                if not fence.title or len(fence.includes) != 1]
    assert not untitled


@dataclass
class Copied:
    clicked: int  # code blocks whose copy button was clicked and the clipboard read
    wrong: list  # titles of those whose copied text was not exactly the file or section shown


def copy_buttons(page, source: Path) -> Copied:
    """Click the copy button of every snippet a loaded page shows and read the clipboard."""
    clicked, wrong = 0, []
    for fence in shown_fences(source):
        block = page.locator(f'.highlight:has(> span.filename:text-is("{fence.title}"))').first
        try:
            reveal(block)
            block.hover()
            block.locator("button.md-code__button[data-md-type=copy]").click()
        except PlaywrightTimeout:
            wrong.append(f"{fence.title} (no block with this title, or no copy button)")
            continue
        copied = page.evaluate("navigator.clipboard.readText()")
        clicked += 1
        # The copy button leaves out the block's final newline.
        if copied != shown_text(fence.includes[0]).rstrip("\n"):
            wrong.append(fence.title)
    return Copied(clicked, wrong)


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


SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme


DECODE_EVERY_IMAGE = """async () => {
    const broken = [], images = document.querySelectorAll("img");
    for (const img of images) {
        img.loading = "eager";
        try { await img.decode(); } catch (e) { broken.push(img.src); }
    }
    return [broken, images.length - broken.length];
}"""


@dataclass
class Visit:
    broken: list  # images that did not decode
    decoded: int
    errors: list  # console errors and uncaught exceptions
    outside: list  # requests to another host (blocked)
    axe: list  # (scheme, rule, impact, first node) per axe-core violation
    copied: Copied | None  # on pages that show snippets


# The built pages are visited in this many shares, each kept on one pytest-xdist worker
# (tests/conftest.py), so that both workers share the longest check of the suite.
SHARES = 4


@pytest.fixture(scope="module", params=range(SHARES), ids=lambda share: f"pages{share}")
def visits(request, browser, base_url, site_build) -> dict[str, Visit]:
    """Each page, loaded in the light scheme: every <img> (lazy or hidden too: the figures'
    dark variants, the gallery's thumbnails) decoded, then axe-core run in light, then in
    dark. Material's palette follows the system preference (the first palette in
    mkdocs.yml), so switching the tab's preference switches the scheme in place."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    watched = Watched(browser, base_url, viewport=DESKTOP, color_scheme="light",
                      permissions=["clipboard-read", "clipboard-write"])
    snippet_pages = {url_path(page): page for page in SNIPPET_PAGES}
    visits = {}
    for path in all_pages(site_build.site)[request.param::SHARES]:
        watched.errors.clear()
        watched.outside.clear()
        watched.page.emulate_media(color_scheme="light")
        watched.page.goto(base_url + path, wait_until="networkidle")
        broken, decoded = watched.page.evaluate(DECODE_EVERY_IMAGE)
        findings = []
        for scheme, material_scheme in SCHEMES.items():
            watched.page.emulate_media(color_scheme=scheme)
            settle(watched.page)  # colour contrast is read from computed styles
            shown = watched.page.evaluate("document.body.dataset.mdColorScheme")
            assert shown == material_scheme, f"{path}: {scheme} preference shows {shown}"
            findings += [(scheme, v["id"], v["impact"], v["nodes"][0]["target"])
                         for v in axe.run(watched.page).response["violations"]]
        copied = (copy_buttons(watched.page, snippet_pages[path])
                  if path in snippet_pages else None)  # last: the clicks change the page
        visits[path] = Visit(broken, decoded, watched.errors[:], watched.outside[:], findings,
                             copied)
    watched.context.close()
    return visits


class TestEveryPageInOneVisit:
    """One visit per built page serves several checks. pytest-xdist keeps each share of the
    pages (a `visits` parameter) of this class on one worker, so each page is visited once per
    test run."""

    def test_every_page_loads_its_images_with_no_console_error_and_nothing_from_outside(
            self, visits, site_build):
        problems = [(path, v.broken, v.errors, v.outside) for path, v in visits.items()
                    if v.broken or v.errors or v.outside]
        assert not problems
        if "/reference/figures/" not in visits:
            return  # the gallery is in another share
        # The gallery: a thumbnail and its dark variant for every figure the build wrote.
        figures = list((site_build.site / "assets" / "exec").rglob("*.svg"))
        thumbnails = list((site_build.site / "assets" / "exec").rglob("*-thumb*.webp"))
        assert figures and visits["/reference/figures/"].decoded == len(thumbnails) == len(figures)

    def test_axe_finds_nothing_serious_on_any_page_in_light_or_dark(self, visits):
        findings = [(path, *finding) for path, v in visits.items() for finding in v.axe]
        serious = [f for f in findings if f[3] in ("serious", "critical")]
        unexplained = [f for f in findings if f[2] not in ACCEPTED_AXE]
        assert not serious
        assert not unexplained

    def test_copy_button_copies_exactly_the_file_or_section_shown(self, visits, site_build):
        copied = {path: v.copied for path, v in visits.items() if v.copied}
        assert not {path: c.wrong for path, c in copied.items() if c.wrong}
        # Every shown snippet of this share's pages was clicked; the shares split all_pages(),
        # so together they click on every snippet page.
        assert copied and {path: c.clicked for path, c in copied.items()} == {
            url_path(page): len(shown_fences(page)) for page in SNIPPET_PAGES
            if url_path(page) in visits}
        assert {url_path(page) for page in SNIPPET_PAGES} <= set(all_pages(site_build.site))


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


SELF_TEST = DOCS / "reference" / "self_test.md"


def tab_to(page, test: str, shift: bool = False, limit: int = 400) -> None:
    """Press Tab (or Shift+Tab) until `test`, a JavaScript function, is true of the focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        if page.evaluate(f"({test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def skip_to_content(page) -> None:
    """Tab to Material's "Skip to content" link and follow it (past the navigation), then let
    Material's instant navigation finish with the fragment before the next key press."""
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash !== ''")
    settle(page)


def mark_button(question: int, mark: str) -> str:
    """A test for tab_to: the focus is that question's "got" or "missed" button."""
    return (f"(el) => el.dataset.mark === '{mark}' && el.parentElement === "
            f"document.querySelectorAll('.self-test-mark')[{question}]")


def test_self_test_keeps_score_by_keyboard_across_a_reload_and_resets(browser, base_url):
    monday = SELF_TEST.read_text().split("\n## Monday\n")[1].split("\n## Tuesday\n")[0]
    of = monday.count('??? question "')  # the day's questions, counted in the page's source
    watched = Watched(browser, base_url, viewport=DESKTOP)
    page = watched.page
    page.goto(base_url + "/reference/self_test/", wait_until="networkidle")
    score = page.locator("#self-test-score li").first
    score.wait_for()
    assert score.text_content() == f"Monday: 0 got, 0 missed of {of}"
    marks = page.locator(".self-test-mark")
    first, second = marks.nth(0), marks.nth(1)
    # Keyboard only: Enter on the first question's "Got it", Space on the second's "Missed".
    skip_to_content(page)
    tab_to(page, mark_button(0, "got"))
    assert page.evaluate("document.activeElement.textContent") == "Got it"
    page.keyboard.press("Enter")
    tab_to(page, mark_button(1, "missed"))
    page.keyboard.press("Space")
    assert score.text_content() == f"Monday: 1 got, 1 missed of {of}"
    assert first.locator("[data-mark=got]").get_attribute("aria-pressed") == "true"
    assert second.locator("[data-mark=missed]").get_attribute("aria-pressed") == "true"
    filter_button = page.get_by_role("button", name="Review only what I missed")
    tab_to(page, "(el) => el.matches('#self-test-score button[aria-pressed]')", shift=True)
    page.keyboard.press("Enter")
    missed_question = page.locator("details.question").nth(1).locator("summary").text_content()

    page.reload(wait_until="networkidle")
    score.wait_for()
    assert score.text_content() == f"Monday: 1 got, 1 missed of {of}"
    assert filter_button.get_attribute("aria-pressed") == "true"
    visible = page.locator("details.question:visible summary")
    assert visible.all_text_contents() == [missed_question]
    assert page.locator(".self-test-mark:visible").count() == 1

    skip_to_content(page)
    tab_to(page, "(el) => el.matches('#self-test-score button:not([aria-pressed])')")  # Reset
    page.keyboard.press("Space")
    expect(score).to_have_text(f"Monday: 0 got, 0 missed of {of}")
    assert filter_button.get_attribute("aria-pressed") == "false"
    assert page.locator("[aria-pressed=true]").count() == 0
    assert visible.count() == page.locator("details.question").count() > 100
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('self-test'))") == []
    settle(page)  # no style is read while a transition may run
    focused, focus_ring = page.evaluate("""() => [document.activeElement.textContent,
        getComputedStyle(document.activeElement).outlineStyle]""")
    page.set_viewport_size(PHONE)
    settle(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    watched.context.close()
    assert not watched.errors
    assert focused == "Reset my score"
    assert focus_ring == "solid", "the focused button shows no focus ring"
    assert width <= PHONE["width"], "the self-test scrolls sideways on a phone"
