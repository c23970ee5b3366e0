"""The real site, built with --strict: outputs in place, nothing fetched from outside."""

import html
import json
import os
import posixpath
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from sitebuild import formats
from sitebuild.executor import OTHER_ARITHMETIC, SNIPPET_ENV
from sitebuild.formats import includes, page_title, shown_text, snippet_header
from tests.conftest import ALL_SNIPPETS, DOCS, LABS, PAGES, ROOT, SHOWN

# Lines TensorFlow prints on start-up when its logging is not turned down.
TF_NOISE = ["oneDNN custom operations are on", "absl::InitializeLog", "I0000 00:00",
            "Unable to register cu", "cuda_dnn", "could not find cuda drivers", "cpu_feature_guard"]


def page_html(build, page: Path) -> str:
    rel = page.relative_to(DOCS).with_suffix("")
    target = build.site / ("" if rel.name == "index" else rel) / "index.html"
    return target.read_text()


def code_blocks(text: str) -> list[str]:
    """The text of every highlighted code block, as the copy button would take it."""
    blocks = re.findall(r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(.*?)</code></pre>", text, re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


def test_every_snippet_is_shown_on_a_page():
    shown = {path for paths in SHOWN.values() for path in paths}
    assert set(ALL_SNIPPETS) <= shown


@pytest.mark.parametrize("page", [p for p in PAGES if SHOWN[p]], ids=lambda p: p.stem)
def test_page_shows_each_snippet_byte_for_byte_and_its_output(site_build, page):
    text = page_html(site_build, page)
    blocks = code_blocks(text)
    for include in includes(page.read_text()):
        assert shown_text(include) in blocks, f"{include.path} is not shown verbatim"
        assert f"Output of {Path(include.path).name}" in text


@pytest.mark.parametrize("page", [p for p in PAGES if SHOWN[p]], ids=lambda p: p.stem)
def test_output_box_caption_is_the_snippets_title(site_build, page):
    text = page_html(site_build, page)
    for path in SHOWN[page]:
        title = snippet_header((ROOT / path).read_text()).title
        caption = re.search(rf'<p class="admonition-title">Output of {re.escape(Path(path).name)}'
                            r" — (.*?)</p>", text)
        assert caption, f"{path}: no Output box captioned with its Title"
        assert html.unescape(re.sub(r"<[^>]+>", "", caption[1])) == title


def test_every_figure_is_written_and_referenced(site_build):
    referenced = set()
    for page in PAGES:
        for tag in re.findall(r'<img alt="Figure[^>]*>', page_html(site_build, page)):
            assert 'loading="lazy"' in tag
            referenced.add(re.search(r'src="([^"]+)"', tag)[1].rsplit("/", 1)[-1])
    written = {p.name for p in (site_build.site / "assets" / "exec").rglob("*.svg")}
    assert written and written == referenced


def test_no_tensorflow_noise_reaches_any_page(site_build):
    for page in site_build.site.rglob("*.html"):
        text = page.read_text()
        assert not [noise for noise in TF_NOISE if noise in text], page


def test_nothing_is_fetched_from_another_host(site_build):
    for page in site_build.site.rglob("*.html"):
        text = page.read_text()
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text):
            resource = re.search(r'\b(?:src|href)="([^"]*)"', tag)
            if resource and "rel=\"canonical\"" not in tag and "rel=\"alternate\"" not in tag:
                assert not re.match(r"(https?:)?//", resource[1]), f"{page}: {tag}"
        assert "fonts.googleapis" not in text
        assert 'data-md-component="source"' not in text  # would fetch repo stats from GitHub
        assert not re.search(r'<script[^>]*(src=""|mathjax)', text, re.IGNORECASE), page


def test_math_is_rendered_to_mathml_at_build_time(site_build):
    text = page_html(site_build, DOCS / "regularization" / "dropout.md")
    assert "<math" in text and "arithmatex" not in text


def test_lab_notebook_is_rendered_executed_and_downloadable(site_build):
    lab = site_build.site / "labs" / "thursday_lstm"
    page = (lab / "index.html").read_text()
    assert "validation accuracy per epoch" in page
    assert 'href="/labs/thursday_lstm/thursday_lstm.ipynb" title="Download this notebook"' in page
    assert '"outputs": [\n' in (lab / "thursday_lstm.ipynb").read_text()  # the executed copy


def test_lab_pages_share_one_copy_of_the_notebook_css(site_build):
    for page in (site_build.site / "labs").glob("*/index.html"):
        text = page.read_text()
        assert not re.search(r"<style[^>]*>.{20000,}?</style>", text, re.DOTALL), page
        assert 'href="../../assets/stylesheets/notebook-' in text


def test_site_css_is_inside_every_page_not_a_request_of_its_own(site_build):
    css = (DOCS / "assets" / "extra.css").read_text()
    pages = list(site_build.site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text()
        assert "extra.css" not in text, page
        assert text.count(f"<style>{css}</style>") == 1, page


def test_abbreviations_get_tooltips_on_every_page(site_build):
    text = page_html(site_build, DOCS / "sequence_models" / "lstm.md")
    assert '<abbr title="Long Short-Term Memory' in text


def test_tags_page_groups_by_day(site_build):
    text = (site_build.site / "tags" / "index.html").read_text()
    assert "Friday" in text and "Thursday" in text


def test_footer_names_the_versions_the_outputs_came_from(site_build):
    text = (site_build.site / "index.html").read_text()
    assert formats.versions() in text


def test_build_log_and_report_list_every_timing(site_build):
    report = (site_build.site / "reference" / "build_report" / "index.html").read_text()
    for path in ALL_SNIPPETS + ["docs/labs/thursday_lstm.ipynb"]:
        assert re.search(rf"ran {re.escape(path)}\s+[\d.]+ s", site_build.log)
        assert path in report
    title = snippet_header((ROOT / ALL_SNIPPETS[0]).read_text()).title
    assert html.escape(title, quote=False) in report  # each file's Title names what it shows


# The files that print wall-clock time: only their times may differ between runs.
TIME = re.compile(r"\d+(?:\.\d+)?(?= ?(?:ms|s)\b)")
TIMED = [path for path in ALL_SNIPPETS if path.endswith("_timing.py")] + [
    "docs/labs/friday_transformer_vs_lstm.ipynb"]  # "4.2 s of training"


def comparable(path: str, stdout: str) -> str:
    return TIME.sub("<time>", stdout) if path in TIMED else stdout


def test_timing_mask_hides_only_times():
    assert comparable(TIMED[0], "LSTM 12.5 ms/step, 3 s total, 40 steps") == (
        "LSTM <time> ms/step, <time> s total, 40 steps")
    assert comparable("snippets/a.py", "12.5 ms") == "12.5 ms"


# The machine-variance check (CONTRIBUTING.md, "Numbers that hold on any machine"). The build runs
# snippets with oneDNN off (SNIPPET_ENV) and TensorFlow's default thread pools. A reader's machine
# has another CPU, another core count, and oneDNN on, TensorFlow's default on x86-64 Linux: their
# kernels sum in another order, so float round-off differs. OTHER_ARITHMETIC differs in both ways.
# A one-thread run alone changed no snippet's output; oneDNN caught a `-0.000`, round-off residuals
# (`1.1e-07` against `7.0e-08`) and a last digit of a trained loss.
OUTPUT_BOX = r'<p class="admonition-title">Output of {name}(?: — .*?)?</p>\s*(?:<div ' \
             r'class="language-text highlight"><pre><span></span><code>(?P<text>.*?)</code></pre></div>)?'


def output_boxes(page_text: str, snippet: str) -> list[str]:
    """The text of each Output box a built page shows for a snippet (empty: figures only)."""
    pattern = OUTPUT_BOX.format(name=re.escape(Path(snippet).name))
    return [html.unescape(re.sub(r"<[^>]+>", "", match["text"] or "")).rstrip("\n")
            for match in re.finditer(pattern, page_text, re.DOTALL)]


def pages_showing(snippet: str) -> list[Path]:
    return [page for page, shown in SHOWN.items() if snippet in shown]


TITLED_BLOCK = re.compile(r'<span class="filename">(?P<title>[^<]*)</span><pre[^>]*>'
                          r'(?:<span></span>)?<code[^>]*>(?P<code>.*?)</code></pre>', re.DOTALL)


def copy_button_text(page_text: str, title: str) -> list[str]:
    """The text of each code block titled ``title``: what its copy button copies (the browser
    suite checks that the button copies exactly this text)."""
    return [html.unescape(re.sub(r"<[^>]+>", "", match["code"]))
            for match in TITLED_BLOCK.finditer(page_text) if match["title"] == title]


def take_home(build, path: str) -> str:
    """What a reader takes from the site: the copy button's text where a page shows the whole
    file (its block is titled with the path), else the .py file the page offers for download."""
    for page in pages_showing(path):
        copied = copy_button_text(page_html(build, page), path)
        if copied:
            return copied[0]
    return (build.site / path).read_text()


def linked_data(page: Path, page_text: str, snippet: str) -> list[str]:
    """Site paths of the data files linked beside a snippet ("it reads ..."), the one step a
    reader takes before running it."""
    name = re.escape(Path(snippet).name)
    links = re.search(rf'<p class="snippet-links"><a download="{name}".*?</p>', page_text)
    assert links, f"{page.name}: no download links under {snippet}"
    page_dir = page.relative_to(DOCS).with_suffix("").as_posix() + "/"
    return sorted(posixpath.normpath(posixpath.join(page_dir, href)) for href in re.findall(
        r'<a download="[^"]+" href="([^"]+)"><code>[^<]+</code></a>', links[0]))


def fetch(url: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with urllib.request.urlopen(url, timeout=60) as response:
        target.write_bytes(response.read())


# One test per snippet: a failure names its snippet, and pytest-xdist shares these runs (the
# longest part of the suite) between its workers.
@pytest.mark.parametrize("path", ALL_SNIPPETS, ids=lambda p: Path(p).stem)
def test_the_code_a_reader_takes_home_prints_its_output_box_with_other_arithmetic(
        site_build, base_url, path, tmp_path):
    """The copy button's text (or the download), alone in an empty folder with only the data
    files linked beside it fetched from the served site, run as `python file.py` on other
    kernels and one thread, prints each page's Output box.

    This also proves that the build's warm forkserver changes nothing a fresh process would
    print, and that no snippet needs anything from this repository but the linked data.
    """
    script = tmp_path / Path(path).name
    script.write_text(take_home(site_build, path))
    for page in pages_showing(path):
        for data in linked_data(page, page_html(site_build, page), path):
            fetch(f"{base_url}/{data}", tmp_path / "data" / Path(data).name)
    alone = subprocess.run([sys.executable, script.name], capture_output=True, text=True,
                           env={**os.environ, **SNIPPET_ENV, **OTHER_ARITHMETIC}, cwd=tmp_path,
                           timeout=300)
    assert alone.returncode == 0, f"{path}: {alone.stderr}"
    printed = comparable(path, alone.stdout.rstrip("\n"))
    for page in pages_showing(path):
        boxes = output_boxes(page_html(site_build, page), path)
        assert len(boxes) == 1, f"{page.name} shows {len(boxes)} Output boxes for {path}"
        assert printed == comparable(path, boxes[0]), (
            f"{path} prints other text with other arithmetic than its Output box on {page.name}: "
            "it prints float round-off. Print a claim (np.allclose) or stable digits instead.")


def printed(notebook: dict) -> list[str]:
    """What a notebook page shows as text, cell by cell: stdout and plain-text results.

    Joined per cell: the kernel splits one cell's stdout into as many outputs as it flushed.
    """
    return ["".join("".join(output.get("text") or output.get("data", {}).get("text/plain", ""))
                    for output in cell.get("outputs", [])
                    if output.get("name") == "stdout" or "text/plain" in output.get("data", {}))
            for cell in notebook["cells"] if cell["cell_type"] == "code"]


@pytest.mark.parametrize("notebook", [p.relative_to(ROOT).as_posix() for p in LABS],
                         ids=lambda p: Path(p).stem)
def test_lab_run_with_other_arithmetic_prints_what_its_page_shows(site_build, lab, notebook):
    """The lab's own tests run it with OTHER_ARITHMETIC; the page shows the build's run."""
    built = json.loads((site_build.cache / "executed" / notebook).read_text())
    other = [comparable(notebook, text) for text in printed(lab(notebook))]
    assert other == [comparable(notebook, text) for text in printed(built)], notebook


def test_search_index_has_every_page_under_its_title(site_build):
    index = json.loads((site_build.site / "search" / "search_index.json").read_text())
    titles = {entry["location"]: entry["title"] for entry in index["docs"]}
    for page in PAGES:
        rel = page.relative_to(DOCS).with_suffix("").as_posix()
        location = "" if rel == "index" else f"{rel}/"
        heading = re.search(r"^# (.+)$", page.read_text(), re.MULTILINE)[1]
        assert titles.get(location) in (page_title(page), heading), page


def meta(page_html_text: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"',
                      page_html_text)
    return html.unescape(found[1]) if found else None


@pytest.mark.parametrize("page", [p for p in PAGES if p.stem != "build_report"],
                         ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_page_has_a_search_description_and_a_link_preview(site_build, page):
    text = page_html(site_build, page)
    description = formats.front_matter(page.read_text()).get("description")
    assert description, "front matter needs a description (search engines, link previews)"
    assert '"' not in description, "Material writes it unescaped into an attribute: use “ ”"
    assert meta(text, "description") == description
    assert meta(text, "og:description") == description
    assert meta(text, "og:title") == page_title(page)
    assert meta(text, "og:url").startswith("https://")
    assert re.search(r"<title>[^<]+</title>", text)


def test_home_page_names_the_versions_it_was_built_with_none_typed_by_hand(site_build):
    import platform
    from importlib.metadata import version

    home = page_html(site_build, DOCS / "index.md")
    expected = f"Tested with {formats.versions()} on Python {platform.python_version()}, built on "
    assert expected in home
    assert version("keras") not in (DOCS / "index.md").read_text()


def test_home_page_week_table_links_every_page_of_each_day(site_build):
    from sitebuild.generated import WEEKDAYS

    home = page_html(site_build, DOCS / "index.md")
    rows = {m[1]: m[2] for m in re.finditer(r"<tr>\s*<td>(\w+day)</td>\s*<td>(.*?)</td>", home,
                                            re.DOTALL)}
    assert list(rows) == WEEKDAYS
    for page in PAGES:
        days = [d for d in WEEKDAYS if re.search(rf"^\s*- {d}$", page.read_text(), re.MULTILINE)]
        for day in days:
            link = page.relative_to(DOCS).with_suffix("").as_posix() + "/"
            assert f'href="{link}"' in rows[day], (page, day)
    for lab in (DOCS / "labs").glob("*.ipynb"):
        assert f'href="labs/{lab.stem}/"' in rows[lab.stem.split("_")[0].capitalize()]


def test_glossary_lists_every_abbreviation_and_links_it_to_the_page_that_names_it(site_build):
    from sitebuild.generated import ABBREVIATION, abbreviations_named_by

    glossary = page_html(site_build, DOCS / "reference" / "glossary.md")
    source = (DOCS / "includes" / "abbreviations.md").read_text()
    for entry in ABBREVIATION.finditer(source):
        assert html.escape(entry["text"], quote=False) in glossary, entry["abbr"]
    for page in PAGES:
        for abbr in abbreviations_named_by(page_title(page)) & set(
                m["abbr"] for m in ABBREVIATION.finditer(source)):
            link = "../../" + page.relative_to(DOCS).with_suffix("").as_posix() + "/"
            assert re.search(rf'<a href="{re.escape(link)}"><abbr[^>]*>{abbr}</abbr></a>'
                             rf'|<a href="{re.escape(link)}">{abbr}</a>', glossary), abbr
