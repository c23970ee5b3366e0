"""What the build makes beyond the pages: cheatsheet.pdf, the figure gallery, dark figures."""

import html
import io
import re

import pytest
from matplotlib.colors import to_rgba
from mkdocs.exceptions import PluginError
from PIL import Image
from pypdf import PdfReader

from sitebuild import dark, gallery, outputs, pdf, thumbs
from tests.conftest import COURSE_SHEET


def squeeze(text: str) -> str:
    """Lower case, one space for any run of white space, none after a hyphen: text as a PDF's
    lines break it ("skip-" at the end of one line, "gram" on the next)."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip().lower()


def sheet_headings() -> list[str]:
    """Every section heading of the course sheet, without its shouting ("- THE CORE FORMULA")."""
    return [m[1].split(" - ")[0].strip()
            for m in re.finditer(r"^#{2,3} (.+)$", COURSE_SHEET.read_text(), re.M)]


def sheet_concepts() -> list[str]:
    """The first column of the course sheet's Concept Quick Reference table."""
    section = COURSE_SHEET.read_text().split("## Concept Quick Reference")[1].split("\n---")[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("|")]
    return [row for row in rows[2:] if row]  # after the header and its rule


@pytest.fixture(scope="module")
def printed(site_build):
    data = (site_build.site / pdf.PDF_URI).read_bytes()
    return data, PdfReader(io.BytesIO(data))


@pytest.fixture(scope="module")
def printed_text(printed):
    return squeeze(" ".join(page.extract_text() for page in printed[1].pages))


def test_the_pdf_is_a_pdf_of_at_most_four_a4_pages(printed):
    data, reader = printed
    assert data.startswith(b"%PDF")
    assert 1 <= len(reader.pages) <= pdf.MAX_PAGES == 4
    for page in reader.pages:  # A4 is 595 x 842 points
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_pdf_has_every_section_heading_and_concept_of_the_course_sheet(printed_text):
    headings, concepts = sheet_headings(), sheet_concepts()
    assert len(headings) > 40 and len(concepts) == 34
    missing = [name for name in headings + concepts if squeeze(name) not in printed_text]
    assert not missing


def test_the_pdf_has_no_blank_and_no_untypeset_formula(printed_text):
    assert "___" not in printed_text
    for latex in ("\\frac", "\\sqrt", "\\(", "$$", "\\mathrm"):
        assert latex not in printed_text


def test_the_pdf_embeds_every_font_including_the_math_font(printed):
    names = []
    for page in printed[1].pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.append(str(font.get("/BaseFont", "(Type 3)")))
            if font["/Subtype"] == "/Type3":
                assert font["/CharProcs"], "a Type 3 font carries its glyphs"
                continue
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), names[-1]
    assert any("DejaVuMathTeXGyre" in name for name in names), "formulas are typeset in MathML"


def test_the_smallest_type_in_the_pdf_is_at_least_seven_points(printed):
    sizes = pdf.text_sizes(printed[0])
    assert len(sizes) > 1000
    smallest = min(sizes, key=lambda run: run[1])
    assert smallest[1] >= 7, smallest


def test_the_pdf_is_linked_from_the_home_page_and_the_top_of_the_cheatsheet(site_build):
    home = (site_build.site / "index.html").read_text()
    sheet = (site_build.site / "reference" / "cheatsheet" / "index.html").read_text()
    assert 'href="downloads/cheatsheet.pdf"' in home
    top = sheet.split('<article class="md-content__inner md-typeset">')[1].split("<h2")[0]
    assert 'href="../../downloads/cheatsheet.pdf"' in top


def test_a_pdf_that_breaks_the_layouts_promises_fails_the_build_saying_why():
    tiny = '<p style="font-size:7px">too small</p>'
    pages = "".join(f'<p style="break-after:page">page {n}</p>' for n in range(6))
    with pytest.raises(PluginError) as failure:
        pdf.check(pdf.print_pdf(f"<html><body>{tiny}{pages}</body></html>"))
    assert re.search(r"\b[67] pages, more than 4;", str(failure.value))
    assert "runs of text under 7 pt, the smallest 5.25 pt ('too small')" in str(failure.value)


def test_a_build_without_chromium_fails_saying_so(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(PluginError, match="Chromium is missing"):
        pdf.print_pdf("<p>x</p>")


def test_blank_code_lines_are_dropped_only_inside_code():
    content = "<p>a\n\nb</p><pre><code>x = 1\n\n  \ny = 2\n</code></pre>"
    assert pdf.without_blank_code_lines(content) == "<p>a\n\nb</p><pre><code>x = 1\ny = 2\n</code></pre>"


# --- The figure gallery --------------------------------------------------------------------

def images(page_html: str) -> list[dict]:
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r"<img\b[^>]*>", page_html)]


def figure_name(src: str) -> str:
    return src.rsplit("/", 1)[-1]


def drawn_figure(src: str) -> str:
    """The figure an image shows: its SVG's file name, for a thumbnail too (x-1-thumb.webp)."""
    return re.sub(r"-thumb(-dark)?\.webp$", r"\1.svg", figure_name(src))


def test_the_gallery_shows_exactly_the_figures_the_build_drew_each_linked_to_it(site_build):
    site = site_build.site
    page_html = (site / "reference" / "figures" / "index.html").read_text()
    drawn = {p.name for p in (site / "assets" / "exec").rglob("*.svg") if not p.stem.endswith("-dark")}
    thumbs_shown = [img for img in images(page_html) if "figure-light" in img.get("class", "")]
    assert drawn and sorted(drawn_figure(t["src"]) for t in thumbs_shown) == sorted(drawn)
    darks = [img for img in images(page_html) if "figure-dark" in img.get("class", "")]
    assert sorted(drawn_figure(i["src"]) for i in darks) == sorted(
        name.replace(".svg", "-dark.svg") for name in drawn)
    # Each thumbnail is a WebP raster PIXEL_WIDTH wide, shown THUMB_WIDTH wide at its own shape.
    for img in thumbs_shown + darks:
        assert img["src"].endswith(".webp") and img["loading"] == "lazy", img
        with Image.open(site / "reference" / "figures" / img["src"]) as raster:
            raster.load()  # decodes
            assert raster.format == "WEBP" and raster.width == thumbs.PIXEL_WIDTH, img["src"]
            assert int(img["width"]) == gallery.THUMB_WIDTH
            # Both variants take the drawn one's size; the dark one's box may be a pixel taller.
            assert abs(int(img["height"]) - gallery.THUMB_WIDTH * raster.height / raster.width) <= 1
        assert html.unescape(img["alt"]).startswith("Figure "), img
    # Each thumbnail links to its figure's anchor, on a page that shows that figure there.
    links = re.findall(r'<a href="([^"#]+)#(fig-[^"]+)">(.*?)</a>', page_html, re.S)
    assert len(links) == len(drawn)
    for href, anchor, inner in links:
        target = (site / "reference" / "figures" / href / "index.html").resolve()
        shown = target.read_text()
        block = re.search(rf'<p [^>]*id="{anchor}"[^>]*>(.*?)</p>', shown, re.S)
        assert block, f"{href}#{anchor}"
        assert {figure_name(i["src"]) for i in images(block[1])} == {
            drawn_figure(i["src"]) for i in images(inner)}


def test_every_gallery_thumbnail_is_within_its_size_budget(site_build):
    written = list((site_build.site / "assets" / "exec").rglob("*-thumb*.webp"))
    drawn = list((site_build.site / "assets" / "exec").rglob("*.svg"))
    assert written and len(written) == len(drawn)  # light and dark, one per figure
    heavy = {p.name: p.stat().st_size for p in written if p.stat().st_size > thumbs.MAX_BYTES}
    assert not heavy, f"over {thumbs.MAX_BYTES} bytes"


def test_a_thumbnail_is_a_webp_of_the_figure_at_twice_the_gallery_width():
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 3))
    axes.plot([0, 1], [1, 0])
    axes.set_title("a wide figure")
    figure.savefig(io.BytesIO(), format="svg", bbox_inches="tight")  # as the child does first
    light = thumbs.thumbnail(figure)
    dark.recolour(figure)
    on_dark = thumbs.thumbnail(figure, dark=True)
    plt.close(figure)
    for data, ground in ((light, (255, 255, 255)), (on_dark, thumbs.DARK_GROUND)):
        width, height = thumbs.size(data)
        assert data[8:12] == b"WEBP" and width == thumbs.PIXEL_WIDTH == 2 * gallery.THUMB_WIDTH
        assert 100 < height < 240  # the figure's own shape: 9 by 3 inches and a title
        assert len(data) < thumbs.MAX_BYTES
        with Image.open(io.BytesIO(data)) as image:  # opaque, on the scheme's ground
            assert image.mode == "RGB"
            assert image.getpixel((0, 0)) == pytest.approx(ground, abs=4)


def test_the_gallery_groups_its_figures_by_the_navigations_sections():
    nav = [{"Home": "index.md"}, {"Training": [{"A": "training/a.md"}, "training/b.md"]},
           {"Labs": [{"Lab": "labs/x.ipynb"}]}]
    assert gallery.nav_sections(nav) == [("Home", "index.md"), ("Training", "training/a.md"),
                                         ("Training", "training/b.md"), ("Labs", "labs/x.ipynb")]


def test_every_figure_on_a_page_has_its_size_an_anchor_and_a_dark_variant(site_build):
    site = site_build.site
    for page in site.rglob("index.html"):
        if page.parent.name == "figures":
            continue
        for img in images(page.read_text()):
            if "assets/exec/" not in img.get("src", ""):
                continue
            assert img["loading"] == "lazy" and int(img["width"]) > 0 and int(img["height"]) > 0
            assert html.unescape(img["alt"]).startswith("Figure "), page
    for light in (site / "assets" / "exec").rglob("*.svg"):
        if not light.stem.endswith("-dark"):
            dark_svg = light.with_name(light.stem + "-dark.svg")
            assert dark_svg.read_bytes() != light.read_bytes(), light


# --- Dark variants -------------------------------------------------------------------------

def test_dark_colours_flip_greys_lighten_dim_colours_and_keep_bright_ones():
    assert dark.dark_colour("black")[:3] == pytest.approx((0.9, 0.9, 0.9))
    assert dark.dark_colour("white")[:3] == pytest.approx((0.12, 0.12, 0.12))
    assert dark.dark_colour((0, 0, 0, 0.5))[3] == 0.5
    navy = dark.dark_colour("navy")
    assert navy[2] > 0.6 and navy[0] > 0.3  # lightened towards white
    assert dark.dark_colour("tab:orange") == pytest.approx(to_rgba("tab:orange"))


def test_a_recoloured_figure_has_light_text_and_no_white_ground():
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    axes.plot([0, 1], [1, 0], label="a line")
    axes.imshow([[0, 1], [1, 0]], cmap="viridis", extent=(0, 1, 0, 1))
    axes.set_title("title")
    axes.legend()
    image = axes.images[0]
    before = image.get_cmap().name
    dark.recolour(figure)
    assert axes.title.get_color() != "black" and sum(to_rgba(axes.title.get_color())[:3]) > 2.4
    assert figure.patch.get_facecolor()[3] == 0 and axes.patch.get_facecolor()[3] == 0
    legend_ground = axes.get_legend().get_frame().get_facecolor()
    assert sum(legend_ground[:3]) < 0.5
    assert image.get_cmap().name == before  # colour-mapped data reads the same in both schemes
    plt.close(figure)


def test_labels_on_a_heatmap_keep_the_colour_chosen_against_its_cells():
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    axes.imshow([[0.01, 0.99]], cmap="Blues", vmin=0, vmax=1)
    on_light_cell = axes.text(0, 0, "0.01", color="black")
    on_dark_cell = axes.text(1, 0, "0.99", color="white")
    axes.set_xlabel("key")
    dark.recolour(figure)
    assert to_rgba(on_light_cell.get_color()) == to_rgba("black")
    assert to_rgba(on_dark_cell.get_color()) == to_rgba("white")
    assert sum(to_rgba(axes.xaxis.label.get_color())[:3]) > 2.4  # off the data: flipped
    plt.close(figure)


def test_an_output_box_shows_each_figure_with_its_dark_variant_and_anchor():
    result = outputs.executor.Result("snippets/s/x.py", ok=True, figure_titles=["curve"],
                                     figures=[b'<svg width="300pt" height="150pt"></svg>'])
    block = "\n".join(outputs.output_block("snippets/s/x.py", result, "s/page.md"))
    assert ("![Figure 1 of x.py: curve](../assets/exec/s/x-1.svg)"
            "{ .figure-light loading=lazy width=400 height=200 }") in block
    assert ("![Figure 1 of x.py: curve](../assets/exec/s/x-1-dark.svg)"
            "{ .figure-dark loading=lazy width=400 height=200 }") in block
    assert "{ #fig-s-x-1 .exec-figure }" in block
    assert outputs.figure_uri("snippets/s/x.py", 1, dark=True, thumb=True) == "assets/exec/s/x-1-thumb-dark.webp"
