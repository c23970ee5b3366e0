"""docs/reference/self_test.md: every blank of the course sheet as a question with a linked answer.

The page runs no code. These tests check its structure: questions grouped by weekday, each with a
folded answer whose first link is the page that explains it (a page of that day), at least as many
questions as the sheet has blanks, and every line or table row of the sheet that has blanks quoted
by as many questions as it has blanks.
"""

import re
from collections import Counter
from pathlib import Path

import pytest

from sitebuild.formats import front_matter
from tests.conftest import COURSE_SHEET, ROOT

DOCS = ROOT / "docs"
PAGE = DOCS / "reference" / "self_test.md"
SHEET = COURSE_SHEET
BLANK = re.compile(r"_{5,}")
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")
QUESTION = re.compile(r'^\?\?\? question "(.+)"$')
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
# The number of blanks in the course sheet (course/), frozen so that an edited sheet is noticed:
# test_the_frozen_blank_count_matches_the_sheet recounts them.
BLANKS_IN_SHEET = 98

PAGE_TEXT = PAGE.read_text()


def parse_questions(text: str) -> list[dict]:
    """[{day, section, title, answer}] from `??? question "..."` blocks and their bodies."""
    questions, day, section, current = [], None, None, None
    for line in text.splitlines():
        if line.startswith("## "):
            day, section, current = line[3:].strip(), None, None
        elif line.startswith("### "):
            section, current = line[4:].strip(), None
        elif (match := QUESTION.match(line)):
            current = {"day": day, "section": section, "title": match[1], "answer": ""}
            questions.append(current)
        elif current is not None and (line.startswith("    ") or not line.strip()):
            current["answer"] += line.strip() + "\n"
        else:
            current = None
    return questions


QUESTIONS = parse_questions(PAGE_TEXT)


def front_matter_tags(page: Path) -> list[str]:
    return front_matter(page.read_text()).get("tags") or []


def squash(text: str) -> str:
    """Compare text without case, whitespace, code backticks or bold markers."""
    return re.sub(r"[\s`*]", "", text).lower()


def test_front_matter_is_a_reference_page():
    block = re.match(r"---\n(.*?)\n---\n", PAGE_TEXT, re.DOTALL)[1]
    assert re.search(r"^title: Self-test$", block, re.MULTILINE)
    assert re.search(r"^description: \S", block, re.MULTILINE)
    assert front_matter_tags(PAGE) == ["Reference"]


def test_the_folding_syntax_is_enabled_in_mkdocs_yml():
    """`??? question` renders as a folded <details> only with pymdownx.details."""
    config = (ROOT / "mkdocs.yml").read_text()
    assert re.search(r"^\s+- pymdownx\.details\s*$", config, re.MULTILINE)


def test_days_are_the_five_weekdays_in_order_and_each_has_questions():
    days = re.findall(r"^## (\w+)$", PAGE_TEXT, re.MULTILINE)
    assert days[:5] == DAYS
    per_day = Counter(q["day"] for q in QUESTIONS)
    assert set(per_day) == set(DAYS), "every question sits under a weekday"
    assert all(per_day[day] >= 1 for day in DAYS)


def test_every_question_block_has_a_title_and_an_indented_answer():
    blocks = re.findall(r"^\?\?\?.*$", PAGE_TEXT, re.MULTILINE)
    assert len(blocks) == len(QUESTIONS), "a ??? line that is not a question"
    for q in QUESTIONS:
        assert q["title"].strip() and q["answer"].strip(), q["title"]


def test_question_titles_are_unique():
    titles = Counter(q["title"] for q in QUESTIONS)
    assert [t for t, n in titles.items() if n > 1] == []


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q["title"][:60])
def test_answer_links_to_existing_pages_the_first_of_that_day(q):
    targets = LINK.findall(q["answer"])
    assert targets, "the answer links to no page"
    for target in targets:
        path = (PAGE.parent / target).resolve()
        assert path.is_file() and DOCS in path.parents, f"{target} does not exist"
    first = (PAGE.parent / targets[0]).resolve()
    assert q["day"] in front_matter_tags(first), f"{targets[0]} is not a {q['day']} page"


def test_no_question_links_only_to_reference_pages():
    for q in QUESTIONS:
        assert any("reference/" not in str((PAGE.parent / t).resolve().relative_to(DOCS))
                   for t in LINK.findall(q["answer"])), q["title"]


def test_the_page_writes_no_blank_anywhere():
    assert not BLANK.search(PAGE_TEXT)


def test_questions_are_blanks_or_corrections():
    assert {q["section"] for q in QUESTIONS} == {"Fill in the blanks", "Spot the error"}
    corrections = Counter(q["day"] for q in QUESTIONS if q["section"] == "Spot the error")
    assert all(corrections[day] >= 1 for day in DAYS), "every day corrects the sheet somewhere"


def test_there_are_at_least_as_many_blank_questions_as_blanks_in_the_sheet():
    blank_questions = [q for q in QUESTIONS if q["section"] == "Fill in the blanks"]
    assert len(blank_questions) >= BLANKS_IN_SHEET


# ---- With the course sheet: every line that has blanks is quoted by as many questions. ----


def blank_sites(sheet: str) -> Counter:
    """{key: number of blanks} for every sheet line with blanks.

    Table rows are keyed by their first cell (for Common Gotchas, by the "Wrong" cell); code
    lines by the line with each blank written as "…", without its trailing comment unless the
    blank is in it.
    """
    sites, in_gotchas = Counter(), False
    for line in sheet.splitlines():
        if line.startswith("## "):
            in_gotchas = line.startswith("## Common Gotchas")
        blanks = len(BLANK.findall(line))
        if not blanks:
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            key = cells[1] if in_gotchas else cells[0]
        else:
            code = line.partition("#")[0]
            key = code if BLANK.search(code) else line.lstrip("# ")
            key = BLANK.sub("…", key).strip().rstrip(",")
        sites[key] += blanks
    return sites


@pytest.fixture(scope="module")
def sheet():
    return SHEET.read_text()


def test_the_frozen_blank_count_matches_the_sheet(sheet):
    assert len(BLANK.findall(sheet)) == BLANKS_IN_SHEET
    assert sum(blank_sites(sheet).values()) == BLANKS_IN_SHEET


def test_every_blank_is_quoted_by_its_own_question(sheet):
    titles = [squash(q["title"]) for q in QUESTIONS]
    short = {key: (needed, sum(squash(key) in t for t in titles))
             for key, needed in blank_sites(sheet).items()}
    short = {key: counts for key, counts in short.items() if counts[1] < counts[0]}
    assert short == {}, "sheet lines with fewer questions than blanks: {blanks, questions}"


def test_every_phrase_a_question_quotes_from_the_sheet_is_verbatim(sheet):
    """What a question title puts in “curly quotes” is the sheet's own wording."""
    flat = squash(sheet)
    quoted = [(q["title"], phrase) for q in QUESTIONS
              for phrase in re.findall(r"“([^”]+)”", q["title"])]
    assert len(quoted) > 40
    assert [(title, p) for title, p in quoted if squash(p) not in flat] == []
