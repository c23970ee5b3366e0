"""Every concept page has the same skeleton (docs/conventions.md describes it)."""

from pathlib import Path

import pytest

from sitebuild import formats
from sitebuild.generated import WEEKDAYS
from tests.conftest import CONCEPT_PAGES, DOCS

SECTION_PAGES = sorted(p for p in DOCS.glob("*/*.md")
                       if p.parent.name not in ("includes", "reference"))
# Reference pages (cheatsheet, gotchas, formulas, glossary...) gather many concepts: they are
# tagged "Reference" instead of a day, and do not follow the one-concept skeleton.
REFERENCE_PAGES = sorted((DOCS / "reference").glob("*.md"))
SKELETON = ["**Definition.**", "**Key use case.**", "## Pitfalls",
            "## What the course sheet got wrong",
            "## Predict the output { data-search-exclude }", "## See also"]


def front_matter(page: Path) -> dict:
    fields = formats.front_matter(page.read_text())
    assert fields, "no front matter"
    return fields


@pytest.mark.parametrize("page", SECTION_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_has_title_description_and_a_day_tag(page):
    fields = front_matter(page)
    assert fields.get("title") and fields.get("description")
    assert len(set(WEEKDAYS) & set(fields.get("tags", []))) == 1, "tag exactly one day of the week"
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


@pytest.mark.parametrize("page", CONCEPT_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_predict_questions_sit_in_their_section_and_name_a_snippet_the_page_shows(page):
    """One or more predict markers, all between "## Predict the output" and "## See also"
    (sitebuild/predict.py fills them from the build's output)."""
    text = page.read_text()
    section = text[text.find("## Predict the output"):text.find("## See also")]
    markers = formats.predict_markers(text)
    assert markers, "no predict marker"
    assert formats.predict_markers(section) == markers, "a predict marker outside its section"
    assert {m.path for m in markers} <= set(formats.snippets_shown(text))
