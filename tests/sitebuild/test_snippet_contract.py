"""Every snippet follows the house rules: header, naming, a page, a test.

Line length (88, so a code block does not scroll) is ruff's to check: snippets/ruff.toml.
"""

import pytest

from sitebuild.formats import Header, header_problems, snippet_header
from tests.conftest import ROOT, SNIPPETS


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_header_has_a_title_and_a_one_line_description(path):
    """The Title captions the Output box and names the file in the build report; the
    Description is one sentence (keras-io's tutobooks rules)."""
    assert header_problems(snippet_header(path.read_text())) == []


def test_header_rules_catch_each_mistake():
    good = Header("A title", "A sentence.", 2)
    assert header_problems(good) == []
    assert header_problems(Header("", "A sentence.", 1)) == [
        "missing 'Title:' line in the module docstring",
        "the header is exactly a Title line and a Description line"]
    assert header_problems(Header("t" * 81, "A sentence.", 2)) == [
        "the Title is 81 characters, more than 80"]
    assert header_problems(Header("A title", "lower case, no stop", 2)) == [
        "the Description starts with a capital letter", "the Description ends with a full stop"]
    assert header_problems(Header("A title", "A" + "a" * 99 + ".", 2)) == [
        "the Description is 101 characters, more than 100"]
    assert snippet_header('"""\nTitle: T\nDescription: D.\n"""\nx = 1\n') == Header("T", "D.", 2)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_snippet_has_a_page_and_a_test_of_the_same_name(path):
    section = path.parent.name
    pages = [p for p in (ROOT / "docs" / section).glob("*.md") if path.stem.startswith(p.stem)]
    assert pages, f"no docs/{section}/<concept>.md whose name starts {path.stem}"
    concept = max(pages, key=lambda p: len(p.stem)).stem
    assert (ROOT / "tests" / section / f"test_{concept}.py").is_file()


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_snippet_fixes_its_seeds_if_it_draws_random_numbers(path):
    source = path.read_text()
    if "random" in source.replace("random numbers", ""):
        assert "set_random_seed(0)" in source or "default_rng(0)" in source
