"""Every snippet follows the house rules: header, naming, a page, a test."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))


def header(path: Path) -> dict:
    docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
    fields = {}
    for line in docstring.splitlines():
        key, _, value = line.partition(":")
        if key in ("Title", "Description"):
            fields[key] = value.strip()
    return fields | {"lines": len(docstring.splitlines())}


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_header_has_a_title_and_a_one_line_description(path):
    fields = header(path)
    assert fields.get("Title"), "missing 'Title:' line in the module docstring"
    assert fields.get("Description"), "missing 'Description:' line in the module docstring"
    assert fields["lines"] == 2, "the header is exactly a Title line and a Description line"
    assert len(fields["Title"]) <= 80


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_lines_fit_the_code_block_without_scrolling(path):
    long_lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if len(line) > 88]
    assert not long_lines, f"lines longer than 88 characters: {long_lines}"


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
