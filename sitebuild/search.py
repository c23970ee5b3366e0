"""Search ranking (the rule is in CONTRIBUTING.md, "Search ranking").

- A page's ``search: boost``: concept pages above the labs, reference pages below them.
- The errors a gotcha snippet captures become headings of its section (``#error-...``), so
  that pasting an error's first line lands on the gotcha: a heading is indexed as a title.
- ``adjust_index`` edits the written search index: a tag weighs what a title word weighs
  (Material's 1e6 made any query that prefixes a section tag, such as "model" for "Sequence
  models", a contest of page boosts alone); a topic's main page (front matter ``topic:``)
  carries its topic words as tags on its top entry; error headings get ``ERROR_BOOST``.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from sitebuild import formats
from sitebuild.outputs import markdown_text

CONCEPT_BOOST = 2
TOPIC_BOOST = 1.75  # the top entry of a topic's main page: its topic tag makes up the rest
ERROR_BOOST = 2.2  # above a concept page that shows the same error
API_INDEX_BOOST = 1.5  # above a lab that uses an API, below the concept pages' titles
TAG_WEIGHT = 1000.0  # Material's title weight
REFERENCE_BOOST = 0.5
GOTCHA_PREFIX = "gotchas_"
# "ValueError: message", or "ValueError:" with the message on the next, indented line.
ERROR = re.compile(r"\b(?P<type>[A-Z]\w*(?:Error|Exception)):[ \t]*(?P<message>[^\n]*)"
                   r"(?:\n[ \t]+(?P<next>[^\n]*))?")


def boost(meta: dict, shows_snippets: bool) -> None:
    """Set a page's `search: boost:` unless its front matter sets one."""
    if "Reference" in (meta.get("tags") or []):
        meta.setdefault("search", {}).setdefault("boost", REFERENCE_BOOST)
    elif shows_snippets:
        meta.setdefault("search", {}).setdefault("boost", CONCEPT_BOOST)


def topics(meta: dict) -> list[str]:
    """The topic words a page is the main page of (front matter ``topic:``, one or a list)."""
    topic = meta.get("topic") or []
    return [topic] if isinstance(topic, str) else list(topic)


def captured_errors(stdout: str) -> list[str]:
    """The first line of every error a snippet printed as ``Type: message``."""
    found = []
    for match in ERROR.finditer(stdout):
        message = match["message"].strip() or (match["next"] or "").strip()
        if message:
            found.append(f"{match['type']}: {message}")
    return list(dict.fromkeys(found))


def is_gotcha(path: str) -> bool:
    return posixpath.basename(path).startswith(GOTCHA_PREFIX)


def add_error_headings(markdown: str, stdout_of: dict[str, str]) -> str:
    """After each gotcha snippet's section text, a heading per error its run captured."""
    lines = markdown.splitlines()
    last_fence: dict[str, int] = {}
    for fence in formats.fences(markdown):
        for include in fence.includes:
            if is_gotcha(include.path):
                last_fence[include.path] = fence.end
    for path, end in sorted(last_fence.items(), key=lambda item: -item[1]):
        errors = captured_errors(stdout_of.get(path, ""))
        if not errors:
            continue
        at = next((n for n in range(end + 1, len(lines)) if re.match(r"#{1,3} ", lines[n])),
                  len(lines))
        block = []
        for error in errors:
            slug = re.sub(r"[^a-z0-9]+", "-", error.lower()).strip("-")[:60]
            block += [f"#### {markdown_text(error)} {{ #error-{slug} }}", "",
                      "This error was raised and caught by this gotcha's code when the site "
                      "was built: its Output box above prints it.", ""]
        lines[at:at] = block
    return "\n".join(lines) + "\n"


def adjust_index(index_file: Path, topics_by_url: dict[str, list[str]]) -> None:
    """Apply the ranking rules that Material's page boost cannot express (see the top)."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["config"]["fields"]["tags"]["boost"] = TAG_WEIGHT
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        if not anchor and topics_by_url.get(page):
            doc["tags"] = [*doc.get("tags", []), *topics_by_url[page]]
            doc["boost"] = TOPIC_BOOST
        elif anchor.startswith("error-"):
            doc["boost"] = ERROR_BOOST
    index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
