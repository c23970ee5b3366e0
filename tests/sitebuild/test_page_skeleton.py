"""Every concept page has the same skeleton (docs/conventions.md describes it)."""

import re
from pathlib import Path

import pytest

from sitebuild.hooks import snippets_shown

DOCS = Path(__file__).resolve().parents[2] / "docs"
SECTION_PAGES = sorted(p for p in DOCS.glob("*/*.md")
                       if p.parent.name not in ("includes", "reference"))
# Reference pages (cheatsheet, gotchas, formulas, glossary...) gather many concepts: they are
# tagged "Reference" instead of a day, and do not follow the one-concept skeleton.
REFERENCE_PAGES = sorted((DOCS / "reference").glob("*.md"))
CONCEPT_PAGES = [p for p in SECTION_PAGES if snippets_shown(p.read_text())]
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
SKELETON = ["**Definition.**", "**Key use case.**", "## Pitfalls",
            "## What the course sheet got wrong", "## See also"]


def front_matter(page: Path) -> dict:
    block = re.match(r"---\n(.*?)\n---\n", page.read_text(), re.DOTALL)
    assert block, "no front matter"
    fields, key = {}, None
    for line in block[1].splitlines():
        if line.startswith("  - ") and key:
            fields.setdefault(key, []).append(line[4:].strip())
        elif ":" in line:
            key, _, value = line.partition(":")
            fields[key] = value.strip() or []
    return fields


@pytest.mark.parametrize("page", SECTION_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_has_title_description_and_a_day_tag(page):
    fields = front_matter(page)
    assert fields.get("title") and fields.get("description")
    assert len(WEEKDAYS & set(fields.get("tags", []))) == 1, "tag exactly one day of the week"
    assert len(fields["tags"]) >= 2, "tag the day and the topic"


@pytest.mark.parametrize("page", REFERENCE_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_reference_page_has_title_description_and_the_reference_tag(page):
    fields = front_matter(page)
    assert fields.get("title") and fields.get("description")
    assert fields.get("tags") == ["Reference"]


@pytest.mark.parametrize("page", CONCEPT_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_concept_page_follows_the_skeleton_in_order(page):
    text = page.read_text()
    positions = [text.find(marker) for marker in SKELETON]
    missing = [marker for marker, at in zip(SKELETON, positions) if at < 0]
    assert not missing, f"missing: {missing}"
    assert positions == sorted(positions), "skeleton sections out of order"


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.md")),
                         ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_page_keeps_a_blank_of_the_course_sheet(page):
    assert "_" * 5 not in page.read_text(), "a blank (five underscores) is left on the page"
