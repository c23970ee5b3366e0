"""Each fix the build makes to Markdown or HTML, on a string: milliseconds, no build."""

import pytest
from mkdocs.exceptions import PluginError

from sitebuild import htmlfix, notebooks, outputs
from sitebuild.executor import Result

# --- math ---------------------------------------------------------------------------------


def test_inline_and_display_math_become_mathml():
    page = ('<p>Scale <span class="arithmatex">\\(\\sqrt{d_k}\\)</span>.</p>'
            '<div class="arithmatex">\\[x^2\\]</div>')
    fixed = htmlfix.render_math(page, "a.md")
    assert "arithmatex" not in fixed
    assert '<span class="math"><math' in fixed and '<div class="math"><math' in fixed
    assert 'display="block"' in fixed and "<msqrt>" in fixed


def test_math_is_unescaped_before_rendering():
    fixed = htmlfix.render_math('<span class="arithmatex">\\(a &lt; b\\)</span>', "a.md")
    assert "<mo>&#x0003C;</mo>" in fixed  # a < b, not the entity as text


def test_math_that_cannot_render_fails_naming_page_and_formula(monkeypatch):
    import latex2mathml.converter

    def broken(latex, display):
        raise ValueError("no")

    monkeypatch.setattr(latex2mathml.converter, "convert", broken)
    with pytest.raises(PluginError, match=r"a/b\.md: cannot render math 'x'"):
        htmlfix.render_math('<span class="arithmatex">\\(x\\)</span>', "a/b.md")


# --- accessible names ---------------------------------------------------------------------


def test_search_dialog_progress_bar_and_tags_get_names_once():
    page = ('<div class="md-search" data-md-component="search" role="dialog">'
            '<div role="progressbar"></div><nav class="md-tags"></nav><nav class="md-tags"></nav>')
    fixed = htmlfix.add_accessible_names(page)
    assert 'role="dialog" aria-label="Search">' in fixed
    assert 'role="progressbar" aria-label="Loading the page">' in fixed
    assert fixed.count('aria-label="Tags"') == 1


def test_a_page_without_those_parts_is_left_alone():
    assert htmlfix.add_accessible_names("<p>role</p>") == "<p>role</p>"


# --- site CSS inlining --------------------------------------------------------------------


def test_site_css_is_inlined_and_a_missing_link_fails_naming_the_page(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "extra.css").write_text("p { margin: 0 }")
    linked = '<head><link rel="stylesheet" href="../../assets/extra.css"></head>'
    inlined = htmlfix.inline_site_css(linked, ["assets/extra.css"], str(tmp_path), "a/b.md")
    assert inlined == "<head><style>p { margin: 0 }</style></head>"
    with pytest.raises(PluginError, match=r"a/b\.md: no <link> to assets/extra\.css"):
        htmlfix.inline_site_css("<head></head>", ["assets/extra.css"], str(tmp_path), "a/b.md")


def test_css_with_a_backslash_is_inlined_as_written(tmp_path):
    (tmp_path / "x.css").write_text(r'a::after { content: "\2014" }')
    inlined = htmlfix.inline_site_css('<link rel="stylesheet" href="x.css">', ["x.css"],
                                      str(tmp_path), "p")
    assert inlined == r'<style>a::after { content: "\2014" }</style>'


# --- notebook pages -----------------------------------------------------------------------


def test_pygments_css_written_as_a_list_repr_is_unwrapped():
    assert notebooks.repair_css("['pre { line-height: 125%; }', 'td { x: 1 }']") == (
        "pre { line-height: 125%; }td { x: 1 }")
    assert notebooks.repair_css("pre { color: red }") == "pre { color: red }"


def test_notebook_page_loses_mathjax_gains_tabindex_and_shares_its_css(tmp_path):
    page = ('<head><!-- Load mathjax -->\n<script src=""></script>\n'
            '<!-- MathJax configuration -->\n<script type="text/x-mathjax-config">cfg</script>'
            "<style>['pre { x: 1 }']</style></head>"
            '<div class="highlight-ipynb hl-python"><pre>code</pre></div>')
    fixed = notebooks.fix_page(page, "labs/x/index.html", tmp_path)
    name = notebooks.shared_stylesheet(b"pre { x: 1 }")
    assert "mathjax" not in fixed.lower() and "<style" not in fixed
    assert f'<link rel="stylesheet" href="../../{name}">' in fixed
    assert '<div class="highlight-ipynb hl-python" tabindex="0">' in fixed
    assert (tmp_path / name).read_text() == "pre { x: 1 }"


# --- Output boxes -------------------------------------------------------------------------


def test_longest_backtick_run():
    assert outputs.longest_backtick_run("no ticks") == 0
    assert outputs.longest_backtick_run("a ` b ```` c ``") == 4


def test_output_fence_is_longer_than_any_backtick_run_printed():
    result = Result("snippets/s/x.py", ok=True, stdout="````\n")
    block = outputs.output_block("snippets/s/x.py", result, "s/page.md")
    assert "    `````text" in block and "    `````" in block


def test_output_box_caption_is_the_file_then_its_title_escaped():
    assert outputs.caption("snippets/s/x.py", "") == "Output of x.py"
    assert outputs.caption("snippets/s/x.py", "h_t = W x_t, `code` [1] $x$ <b>") == (
        r"Output of x.py — h\_t = W x\_t, \`code\` \[1\] \$x\$ &lt;b>")


def test_output_box_goes_after_the_last_fence_that_shows_the_file_with_its_indent():
    markdown = ('```python\n--8<-- "snippets/s/x.py:a"\n```\n\ntext\n\n'
                '=== "Tab"\n\n    ```python\n    --8<-- "snippets/s/x.py:b"\n    ```\n\nend')
    result = Result("snippets/s/x.py", ok=True, stdout="hi\n",
                    figure_titles=["curve"])
    placed = outputs.place(markdown, {"snippets/s/x.py": result}, "s/page.md",
                           {"snippets/s/x.py": "Title"})
    before, after = placed.split('    !!! output "Output of x.py — Title"')
    assert before.count("--8<--") == 2
    assert "        ```text\n        hi\n        ```" in after
    assert "![Figure 1 of x.py: curve](../assets/exec/s/x-1.svg){ .figure-light loading=lazy }" in after
    assert after.rstrip().endswith("end")


def test_a_build_without_execution_says_so_in_place_of_the_output():
    block = outputs.output_block("snippets/s/x.py", None, "s/page.md")
    assert '!!! output "Output of x.py not shown"' in block
