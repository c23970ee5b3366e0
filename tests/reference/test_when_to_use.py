"""docs/reference/when_to_use.md: the sheet's four decision tables, complete and linked to evidence.

The page runs no code; every row links to the concept page whose snippet and test back it. These
tests check the structure: the four tables exist, cover every row of the course sheet's tables,
have no blank or empty cell, and every row links to a page that exists.
"""

import re

import pytest

from tests.conftest import COURSE_SHEET, ROOT

DOCS = ROOT / "docs"
PAGE = DOCS / "reference" / "when_to_use.md"
SHEET = COURSE_SHEET
BLANK = re.compile(r"_{5,}")
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")

# The sheet's four tables: heading, number of rows, and the first cell of each row (frozen from the
# course sheet, so the tests also run where the sheet itself is not available; when it is, a test
# checks that this copy still matches it).
SHEET_TABLES = {
    "Choosing a Text Encoding": ["Small vocabulary", "Large vocabulary", "Limited training data"],
    "Choosing a Sequential Model": ["Short (<10 tokens)", "Long (50+ tokens)", "Variable length"],
    "Handling Overfitting": ["Train acc high, val acc low", "Large weight values",
                             "Validation loss increasing"],
    "Choosing Attention vs Transformer": ["Sequence-to-sequence with context",
                                          "Best performance on NLP",
                                          "Very long sequences (>512)", "Real-time inference"],
}
SHEET_HEADERS = {
    "Choosing a Text Encoding": ["If you have", "And you need", "Then use", "Because"],
    "Choosing a Sequential Model": ["If your sequences are", "And you need", "Then use", "Because"],
    "Handling Overfitting": ["If you observe", "Then try", "Because"],
    "Choosing Attention vs Transformer": ["If you need", "And your constraint is", "Then use",
                                          "Because"],
}


def split_row(line: str) -> list[str]:
    """Cells of a Markdown table row; a pipe inside `code` or escaped as \\| does not split."""
    cells, cell, in_code = [], "", False
    body = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and body[i + 1:i + 2] == "|":
            cell += "|"
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
        i += 1
    cells.append(cell.strip())
    return cells


def tables_by_heading(text: str, level: str) -> dict[str, list[list[str]]]:
    """{heading: [header row, body rows...]} for the first table under each heading of `level`."""
    tables, heading = {}, None
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line[len(level) + 1:].strip() if line.startswith(level + " ") else None
        elif line.startswith("|") and heading:
            if re.fullmatch(r"\|(\s*:?-{3,}:?\s*\|)+", line.strip()):
                continue
            tables.setdefault(heading, []).append(split_row(line))
    return tables


def normalize(heading: str) -> str:
    return re.sub(r"\s+", " ", heading.replace("...", "").replace("…", "")).strip().lower()


PAGE_TEXT = PAGE.read_text()
PAGE_TABLES = {normalize(h): rows for h, rows in tables_by_heading(PAGE_TEXT, "##").items()}


def page_table(sheet_heading: str) -> list[list[str]]:
    assert normalize(sheet_heading) in PAGE_TABLES, f"no '## {sheet_heading}' table on the page"
    return PAGE_TABLES[normalize(sheet_heading)]


def test_front_matter_is_a_reference_page():
    block = re.match(r"---\n(.*?)\n---\n", PAGE_TEXT, re.DOTALL)[1]
    assert re.search(r"^title: When to use what$", block, re.MULTILINE)
    assert re.search(r"^description: \S", block, re.MULTILINE)
    assert re.search(r"^tags:\n  - Reference$", block, re.MULTILINE)


@pytest.mark.parametrize("heading", SHEET_TABLES)
def test_the_sheets_table_is_on_the_page_with_its_columns_first(heading):
    header = [normalize(cell) for cell in page_table(heading)[0]]
    expected = [normalize(cell) for cell in SHEET_HEADERS[heading]]
    assert header[:len(expected)] == expected
    assert header[len(expected):] == ["evidence"], "one Evidence column after the sheet's columns"


@pytest.mark.parametrize("heading", SHEET_TABLES)
def test_every_row_of_the_sheet_is_covered_and_rows_are_added_not_removed(heading):
    rows = page_table(heading)[1:]
    assert len(rows) >= len(SHEET_TABLES[heading])
    firsts = [row[0].lower() for row in rows]
    for situation in SHEET_TABLES[heading]:
        assert any(first.startswith(situation.lower()) for first in firsts), situation


@pytest.mark.parametrize("heading", SHEET_TABLES)
def test_no_cell_is_empty_or_a_blank(heading):
    table = page_table(heading)
    width = len(table[0])
    for row in table:
        assert len(row) == width, f"row with {len(row)} cells instead of {width}: {row[0]}"
        for cell in row:
            assert cell.strip(), f"empty cell in the row '{row[0]}'"
            assert "…" not in cell and "..." not in cell, f"unfilled cell in '{row[0]}': {cell}"
            assert not BLANK.search(cell)


@pytest.mark.parametrize("heading", SHEET_TABLES)
def test_every_row_links_to_an_existing_docs_page(heading):
    for row in page_table(heading)[1:]:
        targets = LINK.findall(" | ".join(row))
        assert targets, f"row '{row[0]}' links to no page"
        for target in targets:
            path = (PAGE.parent / target).resolve()
            assert path.is_file() and DOCS in path.parents, f"{target} does not exist"


def test_evidence_cells_name_the_page_or_the_literature():
    for heading in SHEET_TABLES:
        for row in page_table(heading)[1:]:
            assert LINK.search(row[-1]), f"the Evidence cell of '{row[0]}' has no link"


def test_the_page_writes_no_blank_anywhere():
    assert not BLANK.search(PAGE_TEXT)


def test_variable_length_is_answered_with_masking_not_with_a_gru():
    """The sheet's 'Variable length -> GRU' is corrected: every recurrent layer needs the mask."""
    row = next(r for r in page_table("Choosing a Sequential Model")
               if r[0].lower().startswith("variable length"))
    assert "mask_zero=True" in row[2]
    assert "sequence_masking.md" in row[-1]


@pytest.fixture(scope="module")
def sheet_tables():
    text = SHEET.read_text()
    section = text[text.index("## When to Use What"):text.index("## Essential Commands")]
    return tables_by_heading(section, "###")


def test_the_frozen_copy_matches_the_course_sheet(sheet_tables):
    assert list(sheet_tables) == list(SHEET_TABLES)
    for heading, rows in sheet_tables.items():
        assert [normalize(c) for c in rows[0]] == [normalize(c) for c in SHEET_HEADERS[heading]]
        assert [row[0] for row in rows[1:]] == SHEET_TABLES[heading]
