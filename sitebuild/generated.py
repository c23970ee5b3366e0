"""Parts of pages written at build time: the week at a glance and the "tested with" line
on the home page, and the glossary.

Each replaces an HTML-comment marker in a page's Markdown, from the pages' own front matter,
the abbreviations file and the installed packages, so none of them can drift from the site.
"""

from __future__ import annotations

import platform
import posixpath
import re
from datetime import datetime, timezone
from pathlib import Path

from sitebuild import formats

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEK_MARKER = "<!-- week-at-a-glance -->"
BUILD_MARKER = "<!-- tested-with -->"
GLOSSARY_MARKER = "<!-- glossary -->"
ABBREVIATIONS = Path("docs/includes/abbreviations.md")
ABBREVIATION = re.compile(r"^\*\[(?P<abbr>[^\]]+)\]:\s*(?P<text>.+)$", re.MULTILINE)


def front_matter(page) -> dict:
    """A Markdown page's front matter (read from its content: generated pages have no file)."""
    if not page.file.src_uri.endswith(".md"):
        return {}
    return formats.front_matter(page.file.content_string)


def day_of(page) -> str | None:
    """A page's weekday: its `tags` front matter, or a lab notebook's file name."""
    source = Path(page.file.src_uri)
    if source.suffix == ".ipynb":
        day = source.stem.split("_")[0].capitalize()
        return day if day in WEEKDAYS else None
    days = [tag for tag in front_matter(page).get("tags") or [] if tag in WEEKDAYS]
    return days[0] if days else None


def title_of(page) -> str:
    return front_matter(page).get("title") or page.title


def abbreviations_named_by(title: str) -> set[str]:
    """Capitalised abbreviations a title introduces: its first word, or inside brackets."""
    named = re.findall(r"^([A-Z][A-Z0-9]+)\b", title) + re.findall(r"\(([^)]*)\)", title)
    return {w for group in named for w in re.findall(r"\b[A-Z][A-Z0-9]+\b", group)}


def glossary(nav_pages, from_uri: str, root: Path) -> str:
    """Every abbreviation (linked to the page whose title names it) and every concept page."""
    base = posixpath.dirname(from_uri) or "."
    owner = {}
    for page in nav_pages:
        for abbr in abbreviations_named_by(title_of(page)):
            owner.setdefault(abbr, posixpath.relpath(page.file.src_uri, base))
    rows = ["| Abbreviation | Meaning |", "|---|---|"]
    entries = ABBREVIATION.finditer((root / ABBREVIATIONS).read_text(encoding="utf-8"))
    for entry in sorted(entries, key=lambda m: m["abbr"].lower()):
        abbr = f"[{entry['abbr']}]({owner[entry['abbr']]})" if entry["abbr"] in owner \
            else entry["abbr"]
        rows.append(f"| {abbr} | {entry['text']} |")
    terms = ["| Term | In one line |", "|---|---|"]
    concepts = [(title_of(p), front_matter(p).get("description", ""), p) for p in nav_pages
                if day_of(p) and p.file.src_uri.endswith(".md")]
    for title, description, page in sorted(concepts, key=lambda c: c[0].lower()):
        link = posixpath.relpath(page.file.src_uri, base)
        terms.append(f"| [{title}]({link}) | {description} |")
    return "\n".join(["## Abbreviations", "", *rows, "", "## Terms", "", *terms])


def week_table(nav_pages, from_uri: str) -> str:
    """One row a day: every page tagged with that day, in navigation order."""
    by_day: dict[str, list[str]] = {day: [] for day in WEEKDAYS}
    base = posixpath.dirname(from_uri) or "."
    for page in nav_pages:
        day = day_of(page)
        if day:
            link = posixpath.relpath(page.file.src_uri, base)
            by_day[day].append(f"[{title_of(page)}]({link})")
    rows = ["| Day | Pages |", "|---|---|"]
    rows += [f"| {day} | {', '.join(links) or '(none yet)'} |" for day, links in by_day.items()]
    return "\n".join(rows)


def tested_with() -> str:
    return (f"Tested with {formats.versions()} on Python {platform.python_version()}, "
            f"built on {datetime.now(timezone.utc):%Y-%m-%d}.")


def fill(markdown: str, nav_pages, from_uri: str, root: Path) -> str:
    if WEEK_MARKER in markdown:
        markdown = markdown.replace(WEEK_MARKER, week_table(nav_pages, from_uri))
    if BUILD_MARKER in markdown:
        markdown = markdown.replace(BUILD_MARKER, tested_with())
    if GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(GLOSSARY_MARKER, glossary(nav_pages, from_uri, root))
    return markdown
